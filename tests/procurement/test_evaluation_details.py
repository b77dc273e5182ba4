"""Evaluation details: a declaration naming the bidders, moderation only once the whole
panel has scored, the ranking hidden until quality scores are agreed, and abnormally low
prices flagged for the buyer to investigate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Membership, Role
from core.errors import DomainError
from procurement import evaluation, price_checks
from procurement.models import PanelMember, PriceLine
from procurement.report_kinds import _evaluation_report_context
from tests.factories import OrganisationFactory, UserFactory
from tests.procurement.factories import BidFactory

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


# --- 4. Abnormally low prices ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("prices", "flagged"),
    [
        # Median 100: 80 is exactly 20% below (not flagged), 79.99 is more than 20% below.
        ({"a": "100", "b": "80", "c": "120"}, set()),
        ({"a": "100", "b": "79.99", "c": "120"}, {"b"}),
        # Bids without a price are left out of the median.
        ({"a": "100", "b": "70", "c": "130", "d": None}, {"b"}),
        # Two bids: the median is their mean.
        ({"a": "1000", "b": "600"}, {"b"}),
        ({"a": "1000"}, set()),
        ({}, set()),
    ],
)
def test_abnormally_low_is_more_than_the_threshold_below_the_median(prices, flagged):
    check = price_checks.abnormally_low(
        (key, Decimal(price) if price else None) for key, price in prices.items()
    )
    assert {low.key for low in check.flagged} == flagged


def test_evaluation_page_and_report_flag_an_abnormally_low_price(
    client, closed_tender, commissioner, council, other_supplier_org
):
    cheap_supplier = OrganisationFactory(name="Cut Price Care")
    cheap = BidFactory(tender=closed_tender, supplier=cheap_supplier, status="submitted")
    PriceLine.objects.create(bid=cheap, item="Service", quantity=1, unit_price=500)
    # Totals 1,000, 800 and 500: median 800, so 500 is 37.5% below it; 800 is not flagged.
    client.force_login(commissioner)
    response = client.get(reverse("procurement:evaluation", args=[closed_tender.pk]))
    assertContains(response, "1 bid has an abnormally low price.")
    assertContains(response, "Cut Price Care")
    assertContains(response, "37.5%")
    assertContains(response, "more than 20% below the median")
    assertContains(response, "Procurement Act 2023")
    check = response.context["price_check"]
    assert [low.key for low in check.flagged] == [cheap]
    report = _evaluation_report_context(closed_tender)
    assert [low.key.pk for low in report["price_check"].flagged] == [cheap.pk]
    html = render_to_string("reports/pdf/evaluation_report.html", report)
    assert "Cut Price Care" in html and "37.5%" in html


def test_no_flag_when_prices_are_close(client, closed_tender, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("procurement:evaluation", args=[closed_tender.pk]))
    assertContains(response, "total price is abnormally low.")
    assertNotContains(response, "govuk-tag--orange")


def test_evaluators_see_no_price_flags(client, evaluating, evaluator):
    client.force_login(evaluator)
    assertNotContains(
        client.get(reverse("procurement:evaluation", args=[evaluating.pk])), "abnormally-low"
    )
