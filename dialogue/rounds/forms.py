"""Forms for dialogue round pages. Rules live in the services; forms only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import Organisation
from commissioning.models import Requirement
from core import dates
from core.formatting import uk_datetime, uk_time, uk_weekday
from core.forms import limited_line, limited_text
from dialogue.models import MeetingSlot
from dialogue.rounds.services import MAX_WORD_LIMIT, MIN_WORD_LIMIT

UPLOAD_HINT = "Optional. PDF, Word, Excel, OpenDocument, PNG, JPEG, CSV or text. Up to 10MB."


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Requirement) -> str:
        return obj.text


class RoundForm(forms.Form):
    title = limited_line(
        "Title",
        max_length=200,
        hint="For example, “Delivery models and venues”",
        error_messages={"required": "Enter a title for the round"},
    )
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you will discuss and what you want bidders to bring.",
        error_messages={"required": "Enter the agenda for the round"},
    )
    topics = TopicChoiceField(
        queryset=Requirement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Topics: requirements open for dialogue",
        help_text="Choose the requirements of the specification this round will discuss.",
    )
    invited = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Invited bidders",
        help_text="Suppliers still taking part in the tender.",
        error_messages={"required": "Choose at least one bidder to invite"},
    )
    meetings_from = dates.DateField(label="First day of meetings")
    meetings_to = dates.DateField(label="Last day of meetings")
    outline_deadline = dates.DateTimeField(label="Deadline for outline solutions")
    outline_word_limit = forms.IntegerField(
        label="Word limit for outline solutions",
        min_value=MIN_WORD_LIMIT,
        max_value=MAX_WORD_LIMIT,
        initial=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the word limit",
            "invalid": "Enter the word limit as a whole number, like 1000",
            "min_value": f"The word limit must be {MIN_WORD_LIMIT} words or more",
            "max_value": f"The word limit must be {MAX_WORD_LIMIT:,} words or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        topics: QuerySet[Requirement],
        suppliers: QuerySet[Organisation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        self.fields["invited"].queryset = suppliers
        if not topics.exists():
            self.fields[
                "topics"
            ].help_text = "The specification has no requirements marked open for dialogue."


class SlotForm(forms.Form):
    starts_at = dates.DateTimeField(label="Start", subject="Start of the meeting")
    ends_at = dates.DateTimeField(label="End", subject="End of the meeting")
    location = forms.CharField(
        label="Place or online link",
        max_length=300,
        help_text="For example, “Room 2, Northbridge Town Hall” or a video call link",
        error_messages={"required": "Enter where the meeting is, or a link to join it online"},
    )


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: MeetingSlot) -> str:
        return (
            f"{uk_weekday(obj.starts_at)} {uk_datetime(obj.starts_at)} to {uk_time(obj.ends_at)}"
            f" at {obj.location}"
        )


class SlotBookingForm(forms.Form):
    slot = SlotChoiceField(
        queryset=MeetingSlot.objects.none(),
        widget=forms.RadioSelect,
        label="Choose a meeting time",
        empty_label=None,
        error_messages={
            "required": "Choose a meeting time",
            "invalid_choice": "That slot has just been taken. Choose another time.",
        },
    )

    def __init__(self, *args: Any, slots: QuerySet[MeetingSlot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots


class OutlineForm(forms.Form):
    text = forms.CharField(
        label="Your outline solution",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    upload = forms.FileField(label="Attach a file", required=False, help_text=UPLOAD_HINT)


class FeedbackForm(forms.Form):
    body = limited_text(
        "Private feedback",
        max_length=5000,
        what="Your feedback",
        rows=8,
        help_text="Only this bidder will read it, once the round has closed.",
        error_messages={"required": "Enter your feedback"},
    )


class CloseForm(forms.Form):
    summary = forms.CharField(
        label="Summary for all remaining bidders",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you heard and what happens next. Every remaining bidder reads this.",
        error_messages={"required": "Enter a summary of the round for the bidders"},
    )
    issue_version = forms.BooleanField(
        label="Issue a new version of the specification", required=False
    )
    change_note = forms.CharField(
        label="Change note (if you issue a new version)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Say what changed and what you learned in dialogue that led to it.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("issue_version") and not cleaned.get("change_note", "").strip():
            self.add_error(
                "change_note",
                "Enter a change note that says what changed and what you learned in dialogue",
            )
        return cleaned


class FinalSubmissionsForm(forms.Form):
    submission_deadline = dates.DateTimeField(label="Deadline for final bids")
