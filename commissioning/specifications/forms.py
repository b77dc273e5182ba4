"""Forms for specification pages."""

from __future__ import annotations

from django import forms

from commissioning.models import RequirementKind, SectionKind
from commissioning.specifications.services import COMMENT_MAX
from core.forms import limited_text


class SectionForm(forms.Form):
    heading = forms.CharField(
        label="Heading",
        max_length=200,
        error_messages={
            "required": "Enter a heading for the section.",
            "max_length": "The heading must be 200 characters or fewer.",
        },
    )
    body = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 8}))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class SectionAddForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of section is this?",
        choices=SectionKind.choices,
        widget=forms.RadioSelect,
    )
    heading = forms.CharField(
        label="Heading (optional)",
        max_length=200,
        required=False,
        help_text="Leave this empty to use the name of the kind of section.",
    )
    body = forms.CharField(
        label="Text (optional)", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class IssueVersionForm(forms.Form):
    change_note = forms.CharField(
        label="Change note",
        help_text="Say what changed since the last version and why. Bidders will read this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a change note that says what changed and why."},
    )


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of requirement",
        choices=RequirementKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of requirement."},
    )
    text = forms.CharField(
        label="Requirement",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the requirement."},
    )


class CommentForm(forms.Form):
    body = limited_text(
        "Comment",
        max_length=COMMENT_MAX,
        what="Your comment",
        error_messages={"required": "Enter your comment."},
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])
