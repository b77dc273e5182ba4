"""Bid burden, made visible: what a tender asks of a bidder (words, documents, hours), the
buyer's warning when that is out of proportion to the contract's value, and the
plain-language check on the tender summary as it is written."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from procurement import burden
from procurement.models import Tender
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory
from tests.dates import date_fields
from tests.procurement.factories import (
    PublishedTenderFactory,
    TenderFactory,
    TenderQuestionFactory,
)

pytestmark = pytest.mark.django_db

WARNING = 'id="burden-warning"'


class _Question:
    def __init__(self, word_limit: int) -> None:
        self.word_limit = word_limit


# --- The rules ------------------------------------------------------------------------------
def test_the_burden_adds_up_words_documents_and_hours():
    found = burden.burden_of(
        questions=[_Question(500), _Question(700), _Question(300)], documents=2
    )
    assert (found.questions, found.words, found.documents) == (3, 1500, 2)
    # 1,500 words at 250 an hour (6) + 2 documents at 2 hours (4) + a price schedule (3).
    assert found.hours == 13


def test_hours_round_up_to_the_next_half_hour():
    assert burden.burden_of(questions=[_Question(260)], documents=0).hours == 4.5


@pytest.mark.parametrize(
    ("value", "limit"),
    [
        (None, None),
        (Decimal("99999.99"), 2_000),
        (Decimal("100000"), 5_000),
        (Decimal("999999"), 5_000),
        (Decimal("1000000"), None),
    ],
)
def test_the_word_limit_follows_the_value_bands(value, limit):
    assert burden.word_limit_for(value) == limit


def test_out_of_proportion_says_why_and_what_to_do():
    heavy = burden.burden_of(questions=[_Question(600)] * 4, documents=0)
    warning = burden.out_of_proportion(heavy, Decimal("60000"))
    assert "2,400 words for a contract worth about £60,000" in warning
    assert "2,000 words or fewer" in warning
    assert burden.out_of_proportion(heavy, Decimal("600000")) == ""
    assert burden.out_of_proportion(heavy, None) == ""


# --- The tender page ------------------------------------------------------------------------
@pytest.fixture
def heavy_draft(council, commissioner):
    tender = TenderFactory(
        organisation=council,
        created_by=commissioner,
        estimated_value=Decimal("60000"),
        documents_requested=3,
    )
    for _ in range(4):
        TenderQuestionFactory(tender=tender, word_limit=600)
    return tender


def test_the_buyer_is_warned_on_a_draft_that_asks_too_much(client, commissioner, heavy_draft):
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_detail", args=[heavy_draft.pk]))
    assertContains(response, WARNING)
    assertContains(response, "2,400 words for a contract worth about £60,000")
    # The rule is on the page, with the thresholds from procurement.burden.
    assertContains(response, 'id="burden-proportion"')
    assertContains(response, "under £100,000: 2,000 words or fewer")
    assertContains(response, "£100,000 to £1,000,000: 5,000 words or fewer")


def test_no_warning_when_the_burden_is_in_proportion(client, commissioner, heavy_draft):
    Tender.objects.filter(pk=heavy_draft.pk).update(estimated_value=Decimal("500000"))
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_detail", args=[heavy_draft.pk]))
    assertNotContains(response, WARNING)
    assertContains(response, 'id="burden-proportion"')


def test_suppliers_and_the_public_see_the_burden_and_how_it_is_worked_out(
    client, council, commissioner, supplier_user
):
    tender = PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        estimated_value=Decimal("60000"),
        documents_requested=2,
    )
    for word_limit in (500, 700, 300):
        TenderQuestionFactory(tender=tender, word_limit=word_limit)
    url = reverse("procurement:tender_detail", args=[tender.pk])
    for signed_in in (False, True):
        if signed_in:
            client.force_login(supplier_user)
        response = client.get(url)
        assertContains(response, "What bidding involves")
        assertContains(response, "3 questions, up to 1,500 words in all")
        assertContains(response, '<dd class="govuk-summary-list__value">2</dd>', html=False)
        assertContains(response, "About 13 hours")
        assertContains(response, "1,500 words at 250 words an hour is 6 hours")
        # The buyer's warning and rule are the buyer's, and only while it is a draft.
        assertNotContains(response, WARNING)
        assertNotContains(response, 'id="burden-proportion"')


def test_a_published_tender_no_longer_warns_its_buyer(client, commissioner, heavy_draft):
    Tender.objects.filter(pk=heavy_draft.pk).update(status="published")
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_detail", args=[heavy_draft.pk]))
    assertContains(response, "What bidding involves")
    assertNotContains(response, WARNING)


def test_the_bid_page_counts_the_documents_asked_for(client, supplier_user, council, commissioner):
    tender = PublishedTenderFactory(
        organisation=council, created_by=commissioner, documents_requested=2
    )
    TenderQuestionFactory(tender=tender, word_limit=50)
    client.force_login(supplier_user)
    url = reverse("procurement:bid_edit", args=[tender.pk])
    client.post(url, {"action": "save"})
    response = client.get(url)
    assertContains(response, "The buyer asks for 2 documents. You have attached 0.")


# --- Creating a tender: documents asked for, and the summary's plain-language check -----------
@pytest.fixture
def commission(council):
    commission = CommissionFactory(organisation=council, title="Food on the estates")
    SpecificationVersionFactory(specification__commission=commission, number=1)
    return commission


def _create_data(commission, **overrides):
    return {
        "specification_version": commission.specification.versions.get().pk,
        "title": "Food hubs",
        "summary": "Run three food hubs.",
        "procedure": "open",
        **date_fields("submission_deadline", datetime.date(2099, 3, 27)),
        "submission_deadline_3": "midday",
        **overrides,
    }


def test_the_buyer_says_how_many_documents_bidders_attach(client, commissioner, commission):
    client.force_login(commissioner)
    url = reverse("procurement:tender_create", args=[commission.pk])
    client.post(url, _create_data(commission, documents_requested="3"))
    assert Tender.objects.get().documents_requested == 3
    response = client.post(url, _create_data(commission, documents_requested="-1"))
    assertContains(response, 'href="#id_documents_requested"')
    assertContains(response, "The number of documents cannot be less than 0")


def test_the_summary_is_checked_as_it_is_typed_and_on_save(client, commissioner, commission):
    client.force_login(commissioner)
    url = reverse("procurement:tender_create", args=[commission.pk])
    response = client.get(url)
    assertContains(response, f'hx-post="{reverse("commissioning:plain_language_check")}"')
    assertContains(response, 'hx-target="#plain-language-result"')
    assertContains(response, 'id="plain-language-result"')
    assertContains(response, "commissioning/autosave.js")
    # Without JavaScript: a refused form shows the check of the summary as typed.
    typed = "We will leverage synergies."
    response = client.post(url, _create_data(commission, summary=typed, title=""))
    assertContains(response, "Jargon to replace")
    assertContains(response, "leverage")
    # And once saved, the draft tender's page shows it to the buyer.
    client.post(url, _create_data(commission, summary=typed))
    tender = Tender.objects.get()
    response = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertContains(response, 'id="plain-language-result-summary"')
    assertContains(response, "Jargon to replace")


def test_the_summary_check_is_not_shown_to_bidders(client, supplier_user, council, commissioner):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertNotContains(response, "Plain-language check")


def test_the_tender_page_costs_the_same_queries_for_many_questions(
    client, commissioner, heavy_draft, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("procurement:tender_detail", args=[heavy_draft.pk])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for _ in range(30):
        TenderQuestionFactory(tender=heavy_draft, word_limit=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assertContains(response, "34 questions, up to 5,400 words in all")


def test_the_demo_draft_shows_the_warning(client, council, commissioner):
    from procurement import burden_demo

    summary = burden_demo.load(
        council=council, people={"commissioner@northbridge.example": commissioner}
    )
    assert summary and "3,000 words for a £60,000 contract" in summary[0]
    assert (
        burden_demo.load(council=council, people={"commissioner@northbridge.example": commissioner})
        == []
    )
    tender = Tender.objects.get(title=burden_demo.TITLE)
    assert tender.status == "draft" and tender.documents_requested == 3
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertContains(response, WARNING)


def test_a_changed_summary_is_checked_too(client, commissioner, open_tender):
    client.force_login(commissioner)
    url = reverse("procurement:tender_change", args=[open_tender.pk])
    assertContains(client.get(url), 'hx-target="#plain-language-result"')
    # Refused (no reason given): the check of the summary as typed comes back with it.
    response = client.post(url, {"summary": "We will leverage synergies.", "reason": ""})
    assertContains(response, "govuk-error-summary")
    assertContains(response, "Jargon to replace")
