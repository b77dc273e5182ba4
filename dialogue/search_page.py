"""The opportunities page's search: its filters and results, kept as rendered HTML.

Everything the page shows about the search (the error summary, the filters with their
options, the results and their pages) depends only on the query string, the open rows of
the search index, the names of the buyers, missions and places they point to, and the
clock; never on who is looking. So it is drawn once per query string and kept in the
shared cache under a version of the index, and the page around it (the layout, and the
form to save a search, which needs a CSRF token and depends on the viewer) is drawn on
every request. A repeated search then costs one read of the shared cache and no query.

The version is a counter in the shared cache, bumped by `opportunities_changed()`:

- by `opportunity_index_refresh`, whenever a search row is written or removed, at once
  (so that the process that made the change sees it before it commits) and again when
  the transaction commits (a search drawn by another process in between read the old
  rows, and is kept under a version that is already gone);
- when a buyer, mission or place is saved or deleted (their names show);
- when a deadline passes, no counter is needed: each kept search remembers the soonest
  deadline of any open row when it was drawn and is drawn again once that moment comes.

The filter options (every buyer, mission, place and category in use) are kept under the
same version, so drawing a new search reads only the next deadline and its own rows.

Writing rows in bulk (bulk_create, queryset.update()) sends no signal: the data
generators bump the version themselves, and a kept search expires after KEPT_SECONDS
anyway. While Redis cannot be reached nothing is kept and every search is drawn; a change
made then cannot move the counter, so if Redis comes back with its data (a network fault
rather than a restart) a search kept before may be served until it expires.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import time
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest
from django.template.loader import get_template
from django.utils.safestring import SafeString

from dialogue import selectors
from dialogue.forms import OpportunitySearchForm
from dialogue.paging import capped_page_of

# How long a kept search lives, whatever happens: a bound on anything written in bulk.
KEPT_SECONDS = 600
# Query strings longer than any the form makes are drawn each time rather than kept.
LONGEST_KEPT_QUERY = 600
TEMPLATE = "dialogue/opportunity_list.html"
PARTS = ("opportunity-search-head", "opportunity-search-filters", "opportunity-search-results")


@dataclasses.dataclass(frozen=True)
class OpportunitySearch:
    """What the page shows about one search, drawn as HTML (see TEMPLATE's partials)."""

    search: str
    has_errors: bool
    head: SafeString
    filters: SafeString
    results: SafeString
    # The index version it was drawn under, and the moment it goes out of date because an
    # open row's deadline passes (None: no open row has a deadline to pass).
    version: int | None = None
    valid_until: datetime.datetime | None = None


def opportunity_search(request: HttpRequest, *, now: datetime.datetime) -> OpportunitySearch:
    """The search the request's query string asks for, from the shared cache when it was
    drawn under the current version and no deadline has passed since; drawn otherwise."""
    query_string = request.GET.urlencode()
    version_key = _version_key()
    search_key = kept_search_key(query_string)
    kept = cache.get_many([version_key, search_key])
    version = kept.get(version_key)
    if version is None and cache.add(version_key, time.time_ns(), timeout=None):
        version = cache.get(version_key)
    found = kept.get(search_key)
    if (
        isinstance(found, OpportunitySearch)
        and version is not None
        and found.version == version
        and (found.valid_until is None or now < found.valid_until)
    ):
        return found
    # The version was read before the rows: a search drawn from rows that change while it
    # is drawn is kept under a version that the change has already replaced.
    found = _draw(request, now=now, version=version)
    if version is not None and len(query_string) <= LONGEST_KEPT_QUERY:
        cache.set(search_key, found, timeout=KEPT_SECONDS)
    return found


def _draw(
    request: HttpRequest, *, now: datetime.datetime, version: int | None
) -> OpportunitySearch:
    valid_until = selectors.next_opportunity_deadline(now=now)
    options = selectors.opportunity_filter_options(
        version=None if version is None else f"{connection.settings_dict['NAME']}:{version}"
    )
    form = OpportunitySearchForm(request.GET or None, options=options)
    filters = form.filters() if request.GET else selectors.OpportunityFilters()
    page = capped_page_of(request, selectors.opportunities_search(filters=filters, now=now))
    context: dict[str, Any] = {"form": form, "filters": filters, "search": filters.q, "page": page}
    head, filters_html, results = (
        get_template(f"{TEMPLATE}#{part}").render(context, request) for part in PARTS
    )
    return OpportunitySearch(
        search=filters.q,
        has_errors=bool(form.errors),
        head=SafeString(head),
        filters=SafeString(filters_html),
        results=SafeString(results),
        version=version,
        valid_until=valid_until,
    )


def kept_search_key(query_string: str) -> str:
    """Where the search for this exact query string is kept (pagination links repeat the
    query string as given, so two spellings of one search are two searches)."""
    digest = hashlib.sha256(query_string.encode()).hexdigest()
    return f"opportunity-search:{connection.settings_dict['NAME']}:{digest}"


def _version_key() -> str:
    return f"opportunity-index-version:{connection.settings_dict['NAME']}"


def _bump() -> None:
    key = _version_key()
    try:
        cache.incr(key)
    except ValueError:  # the counter was lost: start again above every earlier value
        cache.set(key, time.time_ns(), timeout=None)


def forget_kept_searches() -> None:
    """A new version at once, so no search kept until now is served again."""
    _bump()


def opportunities_changed() -> None:
    """Something a kept search shows changed: a new version now, and again on commit."""
    _bump()
    # Once per transaction is enough (a savepoint rolled back takes its callback with it).
    if not any(callback is _bump for _, callback, _ in connection.run_on_commit):
        transaction.on_commit(_bump)
