from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from procurement import services
from procurement.models import Bid, BidStatus, Tender, TenderStatus
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory
from tests.dates import date_fields
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    PublishedTenderFactory,
    TenderFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
SECRET = "Secret sealed answer text."
PEOPLE = [
    "commissioner",
    "evaluator",
    "council_admin",
    "viewer",
    "other_commissioner",
    "supplier_user",
    "other_supplier_user",
    "anonymous",
]


def _client_for(person: str, client, request):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    return client


def _get(client, name: str, *args):
    return client.get(reverse(f"procurement:{name}", args=args))


# --- Tender detail -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("commissioner", 200),
        ("evaluator", 200),
        ("viewer", 200),
        ("other_commissioner", 404),
        ("supplier_user", 404),
        ("anonymous", 404),
    ],
)
def test_a_draft_tender_is_seen_only_by_its_buyer(
    person, status_code, client, request, draft_tender
):
    response = _get(_client_for(person, client, request), "tender_detail", draft_tender.pk)
    assert response.status_code == status_code


@pytest.mark.parametrize("person", PEOPLE)
def test_a_published_tender_is_public(person, client, request, open_tender):
    response = _get(_client_for(person, client, request), "tender_detail", open_tender.pk)
    assert response.status_code == 200
    page = response.content.decode()
    assert open_tender.title in page
    assert "How will you involve residents?" in page
    assert "Northbridge Council" in page
    is_buyer = person in {"commissioner", "evaluator", "council_admin", "viewer"}
    assert ("Manage this tender" in page) is is_buyer
    assert ("Download tender pack (PDF)" in page) is is_buyer


@pytest.mark.parametrize("person", ["commissioner", "evaluator", "council_admin", "viewer"])
def test_buyer_sees_only_the_count_of_sealed_bids(person, client, request, submitted_bid):
    BidFactory(tender=submitted_bid.tender)  # a draft, which is not counted
    response = _get(_client_for(person, client, request), "tender_detail", submitted_bid.tender.pk)
    assertContains(response, "1 bid submitted")
    assertNotContains(response, SECRET)
    assertNotContains(response, reverse("procurement:bid_detail", args=[submitted_bid.pk]))


def test_only_managers_see_the_lifecycle_buttons(client, evaluator, commissioner, draft_tender):
    client.force_login(evaluator)
    assertNotContains(_get(client, "tender_detail", draft_tender.pk), "Publish tender")
    client.force_login(commissioner)
    response = _get(client, "tender_detail", draft_tender.pk)
    assertContains(response, "Publish tender")
    assertContains(response, "Cancel tender")
    assertContains(response, "Add a question for bidders")
    assertNotContains(response, "Open bids")


def test_supplier_is_invited_to_start_a_bid(client, supplier_user, open_tender):
    client.force_login(supplier_user)
    response = _get(client, "tender_detail", open_tender.pk)
    assertContains(response, "Start your bid")
    assertNotContains(response, "Manage this tender")


# --- Reading bids: sealed until opened ------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("supplier_user", 200),
        ("commissioner", 404),
        ("council_admin", 404),
        ("evaluator", 404),
        ("other_commissioner", 404),
        ("other_supplier_user", 404),
    ],
)
def test_bid_is_sealed_before_opening(person, status_code, client, request, submitted_bid):
    response = _get(_client_for(person, client, request), "bid_detail", submitted_bid.pk)
    assert response.status_code == status_code
    assert (SECRET in response.content.decode()) is (status_code == 200)


def test_anonymous_person_is_asked_to_sign_in_to_read_a_bid(client, submitted_bid):
    response = _get(client, "bid_detail", submitted_bid.pk)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("commissioner", 200),
        ("council_admin", 200),
        # Evaluators read bids only once on the panel with a declaration of no conflict.
        ("evaluator", 404),
        ("viewer", 404),
        ("other_commissioner", 404),
        ("other_supplier_user", 404),
        ("supplier_user", 200),
    ],
)
def test_bid_can_be_read_by_evaluating_buyer_once_opened(
    person, status_code, client, request, submitted_bid, commissioner
):
    tender = submitted_bid.tender
    with time_machine.travel(tender.submission_deadline + DAY):
        services.bids_open(tender=tender, by=commissioner)
        response = _get(_client_for(person, client, request), "bid_detail", submitted_bid.pk)
    assert response.status_code == status_code


def test_opened_tender_lists_bids_with_links(client, submitted_bid, commissioner):
    tender = submitted_bid.tender
    with time_machine.travel(tender.submission_deadline + DAY):
        services.bids_open(tender=tender, by=commissioner)
        client.force_login(commissioner)
        page = _get(client, "tender_detail", tender.pk).content.decode()
    assert reverse("procurement:bid_detail", args=[submitted_bid.pk]) in page
    assert "Good Food Co-op" in page


def test_unsubmitted_bid_stays_hidden_from_the_buyer_after_opening(
    client, open_tender, commissioner, supplier_org
):
    draft = BidFactory(tender=open_tender, supplier=supplier_org)
    BidAnswerFactory(bid=draft, question=open_tender.questions.get(), text=SECRET)
    with time_machine.travel(open_tender.submission_deadline + DAY):
        services.bids_open(tender=open_tender, by=commissioner)
        client.force_login(commissioner)
        assert _get(client, "bid_detail", draft.pk).status_code == 404


# --- Lifecycle buttons ----------------------------------------------------------------------
def test_commissioner_publishes_a_tender(client, commissioner, draft_tender):
    client.force_login(commissioner)
    response = client.post(reverse("procurement:tender_publish", args=[draft_tender.pk]))
    assert response.status_code == 302
    draft_tender.refresh_from_db()
    assert draft_tender.status == TenderStatus.PUBLISHED


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_others_cannot_publish(person, client, request, draft_tender):
    client = _client_for(person, client, request)
    response = client.post(reverse("procurement:tender_publish", args=[draft_tender.pk]))
    assert response.status_code == 404
    draft_tender.refresh_from_db()
    assert draft_tender.status == TenderStatus.DRAFT


def test_opening_bids_before_the_deadline_shows_why_not(client, commissioner, submitted_bid):
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:bids_open", args=[submitted_bid.tender.pk]), follow=True
    )
    assert "once the bid deadline has passed" in response.content.decode()
    assert Tender.objects.get().bids_opened_at is None


def test_cancel_page_asks_for_a_reason(client, commissioner, open_tender):
    client.force_login(commissioner)
    url = reverse("procurement:tender_cancel", args=[open_tender.pk])
    assert "Enter the reason" in client.post(url, {"reason": ""}).content.decode()
    client.post(url, {"reason": "The budget was withdrawn."})
    open_tender.refresh_from_db()
    assert open_tender.status == TenderStatus.CANCELLED
    assert (
        "The budget was withdrawn."
        in _get(client, "tender_detail", open_tender.pk).content.decode()
    )


def test_question_form_errors_are_shown_on_the_tender_page(client, commissioner, draft_tender):
    client.force_login(commissioner)
    url = reverse("procurement:tender_question_add", args=[draft_tender.pk])
    response = client.post(url, {"text": "", "word_limit": "5"})
    page = response.content.decode()
    assert "Enter the question" in page
    assert "10 words or more" in page
    client.post(url, {"text": "What will change for residents?", "word_limit": "300"})
    assert draft_tender.questions.count() == 2


# --- Creating a tender -------------------------------------------------------------------
@pytest.fixture
def commission(council):
    commission = CommissionFactory(organisation=council, title="Food on the estates")
    SpecificationVersionFactory(specification__commission=commission, number=1)
    return commission


@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("commissioner", 200),
        ("council_admin", 200),
        ("evaluator", 404),
        ("other_commissioner", 404),
        ("supplier_user", 404),
    ],
)
def test_only_managers_can_create_a_tender(person, status_code, client, request, commission):
    response = _get(_client_for(person, client, request), "tender_create", commission.pk)
    assert response.status_code == status_code


def test_commissioner_creates_a_tender_from_an_issued_version(client, commissioner, commission):
    client.force_login(commissioner)
    version = commission.specification.versions.get()
    response = client.post(
        reverse("procurement:tender_create", args=[commission.pk]),
        {
            "specification_version": version.pk,
            "title": "Food hubs",
            "summary": "Run three food hubs.",
            "procedure": "open",
            **date_fields("submission_deadline", datetime.date(2099, 3, 27)),
            "submission_deadline_3": "midday",
            "estimated_value": "250000",
        },
    )
    tender = Tender.objects.get()
    assert response.url == reverse("procurement:tender_detail", args=[tender.pk])
    assert tender.specification_version == version
    assert tender.status == TenderStatus.DRAFT
    assert tender.submission_deadline == datetime.datetime(2099, 3, 27, 12, tzinfo=datetime.UTC)


def test_a_bid_deadline_in_the_past_or_at_an_unreadable_time_keeps_the_typing(
    client, commissioner, commission
):
    client.force_login(commissioner)
    version = commission.specification.versions.get()
    url = reverse("procurement:tender_create", args=[commission.pk])
    data = {
        "specification_version": version.pk,
        "title": "Food hubs",
        "summary": "Run three food hubs.",
        "procedure": "open",
        **date_fields("submission_deadline", datetime.date(2099, 3, 27)),
        "submission_deadline_3": "teatime",
    }
    response = client.post(url, data)
    assertContains(
        response,
        'href="#id_submission_deadline_3">Bid deadline must be a real time, like 2pm or 14:00',
    )
    assertContains(response, 'name="submission_deadline_3" value="teatime"')
    assertContains(response, 'name="submission_deadline_2" value="2099"')

    response = client.post(
        url,
        {
            **data,
            **date_fields("submission_deadline", datetime.date(2020, 3, 27)),
            "submission_deadline_3": "2pm",
        },
    )
    assertContains(response, 'href="#id_submission_deadline_0">Bid deadline must be in the future')
    assert not Tender.objects.exists()


def test_create_page_offers_only_this_commissions_versions(client, commissioner, commission):
    other = SpecificationVersionFactory(
        specification__commission=CommissionFactory(organisation=commission.organisation),
        change_note="Another commission's version",
    )
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_create", args=[commission.pk]),
        {"specification_version": other.pk, "title": "x", "summary": "y", "procedure": "open"},
    )
    assertNotContains(response, "Another commission")
    assertContains(response, "Select a valid choice")
    assertContains(response, "Enter the bid deadline")
    assert not Tender.objects.exists()


# --- Bidding ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("supplier_user", 200),
        ("other_supplier_user", 200),
        ("commissioner", 404),
        ("evaluator", 404),
    ],
)
def test_only_suppliers_open_the_bid_form(person, status_code, client, request, open_tender):
    response = _get(_client_for(person, client, request), "bid_edit", open_tender.pk)
    assert response.status_code == status_code


def test_supplier_saves_a_draft_then_submits(client, supplier_user, open_tender):
    client.force_login(supplier_user)
    question = open_tender.questions.get()
    url = reverse("procurement:bid_edit", args=[open_tender.pk])
    field = f"answer_{question.pk}"
    response = client.post(url, {field: "We will ask residents.", "action": "save"})
    assert response.url == url
    assert "We will ask residents." in client.get(url).content.decode()
    response = client.post(url, {field: "We will ask residents first.", "action": "submit"})
    bid = Bid.objects.get()
    assert response.url == reverse("procurement:bid_detail", args=[bid.pk])
    assert bid.status == BidStatus.SUBMITTED


def test_save_draft_keeps_an_answer_over_the_word_limit(client, supplier_user, open_tender):
    client.force_login(supplier_user)
    question = open_tender.questions.get()
    too_long = " ".join(f"word{n}" for n in range(25))
    url = reverse("procurement:bid_edit", args=[open_tender.pk])
    response = client.post(url, {f"answer_{question.pk}": too_long, "action": "save"}, follow=True)
    assertContains(response, "Your draft has been saved. Your answer to question 1 is over")
    assertContains(response, too_long)
    assert Bid.objects.get().answers.get().text == too_long


def test_submit_over_the_word_limit_links_the_error_to_the_answer(
    client, supplier_user, open_tender
):
    client.force_login(supplier_user)
    question = open_tender.questions.get()
    too_long = " ".join(f"word{n}" for n in range(25))
    response = client.post(
        reverse("procurement:bid_edit", args=[open_tender.pk]),
        {f"answer_{question.pk}": too_long, "action": "submit"},
    )
    assertContains(response, "govuk-error-summary")
    assertContains(response, f'href="#id_answer_{question.pk}"')
    assertContains(response, "20 words or fewer to submit. It is 25 words")
    assertContains(response, f'id="id_answer_{question.pk}-error"')
    assertContains(response, too_long)
    bid = Bid.objects.get()
    assert bid.status == BidStatus.DRAFT
    assert bid.answers.get().text == too_long


def test_submit_after_the_deadline_is_refused_with_the_reason(client, supplier_user, open_tender):
    # A deadline soon enough that the session outlives it.
    open_tender.submission_deadline = timezone.now() + datetime.timedelta(hours=1)
    open_tender.save()
    client.force_login(supplier_user)
    question = open_tender.questions.get()
    url = reverse("procurement:bid_edit", args=[open_tender.pk])
    client.post(url, {f"answer_{question.pk}": "Ready.", "action": "save"})
    with time_machine.travel(open_tender.submission_deadline + datetime.timedelta(minutes=1)):
        response = client.post(
            url, {f"answer_{question.pk}": "Ready.", "action": "submit"}, follow=True
        )
    page = response.content.decode()
    assert "The deadline for bids was" in page
    assert "Ready." in page
    assert Bid.objects.get().status == BidStatus.DRAFT


def test_supplier_withdraws_a_bid(client, supplier_user, submitted_bid):
    client.force_login(supplier_user)
    client.post(reverse("procurement:bid_withdraw", args=[submitted_bid.pk]), {"reason": ""})
    submitted_bid.refresh_from_db()
    assert submitted_bid.status == BidStatus.WITHDRAWN


def test_another_supplier_cannot_withdraw_a_bid(client, other_supplier_user, submitted_bid):
    client.force_login(other_supplier_user)
    response = client.post(reverse("procurement:bid_withdraw", args=[submitted_bid.pk]))
    assert response.status_code == 404


def test_my_bids_lists_only_our_bids(client, supplier_user, submitted_bid, other_supplier_org):
    other = BidFactory(supplier=other_supplier_org)
    client.force_login(supplier_user)
    response = _get(client, "my_bids")
    assertContains(response, submitted_bid.tender.title)
    assertNotContains(response, other.tender.title)


@pytest.mark.parametrize(
    ("view", "person", "status_code"),
    [
        ("my_bids", "commissioner", 403),
        ("my_bids", "anonymous", 302),
        ("tender_list", "supplier_user", 403),
        ("tender_list", "anonymous", 302),
        ("tender_list", "viewer", 200),
    ],
)
def test_list_pages_are_for_their_own_side(view, person, status_code, client, request):
    assert _get(_client_for(person, client, request), view).status_code == status_code


# --- Lists at volume ------------------------------------------------------------------------
def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_tender_list_query_count_is_constant(
    client, commissioner, council, django_assert_max_num_queries
):
    client.force_login(commissioner)
    url = reverse("procurement:tender_list")
    for _ in range(3):
        TenderFactory(organisation=council)
    few = _queries_for(client, url)
    commission = CommissionFactory(organisation=council)
    version = SpecificationVersionFactory(specification__commission=commission)
    TenderFactory.create_batch(
        57,
        organisation=council,
        commission=commission,
        specification_version=version,
    )
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert response.context["page"].paginator.count == 60
    assert "Next" in response.content.decode()


def test_my_bids_query_count_is_constant(
    client, supplier_user, supplier_org, django_assert_max_num_queries
):
    client.force_login(supplier_user)
    url = reverse("procurement:my_bids")
    BidFactory(supplier=supplier_org, tender=PublishedTenderFactory())
    few = _queries_for(client, url)
    for _ in range(30):
        BidFactory(supplier=supplier_org, tender=PublishedTenderFactory())
    with django_assert_max_num_queries(few):
        client.get(url)
