"""After the award: each bidder is asked once, anonymously, how the process was."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Notification
from home.missions import mission_progress
from procurement import award, award_notices, bidder_feedback
from procurement.bidder_feedback import FeedbackInvalid
from procurement.models import BidderFeedback, BidderFeedbackRequest
from tests.commissioning.factories import MissionFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import TenderFactory, TenderQuestionFactory
from tests.procurement.test_evaluation import _moderate, _score_all

pytestmark = pytest.mark.django_db

ANSWER = {
    "hours_spent": 30,
    "clarity": 4,
    "fairness": 5,
    "would_bid_again": "yes",
    "comments": "Short questions helped.",
}


@pytest.fixture
def tender(council, commissioner):
    tender = TenderFactory(organisation=council, created_by=commissioner, status="awarded")
    TenderQuestionFactory(tender=tender, word_limit=500)
    TenderQuestionFactory(tender=tender, word_limit=1000)
    return tender


def _bidders(count: int) -> list[tuple]:
    """Supplier organisations, each with one person who may answer for it."""
    people = []
    for _ in range(count):
        organisation = OrganisationFactory(kind="supplier")
        person = UserFactory()
        MembershipFactory(user=person, organisation=organisation, role="supplier")
        people.append((organisation, person))
    return people


def _answer(tender, organisation, person, **changes):
    return bidder_feedback.bidder_feedback_give(
        tender=tender, supplier=organisation, by=person, **{**ANSWER, **changes}
    )


def test_standstill_asks_each_bidder_once_with_the_feedback_letters(
    evaluating, commissioner, evaluator, supplier_user, django_capture_on_commit_callbacks
):
    _score_all(evaluating, evaluator, 3)
    _score_all(evaluating, commissioner, 3)
    _moderate(evaluating, commissioner, {b.supplier.name: 3 for b in evaluating.bids.all()})
    award.award_decision_make(tender=evaluating, rationale="Best value.", by=commissioner)
    with (
        time_machine.travel(datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        award_notices.award_notice_publish(tender=evaluating, summary="Awarded.", by=commissioner)
    suppliers = set(evaluating.bids.values_list("supplier_id", flat=True))
    assert (
        set(
            BidderFeedbackRequest.objects.filter(tender=evaluating).values_list(
                "supplier_id", flat=True
            )
        )
        == suppliers
    )
    note = Notification.objects.get(recipient=supplier_user, key__startswith="bidder-feedback:")
    assert note.url == reverse("procurement:bidder_feedback_give", args=[evaluating.pk])
    # Asking again (a later lot's standstill) asks nobody twice.
    assert bidder_feedback.bidder_feedback_ask(tender=evaluating, supplier_ids=suppliers) == 0


def test_an_answer_is_kept_without_the_bidder_and_only_once(tender):
    [(organisation, person)] = _bidders(1)
    bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[organisation.pk])
    feedback = _answer(tender, organisation, person)
    assert (feedback.hours_spent, feedback.clarity, feedback.would_bid_again) == (30, 4, "yes")
    assert BidderFeedbackRequest.objects.get().responded is True
    fields = {f.name for f in BidderFeedback._meta.get_fields()}
    assert not fields & {"supplier", "bid", "by", "created_at", "request"}
    with pytest.raises(FeedbackInvalid, match="already answered"):
        _answer(tender, organisation, person)
    assert BidderFeedback.objects.count() == 1


def test_only_an_asked_bidders_own_people_may_answer(tender, commissioner):
    [(asked, _), (not_asked, not_asked_person)] = _bidders(2)
    bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[asked.pk])
    with pytest.raises(FeedbackInvalid):
        _answer(tender, not_asked, not_asked_person)
    with pytest.raises(FeedbackInvalid):
        _answer(tender, asked, not_asked_person)
    with pytest.raises(FeedbackInvalid):
        _answer(tender, asked, commissioner)
    assert not BidderFeedback.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hours_spent": -1}, "hours_spent"),
        ({"clarity": 6}, "clarity"),
        ({"fairness": 0}, "fairness"),
        ({"would_bid_again": "never"}, "would_bid_again"),
        ({"comments": "x" * 2001}, "comments"),
    ],
)
def test_answers_are_checked(tender, changes, field):
    [(organisation, person)] = _bidders(1)
    bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[organisation.pk])
    with pytest.raises(FeedbackInvalid) as refused:
        _answer(tender, organisation, person, **changes)
    assert refused.value.field == field


def test_results_show_only_from_three_answers_with_the_burden_estimate(tender):
    bidders = _bidders(3)
    bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[o.pk for o, _ in bidders])
    for (organisation, person), hours in zip(bidders[:2], (10, 40), strict=True):
        _answer(tender, organisation, person, hours_spent=hours)
    hidden = bidder_feedback.tender_feedback(tender)
    assert (hidden.shown, hidden.asked, hidden.responses) == (False, 3, 2)
    assert hidden.hours_average is None and hidden.comments == []

    organisation, person = bidders[2]
    _answer(tender, organisation, person, hours_spent=22, would_bid_again="no", comments="")
    shown = bidder_feedback.tender_feedback(tender)
    assert shown.shown
    assert (str(shown.hours_median), str(shown.hours_average)) == ("22.0", "24.0")
    assert [(s.label, s.count) for s in shown.bid_again] == [("Yes", 2), ("Maybe", 0), ("No", 1)]
    # 1,500 words at 250 an hour, plus 3 hours for the price schedule.
    assert shown.estimate_hours == 9
    assert "much longer than the estimate" in shown.hours_compared
    assert shown.comments == ["Short questions helped.", "Short questions helped."]


def test_mission_counts_only_tenders_with_enough_answers(council, commissioner):
    mission = MissionFactory(organisation=council)
    enough, too_few = (
        TenderFactory(organisation=council, created_by=commissioner, status="awarded")
        for _ in range(2)
    )
    for tender in (enough, too_few):
        tender.commission.missions.add(mission)
    for tender, count in ((enough, 3), (too_few, 2)):
        bidders = _bidders(count)
        ids = [o.pk for o, _ in bidders]
        bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=ids)
        for organisation, person in bidders:
            _answer(tender, organisation, person, hours_spent=100 if tender == too_few else 20)
    summary = mission_progress(mission, reader=commissioner).bidder_feedback
    assert (summary.shown, summary.tenders, summary.responses) == (True, 1, 3)
    assert str(summary.hours_average) == "20.0"


# --- Pages ---------------------------------------------------------------------------------
def test_bidder_answers_on_its_page_once(client, tender):
    [(organisation, person)] = _bidders(1)
    bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[organisation.pk])
    client.force_login(person)
    url = reverse("procurement:bidder_feedback_give", args=[tender.pk])
    page = client.get(url)
    assertContains(page, "Your answer is anonymous")
    empty = client.post(url, {})
    assertContains(empty, "There is a problem")
    assertContains(empty, "Choose how fair the process felt.")
    sent = client.post(url, {**ANSWER, "clarity": "4", "fairness": "5"})
    assert sent.status_code == 302
    assert BidderFeedback.objects.count() == 1
    assert client.get(url).status_code == 404


def test_the_commissioner_sees_results_only_from_three_answers(client, tender, commissioner):
    bidders = _bidders(3)
    bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[o.pk for o, _ in bidders])
    client.force_login(commissioner)
    url = reverse("procurement:bidder_feedback_results", args=[tender.pk])
    for organisation, person in bidders[:2]:
        _answer(tender, organisation, person, comments="Too many documents.")
    few = client.get(url)
    assertContains(few, "2 of 3 bidders asked have answered.")
    assertContains(few, "so no answer can be traced to a bidder")
    assertNotContains(few, "Too many documents.")
    _answer(tender, *bidders[2])
    enough = client.get(url)
    assertContains(enough, "Too many documents.")
    assertContains(enough, "Our estimate was 9 hours")


def test_results_page_is_for_the_buyers_managers(client, tender, viewer, supplier_user):
    url = reverse("procurement:bidder_feedback_results", args=[tender.pk])
    for person in (viewer, supplier_user):
        client.force_login(person)
        assert client.get(url).status_code == 404


def test_results_page_runs_the_same_queries_at_two_sizes(client, tender, commissioner):
    client.force_login(commissioner)
    url = reverse("procurement:bidder_feedback_results", args=[tender.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add(count: int) -> None:
        bidders = _bidders(count)
        bidder_feedback.bidder_feedback_ask(tender=tender, supplier_ids=[o.pk for o, _ in bidders])
        for organisation, person in bidders:
            _answer(tender, organisation, person)

    add(3)
    queries()
    small = queries()
    add(12)
    assert queries() == small
