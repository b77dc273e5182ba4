"""Dialogue round pages: who sees what, forms that keep what people typed, query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.errors import DomainError
from dialogue.models import DialogueRound, OutlineSubmission
from dialogue.rounds import services
from procurement.models import Tender
from tests.dates import date_fields, datetime_fields
from tests.dialogue.test_rounds_services import (
    add_slot,
    dialogue_tender,
    open_round,
    open_topics,
    plan_round,
    withdraw,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
OUTLINE_A = "Alpha outline: three hubs sharing one van."
OUTLINE_B = "Bravo outline: one central kitchen."
FEEDBACK_A = "Alpha feedback: strong volunteer model."
FEEDBACK_B = "Bravo feedback: say more about food safety."


def _url(name: str, *args: Any) -> str:
    return reverse(f"dialogue:{name}", args=args)


@pytest.fixture
def tender(council, commissioner, supplier_org, other_supplier_org):
    return dialogue_tender(council, supplier_org, other_supplier_org, created_by=commissioner)


@pytest.fixture
def closed_round(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
) -> DialogueRound:
    dialogue_round = open_round(tender, commissioner)
    services.outline_submit(
        dialogue_round=dialogue_round, supplier=supplier_org, text=OUTLINE_A, by=supplier_user
    )
    services.outline_submit(
        dialogue_round=dialogue_round,
        supplier=other_supplier_org,
        text=OUTLINE_B,
        by=other_supplier_user,
    )
    for supplier, body in ((supplier_org, FEEDBACK_A), (other_supplier_org, FEEDBACK_B)):
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier, body=body, by=commissioner
        )
    return services.round_close(
        dialogue_round=dialogue_round, summary="Shared summary for everyone.", by=commissioner
    )


# --- Who sees the rounds -------------------------------------------------------------------
def test_anonymous_people_are_asked_to_sign_in(client, tender, commissioner):
    dialogue_round = plan_round(tender, commissioner)
    for url in (_url("round_list", tender.pk), _url("round_detail", dialogue_round.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("person", "status_code"),
    [
        ("commissioner", 200),
        ("viewer", 200),
        ("supplier_user", 200),
        ("other_commissioner", 404),
    ],
)
def test_the_rounds_list_is_for_the_council_and_participants(
    client, request, tender, person, status_code
):
    client.force_login(request.getfixturevalue(person))
    assert client.get(_url("round_list", tender.pk)).status_code == status_code


def test_a_supplier_not_taking_part_cannot_list_rounds(client, tender):
    outsider = OrganisationFactory(kind="supplier")
    person = UserFactory()
    MembershipFactory(user=person, organisation=outsider, role="supplier")
    client.force_login(person)
    assert client.get(_url("round_list", tender.pk)).status_code == 404


def test_a_planned_round_is_invisible_to_bidders(client, tender, commissioner, supplier_user):
    dialogue_round = plan_round(tender, commissioner, title="Secret planning")
    client.force_login(supplier_user)
    assert client.get(_url("round_detail", dialogue_round.pk)).status_code == 404
    assertNotContains(client.get(_url("round_list", tender.pk)), "Secret planning")
    services.round_open(dialogue_round=dialogue_round, by=commissioner)
    assert "Secret planning" in client.get(_url("round_list", tender.pk)).content.decode()
    page = client.get(_url("round_detail", dialogue_round.pk)).content.decode()
    assert "How volunteers are trained and supported." in page


def test_a_participant_not_invited_cannot_see_the_round(
    client, tender, commissioner, supplier_org, other_supplier_user
):
    dialogue_round = open_round(tender, commissioner, invited=[supplier_org])
    client.force_login(other_supplier_user)
    assert client.get(_url("round_detail", dialogue_round.pk)).status_code == 404
    assertNotContains(client.get(_url("round_list", tender.pk)), dialogue_round.title)


# --- Privacy between bidders -------------------------------------------------------------------
def test_a_bidder_sees_the_summary_and_only_its_own_feedback_and_outline(
    client, closed_round, supplier_user
):
    client.force_login(supplier_user)
    response = client.get(_url("round_detail", closed_round.pk))
    assertContains(response, "Shared summary for everyone.")
    assertContains(response, FEEDBACK_A)
    assertContains(response, OUTLINE_A)
    assertNotContains(response, FEEDBACK_B)
    assertNotContains(response, OUTLINE_B)


def test_a_bidder_cannot_open_another_bidders_outline_or_feedback(
    client, closed_round, supplier_user, other_supplier_org
):
    client.force_login(supplier_user)
    for url in (
        _url("round_bidder", closed_round.pk, other_supplier_org.pk),
        _url("round_outline_file", closed_round.pk, other_supplier_org.pk),
    ):
        response = client.get(url)
        assertNotContains(response, OUTLINE_B, status_code=404)
        assertNotContains(response, FEEDBACK_B, status_code=404)


def test_feedback_is_hidden_from_the_bidder_until_the_round_closes(
    client, tender, commissioner, supplier_org, supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    services.feedback_write(
        dialogue_round=dialogue_round, supplier=supplier_org, body=FEEDBACK_A, by=commissioner
    )
    client.force_login(supplier_user)
    assertNotContains(client.get(_url("round_detail", dialogue_round.pk)), FEEDBACK_A)


def test_the_buyer_never_reads_a_draft(client, tender, commissioner, supplier_org, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    services.outline_save(
        dialogue_round=dialogue_round, supplier=supplier_org, text="Draft words.", by=supplier_user
    )
    client.force_login(commissioner)
    response = client.get(_url("round_bidder", dialogue_round.pk, supplier_org.pk))
    assertNotContains(response, "Draft words.")
    assertContains(response, "has not submitted an outline solution")
    assertNotContains(client.get(_url("round_detail", dialogue_round.pk)), "Draft words.")


def test_the_buyer_reads_submitted_outlines_and_downloads_the_attachment(
    client, tender, commissioner, supplier_org, supplier_user, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    dialogue_round = open_round(tender, commissioner)
    services.outline_submit(
        dialogue_round=dialogue_round,
        supplier=supplier_org,
        text=OUTLINE_A,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        by=supplier_user,
    )
    client.force_login(commissioner)
    page = client.get(_url("round_bidder", dialogue_round.pk, supplier_org.pk)).content.decode()
    assert OUTLINE_A in page
    response = client.get(_url("round_outline_file", dialogue_round.pk, supplier_org.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert 'filename="plan.pdf"' in response["Content-Disposition"]


# --- Bidder forms -------------------------------------------------------------------------------
def test_too_many_words_keeps_the_text_with_a_clear_message(
    client, tender, commissioner, supplier_user
):
    dialogue_round = open_round(tender, commissioner, outline_word_limit=50)
    client.force_login(supplier_user)
    text = "carrot " * 60
    response = client.post(
        _url("round_outline", dialogue_round.pk),
        {"outline-text": text, "action": "submit"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your outline is 60 words. Cut it to 50 words or fewer." in page
    assert text.strip() in page
    assert not OutlineSubmission.objects.filter(submitted_at__isnull=False).exists()


def test_a_wrong_file_keeps_the_text(client, tender, commissioner, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    client.force_login(supplier_user)
    response = client.post(
        _url("round_outline", dialogue_round.pk),
        {
            "outline-text": "My careful words.",
            "outline-upload": SimpleUploadedFile("virus.exe", b"MZ"),
            "action": "save",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The selected file must be a" in page
    assert "My careful words." in page


def test_a_second_submit_gets_a_clear_message(client, tender, commissioner, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    client.force_login(supplier_user)
    data = {"outline-text": OUTLINE_A, "action": "submit"}
    first = client.post(_url("round_outline", dialogue_round.pk), data)
    assert first.status_code == 302
    second = client.post(_url("round_outline", dialogue_round.pk), data)
    assert "You submitted your outline on" in second.content.decode()


def test_booking_a_slot_and_being_told_it_was_taken(
    client, tender, commissioner, supplier_org, supplier_user, other_supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    slot = add_slot(dialogue_round, commissioner)
    client.force_login(supplier_user)
    response = client.post(_url("round_slot_book", dialogue_round.pk), {"booking-slot": slot.pk})
    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.booked_by_supplier == supplier_org
    client.force_login(other_supplier_user)
    response = client.post(_url("round_slot_book", dialogue_round.pk), {"booking-slot": slot.pk})
    assert "That slot has just been taken" in response.content.decode()


def test_a_withdrawn_bidder_cannot_book(client, tender, commissioner, supplier_org, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    slot = add_slot(dialogue_round, commissioner)
    withdraw(tender, supplier_org)
    client.force_login(supplier_user)
    client.post(_url("round_slot_book", dialogue_round.pk), {"booking-slot": slot.pk})
    slot.refresh_from_db()
    assert slot.booked_by_supplier is None


# --- Buyer forms -------------------------------------------------------------------------------
def test_the_buyer_starts_dialogue_plans_opens_and_closes_a_round_issuing_a_version(
    client, council, commissioner, supplier_org
):
    tender = dialogue_tender(council, supplier_org, status="published")
    client.force_login(commissioner)
    client.post(_url("round_dialogue_start", tender.pk))
    tender.refresh_from_db()
    assert tender.status == "dialogue"
    today = timezone.localdate()
    response = client.post(
        _url("round_create", tender.pk),
        {
            "title": "Transport",
            "agenda": "How people get to shared meals.",
            "topics": [open_topics(tender)[1].pk],
            "invited": [supplier_org.pk],
            **date_fields("meetings_from", today + 5 * DAY),
            **date_fields("meetings_to", today + 6 * DAY),
            **datetime_fields("outline_deadline", timezone.localtime() + 9 * DAY),
            "outline_word_limit": "500",
        },
    )
    dialogue_round = tender.dialogue_rounds.get()
    assert response.status_code == 302
    client.post(_url("round_open", dialogue_round.pk))
    response = client.post(
        _url("round_close", dialogue_round.pk),
        {
            "summary": "Transport matters most.",
            "issue_version": "on",
            "change_note": "Bidders told us transport decides who can come.",
        },
    )
    assert response.status_code == 302
    dialogue_round.refresh_from_db()
    tender.refresh_from_db()
    assert dialogue_round.status == "closed"
    assert tender.specification_version == dialogue_round.issued_version


def test_closing_without_a_change_note_keeps_the_summary(client, tender, commissioner):
    dialogue_round = open_round(tender, commissioner)
    client.force_login(commissioner)
    response = client.post(
        _url("round_close", dialogue_round.pk),
        {"summary": "Keep these words.", "issue_version": "on", "change_note": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a change note" in page
    assert "Keep these words." in page


def test_a_bad_round_form_keeps_what_was_typed(client, tender, commissioner):
    client.force_login(commissioner)
    response = client.post(
        _url("round_create", tender.pk),
        {"title": "Venues worth keeping", "agenda": "", "outline_word_limit": "10"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Venues worth keeping" in page
    assert "Enter the agenda for the round" in page
    assert "The word limit must be 50 words or more" in page


def test_a_word_limit_too_large_to_keep_is_refused_with_the_limit(client, tender, commissioner):
    """Once a server error: the database could not keep it."""
    client.force_login(commissioner)
    response = client.post(
        _url("round_create", tender.pk),
        {"title": "Venues", "agenda": "Which to keep.", "outline_word_limit": "4000000000"},
    )
    assertContains(response, "The word limit must be 20,000 words or fewer")
    with pytest.raises(DomainError, match="20,000 words or fewer"):
        plan_round(tender, commissioner, outline_word_limit=4_000_000_000)
    assert not DialogueRound.objects.exists()


def test_only_the_buyer_manages_rounds(client, tender, commissioner, supplier_user, viewer):
    dialogue_round = plan_round(tender, commissioner)
    for person in (supplier_user, viewer):
        client.force_login(person)
        assert client.get(_url("round_create", tender.pk)).status_code == 404
        assert client.post(_url("round_open", dialogue_round.pk)).status_code == 404
    dialogue_round.refresh_from_db()
    assert dialogue_round.status == "planned"


def test_final_submissions_page_moves_the_tender(client, tender, commissioner):
    client.force_login(commissioner)
    deadline = timezone.localtime() + 20 * DAY
    response = client.post(
        _url("round_final_submissions", tender.pk),
        {**datetime_fields("submission_deadline", deadline)},
    )
    assert response.status_code == 302
    assert Tender.objects.get(pk=tender.pk).status == "final_submissions"


# --- Query counts -------------------------------------------------------------------------------
def _busy_round(council: Any, commissioner: Any, bidders: int) -> DialogueRound:
    suppliers = []
    people = []
    for number in range(bidders):
        supplier = OrganisationFactory(kind="supplier", name=f"Supplier {number:02d}")
        person = UserFactory()
        MembershipFactory(user=person, organisation=supplier, role="supplier")
        suppliers.append(supplier)
        people.append(person)
    tender = dialogue_tender(council, *suppliers)
    dialogue_round = open_round(tender, commissioner, meetings_to=timezone.localdate() + 9 * DAY)
    for number, (supplier, person) in enumerate(zip(suppliers, people, strict=True)):
        slot = add_slot(dialogue_round, commissioner, days=5 + number % 4, hour=8 + number // 4)
        services.slot_book(slot=slot, supplier=supplier, by=person)
        services.outline_submit(
            dialogue_round=dialogue_round, supplier=supplier, text="Outline.", by=person
        )
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier, body="Feedback.", by=commissioner
        )
    return dialogue_round


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_round_page_costs_the_same_queries_for_20_bidders_as_for_2(
    client, council, commissioner, django_assert_max_num_queries
):
    client.force_login(commissioner)
    small = _busy_round(council, commissioner, 2)
    large = _busy_round(council, commissioner, 20)
    assert large.invited.count() == 20
    assert _queries(client, _url("round_detail", large.pk)) == _queries(
        client, _url("round_detail", small.pk)
    )
    with django_assert_max_num_queries(20):
        client.get(_url("round_detail", large.pk))
    with django_assert_max_num_queries(20):
        client.get(_url("round_list", large.tender_id))


# --- A late change keeps what was typed ----------------------------------------------------
def _round_data(tender: Tender, supplier_org: Any, **changes: str) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "title": "Transport",
        "agenda": "How people get to shared meals.",
        "topics": [open_topics(tender)[1].pk],
        "invited": [supplier_org.pk],
        **date_fields("meetings_from", today + 5 * DAY),
        **date_fields("meetings_to", today + 6 * DAY),
        **datetime_fields("outline_deadline", timezone.localtime() + 9 * DAY),
        "outline_word_limit": "500",
        **changes,
    }


def test_a_round_changed_after_it_opened_keeps_what_was_typed(
    client, tender, commissioner, supplier_org
):
    dialogue_round = open_round(tender, commissioner)
    client.force_login(commissioner)
    assert client.get(_url("round_edit", dialogue_round.pk)).status_code == 302
    response = client.post(
        _url("round_edit", dialogue_round.pk),
        _round_data(tender, supplier_org, agenda="Bring your transport costings."),
    )
    assertContains(response, "govuk-error-summary")
    assertContains(response, "You can change a round only before it opens.")
    assertContains(response, "Bring your transport costings.")
    dialogue_round.refresh_from_db()
    assert dialogue_round.agenda != "Bring your transport costings."


def test_a_long_round_title_is_kept_with_an_error(client, tender, commissioner, supplier_org):
    title = "Transport to the hubs and back home again " * 5
    client.force_login(commissioner)
    response = client.get(_url("round_create", tender.pk))
    assertContains(response, "You can enter up to 200 characters.")
    assertNotContains(response, " maxlength=")
    response = client.post(
        _url("round_create", tender.pk), _round_data(tender, supplier_org, title=title)
    )
    assertContains(response, "Title must be 200 characters or fewer", count=2)
    assertContains(response, f'value="{title}"')
    assert not tender.dialogue_rounds.exists()


def test_closing_a_closed_round_keeps_the_summary(client, closed_round, commissioner):
    client.force_login(commissioner)
    response = client.post(
        _url("round_close", closed_round.pk), {"summary": "A second summary, kept."}
    )
    assertContains(response, "govuk-error-summary")
    assertContains(response, "A second summary, kept.")
    closed_round.refresh_from_db()
    assert closed_round.summary == "Shared summary for everyone."
