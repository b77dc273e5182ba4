"""OCDS releases, records and Procurement Act notices, built from the Northbridge demo.

The demo (`home.demo_data.load()`) is loaded once for the module inside a transaction
rolled back at the end (`rolled_back_demo` in tests/conftest.py); every test reads it and changes
nothing it does not put back.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.http import StreamingHttpResponse
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains

from open_data import ocds, ocds_schema
from open_data.ocds_checks import release_errors
from open_data.ocds_packages import bulk_release_package, record_package

pytestmark = pytest.mark.django_db
REQUIRED_TAGS = {
    "planning",
    "tender",
    "tenderAmendment",
    "tenderCancellation",
    "award",
    "contract",
    "contractAmendment",
    "implementation",
    "contractTermination",
}
# Every notice type Kindred produces (open_data.ocds.NOTICE_TYPES).
REQUIRED_NOTICES = {"UK2", "UK4", "UK5", "UK6", "UK7", "UK9", "UK10", "UK12", "UK14"}


@pytest.fixture(scope="module")
def package(rolled_back_demo: None, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return json.loads("".join(bulk_release_package()))


def _notice_types(release: dict[str, Any]) -> list[str]:
    return re.findall(r'"noticeType": "(UK\d+)"', json.dumps(release))


# --- Validity ---------------------------------------------------------------------------------
def test_bulk_export_of_the_demo_is_valid_against_the_schema_with_the_extensions(package):
    assert package["releases"]
    assert ocds_schema.schema_errors(ocds_schema.release_package_validator(), package) == []


def test_bulk_export_passes_the_checks_the_schema_cannot_express(package):
    assert release_errors(package["releases"]) == []


def test_package_declares_its_extensions_by_canonical_url(package):
    assert package["version"] == "1.1"
    assert package["license"] == ocds.LICENSE
    assert (
        "https://raw.githubusercontent.com/cabinetoffice/ocds_uk_extension/main/extension.json"
        in package["extensions"]
    )
    assert all(url.endswith("/extension.json") for url in package["extensions"])


def test_the_checks_catch_what_the_schema_lets_through(package):
    release = json.loads(json.dumps(package["releases"][-1]))
    broken = [
        {**release, "ocid": "ocds-zzzzzz-tender-1"},
        {**release, "date": "2026-01-01T10:00:00"},
        {**release, "tag": ["finished"]},
        {**release, "buyer": {"id": "nobody", "name": "Nobody"}},
        {**release, "contracts": [{"id": "c", "awardID": "no-such-award"}]},
    ]
    errors = "\n".join(release_errors([release, release, *broken]))
    for expected in (
        "release id used twice",
        "does not start with",
        "no time zone offset",
        "not in releaseTag.csv",
        "not in parties",
        "no-such-award",
    ):
        assert expected in errors


def test_demo_has_a_release_of_every_tag_and_a_document_of_every_notice_type(package):
    tags = {tag for release in package["releases"] for tag in release["tag"]}
    notices = {code for release in package["releases"] for code in _notice_types(release)}
    assert tags >= REQUIRED_TAGS
    assert notices >= REQUIRED_NOTICES
    assert set(ocds.NOTICE_TYPES) <= REQUIRED_NOTICES, "a new notice type joins the demo too"


def test_every_ocid_comes_from_the_installation_prefix_and_release_ids_are_stable(
    package, django_db_blocker
):
    assert {r["ocid"].rsplit("-", 2)[0] for r in package["releases"]} == {
        settings.KINDRED_OCID_PREFIX
    }
    with django_db_blocker.unblock():
        again = json.loads("".join(bulk_release_package()))
    assert [r["id"] for r in again["releases"]] == [r["id"] for r in package["releases"]]


def test_the_prefix_comes_from_the_setting(rolled_back_demo, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(KINDRED_OCID_PREFIX="ocds-abc123"):
        releases = json.loads("".join(bulk_release_package()))["releases"]
        assert all(r["ocid"].startswith("ocds-abc123-") for r in releases)
        assert release_errors(releases) == []


# --- What is published ----------------------------------------------------------------------
def _releases_of(package: dict[str, Any], ocid: str) -> list[dict[str, Any]]:
    return [r for r in package["releases"] if r["ocid"] == ocid]


def test_an_awarded_tender_has_criteria_weights_statistics_and_a_winner(package, django_db_blocker):
    from procurement.models import Tender

    with django_db_blocker.unblock():
        awarded = Tender.objects.get(reference="NBC-2026-0102")
        winner = awarded.winning_bid.supplier
    releases = _releases_of(package, ocds.ocid_for("tender", awarded.pk))
    tender = next(r for r in releases if r["tag"] == ["tender"])["tender"]
    criteria = tender["lots"][0]["awardCriteria"]
    assert criteria["description"] == "Social value is 20% of the weighting."
    assert {c["name"]: c["numbers"][0]["number"] for c in criteria["criteria"]} == {
        "Quality": 60,
        "Social value": 20,
        "Price": 20,
    }
    award = next(r for r in releases if r["tag"] == ["award"])
    statistics = {s["measure"]: s["value"] for s in award["bids"]["statistics"]}
    assert statistics["bids"] == 3
    assert statistics["finalStageBids"] == 3
    assert award["awards"][0]["suppliers"][0]["name"] == winner.name
    party = next(p for p in award["parties"] if p["name"] == winner.name)
    assert party["roles"] == ["supplier"]
    assert party["details"]["scale"] in {"sme", "large"}
    assert isinstance(party["details"]["vcse"], bool)
    contract = next(r for r in releases if r["tag"] == ["contract"])
    assert contract["contracts"][0]["awardID"] == award["awards"][0]["id"]


def test_a_lotted_tender_has_one_award_and_contract_per_lot(package, django_db_blocker):
    from procurement.models import Tender

    with django_db_blocker.unblock():
        lotted = Tender.objects.get(reference="NBC-2026-0110")
        lot_ids = [f"lot-{pk}" for pk in lotted.lots.order_by("pk").values_list("pk", flat=True)]
    releases = _releases_of(package, ocds.ocid_for("tender", lotted.pk))
    tender = next(r for r in releases if r["tag"] == ["tender"])["tender"]
    assert [lot["id"] for lot in tender["lots"]] == lot_ids
    awards = [a for r in releases for a in r.get("awards", []) if "relatedLots" in a]
    assert sorted(a["relatedLots"][0] for a in awards) == sorted(lot_ids)
    assert len([r for r in releases if r["tag"] == ["contract"]]) == 2


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [
        ({"company_number": "01234567"}, {"scheme": "GB-COH", "id": "01234567"}),
        ({"charity_number": "1123456"}, {"scheme": "GB-CHC", "id": "1123456"}),
        ({"charity_number": "SC012345"}, {"scheme": "GB-SC", "id": "SC012345"}),
        ({"charity_number": "NIC100123"}, {"scheme": "GB-NIC", "id": "100123"}),
        ({}, None),
    ],
)
def test_organisations_are_identified_by_their_register(organisation, expected):
    from accounts.models import Organisation

    fields = {"company_number": "", "charity_number": "", **organisation}
    assert ocds.organisation_identifier(Organisation(name="X", **fields)) == expected


def test_dates_carry_the_uk_offset_of_their_season():
    import datetime

    assert ocds.iso(datetime.date(2026, 7, 1)) == "2026-07-01T00:00:00+01:00"
    assert ocds.iso(datetime.date(2026, 1, 1), end=True) == "2026-01-01T23:59:59+00:00"


# --- Nothing private ---------------------------------------------------------------------------
def _private_strings() -> list[str]:
    """Text and figures the public may never read, taken from the demo itself."""
    from accounts.models import User
    from contracts.models import CheckInContribution
    from dialogue.models import (
        Clarification,
        EngagementAnswer,
        MarketEngagement,
        OutlineSubmission,
        RoundFeedback,
        TenderMessage,
    )
    from procurement.models import (
        Bid,
        BidAnswer,
        ConsensusScore,
        Lot,
        PriceLine,
        Score,
        Tender,
        TenderStatus,
    )

    winners = set(Tender.objects.exclude(winning_bid=None).values_list("winning_bid", flat=True))
    winners |= set(Lot.objects.exclude(winning_bid=None).values_list("winning_bid", flat=True))
    losing_prices: list[str] = []
    for bid in Bid.objects.exclude(pk__in=winners).prefetch_related("price_lines"):
        lines = list(bid.price_lines.all())
        if lines:
            total = sum((line.total for line in lines), Decimal(0))
            losing_prices.append(json.dumps(ocds.amount(total)["amount"]))
    texts = [
        *BidAnswer.objects.values_list("text", flat=True),
        *Score.objects.values_list("rationale", flat=True),
        *ConsensusScore.objects.values_list("rationale", flat=True),
        *OutlineSubmission.objects.values_list("text", flat=True),
        *RoundFeedback.objects.values_list("body", flat=True),
        *TenderMessage.objects.values_list("body", flat=True),
        *Clarification.objects.exclude(status="published").values_list("question", flat=True),
        *Clarification.objects.values_list("private_reason", flat=True),
        *EngagementAnswer.objects.values_list("text", flat=True),
        *CheckInContribution.objects.values_list("story", flat=True),
        *Tender.objects.filter(status=TenderStatus.DRAFT).values_list("title", flat=True),
        *MarketEngagement.objects.filter(status="draft").values_list("title", flat=True),
        *User.objects.values_list("email", flat=True),
        *PriceLine.objects.exclude(bid__in=winners).values_list("item", flat=True),
    ]
    # Whole texts of some length: short ones ("Yes") could appear by chance in public text.
    return [t for t in texts if t and len(t) >= 12] + [
        f'"amount":{price}' for price in losing_prices
    ]


def test_the_bulk_export_holds_nothing_private(rolled_back_demo, django_db_blocker):
    with django_db_blocker.unblock():
        text = "".join(bulk_release_package())
        private = _private_strings()
    assert len(private) > 20  # the demo has bids, answers, outlines, feedback and people
    leaked = [value for value in private if value in text]
    assert leaked == []


def test_the_losing_prices_are_in_the_demo_and_not_in_the_export(
    rolled_back_demo, django_db_blocker
):
    with django_db_blocker.unblock():
        text = "".join(bulk_release_package())
        prices = [p for p in _private_strings() if p.startswith('"amount":')]
    assert prices
    assert not any(price in text for price in prices)


# --- Records ------------------------------------------------------------------------------------
def test_each_record_is_merged_by_ocdsmerge_and_valid(package, django_db_blocker):
    ocids = sorted({r["ocid"] for r in package["releases"]})
    with django_db_blocker.unblock():
        for ocid in ocids:
            records = record_package(ocid)
            assert records is not None
            errors = ocds_schema.schema_errors(ocds_schema.record_package_validator(), records)
            assert errors == [], ocid
            record = records["records"][0]
            assert record["compiledRelease"]["tag"] == ["compiled"]
            assert record["versionedRelease"]["ocid"] == ocid
            assert release_errors([record["compiledRelease"]]) == []


def test_a_compiled_record_holds_the_latest_state(package, django_db_blocker):
    from procurement.models import Tender

    with django_db_blocker.unblock():
        awarded = Tender.objects.get(reference="NBC-2026-0102")
        compiled = record_package(ocds.ocid_for("tender", awarded.pk))["records"][0][
            "compiledRelease"
        ]
    assert compiled["tender"]["status"] == "complete"
    assert compiled["awards"][0]["status"] == "active"
    assert compiled["tender"]["title"] == awarded.title


# --- Interfaces ---------------------------------------------------------------------------------
def test_bulk_endpoint_streams_the_same_package(client, package):
    response = client.get(reverse("open_data:ocds_releases"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "application/json"
    streamed = json.loads(b"".join(response.streaming_content))
    assert [r["id"] for r in streamed["releases"]] == [r["id"] for r in package["releases"]]


def test_process_endpoints_answer_for_a_public_process_only(
    client, django_db_blocker, rolled_back_demo
):
    from procurement.models import Tender, TenderStatus

    with django_db_blocker.unblock():
        public = Tender.objects.get(reference="NBC-2026-0001")
        draft = Tender.objects.filter(status=TenderStatus.DRAFT).first()
    ocid = ocds.ocid_for("tender", public.pk)
    releases = client.get(reverse("open_data:ocds_process_releases", args=[ocid]))
    assert releases.status_code == 200
    assert {r["ocid"] for r in releases.json()["releases"]} == {ocid}
    record = client.get(reverse("open_data:ocds_process_record", args=[ocid]))
    assert record.status_code == 200
    assert record.json()["records"][0]["ocid"] == ocid
    for hidden in (ocds.ocid_for("tender", draft.pk), "ocds-zzzzzz-tender-1", "nonsense"):
        assert (
            client.get(reverse("open_data:ocds_process_releases", args=[hidden])).status_code == 404
        )
        assert (
            client.get(reverse("open_data:ocds_process_record", args=[hidden])).status_code == 404
        )


def test_export_command_writes_the_package_to_a_file(tmp_path: Path, package, rolled_back_demo):
    path = tmp_path / "releases.json"
    call_command("ocds_export", str(path))
    written = json.loads(path.read_text())
    assert [r["id"] for r in written["releases"]] == [r["id"] for r in package["releases"]]
    one = tmp_path / "one.json"
    ocid = package["releases"][0]["ocid"]
    call_command("ocds_export", str(one), "--ocid", ocid)
    assert {r["ocid"] for r in json.loads(one.read_text())["releases"]} == {ocid}


def test_export_command_refuses_an_unknown_ocid(tmp_path: Path, rolled_back_demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No public contracting process"):
        call_command("ocds_export", str(tmp_path / "x.json"), "--ocid", "ocds-kndred-tender-0")


def test_every_notice_has_a_plain_language_page_and_its_json(client, package):
    seen: set[str] = set()
    for release in package["releases"]:
        for code in _notice_types(release):
            if code in seen:
                continue
            seen.add(code)
            page = client.get(reverse("open_data:notice", args=[release["id"]]))
            assertContains(page, escape(ocds.NOTICE_TYPES[code].explanation))
            assertContains(page, f"({code})")
            data = client.get(reverse("open_data:notice_json", args=[release["id"]]))
            assert data.status_code == 200
            assert data.json()["releases"] == [release]
    assert seen >= REQUIRED_NOTICES
    assert (
        client.get(reverse("open_data:notice", args=["ocds-kndred-tender-0-tender"])).status_code
        == 404
    )


def test_a_release_without_a_notice_has_no_notice_page(client, package):
    plain = next(r for r in package["releases"] if not _notice_types(r))
    assert client.get(reverse("open_data:notice", args=[plain["id"]])).status_code == 404


# --- Queries ------------------------------------------------------------------------------------
def _add_public_tenders(count: int) -> None:
    """More published tenders, each awarded with a contract, made in bulk."""
    from contracts.models import Contract, ContractKind
    from procurement.models import Tender, TenderStatus

    template = Tender.objects.get(reference="NBC-2026-0102")
    start = Tender.objects.count()
    tenders = Tender.objects.bulk_create(
        Tender(
            organisation=template.organisation,
            commission=template.commission,
            specification_version=template.specification_version,
            reference=f"BULK-{start + n}",
            title=f"Extra tender {n}",
            summary="An extra tender for counting queries.",
            submission_deadline=template.submission_deadline,
            status=TenderStatus.AWARDED,
            published_at=template.published_at,
            awarded_at=template.awarded_at,
            award_decided_at=template.award_decided_at,
        )
        for n in range(count)
    )
    Contract.objects.bulk_create(
        Contract(
            organisation=template.organisation,
            title=tender.title,
            kind=ContractKind.TENDERED,
            provider=template.winning_bid.supplier,
            tender=tender,
            value=Decimal("1000"),
            start_date=template.contracts.first().start_date,
            end_date=template.contracts.first().end_date,
        )
        for tender in tenders
    )


def _export_queries(chunk: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        processes = sum(1 for _ in ocds.iter_processes(chunk=chunk))
    return len(queries), processes


def test_export_queries_grow_with_chunks_not_with_processes(rolled_back_demo, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        before, processes_before = _export_queries(chunk=1000)
        _add_public_tenders(30)
        after, processes_after = _export_queries(chunk=1000)
        assert processes_after == processes_before + 30
        assert after == before
        # With small chunks, each chunk costs the same fixed number of queries.
        small, _ = _export_queries(chunk=10)
        assert small <= before + (processes_after // 10 + 1) * 25
        transaction.set_rollback(True)


def test_a_notice_page_costs_the_same_queries_for_a_bigger_process(
    client, rolled_back_demo, django_assert_max_num_queries, django_db_blocker
):
    from contracts.models import Contract, KpiReading

    with django_db_blocker.unblock():
        vans = Contract.objects.get(title__startswith="Electric vans")
        release_id = f"{ocds.ocid_for('contract', vans.pk)}-contract-{vans.pk}"
        with CaptureQueriesContext(connection) as small:
            assert client.get(reverse("open_data:notice", args=[release_id])).status_code == 200
        kpi = vans.kpis.first()
        with transaction.atomic():
            KpiReading.objects.bulk_create(
                KpiReading(kpi=kpi, period=f"Month {n}", value=str(n)) for n in range(40)
            )
            with django_assert_max_num_queries(len(small)):
                page = client.get(reverse("open_data:notice", args=[release_id]))
            assert page.status_code == 200
            transaction.set_rollback(True)


def test_tags_and_notices_are_counted_in_the_demo(package):
    counts = Counter(tag for release in package["releases"] for tag in release["tag"])
    assert counts["tender"] >= 5


def test_the_contract_award_notice_release_is_the_published_notice(package, django_db_blocker):
    from procurement.models import AwardNotice

    with django_db_blocker.unblock():
        notice = AwardNotice.objects.filter(lot=None).select_related("tender").first()
        lines = list(notice.suppliers.all())
    releases = _releases_of(package, ocds.ocid_for("tender", notice.tender_id))
    award_release = next(r for r in releases if r["tag"] == ["award"])
    award = award_release["awards"][0]
    document = award["documents"][0]
    assert document["noticeType"] == "UK6"
    assert document["id"] == notice.reference
    assert document["url"].endswith(notice.get_absolute_url())
    assert award_release["date"] == ocds.iso(notice.published_at)
    assert award["date"] == ocds.iso(notice.decided_at)
    assert [s["name"] for s in award["suppliers"]] == [line.supplier.name for line in lines]
    assert award["standstillPeriod"]["endDate"] == ocds.iso(notice.standstill_ends_on, end=True)
