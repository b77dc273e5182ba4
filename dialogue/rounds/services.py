"""Writes for dialogue rounds in a competitive flexible procedure.

A tender moves from "open for bids" into dialogue, runs one or more rounds (agenda and
topics, meetings the bidders book, an outline solution from each bidder, private
feedback to each and a shared summary, which may issue a new specification version),
and then opens for final submissions against the specification as it now stands.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from commissioning.models import Requirement, RequirementKind, SpecificationVersion
from commissioning.specifications.services import specification_version_issue
from core.errors import DomainError
from core.formatting import uk_date, uk_datetime
from core.text import word_count
from core.uploads import check_upload, delete_after_commit
from dialogue.models import (
    DialogueRound,
    MeetingSlot,
    OutlineSubmission,
    RoundFeedback,
    RoundStatus,
)
from dialogue.participation.selectors import supplier_people
from procurement.models import Procedure, Tender, TenderStatus
from procurement.selectors import participants_in_process
from procurement.services import tender_transition

MIN_WORD_LIMIT = 50
# Far beyond any outline, and within the column that keeps it.
MAX_WORD_LIMIT = 20_000

# A round is planned, then open to its bidders, then closed. Nothing reopens.
ROUND_ALLOWED: dict[str, set[str]] = {
    RoundStatus.PLANNED: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}


def specification_url(tender: Tender) -> str:
    """The page that shows bidders what changed in the specification since they last read it."""
    from django.urls import NoReverseMatch

    try:
        return reverse("dialogue:specification_changes", kwargs={"pk": tender.pk})
    except NoReverseMatch:
        return f"/opportunities/tenders/{tender.pk}/specification/"


def round_url(dialogue_round: DialogueRound) -> str:
    return reverse("dialogue:round_detail", args=[dialogue_round.pk])


def open_topics_for(tender: Tender) -> QuerySet[Requirement]:
    """The requirements of the tender's specification that are open for dialogue."""
    return (
        Requirement.objects.filter(
            section__specification_id=tender.specification_version.specification_id,
            kind=RequirementKind.OPEN_FOR_DIALOGUE,
        )
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )


def active_supplier_ids(tender: Tender) -> set[int]:
    return set(participants_in_process(tender).values_list("supplier_id", flat=True))


def remaining_bidders(dialogue_round: DialogueRound) -> list[Organisation]:
    """The invited bidders still taking part in the tender."""
    active = active_supplier_ids(dialogue_round.tender)
    return [supplier for supplier in dialogue_round.invited.all() if supplier.pk in active]


def _supplier_people(suppliers: Iterable[Organisation]) -> list[tuple[Organisation, User]]:
    """The people who act for each supplier in the portal, each once."""
    return supplier_people(supplier.pk for supplier in suppliers)


def round_transition(*, dialogue_round: DialogueRound, to: str, by: User) -> DialogueRound:
    """The only place a round's status changes; locks the round and records the move.
    Permission is checked by the services that open and close a round."""
    return lifecycle.transition(
        dialogue_round,
        to=to,
        allowed=ROUND_ALLOWED,
        by=by,
        organisation=dialogue_round.tender.organisation,
        noun="round",
    )


# --- Tender moves --------------------------------------------------------------------------
@transaction.atomic
def tender_dialogue_start(*, tender: Tender, by: User) -> Tender:
    """Move a published competitive flexible tender into dialogue with the market.

    Only the buyer's commissioners and administrators, only under the competitive flexible
    procedure, and only from "open for bids".
    """
    permissions.require(by, "tender.manage", tender)
    if tender.procedure != Procedure.COMPETITIVE_FLEXIBLE:
        raise DomainError(
            "Only a tender run under the competitive flexible procedure can have dialogue rounds."
        )
    if tender.status != TenderStatus.PUBLISHED:
        raise DomainError(
            "You can start dialogue only while the tender is open for bids. "
            f"This tender is {tender.get_status_display().lower()}."
        )
    return tender_transition(tender=tender, to=TenderStatus.DIALOGUE, by=by)


@transaction.atomic
def tender_final_submissions_open(
    *, tender: Tender, submission_deadline: datetime.datetime, by: User
) -> Tender:
    """End dialogue and invite final bids by a new deadline in the future.

    Final bids answer the specification as it now stands, so the tender moves to the
    latest issued version. Every open round must be closed first. Each active participant is
    told once.
    """
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DIALOGUE:
        raise DomainError("You can open final submissions only while the tender is in dialogue.")
    if submission_deadline <= timezone.now():
        raise DomainError("The deadline for final bids must be in the future.")
    if tender.clarification_deadline and tender.clarification_deadline > submission_deadline:
        raise DomainError(
            "The deadline for final bids must be after the deadline for questions, "
            f"{uk_datetime(tender.clarification_deadline)}."
        )
    # A round still planned was never opened, so it does not hold anything up.
    unfinished = tender.dialogue_rounds.filter(status=RoundStatus.OPEN).order_by("number")
    if unfinished.exists():
        numbers = " and ".join(
            str(number) for number in unfinished.values_list("number", flat=True)
        )
        raise DomainError(f"Close round {numbers} before you open final submissions.")
    latest = (
        SpecificationVersion.objects.filter(
            specification_id=tender.specification_version.specification_id
        )
        .order_by("-number")
        .first()
    )
    tender = tender_transition(tender=tender, to=TenderStatus.FINAL_SUBMISSIONS, by=by)
    tender.submission_deadline = submission_deadline
    tender.specification_version = latest
    tender.save(update_fields=["submission_deadline", "specification_version", "updated_at"])
    audit_record(
        actor=by,
        verb="final submissions opened",
        target=tender,
        changes={
            "deadline": submission_deadline.isoformat(),
            "specification_version": latest.number,
        },
    )
    suppliers = [participant.supplier for participant in participants_in_process(tender)]
    for supplier, person in _supplier_people(suppliers):
        notification_send(
            recipient=person,
            key=f"final-submissions:{tender.pk}:{person.pk}",
            subject=f"Final bids are open for {tender.title}",
            body=(
                f"Dialogue has ended. Submit {supplier}'s final bid by "
                f"{uk_datetime(submission_deadline)}. Final bids answer version {latest.number} "
                f"of the specification: {specification_url(tender)}"
            ),
            url=reverse("procurement:tender_detail", args=[tender.pk]),
        )
    return tender


# --- Planning a round -----------------------------------------------------------------------
def _check_round_details(
    *,
    tender: Tender,
    title: str,
    agenda: str,
    topics: Iterable[Requirement],
    invited: Iterable[Organisation],
    meetings_from: datetime.date,
    meetings_to: datetime.date,
    outline_deadline: datetime.datetime,
    outline_word_limit: int,
) -> None:
    if not title.strip():
        raise DomainError("Enter a title for the round.")
    if not agenda.strip():
        raise DomainError("Enter the agenda for the round.")
    open_ids = set(open_topics_for(tender).values_list("pk", flat=True))
    if any(topic.pk not in open_ids for topic in topics):
        raise DomainError(
            "Choose topics from the requirements of this specification that are open for dialogue."
        )
    invited = list(invited)
    if not invited:
        raise DomainError("Choose at least one bidder to invite.")
    active = active_supplier_ids(tender)
    if any(supplier.pk not in active for supplier in invited):
        raise DomainError("Invite only suppliers that are still taking part in the tender.")
    if meetings_to < meetings_from:
        raise DomainError("The last day of meetings must be on or after the first day.")
    if outline_deadline <= timezone.now():
        raise DomainError("The deadline for outline solutions must be in the future.")
    if outline_word_limit < MIN_WORD_LIMIT:
        raise DomainError(f"The word limit must be {MIN_WORD_LIMIT} words or more.")
    if outline_word_limit > MAX_WORD_LIMIT:
        raise DomainError(f"The word limit must be {MAX_WORD_LIMIT:,} words or fewer.")


@transaction.atomic
def round_create(
    *,
    tender: Tender,
    title: str,
    agenda: str,
    topics: Iterable[Requirement] = (),
    invited: Iterable[Organisation] | None = None,
    meetings_from: datetime.date,
    meetings_to: datetime.date,
    outline_deadline: datetime.datetime,
    outline_word_limit: int = 1000,
    by: User,
) -> DialogueRound:
    """Plan the next round of dialogue on a competitive flexible tender.

    Topics come only from the specification's "open for dialogue" requirements; bidders
    are chosen from the suppliers still taking part (all of them unless chosen). Meeting
    dates must be in order, the outline deadline in the future, and the word limit 50 or
    more. Rounds are numbered 1, 2, 3... on each tender.
    """
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.procedure != Procedure.COMPETITIVE_FLEXIBLE:
        raise DomainError(
            "Only a tender run under the competitive flexible procedure can have dialogue rounds."
        )
    if tender.status not in (TenderStatus.PUBLISHED, TenderStatus.DIALOGUE):
        raise DomainError("You can plan dialogue rounds only before final submissions open.")
    topics = list(topics)
    if invited is None:
        invited = [participant.supplier for participant in participants_in_process(tender)]
    invited = list(invited)
    _check_round_details(
        tender=tender,
        title=title,
        agenda=agenda,
        topics=topics,
        invited=invited,
        meetings_from=meetings_from,
        meetings_to=meetings_to,
        outline_deadline=outline_deadline,
        outline_word_limit=outline_word_limit,
    )
    last = tender.dialogue_rounds.order_by("-number").values_list("number", flat=True).first()
    dialogue_round = DialogueRound.objects.create(
        tender=tender,
        number=(last or 0) + 1,
        title=title.strip(),
        agenda=agenda.strip(),
        meetings_from=meetings_from,
        meetings_to=meetings_to,
        outline_deadline=outline_deadline,
        outline_word_limit=outline_word_limit,
        created_by=by,
    )
    dialogue_round.topics.set(topics)
    dialogue_round.invited.set(invited)
    audit_record(
        actor=by,
        verb="round planned",
        target=dialogue_round,
        changes={
            "number": dialogue_round.number,
            "topics": [topic.pk for topic in topics],
            "invited": [str(supplier) for supplier in invited],
        },
        organisation=tender.organisation,
    )
    return dialogue_round


@transaction.atomic
def round_update(
    *,
    dialogue_round: DialogueRound,
    title: str,
    agenda: str,
    topics: Iterable[Requirement] = (),
    invited: Iterable[Organisation],
    meetings_from: datetime.date,
    meetings_to: datetime.date,
    outline_deadline: datetime.datetime,
    outline_word_limit: int,
    by: User,
) -> DialogueRound:
    """Change a round while it is planned. Once bidders can see it, it is fixed."""
    permissions.require(by, "tender.manage", dialogue_round.tender)
    dialogue_round = (
        DialogueRound.objects.select_for_update(of=("self",))
        .select_related("tender")
        .get(pk=dialogue_round.pk)
    )
    if dialogue_round.status != RoundStatus.PLANNED:
        raise DomainError("You can change a round only before it opens.")
    topics, invited = list(topics), list(invited)
    _check_round_details(
        tender=dialogue_round.tender,
        title=title,
        agenda=agenda,
        topics=topics,
        invited=invited,
        meetings_from=meetings_from,
        meetings_to=meetings_to,
        outline_deadline=outline_deadline,
        outline_word_limit=outline_word_limit,
    )
    dialogue_round.title = title.strip()
    dialogue_round.agenda = agenda.strip()
    dialogue_round.meetings_from = meetings_from
    dialogue_round.meetings_to = meetings_to
    dialogue_round.outline_deadline = outline_deadline
    dialogue_round.outline_word_limit = outline_word_limit
    dialogue_round.save()
    dialogue_round.topics.set(topics)
    dialogue_round.invited.set(invited)
    audit_record(
        actor=by,
        verb="round changed",
        target=dialogue_round,
        changes={"title": dialogue_round.title, "invited": [str(s) for s in invited]},
        organisation=dialogue_round.tender.organisation,
    )
    return dialogue_round


@transaction.atomic
def round_open(*, dialogue_round: DialogueRound, by: User) -> DialogueRound:
    """Open a planned round to its invited bidders, who are each told once.

    The tender must be in dialogue and the outline deadline still in the future.
    """
    tender = dialogue_round.tender
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if dialogue_round.status != RoundStatus.PLANNED:
        raise DomainError(f"This round is already {dialogue_round.get_status_display().lower()}.")
    if tender.status != TenderStatus.DIALOGUE:
        raise DomainError("Start dialogue on the tender before you open a round.")
    if dialogue_round.outline_deadline <= timezone.now():
        raise DomainError(
            "The deadline for outline solutions has passed. Change it before you open the round."
        )
    dialogue_round = round_transition(dialogue_round=dialogue_round, to=RoundStatus.OPEN, by=by)
    dialogue_round.opened_at = timezone.now()
    dialogue_round.save(update_fields=["opened_at"])
    bidders = remaining_bidders(dialogue_round)
    for supplier, person in _supplier_people(bidders):
        notification_send(
            recipient=person,
            key=f"round-open:{dialogue_round.pk}:{person.pk}",
            subject=f"You are invited to dialogue round {dialogue_round.number} for {tender.title}",
            body=(
                f"{supplier} is invited to “{dialogue_round.title}”. Book a meeting between "
                f"{uk_date(dialogue_round.meetings_from)} and {uk_date(dialogue_round.meetings_to)}"
                f" and send your outline solution by {uk_datetime(dialogue_round.outline_deadline)}."
            ),
            url=round_url(dialogue_round),
        )
    return dialogue_round


# --- Meetings ------------------------------------------------------------------------------
@transaction.atomic
def slot_add(
    *,
    dialogue_round: DialogueRound,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str,
    by: User,
) -> MeetingSlot:
    """Offer a meeting time, in the future and on one of the round's meeting days, with
    a place or an online link."""
    permissions.require(by, "tender.manage", dialogue_round.tender)
    if dialogue_round.status == RoundStatus.CLOSED:
        raise DomainError("This round has closed.")
    if not location.strip():
        raise DomainError("Enter where the meeting is, or a link to join it online.")
    if ends_at <= starts_at:
        raise DomainError("The meeting must end after it starts.")
    if starts_at <= timezone.now():
        raise DomainError("The meeting must start in the future.")
    day = timezone.localtime(starts_at).date()
    if not dialogue_round.meetings_from <= day <= dialogue_round.meetings_to:
        raise DomainError(
            f"Meetings in this round are between {uk_date(dialogue_round.meetings_from)} "
            f"and {uk_date(dialogue_round.meetings_to)}."
        )
    slot = MeetingSlot.objects.create(
        round=dialogue_round, starts_at=starts_at, ends_at=ends_at, location=location.strip()
    )
    audit_record(
        actor=by,
        verb="meeting slot added",
        target=dialogue_round,
        changes={"starts_at": starts_at.isoformat(), "location": slot.location},
        organisation=dialogue_round.tender.organisation,
    )
    return slot


def _require_bidder(dialogue_round: DialogueRound, supplier: Organisation, by: User) -> None:
    """An invited supplier still taking part, acting through one of its people, in an open
    round."""
    permissions.require(by, "supplier.act", supplier)
    if not dialogue_round.invited.filter(pk=supplier.pk).exists():
        raise DomainError(f"{supplier} is not invited to this round.")
    if supplier.pk not in active_supplier_ids(dialogue_round.tender):
        raise DomainError(f"{supplier} has withdrawn from this tender.")
    if dialogue_round.status != RoundStatus.OPEN:
        raise DomainError(
            "This round has closed."
            if dialogue_round.status == RoundStatus.CLOSED
            else "This round is not open yet."
        )


@transaction.atomic
def slot_book(*, slot: MeetingSlot, supplier: Organisation, by: User) -> MeetingSlot:
    """Book a meeting for an invited bidder: one meeting per bidder per round, one bidder
    per slot, and only a meeting that has not started. Two bidders choosing the same slot
    at once: the first gets it, the second is told it has just been taken."""
    slot = MeetingSlot.objects.select_for_update().select_related("round__tender").get(pk=slot.pk)
    dialogue_round = slot.round
    _require_bidder(dialogue_round, supplier, by)
    if slot.booked_by_supplier_id == supplier.pk:
        return slot
    if slot.booked_by_supplier_id is not None:
        raise DomainError("That slot has just been taken. Choose another time.")
    if slot.starts_at <= timezone.now():
        raise DomainError("That meeting has already started. Choose another time.")
    existing = (
        MeetingSlot.objects.filter(round=dialogue_round, booked_by_supplier=supplier)
        .exclude(pk=slot.pk)
        .first()
    )
    if existing is not None:
        raise DomainError(
            f"You have already booked a meeting on {uk_datetime(existing.starts_at)}. "
            "Cancel it before you book another."
        )
    slot.booked_by_supplier = supplier
    slot.booked_by = by
    slot.booked_at = timezone.now()
    try:
        with transaction.atomic():
            slot.save(update_fields=["booked_by_supplier", "booked_by", "booked_at"])
    except IntegrityError:
        # Another person from the same supplier booked a different slot a moment ago.
        raise DomainError(
            "Someone from your organisation has just booked a meeting in this round."
        ) from None
    audit_record(
        actor=by,
        verb="meeting booked",
        target=dialogue_round,
        changes={
            "slot": slot.pk,
            "starts_at": slot.starts_at.isoformat(),
            "supplier": str(supplier),
        },
        organisation=dialogue_round.tender.organisation,
    )
    return slot


@transaction.atomic
def slot_cancel(*, slot: MeetingSlot, supplier: Organisation, by: User) -> MeetingSlot:
    """Cancel a bidder's own booking, before the meeting starts, so the slot is free again."""
    slot = MeetingSlot.objects.select_for_update().select_related("round__tender").get(pk=slot.pk)
    permissions.require(by, "supplier.act", supplier)
    if slot.booked_by_supplier_id != supplier.pk:
        raise DomainError("You have not booked this meeting.")
    if slot.round.status == RoundStatus.CLOSED:
        raise DomainError("This round has closed.")
    if slot.starts_at <= timezone.now():
        raise DomainError("This meeting has already started, so you cannot cancel it.")
    slot.booked_by_supplier = None
    slot.booked_by = None
    slot.booked_at = None
    slot.save(update_fields=["booked_by_supplier", "booked_by", "booked_at"])
    audit_record(
        actor=by,
        verb="meeting cancelled",
        target=slot.round,
        changes={"slot": slot.pk, "supplier": str(supplier)},
        organisation=slot.round.tender.organisation,
    )
    return slot


# --- Outline solutions ------------------------------------------------------------------------
def _outline_for_change(
    dialogue_round: DialogueRound, supplier: Organisation, by: User
) -> OutlineSubmission:
    _require_bidder(dialogue_round, supplier, by)
    if dialogue_round.outline_deadline <= timezone.now():
        raise DomainError(
            f"The deadline for outline solutions was {uk_datetime(dialogue_round.outline_deadline)}."
        )
    outline, _ = OutlineSubmission.objects.get_or_create(round=dialogue_round, supplier=supplier)
    outline = OutlineSubmission.objects.select_for_update().get(pk=outline.pk)
    if outline.submitted_at is not None:
        raise DomainError(
            f"You submitted your outline on {uk_datetime(outline.submitted_at)}. "
            "You cannot change or submit it again."
        )
    return outline


def _check_words(dialogue_round: DialogueRound, text: str) -> None:
    words = word_count(text)
    if words > dialogue_round.outline_word_limit:
        raise DomainError(
            f"Your outline is {words:,} words. Cut it to "
            f"{dialogue_round.outline_word_limit:,} words or fewer."
        )


@transaction.atomic
def outline_save(
    *,
    dialogue_round: DialogueRound,
    supplier: Organisation,
    text: str,
    upload: UploadedFile | None = None,
    by: User,
) -> OutlineSubmission:
    """Save a bidder's draft outline (and an optional attachment) before the deadline.

    The buyer cannot read a draft. Text over the word limit and files that are too big or
    of the wrong kind are refused with a message; what was saved before stays as it was.
    """
    dialogue_round = DialogueRound.objects.select_related("tender").get(pk=dialogue_round.pk)
    outline = _outline_for_change(dialogue_round, supplier, by)
    _check_words(dialogue_round, text)
    if upload is not None:
        check_upload(upload)
    outline.text = text.strip()
    if upload is not None:
        # The old file goes only once the new one is saved for good.
        delete_after_commit(outline.attachment)
        original = (upload.name or "file").replace("/", "_").replace("\\", "_")[:200]
        outline.attachment.save(original, upload, save=False)
        outline.attachment_name = original
    outline.save()
    audit_record(
        actor=by,
        verb="outline draft saved",
        target=dialogue_round,
        changes={"supplier": str(supplier), "words": word_count(outline.text)},
        organisation=supplier,
    )
    return outline


@transaction.atomic
def outline_submit(
    *,
    dialogue_round: DialogueRound,
    supplier: Organisation,
    text: str,
    upload: UploadedFile | None = None,
    by: User,
) -> OutlineSubmission:
    """Submit a bidder's outline solution: once, before the deadline, within the word
    limit. From then on the buyer's staff can read it and the bidder cannot change it."""
    # Checked before saving, so a refused submission stores no file.
    if not text.strip():
        raise DomainError("Enter your outline solution before you submit it.")
    outline = outline_save(
        dialogue_round=dialogue_round, supplier=supplier, text=text, upload=upload, by=by
    )
    outline.submitted_at = timezone.now()
    outline.submitted_by = by
    outline.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    audit_record(
        actor=by,
        verb="outline submitted",
        target=dialogue_round,
        changes={"supplier": str(supplier), "words": word_count(outline.text)},
        organisation=supplier,
    )
    return outline


# --- Feedback and closing ---------------------------------------------------------------------
@transaction.atomic
def feedback_write(
    *, dialogue_round: DialogueRound, supplier: Organisation, body: str, by: User
) -> RoundFeedback:
    """Write or change the private feedback to one invited bidder while the round is open.
    Only that bidder reads it, and only once the round has closed."""
    permissions.require(by, "tender.manage", dialogue_round.tender)
    dialogue_round = DialogueRound.objects.select_for_update().get(pk=dialogue_round.pk)
    if dialogue_round.status != RoundStatus.OPEN:
        raise DomainError(
            "This round has closed, so its feedback is final."
            if dialogue_round.status == RoundStatus.CLOSED
            else "Open the round before you write feedback."
        )
    if not dialogue_round.invited.filter(pk=supplier.pk).exists():
        raise DomainError(f"{supplier} is not invited to this round.")
    if not body.strip():
        raise DomainError("Enter your feedback.")
    feedback, created = RoundFeedback.objects.update_or_create(
        round=dialogue_round,
        supplier=supplier,
        defaults={"body": body.strip(), "written_by": by},
    )
    audit_record(
        actor=by,
        verb="feedback written" if created else "feedback changed",
        target=dialogue_round,
        changes={"supplier": str(supplier)},
        organisation=dialogue_round.tender.organisation,
    )
    return feedback


@transaction.atomic
def round_close(
    *,
    dialogue_round: DialogueRound,
    summary: str,
    issue_version: bool = False,
    change_note: str = "",
    by: User,
) -> DialogueRound:
    """Close an open round with a summary for every remaining bidder.

    The summary is required. Closing can issue a new version of the specification, with
    a change note that says what was learned in dialogue; the tender then runs on that
    version. Each remaining bidder (invited and still taking part) is told once, and can
    then read the summary and their own private feedback.
    """
    tender = dialogue_round.tender
    permissions.require(by, "tender.manage", tender)
    if dialogue_round.status != RoundStatus.OPEN:
        raise DomainError(
            "This round has already closed."
            if dialogue_round.status == RoundStatus.CLOSED
            else "Open the round before you close it."
        )
    if not summary.strip():
        raise DomainError("Enter a summary of the round for the bidders.")
    if issue_version and not change_note.strip():
        raise DomainError(
            "Enter a change note that says what changed in the specification and what "
            "you learned in dialogue that led to it."
        )
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    dialogue_round = round_transition(dialogue_round=dialogue_round, to=RoundStatus.CLOSED, by=by)
    version = None
    if issue_version:
        if tender.status != TenderStatus.DIALOGUE:
            raise DomainError("You can issue a new specification version only during dialogue.")
        version = specification_version_issue(
            specification=tender.specification_version.specification,
            change_note=change_note,
            by=by,
        )
        tender.specification_version = version
        tender.save(update_fields=["specification_version", "updated_at"])
    dialogue_round.summary = summary.strip()
    dialogue_round.closed_at = timezone.now()
    dialogue_round.closed_by = by
    dialogue_round.issued_version = version
    dialogue_round.save(update_fields=["summary", "closed_at", "closed_by", "issued_version"])
    audit_record(
        actor=by,
        verb="round closed",
        target=dialogue_round,
        changes={"issued_version": version.number if version else None},
        organisation=tender.organisation,
    )
    dialogue_round.tender = tender
    with_feedback = set(dialogue_round.feedback.values_list("supplier_id", flat=True))
    for supplier, person in _supplier_people(remaining_bidders(dialogue_round)):
        lines = [f"Round {dialogue_round.number}, “{dialogue_round.title}”, has closed."]
        lines.append(f"Summary for all bidders: {dialogue_round.summary}")
        if supplier.pk in with_feedback:
            lines.append(f"Private feedback for {supplier} is ready to read on the round page.")
        if version is not None:
            lines.append(
                f"Version {version.number} of the specification has been issued: "
                f"{version.change_note} See what changed: {specification_url(tender)}"
            )
        notification_send(
            recipient=person,
            key=f"round-closed:{dialogue_round.pk}:{person.pk}",
            subject=f"Dialogue round {dialogue_round.number} for {tender.title} has closed",
            body="\n\n".join(lines),
            url=round_url(dialogue_round),
        )
    return dialogue_round
