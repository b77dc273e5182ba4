"""The search boxes and filters of the public pages, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.models import CommentPhase
from core.forms import ANY, record_filter, search_box
from home import selectors


class BuyingSearchForm(forms.Form):
    """What we buy: search by words, and filter by council, mission, place and provider type."""

    q = search_box(
        "Search",
        help_text="Search by words in the title, the summary, or the council's or provider's name",
    )
    show = forms.ChoiceField(label="Show", required=False, choices=selectors.SHOW_CHOICES)
    council = record_filter("Council")
    mission = record_filter("Mission")
    place = record_filter("Place", help_text="Work in this place or a place inside it")
    provider_type = forms.ChoiceField(
        label="Provider type",
        help_text="Who provides the service, from the type each provider gives",
        required=False,
        choices=ANY,
    )

    def __init__(
        self, *args: Any, options: dict[str, list[tuple[Any, str]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("council", "mission", "place"):
            self.fields[name].widget.choices = ANY + list(options[name])
        self.fields["provider_type"].choices = ANY + list(options["provider_type"])

    def filters(self) -> selectors.BuyingFilters:
        """The filters that were valid; a mistyped one is ignored and shown as an error."""
        self.is_valid()
        data = self.cleaned_data
        return selectors.BuyingFilters(
            q=(data.get("q") or "").strip(),
            show=data.get("show") or "",
            council=data.get("council"),
            mission=data.get("mission"),
            places=selectors.public_place_and_within(data.get("place")),
            provider_type=data.get("provider_type") or "",
        )


class AskingFilterForm(forms.Form):
    """The commissions asking for views: narrowed to one council or one phase."""

    council = record_filter("Council")
    phase = forms.ChoiceField(
        label="When", required=False, choices=ANY + list(CommentPhase.choices)
    )

    def __init__(self, *args: Any, councils: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].widget.choices = ANY + councils

    def values(self) -> dict[str, Any]:
        self.is_valid()
        return {
            "council": self.cleaned_data.get("council"),
            "phase": self.cleaned_data.get("phase") or "",
        }
