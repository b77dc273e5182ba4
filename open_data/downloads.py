"""The open data CSVs: what councils bought, who won, the social value delivered and the
spend behind each mission, for anyone to download without signing in.

Public fields only, under the same rules as the public pages (home/public.py): contracts
of public bodies, missions that are not drafts, tender details once the tender was
published, social value counted from returns the council verified. Never a bid's
content, a losing bid's price, a contract manager or anyone's email address. Each file
is one query, streamed row by row (core/csv_export.py, which also makes every cell safe
to open in a spreadsheet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import OrganisationKind
from commissioning.selectors import public_missions
from contracts.models import Contract
from core.csv_export import csv_response
from core.financial_years import financial_year, financial_year_label
from procurement.models import Bid, BidStatus
from social_value.models import Commitment, ReturnStatus

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def _public_contracts() -> QuerySet[Contract]:
    return Contract.objects.filter(organisation__kind=OrganisationKind.PUBLIC_BODY)


def _page(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def _mission_titles() -> ArraySubquery:
    return ArraySubquery(
        public_missions().filter(contracts=OuterRef("pk")).order_by("title", "pk").values("title")
    )


# --- Contracts register ------------------------------------------------------------------
def contracts_rows() -> Iterator[list[object]]:
    contracts = (
        _public_contracts()
        .select_related("organisation", "provider", "tender")
        .annotate(mission_titles=_mission_titles())
        .order_by("organisation__name", "-start_date", "pk")
    )
    for contract in contracts.iterator(chunk_size=500):
        tender = contract.tender
        yield [
            contract.organisation.name,
            contract.title,
            contract.get_kind_display(),
            contract.get_status_display(),
            contract.provider_display,
            contract.provider.get_supplier_type_display() if contract.provider_id else "In-house",
            contract.value,
            contract.start_date.isoformat(),
            contract.end_date.isoformat(),
            "; ".join(contract.mission_titles),
            tender.reference if tender and tender.published_at else "",
            _page("home:public_contract", contract.pk),
        ]


# --- Awards --------------------------------------------------------------------------------
def awards_rows() -> Iterator[list[object]]:
    """Each contract that came from a tender (one per lot for a tender with lots), with
    the winner and how many bids the tender received; never a losing bid's price."""
    submitted = (
        Bid.objects.filter(tender=OuterRef("tender_id"), status=BidStatus.SUBMITTED)
        .order_by()
        .values("tender")
        .annotate(count=Count("pk"))
        .values("count")
    )
    contracts = (
        _public_contracts()
        .filter(tender__published_at__isnull=False)
        .select_related("organisation", "provider", "tender")
        .annotate(bids_received=Coalesce(Subquery(submitted), 0))
        .order_by("-created_at", "-pk")
    )
    for contract in contracts.iterator(chunk_size=500):
        tender = contract.tender
        yield [
            timezone.localdate(contract.created_at).isoformat(),
            contract.organisation.name,
            tender.reference,
            tender.title,
            tender.get_procedure_display(),
            contract.title,
            contract.provider_display,
            contract.provider.get_supplier_type_display() if contract.provider_id else "",
            contract.value,
            contract.start_date.isoformat(),
            contract.end_date.isoformat(),
            contract.bids_received,
            _page("procurement:tender_detail", tender.pk),
        ]


# --- Social value delivered --------------------------------------------------------------
def social_value_rows() -> Iterator[list[object]]:
    """Each promise on a council's contract, with the amount verified as delivered."""
    commitments = (
        Commitment.objects.filter(contract__organisation__kind=OrganisationKind.PUBLIC_BODY)
        .select_related("contract__organisation", "contract__provider", "measure")
        .annotate(
            delivered=Coalesce(
                Sum(
                    "returns__quantity_delivered",
                    filter=Q(returns__status=ReturnStatus.VERIFIED),
                ),
                ZERO,
            )
        )
        .order_by("contract__organisation__name", "contract__title", "contract_id", "pk")
    )
    for commitment in commitments.iterator(chunk_size=500):
        contract = commitment.contract
        yield [
            contract.organisation.name,
            contract.title,
            contract.provider_display,
            commitment.measure.get_theme_display(),
            commitment.measure.name,
            commitment.unit or commitment.measure.unit,
            commitment.quantity,
            commitment.delivered,
            _page("home:public_contract", contract.pk),
        ]


# --- Spend by mission -------------------------------------------------------------------------
def spend_by_mission_rows() -> Iterator[list[object]]:
    """For each public mission, the contracts serving it by the financial year they start
    in: how many and their total value. A contract serving two missions counts in both."""
    rows = (
        Contract.missions.through.objects.filter(
            mission__in=public_missions(),
            mission__organisation__kind=OrganisationKind.PUBLIC_BODY,
        )
        .annotate(year=financial_year("contract__start_date"))
        .values("mission_id", "mission__title", "mission__organisation__name", "year")
        .annotate(contracts=Count("contract_id"), total=Sum("contract__value"))
        .order_by("mission__organisation__name", "mission__title", "mission_id", "year")
    )
    for row in rows.iterator(chunk_size=500):
        yield [
            row["mission__organisation__name"],
            row["mission__title"],
            financial_year_label(row["year"]),
            row["contracts"],
            row["total"],
            _page("home:public_mission", row["mission_id"]),
        ]


# --- The files ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Download:
    slug: str
    title: str
    description: str
    header: list[str]
    rows: Callable[[], Iterator[list[object]]]

    @property
    def url_name(self) -> str:
        return f"open_data:{self.slug.replace('-', '_')}_csv"


DOWNLOADS: list[Download] = [
    Download(
        "contracts",
        "Contracts register",
        "Every contract councils have made: tendered contracts, in-house services, grants "
        "and partnerships. Who provides it, what it is worth, when it starts and ends, and "
        "the missions it serves.",
        [
            "Buyer",
            "Title",
            "Kind of agreement",
            "Status",
            "Provider",
            "Provider type",
            "Value (£)",
            "Start date",
            "End date",
            "Missions",
            "Tender reference",
            "Link",
        ],
        contracts_rows,
    ),
    Download(
        "awards",
        "Awards",
        "Each contract awarded from a tender: who won, for how much, and how many bids the "
        "tender received. The prices of bids that lost are never published.",
        [
            "Award date",
            "Buyer",
            "Tender reference",
            "Tender title",
            "Procedure",
            "Contract title",
            "Supplier",
            "Supplier type",
            "Value (£)",
            "Start date",
            "End date",
            "Bids received",
            "Link",
        ],
        awards_rows,
    ),
    Download(
        "social-value",
        "Social value delivered",
        "Each promise a provider made to give back to the area, such as apprenticeships or "
        "local jobs, and how much the council has checked as delivered.",
        [
            "Buyer",
            "Contract",
            "Provider",
            "Theme",
            "Measure",
            "Unit",
            "Promised",
            "Delivered and checked",
            "Link",
        ],
        social_value_rows,
    ),
    Download(
        "spend-by-mission",
        "Spend by mission",
        "For each council mission, the contracts that serve it by financial year (April "
        "to March): how many started and what they are worth.",
        ["Council", "Mission", "Financial year", "Contracts", "Value (£)", "Link"],
        spend_by_mission_rows,
    ),
]
BY_SLUG = {download.slug: download for download in DOWNLOADS}


@require_GET
def download_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    download = BY_SLUG[slug]
    filename = f"kindred-{download.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, download.header, download.rows())
