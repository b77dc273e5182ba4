"""Evaluation details: a declaration naming the bidders, moderation only once the whole
panel has scored, the ranking hidden until quality scores are agreed, and abnormally low
prices flagged for the buyer to investigate."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Membership, Role
from core.errors import DomainError
from procurement import evaluation
from procurement.models import PanelMember
from procurement.report_kinds import _evaluation_report_context
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- 1. The declaration names the bidders ---------------------------------------------------
def test_declaration_page_names_the_bidders_and_records_them(
    client, closed_tender, commissioner, evaluator, supplier_org, other_supplier_org
):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    client.force_login(evaluator)
    url = reverse("procurement:declaration", args=[closed_tender.pk])
    response = client.get(url)
    assertContains(response, supplier_org.name)
    assertContains(response, other_supplier_org.name)
    assert client.post(url, {"has_conflict": "no"}).status_code == 302
    seat = PanelMember.objects.get(tender=closed_tender, evaluator=evaluator)
    assert sorted(seat.declared_bidders) == sorted([supplier_org.name, other_supplier_org.name])


def test_sealed_bids_keep_their_bidders_secret_from_the_declaration(
    client, submitted_bid, commissioner, evaluator, supplier_org
):
    tender = submitted_bid.tender
    evaluation.panel_member_add(tender=tender, evaluator=evaluator, by=commissioner)
    client.force_login(evaluator)
    url = reverse("procurement:declaration", args=[tender.pk])
    response = client.get(url)
    assertContains(response, "The bids are sealed")
    # No form, and no name of a bidder, before the bids are opened.
    assertNotContains(response, supplier_org.name)
    assertNotContains(response, "Sign declaration")
    page = client.get(reverse("procurement:evaluation", args=[tender.pk]))
    assertContains(page, "Once the bids are opened")
    response = client.post(url, {"has_conflict": "no"})
    assertContains(response, "You can declare once the bids are opened")
    assert PanelMember.objects.get(tender=tender, evaluator=evaluator).declared_at is None


def test_declaring_before_opening_is_refused(submitted_bid, commissioner, evaluator):
    tender = submitted_bid.tender
    evaluation.panel_member_add(tender=tender, evaluator=evaluator, by=commissioner)
    with pytest.raises(DomainError, match="once the bids are opened"):
        evaluation.conflict_declare(tender=tender, has_conflict=False, by=evaluator)


# --- 2. Moderation waits for the whole panel ------------------------------------------------
def _score_all(tender, user, score):
    for bid in tender.bids.all():
        evaluation.scores_record(
            bid=bid,
            scores={q.pk: (score, "Clear evidence.") for q in tender.questions.all()},
            by=user,
        )
    evaluation.scores_submit(tender=tender, by=user)


def test_moderation_refusal_counts_the_panel_members_still_scoring(
    evaluating, commissioner, evaluator, council
):
    third = UserFactory()
    Membership.objects.create(user=third, organisation=council, role=Role.EVALUATOR)
    evaluation.panel_member_add(tender=evaluating, evaluator=third, by=commissioner)
    evaluation.conflict_declare(tender=evaluating, has_conflict=False, by=third)
    with pytest.raises(DomainError, match="3 panel members have not submitted"):
        evaluation.consensus_record(
            bid=evaluating.bids.first(),
            question=evaluating.questions.first(),
            score=3,
            rationale="Agreed.",
            by=commissioner,
        )


def test_moderation_page_hides_the_save_button_until_everyone_has_submitted(
    client, evaluating, commissioner, evaluator
):
    _score_all(evaluating, commissioner, 4)
    client.force_login(commissioner)
    question = evaluating.questions.first()
    bid = evaluating.bids.first()
    url = reverse("procurement:moderation", args=[evaluating.pk, question.pk])
    response = client.get(url)
    assertContains(response, "1 panel member has not submitted their scores yet.")
    assertNotContains(response, "Save consensus")
    overview = client.get(reverse("procurement:evaluation", args=[evaluating.pk]))
    assertContains(overview, "1 panel member has not submitted their scores yet.")
    data = {"bid": bid.pk, f"b{bid.pk}-score": "3", f"b{bid.pk}-rationale": "Agreed."}
    response = client.post(url, data)
    assertContains(response, "1 panel member has not submitted their scores yet.")
    assert not bid.consensus_scores.exists()

    _score_all(evaluating, evaluator, 3)
    response = client.get(url)
    assertContains(response, "Save consensus")
    assertNotContains(response, "not submitted their scores")
    assertNotContains(
        client.get(reverse("procurement:evaluation", args=[evaluating.pk])), "moderation-waiting"
    )
    assert client.post(url, data).status_code == 302
    assert bid.consensus_scores.count() == 1


# --- 3. No price-only ranking before the quality scores are agreed ----------------------------
RANKING_TABLE = '<caption class="govuk-table__caption govuk-table__caption--m">Ranking</caption>'


def test_ranking_is_hidden_until_every_answer_has_a_consensus_score(
    client, evaluating, commissioner, evaluator
):
    _score_all(evaluating, commissioner, 4)
    _score_all(evaluating, evaluator, 3)
    client.force_login(commissioner)
    url = reverse("procurement:evaluation", args=[evaluating.pk])
    response = client.get(url)
    assertContains(response, "Until then it would rank the bids on price alone.")
    assertNotContains(response, RANKING_TABLE)
    assert _evaluation_report_context(evaluating)["ranking_hidden_reason"]

    questions = list(evaluating.questions.all())
    bids = list(evaluating.bids.all())
    for bid in bids:
        for question in questions[:-1]:
            evaluation.consensus_record(
                bid=bid, question=question, score=3, rationale="Agreed.", by=commissioner
            )
    # One answer still without an agreed score: still hidden.
    assertNotContains(client.get(url), RANKING_TABLE)
    for bid in bids:
        evaluation.consensus_record(
            bid=bid, question=questions[-1], score=3, rationale="Agreed.", by=commissioner
        )
    response = client.get(url)
    assertContains(response, RANKING_TABLE)
    assertNotContains(response, "ranking-hidden")
    assert _evaluation_report_context(evaluating)["ranking_hidden_reason"] == ""
