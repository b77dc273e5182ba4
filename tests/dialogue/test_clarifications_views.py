"""Clarification pages: who sees which question, asking and answering through the forms,
and a constant number of queries on the log."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.clarifications.services import clarification_answer, clarification_ask
from dialogue.models import Clarification
from procurement.models import TenderParticipant
from procurement.services import participant_join
from tests.dialogue.factories import ClarificationFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import PublishedTenderFactory

pytestmark = pytest.mark.django_db

PUBLISHED_AS_ASKED = "Good Food Co-op asks: can we use our own kitchen?"
PUBLISHED_AS_SHOWN = "Can a supplier use its own kitchen?"
AWAITING = "Awaiting: how many hubs open in August?"
PRIVATE = "Private: may we quote the discount from our wholesaler?"


@pytest.fixture
def third_supplier_user():
    organisation = OrganisationFactory(name="Third Way CIC", kind="supplier")
    person = UserFactory(full_name="Tess Third")
    MembershipFactory(user=person, organisation=organisation, role="supplier")
    return person


@pytest.fixture
def tender(council, commissioner):
    return PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        title="Community food hubs",
        clarification_deadline=timezone.now() + datetime.timedelta(days=7),
        submission_deadline=timezone.now() + datetime.timedelta(days=14),
    )


@pytest.fixture
def questions(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    """The supplier asked three questions: one published (reworded), one answered privately
    and one awaiting an answer. The other supplier takes part."""
    participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)

    def ask(text: str) -> Clarification:
        return clarification_ask(
            tender=tender, supplier=supplier_org, question=text, by=supplier_user
        )

    published = clarification_answer(
        clarification=ask(PUBLISHED_AS_ASKED),
        answer="Yes, if it meets food hygiene rating 5.",
        published_question=PUBLISHED_AS_SHOWN,
        by=commissioner,
    )
    private = clarification_answer(
        clarification=ask(PRIVATE),
        answer="Yes, quote it.",
        publish=False,
        private_reason="Commercially sensitive pricing.",
        by=commissioner,
    )
    awaiting = ask(AWAITING)
    return {"published": published, "private": private, "awaiting": awaiting}


def _client_for(person: str, client, request):
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    return client


def _log_url(tender) -> str:
    return reverse("dialogue:clarification_log", args=[tender.pk])


# --- The log ---------------------------------------------------------------------------------
@pytest.mark.parametrize("person", ["commissioner", "evaluator", "council_admin"])
def test_the_buyers_staff_see_every_question_and_who_asked(
    client, request, tender, questions, person
):
    response = _client_for(person, client, request).get(_log_url(tender))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (PUBLISHED_AS_SHOWN, AWAITING, PRIVATE, "Good Food Co-op"):
        assert text in content
    assert "Q1" in content


def test_only_managers_get_the_answer_link(client, commissioner, evaluator, tender, questions):
    answer_url = reverse("dialogue:clarification_answer", args=[questions["awaiting"].pk])
    client.force_login(commissioner)
    assert answer_url in client.get(_log_url(tender)).content.decode()
    client.force_login(evaluator)
    assertNotContains(client.get(_log_url(tender)), answer_url)


def test_another_participant_sees_the_published_log_only_and_never_the_asker(
    client, other_supplier_user, tender, questions
):
    client.force_login(other_supplier_user)
    response = client.get(_log_url(tender))
    assertContains(response, PUBLISHED_AS_SHOWN)
    assertContains(response, "Yes, if it meets food hygiene rating 5.")
    for hidden in ("Good Food Co-op", "Sam Supplier", PUBLISHED_AS_ASKED, AWAITING, PRIVATE):
        assertNotContains(response, hidden)


def test_the_asker_sees_the_log_and_its_own_unpublished_questions(
    client, supplier_user, tender, questions
):
    client.force_login(supplier_user)
    content = client.get(_log_url(tender)).content.decode()
    for text in (PUBLISHED_AS_SHOWN, AWAITING, PRIVATE, "Awaiting answer", "Answered privately"):
        assert text in content


def test_a_council_viewer_sees_only_the_published_log(client, viewer, tender, questions):
    client.force_login(viewer)
    response = client.get(_log_url(tender))
    assertContains(response, PUBLISHED_AS_SHOWN)
    for hidden in ("Good Food Co-op", AWAITING, PRIVATE):
        assertNotContains(response, hidden)


def test_a_supplier_not_taking_part_may_ask_but_does_not_see_the_log(
    client, third_supplier_user, tender, questions
):
    client.force_login(third_supplier_user)
    response = client.get(_log_url(tender))
    assertNotContains(response, PUBLISHED_AS_SHOWN)
    assertContains(response, reverse("dialogue:clarification_ask", args=[tender.pk]))


def test_another_council_gets_not_found(client, other_commissioner, tender, questions):
    client.force_login(other_commissioner)
    assert client.get(_log_url(tender)).status_code == 404


def test_a_draft_tender_has_no_log_for_suppliers(client, supplier_user, council):
    draft = PublishedTenderFactory(organisation=council, status="draft", published_at=None)
    client.force_login(supplier_user)
    assert client.get(_log_url(draft)).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(client, tender, questions):
    for url in (
        _log_url(tender),
        reverse("dialogue:clarification_ask", args=[tender.pk]),
        reverse("dialogue:clarification_detail", args=[questions["published"].pk]),
        reverse("dialogue:clarification_answer", args=[questions["awaiting"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_log_costs_the_same_number_of_queries_with_50_clarifications(
    client, django_assert_max_num_queries, commissioner, other_supplier_user, tender, questions
):
    def queries_for(person) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.force_login(person)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_log_url(tender)).status_code == 200
        return len(captured)

    few = {person: queries_for(person) for person in (commissioner, other_supplier_user)}
    for number in range(2, 52):
        ClarificationFactory(
            tender=tender,
            supplier=OrganisationFactory(kind="supplier"),
            status="published" if number % 2 else "awaiting_answer",
            log_number=number if number % 2 else None,
            published_question=f"Question {number}?",
            answer=f"Answer {number}.",
            answered_at=timezone.now(),
        )
    for person in (commissioner, other_supplier_user):
        client.force_login(person)
        with django_assert_max_num_queries(few[person]):
            assert client.get(_log_url(tender)).status_code == 200


# --- One question ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "which", "status_code"),
    [
        ("commissioner", "awaiting", 200),
        ("evaluator", "private", 200),
        ("supplier_user", "awaiting", 200),
        ("supplier_user", "private", 200),
        ("other_supplier_user", "published", 200),
        ("other_supplier_user", "awaiting", 404),
        ("other_supplier_user", "private", 404),
        ("viewer", "awaiting", 404),
        ("other_commissioner", "published", 404),
        ("third_supplier_user", "published", 404),
    ],
)
def test_who_may_open_a_question(client, request, questions, person, which, status_code):
    response = _client_for(person, client, request).get(
        reverse("dialogue:clarification_detail", args=[questions[which].pk])
    )
    assert response.status_code == status_code
    if status_code == 404:
        assertNotContains(response, PUBLISHED_AS_ASKED, status_code=404)


def test_a_published_question_never_names_the_asker_to_other_participants(
    client, other_supplier_user, questions
):
    client.force_login(other_supplier_user)
    response = client.get(
        reverse("dialogue:clarification_detail", args=[questions["published"].pk])
    )
    assertContains(response, PUBLISHED_AS_SHOWN)
    assertNotContains(response, "Good Food Co-op")


def test_the_private_reason_is_for_the_buyer_only(client, supplier_user, commissioner, questions):
    url = reverse("dialogue:clarification_detail", args=[questions["private"].pk])
    client.force_login(supplier_user)
    response = client.get(url)
    assertContains(response, "Yes, quote it.")
    assertNotContains(response, "Commercially sensitive pricing.")
    client.force_login(commissioner)
    assert "Commercially sensitive pricing." in client.get(url).content.decode()


# --- Asking ----------------------------------------------------------------------------------
def _ask_url(tender) -> str:
    return reverse("dialogue:clarification_ask", args=[tender.pk])


@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("supplier_user", 200),
        ("third_supplier_user", 200),
        ("commissioner", 404),
        ("viewer", 404),
        ("other_commissioner", 404),
    ],
)
def test_who_may_open_the_ask_page(client, request, tender, person, status_code):
    response = _client_for(person, client, request).get(_ask_url(tender))
    assert response.status_code == status_code


def test_a_supplier_not_taking_part_asks_and_joins(
    client, third_supplier_user, tender, commissioner
):
    client.force_login(third_supplier_user)
    response = client.post(_ask_url(tender), {"question": "Is TUPE likely to apply?"}, follow=True)
    assert response.redirect_chain[-1][0] == _log_url(tender)
    assert "Question sent" in response.content.decode()
    clarification = Clarification.objects.get()
    assert clarification.supplier.name == "Third Way CIC"
    assert TenderParticipant.objects.filter(tender=tender, supplier=clarification.supplier).exists()


def test_sending_the_same_question_twice_says_it_was_already_sent(client, supplier_user, tender):
    client.force_login(supplier_user)
    client.post(_ask_url(tender), {"question": "Is TUPE likely to apply?"})
    response = client.post(_ask_url(tender), {"question": "Is TUPE likely to apply?"}, follow=True)
    assert "You already sent this question" in response.content.decode()
    assert Clarification.objects.count() == 1


def test_a_too_long_question_is_refused_and_the_text_kept(client, supplier_user, tender):
    client.force_login(supplier_user)
    text = "Please explain " + "x" * 2000
    response = client.post(_ask_url(tender), {"question": text})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Your question must be 2,000 characters or fewer" in content
    assert text in content
    assert not Clarification.objects.exists()


def test_an_empty_question_is_refused(client, supplier_user, tender):
    client.force_login(supplier_user)
    response = client.post(_ask_url(tender), {"question": ""})
    assert "Enter your question" in response.content.decode()


def test_a_question_after_the_deadline_is_refused_and_the_text_kept(client, supplier_user, tender):
    client.force_login(supplier_user)
    tender.clarification_deadline = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)
    tender.submission_deadline = datetime.datetime(2026, 2, 5, 12, 0, tzinfo=datetime.UTC)
    tender.save()
    with time_machine.travel(datetime.datetime(2026, 1, 6, 9, 0, tzinfo=datetime.UTC)):
        page = client.get(_ask_url(tender)).content.decode()
        assert "You can no longer ask a question" in page
        response = client.post(_ask_url(tender), {"question": "Is TUPE likely to apply?"})
    content = response.content.decode()
    assert "The deadline for clarification questions was 5 January 2026 at 12pm" in content
    assert "Is TUPE likely to apply?" in content
    assert not Clarification.objects.exists()


# --- Answering -------------------------------------------------------------------------------
def _answer_url(clarification) -> str:
    return reverse("dialogue:clarification_answer", args=[clarification.pk])


@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("commissioner", 200),
        ("council_admin", 200),
        ("evaluator", 403),
        ("supplier_user", 403),
        ("viewer", 404),
        ("other_supplier_user", 404),
        ("other_commissioner", 404),
    ],
)
def test_only_the_buyers_managers_may_answer(client, request, questions, person, status_code):
    url = _answer_url(questions["awaiting"])
    client = _client_for(person, client, request)
    assert client.get(url).status_code == status_code
    response = client.post(url, {"answer": "Yes.", "visibility": "publish"})
    if status_code != 200:
        assert response.status_code == status_code
        assert Clarification.objects.get(pk=questions["awaiting"].pk).status == "awaiting_answer"


def test_the_answer_page_offers_the_question_for_rewording_and_publishes_by_default(
    client, commissioner, questions, tender
):
    client.force_login(commissioner)
    content = client.get(_answer_url(questions["awaiting"])).content.decode()
    assert "Publish to all participants (anonymised)" in content
    assert 'value="publish" checked' in content
    assert f"\n{AWAITING}</textarea>" in content
    assert "You can enter up to 2000 characters" in content
    response = client.post(
        _answer_url(questions["awaiting"]),
        {
            "answer": "Two sessions a week.",
            "visibility": "publish",
            "published_question": "How many hubs open in August?",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _log_url(tender)
    assert "Answer published as Q2" in response.content.decode()
    answered = Clarification.objects.get(pk=questions["awaiting"].pk)
    assert answered.published_question == "How many hubs open in August?"
    assert answered.log_number == 2


def test_a_private_answer_without_a_reason_keeps_what_was_typed(client, commissioner, questions):
    client.force_login(commissioner)
    response = client.post(
        _answer_url(questions["awaiting"]),
        {"answer": "Two sessions a week.", "visibility": "private", "private_reason": ""},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Give the reason for answering privately" in content
    assert "Two sessions a week.</textarea>" in content
    assert 'value="private" checked' in content
    assert Clarification.objects.get(pk=questions["awaiting"].pk).status == "awaiting_answer"


def test_a_private_answer_with_a_reason_is_sent(client, commissioner, questions):
    client.force_login(commissioner)
    response = client.post(
        _answer_url(questions["awaiting"]),
        {"answer": "Two.", "visibility": "private", "private_reason": "About their own plan."},
        follow=True,
    )
    assert "Answer sent privately" in response.content.decode()
    assert Clarification.objects.get(pk=questions["awaiting"].pk).status == "answered_privately"


def test_an_answered_question_cannot_be_answered_again(client, commissioner, questions):
    client.force_login(commissioner)
    response = client.get(_answer_url(questions["published"]), follow=True)
    assert "already been answered" in response.content.decode()


def test_the_answer_page_shows_the_limits_before_typing(client, commissioner, questions):
    client.force_login(commissioner)
    response = client.get(_answer_url(questions["awaiting"]))
    assertContains(response, 'data-module="govuk-character-count" data-maxlength="10000"')
    assertContains(response, 'data-module="govuk-character-count" data-maxlength="2000"')
    assertNotContains(response, " maxlength=")


def test_a_long_answer_is_kept_with_an_error_naming_the_limit(client, commissioner, questions):
    answer = "Two sessions a week in every hub. " * 300
    client.force_login(commissioner)
    response = client.post(
        _answer_url(questions["awaiting"]), {"answer": answer, "visibility": "publish"}
    )
    assertContains(response, "govuk-error-summary")
    assertContains(response, "Your answer must be 10,000 characters or fewer", count=2)
    assertContains(response, answer.strip())
    assert Clarification.objects.get(pk=questions["awaiting"].pk).status == "awaiting_answer"


def test_an_answer_posted_after_another_keeps_what_was_typed(client, commissioner, questions):
    """Someone else answered first: the page says so and the second answer is not lost."""
    client.force_login(commissioner)
    response = client.post(
        _answer_url(questions["published"]),
        {"answer": "Only with a rating of 5.", "visibility": "publish"},
    )
    assertContains(response, "This question has already been answered.")
    assertContains(response, "Only with a rating of 5.")
    published = Clarification.objects.get(pk=questions["published"].pk)
    assert published.answer == "Yes, if it meets food hygiene rating 5."
