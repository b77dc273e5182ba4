"""The contract award notice: one per award decision (per lot in a tender with lots, after
the transparency notice in a direct award); publishing it starts the standstill and sends
the assessment summaries; once published it never changes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from core.errors import DomainError
from procurement import award, award_notices, direct_award, services
from procurement.models import (
    AwardNotice,
    BuyerProcurementSettings,
    FeedbackLetter,
    LotStatus,
    PriceLine,
    Procedure,
    TenderStatus,
)
from tests.procurement.test_lot_award import _moderate_equally

pytestmark = pytest.mark.django_db

# Friday 1 May 2026; Monday 4 May is a bank holiday, so 8 working days end on 14 May.
PUBLISHED = datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)
AFTER_STANDSTILL = datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC)
START, END = datetime.date(2026, 6, 1), datetime.date(2028, 5, 31)


@pytest.fixture
def decided(evaluating, commissioner, evaluator):
    _moderate_equally(evaluating, commissioner, evaluator)
    award.award_decision_make(tender=evaluating, rationale="Best value.", by=commissioner)
    evaluating.refresh_from_db()
    return evaluating


@pytest.fixture
def lots_decided(lotted, commissioner, evaluator):
    _moderate_equally(lotted, commissioner, evaluator)
    north, south = lotted.lots.get(title="North"), lotted.lots.get(title="South")
    award.lot_award_decision_make(lot=north, rationale="Best in the north.", by=commissioner)
    award.lot_award_decision_make(lot=south, rationale="Best in the south.", by=commissioner)
    north.refresh_from_db()
    south.refresh_from_db()
    return north, south


def _publish(tender, by, lot=None, summary="The best bid wins."):
    return award_notices.award_notice_publish(tender=tender, lot=lot, summary=summary, by=by)


# --- A tender without lots -------------------------------------------------------------------
def test_publishing_the_notice_starts_the_standstill_and_records_what_it_says(
    decided, commissioner, django_capture_on_commit_callbacks
):
    winner = decided.winning_bid
    with (
        time_machine.travel(PUBLISHED, tick=False),
        django_capture_on_commit_callbacks(execute=False) as queued,
    ):
        notice = _publish(decided, commissioner, summary="  Winner chosen.  ")
    decided.refresh_from_db()
    assert decided.status == TenderStatus.STANDSTILL
    assert decided.standstill_ends_on == datetime.date(2026, 5, 14)
    assert notice.reference == f"{decided.reference}-UK6"
    assert notice.notice_type == "UK6"
    assert notice.lot is None
    assert notice.title == decided.title
    assert notice.summary == "Winner chosen."
    assert notice.decided_at == decided.award_decided_at
    assert notice.standstill_starts_on == datetime.date(2026, 5, 1)
    assert notice.standstill_ends_on == datetime.date(2026, 5, 14)
    assert notice.standstill_working_days == 8
    assert notice.published_at == PUBLISHED
    assert notice.published_by == commissioner
    assert notice.currency == "GBP"
    [line] = notice.suppliers.all()
    assert line.supplier_id == winner.supplier_id
    assert line.bid_id == winner.pk
    assert line.name == winner.supplier.name
    assert line.value == Decimal(800)  # the winning bid's price
    assert notice.total_value == Decimal(800)
    # The assessment summaries go out with the notice.
    assert FeedbackLetter.objects.filter(bid__tender=decided).count() == 2
    # Once the change commits, the feedback letters' task is sent to the worker.
    from unittest import mock

    from procurement import tasks

    with mock.patch.object(tasks.issue_feedback_letters, "apply_async") as send:
        for callback in queued:
            callback()
    send.assert_any_call(args=(decided.pk,), retry=False, ignore_result=True)
    assert AuditEvent.objects.filter(verb="contract award notice published").exists()
    assert award_notices.award_status(notice) == award_notices.AwardStatus.PENDING


def test_the_contract_is_refused_until_the_standstill_the_notice_started_has_ended(
    decided, commissioner, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(PUBLISHED, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        notice = _publish(decided, commissioner)
    decided.refresh_from_db()
    with (
        time_machine.travel(datetime.datetime(2026, 5, 14, 15, tzinfo=datetime.UTC)),
        pytest.raises(DomainError, match="Standstill ends"),
    ):
        award.tender_award(tender=decided, start_date=START, end_date=END, by=commissioner)
    with time_machine.travel(AFTER_STANDSTILL, tick=False):
        award.tender_award(tender=decided, start_date=START, end_date=END, by=commissioner)
    notice = award_notices.award_notice_get(notice.pk)
    assert award_notices.award_status(notice) == award_notices.AwardStatus.ACTIVE
    assert award_notices.notice_contract(notice).start_date == START


def test_the_buyers_longer_standstill_is_used(decided, commissioner, council):
    BuyerProcurementSettings.objects.create(organisation=council, standstill_working_days=10)
    with time_machine.travel(PUBLISHED, tick=False):
        notice = _publish(decided, commissioner)
    assert notice.standstill_working_days == 10
    assert notice.standstill_ends_on == datetime.date(2026, 5, 18)


def test_no_notice_before_the_award_is_decided(evaluating, commissioner):
    with pytest.raises(DomainError, match="once the award is decided"):
        _publish(evaluating, commissioner)
    assert not AwardNotice.objects.exists()
    evaluating.refresh_from_db()
    assert evaluating.status == TenderStatus.EVALUATION


def test_a_notice_is_published_once(decided, commissioner):
    _publish(decided, commissioner)
    with pytest.raises(DomainError, match="once the award is decided"):
        _publish(decided, commissioner)
    assert AwardNotice.objects.count() == 1


@pytest.mark.parametrize(
    ("summary", "message"), [("   ", "Write a short summary"), ("x" * 2001, "2,000")]
)
def test_the_summary_is_needed_and_short(decided, commissioner, summary, message):
    with pytest.raises(DomainError, match=message) as refused:
        _publish(decided, commissioner, summary=summary)
    assert refused.value.field == "summary"
    decided.refresh_from_db()
    assert decided.status == TenderStatus.AWARD_DECISION


@pytest.mark.parametrize("person", ["evaluator", "viewer", "supplier_user", "other_commissioner"])
def test_only_the_buyers_managers_publish(request, decided, person):
    with pytest.raises(PermissionDenied):
        _publish(decided, request.getfixturevalue(person))
    assert not AwardNotice.objects.exists()


def test_a_published_notice_cannot_be_changed(decided, commissioner):
    notice = _publish(decided, commissioner)
    notice.summary = "Something else."
    with pytest.raises(ValueError, match="cannot be changed"):
        notice.save()
    line = notice.suppliers.get()
    line.value = 1
    with pytest.raises(ValueError, match="cannot be changed"):
        line.save()
    assert AwardNotice.objects.get().summary == "The best bid wins."


def test_a_cancelled_tender_reads_as_a_cancelled_award(decided, commissioner):
    notice = _publish(decided, commissioner)
    services.tender_cancel(
        tender=decided, reason="The service is no longer needed.", by=commissioner
    )
    notice = award_notices.award_notice_get(notice.pk)
    assert award_notices.award_status(notice) == award_notices.AwardStatus.CANCELLED


# --- Lots ------------------------------------------------------------------------------------
def test_each_lot_has_its_own_notice_with_its_own_winner_value_and_standstill(
    lots_decided, commissioner, supplier_org, other_supplier_org
):
    north, south = lots_decided
    with time_machine.travel(PUBLISHED, tick=False):
        north_notice = _publish(north.tender, commissioner, lot=north)
    with time_machine.travel(PUBLISHED + datetime.timedelta(days=3), tick=False):
        south_notice = _publish(south.tender, commissioner, lot=south)
    assert north_notice.reference.endswith("-UK6-L1")
    assert south_notice.reference.endswith("-UK6-L2")
    assert north_notice.title.endswith(": North")
    assert north_notice.suppliers.get().supplier == other_supplier_org
    assert north_notice.suppliers.get().value == Decimal(800)
    assert south_notice.suppliers.get().supplier == supplier_org
    assert south_notice.suppliers.get().value == Decimal(500)
    north.refresh_from_db()
    south.refresh_from_db()
    assert north.status == south.status == LotStatus.STANDSTILL
    assert north_notice.standstill_ends_on == north.standstill_ends_on == datetime.date(2026, 5, 14)
    assert south_notice.standstill_starts_on == datetime.date(2026, 5, 4)
    assert south_notice.standstill_ends_on == south.standstill_ends_on
    assert [n.pk for n in award_notices.award_notices_for(north.tender)] == [
        north_notice.pk,
        south_notice.pk,
    ]
    with time_machine.travel(AFTER_STANDSTILL, tick=False):
        award.lot_award(lot=north, start_date=START, end_date=END, by=commissioner)
    statuses = {
        n.lot.title: award_notices.award_status(n)
        for n in award_notices.award_notices_for(north.tender)
    }
    assert statuses == {"North": "active", "South": "pending"}


def test_a_tender_with_lots_has_no_notice_of_its_own(lots_decided, commissioner):
    north, _ = lots_decided
    with pytest.raises(DomainError, match="Publish a contract award notice for each lot"):
        _publish(north.tender, commissioner)


def test_no_lot_notice_until_every_lot_is_decided(lotted, commissioner, evaluator):
    _moderate_equally(lotted, commissioner, evaluator)
    north = lotted.lots.get(title="North")
    award.lot_award_decision_make(lot=north, rationale="Best.", by=commissioner)
    with pytest.raises(DomainError, match="every lot"):
        _publish(lotted, commissioner, lot=north)


# --- Direct award ----------------------------------------------------------------------------
@pytest.fixture
def direct_decided(draft_tender, commissioner, supplier_org, supplier_user):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    direct_award.direct_award_set(
        tender=draft_tender,
        supplier=supplier_org,
        grounds=["urgency"],
        justification="Only they can start next week.",
        by=commissioner,
    )
    draft_tender.refresh_from_db()
    tender = services.tender_publish(tender=draft_tender, by=commissioner)
    bid = services.bid_start(tender=tender, supplier=supplier_org, by=supplier_user)
    services.bid_save_answers(
        bid=bid, answers={tender.questions.get().pk: "Our offer."}, by=supplier_user
    )
    PriceLine.objects.create(bid=bid, item="The service", quantity=2, unit_price=Decimal("1250.50"))
    services.bid_submit(bid=bid, by=supplier_user)
    checks = {name: (True, "Checked.") for name, _ in direct_award.CHECKS}
    return direct_award.direct_award_checks_record(
        tender=tender, checks=checks, rationale="Good value.", by=commissioner
    )


def test_a_direct_award_notice_follows_its_transparency_notice(
    client, direct_decided, commissioner, supplier_org
):
    draft = award_notices.award_notice_draft(tender=direct_decided)
    assert draft.refusal == ""
    assert draft.letters_to == []
    assert "without a competition" in draft.summary
    notice = _publish(direct_decided, commissioner, summary=draft.summary)
    assert notice.suppliers.get().supplier == supplier_org
    assert notice.suppliers.get().value == Decimal("2501.00")
    assert direct_decided.transparency_notice.published_at < notice.published_at
    direct_decided.refresh_from_db()
    assert direct_decided.status == TenderStatus.STANDSTILL
    assert not FeedbackLetter.objects.filter(bid__tender=direct_decided).exists()
    client.force_login(commissioner)
    assertContains(
        client.get(reverse("procurement:direct_award", args=[direct_decided.pk])),
        reverse("procurement:award_notice", args=[notice.pk]),
    )


# --- The buyer's page ------------------------------------------------------------------------
def test_the_buyer_checks_the_notice_then_publishes_it(
    client,
    decided,
    commissioner,
    supplier_org,
    other_supplier_org,
    django_capture_on_commit_callbacks,
):
    client.force_login(commissioner)
    evaluation_page = client.get(reverse("procurement:evaluation", args=[decided.pk]))
    url = reverse("procurement:award_notice_publish", args=[decided.pk])
    assertContains(evaluation_page, url)
    page = client.get(url)
    assertContains(page, "Publish the contract award notice")
    assertContains(page, decided.winning_bid.supplier.name)
    assertContains(page, "£800")
    assertContains(page, "8 working days")
    # The bidders whose assessment summaries go out with the notice.
    assertContains(page, supplier_org.name)
    assertContains(page, other_supplier_org.name)
    assertContains(page, "whose bid scored highest")  # the summary written for the buyer
    refused = client.post(url, {"summary": ""})
    assertContains(refused, "Write a short summary of the decision")
    assert not AwardNotice.objects.exists()
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(url, {"summary": "Our plain summary."})
    assert response.status_code == 302
    assert response["Location"] == reverse("procurement:evaluation", args=[decided.pk])
    notice = AwardNotice.objects.get()
    assert notice.summary == "Our plain summary."
    # The evaluation page now points to the published notice.
    assertContains(
        client.get(reverse("procurement:evaluation", args=[decided.pk])),
        reverse("procurement:award_notice", args=[notice.pk]),
    )
    after = client.get(url)
    assertContains(after, "once the award is decided")
    assertNotContains(after, "Publish notice and start standstill")


# --- The public pages ------------------------------------------------------------------------
def _past_notices(council, count):
    """`count` awarded tenders, each with the notice of an award made 40 days ago."""
    from procurement.demo import past_award_notice
    from tests.procurement.factories import BidFactory, PublishedTenderFactory

    decided = timezone.now() - datetime.timedelta(days=40)
    for _ in range(count):
        tender = PublishedTenderFactory(organisation=council, status=TenderStatus.AWARDED)
        bid = BidFactory(tender=tender)
        past_award_notice(
            tender=tender, lot=None, winner=bid, value=Decimal(1000), decided=decided, by=None
        )


def test_anyone_reads_a_published_notice_in_plain_words(
    client, decided, commissioner, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(PUBLISHED, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        notice = _publish(decided, commissioner, summary="Good Food Co-op wins the contract.")
    winner = decided.winning_bid.supplier.name
    page = client.get(reverse("procurement:award_notice", args=[notice.pk]))
    assertContains(page, "Good Food Co-op wins the contract.")
    assertContains(page, notice.reference)
    assertContains(page, winner)
    assertContains(page, "£800")
    assertContains(page, "From 1 May 2026 to the end of 14 May 2026 (8 working days)")
    assertContains(page, "In standstill")
    assertContains(page, "section 51")
    assertNotContains(page, "Contract dates")
    listing = client.get(reverse("procurement:award_notice_list"))
    assertContains(listing, reverse("procurement:award_notice", args=[notice.pk]))
    assertContains(listing, winner)
    # The public tender page shows the winner, the value and the dates, and links to it.
    tender_page = client.get(reverse("procurement:tender_detail", args=[decided.pk]))
    assertContains(tender_page, reverse("procurement:award_notice", args=[notice.pk]))
    assertContains(tender_page, winner)
    assertContains(tender_page, "£800")
    assertContains(tender_page, "14 May 2026")
    # Once the contract is signed, its dates are on both pages.
    decided.refresh_from_db()
    with time_machine.travel(AFTER_STANDSTILL, tick=False):
        award.tender_award(tender=decided, start_date=START, end_date=END, by=commissioner)
    page = client.get(reverse("procurement:award_notice", args=[notice.pk]))
    assertContains(page, "Contract signed")
    assertContains(page, "1 June 2026 to 31 May 2028")
    assertContains(
        client.get(reverse("procurement:tender_detail", args=[decided.pk])), "1 June 2026"
    )


def test_a_missing_notice_is_not_found(client):
    assert client.get(reverse("procurement:award_notice", args=[999999])).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_the_notice_list_runs_a_constant_number_of_queries(
    client, council, count, django_assert_max_num_queries
):
    _past_notices(council, count)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("procurement:award_notice_list"))
    assert response.status_code == 200
    assert response.content.decode().count("Published ") == min(count, 25)
