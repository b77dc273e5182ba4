"""Reads for the supplier portal: opportunity search, its filter options, saved searches."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import F, Func, QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict

from accounts.models import Organisation, User
from commissioning.models import Mission, Place
from core.release import release_digest
from dialogue.models import OpportunityIndex, SavedSearch
from procurement.models import OPEN_FOR_BIDS, Procedure, TenderStatus

# Tenders a supplier can still take part in, including those in a dialogue round.
OPPORTUNITY_STATUSES = OPEN_FOR_BIDS | {TenderStatus.DIALOGUE}
SEARCH_CONFIG = "english"
# A safety net only: the cache key changes whenever an open row or a name shown does.
FILTER_OPTIONS_SECONDS = 600


@dataclasses.dataclass(frozen=True)
class OpportunityFilters:
    """What a supplier searches for: words plus any of the filters on the page."""

    q: str = ""
    organisation: int | None = None
    mission: int | None = None
    place: int | None = None
    category: str = ""
    value_band: str = ""
    deadline_before: datetime.date | None = None
    procedure: str = ""
    small: bool = False

    @classmethod
    def from_query_string(cls, query_string: str) -> OpportunityFilters:
        """Filters from a saved query string, read through the same form as the page."""
        from dialogue.forms import OpportunitySearchForm

        return OpportunitySearchForm(QueryDict(query_string)).filters()

    @property
    def is_empty(self) -> bool:
        return self == OpportunityFilters()


def opportunities_search(
    *, filters: OpportunityFilters, now: datetime.datetime
) -> QuerySet[OpportunityIndex]:
    """Open opportunities matching the words and filters, best match first.

    Words are read as a web search (quotes for phrases, "or", a minus to exclude) and
    ranked with title matches above summary matches above specification text. Without
    words, the soonest deadline comes first.
    """
    # A direct award is never indexed; excluded here too so that a stale row cannot show.
    rows = (
        OpportunityIndex.objects.filter(
            status__in=OPPORTUNITY_STATUSES, submission_deadline__gt=now
        )
        .exclude(procedure=Procedure.DIRECT_AWARD)
        .select_related("organisation")
    )
    if filters.organisation:
        rows = rows.filter(organisation_id=filters.organisation)
    if filters.mission:
        rows = rows.filter(mission_ids__contains=[filters.mission])
    if filters.place:
        rows = rows.filter(place_ids__contains=[filters.place])
    if filters.category:
        rows = rows.filter(spend_category=filters.category)
    if filters.value_band:
        rows = rows.filter(value_band=filters.value_band)
    if filters.deadline_before:
        rows = rows.filter(submission_deadline__date__lt=filters.deadline_before)
    if filters.procedure:
        rows = rows.filter(procedure=filters.procedure)
    if filters.small:
        rows = rows.filter(suitable_for_small=True)
    if filters.q:
        query = SearchQuery(filters.q, search_type="websearch", config=SEARCH_CONFIG)
        return (
            rows.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "submission_deadline", "pk")
        )
    if filters.organisation or filters.mission or filters.place:
        # These filters pick a few rows through their own indexes; ordering by a plain
        # column would tempt PostgreSQL to walk the deadline index past thousands of
        # other buyers' tenders instead. Sorting an expression keeps their index in use.
        return rows.order_by(Coalesce("submission_deadline", "submission_deadline"), "pk")
    return rows.order_by("submission_deadline", "pk")


def next_opportunity_deadline(*, now: datetime.datetime) -> datetime.datetime | None:
    """The next moment an open row stops being open because its deadline passes."""
    return (
        OpportunityIndex.objects.filter(
            status__in=OPPORTUNITY_STATUSES, submission_deadline__gt=now
        )
        .order_by("submission_deadline")
        .values_list("submission_deadline", flat=True)
        .first()
    )


def opportunity_filter_options(*, version: str | None) -> dict[str, list[tuple[Any, str]]]:
    """The choices each filter offers: only buyers, missions, places and categories in use.

    Read from the open rows of the search index alone (missions from its `mission_ids`),
    and cached under `version`, the version of the index and of the names it points to
    (dialogue/search_page.py), so any reindexing shows at once; read afresh without one.
    """
    open_rows = OpportunityIndex.objects.filter(status__in=OPPORTUNITY_STATUSES)
    if version is None:
        return _filter_options(open_rows)
    key = f"opportunity-filter-options:{release_digest()}:{version}"
    options = cache.get(key)
    if options is None:
        options = _filter_options(open_rows)
        cache.set(key, options, timeout=FILTER_OPTIONS_SECONDS)
    return options


def _filter_options(open_rows: QuerySet[OpportunityIndex]) -> dict[str, list[tuple[Any, str]]]:
    organisations = Organisation.objects.filter(
        pk__in=open_rows.values("organisation_id")
    ).order_by("name")
    mission_ids = open_rows.annotate(mission_id=Func(F("mission_ids"), function="unnest")).values(
        "mission_id"
    )
    missions = (
        Mission.objects.filter(pk__in=mission_ids)
        .select_related("organisation")
        .order_by("title", "pk")
    )
    places = Place.objects.filter(organisation_id__in=open_rows.values("organisation_id")).order_by(
        "name", "pk"
    )
    categories = (
        open_rows.exclude(spend_category="")
        .order_by("spend_category")
        .values_list("spend_category", flat=True)
        .distinct()
    )
    return {
        "organisation": [(o.pk, o.name) for o in organisations],
        "mission": [(m.pk, f"{m.title} ({m.organisation.name})") for m in missions],
        "place": [(p.pk, p.name) for p in places],
        "category": [(c, c) for c in categories],
    }


def saved_searches_for(*, user: User) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user).select_related("organisation")
