"""Forms for the supplier portal."""

from __future__ import annotations

from typing import Any

from django import forms

from core import dates
from core.forms import ANY, QuickSelect, limited_line, record_filter, search_box
from dialogue.models import ValueBand
from dialogue.selectors import OpportunityFilters
from procurement.models import Procedure


class OpportunitySearchForm(forms.Form):
    """The search box and filters of the opportunities page, read from the query string."""

    q = search_box(
        "Search opportunities",
        help_text="Search by words in the title, summary or specification",
    )
    organisation = record_filter("Buying organisation")
    mission = record_filter("Mission")
    place = record_filter("Place")
    category = forms.CharField(label="Category", required=False, max_length=120, widget=QuickSelect)
    value_band = forms.ChoiceField(
        label="Estimated value", required=False, choices=ANY + ValueBand.choices
    )
    deadline_before = dates.DateField(label="Bid deadline before", subject="Date", required=False)
    procedure = forms.ChoiceField(
        label="Procedure",
        required=False,
        # A direct award is not an opportunity: it never appears in the search.
        choices=ANY + [c for c in Procedure.choices if c[0] != Procedure.DIRECT_AWARD],
    )
    small = forms.BooleanField(
        label="Suitable for small organisations and voluntary groups",
        help_text="A request for quotes, or an estimated value under £200,000",
        required=False,
    )

    def __init__(
        self, *args: Any, options: dict[str, list[tuple[Any, str]]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (options or {}).items():
            self.fields[name].widget.choices = ANY + list(choices)

    def filters(self) -> OpportunityFilters:
        """The filters that were valid; a mistyped one is ignored and shown as an error."""
        self.is_valid()
        data = self.cleaned_data
        return OpportunityFilters(
            q=(data.get("q") or "").strip(),
            organisation=data.get("organisation"),
            mission=data.get("mission"),
            place=data.get("place"),
            category=data.get("category") or "",
            value_band=data.get("value_band") or "",
            deadline_before=data.get("deadline_before"),
            procedure=data.get("procedure") or "",
            small=bool(data.get("small")),
        )


class SavedSearchForm(forms.Form):
    name = limited_line(
        "Name this search",
        hint="For example, food projects in Northbridge",
        max_length=100,
        error_messages={"max_length": "The name must be 100 characters or fewer"},
    )
