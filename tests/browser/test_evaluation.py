"""Journey: publish, two suppliers bid, the deadline passes, bids are opened, two
evaluators score on their own, the panel moderates, the award is decided, standstill
starts, bidders get feedback letters and the contract is awarded."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procurement import award, services
from procurement.models import Tender
from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bid(browser, live_server, user, tender, answers: list[str], price: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, live_server, user)
    page.goto(live_server.url + reverse("procurement:tender_detail", args=[tender.pk]))
    assert_accessible(page)
    page.get_by_role("button", name="Start your bid").click()
    for number, answer in enumerate(answers, start=1):
        page.get_by_label(re.compile(rf"^{number}\. ")).fill(answer)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft has been saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What the price is for").fill("Running the hubs for two years")
    page.get_by_label("Price for each, in pounds").fill(price)
    page.get_by_role("button", name="Add price line").click()
    expect(page.get_by_text("Price line added.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit bid").click()
    expect(page.get_by_text("Your bid has been submitted.")).to_be_visible()
    assert_accessible(page)
    context.close()


def _score_everything(page, live_server, tender, score: str) -> None:
    page.goto(live_server.url + reverse("procurement:evaluation", args=[tender.pk]))
    assert_accessible(page)
    links = page.get_by_role("link", name=re.compile("score this bid"))
    for index in range(links.count()):
        page.get_by_role("link", name=re.compile("score this bid")).nth(index).click()
        assert_accessible(page)
        for number in (1, 2):
            group = page.get_by_role("group", name=f"Score for question {number}")
            group.get_by_role("radio", name=re.compile(rf"^{score}:")).check()
            page.get_by_label(f"Reasons for your score for question {number}").fill(
                "The answer gives clear local examples."
            )
        page.get_by_role("button", name="Save scores").click()
        expect(page.get_by_text("have been saved")).to_be_visible()
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.get_by_text("Your scores have been submitted.")).to_be_visible()
    assert_accessible(page)


def test_from_publication_to_award_with_feedback_letters(
    page, browser, live_server, council, commissioner, evaluator, supplier_user, other_supplier_user
):
    commission = CommissionFactory(organisation=council, title="Food on the estates")
    version = SpecificationVersionFactory(specification__commission=commission, number=1)
    tender = services.tender_create(
        commission=commission,
        specification_version=version,
        title="Community food hubs",
        summary="Run community food hubs on three estates.",
        submission_deadline=timezone.now() + datetime.timedelta(days=10),
        by=commissioner,
    )
    services.tender_question_add(
        tender=tender, text="How will you involve residents?", word_limit=100, by=commissioner
    )
    services.tender_question_add(
        tender=tender,
        text="What social value will you add?",
        word_limit=100,
        criterion=tender.criteria.get(kind="social_value"),
        by=commissioner,
    )

    # The commissioner checks the criteria and publishes.
    sign_in(page, live_server, commissioner)
    page.goto(live_server.url + reverse("procurement:tender_criteria", args=[tender.pk]))
    expect(page.get_by_text("The weights add up.")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("procurement:tender_detail", args=[tender.pk]))
    page.get_by_role("button", name="Publish tender").click()
    expect(page.get_by_text("Tender published.")).to_be_visible()
    assert_accessible(page)

    # Two suppliers bid.
    _bid(browser, live_server, supplier_user, tender, ["Residents run it.", "Local jobs."], "90000")
    _bid(
        browser, live_server, other_supplier_user, tender, ["We consult.", "Apprentices."], "80000"
    )

    # The deadline passes (the live server's clock cannot be moved, so the deadline is).
    Tender.objects.filter(pk=tender.pk).update(
        submission_deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    page.reload()
    expect(page.get_by_text("2 bids submitted")).to_be_visible()
    page.get_by_role("button", name="Open bids").click()
    expect(page.get_by_text("Bids opened.")).to_be_visible()
    assert_accessible(page)

    # The panel: the evaluator and the commissioner; both declare no conflict.
    page.get_by_role("link", name="Evaluation and award").click()
    assert_accessible(page)
    for person in (evaluator, commissioner):
        page.get_by_label("Add a person to the panel").select_option(label=str(person))
        page.get_by_role("button", name="Add to panel").click()
        expect(page.get_by_text("added to the panel")).to_be_visible()
    page.get_by_role("link", name="Declare any conflict of interest").click()
    assert_accessible(page)
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Sign declaration").click()
    expect(page.get_by_text("Your declaration has been recorded.")).to_be_visible()
    page.get_by_role("button", name="Start evaluation").click()
    expect(page.get_by_text("Evaluation started.")).to_be_visible()
    assert_accessible(page)

    # The evaluator declares and scores on their own.
    evaluator_context = browser.new_context()
    evaluator_page = evaluator_context.new_page()
    sign_in(evaluator_page, live_server, evaluator)
    evaluator_page.goto(live_server.url + reverse("procurement:declaration", args=[tender.pk]))
    assert_accessible(evaluator_page)
    evaluator_page.get_by_label("No, I have no conflict of interest").check()
    evaluator_page.get_by_role("button", name="Sign declaration").click()
    _score_everything(evaluator_page, live_server, tender, "2")
    evaluator_context.close()

    # The commissioner scores, then moderates each question.
    _score_everything(page, live_server, tender, "5")
    for number in (1, 2):
        page.get_by_role("link", name=re.compile(rf"^Question {number}:")).click()
        expect(page.get_by_text("differ by 3 points").first).to_be_visible()
        assert_accessible(page)
        for section in page.locator("section[aria-labelledby^='bid-']").all():
            section.get_by_role("radio", name="4", exact=True).check()
            section.get_by_label("Reasons for the consensus score").fill(
                "A clear plan with residents at its heart."
            )
            section.get_by_role("button", name=re.compile("Save consensus")).click()
            expect(page.get_by_text("Consensus score for")).to_be_visible()
        page.get_by_role("link", name="Back to evaluation").click()

    # Award decision: equal quality, so the cheaper bid ranks first.
    expect(page.get_by_role("table", name="Ranking")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Reasons for the award decision").fill("Best value for the estates.")
    page.get_by_role("button", name="Record award decision").click()
    expect(page.get_by_text("Award decision recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start standstill and send feedback letters").click()
    expect(page.get_by_text("Standstill started.")).to_be_visible()
    assert_accessible(page)

    # The worker makes and emails the letters; here it runs in the test.
    assert award.feedback_letters_issue(tender_id=tender.pk) == 2
    page.reload()
    expect(page.get_by_role("table", name="Feedback letters")).to_be_visible()
    assert_accessible(page)

    # A bidder downloads their own letter from their bid page.
    supplier_context = browser.new_context()
    supplier_page = supplier_context.new_page()
    sign_in(supplier_page, live_server, supplier_user)
    supplier_page.goto(live_server.url + reverse("procurement:my_bids"))
    supplier_page.get_by_role("link", name="Community food hubs").first.click()
    expect(
        supplier_page.get_by_role("link", name="Download the feedback letter (PDF)")
    ).to_be_visible()
    assert_accessible(supplier_page)
    href = supplier_page.get_by_role(
        "link", name="Download the feedback letter (PDF)"
    ).get_attribute("href")
    response = supplier_context.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    supplier_context.close()

    # Standstill ends; the contract is awarded.
    Tender.objects.filter(pk=tender.pk).update(
        standstill_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    page.reload()
    page.get_by_label("Contract start date").fill("2027-01-04")
    page.get_by_label("Contract end date").fill("2029-01-03")
    page.get_by_role("button", name="Award contract").click()
    expect(page.get_by_text("Contract awarded.")).to_be_visible()
    expect(page.get_by_role("link", name="View the contract")).to_be_visible()
    assert_accessible(page)
