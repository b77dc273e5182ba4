"""The form for changing a published tender. The rules live in `procurement.changes`."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet

from commissioning.models import SpecificationVersion
from commissioning.plain_language.forms import check_as_you_type
from core import dates
from core.forms import limited_text
from procurement.changes import REASON_MAX
from procurement.forms import VersionChoiceField
from procurement.models import Tender


def _same_minute(a: datetime.datetime | None, b: datetime.datetime | None) -> bool:
    """The time box holds minutes, so a deadline shown and sent back unchanged arrives
    without its seconds: it is the same deadline."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


class TenderChangeForm(forms.Form):
    submission_deadline = dates.DateTimeField(label="Bid deadline")
    clarification_deadline = dates.DateTimeField(
        label="Deadline for questions (optional)",
        required=False,
        help_text="Leave empty to take questions until the bid deadline.",
    )
    reopen = forms.BooleanField(
        label="Reopen the tender to bids with the new bid deadline",
        required=False,
        help_text="The bid deadline has passed. Bids already submitted are kept.",
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Describe what you are buying in plain English.",
        error_messages={"required": "Enter a summary of the tender"},
    )
    specification_version = VersionChoiceField(
        queryset=SpecificationVersion.objects.none(),
        label="Specification version",
        help_text="Issue a new version on the specification page first to change the documents.",
        empty_label=None,
        error_messages={"required": "Choose a specification version"},
    )
    estimated_value = forms.DecimalField(
        label="Estimated value in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the estimated value as a number, like 250000"},
    )
    reason = limited_text(
        "Why are you making this change?",
        max_length=REASON_MAX,
        what="The reason",
        help_text="Every supplier taking part is sent this, and it is shown on the public page.",
        error_messages={"required": "Say why you are changing the tender"},
    )

    def __init__(
        self,
        *args: Any,
        tender: Tender,
        versions: QuerySet[SpecificationVersion],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "submission_deadline": tender.submission_deadline,
                "clarification_deadline": tender.clarification_deadline,
                "summary": tender.summary,
                "specification_version": tender.specification_version_id,
                "estimated_value": tender.estimated_value,
            },
        )
        super().__init__(*args, **kwargs)
        self.tender = tender
        self.fields["specification_version"].queryset = versions
        check_as_you_type(self.fields["summary"].widget)
        if not tender.deadline_passed:
            del self.fields["reopen"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name in ("submission_deadline", "clarification_deadline"):
            if name in cleaned and _same_minute(cleaned[name], getattr(self.tender, name)):
                cleaned[name] = getattr(self.tender, name)
        return cleaned
