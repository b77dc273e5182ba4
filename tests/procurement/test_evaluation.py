"""Criteria, the panel, independent scoring, moderation, price scoring, ranking and award."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied

from accounts import permissions
from commissioning.models import Commission
from contracts.models import Contract
from core.errors import DomainError
from procurement import award, award_notices, criteria, evaluation, services
from procurement.models import (
    Bid,
    BidCommitment,
    Criterion,
    FeedbackLetter,
    PanelMember,
    TenderStatus,
)
from social_value.models import Measure

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


# --- Criteria ------------------------------------------------------------------------------
def test_default_criteria_sum_to_100_with_social_value_at_least_the_floor(draft_tender):
    assert criteria.criteria_problems(draft_tender) == []
    top = {c.kind: c.weight for c in draft_tender.criteria.filter(parent=None)}
    assert sum(top.values()) == 100
    assert top["social_value"] >= 10


def test_weights_that_do_not_add_up_block_publishing(draft_tender, commissioner):
    quality = draft_tender.criteria.get(kind="quality")
    criteria.criterion_reweight(criterion=quality, weight=Decimal(50), by=commissioner)
    with pytest.raises(criteria.CriteriaInvalid, match="add up to 90%"):
        services.tender_publish(tender=draft_tender, by=commissioner)


def test_social_value_below_the_buyers_floor_is_refused(draft_tender, commissioner, council):
    council.social_value_floor_percent = 25
    council.save()
    draft_tender.organisation.refresh_from_db()
    problems = criteria.criteria_problems(draft_tender)
    assert "Social value must carry at least 25% of the total." in problems


def test_sub_criteria_must_add_up_to_100(draft_tender, commissioner):
    social = draft_tender.criteria.get(kind="social_value")
    criteria.criterion_add(
        tender=draft_tender, parent=social, name="Local jobs", weight=Decimal(60), by=commissioner
    )
    assert any("add up to 60%" in p for p in criteria.criteria_problems(draft_tender))
    criteria.criterion_add(
        tender=draft_tender, parent=social, name="Net zero", weight=Decimal(40), by=commissioner
    )
    assert criteria.criteria_problems(draft_tender) == []


def test_price_has_no_sub_criteria(draft_tender, commissioner):
    price = draft_tender.criteria.get(kind="price")
    with pytest.raises(DomainError, match="no sub-criteria"):
        criteria.criterion_add(
            tender=draft_tender, parent=price, name="Cost", weight=Decimal(100), by=commissioner
        )


def test_questions_are_tied_to_a_criterion_and_not_to_price(draft_tender, commissioner):
    social = draft_tender.criteria.get(kind="social_value")
    question = services.tender_question_add(
        tender=draft_tender, text="How will you hire locally?", criterion=social, by=commissioner
    )
    assert question.criterion == social
    with pytest.raises(DomainError):
        services.tender_question_add(
            tender=draft_tender,
            text="Price?",
            criterion=draft_tender.criteria.get(kind="price"),
            by=commissioner,
        )


def test_criteria_are_fixed_once_published(open_tender, commissioner):
    with pytest.raises(DomainError, match="before the tender is published"):
        criteria.criterion_reweight(
            criterion=open_tender.criteria.get(kind="quality"), weight=Decimal(50), by=commissioner
        )


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_managers_change_criteria(person, request, draft_tender):
    with pytest.raises(PermissionDenied):
        criteria.criterion_reweight(
            criterion=draft_tender.criteria.get(kind="quality"),
            weight=Decimal(50),
            by=request.getfixturevalue(person),
        )


def _score_all(tender, user, score):
    for bid in tender.bids.all():
        evaluation.scores_record(
            bid=bid,
            scores={q.pk: (score, "Clear evidence.") for q in tender.questions.all()},
            by=user,
        )
    evaluation.scores_submit(tender=tender, by=user)


def test_evaluator_without_a_declaration_cannot_read_bids(closed_tender, commissioner, evaluator):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    bid = closed_tender.bids.first()
    assert not permissions.can(evaluator, "bid.read", bid)
    evaluation.conflict_declare(tender=closed_tender, has_conflict=False, by=evaluator)
    bid = closed_tender.bids.select_related("tender").first()
    assert permissions.can(evaluator, "bid.read", bid)


def test_declaring_a_conflict_removes_the_evaluator(closed_tender, commissioner, evaluator):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    evaluation.conflict_declare(
        tender=closed_tender, has_conflict=True, details="My sister runs a bidder.", by=evaluator
    )
    bid = closed_tender.bids.select_related("tender").first()
    assert not permissions.can(evaluator, "bid.read", bid)
    with pytest.raises(DomainError, match="cannot evaluate"):
        evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)


def test_a_conflict_needs_details(closed_tender, commissioner, evaluator):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    with pytest.raises(DomainError, match="Describe"):
        evaluation.conflict_declare(tender=closed_tender, has_conflict=True, by=evaluator)


def test_evaluation_needs_a_cleared_panel_member(closed_tender, commissioner):
    with pytest.raises(DomainError, match="declaration"):
        evaluation.tender_start_evaluation(tender=closed_tender, by=commissioner)


def test_scores_need_a_rationale_and_a_score_in_range(evaluating, evaluator):
    bid = evaluating.bids.first()
    question = evaluating.questions.first()
    with pytest.raises(DomainError, match="reasons"):
        evaluation.scores_record(bid=bid, scores={question.pk: (3, " ")}, by=evaluator)
    with pytest.raises(DomainError, match="from 0 to 5"):
        evaluation.scores_record(bid=bid, scores={question.pk: (6, "Why")}, by=evaluator)


def test_scores_cannot_be_submitted_until_every_answer_is_scored(evaluating, evaluator):
    bid = evaluating.bids.first()
    question = evaluating.questions.first()
    evaluation.scores_record(bid=bid, scores={question.pk: (3, "Good")}, by=evaluator)
    with pytest.raises(DomainError, match="scored 1 of 4"):
        evaluation.scores_submit(tender=evaluating, by=evaluator)


def test_submitted_scores_are_fixed(evaluating, evaluator):
    _score_all(evaluating, evaluator, 3)
    with pytest.raises(DomainError, match="no longer change"):
        evaluation.scores_record(
            bid=evaluating.bids.first(),
            scores={evaluating.questions.first().pk: (1, "Changed")},
            by=evaluator,
        )


def test_moderation_waits_for_every_panel_member(evaluating, commissioner, evaluator):
    _score_all(evaluating, evaluator, 3)
    with pytest.raises(DomainError, match="1 panel member has not submitted"):
        evaluation.consensus_record(
            bid=evaluating.bids.first(),
            question=evaluating.questions.first(),
            score=3,
            rationale="Agreed.",
            by=commissioner,
        )


def _moderate(tender, commissioner, scores):
    for bid in tender.bids.all():
        for question in tender.questions.all():
            evaluation.consensus_record(
                bid=bid,
                question=question,
                score=scores[bid.supplier.name],
                rationale="Agreed at moderation.",
                by=commissioner,
            )


def test_price_scores_weighted_totals_and_ranking(evaluating, commissioner, evaluator):
    from procurement.results import tender_results

    _score_all(evaluating, evaluator, 4)
    _score_all(evaluating, commissioner, 4)
    names = {bid.supplier.name for bid in evaluating.bids.all()}
    scores = dict.fromkeys(names, 4)
    first = sorted(names)[0]
    scores[first] = 5
    _moderate(evaluating, commissioner, scores)
    results = tender_results(evaluating)
    by_name = {r.bid.supplier.name: r for r in results}
    cheap = next(r for r in results if r.price == 800)
    dear = next(r for r in results if r.price == 1000)
    assert cheap.price_score == Decimal(20)
    assert dear.price_score == Decimal(16)  # 800 / 1000 x 20
    assert by_name[first].quality_score == Decimal(80)  # 5 of 5 on 60% + 20%
    assert [r.rank for r in results] == [1, 2]


def test_a_tie_goes_to_the_higher_quality_score():
    from procurement.results import TIE_BREAK_RULE

    assert "quality and social value" in TIE_BREAK_RULE


def test_award_standstill_and_contract(
    evaluating, commissioner, evaluator, django_capture_on_commit_callbacks, settings
):
    _score_all(evaluating, evaluator, 3)
    _score_all(evaluating, commissioner, 3)
    _moderate(
        evaluating, commissioner, dict.fromkeys([b.supplier.name for b in evaluating.bids.all()], 3)
    )
    # Published after the route was decided, the tender has its commission in procurement.
    Commission.objects.filter(pk=evaluating.commission_id).update(status="in_procurement")
    award.award_decision_make(tender=evaluating, rationale="Best value.", by=commissioner)
    evaluating.refresh_from_db()
    winner = evaluating.winning_bid
    assert winner.price_lines.get().unit_price == 800  # equal quality: the cheaper bid wins
    measure = Measure.objects.first() or Measure.objects.create(
        theme="wellbeing", code="volunteer-hours", name="Volunteer hours", unit="hours"
    )
    BidCommitment.objects.create(bid=winner, measure=measure, quantity=100)
    # Monday 4 May 2026 is a bank holiday: 8 working days from Friday 1 May end on 14 May.
    with (
        time_machine.travel(datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=False),
    ):
        award_notices.award_notice_publish(tender=evaluating, summary="Awarded.", by=commissioner)
    evaluating.refresh_from_db()
    assert evaluating.standstill_ends_on == datetime.date(2026, 5, 14)
    assert FeedbackLetter.objects.filter(bid__tender=evaluating).count() == 2
    with time_machine.travel(datetime.datetime(2026, 5, 14, 12, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(DomainError, match="Standstill ends"):
            award.tender_award(
                tender=evaluating,
                start_date=datetime.date(2026, 6, 1),
                end_date=datetime.date(2028, 5, 31),
                by=commissioner,
            )
        assert (
            award.standstill_ends_process(
                now=datetime.datetime(2026, 5, 14, 12, tzinfo=datetime.UTC)
            )
            == 0
        )
    with time_machine.travel(datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC), tick=False):
        moved = award.standstill_ends_process(
            now=datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC)
        )
        assert moved == 1
        evaluating.refresh_from_db()
        assert evaluating.status == TenderStatus.READY_TO_AWARD
        award.tender_award(
            tender=evaluating,
            start_date=datetime.date(2026, 6, 1),
            end_date=datetime.date(2028, 5, 31),
            by=commissioner,
        )
    evaluating.refresh_from_db()
    assert evaluating.status == TenderStatus.AWARDED
    contract = Contract.objects.get(tender=evaluating)
    assert contract.kind == "tendered"
    assert contract.provider_id == winner.supplier_id
    assert contract.value == 800
    assert contract.commitments.get().quantity == 100
    # The award's contract puts the commission in delivery.
    assert Commission.objects.get(pk=evaluating.commission_id).status == "in_delivery"


def test_award_is_refused_when_the_winner_has_withdrawn(evaluating, commissioner, evaluator):
    _score_all(evaluating, evaluator, 3)
    _score_all(evaluating, commissioner, 3)
    _moderate(
        evaluating, commissioner, dict.fromkeys([b.supplier.name for b in evaluating.bids.all()], 3)
    )
    award.award_decision_make(tender=evaluating, rationale="Best value.", by=commissioner)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 10, tzinfo=datetime.UTC), tick=False):
        award_notices.award_notice_publish(tender=evaluating, summary="Awarded.", by=commissioner)
    evaluating.refresh_from_db()
    # A bidder may withdraw at any stage before award (dialogue.participation).
    Bid.objects.filter(pk=evaluating.winning_bid_id).update(status="withdrawn")
    with (
        time_machine.travel(datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC), tick=False),
        pytest.raises(DomainError, match="has withdrawn from this tender"),
    ):
        award.tender_award(
            tender=evaluating,
            start_date=datetime.date(2026, 6, 1),
            end_date=datetime.date(2028, 5, 31),
            by=commissioner,
        )
    assert not Contract.objects.filter(tender=evaluating).exists()


def test_standstill_length_is_configurable_per_buyer(evaluating, council):
    from procurement.models import BuyerProcurementSettings

    BuyerProcurementSettings.objects.create(organisation=council, standstill_working_days=10)
    assert award.standstill_working_days(evaluating) == 10


def test_award_needs_every_answer_moderated(evaluating, commissioner):
    with pytest.raises(DomainError, match="consensus score for every answer"):
        award.award_decision_make(tender=evaluating, rationale="Best", by=commissioner)


def test_panel_member_must_work_for_the_buyer(closed_tender, commissioner, other_commissioner):
    with pytest.raises(DomainError):
        evaluation.panel_member_add(
            tender=closed_tender, evaluator=other_commissioner, by=commissioner
        )
    assert not PanelMember.objects.exists()


def test_unused_import_guard():
    assert Criterion and mail
