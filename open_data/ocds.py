"""OCDS 1.1 releases built from the records Kindred keeps, for every public contracting
process, with only what the public may read.

Three kinds of process, each with an `ocid` that never changes
(`KINDRED_OCID_PREFIX-<kind>-<primary key>`):

- `tender-N`: a published tender (every status but draft). Its releases: planning (the
  commission), tender (the tender notice, UK4, or the transparency notice of a direct award,
  UK5), one tenderAmendment per published change and per later specification version,
  tenderCancellation (UK12), one award per decision (the contract award notice, UK6, for
  the tender or each lot), and for each contract entered: contract (UK7), contractAmendment
  per change (UK10), implementation per KPI reading, verified social value return and
  performance assessment (UK9), contractTermination when ended early.
- `contract-N`: a contract let by competition before Kindred (kind "tendered" with no
  tender here): award, contract and what followed.
- `engagement-N`: a preliminary market engagement (UK2), open or closed: a planning
  process; the tender that follows names it in `relatedProcesses`.

What is never read: bid answers, scores and feedback, the prices of bids that did not win,
outline solutions, private clarifications and messages, drafts, evidence and notes behind
returns and readings, people. Bid statistics are counts by supplier type only, once the bids
are opened.

Reads are batched: processes are read a chunk at a time (keyset pages of `CHUNK` rows)
with every related record prefetched, so the number of queries grows with the number of
chunks, not of processes, and memory holds one chunk.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, QuerySet, Sum
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from accounts.models import AuditEvent, Organisation, OrganisationKind, SupplierType
from commissioning.models import SpecificationVersion
from contracts.models import (
    Contract,
    ContractKind,
    ContractStatus,
    Kpi,
    KpiRating,
    KpiReading,
    Modification,
    PerformanceAssessment,
)
from dialogue.models import EngagementStatus, MarketEngagement
from procurement.models import (
    AwardNotice,
    AwardNoticeSupplier,
    Bid,
    BidLot,
    BidStatus,
    Criterion,
    CriterionKind,
    Lot,
    LotStatus,
    PriceLine,
    Procedure,
    Tender,
    TenderChange,
    TenderStatus,
)
from social_value.models import Commitment, DeliveryReturn, ReturnStatus

CHUNK = 200
CURRENCY = "GBP"
LICENSE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
PUBLIC_ENGAGEMENT_STATUSES = (EngagementStatus.OPEN, EngagementStatus.CLOSED)
SME_TYPES = frozenset({SupplierType.MICRO, SupplierType.SMALL, SupplierType.MEDIUM})
VCSE_TYPES = frozenset(
    {SupplierType.CHARITY, SupplierType.SOCIAL_ENTERPRISE, SupplierType.COOPERATIVE}
)
# An SME has fewer than 250 staff (the UK definition the UK extension quotes).
SME_STAFF_LIMIT = 250
WHOLE_TENDER_LOT = "1"
WHOLE_TENDER_AWARD = "award-1"


# --- Notices ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoticeType:
    code: str
    name: str
    document_type: str
    explanation: str


NOTICE_TYPES: dict[str, NoticeType] = {
    notice.code: notice
    for notice in (
        NoticeType(
            "UK2",
            "Preliminary market engagement notice",
            "marketEngagementNotice",
            "The council is talking to possible suppliers before it decides what to buy.",
        ),
        NoticeType(
            "UK4",
            "Tender notice",
            "tenderNotice",
            "The council invites suppliers to bid for a contract.",
        ),
        NoticeType(
            "UK5",
            "Transparency notice",
            "tenderNotice",
            "The council plans to award a contract to one supplier without a competition, "
            "and says why the law allows it.",
        ),
        NoticeType(
            "UK6",
            "Contract award notice",
            "awardNotice",
            "The council has decided who should get the contract. A standstill period "
            "follows before the contract is signed.",
        ),
        NoticeType(
            "UK7",
            "Contract details notice",
            "contractNotice",
            "The council has entered into the contract.",
        ),
        NoticeType(
            "UK9",
            "Contract performance notice",
            "implementationNotice",
            "How the supplier performed against the contract's key performance indicators.",
        ),
        NoticeType(
            "UK10",
            "Contract change notice",
            "contractNotice",
            "The contract has been changed.",
        ),
        NoticeType(
            "UK12",
            "Procurement termination notice",
            "tenderCancellationNotice",
            "The council has stopped this procurement and will not award a contract from it.",
        ),
        NoticeType(
            "UK14",
            "Contract termination notice",
            "contractTerminationNotice",
            "The contract has ended early.",
        ),
    )
}


# --- Identifiers, dates and amounts ----------------------------------------------------------
OCID_KINDS = ("tender", "contract", "engagement")
_OCID = re.compile(
    r"^(?P<prefix>ocds-[a-z0-9]{6})-(?P<kind>tender|contract|engagement)-(?P<pk>\d+)$"
)
_RELEASE = re.compile(
    r"^(?P<ocid>ocds-[a-z0-9]{6}-(?:tender|contract|engagement)-\d+)-(?P<rest>.+)$"
)


def ocid_for(kind: str, pk: int) -> str:
    return f"{settings.KINDRED_OCID_PREFIX}-{kind}-{pk}"


def parse_ocid(ocid: str) -> tuple[str, int] | None:
    """(kind, primary key) of one of this installation's ocids, or None."""
    match = _OCID.match(ocid)
    if not match or match["prefix"] != settings.KINDRED_OCID_PREFIX:
        return None
    return match["kind"], int(match["pk"])


def ocid_of_release(release_id: str) -> str | None:
    match = _RELEASE.match(release_id)
    return match["ocid"] if match else None


def iso(value: datetime.datetime | datetime.date | None, *, end: bool = False) -> str | None:
    """ISO 8601 with the UK offset of the moment (+00:00 or +01:00). A date is the start
    of that day, or its last second for the end of a period."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        time = datetime.time(23, 59, 59) if end else datetime.time(0)
        value = datetime.datetime.combine(value, time, tzinfo=timezone.get_current_timezone())
    return timezone.localtime(value).isoformat(timespec="seconds")


def amount(value: Decimal | None) -> dict[str, Any] | None:
    if value is None:
        return None
    number = int(value) if value == value.to_integral_value() else float(value)
    return {"amount": number, "currency": CURRENCY}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def notice_url(release_id: str) -> str:
    before, after = _notice_path(get_script_prefix())
    return absolute(f"{before}{release_id}{after}")


@functools.lru_cache(maxsize=4)
def _notice_path(script_prefix: str) -> tuple[str, str]:
    """The notice page's path around its release id, reversed once (per script prefix):
    a bulk export names a notice in most of its releases, and `reverse` is slow."""
    path = reverse("open_data:notice", args=[_RELEASE_PLACEHOLDER])
    before, after = path.split(_RELEASE_PLACEHOLDER)
    return before, after


_RELEASE_PLACEHOLDER = "release-id-placeholder"


# Drop empty values, as OCDS asks (no nulls, empty strings, lists or objects). A bulk export
# passes every value of every release through these two: they recurse only into objects and
# arrays and test each scalar where it stands.
def _compact_object(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {}
    for key, value in data.items():
        kind = type(value)
        if kind is dict:
            value = _compact_object(value)
            if not value:
                continue
        elif kind is list:
            value = _compact_array(value)
            if not value:
                continue
        elif value is None or value == "":
            continue
        cleaned[key] = value
    return cleaned


def _compact_array(data: list[Any]) -> list[Any]:
    cleaned = []
    for value in data:
        kind = type(value)
        if kind is dict:
            value = _compact_object(value)
            if not value:
                continue
        elif kind is list:
            value = _compact_array(value)
            if not value:
                continue
        elif value is None or value == "":
            continue
        cleaned.append(value)
    return cleaned


# --- Parties ---------------------------------------------------------------------------------
def organisation_identifier(organisation: Organisation) -> dict[str, str] | None:
    """The register that identifies the organisation, in org-id.guide's schemes: Companies
    House first, else the charity regulator its number belongs to (Scotland's numbers
    start with SC, Northern Ireland's with NIC or NI)."""
    if organisation.company_number:
        return {"scheme": "GB-COH", "id": organisation.company_number.strip().upper()}
    number = organisation.charity_number.strip().upper()
    if not number:
        return None
    if number.startswith("SC"):
        return {"scheme": "GB-SC", "id": number}
    if number.startswith("NI"):
        return {"scheme": "GB-NIC", "id": number.removeprefix("NIC").removeprefix("NI")}
    return {"scheme": "GB-CHC", "id": number}


def party_id(organisation: Organisation) -> str:
    return _party_card(organisation)[0]


def _details(organisation: Organisation) -> dict[str, Any]:
    if organisation.kind == OrganisationKind.PUBLIC_BODY:
        return {}
    details: dict[str, Any] = {"vcse": organisation.supplier_type in VCSE_TYPES}
    if organisation.supplier_type in SME_TYPES:
        details["scale"] = "sme"
    elif organisation.supplier_type == SupplierType.LARGE:
        details["scale"] = "large"
    elif organisation.staff_count is not None:
        details["scale"] = "sme" if organisation.staff_count < SME_STAFF_LIMIT else "large"
    return details


def _party_card(organisation: Organisation) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The organisation's party id, and its compact party fields before and after its
    roles: worked out once for each organisation read, as a bulk export names the same
    buyer and suppliers in release after release."""
    card = organisation.__dict__.get("_ocds_party")
    if card is None:
        identifier = organisation_identifier(organisation)
        key = (
            f"{identifier['scheme']}-{identifier['id']}"
            if identifier
            else f"{settings.KINDRED_OCID_PREFIX}-org-{organisation.pk}"
        )
        before = _compact_object(
            {
                "id": key,
                "name": organisation.name,
                "identifier": {**identifier, "legalName": organisation.name}
                if identifier
                else None,
                "address": (
                    {"postalCode": organisation.postcode, "countryName": "United Kingdom"}
                    if organisation.postcode
                    else None
                ),
            }
        )
        after = _compact_object({"details": _details(organisation)})
        card = organisation.__dict__["_ocds_party"] = (key, before, after)
    return card


class Parties:
    """The organisations a release names, each once, with every role it plays there."""

    def __init__(self) -> None:
        self._cards: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._roles: dict[str, list[str]] = {}

    def add(self, organisation: Organisation, *roles: str) -> dict[str, str]:
        key, before, after = _party_card(organisation)
        if key not in self._cards:
            self._cards[key] = (before, after)
            self._roles[key] = []
        played = self._roles[key]
        for role in roles:
            if role not in played:
                played.append(role)
        return {"id": key, "name": organisation.name}

    def as_list(self) -> list[dict[str, Any]]:
        """The parties, compact (as `_compact` would leave them)."""
        return [
            {**before, **({"roles": list(self._roles[key])} if self._roles[key] else {}), **after}
            for key, (before, after) in self._cards.items()
        ]


# --- Releases --------------------------------------------------------------------------------
@dataclass
class Process:
    ocid: str
    title: str
    releases: list[dict[str, Any]] = field(default_factory=list)


def _release(
    ocid: str,
    suffix: str,
    date: str | None,
    tags: list[str],
    buyer: Organisation,
    parties: Parties,
    **sections: Any,
) -> dict[str, Any]:
    buyer_reference = parties.add(buyer, "buyer", "procuringEntity")
    head = {"ocid": ocid, "id": f"{ocid}-{suffix}", "date": date, "tag": tags}
    # The parties are compact already; the rest is compacted here.
    return {
        **_compact_object(head),
        "initiationType": "tender",
        "language": "en",
        "parties": parties.as_list(),
        **_compact_object({"buyer": buyer_reference, **sections}),
    }


def _notice(
    release_suffix: str, ocid: str, code: str, title: str, date: str | None, **extra: Any
) -> dict[str, Any]:
    notice = NOTICE_TYPES[code]
    release_id = f"{ocid}-{release_suffix}"
    return {
        "id": f"notice-{code}-{release_suffix}",
        "documentType": notice.document_type,
        "noticeType": code,
        "title": f"{notice.name}: {title}",
        "description": notice.explanation,
        "url": notice_url(release_id),
        "datePublished": date,
        "format": "text/html",
        "language": "en",
        **extra,
    }


METHODS = {
    Procedure.OPEN: ("open", "Open procedure"),
    Procedure.COMPETITIVE_FLEXIBLE: ("selective", "Competitive flexible procedure"),
    Procedure.BELOW_THRESHOLD: ("open", "Below threshold: request for quotes"),
    Procedure.DIRECT_AWARD: ("direct", "Direct award"),
}


@dataclass
class ChunkData:
    """What a chunk of processes needs besides its prefetched rows, read in a few
    queries for the whole chunk."""

    bid_counts: dict[tuple[int, int | None], dict[str, int]] = field(default_factory=dict)
    winning_totals: dict[tuple[int, int | None], Decimal] = field(default_factory=dict)
    cancelled_at: dict[int, datetime.datetime] = field(default_factory=dict)
    terminated_at: dict[int, datetime.datetime] = field(default_factory=dict)


def _events(model: type, ids: list[int], verb: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(model),
        target_id__in=[str(pk) for pk in ids],
        verb=verb,
    ).order_by("created_at", "pk")


def _tally(counts: dict[str, int], status: str, supplier_type: str, n: int) -> None:
    counts["bids"] = counts.get("bids", 0) + n
    if status == BidStatus.SUBMITTED:
        counts["finalStageBids"] = counts.get("finalStageBids", 0) + n
        if supplier_type in SME_TYPES:
            counts["smeFinalStageBids"] = counts.get("smeFinalStageBids", 0) + n
        if supplier_type in VCSE_TYPES:
            counts["vcseFinalStageBids"] = counts.get("vcseFinalStageBids", 0) + n


def _termination_dates(contract_ids: list[int]) -> dict[int, datetime.datetime]:
    ended: dict[int, datetime.datetime] = {}
    for event in _events(Contract, contract_ids, "status"):
        status = event.changes.get("status")
        if isinstance(status, list) and status and status[-1] == ContractStatus.TERMINATED:
            ended[int(event.target_id)] = event.created_at
    return ended


def tender_chunk_data(tenders: list[Tender]) -> ChunkData:
    data = ChunkData()
    opened = [t.pk for t in tenders if t.bids_opened_at is not None]
    received = (BidStatus.SUBMITTED, BidStatus.EXCLUDED)
    for row in (
        Bid.objects.filter(tender_id__in=opened, status__in=received)
        .values("tender_id", "status", "supplier__supplier_type")
        .annotate(n=Count("pk"))
    ):
        counts = data.bid_counts.setdefault((row["tender_id"], None), {})
        _tally(counts, row["status"], row["supplier__supplier_type"], row["n"])
    for row in (
        BidLot.objects.filter(lot__tender_id__in=opened, bid__status__in=received)
        .values("lot__tender_id", "lot_id", "bid__status", "bid__supplier__supplier_type")
        .annotate(n=Count("pk"))
    ):
        counts = data.bid_counts.setdefault((row["lot__tender_id"], row["lot_id"]), {})
        _tally(counts, row["bid__status"], row["bid__supplier__supplier_type"], row["n"])
    # Only the winners' prices, and only where no contract gives the value yet.
    winners: dict[int, tuple[int, int | None]] = {}
    for tender in tenders:
        if tender.winning_bid_id and not tender.lot_list:
            winners[tender.winning_bid_id] = (tender.pk, None)
        for lot in tender.lot_list:
            if lot.winning_bid_id:
                winners.setdefault(lot.winning_bid_id, (tender.pk, lot.pk))
    for row in (
        PriceLine.objects.filter(bid_id__in=list(winners))
        .values("bid_id", "lot_id")
        .annotate(total=Sum(F("quantity") * F("unit_price")))
    ):
        tender_pk, lot_pk = winners[row["bid_id"]]
        if lot_pk is None or row["lot_id"] in (None, lot_pk):
            key = (tender_pk, lot_pk)
            data.winning_totals[key] = data.winning_totals.get(key, Decimal(0)) + row["total"]
    cancelled = [t.pk for t in tenders if t.status == TenderStatus.CANCELLED]
    for event in _events(Tender, cancelled, "cancelled"):
        data.cancelled_at[int(event.target_id)] = event.created_at
    data.terminated_at = _termination_dates(
        [c.pk for t in tenders for c in t.contract_list if c.status == ContractStatus.TERMINATED]
    )
    return data


def contract_chunk_data(contracts: list[Contract]) -> ChunkData:
    return ChunkData(
        terminated_at=_termination_dates(
            [c.pk for c in contracts if c.status == ContractStatus.TERMINATED]
        )
    )


# --- Querysets: what is public, with everything a release reads -----------------------------
# Related rows are prefetched into plain lists (`to_attr`): a prefetch into the relation's
# manager builds a queryset for every parent row, and so does each `.all()` on it, which
# costs more than the rows themselves when a chunk holds thousands.
def _contract_prefetches() -> list[Prefetch | str]:
    return [
        "organisation",
        Prefetch(
            "kpis",
            queryset=Kpi.objects.order_by("pk").prefetch_related(
                Prefetch(
                    "readings",
                    queryset=KpiReading.objects.order_by("recorded_at", "pk"),
                    to_attr="reading_list",
                )
            ),
            to_attr="kpi_list",
        ),
        Prefetch(
            "modifications",
            queryset=Modification.objects.order_by("made_on", "pk"),
            to_attr="modification_list",
        ),
        Prefetch(
            "assessments",
            queryset=PerformanceAssessment.objects.order_by("assessed_on", "pk").prefetch_related(
                Prefetch(
                    "ratings",
                    queryset=KpiRating.objects.select_related("kpi"),
                    to_attr="rating_list",
                )
            ),
            to_attr="assessment_list",
        ),
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("measure")
            .order_by("pk")
            .prefetch_related(
                Prefetch(
                    "returns",
                    queryset=DeliveryReturn.objects.filter(status=ReturnStatus.VERIFIED).order_by(
                        "due_date", "pk"
                    ),
                    to_attr="verified_returns",
                )
            ),
            to_attr="commitment_list",
        ),
    ]


def public_tenders() -> QuerySet[Tender]:
    contracts = Contract.objects.select_related("provider").order_by("pk")
    return (
        Tender.objects.exclude(status=TenderStatus.DRAFT)
        .filter(organisation__kind=OrganisationKind.PUBLIC_BODY)
        .select_related(
            "organisation",
            "commission",
            "specification_version",
            "winning_bid__supplier",
            "direct_award__supplier",
            "transparency_notice",
        )
        .prefetch_related(
            Prefetch(
                "criteria",
                queryset=Criterion.objects.filter(parent__isnull=True).order_by("position", "pk"),
                to_attr="top_criteria",
            ),
            Prefetch(
                "lots",
                queryset=Lot.objects.select_related("winning_bid__supplier").order_by(
                    "position", "pk"
                ),
                to_attr="lot_list",
            ),
            Prefetch(
                "changes",
                queryset=TenderChange.objects.order_by("made_at", "pk"),
                to_attr="change_list",
            ),
            Prefetch(
                "award_notices",
                queryset=AwardNotice.objects.prefetch_related(
                    Prefetch(
                        "suppliers",
                        queryset=AwardNoticeSupplier.objects.select_related("supplier"),
                        to_attr="supplier_lines",
                    )
                ),
                to_attr="notice_list",
            ),
            Prefetch(
                "specification_version__specification__versions",
                queryset=SpecificationVersion.objects.order_by("number"),
                to_attr="version_list",
            ),
            Prefetch(
                "commission__market_engagements",
                queryset=MarketEngagement.objects.filter(
                    status__in=PUBLIC_ENGAGEMENT_STATUSES
                ).order_by("pk"),
                to_attr="public_engagements",
            ),
            Prefetch(
                "contracts",
                queryset=contracts.prefetch_related(*_contract_prefetches()),
                to_attr="contract_list",
            ),
        )
    )


def public_contracts_without_tender() -> QuerySet[Contract]:
    return (
        Contract.objects.filter(
            kind=ContractKind.TENDERED,
            tender__isnull=True,
            provider__isnull=False,
            organisation__kind=OrganisationKind.PUBLIC_BODY,
        )
        .select_related("provider")
        .prefetch_related(*_contract_prefetches())
    )


def public_engagements() -> QuerySet[MarketEngagement]:
    return MarketEngagement.objects.filter(
        status__in=PUBLIC_ENGAGEMENT_STATUSES,
        organisation__kind=OrganisationKind.PUBLIC_BODY,
    ).select_related("organisation", "commission")


# --- Builders --------------------------------------------------------------------------------
def _award_criteria(tender: Tender) -> dict[str, Any] | None:
    criteria = tender.top_criteria
    if not criteria:
        return None
    social = next((c.weight for c in criteria if c.kind == CriterionKind.SOCIAL_VALUE), None)
    return {
        "description": (
            f"Social value is {_number(social)}% of the weighting." if social is not None else None
        ),
        "criteria": [
            {
                "type": "price" if criterion.kind == CriterionKind.PRICE else "quality",
                "name": criterion.name,
                "description": criterion.description,
                "numbers": [{"number": _number(criterion.weight), "weight": "percentageExact"}],
            }
            for criterion in criteria
        ],
    }


def _lot_status(lot: Lot, tender: Tender) -> str:
    if tender.status == TenderStatus.CANCELLED:
        return "cancelled"
    if lot.status == LotStatus.AWARDED:
        return "complete"
    if lot.status == LotStatus.NO_AWARD:
        return "unsuccessful"
    return "active"


def _whole_tender_status(tender: Tender) -> str:
    if tender.status == TenderStatus.CANCELLED:
        return "cancelled"
    return "complete" if tender.status == TenderStatus.AWARDED else "active"


def _lots(tender: Tender, *, current: bool) -> list[dict[str, Any]]:
    criteria = _award_criteria(tender)
    lots = tender.lot_list
    if not lots:
        return [
            {
                "id": WHOLE_TENDER_LOT,
                "title": tender.title,
                "value": amount(tender.estimated_value),
                "status": _whole_tender_status(tender) if current else "active",
                "awardCriteria": criteria,
            }
        ]
    return [
        {
            "id": f"lot-{lot.pk}",
            "title": lot.title,
            "description": lot.description,
            "value": amount(lot.estimated_value),
            "status": _lot_status(lot, tender) if current else "active",
            "awardCriteria": criteria,
        }
        for lot in lots
    ]


def _specification_document(tender: Tender, version: SpecificationVersion) -> dict[str, Any]:
    return {
        "id": f"specification-v{version.number}",
        "documentType": "technicalSpecifications",
        "title": f"Specification, version {version.number}",
        "description": version.change_note,
        "url": absolute(reverse("dialogue:specification_changes", args=[tender.pk])),
        "datePublished": iso(version.issued_at),
        "format": "text/html",
        "language": "en",
    }


def _tender_section(tender: Tender) -> dict[str, Any]:
    method, details = METHODS.get(tender.procedure, ("open", tender.get_procedure_display()))
    published = tender.published_at
    return {
        "id": tender.reference,
        "title": tender.title,
        "description": tender.summary,
        "status": "active",
        "procurementMethod": method,
        "procurementMethodDetails": details,
        "procurementMethodRationale": tender.direct_award_justification
        if tender.procedure == Procedure.DIRECT_AWARD
        else None,
        "mainProcurementCategory": "services",
        "value": amount(tender.estimated_value),
        "tenderPeriod": {"startDate": iso(published), "endDate": iso(tender.submission_deadline)},
        "enquiryPeriod": (
            {"startDate": iso(published), "endDate": iso(tender.clarification_deadline)}
            if tender.clarification_deadline
            else None
        ),
        "submissionMethod": ["electronicSubmission"],
        "lots": _lots(tender, current=False),
        "lotDetails": {
            "maximumLotsBidPerSupplier": tender.max_lots_per_bid,
            "maximumLotsAwardedPerSupplier": tender.max_lots_won,
        }
        if tender.lot_list
        else None,
    }


def _statistics(tender: Tender, data: ChunkData, lot: Lot | None) -> list[dict[str, Any]]:
    counts = data.bid_counts.get((tender.pk, lot.pk if lot else None), {})
    if tender.bids_opened_at is None:
        return []
    lot_ref = f"lot-{lot.pk}" if lot else None
    suffix = f"-lot-{lot.pk}" if lot else ""
    return [
        {
            "id": f"{measure}{suffix}",
            "measure": measure,
            "value": counts.get(measure, 0),
            "date": iso(tender.bids_opened_at),
            "relatedLot": lot_ref,
        }
        for measure in ("bids", "finalStageBids", "smeFinalStageBids", "vcseFinalStageBids")
    ]


@dataclass(frozen=True)
class AwardUnit:
    """What one award decision covers: the whole tender, or one lot."""

    award_id: str
    lot: Lot | None
    supplier: Organisation | None
    decided_at: datetime.datetime | None
    contract: Contract | None
    entered_at: datetime.datetime | None = None
    # The published contract award notice (UK6) of this decision, when there is one.
    notice: AwardNotice | None = None


def _award_units(tender: Tender) -> list[AwardUnit]:
    contracts = tender.contract_list
    lots = tender.lot_list
    notices = {notice.lot_id: notice for notice in tender.notice_list}
    if lots:
        by_pk = {c.pk: c for c in contracts}
        return [
            AwardUnit(
                award_id=f"award-lot-{lot.pk}",
                lot=lot,
                supplier=lot.winning_bid.supplier if lot.winning_bid_id else None,
                decided_at=lot.award_decided_at,
                contract=by_pk.get(lot.contract_id) if lot.contract_id else None,
                entered_at=lot.awarded_at,
                notice=notices.get(lot.pk),
            )
            for lot in lots
            if lot.award_decided_at or lot.pk in notices
        ]
    supplier = None
    if tender.winning_bid_id:
        supplier = tender.winning_bid.supplier
    elif hasattr(tender, "direct_award"):
        supplier = tender.direct_award.supplier
    decided = tender.award_decided_at
    if decided is None and not contracts and None not in notices:
        return []
    return [
        AwardUnit(
            award_id=WHOLE_TENDER_AWARD,
            lot=None,
            supplier=supplier or (contracts[0].provider if contracts else None),
            decided_at=decided or (contracts[0].created_at if contracts else None),
            contract=contracts[0] if contracts else None,
            entered_at=tender.awarded_at,
            notice=notices.get(None),
        )
    ]


def tender_process(tender: Tender, data: ChunkData) -> Process:
    """Every release of one published tender's contracting process, oldest first."""
    ocid = ocid_for("tender", tender.pk)
    buyer = tender.organisation
    releases: list[dict[str, Any]] = []
    published = iso(tender.published_at) or iso(tender.created_at)

    engagements = tender.commission.public_engagements
    related = [
        {
            "id": f"engagement-{engagement.pk}",
            "relationship": ["planning"],
            "title": engagement.title,
            "scheme": "ocid",
            "identifier": ocid_for("engagement", engagement.pk),
        }
        for engagement in engagements
    ]
    planning_date = iso(tender.commission.decided_at) or published
    releases.append(
        _release(
            ocid,
            "planning",
            planning_date,
            ["planning"],
            buyer,
            Parties(),
            planning={"rationale": tender.commission.published_summary},
            tender={"id": tender.reference, "title": tender.title, "status": "planned"},
            relatedProcesses=related,
        )
    )

    # The tender notice, or for a direct award the transparency notice.
    section = _tender_section(tender)
    parties = Parties()
    versions = [
        version
        for version in tender.specification_version.specification.version_list
        if version.number <= tender.specification_version.number
    ][-1:]
    transparency = getattr(tender, "transparency_notice", None)
    if tender.procedure == Procedure.DIRECT_AWARD and transparency is not None:
        code, notice_date = "UK5", iso(transparency.published_at)
        supplier = parties.add(tender.direct_award.supplier, "supplier")
        section["tenderers"] = [supplier]
    else:
        code, notice_date = "UK4", published
    section["documents"] = [
        _notice("tender", ocid, code, tender.title, notice_date),
        *(_specification_document(tender, version) for version in versions),
    ]
    releases.append(
        _release(
            ocid,
            "tender",
            notice_date,
            ["tender"],
            buyer,
            parties,
            tender=section,
            relatedProcesses=related,
        )
    )

    # Each published change, and each specification version issued after publication.
    amendments: list[dict[str, Any]] = []
    for change in tender.change_list:
        amendments.append(
            {
                "id": f"change-{change.pk}",
                "date": iso(change.made_at),
                "rationale": change.reason,
                "description": "; ".join(
                    f"{row.get('label', row.get('field'))}: {row.get('old')} to {row.get('new')}"
                    for row in change.changes
                ),
            }
        )
        releases.append(
            _release(
                ocid,
                f"change-{change.pk}",
                iso(change.made_at),
                ["tenderAmendment"],
                buyer,
                Parties(),
                tender={
                    **section,
                    "amendments": list(amendments),
                    # The changed tender notice, published as this release.
                    "documents": [
                        _notice(
                            f"change-{change.pk}",
                            ocid,
                            code,
                            tender.title,
                            iso(change.made_at),
                            description=change.reason,
                        ),
                        *section["documents"][1:],
                    ],
                },
            )
        )
    for version in tender.specification_version.specification.version_list:
        if version.number <= tender.specification_version.number:
            continue
        amendments.append(
            {
                "id": f"specification-v{version.number}",
                "date": iso(version.issued_at),
                "rationale": version.change_note,
                "description": f"Specification version {version.number} issued.",
            }
        )
        releases.append(
            _release(
                ocid,
                f"specification-v{version.number}",
                iso(version.issued_at),
                ["tenderAmendment"],
                buyer,
                Parties(),
                tender={
                    "id": tender.reference,
                    "documents": [_specification_document(tender, version)],
                    "amendments": list(amendments),
                },
            )
        )

    if tender.status == TenderStatus.CANCELLED:
        cancelled = iso(data.cancelled_at.get(tender.pk) or tender.updated_at)
        releases.append(
            _release(
                ocid,
                "cancellation",
                cancelled,
                ["tenderCancellation"],
                buyer,
                Parties(),
                tender={
                    "id": tender.reference,
                    "status": "cancelled",
                    "statusDetails": tender.cancellation_reason,
                    "finalStatusDate": cancelled,
                    "lots": [
                        {"id": lot["id"], "status": "cancelled"}
                        for lot in _lots(tender, current=False)
                    ],
                    "documents": [
                        _notice(
                            "cancellation",
                            ocid,
                            "UK12",
                            tender.title,
                            cancelled,
                            description=tender.cancellation_reason,
                        )
                    ],
                },
            )
        )

    for unit in _award_units(tender):
        releases.extend(_award_releases(ocid, tender, unit, data))
    return Process(ocid=ocid, title=tender.title, releases=_by_date(releases))


def _metric(metric_id: str, title: str, observation: dict[str, Any]) -> dict[str, Any]:
    """One metric with one observation; a record gathers a metric's observations by id."""
    return {"id": metric_id, "title": title, "observations": [observation]}


def _by_date(releases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(releases, key=lambda release: release.get("date") or "")


def _award_releases(
    ocid: str, tender: Tender, unit: AwardUnit, data: ChunkData
) -> list[dict[str, Any]]:
    buyer = tender.organisation
    lot_id = f"lot-{unit.lot.pk}" if unit.lot else WHOLE_TENDER_LOT
    suffix = unit.award_id
    parties = Parties()
    notice = unit.notice
    if notice is not None:
        # The contract award notice as published: its date, suppliers, values, standstill.
        lines = notice.supplier_lines
        suppliers = [parties.add(line.supplier, "supplier") for line in lines]
        value = amount(sum((line.value for line in lines), Decimal(0)))
        decided = iso(notice.decided_at)
        published = iso(notice.published_at)
        standstill = {
            "startDate": iso(notice.standstill_starts_on),
            "endDate": iso(notice.standstill_ends_on, end=True),
        }
        document = _notice(
            suffix,
            ocid,
            "UK6",
            notice.title,
            published,
            id=notice.reference,
            description=notice.summary,
            url=absolute(notice.get_absolute_url()),
        )
    else:
        # Decided before Kindred kept award notices: read from the decision itself.
        suppliers = [parties.add(unit.supplier, "supplier")] if unit.supplier else []
        value = (
            amount(unit.contract.value)
            if unit.contract
            else amount(data.winning_totals.get((tender.pk, unit.lot.pk if unit.lot else None)))
        )
        decided = published = iso(unit.decided_at)
        ends = unit.lot.standstill_ends_on if unit.lot else tender.standstill_ends_on
        standstill = {"startDate": decided, "endDate": iso(ends, end=True)} if ends else None
        document = _notice(suffix, ocid, "UK6", tender.title, decided)
    award = {
        "id": unit.award_id,
        "title": unit.lot.title if unit.lot else tender.title,
        "status": "pending",
        "date": decided,
        "value": value,
        "suppliers": suppliers,
        "relatedLots": [lot_id],
        "documents": [document],
        "standstillPeriod": standstill,
    }
    lot_statistics = _statistics(tender, data, unit.lot)
    releases = [
        _release(
            ocid,
            suffix,
            published,
            ["award"],
            buyer,
            parties,
            awards=[award],
            bids={"statistics": lot_statistics} if lot_statistics else None,
        )
    ]
    if unit.contract:
        lots_done = [lot for lot in _lots(tender, current=True) if lot["id"] == lot_id]
        releases.extend(
            contract_releases(
                ocid,
                unit.contract,
                unit.award_id,
                data,
                entered_at=unit.entered_at,
                award_update={"id": unit.award_id, "status": "active"},
                tender_update={
                    "id": tender.reference,
                    "status": "complete" if tender.status == TenderStatus.AWARDED else "active",
                    "lots": [{"id": lot["id"], "status": lot["status"]} for lot in lots_done],
                },
            )
        )
    return releases


def contract_releases(
    ocid: str,
    contract: Contract,
    award_id: str,
    data: ChunkData,
    *,
    award_update: dict[str, Any],
    tender_update: dict[str, Any] | None = None,
    entered_at: datetime.datetime | None = None,
) -> list[dict[str, Any]]:
    """The contract details notice, then what happened while it ran."""
    buyer = contract.organisation
    contract_id = f"contract-{contract.pk}"
    kpis = contract.kpi_list
    commitments = contract.commitment_list
    entered = iso(entered_at or contract.created_at)
    parties = Parties()
    if contract.provider_id:
        parties.add(contract.provider, "supplier")
    body = {
        "id": contract_id,
        "awardID": award_id,
        "title": contract.title,
        "status": "active",
        "period": {
            "startDate": iso(contract.start_date),
            "endDate": iso(contract.end_date, end=True),
        },
        "value": amount(contract.value),
        "dateSigned": entered,
        "documents": [_notice(contract_id, ocid, "UK7", contract.title, entered)],
        "agreedMetrics": [
            {
                "id": f"kpi-{kpi.pk}",
                "title": kpi.name,
                "description": kpi.measure,
                "observations": [{"id": f"kpi-{kpi.pk}-target", "measure": kpi.target}],
            }
            for kpi in kpis
        ]
        + [
            {
                "id": f"social-value-{commitment.pk}",
                "title": commitment.measure.name,
                "description": commitment.period,
                "observations": [
                    {
                        "id": f"social-value-{commitment.pk}-promised",
                        "measure": _number(commitment.quantity),
                        "unit": {"name": commitment.unit or commitment.measure.unit},
                    }
                ],
            }
            for commitment in commitments
        ],
    }
    releases = [
        _release(
            ocid,
            contract_id,
            entered,
            ["contract"],
            buyer,
            parties,
            tender=tender_update,
            awards=[award_update],
            contracts=[body],
        )
    ]

    def implementation(suffix: str, date: str | None, tags: list[str], **fields: Any) -> None:
        named = Parties()
        if contract.provider_id:
            named.add(contract.provider, "supplier")
        releases.append(
            _release(
                ocid,
                f"{contract_id}-{suffix}",
                date,
                tags,
                buyer,
                named,
                contracts=[{"id": contract_id, "awardID": award_id, **fields}],
            )
        )

    for kpi in kpis:
        for reading in kpi.reading_list:
            observation = {
                "id": f"kpi-reading-{reading.pk}",
                "measure": reading.value,
                "notes": f"Period: {reading.period}",
            }
            implementation(
                f"kpi-reading-{reading.pk}",
                iso(reading.recorded_at),
                ["implementation"],
                implementation={"metrics": [_metric(f"kpi-{kpi.pk}", kpi.name, observation)]},
            )
    for commitment in commitments:
        unit = commitment.unit or commitment.measure.unit
        for delivered in commitment.verified_returns:
            if delivered.quantity_delivered is None:
                continue
            observation = {
                "id": f"social-value-return-{delivered.pk}",
                "measure": _number(delivered.quantity_delivered),
                "unit": {"name": unit},
                "notes": f"Delivered in {delivered.period} (verified)",
            }
            metric = _metric(f"social-value-{commitment.pk}", commitment.measure.name, observation)
            implementation(
                f"social-value-return-{delivered.pk}",
                iso(delivered.reviewed_at or delivered.submitted_at or delivered.created_at),
                ["implementation"],
                implementation={"metrics": [metric]},
            )
    for assessment in contract.assessment_list:
        suffix = f"performance-{assessment.pk}"
        assessed = iso(assessment.assessed_on)
        notice = _notice(
            f"{contract_id}-{suffix}",
            ocid,
            "UK9",
            contract.title,
            assessed,
            description=f"Performance assessment for {assessment.period}.",
        )
        ratings = [
            _metric(
                f"kpi-{rating.kpi_id}",
                rating.kpi.name,
                {
                    "id": f"assessment-{assessment.pk}-kpi-{rating.kpi_id}",
                    "measure": rating.get_rating_display(),
                    "notes": f"Rating for {assessment.period}",
                },
            )
            for rating in assessment.rating_list
        ]
        implementation(
            suffix,
            assessed,
            ["implementation"],
            implementation={"documents": [notice], "metrics": ratings},
        )
    total = contract.value
    for modification in contract.modification_list:
        suffix = f"change-{modification.pk}"
        made = iso(modification.made_on)
        implementation(
            suffix,
            made,
            ["contractAmendment"],
            amendments=[
                {
                    "id": suffix,
                    "date": made,
                    "rationale": modification.reason,
                    "description": modification.description,
                    "amendedValue": amount(modification.value_change)
                    if modification.value_change
                    else None,
                }
            ],
            documents=[
                _notice(
                    f"{contract_id}-{suffix}",
                    ocid,
                    "UK10",
                    contract.title,
                    made,
                    description=modification.description,
                )
            ],
            value=amount(total),
        )
    if contract.status in (ContractStatus.TERMINATED, ContractStatus.EXPIRED):
        early = contract.status == ContractStatus.TERMINATED
        ended = (
            iso(data.terminated_at.get(contract.pk)) if early else iso(contract.end_date, end=True)
        )
        implementation(
            "termination",
            ended or iso(contract.updated_at),
            ["contractTermination"],
            status="terminated",
            statusDetails="Ended early" if early else "Ended at the end of its term",
            documents=[_notice(f"{contract_id}-termination", ocid, "UK14", contract.title, ended)]
            if early
            else None,
        )
    return releases


def contract_process(contract: Contract, data: ChunkData) -> Process:
    """A contract let by competition before Kindred: its award, the contract and what
    followed."""
    ocid = ocid_for("contract", contract.pk)
    award_id = WHOLE_TENDER_AWARD
    parties = Parties()
    supplier = parties.add(contract.provider, "supplier")
    # A contract recorded after it started (let before Kindred) was entered by its start.
    start = datetime.datetime.combine(
        contract.start_date, datetime.time(0), tzinfo=timezone.get_current_timezone()
    )
    entered_at = min(contract.created_at, start)
    entered = iso(entered_at)
    releases = [
        _release(
            ocid,
            award_id,
            entered,
            ["award"],
            contract.organisation,
            parties,
            awards=[
                {
                    "id": award_id,
                    "title": contract.title,
                    "status": "active",
                    "date": entered,
                    "value": amount(contract.value),
                    "suppliers": [supplier],
                }
            ],
        ),
        *contract_releases(
            ocid,
            contract,
            award_id,
            data,
            award_update={"id": award_id, "status": "active"},
            entered_at=entered_at,
        ),
    ]
    return Process(ocid=ocid, title=contract.title, releases=_by_date(releases))


def engagement_process(engagement: MarketEngagement) -> Process:
    """A preliminary market engagement: a planning process of its own."""
    ocid = ocid_for("engagement", engagement.pk)
    opened = iso(engagement.opened_at or engagement.created_at)
    document = _notice("planning", ocid, "UK2", engagement.title, opened)
    release = _release(
        ocid,
        "planning",
        opened,
        ["planning"],
        engagement.organisation,
        Parties(),
        planning={"rationale": engagement.brief, "documents": [document]},
        tender={
            "id": f"engagement-{engagement.pk}",
            "title": engagement.commission.title,
            "description": engagement.commission.published_summary,
            "status": "planning",
        },
    )
    return Process(ocid=ocid, title=engagement.title, releases=[release])


# --- Iterating every public process, a chunk at a time ---------------------------------------
def _chunks(queryset: QuerySet, size: int) -> Iterator[list[Any]]:
    """Keyset pages by primary key: each page is one query plus its prefetches, and only
    one page is held at a time."""
    last = 0
    while True:
        page = list(queryset.filter(pk__gt=last).order_by("pk")[:size])
        if not page:
            return
        yield page
        last = page[-1].pk


def iter_processes(*, ocid: str | None = None, chunk: int | None = None) -> Iterator[Process]:
    """Every public process (or the one with this ocid), in a stable order, `chunk`
    processes (`CHUNK` unless given) read at a time."""
    chunk = chunk or CHUNK
    only: tuple[str, int] | None = None
    if ocid is not None:
        only = parse_ocid(ocid)
        if only is None:
            return
    sources: list[tuple[str, Callable[[], QuerySet], Callable[[list[Any]], Iterable[Process]]]] = [
        (
            "tender",
            public_tenders,
            lambda rows: (
                tender_process(t, data) for data in [tender_chunk_data(rows)] for t in rows
            ),
        ),
        (
            "contract",
            public_contracts_without_tender,
            lambda rows: (
                contract_process(c, data) for data in [contract_chunk_data(rows)] for c in rows
            ),
        ),
        ("engagement", public_engagements, lambda rows: (engagement_process(e) for e in rows)),
    ]
    for kind, queryset, build in sources:
        if only is not None and only[0] != kind:
            continue
        rows = queryset() if only is None else queryset().filter(pk=only[1])
        for page in _chunks(rows, chunk):
            yield from build(page)


def process(ocid: str) -> Process | None:
    return next(iter_processes(ocid=ocid), None)
