"""Writes for the supplier portal: the opportunity search index and saved searches."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import F, Q, Value
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from commissioning.models import Place
from core.errors import DomainError
from core.formatting import uk_datetime
from dialogue.models import OpportunityIndex, SavedSearch, ValueBand
from dialogue.search_page import opportunities_changed
from procurement.models import PUBLIC_STATUSES, Procedure, Tender, TenderStatus

# Published tenders stay findable (closed and awarded ones too, for transparency); drafts
# and cancelled tenders never are.
INDEXED_STATUSES = PUBLIC_STATUSES - {TenderStatus.CANCELLED}

# Our rule for "suitable for small organisations and VCSEs": a request for quotes, or an
# estimated value under this sum, which a small provider can usually deliver and bid for.
SMALL_ORGANISATION_VALUE_LIMIT = Decimal("200000")

VALUE_BANDS: list[tuple[Decimal, str]] = [
    (Decimal("25000"), ValueBand.UNDER_25K),
    (Decimal("100000"), ValueBand.UP_TO_100K),
    (Decimal("500000"), ValueBand.UP_TO_500K),
    (Decimal("2000000"), ValueBand.UP_TO_2M),
]


def is_indexed(tender: Tender) -> bool:
    """Whether a tender belongs in the opportunity search. A direct award never does: it
    is not an opportunity, since only the supplier it names may make an offer."""
    return tender.status in INDEXED_STATUSES and tender.procedure != Procedure.DIRECT_AWARD


def value_band_for(value: Decimal | None) -> str:
    """The band an estimated value falls in; bands include their upper bound."""
    if value is None:
        return ValueBand.NOT_GIVEN
    for upper, band in VALUE_BANDS:
        if value < upper:
            return band
    return ValueBand.OVER_2M


def suitable_for_small(*, value: Decimal | None, procedure: str) -> bool:
    if procedure == Procedure.BELOW_THRESHOLD:
        return True
    return value is not None and value < SMALL_ORGANISATION_VALUE_LIMIT


def specification_text(snapshot: dict[str, Any] | None) -> str:
    """The words of an issued specification: each section's body and its requirements."""
    parts: list[str] = []
    for section in (snapshot or {}).get("sections", []):
        parts.append(section.get("body") or "")
        parts.extend(
            requirement.get("text") or "" for requirement in section.get("requirements", [])
        )
    return "\n".join(part for part in parts if part)


def _place_ids_with_ancestors(place_ids: list[int]) -> list[int]:
    found = set(place_ids)
    frontier = set(place_ids)
    # Places nest at most four deep (authority, area, ward, neighbourhood).
    while frontier:
        parents = set(
            Place.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= parents
    return sorted(found)


@transaction.atomic
def opportunity_index_refresh(*, tender_id: int) -> OpportunityIndex | None:
    """Bring one tender's search row up to date; remove it when the tender is not public.

    Safe to call any number of times. Returns the row, or None when there is none.
    """
    tender = (
        Tender.objects.select_related("commission", "specification_version")
        .filter(pk=tender_id)
        .first()
    )
    if tender is None or not is_indexed(tender):
        removed, _ = OpportunityIndex.objects.filter(tender_id=tender_id).delete()
        if removed:
            opportunities_changed()
        return None
    commission = tender.commission
    now = timezone.now()
    existing = OpportunityIndex.objects.filter(tender_id=tender.pk).first()
    fields = {
        "organisation_id": tender.organisation_id,
        "title": tender.title,
        "summary": tender.summary,
        "mission_ids": sorted(commission.missions.values_list("pk", flat=True)),
        "place_ids": _place_ids_with_ancestors(
            list(commission.places.values_list("pk", flat=True))
        ),
        "spend_category": commission.spend_category,
        "estimated_value": tender.estimated_value,
        "value_band": value_band_for(tender.estimated_value),
        "submission_deadline": tender.submission_deadline,
        "procedure": tender.procedure,
        "status": tender.status,
        "suitable_for_small": suitable_for_small(
            value=tender.estimated_value, procedure=tender.procedure
        ),
        "indexed_at": now,
        "first_indexed_at": existing.first_indexed_at if existing else now,
    }
    row, _ = OpportunityIndex.objects.update_or_create(tender_id=tender.pk, defaults=fields)
    spec = specification_text(
        tender.specification_version.snapshot if tender.specification_version else None
    )
    OpportunityIndex.objects.filter(pk=row.pk).update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector(Value(spec), weight="C", config="english")
    )
    opportunities_changed()
    return row


def opportunity_index_sync(*, since: datetime.datetime | None = None) -> int:
    """Reindex tenders changed since they were last indexed, new ones, and removed ones.

    `since` narrows the scan to tenders updated after that moment. Returns how many
    tenders were refreshed.
    """
    changed = Tender.objects.filter(
        Q(status__in=INDEXED_STATUSES, opportunity_index__isnull=True)
        & ~Q(procedure=Procedure.DIRECT_AWARD)
        | Q(opportunity_index__indexed_at__lt=F("updated_at"))
        | Q(opportunity_index__indexed_at__lt=F("commission__updated_at"))
    )
    if since is not None:
        changed = changed.filter(updated_at__gt=since)
    tender_ids = set(changed.values_list("pk", flat=True))
    # A row whose tender went back out of public view (cancelled) is caught above through
    # updated_at; rows left by a status set without updated_at are swept here.
    tender_ids |= set(
        OpportunityIndex.objects.filter(
            ~Q(tender__status__in=INDEXED_STATUSES) | Q(procedure=Procedure.DIRECT_AWARD)
        ).values_list("tender_id", flat=True)
    )
    for tender_id in sorted(tender_ids):
        opportunity_index_refresh(tender_id=tender_id)
    return len(tender_ids)


# --- Saved searches ----------------------------------------------------------------------
def _clean_query_string(query_string: str) -> str:
    """The search's own parameters, without the page number, form fields or blank filters."""
    kept = QueryDict(mutable=True)
    for key, values in QueryDict(query_string).lists():
        if key in {"page", "name", "csrfmiddlewaretoken"}:
            continue
        for value in values:
            if value.strip():
                kept.appendlist(key, value)
    return kept.urlencode()[:1000]


@transaction.atomic
def saved_search_create(
    *, user: User, organisation: Organisation, name: str, query_string: str
) -> SavedSearch:
    """Save a search for a supplier member; each person's saved searches have unique names."""
    permissions.require(user, "saved_search.create", organisation)
    name = name.strip()
    if not name:
        raise DomainError("Enter a name for this search.")
    if SavedSearch.objects.filter(user=user, name__iexact=name).exists():
        raise DomainError("You already have a saved search with this name. Choose another name.")
    saved = SavedSearch.objects.create(
        user=user,
        organisation=organisation,
        name=name,
        query_string=_clean_query_string(query_string),
    )
    audit_record(actor=user, verb="saved search created", target=saved, organisation=organisation)
    return saved


@transaction.atomic
def saved_search_delete(*, saved_search: SavedSearch, by: User) -> None:
    """Delete a saved search. Only the person who saved it may."""
    if saved_search.user_id != by.pk:
        raise DomainError("You can only delete your own saved searches.")
    audit_record(
        actor=by,
        verb="saved search deleted",
        target=saved_search,
        organisation=saved_search.organisation,
    )
    saved_search.delete()


def saved_search_alerts_send(*, now: datetime.datetime | None = None) -> int:
    """Email each person about opportunities new since they saved a search that match it.

    Each opportunity is alerted once per saved search: the notification key is unique,
    so running the job twice sends nothing more. Returns how many alerts were sent.
    """
    from dialogue.selectors import OpportunityFilters, opportunities_search

    now = now or timezone.now()
    sent = 0
    for saved in SavedSearch.objects.select_related("user"):
        filters = OpportunityFilters.from_query_string(saved.query_string)
        matches = opportunities_search(filters=filters, now=now).filter(
            first_indexed_at__gte=saved.created_at
        )
        # At most 50 a day; any more are still new tomorrow and go then.
        for row in matches[:50]:
            notification = notification_send(
                recipient=saved.user,
                key=f"saved-search:{saved.pk}:{row.tender_id}",
                subject=f"New opportunity for “{saved.name}”: {row.title}",
                body=(
                    f"A new opportunity matches your saved search “{saved.name}”.\n\n"
                    f"{row.title}\nBid deadline: {uk_datetime(row.submission_deadline)}"
                ),
                url=reverse("procurement:tender_detail", args=[row.tender_id]),
            )
            sent += notification is not None
        SavedSearch.objects.filter(pk=saved.pk).update(last_checked_at=now)
    return sent
