"""The learning search page's box and filters, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms

from core import dates
from core.forms import ANY, record_filter
from learning.models import LessonKind
from learning.search import Filters


class LessonSearchForm(forms.Form):
    q = forms.CharField(
        label="What are you working on?",
        help_text="Describe the problem or the service in your own words",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Your search must be 2,000 characters or fewer"},
    )
    mission = record_filter("Mission", widget=forms.Select)
    place = record_filter("Place", widget=forms.Select)
    kind = forms.ChoiceField(label="Kind", required=False, choices=ANY + LessonKind.choices)
    date_from = dates.DateField(label="From", subject="Start date", required=False)
    date_to = dates.DateField(label="To", subject="End date", required=False)
    did_not_work = forms.BooleanField(label="Only what did not work", required=False)

    def __init__(
        self, *args: Any, options: dict[str, list[tuple[Any, str]]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (options or {}).items():
            self.fields[name].widget.choices = ANY + list(choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return data

    def filters(self) -> Filters:
        """The filters that were valid; a mistyped one is ignored and shown as an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return Filters(
            mission_id=data.get("mission"),
            place_id=data.get("place"),
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            did_not_work=bool(data.get("did_not_work")),
        )
