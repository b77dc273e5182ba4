"""Clarification questions: asking, answering (published anonymised or privately) and the
reminder to the buyer of unanswered questions."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Notification
from core.errors import DomainError
from dialogue.clarifications import services
from dialogue.clarifications.services import (
    clarification_answer,
    clarification_answer_notify,
    clarification_ask,
    unanswered_clarification_reminders_send,
)
from dialogue.models import Clarification
from procurement.models import TenderParticipant
from procurement.services import participant_join
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import PublishedTenderFactory, TenderParticipantFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
QUESTION = "Can two organisations bid together as a consortium?"


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
def asked(tender, supplier_org, supplier_user, other_supplier_org, other_supplier_user):
    """The other supplier takes part; the supplier asks a question (and so joins)."""
    participant_join(tender=tender, supplier=other_supplier_org, by=other_supplier_user)
    return clarification_ask(
        tender=tender, supplier=supplier_org, question=QUESTION, by=supplier_user
    )


def _subjects(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


# --- Asking ----------------------------------------------------------------------------------
def test_asking_makes_the_supplier_a_participant_and_tells_the_commissioners(
    tender, supplier_org, supplier_user, commissioner, council_admin, evaluator
):
    clarification = clarification_ask(
        tender=tender, supplier=supplier_org, question=f"  {QUESTION}  ", by=supplier_user
    )
    assert clarification.question == QUESTION
    assert clarification.status == "awaiting_answer"
    assert clarification.asked_by == supplier_user
    assert TenderParticipant.objects.filter(tender=tender, supplier=supplier_org).exists()
    assert _subjects(commissioner) == ["New clarification question about Community food hubs"]
    assert len(_subjects(council_admin)) == 1
    assert _subjects(evaluator) == []


def test_the_same_question_sent_twice_is_not_duplicated(
    tender, supplier_org, supplier_user, commissioner
):
    first = clarification_ask(
        tender=tender, supplier=supplier_org, question=QUESTION, by=supplier_user
    )
    again = clarification_ask(
        tender=tender, supplier=supplier_org, question=QUESTION, by=supplier_user
    )
    assert again.pk == first.pk
    assert first.already_sent is False
    assert again.already_sent is True
    assert Clarification.objects.count() == 1
    assert len(_subjects(commissioner)) == 1


def test_only_people_acting_for_the_supplier_may_ask(
    tender, supplier_org, other_supplier_user, commissioner
):
    for person in (other_supplier_user, commissioner):
        with pytest.raises(PermissionDenied):
            clarification_ask(tender=tender, supplier=supplier_org, question=QUESTION, by=person)
    assert not Clarification.objects.exists()


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("   ", "Enter your question"),
        ("x" * 2001, "Your question must be 2,000 characters or fewer. It has 2,001 characters."),
    ],
)
def test_empty_or_too_long_questions_are_refused(
    tender, supplier_org, supplier_user, question, message
):
    with pytest.raises(DomainError, match=message):
        clarification_ask(tender=tender, supplier=supplier_org, question=question, by=supplier_user)
    assert not Clarification.objects.exists()


def test_a_question_of_exactly_2000_characters_is_accepted(tender, supplier_org, supplier_user):
    clarification_ask(tender=tender, supplier=supplier_org, question="x" * 2000, by=supplier_user)
    assert Clarification.objects.count() == 1


def test_questions_after_the_clarification_deadline_are_refused_naming_it_in_london_time(
    tender, supplier_org, supplier_user
):
    tender.clarification_deadline = datetime.datetime(2026, 7, 1, 16, 0, tzinfo=datetime.UTC)
    tender.submission_deadline = datetime.datetime(2026, 7, 10, 12, 0, tzinfo=datetime.UTC)
    tender.save()
    with time_machine.travel(datetime.datetime(2026, 7, 1, 15, 59, tzinfo=datetime.UTC)):
        clarification_ask(
            tender=tender, supplier=supplier_org, question="In time?", by=supplier_user
        )
    with (
        time_machine.travel(datetime.datetime(2026, 7, 1, 16, 0, tzinfo=datetime.UTC)),
        pytest.raises(DomainError) as refused,
    ):
        clarification_ask(
            tender=tender, supplier=supplier_org, question="Too late?", by=supplier_user
        )
    # 16:00 UTC is 5pm in London in summer.
    assert str(refused.value) == (
        "The deadline for clarification questions was 1 July 2026 at 5pm. "
        "You can no longer ask a question about this tender."
    )
    assert list(Clarification.objects.values_list("question", flat=True)) == ["In time?"]


def test_without_a_clarification_deadline_the_submission_deadline_applies(
    tender, supplier_org, supplier_user
):
    tender.clarification_deadline = None
    tender.submission_deadline = datetime.datetime(2026, 1, 5, 12, 0, tzinfo=datetime.UTC)
    tender.save()
    with (
        time_machine.travel(datetime.datetime(2026, 1, 5, 12, 30, tzinfo=datetime.UTC)),
        pytest.raises(DomainError, match="was 5 January 2026 at 12pm"),
    ):
        clarification_ask(tender=tender, supplier=supplier_org, question=QUESTION, by=supplier_user)


@pytest.mark.parametrize("status", ["draft", "closed", "evaluation", "awarded", "cancelled"])
def test_questions_are_refused_unless_the_tender_is_running(
    tender, supplier_org, supplier_user, status
):
    tender.status = status
    tender.save()
    with pytest.raises(DomainError, match="only ask questions while the tender is open"):
        clarification_ask(tender=tender, supplier=supplier_org, question=QUESTION, by=supplier_user)


def test_a_supplier_that_withdrew_cannot_ask(tender, supplier_org, supplier_user):
    TenderParticipantFactory(
        tender=tender,
        supplier=supplier_org,
        withdrawn_at=timezone.now(),
        withdrawal_reason="timescale",
    )
    with pytest.raises(DomainError, match="withdrew"):
        clarification_ask(tender=tender, supplier=supplier_org, question=QUESTION, by=supplier_user)


# --- Answering: published, anonymised --------------------------------------------------------
def test_publishing_numbers_the_log_and_defaults_to_the_question_as_asked(asked, commissioner):
    published = clarification_answer(clarification=asked, answer="Yes.", by=commissioner)
    assert published.status == "published"
    assert published.published_question == QUESTION
    assert published.log_number == 1
    assert published.answered_by == commissioner
    assert published.answered_at is not None


def test_log_numbers_follow_the_order_of_publishing(
    tender, asked, commissioner, supplier_org, supplier_user
):
    second = clarification_ask(
        tender=tender, supplier=supplier_org, question="Second?", by=supplier_user
    )
    private = clarification_ask(
        tender=tender, supplier=supplier_org, question="Private?", by=supplier_user
    )
    clarification_answer(
        clarification=private,
        answer="A.",
        publish=False,
        private_reason="Sensitive.",
        by=commissioner,
    )
    assert clarification_answer(clarification=second, answer="A.", by=commissioner).log_number == 1
    assert clarification_answer(clarification=asked, answer="A.", by=commissioner).log_number == 2
    assert Clarification.objects.get(pk=private.pk).log_number is None


def test_every_participant_is_notified_once_without_the_askers_name(
    tender, asked, commissioner, supplier_org, supplier_user, other_supplier_user
):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=supplier_org, role="admin")
    viewer_at_supplier = UserFactory()
    MembershipFactory(user=viewer_at_supplier, organisation=supplier_org, role="viewer")
    outsider = OrganisationFactory(kind="supplier", name="Not Taking Part Ltd")
    outsider_person = UserFactory()
    MembershipFactory(user=outsider_person, organisation=outsider, role="supplier")

    clarification_answer(
        clarification=asked,
        answer="Yes, with one lead organisation.",
        published_question="Can organisations bid as a consortium?",
        by=commissioner,
    )

    published = Notification.objects.filter(key__startswith=f"clarification-published:{asked.pk}:")
    assert sorted(n.recipient_id for n in published) == sorted(
        [supplier_user.pk, colleague.pk, other_supplier_user.pk]
    )
    for notification in published:
        assert supplier_org.name not in notification.body
        assert supplier_org.name not in notification.subject
        assert supplier_user.full_name not in notification.body
        assert "Q1: Can organisations bid as a consortium?" in notification.body
        assert notification.url == f"/opportunities/tenders/{tender.pk}/clarifications/"
    # Sending again (a retried job) notifies nobody twice.
    assert clarification_answer_notify(clarification=Clarification.objects.get(pk=asked.pk)) == 0
    assert published.count() == 3


def test_a_withdrawn_participant_is_not_notified(
    tender, asked, commissioner, other_supplier_org, other_supplier_user
):
    TenderParticipant.objects.filter(supplier=other_supplier_org).update(
        withdrawn_at=timezone.now(), withdrawal_reason="timescale"
    )
    clarification_answer(clarification=asked, answer="Yes.", by=commissioner)
    assert not Notification.objects.filter(
        recipient=other_supplier_user, key__startswith="clarification-published"
    ).exists()


def test_answering_twice_is_refused(asked, commissioner):
    clarification_answer(clarification=asked, answer="Yes.", by=commissioner)
    with pytest.raises(DomainError, match="already been answered"):
        clarification_answer(clarification=asked, answer="No.", by=commissioner)
    assert Clarification.objects.get(pk=asked.pk).answer == "Yes."


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_the_buyers_commissioners_may_answer(asked, request, person):
    with pytest.raises(PermissionDenied):
        clarification_answer(clarification=asked, answer="Yes.", by=request.getfixturevalue(person))
    assert Clarification.objects.get(pk=asked.pk).status == "awaiting_answer"


def test_an_empty_answer_is_refused(asked, commissioner):
    with pytest.raises(DomainError, match="Enter your answer"):
        clarification_answer(clarification=asked, answer="  ", by=commissioner)


# --- Answering privately ---------------------------------------------------------------------
def test_a_private_answer_needs_a_reason(asked, commissioner):
    with pytest.raises(DomainError, match="Give the reason for answering privately"):
        clarification_answer(clarification=asked, answer="Yes.", publish=False, by=commissioner)
    assert Clarification.objects.get(pk=asked.pk).status == "awaiting_answer"


def test_a_private_answer_goes_only_to_the_askers_people(
    asked, commissioner, supplier_user, other_supplier_user
):
    answered = clarification_answer(
        clarification=asked,
        answer="Yes.",
        publish=False,
        private_reason="Commercially sensitive.",
        by=commissioner,
    )
    assert answered.status == "answered_privately"
    assert answered.private_reason == "Commercially sensitive."
    assert answered.log_number is None
    assert _subjects(supplier_user) == ["Your question about Community food hubs has been answered"]
    assert _subjects(other_supplier_user) == []


# --- Reminders -------------------------------------------------------------------------------
def _asked_at(moment: datetime.datetime, tender, supplier_org, supplier_user, question=QUESTION):
    with time_machine.travel(moment, tick=False):
        return clarification_ask(
            tender=tender, supplier=supplier_org, question=question, by=supplier_user
        )


@pytest.fixture
def long_tender(tender):
    tender.clarification_deadline = datetime.datetime(2026, 12, 31, 12, tzinfo=datetime.UTC)
    tender.submission_deadline = datetime.datetime(2027, 1, 31, 12, tzinfo=datetime.UTC)
    tender.save()
    return tender


def _reminders() -> int:
    return Notification.objects.filter(key__startswith="clarification-overdue:").count()


def test_a_question_asked_on_friday_is_not_overdue_on_monday(
    long_tender, supplier_org, supplier_user, commissioner
):
    friday = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)
    _asked_at(friday, long_tender, supplier_org, supplier_user)
    monday_evening = datetime.datetime(2026, 3, 9, 18, 0, tzinfo=LONDON)
    assert unanswered_clarification_reminders_send(now=monday_evening) == 0
    tuesday_before = datetime.datetime(2026, 3, 10, 9, 59, tzinfo=LONDON)
    assert unanswered_clarification_reminders_send(now=tuesday_before) == 0
    tuesday_after = datetime.datetime(2026, 3, 10, 10, 1, tzinfo=LONDON)
    assert unanswered_clarification_reminders_send(now=tuesday_after) == 1
    reminder = Notification.objects.get(recipient=commissioner, key__contains="overdue")
    assert reminder.subject == "A clarification question about Community food hubs needs an answer"


def test_bank_holidays_are_not_working_days(long_tender, supplier_org, supplier_user):
    # Thursday before Easter 2026: Good Friday (3 April) and Easter Monday (6 April) are
    # bank holidays, so two working days end on Wednesday 8 April.
    _asked_at(
        datetime.datetime(2026, 4, 2, 9, 0, tzinfo=LONDON), long_tender, supplier_org, supplier_user
    )
    assert (
        unanswered_clarification_reminders_send(
            now=datetime.datetime(2026, 4, 7, 12, 0, tzinfo=LONDON)
        )
        == 0
    )
    assert (
        unanswered_clarification_reminders_send(
            now=datetime.datetime(2026, 4, 8, 9, 30, tzinfo=LONDON)
        )
        == 1
    )


def test_reminders_go_to_each_commissioner_once_however_often_the_job_runs(
    long_tender, supplier_org, supplier_user, commissioner, council_admin, evaluator
):
    _asked_at(
        datetime.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON),
        long_tender,
        supplier_org,
        supplier_user,
    )
    _asked_at(
        datetime.datetime(2026, 3, 2, 11, 0, tzinfo=LONDON),
        long_tender,
        supplier_org,
        supplier_user,
        question="Another question?",
    )
    later = datetime.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)
    assert unanswered_clarification_reminders_send(now=later) == 4
    assert unanswered_clarification_reminders_send(now=later) == 0
    assert unanswered_clarification_reminders_send(now=later + datetime.timedelta(days=3)) == 0
    assert _reminders() == 4
    assert not Notification.objects.filter(recipient=evaluator, key__contains="overdue").exists()


def test_answered_questions_are_not_reminded(
    long_tender, supplier_org, supplier_user, commissioner
):
    asked = _asked_at(
        datetime.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON),
        long_tender,
        supplier_org,
        supplier_user,
    )
    with time_machine.travel(datetime.datetime(2026, 3, 3, 10, 0, tzinfo=LONDON)):
        clarification_answer(clarification=asked, answer="Yes.", by=commissioner)
    assert (
        unanswered_clarification_reminders_send(
            now=datetime.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)
        )
        == 0
    )


def test_the_task_calls_the_reminder_service(long_tender, supplier_org, supplier_user):
    from dialogue.tasks import send_clarification_reminders

    _asked_at(
        datetime.datetime(2026, 3, 2, 10, 0, tzinfo=LONDON),
        long_tender,
        supplier_org,
        supplier_user,
    )
    with time_machine.travel(datetime.datetime(2026, 3, 9, 10, 0, tzinfo=LONDON)):
        first = send_clarification_reminders.apply().get()
        second = send_clarification_reminders.apply().get()
    assert first >= 1
    assert second == 0


def test_answer_due_is_two_working_days_later_at_the_same_time():
    friday = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)
    assert services.answer_due(friday) == datetime.datetime(2026, 3, 10, 10, 0, tzinfo=LONDON)
