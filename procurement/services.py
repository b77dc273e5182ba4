"""Writes for tenders, questions and bids: the tender lifecycle, who takes part, and the rules
of a sealed bid."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Organisation, Role, User
from accounts.services import audit_record, notification_send
from commissioning.models import Commission, SpecificationVersion
from commissioning.services import commission_procurement_started, commission_procurement_stopped
from core.errors import DomainError
from core.formatting import uk_datetime
from core.text import word_count
from procurement import criteria, tender_settings
from procurement.lots import questions_for
from procurement.models import (
    OPEN_FOR_BIDS,
    Bid,
    BidAnswer,
    BidStatus,
    Criterion,
    CriterionKind,
    Lot,
    Procedure,
    Tender,
    TenderParticipant,
    TenderQuestion,
    TenderStatus,
    WithdrawalReason,
)
from procurement.selectors import supplier_has_withdrawn

# The whole tender lifecycle. Cancelling is possible until the contract is awarded.
ALLOWED: dict[str, set[str]] = {
    TenderStatus.DRAFT: {TenderStatus.PUBLISHED, TenderStatus.CANCELLED},
    TenderStatus.PUBLISHED: {TenderStatus.DIALOGUE, TenderStatus.CLOSED, TenderStatus.CANCELLED},
    TenderStatus.DIALOGUE: {TenderStatus.FINAL_SUBMISSIONS, TenderStatus.CANCELLED},
    TenderStatus.FINAL_SUBMISSIONS: {TenderStatus.CLOSED, TenderStatus.CANCELLED},
    TenderStatus.CLOSED: {TenderStatus.EVALUATION, TenderStatus.CANCELLED},
    TenderStatus.EVALUATION: {TenderStatus.AWARD_DECISION, TenderStatus.CANCELLED},
    TenderStatus.AWARD_DECISION: {TenderStatus.STANDSTILL, TenderStatus.CANCELLED},
    TenderStatus.STANDSTILL: {TenderStatus.READY_TO_AWARD, TenderStatus.CANCELLED},
    TenderStatus.READY_TO_AWARD: {TenderStatus.AWARDED, TenderStatus.CANCELLED},
    TenderStatus.AWARDED: set(),
    TenderStatus.CANCELLED: set(),
}

# From publication until award or cancellation a tender is live, and keeps its commission
# in procurement.
LIVE = frozenset(
    set(TenderStatus) - {TenderStatus.DRAFT, TenderStatus.AWARDED, TenderStatus.CANCELLED}
)

# A bid may be withdrawn and submitted again for as long as the tender is open. A draft
# is withdrawn when its supplier withdraws from the tender altogether.
BID_ALLOWED: dict[str, set[str]] = {
    BidStatus.DRAFT: {BidStatus.SUBMITTED, BidStatus.WITHDRAWN, BidStatus.EXCLUDED},
    BidStatus.SUBMITTED: {BidStatus.WITHDRAWN, BidStatus.EXCLUDED},
    BidStatus.WITHDRAWN: {BidStatus.SUBMITTED, BidStatus.EXCLUDED},
    # An exclusion is final for this tender (`procurement.exclusion.participant_exclude`).
    BidStatus.EXCLUDED: set(),
}

REMINDER_WINDOW = datetime.timedelta(days=3)

# A supplier may join while the competition is running; later it is too late to start.
JOINABLE_STATUSES = frozenset(
    {TenderStatus.PUBLISHED, TenderStatus.DIALOGUE, TenderStatus.FINAL_SUBMISSIONS}
)
WITHDRAWAL_DETAIL_MAX = 2000

# A question's word limit, for a tender or a market engagement: the forms say the same, and
# the column would refuse a limit past its integer range with a server error.
MIN_WORD_LIMIT = 10
MAX_WORD_LIMIT = 5000


def check_word_limit(word_limit: int) -> None:
    """Refuse a question's word limit outside MIN_WORD_LIMIT to MAX_WORD_LIMIT words."""
    if word_limit < MIN_WORD_LIMIT:
        raise DomainError(f"The word limit must be {MIN_WORD_LIMIT} words or more.")
    if word_limit > MAX_WORD_LIMIT:
        raise DomainError(f"The word limit must be {MAX_WORD_LIMIT:,} words or fewer.")


class BidAnswersInvalid(DomainError):
    """One or more answers break a rule; `errors` maps each question's id to its message."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


# --- The tender lifecycle ----------------------------------------------------------------
def tender_transition(*, tender: Tender, to: str, by: User | None) -> Tender:
    """The only place a tender's status changes; records who moved it and when.

    Only the buyer's commissioners and administrators move a tender. `by=None` is the
    scheduler, which only ends standstill periods (see award.standstill_ends_process).
    """
    return lifecycle.transition(tender, to=to, allowed=ALLOWED, by=by, action="tender.manage")


def _reference_prefix(organisation: Organisation, year: int) -> str:
    words = [word for word in re.split(r"[^a-z]+", organisation.slug.lower()) if word]
    initials = "".join(word[0] for word in words).upper() or "T"
    return f"{initials}-{year}-"


def _next_reference(organisation: Organisation) -> str:
    """The next free reference, such as NC-2026-0007. The caller holds a lock on the buyer."""
    prefix = _reference_prefix(organisation, timezone.localdate().year)
    taken = set(
        Tender.objects.filter(reference__startswith=prefix).values_list("reference", flat=True)
    )
    number = len(taken) + 1
    while f"{prefix}{number:04d}" in taken:
        number += 1
    return f"{prefix}{number:04d}"


def _check_deadlines(
    submission_deadline: datetime.datetime, clarification_deadline: datetime.datetime | None
) -> None:
    if clarification_deadline is not None and clarification_deadline > submission_deadline:
        raise DomainError("The deadline for questions must be on or before the bid deadline.")


@transaction.atomic
def tender_create(
    *,
    commission: Commission,
    specification_version: SpecificationVersion,
    title: str,
    summary: str,
    procedure: str = Procedure.OPEN,
    submission_deadline: datetime.datetime,
    clarification_deadline: datetime.datetime | None = None,
    estimated_value: Decimal | None = None,
    documents_requested: int = 0,
    direct_award_justification: str = "",
    by: User,
) -> Tender:
    """Create a draft tender for an issued version of this commission's specification.

    Only the commission's commissioners and administrators may create one. The reference
    is unique: the buyer's initials, the year and a sequence number. A direct award must
    say why there is no competition.
    """
    permissions.require(by, "tender.manage", commission)
    for problem in tender_settings.direct_award_problems(procedure, direct_award_justification):
        raise DomainError(problem)
    if specification_version.specification.commission_id != commission.pk:
        raise DomainError("Choose a version of this commission's specification.")
    _check_deadlines(submission_deadline, clarification_deadline)
    # Lock the buyer so that two tenders created at once never get the same reference.
    organisation = Organisation.objects.select_for_update().get(pk=commission.organisation_id)
    tender = Tender.objects.create(
        organisation=organisation,
        commission=commission,
        specification_version=specification_version,
        reference=_next_reference(organisation),
        title=title.strip(),
        summary=summary.strip(),
        procedure=procedure,
        submission_deadline=submission_deadline,
        clarification_deadline=clarification_deadline,
        estimated_value=estimated_value,
        documents_requested=documents_requested,
        direct_award_justification=direct_award_justification.strip(),
        created_by=by,
    )
    audit_record(
        actor=by,
        verb="created",
        target=tender,
        changes={"reference": tender.reference, "specification_version": specification_version.pk},
    )
    criteria.criteria_create_default(tender=tender, by=by)
    return tender


@transaction.atomic
def tender_question_add(
    *,
    tender: Tender,
    text: str,
    guidance: str = "",
    word_limit: int = 500,
    criterion: Criterion | None = None,
    lot: Lot | None = None,
    by: User,
) -> TenderQuestion:
    """Add a question for bidders, tied to the criterion it is scored against (quality
    unless another is chosen). Questions are fixed once the tender is published, so that
    every bidder answers the same ones. A question for one lot makes that lot evaluated
    on its own questions (see procurement.lots)."""
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can only add questions before the tender is published.")
    check_word_limit(word_limit)
    if not text.strip():
        raise DomainError("Enter the question.")
    if criterion is None:
        criterion = _default_question_criterion(tender)
    elif criterion.tender_id != tender.pk or criterion.kind == CriterionKind.PRICE:
        raise DomainError("Choose a quality or social value criterion of this tender.")
    elif criterion.children.exists():
        raise DomainError(f"Choose one of the sub-criteria of “{criterion.name}”.")
    if lot is not None and lot.tender_id != tender.pk:
        raise DomainError("Choose a lot of this tender.", field="lot")
    last = tender.questions.order_by("-position").values_list("position", flat=True).first()
    question = TenderQuestion.objects.create(
        tender=tender,
        criterion=criterion,
        lot=lot,
        text=text.strip(),
        guidance=guidance.strip(),
        word_limit=word_limit,
        position=(last or 0) + 1,
    )
    audit_record(
        actor=by,
        verb="question added",
        target=tender,
        changes={"question": question.text, "word_limit": word_limit},
    )
    return question


def _default_question_criterion(tender: Tender) -> Criterion | None:
    quality = (
        tender.criteria.filter(kind=CriterionKind.QUALITY, children__isnull=True)
        .order_by("parent_id", "position", "pk")
        .first()
    )
    return quality


@transaction.atomic
def tender_publish(*, tender: Tender, by: User) -> Tender:
    """Publish a draft tender. It needs at least one question, a deadline in the future,
    a valid criteria tree (weights add up, social value at or above the floor, every
    question tied to a criterion), a descriptor for every score and, for a direct award,
    the named supplier, its grounds and the justification; publishing a direct award
    issues its transparency notice. A commission whose route is decided is then in
    procurement."""
    permissions.require(by, "tender.manage", tender)
    if not tender.questions.exists():
        raise DomainError("Add at least one question before you publish the tender.")
    if tender.submission_deadline <= timezone.now():
        raise DomainError("The bid deadline has passed. Set a new deadline before you publish.")
    from procurement import direct_award

    criteria.criteria_check(tender=tender)
    problems = (
        tender_settings.scoring_problems(tender)
        + tender_settings.direct_award_problems(tender.procedure, tender.direct_award_justification)
        + direct_award.publish_problems(tender)
    )
    if problems:
        raise DomainError(" ".join(problems))
    tender = tender_transition(tender=tender, to=TenderStatus.PUBLISHED, by=by)
    tender.published_at = timezone.now()
    tender.save(update_fields=["published_at", "updated_at"])
    if tender.procedure == Procedure.DIRECT_AWARD:
        # No invitation to bid: the transparency notice says who it is for and why.
        direct_award.transparency_notice_issue(tender=tender, by=by)
    commission_procurement_started(commission=tender.commission, by=by)
    return tender


@transaction.atomic
def tender_close(*, tender: Tender, by: User) -> Tender:
    """Close a tender to bids. Only once the bid deadline has passed."""
    permissions.require(by, "tender.manage", tender)
    if not tender.deadline_passed:
        raise DomainError("You can close the tender once the bid deadline has passed.")
    return tender_transition(tender=tender, to=TenderStatus.CLOSED, by=by)


@transaction.atomic
def tender_cancel(*, tender: Tender, reason: str, by: User) -> Tender:
    """Cancel a tender at any point before award. The reason is shown on the public page.
    If no other tender for the commission is live, the commission leaves procurement."""
    permissions.require(by, "tender.manage", tender)
    if not reason.strip():
        raise DomainError("Enter the reason for cancelling the tender.")
    tender = tender_transition(tender=tender, to=TenderStatus.CANCELLED, by=by)
    tender.cancellation_reason = reason.strip()
    tender.save(update_fields=["cancellation_reason", "updated_at"])
    audit_record(actor=by, verb="cancelled", target=tender, changes={"reason": reason.strip()})
    others_live = Tender.objects.filter(commission_id=tender.commission_id, status__in=LIVE)
    if not others_live.exists():
        commission_procurement_stopped(commission=tender.commission, by=by)
    return tender


@transaction.atomic
def bids_open(*, tender: Tender, by: User) -> Tender:
    """Unseal the submitted bids. Only the buyer's commissioners and administrators, only
    after the bid deadline, and only once. A tender still open to bids is closed first."""
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.bids_opened_at is not None:
        raise DomainError("The bids have already been opened.")
    if not tender.deadline_passed:
        raise DomainError("You can open the bids once the bid deadline has passed.")
    if tender.status in OPEN_FOR_BIDS:
        tender = tender_transition(tender=tender, to=TenderStatus.CLOSED, by=by)
    if tender.status != TenderStatus.CLOSED:
        raise DomainError("You can only open the bids of a closed tender.")
    tender.bids_opened_at = timezone.now()
    tender.bids_opened_by = by
    tender.save(update_fields=["bids_opened_at", "bids_opened_by", "updated_at"])
    submitted = tender.bids.filter(status=BidStatus.SUBMITTED).count()
    audit_record(actor=by, verb="bids opened", target=tender, changes={"submitted_bids": submitted})
    return tender


# --- Taking part ---------------------------------------------------------------------------
@transaction.atomic
def participant_join(*, tender: Tender, supplier: Organisation, by: User) -> TenderParticipant:
    """Take part in a tender for a supplier (or return its existing participation).

    Only people who act for the supplier may; a buyer cannot take part in its own
    tender; a supplier that withdrew cannot rejoin; and only a running competition can
    be joined.
    """
    permissions.require(by, "supplier.act", supplier)
    if supplier.pk == tender.organisation_id:
        raise DomainError("An organisation cannot take part in its own tender.")
    _refuse_unless_admitted(tender, supplier)
    existing = (
        TenderParticipant.objects.select_for_update()
        .filter(tender=tender, supplier=supplier)
        .first()
    )
    if existing is not None:
        if not existing.is_active:
            raise DomainError(f"{supplier} withdrew from this tender and cannot take part again.")
        return existing
    if tender.status not in JOINABLE_STATUSES:
        raise DomainError("This tender is not open to new participants.")
    participant = TenderParticipant.objects.create(
        tender=tender,
        supplier=supplier,
        joined_by=by,
        last_seen_version=tender.specification_version,
    )
    audit_record(actor=by, verb="joined tender", target=tender, changes={"supplier": str(supplier)})
    return participant


@transaction.atomic
def participant_withdraw(
    *, participant: TenderParticipant, reason: str, detail: str, by: User
) -> TenderParticipant:
    """Withdraw a supplier from a tender, with a reason from the list.

    A supplier may withdraw at any stage until the contract is awarded or the tender is
    cancelled, even after the bid deadline. "Another reason" needs a few words of
    explanation; any detail is kept to 2,000 characters. The supplier's draft or submitted
    bid is withdrawn with it, and the supplier cannot take part or bid again. The person
    who created the tender is told once. Only the supplier's own people may do this.
    """
    permissions.require(by, "participation.act", participant)
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("tender", "supplier")
        .get(pk=participant.pk)
    )
    tender = participant.tender
    if not participant.is_active:
        raise DomainError(
            f"{participant.supplier} already withdrew from this tender on "
            f"{uk_datetime(participant.withdrawn_at)}."
        )
    if tender.is_finished:
        raise DomainError(
            f"This tender is {tender.get_status_display().lower()}, so there is nothing to"
            " withdraw from."
        )
    if reason not in WithdrawalReason.values:
        raise DomainError("Choose why you are withdrawing.")
    detail = detail.strip()
    if reason == WithdrawalReason.OTHER and not detail:
        raise DomainError("Tell the buyer why you are withdrawing.")
    if len(detail) > WITHDRAWAL_DETAIL_MAX:
        raise DomainError(
            f"Your explanation must be {WITHDRAWAL_DETAIL_MAX:,} characters or fewer."
            f" It is {len(detail):,} characters."
        )
    bid_status = _withdraw_bid(participant=participant, reason=reason, detail=detail, by=by)
    stage = tender.status
    participant.withdrawn_at = timezone.now()
    participant.withdrawn_by = by
    participant.withdrawal_reason = reason
    participant.withdrawal_detail = detail
    participant.save(
        update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "withdrawal_detail"]
    )
    # The permission rules cache who is taking part on the tender object.
    tender.__dict__.pop("_participant_supplier_ids", None)
    audit_record(
        actor=by,
        verb="withdrew from tender",
        target=participant,
        changes={
            "supplier": str(participant.supplier),
            "reason": reason,
            "detail": detail,
            "stage": stage,
            "bid": bid_status,
        },
    )
    if tender.created_by is not None:
        label = WithdrawalReason(reason).label
        notification_send(
            recipient=tender.created_by,
            key=f"participant-withdrew:{participant.pk}",
            subject=f"{participant.supplier} withdrew from {tender.title}",
            body=(
                f"{participant.supplier} withdrew from {tender.title} ({tender.reference}). "
                f"Their reason: {label}." + (f" They added: {detail}" if detail else "")
            ),
            url=reverse("dialogue:market_shaping_tender", args=[tender.pk]),
        )
    return participant


def _withdraw_bid(
    *, participant: TenderParticipant, reason: str, detail: str, by: User
) -> str | None:
    """Withdraw the supplier's draft or submitted bid; return its status before."""
    bid = Bid.objects.filter(tender=participant.tender, supplier=participant.supplier).first()
    if bid is None:
        return None
    before = bid.status
    if before in {BidStatus.DRAFT, BidStatus.SUBMITTED}:
        bid = bid_transition(bid=bid, to=BidStatus.WITHDRAWN, by=by)
        bid.withdrawn_at = timezone.now()
        bid.withdrawal_reason = WithdrawalReason(reason).label + (f" {detail}" if detail else "")
        bid.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    return before


def _refuse_unless_admitted(tender: Tender, supplier: Organisation) -> None:
    """A direct award admits only the supplier it names (`procurement.direct_award`); a
    debarred supplier, or one the buyer excluded, is refused (`procurement.exclusion`), as
    is one that failed the conditions of participation (`procurement.conditions`); final
    tenders admit only suppliers still in the process (`procurement.stages`)."""
    from procurement.conditions import conditions_refusal
    from procurement.direct_award import bid_refusal
    from procurement.exclusion import supplier_refusal
    from procurement.stages import final_tender_refusal

    refusal = (
        bid_refusal(tender=tender, supplier=supplier)
        or supplier_refusal(tender=tender, supplier=supplier)
        or conditions_refusal(tender=tender, supplier=supplier)
        or final_tender_refusal(tender=tender, supplier=supplier)
    )
    if refusal:
        raise DomainError(refusal)


# --- Bids ----------------------------------------------------------------------------------
def _require_open(tender: Tender) -> None:
    if tender.status not in OPEN_FOR_BIDS:
        raise DomainError("This tender is not open for bids.")
    if tender.deadline_passed:
        raise DomainError(
            f"The deadline for bids was {uk_datetime(tender.submission_deadline)}."
            " Bids can no longer be changed or submitted."
        )


def bid_transition(*, bid: Bid, to: str, by: User) -> Bid:
    """The only place a bid's status changes; records who moved it."""
    return lifecycle.transition(
        bid, to=to, allowed=BID_ALLOWED, by=by, action="bid.edit", organisation=bid.supplier
    )


@transaction.atomic
def bid_start(*, tender: Tender, supplier: Organisation, by: User) -> Bid:
    """Start (or return) a supplier's bid for an open tender. One bid per supplier.

    Starting a bid makes the supplier a participant in the tender; a supplier that
    withdrew from the tender cannot bid again.
    """
    permissions.require(by, "tender.bid", supplier)
    if supplier.pk == tender.organisation_id:
        raise DomainError("An organisation cannot bid for its own tender.")
    _refuse_unless_admitted(tender, supplier)
    if supplier_has_withdrawn(tender_id=tender.pk, supplier_id=supplier.pk):
        raise DomainError(f"{supplier} withdrew from this tender, so it cannot bid again.")
    _require_open(tender)
    participant_join(tender=tender, supplier=supplier, by=by)
    bid, created = Bid.objects.get_or_create(tender=tender, supplier=supplier)
    if created:
        audit_record(actor=by, verb="bid started", target=bid, organisation=supplier)
    return bid


@transaction.atomic
def bid_save_answers(*, bid: Bid, answers: dict[int, str], by: User) -> Bid:
    """Save a bid's answers as a draft, exactly as typed.

    A draft never loses work: an answer over its question's word limit is saved too, and
    the limit is enforced when the bid is submitted. A submitted bid cannot change:
    withdraw it first.
    """
    permissions.require(by, "bid.edit", bid)
    bid = Bid.objects.select_for_update().select_related("tender").get(pk=bid.pk)
    _require_open(bid.tender)
    if bid.status == BidStatus.SUBMITTED:
        raise DomainError("You have submitted this bid. Withdraw it before you change it.")
    questions = set(bid.tender.questions.values_list("pk", flat=True))
    if set(answers) - questions:
        raise DomainError("Some answers are for questions that are not part of this tender.")
    existing = {answer.question_id: answer for answer in bid.answers.all()}
    changed = []
    for question_id, text in answers.items():
        answer = existing.get(question_id)
        if answer is None:
            BidAnswer.objects.create(bid=bid, question_id=question_id, text=text)
            changed.append(question_id)
        elif answer.text != text:
            answer.text = text
            answer.save(update_fields=["text", "updated_at"])
            changed.append(question_id)
    bid.save(update_fields=["updated_at"])
    audit_record(
        actor=by,
        verb="answers saved",
        target=bid,
        changes={"questions": sorted(changed)},
        organisation=bid.supplier,
    )
    return bid


@transaction.atomic
def bid_submit(*, bid: Bid, by: User) -> Bid:
    """Submit a bid before the deadline. Every question needs an answer within its word limit,
    and if the tender has lots the bid must cover at least one.

    The bid stays sealed from the buyer until the bids are opened after the deadline. A
    supplier that withdrew from the tender cannot submit.
    """
    permissions.require(by, "bid.edit", bid)
    bid = Bid.objects.select_for_update().select_related("tender", "supplier").get(pk=bid.pk)
    if supplier_has_withdrawn(tender_id=bid.tender_id, supplier_id=bid.supplier_id):
        raise DomainError(
            f"{bid.supplier} withdrew from this tender, so it cannot submit a bid again."
        )
    _refuse_unless_admitted(bid.tender, bid.supplier)
    _require_open(bid.tender)
    from procurement.conditions import submit_refusal
    from procurement.exclusion import declaration_refusal

    refusal = declaration_refusal(bid.supplier) or submit_refusal(
        tender=bid.tender, supplier=bid.supplier
    )
    if refusal:
        raise DomainError(refusal)
    answers = {answer.question_id: answer.text for answer in bid.answers.all()}
    errors: dict[int, str] = {}
    # In a tender with lots, the questions of the lots the bid covers.
    for number, question in enumerate(questions_for(bid.tender, bid), start=1):
        text = answers.get(question.pk, "")
        if not text.strip():
            errors[question.pk] = (
                f"Answer question {number}, “{question.text}”, before you submit your bid."
            )
        elif (words := word_count(text)) > question.word_limit:
            errors[question.pk] = (
                f"Your answer to question {number}, “{question.text}”, must be "
                f"{question.word_limit} words or fewer to submit. It is {words} words: "
                "your draft is saved, so shorten it and submit again."
            )
    if errors:
        raise BidAnswersInvalid(errors)
    if bid.tender.lots.exists() and not bid.bid_lots.exists():
        raise DomainError("Choose at least one lot to bid for before you submit your bid.")
    bid = bid_transition(bid=bid, to=BidStatus.SUBMITTED, by=by)
    bid.submitted_at = timezone.now()
    bid.submitted_by = by
    bid.withdrawn_at = None
    bid.withdrawal_reason = ""
    bid.save(
        update_fields=[
            "submitted_at",
            "submitted_by",
            "withdrawn_at",
            "withdrawal_reason",
            "updated_at",
        ]
    )
    tender = bid.tender
    notification_send(
        recipient=by,
        key=f"bid-submitted:{bid.pk}:{bid.submitted_at.timestamp():.0f}",
        subject=f"Your bid for {tender.title} has been submitted",
        body=(
            f"You submitted {bid.supplier}'s bid for {tender.title} ({tender.reference}). "
            "You can withdraw it and submit it again until the deadline, "
            f"{uk_datetime(tender.submission_deadline)}."
        ),
        url=reverse("procurement:bid_detail", args=[bid.pk]),
    )
    return bid


@transaction.atomic
def bid_withdraw(*, bid: Bid, by: User, reason: str = "") -> Bid:
    """Withdraw a submitted bid before the deadline. The supplier may submit it again."""
    permissions.require(by, "bid.edit", bid)
    bid = Bid.objects.select_for_update().select_related("tender").get(pk=bid.pk)
    _require_open(bid.tender)
    bid = bid_transition(bid=bid, to=BidStatus.WITHDRAWN, by=by)
    bid.withdrawn_at = timezone.now()
    bid.withdrawal_reason = reason.strip()
    bid.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    return bid


# --- Reminders -------------------------------------------------------------------------------
@transaction.atomic
def deadline_reminders_send(*, now: datetime.datetime) -> int:
    """Remind people three days before a bid deadline: every supplier member of an
    organisation with an unsubmitted bid, and the tender's creator. Each person is
    reminded once per tender, however often this runs. Returns how many were sent."""
    tenders = (
        Tender.objects.filter(
            status__in=OPEN_FOR_BIDS,
            submission_deadline__gt=now,
            submission_deadline__lte=now + REMINDER_WINDOW,
        )
        .select_related("created_by")
        .prefetch_related("bids__supplier__memberships__user")
    )
    sent = 0
    for tender in tenders:
        deadline = f"{uk_datetime(tender.submission_deadline)}"
        recipients: dict[int, tuple[User, str]] = {}
        for bid in tender.bids.all():
            if bid.status == BidStatus.SUBMITTED:
                continue
            for membership in bid.supplier.memberships.all():
                if membership.role == Role.SUPPLIER:
                    recipients.setdefault(
                        membership.user.pk,
                        (
                            membership.user,
                            f"{bid.supplier}'s bid for {tender.title} has not been submitted. "
                            f"The deadline is {deadline}.",
                        ),
                    )
        if tender.created_by is not None:
            recipients.setdefault(
                tender.created_by.pk,
                (tender.created_by, f"Bids for {tender.title} close on {deadline}."),
            )
        url = reverse("procurement:tender_detail", args=[tender.pk])
        for user, body in recipients.values():
            notification = notification_send(
                recipient=user,
                key=f"tender-deadline-3d:{tender.pk}:{user.pk}",
                subject=f"3 days left to bid for {tender.title}",
                body=body,
                url=url,
            )
            sent += notification is not None
    return sent


# --- Lots ------------------------------------------------------------------------------------
@transaction.atomic
def lot_add(
    *,
    tender: Tender,
    title: str,
    description: str = "",
    estimated_value: Decimal | None = None,
    by: User,
) -> Lot:
    """Split a draft tender into lots. Lots are fixed once the tender is published."""
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can only add lots before the tender is published.")
    title = title.strip()
    if not title:
        raise DomainError("Enter a title for the lot.")
    if tender.lots.filter(title__iexact=title).exists():
        raise DomainError(f"There is already a lot called “{title}”.")
    last = tender.lots.order_by("-position").values_list("position", flat=True).first()
    lot = Lot.objects.create(
        tender=tender,
        title=title,
        description=description.strip(),
        estimated_value=estimated_value,
        position=(last or 0) + 1,
    )
    audit_record(actor=by, verb="lot added", target=tender, changes={"lot": title})
    return lot


@transaction.atomic
def lot_limits_set(
    *, tender: Tender, max_lots_per_bid: int | None, max_lots_won: int | None, by: User
) -> Tender:
    """Set the most lots one supplier may bid for and the most it may win (blank for no
    limit), while the tender is a draft with lots. Neither may exceed the number of lots,
    and a supplier cannot be allowed to win more lots than it may bid for."""
    permissions.require(by, "tender.manage", tender)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can only set limits on lots before the tender is published.")
    lots = tender.lots.count()
    if not lots:
        raise DomainError("Add lots before you set limits on them.")
    for field, value, what in [
        ("max_lots_per_bid", max_lots_per_bid, "bid for"),
        ("max_lots_won", max_lots_won, "win"),
    ]:
        if value is not None and value > lots:
            raise DomainError(
                f"The most lots one supplier may {what} must be {lots} or fewer: this "
                f"tender has {lots} lot{'' if lots == 1 else 's'}.",
                field=field,
            )
    if (
        max_lots_per_bid is not None
        and max_lots_won is not None
        and max_lots_won > max_lots_per_bid
    ):
        raise DomainError(
            "The most lots one supplier may win cannot be more than the most it may bid for.",
            field="max_lots_won",
        )
    tender.max_lots_per_bid = max_lots_per_bid
    tender.max_lots_won = max_lots_won
    tender.save(update_fields=["max_lots_per_bid", "max_lots_won", "updated_at"])
    audit_record(
        actor=by,
        verb="lot limits set",
        target=tender,
        changes={"max_lots_per_bid": max_lots_per_bid, "max_lots_won": max_lots_won},
    )
    return tender
