"""Dialogue rounds: every rule of the services, the tender moves and the reminders."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Notification
from commissioning.models import Requirement
from core.errors import DomainError
from dialogue.models import (
    DialogueRound,
    MeetingSlot,
    OutlineSubmission,
    RoundFeedback,
)
from dialogue.rounds import services
from dialogue.rounds.reminders import round_reminders_send
from procurement.models import Tender, TenderParticipant
from tests.commissioning.factories import SpecificationSectionFactory
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4 outline"


# --- Helpers, shared with the view tests ------------------------------------------------------
def dialogue_tender(
    council: Any, *suppliers: Any, status: str = "dialogue", **fields: Any
) -> Tender:
    """A competitive flexible tender whose specification has two requirements open for
    dialogue and one fixed, with the given suppliers taking part."""
    tender = TenderFactory(
        organisation=council, status=status, procedure="competitive_flexible", **fields
    )
    section = SpecificationSectionFactory(
        specification=tender.specification_version.specification,
        kind="requirements",
        heading="Requirements",
    )
    for position, (kind, text) in enumerate(
        [
            ("open_for_dialogue", "How volunteers are trained and supported."),
            ("open_for_dialogue", "How transport works for people who use wheelchairs."),
            ("non_negotiable", "Every kitchen has a food hygiene rating of 5."),
        ],
        start=1,
    ):
        Requirement.objects.create(section=section, kind=kind, text=text, position=position)
    for supplier in suppliers:
        TenderParticipant.objects.create(tender=tender, supplier=supplier)
    return tender


def open_topics(tender: Tender) -> list[Requirement]:
    return list(services.open_topics_for(tender))


def plan_round(tender: Tender, by: Any, **fields: Any) -> DialogueRound:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "title": "Delivery models",
        "agenda": "How meals and deliveries are shared between venues and homes.",
        "topics": open_topics(tender)[:1],
        "meetings_from": today + 5 * DAY,
        "meetings_to": today + 7 * DAY,
        "outline_deadline": timezone.now() + 10 * DAY,
        "outline_word_limit": 100,
    }
    values.update(fields)
    return services.round_create(tender=tender, by=by, **values)


def open_round(tender: Tender, by: Any, **fields: Any) -> DialogueRound:
    dialogue_round = plan_round(tender, by, **fields)
    return services.round_open(dialogue_round=dialogue_round, by=by)


def add_slot(dialogue_round: DialogueRound, by: Any, days: int = 5, hour: int = 10) -> MeetingSlot:
    day = timezone.localdate() + days * DAY
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return services.slot_add(
        dialogue_round=dialogue_round,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        location="Room 2, Northbridge Town Hall",
        by=by,
    )


def withdraw(tender: Tender, supplier: Any) -> None:
    TenderParticipant.objects.filter(tender=tender, supplier=supplier).update(
        withdrawn_at=timezone.now(), withdrawal_reason="timescale"
    )


def notified(user: Any, prefix: str) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, key__startswith=prefix))


@pytest.fixture
def tender(council, commissioner, supplier_org, other_supplier_org):
    return dialogue_tender(council, supplier_org, other_supplier_org, created_by=commissioner)


# --- Tender moves ---------------------------------------------------------------------------
def test_dialogue_starts_from_a_published_competitive_flexible_tender(council, commissioner):
    tender = dialogue_tender(council, status="published")
    services.tender_dialogue_start(tender=tender, by=commissioner)
    tender.refresh_from_db()
    assert tender.status == "dialogue"


def test_dialogue_is_refused_for_an_open_procedure(council, commissioner):
    tender = dialogue_tender(council, status="published")
    Tender.objects.filter(pk=tender.pk).update(procedure="open")
    tender.refresh_from_db()
    with pytest.raises(DomainError, match="competitive flexible procedure"):
        services.tender_dialogue_start(tender=tender, by=commissioner)


@pytest.mark.parametrize("status", ["draft", "dialogue", "closed", "cancelled"])
def test_dialogue_starts_only_while_open_for_bids(council, commissioner, status):
    tender = dialogue_tender(council, status=status)
    with pytest.raises(DomainError, match="only while the tender is open for bids"):
        services.tender_dialogue_start(tender=tender, by=commissioner)


def test_only_the_buyer_starts_dialogue(council, other_commissioner, supplier_user):
    tender = dialogue_tender(council, status="published")
    for person in (other_commissioner, supplier_user):
        with pytest.raises(PermissionDenied):
            services.tender_dialogue_start(tender=tender, by=person)


def test_final_submissions_move_the_tender_to_the_latest_version_and_tell_participants(
    tender, commissioner, supplier_user, other_supplier_user, supplier_org
):
    dialogue_round = open_round(tender, commissioner)
    closed = services.round_close(
        dialogue_round=dialogue_round,
        summary="Thanks.",
        issue_version=True,
        change_note="Dialogue showed transport must be included.",
        by=commissioner,
    )
    withdraw(tender, supplier_org)
    deadline = timezone.now() + 30 * DAY
    services.tender_final_submissions_open(
        tender=tender, submission_deadline=deadline, by=commissioner
    )
    tender.refresh_from_db()
    assert tender.status == "final_submissions"
    assert tender.submission_deadline == deadline
    assert tender.specification_version == closed.issued_version
    assert len(notified(other_supplier_user, "final-submissions:")) == 1
    assert notified(supplier_user, "final-submissions:") == []


def test_final_submissions_need_a_future_deadline_and_closed_rounds(tender, commissioner):
    with pytest.raises(DomainError, match="in the future"):
        services.tender_final_submissions_open(
            tender=tender, submission_deadline=timezone.now() - DAY, by=commissioner
        )
    open_round(tender, commissioner)
    with pytest.raises(DomainError, match="Close round 1 before"):
        services.tender_final_submissions_open(
            tender=tender, submission_deadline=timezone.now() + 30 * DAY, by=commissioner
        )


def test_final_submissions_open_only_from_dialogue(council, commissioner):
    tender = dialogue_tender(council, status="published")
    with pytest.raises(DomainError, match="only while the tender is in dialogue"):
        services.tender_final_submissions_open(
            tender=tender, submission_deadline=timezone.now() + 30 * DAY, by=commissioner
        )


# --- Planning ---------------------------------------------------------------------------------
def test_rounds_are_numbered_and_invite_every_active_participant_by_default(
    tender, commissioner, supplier_org, other_supplier_org
):
    first = plan_round(tender, commissioner)
    second = plan_round(tender, commissioner)
    assert (first.number, second.number) == (1, 2)
    assert set(first.invited.all()) == {supplier_org, other_supplier_org}
    assert first.status == "planned"


def test_a_withdrawn_supplier_is_not_invited_by_default_and_cannot_be_chosen(
    tender, commissioner, supplier_org, other_supplier_org
):
    withdraw(tender, supplier_org)
    assert list(plan_round(tender, commissioner).invited.all()) == [other_supplier_org]
    with pytest.raises(DomainError, match="still taking part"):
        plan_round(tender, commissioner, invited=[supplier_org])


def test_a_supplier_not_taking_part_cannot_be_invited(tender, commissioner):
    outsider = OrganisationFactory(kind="supplier")
    with pytest.raises(DomainError, match="still taking part"):
        plan_round(tender, commissioner, invited=[outsider])


def test_topics_must_be_open_for_dialogue_requirements_of_this_specification(
    tender, commissioner, council
):
    fixed = Requirement.objects.get(
        section__specification=tender.specification_version.specification, kind="non_negotiable"
    )
    with pytest.raises(DomainError, match="open for dialogue"):
        plan_round(tender, commissioner, topics=[fixed])
    elsewhere = open_topics(dialogue_tender(council))[0]
    with pytest.raises(DomainError, match="open for dialogue"):
        plan_round(tender, commissioner, topics=[elsewhere])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": " "}, "Enter a title"),
        ({"agenda": ""}, "Enter the agenda"),
        ({"invited": []}, "at least one bidder"),
        (
            {
                "meetings_from": timezone.localdate() + 9 * DAY,
                "meetings_to": timezone.localdate() + 2 * DAY,
            },
            "on or after the first day",
        ),
        ({"outline_deadline": timezone.now() - DAY}, "must be in the future"),
        ({"outline_word_limit": 49}, "50 words or more"),
    ],
)
def test_bad_round_details_are_refused(tender, commissioner, fields, message):
    with pytest.raises(DomainError, match=message):
        plan_round(tender, commissioner, **fields)
    assert not tender.dialogue_rounds.exists()


def test_only_the_buyers_managers_plan_rounds(tender, evaluator, supplier_user, other_commissioner):
    for person in (evaluator, supplier_user, other_commissioner):
        with pytest.raises(PermissionDenied):
            plan_round(tender, person)


def test_a_round_can_be_changed_only_while_planned(tender, commissioner, supplier_org):
    dialogue_round = plan_round(tender, commissioner)
    details = {
        "title": "Venues",
        "agenda": "Which venues work.",
        "topics": open_topics(tender),
        "invited": [supplier_org],
        "meetings_from": dialogue_round.meetings_from,
        "meetings_to": dialogue_round.meetings_to,
        "outline_deadline": dialogue_round.outline_deadline,
        "outline_word_limit": 200,
    }
    services.round_update(dialogue_round=dialogue_round, by=commissioner, **details)
    dialogue_round.refresh_from_db()
    assert dialogue_round.title == "Venues"
    assert list(dialogue_round.invited.all()) == [supplier_org]
    assert dialogue_round.topics.count() == 2
    services.round_open(dialogue_round=dialogue_round, by=commissioner)
    with pytest.raises(DomainError, match="only before it opens"):
        services.round_update(dialogue_round=dialogue_round, by=commissioner, **details)


def test_a_round_opens_only_while_the_tender_is_in_dialogue(council, commissioner, supplier_org):
    tender = dialogue_tender(council, supplier_org, status="published")
    dialogue_round = plan_round(tender, commissioner)
    with pytest.raises(DomainError, match="Start dialogue"):
        services.round_open(dialogue_round=dialogue_round, by=commissioner)


def test_opening_tells_each_invited_bidder_once_and_not_the_withdrawn(
    tender, commissioner, supplier_user, other_supplier_user, other_supplier_org
):
    dialogue_round = plan_round(tender, commissioner)
    withdraw(tender, other_supplier_org)
    services.round_open(dialogue_round=dialogue_round, by=commissioner)
    with pytest.raises(DomainError, match="already open"):
        services.round_open(dialogue_round=dialogue_round, by=commissioner)
    assert len(notified(supplier_user, "round-open:")) == 1
    assert notified(other_supplier_user, "round-open:") == []


def test_a_round_with_a_passed_deadline_cannot_open(tender, commissioner):
    dialogue_round = plan_round(tender, commissioner)
    with (
        time_machine.travel(timezone.now() + 11 * DAY),
        pytest.raises(DomainError, match="has passed"),
    ):
        services.round_open(dialogue_round=dialogue_round, by=commissioner)


# --- Meetings ---------------------------------------------------------------------------------
def test_slots_are_on_the_round_meeting_days_in_the_future(tender, commissioner):
    dialogue_round = plan_round(tender, commissioner)
    assert add_slot(dialogue_round, commissioner).location == "Room 2, Northbridge Town Hall"
    with pytest.raises(DomainError, match="Meetings in this round are between"):
        add_slot(dialogue_round, commissioner, days=20)
    starts = timezone.now() + 5 * DAY
    with pytest.raises(DomainError, match="end after it starts"):
        services.slot_add(
            dialogue_round=dialogue_round,
            starts_at=starts,
            ends_at=starts,
            location="Hall",
            by=commissioner,
        )


def test_a_bidder_books_one_slot_and_another_bidder_is_told_it_was_taken(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    first, second = (
        add_slot(dialogue_round, commissioner),
        add_slot(dialogue_round, commissioner, hour=14),
    )
    services.slot_book(slot=first, supplier=supplier_org, by=supplier_user)
    with pytest.raises(DomainError, match="That slot has just been taken"):
        services.slot_book(slot=first, supplier=other_supplier_org, by=other_supplier_user)
    with pytest.raises(DomainError, match="already booked a meeting"):
        services.slot_book(slot=second, supplier=supplier_org, by=supplier_user)
    first.refresh_from_db()
    assert first.booked_by_supplier == supplier_org
    assert first.booked_by == supplier_user


def test_a_bidder_cancels_before_the_meeting_and_can_book_again(
    tender, commissioner, supplier_org, supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    first, second = (
        add_slot(dialogue_round, commissioner),
        add_slot(dialogue_round, commissioner, hour=14),
    )
    services.slot_book(slot=first, supplier=supplier_org, by=supplier_user)
    services.slot_cancel(slot=first, supplier=supplier_org, by=supplier_user)
    services.slot_book(slot=second, supplier=supplier_org, by=supplier_user)
    with (
        time_machine.travel(second.starts_at + datetime.timedelta(minutes=5)),
        pytest.raises(DomainError, match="already started"),
    ):
        services.slot_cancel(slot=second, supplier=supplier_org, by=supplier_user)


def test_a_bidder_cannot_cancel_someone_elses_booking(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    slot = add_slot(dialogue_round, commissioner)
    services.slot_book(slot=slot, supplier=supplier_org, by=supplier_user)
    with pytest.raises(DomainError, match="have not booked"):
        services.slot_cancel(slot=slot, supplier=other_supplier_org, by=other_supplier_user)


def test_only_invited_active_bidders_book_in_an_open_round(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    dialogue_round = plan_round(tender, commissioner, invited=[supplier_org])
    slot = add_slot(dialogue_round, commissioner)
    with pytest.raises(DomainError, match="not open yet"):
        services.slot_book(slot=slot, supplier=supplier_org, by=supplier_user)
    services.round_open(dialogue_round=dialogue_round, by=commissioner)
    with pytest.raises(DomainError, match="not invited"):
        services.slot_book(slot=slot, supplier=other_supplier_org, by=other_supplier_user)
    with pytest.raises(PermissionDenied):
        services.slot_book(slot=slot, supplier=supplier_org, by=other_supplier_user)
    withdraw(tender, supplier_org)
    with pytest.raises(DomainError, match="withdrawn"):
        services.slot_book(slot=slot, supplier=supplier_org, by=supplier_user)


@pytest.mark.django_db(transaction=True)
def test_two_bidders_racing_for_one_slot_get_it_once(
    request,
    tender,
    commissioner,
    supplier_org,
    supplier_user,
    other_supplier_org,
    other_supplier_user,
):
    # Content types cached during this test may not survive the flush after it; clear the
    # cache so that the next transactional test records audit events against real rows.
    request.addfinalizer(ContentType.objects.clear_cache)
    dialogue_round = open_round(tender, commissioner)
    slot = add_slot(dialogue_round, commissioner)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def book(supplier: Any, person: Any) -> None:
        barrier.wait()
        try:
            services.slot_book(slot=slot, supplier=supplier, by=person)
            outcomes.append("booked")
        except DomainError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=book, args=(supplier_org, supplier_user)),
        threading.Thread(target=book, args=(other_supplier_org, other_supplier_user)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["That slot has just been taken. Choose another time.", "booked"]
    slot.refresh_from_db()
    assert slot.booked_by_supplier in (supplier_org, other_supplier_org)


# --- Outline solutions ----------------------------------------------------------------------------
def test_a_draft_is_saved_then_submitted_once(tender, commissioner, supplier_org, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    draft = services.outline_save(
        dialogue_round=dialogue_round,
        supplier=supplier_org,
        text="First thoughts.",
        by=supplier_user,
    )
    assert draft.submitted_at is None
    outline = services.outline_submit(
        dialogue_round=dialogue_round,
        supplier=supplier_org,
        text="Three hubs sharing one van.",
        by=supplier_user,
    )
    assert outline.submitted_at is not None
    assert outline.submitted_by == supplier_user
    with pytest.raises(DomainError, match="You submitted your outline on"):
        services.outline_submit(
            dialogue_round=dialogue_round, supplier=supplier_org, text="Changed.", by=supplier_user
        )
    outline.refresh_from_db()
    assert outline.text == "Three hubs sharing one van."


def _outline_files(dialogue_round: DialogueRound) -> set[str]:
    folder = f"private/outlines/{dialogue_round.pk}"
    if not default_storage.exists(folder):
        return set()
    return {f"{folder}/{name}" for name in default_storage.listdir(folder)[1]}


@pytest.fixture
def outline_files_removed():
    """Test media outlives the test database, whose ids start again: remove what a test
    stored so a later round with the same id starts with no files."""
    rounds: list[DialogueRound] = []
    yield rounds.append
    for dialogue_round in rounds:
        for name in _outline_files(dialogue_round):
            default_storage.delete(name)


def test_a_replaced_outline_file_is_deleted_only_once_the_new_one_is_saved(
    tender,
    commissioner,
    supplier_org,
    supplier_user,
    django_capture_on_commit_callbacks,
    outline_files_removed,
):
    dialogue_round = open_round(tender, commissioner)
    outline_files_removed(dialogue_round)
    first = services.outline_save(
        dialogue_round=dialogue_round,
        supplier=supplier_org,
        text="First thoughts.",
        upload=SimpleUploadedFile("plan.pdf", PDF),
        by=supplier_user,
    )
    old = first.attachment.name
    with django_capture_on_commit_callbacks() as callbacks:
        second = services.outline_save(
            dialogue_round=dialogue_round,
            supplier=supplier_org,
            text="Second thoughts.",
            upload=SimpleUploadedFile("plan.pdf", PDF),
            by=supplier_user,
        )
    assert default_storage.exists(old), "a change that could still be rolled back keeps it"
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old)
    assert default_storage.exists(second.attachment.name)
    assert second.attachment.name != old


def test_a_replacement_that_is_rolled_back_keeps_the_old_file(
    tender, commissioner, supplier_org, supplier_user, outline_files_removed
):
    dialogue_round = open_round(tender, commissioner)
    outline_files_removed(dialogue_round)
    first = services.outline_save(
        dialogue_round=dialogue_round,
        supplier=supplier_org,
        text="First thoughts.",
        upload=SimpleUploadedFile("plan.pdf", PDF),
        by=supplier_user,
    )
    old = first.attachment.name
    with pytest.raises(RuntimeError), transaction.atomic():
        services.outline_save(
            dialogue_round=dialogue_round,
            supplier=supplier_org,
            text="Second thoughts.",
            upload=SimpleUploadedFile("plan.pdf", PDF),
            by=supplier_user,
        )
        raise RuntimeError("something later in the same transaction failed")
    first.refresh_from_db()
    assert first.attachment.name == old
    assert default_storage.exists(old)


def test_an_empty_outline_cannot_be_submitted(tender, commissioner, supplier_org, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    before = _outline_files(dialogue_round)
    with pytest.raises(DomainError, match="Enter your outline"):
        services.outline_submit(
            dialogue_round=dialogue_round,
            supplier=supplier_org,
            text="  ",
            upload=SimpleUploadedFile("our plan.pdf", PDF),
            by=supplier_user,
        )
    # Refused before anything is stored: no outline row and no file.
    assert not OutlineSubmission.objects.exists()
    assert _outline_files(dialogue_round) == before


def test_too_many_words_are_refused_and_the_saved_draft_is_kept(
    tender, commissioner, supplier_org, supplier_user
):
    dialogue_round = open_round(tender, commissioner, outline_word_limit=50)
    services.outline_save(
        dialogue_round=dialogue_round, supplier=supplier_org, text="Short draft.", by=supplier_user
    )
    with pytest.raises(
        DomainError, match=r"Your outline is 51 words\. Cut it to 50 words or fewer\."
    ):
        services.outline_submit(
            dialogue_round=dialogue_round,
            supplier=supplier_org,
            text="word " * 51,
            by=supplier_user,
        )
    outline = OutlineSubmission.objects.get()
    assert outline.text == "Short draft."
    assert outline.submitted_at is None


def test_outlines_are_refused_after_the_deadline(tender, commissioner, supplier_org, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    with (
        time_machine.travel(dialogue_round.outline_deadline + datetime.timedelta(minutes=1)),
        pytest.raises(DomainError, match="The deadline for outline solutions was"),
    ):
        services.outline_submit(
            dialogue_round=dialogue_round, supplier=supplier_org, text="Late.", by=supplier_user
        )
    assert not OutlineSubmission.objects.filter(submitted_at__isnull=False).exists()


def test_a_withdrawn_bidder_cannot_submit(tender, commissioner, supplier_org, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    withdraw(tender, supplier_org)
    with pytest.raises(DomainError, match="withdrawn"):
        services.outline_submit(
            dialogue_round=dialogue_round, supplier=supplier_org, text="Hello.", by=supplier_user
        )


def test_an_attachment_is_checked_and_stored_privately(
    tender, commissioner, supplier_org, supplier_user, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    dialogue_round = open_round(tender, commissioner)
    outline = services.outline_save(
        dialogue_round=dialogue_round,
        supplier=supplier_org,
        text="See the attached plan.",
        upload=SimpleUploadedFile("our plan.pdf", PDF),
        by=supplier_user,
    )
    assert outline.attachment_name == "our plan.pdf"
    assert outline.attachment.name.startswith(f"private/outlines/{dialogue_round.pk}/")
    assert "our plan" not in outline.attachment.name


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("plan.exe", b"MZ binary"), "must be a PDF"),
        (SimpleUploadedFile("plan.pdf", b"not really a pdf"), "not a real PDF"),
        (SimpleUploadedFile("plan.pdf", b"%PDF-" + b"x" * 2000), "smaller than"),
    ],
)
def test_a_bad_attachment_is_refused_and_the_saved_text_is_kept(
    tender, commissioner, supplier_org, supplier_user, settings, upload, message
):
    settings.KINDRED_MAX_UPLOAD_BYTES = 1000
    dialogue_round = open_round(tender, commissioner)
    services.outline_save(
        dialogue_round=dialogue_round, supplier=supplier_org, text="Saved before.", by=supplier_user
    )
    with pytest.raises(DomainError, match=message):
        services.outline_save(
            dialogue_round=dialogue_round,
            supplier=supplier_org,
            text="New words.",
            upload=upload,
            by=supplier_user,
        )
    outline = OutlineSubmission.objects.get()
    assert outline.text == "Saved before."
    assert not outline.attachment


# --- Feedback and closing ------------------------------------------------------------------------
def test_feedback_is_written_and_changed_while_the_round_is_open(
    tender, commissioner, supplier_org, supplier_user
):
    dialogue_round = plan_round(tender, commissioner)
    with pytest.raises(DomainError, match="Open the round"):
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier_org, body="Hi.", by=commissioner
        )
    services.round_open(dialogue_round=dialogue_round, by=commissioner)
    services.feedback_write(
        dialogue_round=dialogue_round, supplier=supplier_org, body="Good.", by=commissioner
    )
    services.feedback_write(
        dialogue_round=dialogue_round, supplier=supplier_org, body="Very good.", by=commissioner
    )
    assert RoundFeedback.objects.get().body == "Very good."
    with pytest.raises(PermissionDenied):
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier_org, body="Me.", by=supplier_user
        )
    with pytest.raises(DomainError, match="Enter your feedback"):
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier_org, body=" ", by=commissioner
        )
    services.round_close(dialogue_round=dialogue_round, summary="Thanks all.", by=commissioner)
    with pytest.raises(DomainError, match="feedback is final"):
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=supplier_org, body="Late.", by=commissioner
        )


def test_feedback_goes_only_to_invited_bidders(
    tender, commissioner, supplier_org, other_supplier_org
):
    dialogue_round = open_round(tender, commissioner, invited=[supplier_org])
    with pytest.raises(DomainError, match="not invited"):
        services.feedback_write(
            dialogue_round=dialogue_round, supplier=other_supplier_org, body="Hi.", by=commissioner
        )


def test_closing_needs_a_summary_and_a_change_note_when_issuing(tender, commissioner):
    dialogue_round = open_round(tender, commissioner)
    with pytest.raises(DomainError, match="Enter a summary"):
        services.round_close(dialogue_round=dialogue_round, summary=" ", by=commissioner)
    with pytest.raises(DomainError, match="change note"):
        services.round_close(
            dialogue_round=dialogue_round, summary="Thanks.", issue_version=True, by=commissioner
        )
    dialogue_round.refresh_from_db()
    assert dialogue_round.status == "open"


def test_closing_issues_version_2_and_the_tender_runs_on_it(tender, commissioner):
    first_version = tender.specification_version
    dialogue_round = open_round(tender, commissioner)
    closed = services.round_close(
        dialogue_round=dialogue_round,
        summary="Providers told us transport is the hardest part.",
        issue_version=True,
        change_note="In round 1 bidders said transport decides who can come, so it is now included.",
        by=commissioner,
    )
    tender.refresh_from_db()
    assert closed.status == "closed"
    assert closed.closed_by == commissioner
    assert closed.issued_version.number == first_version.number + 1
    assert "In round 1 bidders said" in closed.issued_version.change_note
    assert tender.specification_version == closed.issued_version
    with pytest.raises(DomainError, match="already closed"):
        services.round_close(dialogue_round=closed, summary="Again.", by=commissioner)


def test_closing_tells_each_remaining_bidder_once_with_the_new_version(
    council, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    third = OrganisationFactory(kind="supplier")
    third_person = UserFactory()
    MembershipFactory(user=third_person, organisation=third, role="supplier")
    not_invited = OrganisationFactory(kind="supplier")
    not_invited_person = UserFactory()
    MembershipFactory(user=not_invited_person, organisation=not_invited, role="supplier")
    tender = dialogue_tender(council, supplier_org, other_supplier_org, third, not_invited)
    dialogue_round = open_round(
        tender, commissioner, invited=[supplier_org, other_supplier_org, third]
    )
    services.feedback_write(
        dialogue_round=dialogue_round, supplier=supplier_org, body="Strong.", by=commissioner
    )
    withdraw(tender, third)
    services.round_close(
        dialogue_round=dialogue_round,
        summary="Transport is in scope.",
        issue_version=True,
        change_note="Bidders told us transport must be included.",
        by=commissioner,
    )
    [to_first] = notified(supplier_user, "round-closed:")
    [to_second] = notified(other_supplier_user, "round-closed:")
    assert "Transport is in scope." in to_first.body
    assert "Private feedback for Good Food Co-op is ready" in to_first.body
    assert "Private feedback" not in to_second.body
    version = tender.dialogue_rounds.get().issued_version.number
    assert f"Version {version} of the specification" in to_second.body
    assert f"/opportunities/tenders/{tender.pk}/specification/" in to_second.body
    assert "Strong." not in to_first.body + to_second.body
    assert notified(third_person, "round-closed:") == []
    assert notified(not_invited_person, "round-closed:") == []


# --- Reminders ---------------------------------------------------------------------------------
def test_outline_reminders_3_days_and_1_day_before_once_each(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    services.outline_submit(
        dialogue_round=dialogue_round,
        supplier=other_supplier_org,
        text="Done.",
        by=other_supplier_user,
    )
    deadline = dialogue_round.outline_deadline
    assert round_reminders_send(now=deadline - 4 * DAY) == 0
    assert round_reminders_send(now=deadline - 3 * DAY + datetime.timedelta(hours=1)) == 1
    assert round_reminders_send(now=deadline - 2 * DAY) == 0
    assert round_reminders_send(now=deadline - datetime.timedelta(hours=20)) == 1
    assert round_reminders_send(now=deadline - datetime.timedelta(hours=19)) == 0
    keys = {n.key for n in notified(supplier_user, "round-outline-")}
    assert keys == {
        f"round-outline-3d:{dialogue_round.pk}:{supplier_user.pk}",
        f"round-outline-1d:{dialogue_round.pk}:{supplier_user.pk}",
    }
    assert notified(other_supplier_user, "round-outline-") == []


def test_no_outline_reminder_for_a_withdrawn_bidder(
    tender, commissioner, supplier_org, supplier_user, other_supplier_org
):
    dialogue_round = open_round(tender, commissioner)
    withdraw(tender, supplier_org)
    withdraw(tender, other_supplier_org)
    assert round_reminders_send(now=dialogue_round.outline_deadline - DAY / 2) == 0


def test_meeting_reminder_the_day_before_to_the_booker_and_the_tender_creator_once(
    tender, commissioner, supplier_org, supplier_user
):
    dialogue_round = open_round(tender, commissioner)
    slot = add_slot(dialogue_round, commissioner)
    services.slot_book(slot=slot, supplier=supplier_org, by=supplier_user)
    assert round_reminders_send(now=slot.starts_at - 2 * DAY) == 0
    assert round_reminders_send(now=slot.starts_at - datetime.timedelta(hours=23)) == 2
    assert round_reminders_send(now=slot.starts_at - datetime.timedelta(hours=22)) == 0
    assert len(notified(supplier_user, "round-meeting-1d:")) == 1
    assert len(notified(commissioner, "round-meeting-1d:")) == 1


def test_a_round_never_opened_does_not_hold_up_final_submissions(tender, commissioner):
    plan_round(tender, commissioner)
    services.tender_final_submissions_open(
        tender=tender, submission_deadline=timezone.now() + 30 * DAY, by=commissioner
    )
    tender.refresh_from_db()
    assert tender.status == "final_submissions"


def test_a_started_meeting_is_no_longer_offered(client, tender, commissioner, supplier_user):
    dialogue_round = open_round(tender, commissioner)
    slot = add_slot(dialogue_round, commissioner)
    client.force_login(supplier_user)
    url = f"/opportunities/rounds/{dialogue_round.pk}/"
    assertContains(client.get(url), "Book meeting")
    with time_machine.travel(slot.starts_at + datetime.timedelta(minutes=1)):
        assertNotContains(client.get(url), "Book meeting")
