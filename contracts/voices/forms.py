"""Forms for asking people who use the service, and for their answer. They parse input;
contracts/voices/services.py holds the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from contracts.models import UserDimension
from contracts.voices.services import VOICE_STORY_MAX
from core.forms import limited_text

# Plain words for each number, read out by screen readers as part of the label.
VOICE_SCORE_CHOICES = [
    ("5", "5 - very much"),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", "1 - not at all"),
]


class InviteVoicesForm(forms.Form):
    emails = forms.CharField(
        label="Email addresses of people who use the service",
        help_text=(
            "One address a line. Each person gets their own link, which works once. "
            "We keep the addresses only until the emails are sent."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false"}),
        error_messages={"required": "Enter at least one email address."},
    )


class VoiceForm(forms.Form):
    story = limited_text(
        "How is it going for you?",
        max_length=VOICE_STORY_MAX,
        what="Your story",
        rows=6,
        required=False,
        help_text="Tell us in your own words. What helps? What could be better?",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in UserDimension.choices:
            self.fields[value] = forms.ChoiceField(
                label=f"“{label}”. How much do you agree?",
                choices=VOICE_SCORE_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                help_text="5 means very much, 1 means not at all.",
                error_messages={"required": f"Choose a number for “{label}”."},
            )
        self.fields["share_publicly"] = forms.BooleanField(
            label="You can show my story on the council's public website",
            help_text="We never show your name. If you do not tick this, only the council "
            "and the provider will read it.",
            required=False,
        )

    def ratings(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {
            value: int(data[value]) if data.get(value) else None for value in UserDimension.values
        }

    def rating_fields(self) -> list:
        return [self[value] for value in UserDimension.values]
