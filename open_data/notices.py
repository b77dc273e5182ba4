"""Procurement Act 2023 notices, for people and for Find a Tender.

Each notice Kindred produces is an OCDS release (`open_data.ocds`) with a document whose
`noticeType` is the notice's code (UK2, UK4 ...). Its page says in plain words what the
notice means and what it says; its JSON is a release package holding that one release.
A notice is found by its release id, which names its process, so a page builds one
process: a constant number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse

from open_data.ocds import NOTICE_TYPES, NoticeType, ocid_of_release, process


@dataclass(frozen=True)
class Row:
    key: str
    value: Any  # str, Decimal (money, shown in pounds) or datetime

    @property
    def is_money(self) -> bool:
        return isinstance(self.value, Decimal)

    @property
    def is_datetime(self) -> bool:
        return isinstance(self.value, datetime.datetime)


@dataclass(frozen=True)
class NoticePage:
    notice: NoticeType
    release: dict[str, Any]
    ocid: str
    process_title: str
    published: datetime.datetime | None
    rows: list[Row]

    @property
    def json_url(self) -> str:
        return reverse("open_data:notice_json", args=[self.release["id"]])

    @property
    def record_url(self) -> str:
        return reverse("open_data:ocds_process_record", args=[self.ocid])


def _documents(release: dict[str, Any]) -> list[dict[str, Any]]:
    found = [
        *release.get("planning", {}).get("documents", []),
        *release.get("tender", {}).get("documents", []),
    ]
    for award in release.get("awards", []):
        found += award.get("documents", [])
    for contract in release.get("contracts", []):
        found += contract.get("documents", [])
        found += contract.get("implementation", {}).get("documents", [])
    return found


def notice_document(release: dict[str, Any]) -> dict[str, Any] | None:
    return next((d for d in _documents(release) if d.get("noticeType") in NOTICE_TYPES), None)


def _when(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def _money(value: dict[str, Any] | None) -> Decimal | None:
    return Decimal(str(value["amount"])) if value and "amount" in value else None


def _names(references: list[dict[str, Any]]) -> str:
    return ", ".join(reference["name"] for reference in references)


def _rows(release: dict[str, Any], document: dict[str, Any]) -> list[Row]:
    rows = [Row("Buyer", release["buyer"]["name"])]
    if release.get("contracts"):
        suppliers = [p for p in release.get("parties", []) if "supplier" in p.get("roles", [])]
        rows.append(Row("Supplier", _names(suppliers)))
    planning = release.get("planning", {})
    tender = release.get("tender", {})
    if planning.get("rationale"):
        rows.append(Row("What the council wants to achieve", planning["rationale"]))
    if tender.get("description"):
        rows.append(Row("What is being bought", tender["description"]))
    if tender.get("procurementMethodDetails"):
        rows.append(Row("How suppliers are chosen", tender["procurementMethodDetails"]))
    if tender.get("procurementMethodRationale"):
        rows.append(Row("Why there is no competition", tender["procurementMethodRationale"]))
    if _money(tender.get("value")) is not None and document["noticeType"] in ("UK4", "UK5"):
        rows.append(Row("Estimated value", _money(tender["value"])))
    if tender.get("tenderers"):
        rows.append(Row("Supplier", _names(tender["tenderers"])))
    period = tender.get("tenderPeriod", {})
    if period.get("endDate") and document["noticeType"] == "UK4":
        rows.append(Row("Deadline for bids", _when(period["endDate"])))
    for lot in tender.get("lots", []):
        criteria = lot.get("awardCriteria", {})
        if document["noticeType"] == "UK4" and criteria.get("criteria"):
            weights = ", ".join(
                f"{c['name']} {c['numbers'][0]['number']}%" for c in criteria["criteria"]
            )
            rows.append(Row("How bids are scored", weights))
            break
    if tender.get("statusDetails"):
        rows.append(Row("Why the procurement stopped", tender["statusDetails"]))
    for award in release.get("awards", []):
        announced = award.get("documents", [{}])[0].get("description")
        if announced and announced != NOTICE_TYPES["UK6"].explanation:
            rows.append(Row("The decision", announced))
        if award.get("suppliers"):
            rows.append(Row("Chosen supplier", _names(award["suppliers"])))
        if _money(award.get("value")) is not None:
            rows.append(Row("Value", _money(award["value"])))
        standstill = award.get("standstillPeriod", {})
        if standstill.get("endDate"):
            rows.append(Row("Standstill period ends", _when(standstill["endDate"])))
    for statistic in release.get("bids", {}).get("statistics", []):
        label = {
            "bids": "Bids received",
            "finalStageBids": "Bids assessed",
            "smeFinalStageBids": "Bids assessed from small and medium-sized businesses",
            "vcseFinalStageBids": "Bids assessed from charities and social enterprises",
        }.get(statistic["measure"])
        if label:
            rows.append(Row(label, str(statistic["value"])))
    for contract in release.get("contracts", []):
        if _money(contract.get("value")) is not None:
            rows.append(Row("Contract value", _money(contract["value"])))
        contract_period = contract.get("period", {})
        if contract_period.get("startDate"):
            rows.append(Row("Contract starts", _when(contract_period["startDate"])))
            rows.append(Row("Contract ends", _when(contract_period.get("endDate"))))
        for amendment in contract.get("amendments", []):
            rows.append(Row("What changed", amendment.get("description", "")))
            rows.append(Row("Why", amendment.get("rationale", "")))
        for metric in contract.get("implementation", {}).get("metrics", []):
            for observation in metric.get("observations", []):
                rows.append(Row(metric.get("title", "Measure"), str(observation.get("measure"))))
        if contract.get("statusDetails"):
            rows.append(Row("How it ended", contract["statusDetails"]))
    return [row for row in rows if row.value not in (None, "")]


def release_with_notice(release_id: str) -> tuple[Any, dict[str, Any], dict[str, Any]] | None:
    """(process, release, notice document) for a public notice's release id, else None."""
    ocid = ocid_of_release(release_id)
    each = process(ocid) if ocid else None
    if each is None:
        return None
    release = next((r for r in each.releases if r["id"] == release_id), None)
    document = notice_document(release) if release else None
    if release is None or document is None:
        return None
    return each, release, document


def notice_page(release_id: str) -> NoticePage | None:
    found = release_with_notice(release_id)
    if found is None:
        return None
    each, release, document = found
    return NoticePage(
        notice=NOTICE_TYPES[document["noticeType"]],
        release=release,
        ocid=each.ocid,
        process_title=each.title,
        published=_when(release.get("date")),
        rows=_rows(release, document),
    )
