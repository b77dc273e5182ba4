"""Forms for specification pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from commissioning.models import PublicComment, RequirementKind, SectionKind
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


class CommentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PublicComment) -> str:
        body = obj.body if len(obj.body) <= 160 else f"{obj.body[:157]}…"
        return f"{obj.display_name}: “{body}”"


class IssueVersionForm(forms.Form):
    change_note = forms.CharField(
        label="Change note",
        help_text="Say what changed since the last version and why. Bidders will read this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a change note that says what changed and why."},
    )
    answers = CommentChoiceField(
        label="Comments from the public this version answers (optional)",
        help_text="The public page shows each one beside your change note: what we heard, "
        "and what we changed.",
        queryset=PublicComment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, comments: QuerySet[PublicComment] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if comments is None:
            del self.fields["answers"]
        else:
            self.fields["answers"].queryset = comments


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
