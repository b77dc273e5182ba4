"""Bad input on tender and evaluation pages keeps what was typed and says why: the page
comes back (200) with the GOV.UK error summary, the error beside its field and the text as
typed, and nothing is saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from procurement.models import BidStatus, Concern, Criterion, Procedure, Tender, TenderStatus
from tests.dates import date_fields
from tests.procurement.test_scoring_settings import SIX, _form_data

pytestmark = pytest.mark.django_db

SUMMARY = "govuk-error-summary"


# --- Raising a concern while evaluating --------------------------------------------------------
def _concern(client, person, tender, text):
    bid = tender.bids.first()
    client.force_login(person)
    return client.post(
        reverse("procurement:concern_raise", args=[bid.pk]),
        {"question": tender.questions.first().pk, "text": text},
    )


def test_a_concern_page_shows_the_limit_before_typing(client, evaluating, evaluator):
    client.force_login(evaluator)
    response = client.get(reverse("procurement:bid_score", args=[evaluating.bids.first().pk]))
    assertContains(response, 'data-module="govuk-character-count" data-maxlength="2000"')


def test_a_concern_without_text_comes_back_with_the_error(client, evaluating, evaluator):
    response = _concern(client, evaluator, evaluating, "   ")
    assertContains(response, SUMMARY)
    assertContains(response, "Describe the concern", count=2)
    assert not Concern.objects.exists()


def test_a_long_concern_is_kept_with_an_error_naming_the_limit(client, evaluating, evaluator):
    text = "The answer promises more than the budget allows. " * 50
    response = _concern(client, evaluator, evaluating, text)
    assertContains(response, SUMMARY)
    assertContains(response, "Your concern must be 2,000 characters or fewer", count=2)
    assertContains(response, text.strip())
    assert not Concern.objects.exists()


def test_a_refused_concern_keeps_the_text_and_says_why(client, closed_tender, commissioner):
    """Before evaluation starts the service refuses the concern; the page still shows it."""
    response = _concern(client, commissioner, closed_tender, "Prices look too low.")
    assertContains(response, SUMMARY)
    assertContains(response, "Prices look too low.")
    assertNotContains(response, "Concern recorded")
    assert not Concern.objects.exists()


def test_a_concern_is_recorded_and_the_evaluation_page_follows(client, evaluating, evaluator):
    response = _concern(client, evaluator, evaluating, "Prices look too low.")
    assert response.status_code == 302
    assert Concern.objects.get().text == "Prices look too low."


# --- Withdrawing a bid -------------------------------------------------------------------------
def _withdraw(client, supplier_user, bid, reason):
    client.force_login(supplier_user)
    return client.post(reverse("procurement:bid_withdraw", args=[bid.pk]), {"reason": reason})


def test_the_bid_page_shows_the_limit_of_the_withdrawal_reason(
    client, supplier_user, submitted_bid
):
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:bid_detail", args=[submitted_bid.pk]))
    assertContains(response, 'data-module="govuk-character-count" data-maxlength="2000"')
    assertNotContains(response, " maxlength=")


def test_a_long_withdrawal_reason_is_kept_with_an_error(client, supplier_user, submitted_bid):
    reason = "We need to rethink how we staff the hubs. " * 60
    response = _withdraw(client, supplier_user, submitted_bid, reason)
    assertContains(response, SUMMARY)
    assertContains(response, "Your reason must be 2,000 characters or fewer", count=2)
    assertContains(response, reason.strip())
    submitted_bid.refresh_from_db()
    assert submitted_bid.status == BidStatus.SUBMITTED


def test_a_refused_withdrawal_keeps_the_reason_and_says_why(client, supplier_user, submitted_bid):
    type(submitted_bid.tender).objects.filter(pk=submitted_bid.tender_id).update(
        submission_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    response = _withdraw(client, supplier_user, submitted_bid, "Our chef has left.")
    assertContains(response, SUMMARY)
    assertContains(response, "Our chef has left.")
    submitted_bid.refresh_from_db()
    assert submitted_bid.status == BidStatus.SUBMITTED


def test_a_withdrawal_with_a_reason_is_recorded(client, supplier_user, submitted_bid):
    response = _withdraw(client, supplier_user, submitted_bid, "Our chef has left.")
    assert response.status_code == 302
    submitted_bid.refresh_from_db()
    assert (submitted_bid.status, submitted_bid.withdrawal_reason) == (
        BidStatus.WITHDRAWN,
        "Our chef has left.",
    )


# --- The award decision and the award ----------------------------------------------------------
def test_an_award_decision_without_reasons_comes_back_with_the_error(
    client, evaluating, commissioner
):
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:award_decision", args=[evaluating.pk]), {"rationale": ""}
    )
    assertContains(response, SUMMARY)
    assertContains(response, "Give the reasons for the award decision")
    evaluating.refresh_from_db()
    assert evaluating.status == TenderStatus.EVALUATION


def test_a_refused_award_decision_keeps_the_reasons(client, evaluating, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:award_decision", args=[evaluating.pk]),
        {"rationale": "Best value for residents."},
    )
    assertContains(response, SUMMARY)
    assertContains(response, "Agree a consensus score for every answer")
    assertContains(response, "Best value for residents.")
    evaluating.refresh_from_db()
    assert evaluating.status == TenderStatus.EVALUATION


def test_a_refused_award_keeps_the_dates(client, evaluating, commissioner):
    type(evaluating).objects.filter(pk=evaluating.pk).update(status=TenderStatus.READY_TO_AWARD)
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_award", args=[evaluating.pk]),
        {
            **date_fields("start_date", datetime.date(2027, 1, 4)),
            **date_fields("end_date", ("31", "2", "2029")),
        },
    )
    assertContains(response, SUMMARY)
    assertContains(response, 'href="#id_end_date_0">Contract end date must be a real date</a>')
    assertContains(response, 'name="start_date_0" value="4"')
    assertContains(response, 'name="end_date_0" value="31"')
    assert not evaluating.contracts.exists()


# --- Criteria and scoring settings on a draft --------------------------------------------------
def test_a_refused_sub_criterion_keeps_its_name(client, draft_tender, commissioner):
    quality = draft_tender.criteria.get(kind="quality", parent=None)
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_criteria", args=[draft_tender.pk]),
        {"action": "add", "parent": quality.pk, "name": "Working with residents", "weight": "50"},
    )
    assertContains(response, SUMMARY)
    assertContains(response, "Move the questions under")
    assertContains(response, 'value="Working with residents"')
    assert not Criterion.objects.filter(name="Working with residents").exists()


def test_a_long_sub_criterion_name_is_kept_with_an_error(client, draft_tender, commissioner):
    social = draft_tender.criteria.get(kind="social_value", parent=None)
    name = "Working with residents " * 10
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_criteria", args=[draft_tender.pk]),
        {"action": "add", "parent": social.pk, "name": name, "weight": "50"},
    )
    assertContains(response, "Name of the sub-criterion must be 200 characters or fewer", count=2)
    assertContains(response, f'value="{name}"')
    assertContains(response, "You can enter up to 200 characters.")
    assertNotContains(response, " maxlength=")


def test_scoring_changed_after_publication_is_refused_with_what_was_typed(
    client, open_tender, commissioner
):
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_scoring", args=[open_tender.pk]), _form_data(6, SIX, "linear")
    )
    assertContains(response, SUMMARY)
    assertContains(response, "before the tender is published")
    assertContains(response, SIX[6])
    open_tender.refresh_from_db()
    assert open_tender.max_score == 5


def test_a_long_tender_title_is_kept_with_an_error(client, draft_tender, commissioner):
    title = "Community food hubs for every ward in the borough " * 5
    url = reverse("procurement:tender_create", args=[draft_tender.commission_id])
    client.force_login(commissioner)
    response = client.get(url)
    assertContains(response, "You can enter up to 200 characters.")
    assertNotContains(response, " maxlength=")
    response = client.post(url, {"title": title, "summary": "Food hubs."})
    assertContains(response, "Title must be 200 characters or fewer", count=2)
    assertContains(response, f'value="{title}"')
    assert not Tender.objects.exclude(pk=draft_tender.pk).exists()


def test_a_justification_changed_after_publication_is_refused_with_what_was_typed(
    client, open_tender, commissioner
):
    type(open_tender).objects.filter(pk=open_tender.pk).update(
        procedure=Procedure.DIRECT_AWARD, direct_award_justification="Only one provider."
    )
    url = reverse("procurement:tender_justification", args=[open_tender.pk])
    client.force_login(commissioner)
    assert client.get(url).status_code == 302
    response = client.post(url, {"justification": "The only kitchen in the borough."})
    assertContains(response, SUMMARY)
    assertContains(response, "before the tender is published")
    assertContains(response, "The only kitchen in the borough.")
    open_tender.refresh_from_db()
    assert open_tender.direct_award_justification == "Only one provider."
