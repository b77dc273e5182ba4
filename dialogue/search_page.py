"""The opportunities page's search: its filters and results, kept as rendered HTML.

Everything the page shows about the search (the error summary, the filters with their
options, the results and their pages) depends only on the query string, the open rows of
the search index, the names of the buyers, missions and places they point to, and the
clock; never on who is looking. So it is drawn once and kept in the shared cache under a
version of the index, in two parts: the head and filters once for all the pages of a
search (its query string without `page`), and each page of results for its query string,
whatever the order of its parameters (`search_query`). The page around them (the
layout, and the form to save a search, which needs a CSRF token and depends on the viewer)
is drawn on every request. A repeated search costs one read of the shared cache and no
query; another page of it draws only its results.

The version is a counter in the shared cache (core/versioned_cache.py), moved on by
`opportunities_changed()` at once in the process that made the change (so that it sees
the change before it commits) and for every process when the change commits:

- by `opportunity_index_refresh`, whenever a search row is written or removed;
- when a buyer, mission or place is saved or deleted (their names show);
- when a deadline passes, no counter is needed: each kept page of results remembers the
  soonest deadline of any open row when it was drawn and is drawn again once that moment
  comes (the filters offer what open rows hold, whatever their deadline);
- when a release changes a template or the code that draws: the counter's key carries
  the release that drew them (core/release.py).

The filter options (every buyer, mission, place and category in use) are kept under the
same version, so drawing a new search reads only the next deadline and its own rows.

Writing rows in bulk (bulk_create, queryset.update()) sends no signal: the data
generators bump the version themselves, and a kept search expires after KEPT_SECONDS
anyway. While Redis cannot be reached nothing is kept and every search is drawn; a change
made then cannot move the counter, so if Redis comes back with its data (a network fault
rather than a restart) a search kept before may be served until it expires.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, QueryDict
from django.template.loader import get_template
from django.utils.safestring import SafeString

from core import versioned_cache
from dialogue import selectors
from dialogue.forms import OpportunitySearchForm
from dialogue.paging import capped_page_of

# How long a kept search lives, whatever happens: a bound on anything written in bulk.
KEPT_SECONDS = 600
# Query strings longer than any the form makes are drawn each time rather than kept.
LONGEST_KEPT_QUERY = 600
TEMPLATE = "dialogue/opportunity_list.html"
# The head (error summary, heading) and the filters are the same on every page of a
# search; the results are one page's.
FILTER_PARTS = ("opportunity-search-head", "opportunity-search-filters")
RESULTS_PART = "opportunity-search-results"
# The name of the version of the index everything kept here is drawn under.
VERSION_NAME = "opportunity-index"


@dataclasses.dataclass(frozen=True)
class OpportunitySearch:
    """What the page shows about one search, drawn as HTML (see TEMPLATE's partials)."""

    search: str
    has_errors: bool
    head: SafeString
    filters: SafeString
    results: SafeString


@dataclasses.dataclass(frozen=True)
class KeptFilters:
    """The head (error summary, heading) and the filters of a search: the same on each of
    its pages, so kept once for all of them."""

    search: str
    has_errors: bool
    head: SafeString
    filters: SafeString
    version: str | None


@dataclasses.dataclass(frozen=True)
class KeptResults:
    """One page of a search's results, and the moment it goes out of date because an open
    row's deadline passes (None: no open row has a deadline to pass)."""

    results: SafeString
    version: str | None
    valid_until: datetime.datetime | None


def opportunity_search(request: HttpRequest, *, now: datetime.datetime) -> OpportunitySearch:
    """The search the request's query string asks for, from the shared cache when it was
    drawn under the current version and no deadline has passed since; drawn otherwise."""
    filters_key, results_key = kept_search_keys(request.GET)
    version, kept = versioned_cache.current_version(VERSION_NAME, also=[filters_key, results_key])
    top = _current(kept.get(filters_key), KeptFilters, version=version, now=now)
    results = _current(kept.get(results_key), KeptResults, version=version, now=now)
    if top is None or results is None:
        # Drawn from the search as spelled one way, so that what is kept for it (its
        # pagination links repeat the query string) is the same whichever spelling drew it.
        spelled = copy.copy(request)
        spelled.GET = search_query(request.GET)
        # The version was read before the rows: a search drawn from rows that change while
        # it is drawn is kept under a version that the change has already replaced.
        drawn_top, drawn_results = _draw(
            spelled, now=now, version=version, top=top, results=results
        )
        if version is not None and len(request.GET.urlencode()) <= LONGEST_KEPT_QUERY:
            cache.set_many(
                {
                    key: part
                    for key, part, was in (
                        (filters_key, drawn_top, top),
                        (results_key, drawn_results, results),
                    )
                    if was is None
                },
                timeout=KEPT_SECONDS,
            )
        top, results = drawn_top, drawn_results
    return OpportunitySearch(
        search=top.search,
        has_errors=top.has_errors,
        head=top.head,
        filters=top.filters,
        results=results.results,
    )


def _current(found: Any, kind: type, *, version: str | None, now: datetime.datetime) -> Any:
    valid_until = getattr(found, "valid_until", None)
    if (
        isinstance(found, kind)
        and version is not None
        and found.version == version
        and (valid_until is None or now < valid_until)
    ):
        return found
    return None


def _draw(
    request: HttpRequest,
    *,
    now: datetime.datetime,
    version: str | None,
    top: KeptFilters | None,
    results: KeptResults | None,
) -> tuple[KeptFilters, KeptResults]:
    """Draw whichever part is missing: the head and filters, the results, or both."""
    options = selectors.opportunity_filter_options(
        version=None if version is None else f"{connection.settings_dict['NAME']}:{version}"
    )
    form = OpportunitySearchForm(request.GET or None, options=options)
    filters = form.filters() if request.GET else selectors.OpportunityFilters()
    context: dict[str, Any] = {"form": form, "filters": filters, "search": filters.q}
    if top is None:
        head, filters_html = (_render(part, context, request) for part in FILTER_PARTS)
        top = KeptFilters(
            search=filters.q,
            has_errors=bool(form.errors),
            head=head,
            filters=filters_html,
            version=version,
        )
    if results is None:
        valid_until = selectors.next_opportunity_deadline(now=now)
        context["page"] = capped_page_of(
            request, selectors.opportunities_search(filters=filters, now=now)
        )
        results = KeptResults(
            results=_render(RESULTS_PART, context, request),
            version=version,
            valid_until=valid_until,
        )
    return top, results


def _render(part: str, context: dict[str, Any], request: HttpRequest) -> SafeString:
    return SafeString(get_template(f"{TEMPLATE}#{part}").render(context, request))


def search_query(query: QueryDict) -> QueryDict:
    """The search a query string asks for, spelled one way: its parameters in the order of
    their names (the page last), each with its values in the order given, since the form
    reads the last of a repeated parameter's values (a different order, another search)."""
    spelled = QueryDict(mutable=True)
    for name, values in sorted(query.lists(), key=lambda item: (item[0] == "page", item[0])):
        spelled.setlist(name, values)
    return spelled


def kept_search_keys(query: QueryDict) -> tuple[str, str]:
    """Where a search's head and filters are kept (one for all its pages), and where its
    page of results is: the same for every spelling of the search (search_query)."""
    spelled = search_query(query)
    results_query = spelled.urlencode()
    spelled.pop("page", None)
    return (
        _key("opportunity-search-filters", spelled.urlencode()),
        _key("opportunity-search-results", results_query),
    )


def _key(kind: str, query_string: str) -> str:
    digest = hashlib.sha256(query_string.encode()).hexdigest()
    return f"{kind}:{connection.settings_dict['NAME']}:{digest}"


def _version_key() -> str:
    # A release starts a counter of its own, so it never serves what an earlier one kept.
    return versioned_cache.version_key(VERSION_NAME)


def forget_kept_searches() -> None:
    """A new version at once, so no search kept until now is served again."""
    versioned_cache.move_on(_version_key())


def opportunities_changed() -> None:
    """Something a kept search shows changed: a new version here at once, and for every
    process when the change commits (core/versioned_cache.py `changed`)."""
    versioned_cache.changed(VERSION_NAME)
