"""Sealed bids: before opening, nothing on the buyer side shows bid content."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from procurement import evaluation, services
from procurement.models import Bid, BidAnswer, PriceLine, Score
from procurement.report_kinds import _evaluation_report_context, _feedback_letter_context
from reports.selectors import report_target_for

pytestmark = pytest.mark.django_db
SECRET = "Secret sealed answer text."
DAY = datetime.timedelta(days=1)


def test_bids_and_answers_are_not_in_django_admin():
    for model in (Bid, BidAnswer, PriceLine, Score):
        assert model not in admin.site._registry


@pytest.mark.parametrize("person", ["commissioner", "council_admin", "evaluator"])
def test_buyer_pages_show_no_bid_content_before_opening(person, client, request, submitted_bid):
    PriceLine.objects.create(bid=submitted_bid, item="Secret price line", quantity=1, unit_price=9)
    tender = submitted_bid.tender
    user = request.getfixturevalue(person)
    if person == "evaluator":
        # On the panel, so that the evaluation page is open to them too.
        commissioner = request.getfixturevalue("commissioner")
        evaluation.panel_member_add(tender=tender, evaluator=user, by=commissioner)
    client.force_login(user)
    for url in [
        reverse("procurement:tender_detail", args=[tender.pk]),
        reverse("procurement:evaluation", args=[tender.pk]),
        reverse("procurement:tender_criteria", args=[tender.pk]),
    ]:
        response = client.get(url)
        assertNotContains(response, SECRET)
        assertNotContains(response, "Secret price line")
    for name, args in [
        ("bid_detail", [submitted_bid.pk]),
        ("bid_score", [submitted_bid.pk]),
        ("feedback_letter", [submitted_bid.pk]),
        ("moderation", [tender.pk, tender.questions.get().pk]),
    ]:
        assert client.get(reverse(f"procurement:{name}", args=args)).status_code == 404


@pytest.mark.parametrize("kind", ["evaluation_report", "feedback_letter"])
def test_no_pdf_of_bids_can_be_asked_for_before_opening(kind, commissioner, submitted_bid):
    target = submitted_bid.tender if kind == "evaluation_report" else submitted_bid
    assert report_target_for(commissioner, kind=kind, object_id=str(target.pk)) is None


def test_evaluation_report_and_feedback_letter_show_the_scoring_trail(
    closed_tender, commissioner, evaluator
):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    evaluation.conflict_declare(tender=closed_tender, has_conflict=False, by=evaluator)
    evaluation.tender_start_evaluation(tender=closed_tender, by=commissioner)
    bid = closed_tender.bids.first()
    question = closed_tender.questions.first()
    evaluation.scores_record(
        bid=bid, scores={question.pk: (4, "Strong local partnerships.")}, by=evaluator
    )
    evaluation.concern_raise(
        bid=bid, question=question, text="Staffing at weekends is unclear.", by=evaluator
    )
    html = render_to_string(
        "reports/pdf/evaluation_report.html", _evaluation_report_context(closed_tender)
    )
    assert "Strong local partnerships." in html
    assert "Staffing at weekends is unclear." in html
    assert "No conflict" in html
    letter = render_to_string("reports/pdf/feedback_letter.html", _feedback_letter_context(bid))
    assert "Staffing at weekends is unclear." in letter
    assert "the higher quality and social value score" in letter
    # An evaluator's own rationale is not in the letter: only the agreed one is.
    assert "Strong local partnerships." not in letter


def test_draft_questions_get_a_plain_english_check(client, commissioner, draft_tender):
    services.tender_question_add(
        tender=draft_tender,
        text="Describe how you will leverage synergies to facilitate stakeholder engagement.",
        by=commissioner,
    )
    client.force_login(commissioner)
    page = client.get(reverse("procurement:tender_detail", args=[draft_tender.pk])).content.decode()
    assert "Plain English check" in page


def test_submitted_prices_are_sealed_too(client, commissioner, submitted_bid):
    PriceLine.objects.create(bid=submitted_bid, item="Hubs", quantity=1, unit_price=Decimal(5))
    with time_machine.travel(submitted_bid.tender.submission_deadline - DAY):
        client.force_login(commissioner)
        response = client.get(reverse("procurement:bid_detail", args=[submitted_bid.pk]))
    assert response.status_code == 404
