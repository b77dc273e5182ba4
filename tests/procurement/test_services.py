from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from core.errors import DomainError
from procurement import services
from procurement.models import Bid, BidStatus, Tender, TenderStatus
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory
from tests.factories import MembershipFactory, UserFactory
from tests.procurement.factories import BidFactory, TenderFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


# --- The lifecycle ---------------------------------------------------------------------------
# Every source and target pair of every lifecycle is tested in tests/test_lifecycles.py.
def test_a_tender_can_be_cancelled_from_every_open_state():
    finished = {TenderStatus.AWARDED, TenderStatus.CANCELLED}
    for status in set(TenderStatus.values) - finished:
        assert TenderStatus.CANCELLED in services.ALLOWED[status]


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_commissioners_and_admins_move_a_tender(person, request, council):
    tender = TenderFactory(organisation=council)
    with pytest.raises(PermissionDenied):
        services.tender_transition(
            tender=tender, to=TenderStatus.PUBLISHED, by=request.getfixturevalue(person)
        )


# --- Creating and publishing -----------------------------------------------------------------
def _version_for(council):
    commission = CommissionFactory(organisation=council)
    return commission, SpecificationVersionFactory(specification__commission=commission)


def test_tender_create_makes_a_draft_with_a_unique_reference(council, commissioner):
    commission, version = _version_for(council)
    first, second = (
        services.tender_create(
            commission=commission,
            specification_version=version,
            title=f"Food hubs {n}",
            summary="Run food hubs.",
            procedure="open",
            submission_deadline=timezone.now() + 10 * DAY,
            clarification_deadline=None,
            estimated_value=Decimal("250000"),
            by=commissioner,
        )
        for n in (1, 2)
    )
    year = timezone.localdate().year
    assert first.status == TenderStatus.DRAFT
    assert first.organisation == council
    assert first.created_by == commissioner
    assert first.reference.endswith(f"-{year}-0001")
    assert second.reference.endswith(f"-{year}-0002")
    assert first.reference.split("-")[0] == "NC"  # Northbridge Council
    assert AuditEvent.objects.filter(verb="created", target_id=str(first.pk)).exists()


def test_tender_create_refuses_a_version_of_another_commissions_specification(
    council, commissioner
):
    commission, _ = _version_for(council)
    _, other_version = _version_for(council)
    with pytest.raises(DomainError, match="this commission"):
        services.tender_create(
            commission=commission,
            specification_version=other_version,
            title="Food hubs",
            summary="Run food hubs.",
            submission_deadline=timezone.now() + 10 * DAY,
            by=commissioner,
        )


def test_tender_create_refuses_a_question_deadline_after_the_bid_deadline(council, commissioner):
    commission, version = _version_for(council)
    with pytest.raises(DomainError, match="deadline for questions"):
        services.tender_create(
            commission=commission,
            specification_version=version,
            title="Food hubs",
            summary="Run food hubs.",
            submission_deadline=timezone.now() + 10 * DAY,
            clarification_deadline=timezone.now() + 11 * DAY,
            by=commissioner,
        )


def test_another_councils_commissioner_cannot_create_a_tender(council, other_commissioner):
    commission, version = _version_for(council)
    with pytest.raises(PermissionDenied):
        services.tender_create(
            commission=commission,
            specification_version=version,
            title="Food hubs",
            summary="Run food hubs.",
            submission_deadline=timezone.now() + 10 * DAY,
            by=other_commissioner,
        )


def test_publish_needs_a_question(council, commissioner):
    tender = TenderFactory(organisation=council)
    with pytest.raises(DomainError, match="at least one question"):
        services.tender_publish(tender=tender, by=commissioner)


def test_publish_needs_a_deadline_in_the_future(council, commissioner):
    tender = TenderFactory(organisation=council, submission_deadline=timezone.now() - DAY)
    TenderQuestionFactory(tender=tender)
    with pytest.raises(DomainError, match="deadline has passed"):
        services.tender_publish(tender=tender, by=commissioner)


def test_publish_opens_the_tender_and_records_when(draft_tender, commissioner):
    tender = services.tender_publish(tender=draft_tender, by=commissioner)
    tender.refresh_from_db()
    assert tender.status == TenderStatus.PUBLISHED
    assert tender.published_at is not None


def test_questions_are_fixed_once_published(open_tender, commissioner):
    with pytest.raises(DomainError, match="before the tender is published"):
        services.tender_question_add(tender=open_tender, text="Another?", by=commissioner)


def test_question_add_numbers_questions_in_order(draft_tender, commissioner):
    question = services.tender_question_add(
        tender=draft_tender, text="What will you measure?", word_limit=300, by=commissioner
    )
    assert list(draft_tender.questions.all())[-1] == question


@pytest.mark.parametrize(
    ("word_limit", "message"),
    [(9, "10 words or more"), (5001, "5,000 words or fewer"), (2**31, "5,000 words or fewer")],
)
def test_a_questions_word_limit_is_refused_outside_10_to_5000_words(
    draft_tender, commissioner, word_limit, message
):
    before = draft_tender.questions.count()
    with pytest.raises(DomainError, match=message):
        services.tender_question_add(
            tender=draft_tender,
            text="What will you measure?",
            word_limit=word_limit,
            by=commissioner,
        )
    assert draft_tender.questions.count() == before


def test_close_is_refused_before_the_deadline(open_tender, commissioner):
    with pytest.raises(DomainError, match="once the bid deadline has passed"):
        services.tender_close(tender=open_tender, by=commissioner)


def test_close_after_the_deadline(open_tender, commissioner):
    with time_machine.travel(open_tender.submission_deadline + datetime.timedelta(minutes=1)):
        services.tender_close(tender=open_tender, by=commissioner)
    open_tender.refresh_from_db()
    assert open_tender.status == TenderStatus.CLOSED


def test_cancel_needs_a_reason_and_keeps_it(open_tender, commissioner):
    with pytest.raises(DomainError, match="reason"):
        services.tender_cancel(tender=open_tender, reason="  ", by=commissioner)
    services.tender_cancel(tender=open_tender, reason="The budget was withdrawn.", by=commissioner)
    open_tender.refresh_from_db()
    assert open_tender.status == TenderStatus.CANCELLED
    assert open_tender.cancellation_reason == "The budget was withdrawn."


# --- Opening bids ----------------------------------------------------------------------------
def test_bids_cannot_be_opened_before_the_deadline(open_tender, commissioner):
    with pytest.raises(DomainError, match="once the bid deadline has passed"):
        services.bids_open(tender=open_tender, by=commissioner)
    open_tender.refresh_from_db()
    assert open_tender.bids_opened_at is None


def test_opening_bids_after_the_deadline_closes_the_tender_and_records_who(
    open_tender, commissioner
):
    after = open_tender.submission_deadline + DAY
    with time_machine.travel(after, tick=False):
        tender = services.bids_open(tender=open_tender, by=commissioner)
    assert tender.status == TenderStatus.CLOSED
    assert tender.bids_opened_at == after
    assert tender.bids_opened_by == commissioner
    assert AuditEvent.objects.filter(verb="bids opened", target_id=str(tender.pk)).exists()


def test_bids_are_opened_only_once(open_tender, commissioner):
    with time_machine.travel(open_tender.submission_deadline + DAY):
        services.bids_open(tender=open_tender, by=commissioner)
        with pytest.raises(DomainError, match="already been opened"):
            services.bids_open(tender=open_tender, by=commissioner)


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_commissioners_and_admins_open_bids(person, request, open_tender):
    with (
        time_machine.travel(open_tender.submission_deadline + DAY),
        pytest.raises(PermissionDenied),
    ):
        services.bids_open(tender=open_tender, by=request.getfixturevalue(person))


def test_an_admin_of_the_buyer_may_open_bids(open_tender, council_admin):
    with time_machine.travel(open_tender.submission_deadline + DAY):
        tender = services.bids_open(tender=open_tender, by=council_admin)
    assert tender.bids_opened_by == council_admin


# --- Bids ------------------------------------------------------------------------------------
def _question(tender):
    return tender.questions.get()


def test_supplier_drafts_and_submits_a_bid(open_tender, supplier_org, supplier_user, mailoutbox):
    bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    services.bid_save_answers(
        bid=bid, answers={_question(open_tender).pk: "We will listen first."}, by=supplier_user
    )
    bid = services.bid_submit(bid=bid, by=supplier_user)
    assert bid.status == BidStatus.SUBMITTED
    assert bid.submitted_by == supplier_user
    assert bid.answers.get().text == "We will listen first."
    assert Notification.objects.filter(recipient=supplier_user).count() == 1


def test_a_draft_keeps_an_answer_over_the_word_limit_and_submit_refuses_it(
    open_tender, supplier_org, supplier_user
):
    bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    question = _question(open_tender)
    services.bid_save_answers(bid=bid, answers={question.pk: "word " * 21}, by=supplier_user)
    assert bid.answers.get().text == "word " * 21
    with pytest.raises(services.BidAnswersInvalid) as raised:
        services.bid_submit(bid=bid, by=supplier_user)
    assert "How will you involve residents?" in raised.value.errors[question.pk]
    assert "20 words or fewer to submit. It is 21 words" in raised.value.errors[question.pk]
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT
    assert bid.answers.get().text == "word " * 21


def test_a_bid_cannot_be_submitted_with_an_unanswered_question(
    open_tender, supplier_org, supplier_user
):
    bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    with pytest.raises(services.BidAnswersInvalid, match="before you submit"):
        services.bid_submit(bid=bid, by=supplier_user)


def test_a_bid_cannot_be_submitted_after_the_deadline(open_tender, supplier_org, supplier_user):
    bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    services.bid_save_answers(
        bid=bid, answers={_question(open_tender).pk: "Ready."}, by=supplier_user
    )
    with (
        time_machine.travel(open_tender.submission_deadline + datetime.timedelta(seconds=1)),
        pytest.raises(DomainError, match="deadline for bids was"),
    ):
        services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


def test_a_submitted_bid_can_be_withdrawn_and_submitted_again_before_the_deadline(
    open_tender, supplier_org, supplier_user
):
    bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    services.bid_save_answers(bid=bid, answers={_question(open_tender).pk: "V1"}, by=supplier_user)
    services.bid_submit(bid=bid, by=supplier_user)
    with pytest.raises(DomainError, match="Withdraw it"):
        services.bid_save_answers(
            bid=bid, answers={_question(open_tender).pk: "V2"}, by=supplier_user
        )
    bid = services.bid_withdraw(bid=bid, reason="We need to rethink.", by=supplier_user)
    assert bid.status == BidStatus.WITHDRAWN
    services.bid_save_answers(bid=bid, answers={_question(open_tender).pk: "V2"}, by=supplier_user)
    bid = services.bid_submit(bid=bid, by=supplier_user)
    assert bid.status == BidStatus.SUBMITTED
    assert bid.withdrawn_at is None


def test_a_bid_cannot_be_withdrawn_after_the_deadline(submitted_bid, supplier_user):
    with (
        time_machine.travel(submitted_bid.tender.submission_deadline + DAY),
        pytest.raises(DomainError, match="deadline"),
    ):
        services.bid_withdraw(bid=submitted_bid, by=supplier_user)


def test_a_buyer_cannot_bid_or_edit_a_suppliers_bid(open_tender, commissioner, submitted_bid):
    with pytest.raises(PermissionDenied):
        services.bid_start(tender=open_tender, supplier=submitted_bid.supplier, by=commissioner)
    with pytest.raises(PermissionDenied):
        services.bid_withdraw(bid=submitted_bid, by=commissioner)


def test_another_supplier_cannot_change_a_bid(submitted_bid, other_supplier_user):
    with pytest.raises(PermissionDenied):
        services.bid_withdraw(bid=submitted_bid, by=other_supplier_user)


def test_no_bids_on_a_draft_tender(draft_tender, supplier_org, supplier_user):
    with pytest.raises(DomainError, match="not open for bids"):
        services.bid_start(tender=draft_tender, supplier=supplier_org, by=supplier_user)


def test_one_bid_per_supplier(open_tender, supplier_org, supplier_user):
    first = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    again = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
    assert first == again
    assert Bid.objects.count() == 1


# --- Reminders -------------------------------------------------------------------------------
def test_deadline_reminders_reach_each_person_once(
    council, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=supplier_org, role="supplier")
    soon = TenderFactory(
        organisation=council,
        status=TenderStatus.PUBLISHED,
        created_by=commissioner,
        submission_deadline=timezone.now() + 2 * DAY,
    )
    BidFactory(tender=soon, supplier=supplier_org)  # a draft
    BidFactory(tender=soon, supplier=other_supplier_org, status=BidStatus.SUBMITTED)
    later = TenderFactory(
        organisation=council,
        status=TenderStatus.PUBLISHED,
        created_by=commissioner,
        submission_deadline=timezone.now() + 10 * DAY,
    )
    BidFactory(tender=later, supplier=supplier_org)

    assert services.deadline_reminders_send(now=timezone.now()) == 3
    assert services.deadline_reminders_send(now=timezone.now()) == 0

    reminded = Notification.objects.filter(key__startswith="tender-deadline-3d:")
    assert sorted(n.recipient_id for n in reminded) == sorted(
        [supplier_user.pk, colleague.pk, commissioner.pk]
    )
    assert {n.key for n in reminded} == {
        f"tender-deadline-3d:{soon.pk}:{user.pk}"
        for user in (supplier_user, colleague, commissioner)
    }
    assert not Notification.objects.filter(recipient=other_supplier_user).exists()


def test_no_reminders_for_draft_or_past_tenders(council, commissioner, supplier_org):
    TenderFactory(
        organisation=council, created_by=commissioner, submission_deadline=timezone.now() + DAY
    )
    TenderFactory(
        organisation=council,
        status=TenderStatus.PUBLISHED,
        created_by=commissioner,
        submission_deadline=timezone.now() - DAY,
    )
    assert services.deadline_reminders_send(now=timezone.now()) == 0


def test_tender_factory_still_makes_a_consistent_tender():
    tender = TenderFactory()
    assert tender.specification_version.specification.commission == tender.commission
    assert Tender.objects.count() == 1
