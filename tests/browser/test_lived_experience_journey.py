"""Journey: a person with lived experience on an evaluation panel. The commissioner has
added them for one question; in a browser of their own they open the emailed link, set up
an account, declare that they are connected to no organisation, and score Bid A's answer,
never seeing who bid. Every page they see is checked with axe.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procurement import lived_experience
from procurement.models import Score, TenderStatus
from tests.browser.conftest import assert_accessible
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    TenderFactory,
    TenderQuestionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ("Good Food Co-op", "Big Catering plc")


def _assert_no_bidder_names(page: Any) -> None:
    content = page.content()
    for name in NAMES:
        assert name not in content, f"{name} shown on {page.url}"


def test_a_lived_experience_member_scores_one_answer_without_seeing_who_bid(
    page: Any,
    live_server: Any,
    council: Any,
    commissioner: Any,
    supplier_org: Any,
    other_supplier_org: Any,
) -> None:
    now = timezone.now()
    tender = TenderFactory(
        organisation=council,
        created_by=commissioner,
        title="Home from hospital support",
        status=TenderStatus.EVALUATION,
        submission_deadline=now - datetime.timedelta(days=2),
        bids_opened_at=now - datetime.timedelta(days=1),
    )
    question = TenderQuestionFactory(tender=tender, text="How will you listen to families?")
    TenderQuestionFactory(tender=tender, text="How will you manage your finances?")
    for supplier in (supplier_org, other_supplier_org):
        bid = BidFactory(tender=tender, supplier=supplier, status="submitted")
        BidAnswerFactory(
            bid=bid, question=question, text=f"At {supplier.name} we ask families first."
        )
    seat = lived_experience.lived_experience_member_add(
        tender=tender,
        full_name="Pat Lewis",
        email="pat@example.com",
        questions=[question],
        by=commissioner,
    )

    # The emailed link, in a browser with nobody signed in.
    response = page.goto(
        live_server.url + reverse("procurement:lived_experience_join", args=[seat.invitation_token])
    )
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your account")
    _assert_no_bidder_names(page)
    assert_accessible(page)
    page.get_by_label("Create a password").fill("a long walk home")
    page.get_by_label("Type the password again").fill("a long walk home")
    page.get_by_role("button", name="Set up my account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Home from hospital support")
    expect(page.get_by_text("How will you listen to families?")).to_be_visible()
    assert "How will you manage your finances?" not in page.content()
    _assert_no_bidder_names(page)
    assert_accessible(page)

    page.get_by_role("button", name="Make your declaration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your declaration")
    _assert_no_bidder_names(page)
    assert_accessible(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send my declaration").click()

    expect(page.get_by_role("link", name="Bid B")).to_be_visible()
    _assert_no_bidder_names(page)
    assert_accessible(page)
    page.get_by_role("link", name="Bid A").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Score Bid A")
    expect(page.get_by_text("At [the bidder] we ask families first.")).to_be_visible()
    _assert_no_bidder_names(page)
    assert_accessible(page)
    page.get_by_label("4: ", exact=False).check()
    page.get_by_label("Reasons for your score for question 1").fill("They ask families first.")
    page.get_by_role("button", name="Save scores").click()

    expect(page.get_by_text("Your scores for Bid A have been saved.")).to_be_visible()
    expect(page.get_by_text("1 of 1 answers scored").first).to_be_visible()
    _assert_no_bidder_names(page)
    assert_accessible(page)
    score = Score.objects.get(evaluator=seat.evaluator)
    assert (score.score, score.question) == (4, question)
