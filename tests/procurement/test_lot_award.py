"""Lots evaluated, ranked, decided, held in standstill and awarded one by one: one contract
per awarded lot, and a supplier may win some lots and not others."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Contract
from core.errors import DomainError, InvalidTransition
from procurement import award, award_notices, bid_parts, evaluation, services
from procurement.models import BidCommitment, FeedbackLetter, LotStatus, PriceLine, TenderStatus
from procurement.results import lot_results
from social_value.models import Measure
from tests.procurement.factories import BidFactory

pytestmark = pytest.mark.django_db

DECIDED = datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC)
AFTER_STANDSTILL = datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC)
START, END = datetime.date(2026, 6, 1), datetime.date(2028, 5, 31)


def _moderate_equally(tender, commissioner, evaluator, score=3):
    for person in (evaluator, commissioner):
        for bid in tender.bids.all():
            evaluation.scores_record(
                bid=bid,
                scores={q.pk: (score, "Clear evidence.") for q in tender.questions.all()},
                by=person,
            )
        evaluation.scores_submit(tender=tender, by=person)
    for bid in tender.bids.all():
        for question in tender.questions.all():
            evaluation.consensus_record(
                bid=bid, question=question, score=score, rationale="Agreed.", by=commissioner
            )


def _lots(tender):
    return tender.lots.get(title="North"), tender.lots.get(title="South")


def _decide_both(tender, commissioner):
    north, south = _lots(tender)
    award.lot_award_decision_make(lot=north, rationale="Best value in the north.", by=commissioner)
    award.lot_award_decision_make(lot=south, rationale="Best value in the south.", by=commissioner)
    north.refresh_from_db()
    south.refresh_from_db()
    return north, south


def test_each_lot_is_ranked_on_its_own_prices(lotted, commissioner, evaluator, supplier_org):
    _moderate_equally(lotted, commissioner, evaluator)
    north, south = _lots(lotted)
    north_ranking = lot_results(north)
    south_ranking = lot_results(south)
    assert [r.price for r in north_ranking] == [800, 1000]
    assert [r.price for r in south_ranking] == [500, 900]
    assert south_ranking[0].bid.supplier_id == supplier_org.pk
    assert north_ranking[0].bid.supplier_id != supplier_org.pk


def test_a_two_lot_tender_won_by_different_suppliers_makes_two_contracts(
    lotted,
    commissioner,
    evaluator,
    supplier_org,
    other_supplier_org,
    django_capture_on_commit_callbacks,
):
    _moderate_equally(lotted, commissioner, evaluator)
    north, south = _lots(lotted)
    award.lot_award_decision_make(lot=north, rationale="Best value in the north.", by=commissioner)
    lotted.refresh_from_db()
    assert lotted.status == TenderStatus.EVALUATION  # South is still to decide
    with pytest.raises(DomainError, match="every lot"):
        award_notices.award_notice_publish(
            tender=north.tender, lot=north, summary="Awarded.", by=commissioner
        )
    award.lot_award_decision_make(lot=south, rationale="Best value in the south.", by=commissioner)
    lotted.refresh_from_db()
    north.refresh_from_db()
    south.refresh_from_db()
    assert lotted.status == TenderStatus.AWARD_DECISION
    assert north.winning_bid.supplier == other_supplier_org
    assert south.winning_bid.supplier == supplier_org
    with (
        time_machine.travel(DECIDED, tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        award_notices.award_notice_publish(
            tender=north.tender, lot=north, summary="Awarded.", by=commissioner
        )
        award_notices.award_notice_publish(
            tender=south.tender, lot=south, summary="Awarded.", by=commissioner
        )
    north.refresh_from_db()
    lotted.refresh_from_db()
    assert lotted.status == TenderStatus.STANDSTILL
    assert north.standstill_ends_on == datetime.date(2026, 5, 14)
    assert FeedbackLetter.objects.filter(bid__tender=lotted).count() == 2
    with (
        time_machine.travel(datetime.datetime(2026, 5, 14, 12, tzinfo=datetime.UTC)),
        pytest.raises(DomainError, match="Standstill for North ends"),
    ):
        award.lot_award(lot=north, start_date=START, end_date=END, by=commissioner)
    with time_machine.travel(AFTER_STANDSTILL, tick=False):
        award.lot_award(lot=north, start_date=START, end_date=END, by=commissioner)
        lotted.refresh_from_db()
        assert lotted.status == TenderStatus.STANDSTILL  # South is not awarded yet
        award.lot_award(lot=south, start_date=START, end_date=END, by=commissioner)
    lotted.refresh_from_db()
    assert lotted.status == TenderStatus.AWARDED
    contracts = {c.provider_id: c for c in Contract.objects.filter(tender=lotted)}
    assert set(contracts) == {supplier_org.pk, other_supplier_org.pk}
    assert contracts[other_supplier_org.pk].value == 800
    assert contracts[supplier_org.pk].value == 500
    assert contracts[supplier_org.pk].title == f"{lotted.title}: South"
    north.refresh_from_db()
    assert north.status == LotStatus.AWARDED
    assert north.contract == contracts[other_supplier_org.pk]


def test_commitments_are_carried_once_when_a_supplier_wins_two_lots(
    lotted, commissioner, evaluator, supplier_org
):
    # Same prices everywhere except supplier_org is cheapest for both lots.
    PriceLine.objects.filter(bid__tender=lotted, bid__supplier=supplier_org).update(unit_price=1)
    _moderate_equally(lotted, commissioner, evaluator)
    bid = lotted.bids.get(supplier=supplier_org)
    measure = Measure.objects.first() or Measure.objects.create(
        theme="wellbeing", code="volunteer-hours", name="Volunteer hours", unit="hours"
    )
    BidCommitment.objects.create(bid=bid, measure=measure, quantity=100)
    north, south = _decide_both(lotted, commissioner)
    assert north.winning_bid == south.winning_bid == bid
    with time_machine.travel(DECIDED, tick=False):
        award_notices.award_notice_publish(
            tender=north.tender, lot=north, summary="Awarded.", by=commissioner
        )
        award_notices.award_notice_publish(
            tender=south.tender, lot=south, summary="Awarded.", by=commissioner
        )
    with time_machine.travel(AFTER_STANDSTILL, tick=False):
        award.lot_award(lot=north, start_date=START, end_date=END, by=commissioner)
        award.lot_award(lot=south, start_date=START, end_date=END, by=commissioner)
    contracts = list(Contract.objects.filter(tender=lotted).order_by("pk"))
    assert len(contracts) == 2
    assert [c.commitments.count() for c in contracts] == [1, 0]


def test_the_limit_on_lots_won_passes_over_a_supplier_with_a_reason(
    lotted, commissioner, evaluator, supplier_org, other_supplier_org
):
    PriceLine.objects.filter(bid__tender=lotted, bid__supplier=supplier_org).update(unit_price=1)
    type(lotted).objects.filter(pk=lotted.pk).update(max_lots_won=1)
    lotted.refresh_from_db()
    _moderate_equally(lotted, commissioner, evaluator)
    north, south = _decide_both(lotted, commissioner)
    assert north.winning_bid.supplier == supplier_org
    assert south.winning_bid.supplier == other_supplier_org
    assert south.award_note.startswith(f"{supplier_org.name} ranked higher but already won 1 lot")
    assert north.award_note == ""


def test_a_lot_with_no_bids_is_recorded_as_not_awarded(lotted, commissioner, evaluator):
    from procurement.models import Lot

    _moderate_equally(lotted, commissioner, evaluator)
    empty = Lot.objects.create(tender=lotted, title="East", position=3)
    award.lot_award_decision_make(lot=empty, rationale="No one bid.", by=commissioner)
    empty.refresh_from_db()
    assert empty.status == LotStatus.NO_AWARD
    assert empty.award_note == "No bids were submitted for this lot."


def test_a_lot_decision_needs_moderation_reasons_and_evaluation(lotted, commissioner, evaluator):
    north, _ = _lots(lotted)
    with pytest.raises(DomainError, match="consensus score"):
        award.lot_award_decision_make(lot=north, rationale="Why not.", by=commissioner)
    _moderate_equally(lotted, commissioner, evaluator)
    with pytest.raises(DomainError, match="Give the reasons"):
        award.lot_award_decision_make(lot=north, rationale="  ", by=commissioner)
    award.lot_award_decision_make(lot=north, rationale="Best.", by=commissioner)
    with pytest.raises(DomainError, match="already been decided"):
        award.lot_award_decision_make(lot=north, rationale="Again.", by=commissioner)
    with pytest.raises(InvalidTransition):
        award.lot_transition(lot=north, to=LotStatus.AWARDED, by=commissioner)


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_managers_decide_a_lot(person, request, lotted):
    north = lotted.lots.get(title="North")
    with pytest.raises(PermissionDenied):
        award.lot_award_decision_make(
            lot=north, rationale="Best.", by=request.getfixturevalue(person)
        )


def test_the_tender_wide_award_is_refused_for_a_tender_with_lots(lotted, commissioner, evaluator):
    _moderate_equally(lotted, commissioner, evaluator)
    with pytest.raises(DomainError, match="This tender has lots"):
        award.award_decision_make(tender=lotted, rationale="Best.", by=commissioner)


# --- Bidding for lots -----------------------------------------------------------------------
# `two_lot_open_tender` (a draft in two lots, North and South) is in conftest.py.
def test_buyer_limits_the_lots_one_supplier_may_bid_for(
    two_lot_open_tender, commissioner, supplier_org, supplier_user
):
    tender = two_lot_open_tender
    with pytest.raises(DomainError, match="must be 2 or fewer") as refused:
        services.lot_limits_set(
            tender=tender, max_lots_per_bid=3, max_lots_won=None, by=commissioner
        )
    assert refused.value.field == "max_lots_per_bid"
    with pytest.raises(DomainError, match="cannot be more than the most it may bid for"):
        services.lot_limits_set(tender=tender, max_lots_per_bid=1, max_lots_won=2, by=commissioner)
    services.lot_limits_set(tender=tender, max_lots_per_bid=1, max_lots_won=1, by=commissioner)
    services.tender_publish(tender=tender, by=commissioner)
    with pytest.raises(DomainError, match="before the tender is published"):
        services.lot_limits_set(tender=tender, max_lots_per_bid=2, max_lots_won=1, by=commissioner)
    bid = BidFactory(tender=tender, supplier=supplier_org)
    with pytest.raises(DomainError, match="You can bid for up to 1 lot in this tender") as refused:
        bid_parts.bid_lots_choose(bid=bid, lots=list(tender.lots.all()), by=supplier_user)
    assert refused.value.field == "lots"
    bid_parts.bid_lots_choose(bid=bid, lots=[tender.lots.get(title="North")], by=supplier_user)
    assert bid.bid_lots.count() == 1


def test_each_price_line_prices_a_lot_the_bid_covers(
    two_lot_open_tender, commissioner, supplier_org, supplier_user
):
    tender = two_lot_open_tender
    services.tender_publish(tender=tender, by=commissioner)
    north, south = tender.lots.get(title="North"), tender.lots.get(title="South")
    bid = BidFactory(tender=tender, supplier=supplier_org)
    bid_parts.bid_lots_choose(bid=bid, lots=[north, south], by=supplier_user)
    with pytest.raises(DomainError, match="Choose the lot"):
        bid_parts.price_line_add(bid=bid, item="Hub", quantity=1, unit_price=10, by=supplier_user)
    bid_parts.price_line_add(
        bid=bid, item="Hub", quantity=1, unit_price=10, lot=south, by=supplier_user
    )
    # Dropping a lot drops its prices too.
    bid_parts.bid_lots_choose(bid=bid, lots=[north], by=supplier_user)
    assert not bid.price_lines.exists()
    with pytest.raises(DomainError, match="You are not bidding for South"):
        bid_parts.price_line_add(
            bid=bid, item="Hub", quantity=1, unit_price=10, lot=south, by=supplier_user
        )


def test_the_bid_page_asks_which_lot_a_price_is_for(
    client, two_lot_open_tender, commissioner, supplier_org, supplier_user
):
    tender = two_lot_open_tender
    services.lot_limits_set(tender=tender, max_lots_per_bid=1, max_lots_won=None, by=commissioner)
    services.tender_publish(tender=tender, by=commissioner)
    bid = BidFactory(tender=tender, supplier=supplier_org)
    client.force_login(supplier_user)
    response = client.post(
        reverse("procurement:bid_part_add", args=[bid.pk, "lots"]),
        {"lots-lots": [lot.pk for lot in tender.lots.all()]},
    )
    assertContains(response, "You can bid for up to 1 lot in this tender. You chose 2.")
    north = tender.lots.get(title="North")
    bid_parts.bid_lots_choose(bid=bid, lots=[north], by=supplier_user)
    response = client.post(
        reverse("procurement:bid_part_add", args=[bid.pk, "price"]),
        {"price-item": "Hub", "price-quantity": "1", "price-unit_price": "10"},
    )
    assertContains(response, "Choose the lot this price is for")
    assertContains(response, 'value="Hub"')
    client.post(
        reverse("procurement:bid_part_add", args=[bid.pk, "price"]),
        {
            "price-lot": north.pk,
            "price-item": "Hub",
            "price-quantity": "1",
            "price-unit_price": "10",
        },
    )
    assert bid.price_lines.get().lot == north
    page = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertContains(page, "A supplier may bid for up to 1 lot.")


def test_commissioner_sets_limits_on_the_tender_page(client, two_lot_open_tender, commissioner):
    client.force_login(commissioner)
    url = reverse("procurement:lot_limits", args=[two_lot_open_tender.pk])
    response = client.post(url, {"limits-max_lots_per_bid": "5", "limits-max_lots_won": "1"})
    assertContains(response, "There is a problem")
    assertContains(response, "must be 2 or fewer")
    assertContains(response, 'value="5"')
    response = client.post(url, {"limits-max_lots_per_bid": "2", "limits-max_lots_won": "1"})
    assert response.status_code == 302
    two_lot_open_tender.refresh_from_db()
    assert (two_lot_open_tender.max_lots_per_bid, two_lot_open_tender.max_lots_won) == (2, 1)


# --- Pages ------------------------------------------------------------------------------------
def test_lot_pages_decide_hold_standstill_and_award(
    client, lotted, commissioner, evaluator, other_supplier_org, django_capture_on_commit_callbacks
):
    _moderate_equally(lotted, commissioner, evaluator)
    north, south = _lots(lotted)
    client.force_login(commissioner)
    overview = client.get(reverse("procurement:evaluation", args=[lotted.pk]))
    assertContains(overview, reverse("procurement:lot_evaluation", args=[lotted.pk, north.pk]))
    assertNotContains(overview, "Record award decision")
    page_url = reverse("procurement:lot_evaluation", args=[lotted.pk, north.pk])
    page = client.get(page_url)
    assertContains(page, "Ranking for this lot")
    assertContains(page, f"The highest-ranked bid for this lot is from {other_supplier_org.name}")
    refused = client.post(
        reverse("procurement:lot_award_decision", args=[lotted.pk, north.pk]), {"rationale": ""}
    )
    assertContains(refused, "Give the reasons for the award decision")
    client.post(
        reverse("procurement:lot_award_decision", args=[lotted.pk, north.pk]),
        {"rationale": "Cheapest at equal quality."},
    )
    award.lot_award_decision_make(lot=south, rationale="Best.", by=commissioner)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("procurement:lot_award_notice_publish", args=[lotted.pk, north.pk]),
            {"summary": "North goes to the cheapest bid at equal quality."},
        )
    assert response.status_code == 302
    north.refresh_from_db()
    assert north.status == LotStatus.STANDSTILL
    page = client.get(page_url)
    assertContains(page, "Cheapest at equal quality.")
    assertContains(page, "once its standstill has ended")
    with time_machine.travel(north.standstill_ends_on + datetime.timedelta(days=2)):
        response = client.post(
            reverse("procurement:lot_award", args=[lotted.pk, north.pk]),
            {
                "start_date_0": "1",
                "start_date_1": "1",
                "start_date_2": "2027",
                "end_date_0": "31",
                "end_date_1": "12",
                "end_date_2": "2028",
            },
        )
        assert response.status_code == 302
        page = client.get(page_url)
    north.refresh_from_db()
    assertContains(page, reverse("contracts:contract_detail", args=[north.contract_id]))


def _add_moderated_north_bids(tender, north, commissioner, first, count):
    from accounts.models import Organisation
    from procurement.models import BidLot, ConsensusScore
    from tests.procurement.factories import BidAnswerFactory

    for number in range(first, first + count):
        supplier = Organisation.objects.create(
            name=f"Bidder {number}", slug=f"bidder-{number}", kind="supplier"
        )
        bid = BidFactory(tender=tender, supplier=supplier, status="submitted")
        BidLot.objects.create(bid=bid, lot=north)
        PriceLine.objects.create(bid=bid, lot=north, item="Service", unit_price=700 + number)
        for question in tender.questions.all():
            BidAnswerFactory(bid=bid, question=question, text="Answer.")
            ConsensusScore.objects.create(
                bid=bid, question=question, score=3, rationale="Agreed.", moderated_by=commissioner
            )


def test_lot_page_runs_a_fixed_number_of_queries(
    client, lotted, commissioner, evaluator, django_assert_max_num_queries
):
    from procurement.models import Lot, LotWeight

    _moderate_equally(lotted, commissioner, evaluator)
    north = lotted.lots.get(title="North")
    # North has weights of its own, which the page reads too.
    Lot.objects.filter(pk=north.pk).update(own_weights=True)
    LotWeight.objects.create(lot=north, criterion=lotted.criteria.get(kind="price"), weight=30)
    client.force_login(commissioner)
    url = reverse("procurement:lot_evaluation", args=[lotted.pk, north.pk])
    for first, count in ((0, 2), (2, 12)):
        _add_moderated_north_bids(lotted, north, commissioner, first, count)
        with django_assert_max_num_queries(30):
            response = client.get(url)
        assertContains(response, f"Bidder {first + count - 1}")


@pytest.mark.parametrize("person", ["evaluator", "supplier_user", "other_commissioner", "viewer"])
def test_only_managers_see_a_lot_ranking(client, request, person, lotted):
    north = lotted.lots.get(title="North")
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("procurement:lot_evaluation", args=[lotted.pk, north.pk]))
    assert response.status_code == 404


# --- A lot with questions of its own ----------------------------------------------------------
def test_a_bid_answers_the_questions_of_the_lots_it_covers(
    two_lot_open_tender, commissioner, supplier_org, supplier_user
):
    from procurement.lots import questions_for
    from procurement.models import BidStatus

    tender = two_lot_open_tender
    north, south = tender.lots.get(title="North"), tender.lots.get(title="South")
    shared = tender.questions.get()
    own = services.tender_question_add(
        tender=tender, text="How will you reach Riverside?", lot=south, by=commissioner
    )
    services.tender_publish(tender=tender, by=commissioner)
    bid = BidFactory(tender=tender, supplier=supplier_org)
    assert questions_for(tender, bid) == [shared]  # no lot chosen yet
    bid_parts.bid_lots_choose(bid=bid, lots=[south], by=supplier_user)
    assert questions_for(tender, bid) == [own]  # South has its own questions
    bid_parts.bid_lots_choose(bid=bid, lots=[north, south], by=supplier_user)
    assert questions_for(tender, bid) == [shared, own]
    services.bid_save_answers(bid=bid, answers={shared.pk: "We will."}, by=supplier_user)
    with pytest.raises(services.BidAnswersInvalid) as refused:
        services.bid_submit(bid=bid, by=supplier_user)
    assert list(refused.value.errors) == [own.pk]
    bid_parts.bid_lots_choose(bid=bid, lots=[north], by=supplier_user)
    services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


def test_the_question_form_offers_the_lots(client, two_lot_open_tender, commissioner):
    client.force_login(commissioner)
    south = two_lot_open_tender.lots.get(title="South")
    page = client.get(reverse("procurement:tender_detail", args=[two_lot_open_tender.pk]))
    assertContains(page, "Which lot is this question for?")
    client.post(
        reverse("procurement:tender_question_add", args=[two_lot_open_tender.pk]),
        {"text": "How will you reach Riverside?", "word_limit": "300", "lot": south.pk},
    )
    assert two_lot_open_tender.questions.get(lot=south).text == "How will you reach Riverside?"


@pytest.fixture
def south_has_its_own_question(lotted, supplier_org, other_supplier_org):
    """South is evaluated on a question of its own, and only `supplier_org` bids for it."""
    from procurement.models import BidLot, TenderQuestion

    south = lotted.lots.get(title="South")
    question = TenderQuestion.objects.create(
        tender=lotted,
        lot=south,
        text="How will you reach Riverside?",
        criterion=lotted.criteria.get(kind="quality", parent=None),
        position=10,
    )
    BidLot.objects.filter(bid__supplier=other_supplier_org, lot=south).delete()
    PriceLine.objects.filter(bid__supplier=other_supplier_org, lot=south).delete()
    return question


def test_a_lot_with_its_own_questions_is_scored_and_ranked_on_them(
    client,
    lotted,
    south_has_its_own_question,
    commissioner,
    evaluator,
    supplier_org,
    other_supplier_org,
):
    question = south_has_its_own_question
    theirs = lotted.bids.get(supplier=other_supplier_org)
    ours = lotted.bids.get(supplier=supplier_org)
    with pytest.raises(DomainError, match="not part of this tender"):
        evaluation.scores_record(bid=theirs, scores={question.pk: (3, "Fine.")}, by=evaluator)
    shared = list(lotted.questions.filter(lot=None))
    for bid in (theirs, ours):
        evaluation.scores_record(bid=bid, scores={q.pk: (3, "Fine.") for q in shared}, by=evaluator)
    with pytest.raises(DomainError, match="You have scored 4 of 5"):
        evaluation.scores_submit(tender=lotted, by=evaluator)
    evaluation.scores_record(bid=ours, scores={question.pk: (4, "Good.")}, by=evaluator)
    evaluation.scores_submit(tender=lotted, by=evaluator)

    client.force_login(evaluator)
    page = client.get(reverse("procurement:moderation", args=[lotted.pk, question.pk]))
    assertContains(page, supplier_org.name)
    assertNotContains(page, other_supplier_org.name)

    south = lotted.lots.get(title="South")
    ranking = lot_results(south)
    assert [r.bid for r in ranking] == [ours]
    assert ranking[0].expected == 1
    with pytest.raises(DomainError, match="it is for another lot"):
        evaluation.consensus_record(
            bid=theirs, question=question, score=3, rationale="Agreed.", by=commissioner
        )


# --- Outcome for bidders ----------------------------------------------------------------------
def test_each_bidder_sees_its_outcome_per_lot_once_standstill_starts(
    client,
    lotted,
    commissioner,
    evaluator,
    supplier_org,
    supplier_user,
    other_supplier_org,
    django_capture_on_commit_callbacks,
):
    from django.template.loader import render_to_string

    from procurement.models import ConsensusScore
    from procurement.report_kinds import _feedback_letter_context
    from procurement.results import Outcome, bid_outcomes
    from procurement.selectors import bid_get

    _moderate_equally(lotted, commissioner, evaluator)
    theirs = lotted.bids.get(supplier=other_supplier_org)
    ConsensusScore.objects.filter(bid=theirs).update(rationale="Their reasons, as agreed.")
    north, south = _decide_both(lotted, commissioner)
    ours = bid_get(lotted.bids.get(supplier=supplier_org).pk)
    assert bid_outcomes(ours) == []  # decided, but not yet told
    with django_capture_on_commit_callbacks(execute=False):
        award_notices.award_notice_publish(
            tender=north.tender, lot=north, summary="Awarded.", by=commissioner
        )
    assert bid_outcomes(bid_get(ours.pk)) == [Outcome(lot="North", successful=False)]
    with django_capture_on_commit_callbacks(execute=False):
        award_notices.award_notice_publish(
            tender=south.tender, lot=south, summary="Awarded.", by=commissioner
        )
    assert bid_outcomes(bid_get(ours.pk)) == [
        Outcome(lot="North", successful=False),
        Outcome(lot="South", successful=True),
    ]

    client.force_login(supplier_user)
    page = client.get(reverse("procurement:bid_detail", args=[ours.pk]))
    assertContains(page, "Outcome for North")
    assertContains(page, "Unsuccessful")
    assertContains(page, "Outcome for South")
    my_bids = client.get(reverse("procurement:my_bids"))
    assertContains(my_bids, "South: ")
    # A supplier never reaches another's bid.
    assert client.get(reverse("procurement:bid_detail", args=[theirs.pk])).status_code == 404

    letter = render_to_string("reports/pdf/feedback_letter.html", _feedback_letter_context(ours))
    assert "Lot: North" in letter
    assert "Lot: South" in letter
    assert f"award this lot to {other_supplier_org.name}" in letter
    # The winner's scores and reasons, beside ours, where we did not win.
    assert "winning bid\u2019s score: 3 out of 5" in letter
    assert "Their reasons, as agreed." in letter
    assert letter.count("Their reasons, as agreed.") == lotted.questions.count()


def test_a_bid_for_a_tender_without_lots_is_successful_or_not(
    evaluating, commissioner, evaluator, django_capture_on_commit_callbacks
):
    from procurement.results import Outcome, bid_outcomes
    from procurement.selectors import bid_get

    _moderate_equally(evaluating, commissioner, evaluator)
    award.award_decision_make(tender=evaluating, rationale="Best value.", by=commissioner)
    with django_capture_on_commit_callbacks(execute=False):
        award_notices.award_notice_publish(tender=evaluating, summary="Awarded.", by=commissioner)
    evaluating.refresh_from_db()
    outcomes = {bid.pk: bid_outcomes(bid_get(bid.pk)) for bid in evaluating.bids.all()}
    assert outcomes[evaluating.winning_bid_id] == [Outcome(lot="", successful=True)]
    assert sorted(map(str, outcomes.values())).count(str([Outcome("", False)])) == 1


def test_a_shared_question_is_moderated_for_the_bids_of_lots_that_share_it(
    client, lotted, south_has_its_own_question, commissioner, supplier_org, other_supplier_org
):
    """South has a question of its own, so the tender's shared questions are North's: a bid
    for South only is not moderated on them (the tender says whether it has lots as it is
    read, see selectors.tender_for_moderation)."""
    from procurement.models import BidLot

    BidLot.objects.filter(bid__supplier=supplier_org, lot__title="North").delete()
    shared = lotted.questions.filter(lot=None).order_by("position", "pk").first()
    client.force_login(commissioner)
    page = client.get(reverse("procurement:moderation", args=[lotted.pk, shared.pk]))
    assertContains(page, other_supplier_org.name)
    assertNotContains(page, supplier_org.name)
    own = client.get(
        reverse("procurement:moderation", args=[lotted.pk, south_has_its_own_question.pk])
    )
    assertContains(own, supplier_org.name)
    assertNotContains(own, other_supplier_org.name)


@pytest.mark.parametrize("shared_lot", ["north", "none"])
def test_the_moderation_pages_bids_are_those_that_answer_each_question(
    lotted, south_has_its_own_question, supplier_org, other_supplier_org, shared_lot
):
    """selectors.moderation_bids (lots.answering_sql) reads, for each question, the bids
    that lots.questions_by_bid says answer it, by supplier name, with their total; with
    North sharing the tender's questions, or no lot sharing them (North given its own)."""
    from procurement import lots, selectors
    from procurement.models import BidLot, TenderQuestion

    BidLot.objects.filter(bid__supplier=supplier_org, lot__title="North").delete()
    if shared_lot == "none":
        TenderQuestion.objects.create(
            tender=lotted, lot=lotted.lots.get(title="North"), text="North's own.", position=11
        )
    tender = selectors.tender_for_moderation(lotted.pk)
    submitted = sorted(
        lotted.bids.filter(status="submitted").select_related("supplier"),
        key=lambda bid: (bid.supplier.name, bid.pk),
    )
    answers = lots.questions_by_bid(tender, submitted)
    seen = set()
    for question in tender.moderation_questions:
        expected = [bid.pk for bid in submitted if question in answers[bid.pk]]
        bids, total = selectors.moderation_bids(tender, question, offset=0, limit=25)
        assert [bid.pk for bid in bids] == expected, question.text
        assert total == len(expected)
        assert all(bid.supplier.name and bid.shown_digest for bid in bids)
        seen.add(tuple(expected))
        # From the second: counted with it, or 0 when there is no second.
        later, counted = selectors.moderation_bids(tender, question, offset=1, limit=1)
        assert [bid.pk for bid in later] == expected[1:2]
        assert counted == (len(expected) if later else 0)
    assert len(seen) > 1  # the questions do not all have the same bids
