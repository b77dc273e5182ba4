"""Writes for clarification questions: asking, answering (published anonymised or
privately, with a reason) and reminding the buyer of questions left unanswered."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Membership, Organisation, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from core.formatting import uk_datetime
from dialogue.models import Clarification, ClarificationStatus
from dialogue.participation.selectors import supplier_people
from procurement.award import add_working_days
from procurement.models import Tender, TenderStatus
from procurement.selectors import participants_in_process
from procurement.services import participant_join

# Suppliers may ask while the competition is running and before the clarification deadline.
ASKABLE_STATUSES = frozenset(
    {TenderStatus.PUBLISHED, TenderStatus.DIALOGUE, TenderStatus.FINAL_SUBMISSIONS}
)
QUESTION_MAX_CHARACTERS = 2000
ANSWER_MAX_CHARACTERS = 10000
REMINDER_WORKING_DAYS = 2

# A question is answered once, to everyone or only to the supplier that asked.
ALLOWED: dict[str, set[str]] = {
    ClarificationStatus.AWAITING_ANSWER: {
        ClarificationStatus.PUBLISHED,
        ClarificationStatus.ANSWERED_PRIVATELY,
    },
    ClarificationStatus.PUBLISHED: set(),
    ClarificationStatus.ANSWERED_PRIVATELY: set(),
}


def clarification_deadline(tender: Tender) -> datetime.datetime:
    """The last moment to ask: the tender's clarification deadline, or when none is set,
    the submission deadline."""
    return tender.clarification_deadline or tender.submission_deadline


def _log_url(tender: Tender) -> str:
    return reverse("dialogue:clarification_log", args=[tender.pk])


def _clean_text(text: str, *, empty: str, max_characters: int, too_long: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(empty)
    if len(text) > max_characters:
        raise DomainError(
            f"{too_long} must be {max_characters:,} characters or fewer. "
            f"It has {len(text):,} characters."
        )
    return text


def _commissioners(tender: Tender) -> list[User]:
    """Who answers for the buyer: the person who created the tender, and the buyer's
    commissioners and administrators."""
    people: dict[int, User] = {}
    if tender.created_by is not None and tender.created_by.is_active:
        people[tender.created_by.pk] = tender.created_by
    for membership in Membership.objects.filter(
        organisation_id=tender.organisation_id, role__in=permissions.MANAGERS, user__is_active=True
    ).select_related("user"):
        people.setdefault(membership.user.pk, membership.user)
    return list(people.values())


def _supplier_people(supplier_ids: Iterable[int]) -> list[User]:
    """The people who act for these suppliers (each once, even if in several)."""
    people: dict[int, User] = {}
    for _, person in supplier_people(supplier_ids):
        people.setdefault(person.pk, person)
    return list(people.values())


@transaction.atomic
def clarification_ask(
    *, tender: Tender, supplier: Organisation, question: str, by: User
) -> Clarification:
    """Ask the buyer a clarification question for a supplier.

    Only people who act for the supplier may ask, only while the tender is running and
    before its clarification deadline (the submission deadline when none is set). A
    question is 2,000 characters at most. Asking makes the supplier a participant. The
    same question asked again while still awaiting an answer (a double submission)
    returns the first one, with `already_sent` set, rather than a duplicate.
    """
    permissions.require(by, "supplier.act", supplier)
    text = _clean_text(
        question,
        empty="Enter your question",
        max_characters=QUESTION_MAX_CHARACTERS,
        too_long="Your question",
    )
    # Locking the tender serialises two clicks on "Send question" from the same person.
    tender = (
        Tender.objects.select_for_update(of=("self",))
        .select_related("created_by")
        .get(pk=tender.pk)
    )
    if tender.status not in ASKABLE_STATUSES:
        raise DomainError("You can only ask questions while the tender is open.")
    deadline = clarification_deadline(tender)
    if timezone.now() >= deadline:
        raise DomainError(
            f"The deadline for clarification questions was {uk_datetime(deadline)}. "
            "You can no longer ask a question about this tender."
        )
    participant_join(tender=tender, supplier=supplier, by=by)
    existing = Clarification.objects.filter(
        tender=tender,
        supplier=supplier,
        question=text,
        status=ClarificationStatus.AWAITING_ANSWER,
    ).first()
    if existing is not None:
        existing.already_sent = True
        return existing
    clarification = Clarification.objects.create(
        tender=tender, supplier=supplier, asked_by=by, question=text
    )
    clarification.already_sent = False
    audit_record(
        actor=by,
        verb="asked a clarification question",
        target=clarification,
        changes={"supplier": str(supplier)},
    )
    url = reverse("dialogue:clarification_answer", args=[clarification.pk])
    for person in _commissioners(tender):
        notification_send(
            recipient=person,
            key=f"clarification-asked:{clarification.pk}:{person.pk}",
            subject=f"New clarification question about {tender.title}",
            body=(
                f"{supplier} asked a question about {tender.title}:\n\n{text}\n\n"
                "Answer it to all participants (anonymised) or privately with a reason."
            ),
            url=url,
        )
    return clarification


def clarification_transition(
    *,
    clarification: Clarification,
    to: str,
    by: User,
    changes: dict[str, object] | None = None,
    also: dict[str, object] | None = None,
) -> Clarification:
    """The only place a clarification question's status changes: every move answers it.
    Permission is checked by `clarification_answer`, which also fills in the answer."""
    return lifecycle.transition(
        clarification,
        to=to,
        allowed=ALLOWED,
        by=by,
        verb="answered a clarification question",
        changes=changes,
        also=also,
        noun="question",
    )


@transaction.atomic
def clarification_answer(
    *,
    clarification: Clarification,
    answer: str,
    publish: bool = True,
    published_question: str = "",
    private_reason: str = "",
    by: User,
) -> Clarification:
    """Answer a clarification question, once.

    By default the answer is published to every participant, anonymised: the log shows
    `published_question` (the question as asked unless the buyer reworded it to remove
    anything identifying) and never the supplier. It takes the next number in the
    tender's log, and each participant's people are notified once. An answer may instead
    go only to the asker, with a recorded reason (for example, commercially sensitive).
    """
    permissions.require(by, "tender.manage", clarification.tender)
    # Lock the tender first: it serialises the numbering of its log.
    tender = Tender.objects.select_for_update().get(pk=clarification.tender_id)
    clarification = (
        Clarification.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=clarification.pk)
    )
    clarification.tender = tender
    if clarification.status != ClarificationStatus.AWAITING_ANSWER:
        raise DomainError("This question has already been answered.")
    answer = _clean_text(
        answer, empty="Enter your answer", max_characters=ANSWER_MAX_CHARACTERS, too_long="Answer"
    )
    if publish:
        question = published_question.strip() or clarification.question
        question = _clean_text(
            question,
            empty="Enter the question as it will be published",
            max_characters=QUESTION_MAX_CHARACTERS,
            too_long="The published question",
        )
        last = Clarification.objects.filter(tender=tender).aggregate(last=Max("log_number"))
        to = ClarificationStatus.PUBLISHED
        recorded: dict[str, object] = {"log_number": (last["last"] or 0) + 1}
        fields = {**recorded, "published_question": question, "private_reason": ""}
    else:
        reason = (private_reason or "").strip()
        if not reason:
            raise DomainError(
                "Give the reason for answering privately, for example that the answer is "
                "commercially sensitive"
            )
        to = ClarificationStatus.ANSWERED_PRIVATELY
        fields = recorded = {"private_reason": reason}
    clarification = clarification_transition(
        clarification=clarification,
        to=to,
        by=by,
        changes=recorded,
        also={**fields, "answer": answer, "answered_at": timezone.now(), "answered_by": by},
    )
    clarification_answer_notify(clarification=clarification)
    return clarification


def clarification_answer_notify(*, clarification: Clarification) -> int:
    """Tell people about an answer, each once however often this runs: a published answer
    goes to every active participant's people (without naming the asker); a private one
    only to the asker's people. Returns how many were notified this time."""
    tender = clarification.tender
    url = _log_url(tender)
    sent = 0
    if clarification.status == ClarificationStatus.PUBLISHED:
        supplier_ids = {p.supplier_id for p in participants_in_process(tender)}
        subject = f"New clarification published for {tender.title}"
        body = (
            f"The buyer published an answer to a clarification question about {tender.title}.\n\n"
            f"Q{clarification.log_number}: {clarification.published_question}\n\n"
            f"Answer: {clarification.answer}"
        )
        for person in _supplier_people(supplier_ids):
            notification = notification_send(
                recipient=person,
                key=f"clarification-published:{clarification.pk}:{person.pk}",
                subject=subject,
                body=body,
                url=url,
            )
            sent += notification is not None
    elif clarification.status == ClarificationStatus.ANSWERED_PRIVATELY:
        url = reverse("dialogue:clarification_detail", args=[clarification.pk])
        for person in _supplier_people([clarification.supplier_id]):
            notification = notification_send(
                recipient=person,
                key=f"clarification-answered:{clarification.pk}:{person.pk}",
                subject=f"Your question about {tender.title} has been answered",
                body=(
                    f"The buyer answered your question about {tender.title} privately. "
                    f"Only your organisation can see the answer.\n\n"
                    f"Your question: {clarification.question}\n\nAnswer: {clarification.answer}"
                ),
                url=url,
            )
            sent += notification is not None
    return sent


# --- Reminders -------------------------------------------------------------------------------
def answer_due(
    asked_at: datetime.datetime, due_dates: dict[datetime.date, datetime.date] | None = None
) -> datetime.datetime:
    """When a question becomes overdue: 2 UK working days (weekends and bank holidays in
    England and Wales skipped) after it was asked, at the same time of day. `due_dates`
    caches the calendar look-up across many questions."""
    asked = timezone.localtime(asked_at)
    due_dates = {} if due_dates is None else due_dates
    if asked.date() not in due_dates:
        due_dates[asked.date()] = add_working_days(asked.date(), REMINDER_WORKING_DAYS)
    due_date = due_dates[asked.date()]
    naive = datetime.datetime.combine(due_date, asked.time().replace(tzinfo=None))
    return timezone.make_aware(naive, timezone.get_current_timezone())


@transaction.atomic
def unanswered_clarification_reminders_send(*, now: datetime.datetime) -> int:
    """Remind the tender's commissioners of each question still awaiting an answer more
    than 2 UK working days after it was asked. Each person is reminded once per question,
    however often this runs. Returns how many reminders were sent."""
    # Two working days are at least two calendar days, so older questions are the only
    # candidates; the working-day rule then decides.
    candidates = (
        Clarification.objects.filter(
            status=ClarificationStatus.AWAITING_ANSWER,
            asked_at__lte=now - datetime.timedelta(days=REMINDER_WORKING_DAYS),
        )
        .exclude(tender__status=TenderStatus.CANCELLED)
        .select_related("tender__created_by")
        .order_by("asked_at", "pk")
    )
    due_dates: dict[datetime.date, datetime.date] = {}
    commissioners_by_tender: dict[int, list[User]] = {}
    sent = 0
    for clarification in candidates:
        if now <= answer_due(clarification.asked_at, due_dates):
            continue
        tender = clarification.tender
        if tender.pk not in commissioners_by_tender:
            commissioners_by_tender[tender.pk] = _commissioners(tender)
        url = reverse("dialogue:clarification_answer", args=[clarification.pk])
        for person in commissioners_by_tender[tender.pk]:
            notification = notification_send(
                recipient=person,
                key=f"clarification-overdue:{clarification.pk}:{person.pk}",
                subject=f"A clarification question about {tender.title} needs an answer",
                body=(
                    f"A supplier asked this question on {uk_datetime(clarification.asked_at)} and it "
                    f"has not been answered after {REMINDER_WORKING_DAYS} working days:\n\n"
                    f"{clarification.question}"
                ),
                url=url,
            )
            sent += notification is not None
    return sent
