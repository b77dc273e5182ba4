"""Reads for tender and bid pages, with the related rows each page shows loaded up front."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from accounts.models import Organisation
from commissioning.models import Commission, SpecificationVersion
from procurement.models import Bid, BidStatus, Tender


def tenders_for_buyer(organisation: Organisation) -> QuerySet[Tender]:
    """A buyer's tenders, newest deadline first, with how many bids were submitted."""
    return (
        Tender.objects.filter(organisation=organisation)
        .select_related("commission")
        .annotate(submitted_bids=Count("bids", filter=Q(bids__status=BidStatus.SUBMITTED)))
        .order_by("-submission_deadline", "-pk")
    )


def tender_get(pk: int) -> Tender | None:
    return (
        Tender.objects.select_related(
            "organisation", "commission", "specification_version", "bids_opened_by"
        )
        .prefetch_related("questions")
        .filter(pk=pk)
        .first()
    )


def submitted_bid_count(tender: Tender) -> int:
    """How many bids are in. The only fact about bids a buyer sees before opening."""
    return tender.bids.filter(status=BidStatus.SUBMITTED).count()


def opened_bids(tender: Tender) -> list[Bid]:
    """The submitted bids of a tender; each carries its tender so permission checks are free."""
    bids = list(
        tender.bids.filter(status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("supplier__name")
    )
    for bid in bids:
        bid.tender = tender
    return bids


def bid_for_supplier(tender: Tender, supplier: Organisation) -> Bid | None:
    bid = Bid.objects.filter(tender=tender, supplier=supplier).prefetch_related("answers").first()
    if bid is not None:
        bid.tender = tender
    return bid


def bid_get(pk: int) -> Bid | None:
    return (
        Bid.objects.select_related("tender__organisation", "supplier", "submitted_by")
        .prefetch_related("answers__question", "tender__questions")
        .filter(pk=pk)
        .first()
    )


def bids_for_supplier(organisation: Organisation) -> QuerySet[Bid]:
    return Bid.objects.filter(supplier=organisation).select_related("tender__organisation")


def issued_versions_for(commission: Commission) -> QuerySet[SpecificationVersion]:
    """The issued versions of a commission's specification, newest first."""
    return SpecificationVersion.objects.filter(specification__commission=commission).order_by(
        "-number"
    )
