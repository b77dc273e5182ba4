"""Writes for evaluation: the panel, conflict of interest, independent scoring, moderation
and concerns. Reads that compute prices, totals and ranking live in procurement.results."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Membership, Role, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from procurement import selectors
from procurement.lots import questions_by_bid, questions_for
from procurement.models import (
    Bid,
    BidStatus,
    Concern,
    ConsensusScore,
    CriterionKind,
    PanelKind,
    PanelMember,
    Score,
    Tender,
    TenderQuestion,
    TenderStatus,
)
from procurement.services import tender_transition

PANEL_ROLES = (Role.EVALUATOR, Role.COMMISSIONER, Role.ADMIN)
CONCERN_MAX = 2000


def _scored(questions: list[TenderQuestion]) -> list[TenderQuestion]:
    """The questions evaluators score: every one not tied to price."""
    return [
        question
        for question in questions
        if question.criterion is None or question.criterion.kind != CriterionKind.PRICE
    ]


def questions_for_seat(seat: PanelMember, questions: list[TenderQuestion]) -> list[TenderQuestion]:
    """Of the questions a bid answers (in a tender with lots, those of its lots), those
    this panel member scores: every one not tied to price, and for a lived-experience
    member only those chosen for them."""
    questions = _scored(questions)
    if seat.is_lived_experience:
        chosen = {question.pk for question in seat.questions.all()}
        questions = [question for question in questions if question.pk in chosen]
    return questions


def _submitted_bids(tender: Tender) -> list[Bid]:
    return list(tender.bids.filter(status=BidStatus.SUBMITTED))


def _seat_for(tender: Tender, user: User) -> PanelMember:
    seat = PanelMember.objects.filter(tender=tender, evaluator=user).first()
    if seat is None:
        raise DomainError("You are not on the evaluation panel for this tender.")
    return seat


def _require_cleared(tender: Tender, user: User) -> PanelMember:
    seat = _seat_for(tender, user)
    if seat.declared_at is None:
        raise DomainError("Sign the conflict of interest declaration before you see any bid.")
    if seat.has_conflict:
        raise DomainError(
            "You declared a conflict of interest, so you cannot evaluate this tender."
        )
    return seat


def _require_evaluating(tender: Tender) -> None:
    if tender.status != TenderStatus.EVALUATION:
        raise DomainError("This tender is not being evaluated.")


# --- The panel -------------------------------------------------------------------------------
# Once a decision is made, or the tender is cancelled, the panel stays as it was.
PANEL_CLOSED = frozenset(
    {
        TenderStatus.AWARD_DECISION,
        TenderStatus.STANDSTILL,
        TenderStatus.READY_TO_AWARD,
        TenderStatus.AWARDED,
        TenderStatus.CANCELLED,
    }
)


def panel_is_open(tender: Tender) -> bool:
    """Whether people may still be added to the tender's panel, checked or sent a link."""
    return tender.status not in PANEL_CLOSED


def require_panel_open(tender: Tender) -> None:
    if not panel_is_open(tender):
        raise DomainError("The panel cannot change once evaluation has finished.")


@transaction.atomic
def panel_member_add(*, tender: Tender, evaluator: User, by: User) -> PanelMember:
    """Put a person from the buyer on the evaluation panel, before evaluation ends.

    They must be an evaluator, commissioner or administrator of the buying organisation.
    Someone removed for a conflict of interest cannot be added back.
    """
    permissions.require(by, "tender.manage", tender)
    require_panel_open(tender)
    if not Membership.objects.filter(
        user=evaluator, organisation_id=tender.organisation_id, role__in=PANEL_ROLES
    ).exists():
        raise DomainError(f"Choose an evaluator from {tender.organisation}.")
    seat, created = PanelMember.objects.get_or_create(
        tender=tender, evaluator=evaluator, defaults={"added_by": by}
    )
    if not created:
        if seat.has_conflict:
            raise DomainError(f"{evaluator} declared a conflict of interest and cannot evaluate.")
        raise DomainError(f"{evaluator} is already on the panel.")
    audit_record(
        actor=by, verb="panel member added", target=tender, changes={"evaluator": evaluator.pk}
    )
    notification_send(
        recipient=evaluator,
        key=f"panel-added:{seat.pk}",
        subject=f"You are on the evaluation panel for {tender.title}",
        body=(
            "Before you can see any bid, sign a declaration that you have no conflict of "
            "interest with the bidders."
        ),
        url=reverse("procurement:evaluation", args=[tender.pk]),
    )
    return seat


@transaction.atomic
def conflict_declare(
    *, tender: Tender, has_conflict: bool, details: str = "", by: User
) -> PanelMember:
    """Sign the conflict of interest declaration, once, before seeing any bid.

    The declaration names the bidders, so it can be signed only once the bids are opened
    (sealed bids keep their suppliers secret until then); the names are recorded with it.
    In a tender split into lots it is still one declaration for the whole tender, since
    the panel scores every lot: it lists the bidders lot by lot, and the audit keeps that
    list.
    Declaring a conflict removes the person from the tender for good: they never see a
    bid or score. A conflict needs details, so the commissioner can record it.
    """
    seat = (
        PanelMember.objects.select_for_update()
        .filter(tender=tender, evaluator=by, kind=PanelKind.EVALUATOR)
        .first()
    )
    if seat is None:
        # A lived-experience member declares on their own page, without the bidders' names.
        raise DomainError("You are not on the evaluation panel for this tender.")
    if seat.declared_at is not None:
        raise DomainError("You have already signed your declaration for this tender.")
    if tender.bids_opened_at is None:
        raise DomainError(
            "You can declare once the bids are opened after the deadline, so you can see "
            "which organisations have bid."
        )
    details = details.strip()
    if has_conflict and not details:
        raise DomainError("Describe the conflict of interest.")
    seat.declared_at = timezone.now()
    seat.has_conflict = has_conflict
    seat.declaration = details
    seat.declared_bidders = selectors.bidders_to_declare(tender)
    seat.save(update_fields=["declared_at", "has_conflict", "declaration", "declared_bidders"])
    changes: dict[str, object] = {
        "evaluator": by.pk,
        "details": details,
        "bidders": seat.declared_bidders,
    }
    by_lot = selectors.bidders_by_lot(tender)
    if by_lot:
        # In a tender split into lots, the list the evaluator saw: the bidders per lot.
        changes["bidders_by_lot"] = {group.lot: group.bidders for group in by_lot}
    audit_record(
        actor=by,
        verb="conflict declared" if has_conflict else "no conflict declared",
        target=tender,
        changes=changes,
    )
    return seat


# --- Starting evaluation -------------------------------------------------------------------
@transaction.atomic
def tender_start_evaluation(*, tender: Tender, by: User) -> Tender:
    """Start evaluation of a closed tender whose bids have been opened.

    At least one panel member must have declared no conflict of interest.
    """
    permissions.require(by, "tender.manage", tender)
    if tender.bids_opened_at is None:
        raise DomainError("Open the bids before evaluation starts.")
    # Lived-experience members score chosen questions only, so an evaluator is needed.
    cleared = PanelMember.objects.filter(
        tender=tender, kind=PanelKind.EVALUATOR, declared_at__isnull=False, has_conflict=False
    ).exists()
    if not cleared:
        raise DomainError(
            "At least one evaluator must sign a declaration of no conflict of interest first."
        )
    return tender_transition(tender=tender, to=TenderStatus.EVALUATION, by=by)


# --- Independent scoring -------------------------------------------------------------------
@transaction.atomic
def scores_record(*, bid: Bid, scores: dict[int, tuple[int | None, str]], by: User) -> list[Score]:
    """Record one evaluator's scores for one bid: a score and a written rationale for
    each question given. Only while evaluating, only by a cleared panel member, and only
    until they submit their scores; after that their scores are fixed for moderation."""
    tender = bid.tender
    _require_evaluating(tender)
    seat = _require_cleared(tender, by)
    if seat.scores_submitted_at is not None:
        raise DomainError("You have submitted your scores. They can no longer change.")
    if bid.tender_id != tender.pk or bid.status != BidStatus.SUBMITTED:
        raise DomainError("Choose a submitted bid for this tender.")
    # In a tender with lots, only the questions of the lots this bid covers; for a
    # lived-experience member, only the questions chosen for them.
    bid_questions = questions_for(tender, bid)
    questions = {question.pk: question for question in questions_for_seat(seat, bid_questions)}
    errors = []
    for question_id, (score, rationale) in scores.items():
        if question_id not in questions:
            if question_id in {question.pk for question in bid_questions}:
                raise DomainError("Some scores are for questions that are not yours to score.")
            raise DomainError("Some scores are for questions that are not part of this tender.")
        if score is None:
            continue
        if not 0 <= score <= tender.max_score:
            errors.append(f"Scores must be from 0 to {tender.max_score}.")
        if not rationale.strip():
            errors.append(f"Give your reasons for the score for “{questions[question_id].text}”.")
    if errors:
        raise DomainError(" ".join(dict.fromkeys(errors)))
    saved = []
    for question_id, (score, rationale) in scores.items():
        if score is None:
            continue
        record, _ = Score.objects.update_or_create(
            bid=bid,
            question_id=question_id,
            evaluator=by,
            defaults={"score": score, "rationale": rationale.strip()},
        )
        saved.append(record)
    audit_record(
        actor=by,
        verb="scores recorded",
        target=tender,
        changes={"bid": bid.pk, "questions": sorted(s.question_id for s in saved)},
    )
    return saved


@transaction.atomic
def scores_submit(*, tender: Tender, by: User) -> PanelMember:
    """Submit one evaluator's scores. Every submitted bid needs a score for every quality
    and social value question (a lived-experience member's: for each question chosen for
    them). Only then may an evaluator see the others' scores."""
    _require_evaluating(tender)
    seat = _require_cleared(tender, by)
    if seat.scores_submitted_at is not None:
        raise DomainError("You have already submitted your scores.")
    per_bid = questions_by_bid(tender, _submitted_bids(tender))
    expected = sum(len(questions_for_seat(seat, questions)) for questions in per_bid.values())
    done = Score.objects.filter(
        bid__tender=tender, bid__status=BidStatus.SUBMITTED, evaluator=by
    ).count()
    if done < expected:
        raise DomainError(
            f"Score every answer before you submit. You have scored {done} of {expected}."
        )
    seat.scores_submitted_at = timezone.now()
    seat.save(update_fields=["scores_submitted_at"])
    audit_record(actor=by, verb="scores submitted", target=tender, changes={"scores": done})
    return seat


# --- Moderation and concerns ---------------------------------------------------------------
def moderation_waiting_reason(tender: Tender, *, waiting: int | None = None) -> str:
    """Why moderation cannot start yet, or "" once every panel member who declared no
    conflict has submitted their scores. The page shows the same sentence. A page that read
    the count with its tender (selectors.tender_for_moderation) passes it as `waiting`;
    a write always counts afresh."""
    if waiting is None:
        waiting = selectors.panel_members_waiting(tender)
    if not waiting:
        return ""
    return (
        f"{waiting} panel member{'s have' if waiting > 1 else ' has'} not submitted "
        "their scores yet. Moderate once everyone has scored independently."
    )


@transaction.atomic
def consensus_record(
    *,
    bid: Bid,
    question: TenderQuestion,
    score: int,
    rationale: str,
    moderation_note: str = "",
    by: User,
) -> ConsensusScore:
    """Record the panel's agreed score for one answer, with the reason bidders will read.

    Only the buyer's commissioners and administrators moderate, and only once every
    cleared panel member has submitted their own scores.
    """
    tender = bid.tender
    permissions.require(by, "tender.manage", tender)
    _require_evaluating(tender)
    if question.tender_id != tender.pk or bid.status != BidStatus.SUBMITTED:
        raise DomainError("Choose a submitted bid and a question of this tender.")
    if question not in questions_for(tender, bid):
        raise DomainError(f"{bid.supplier} did not answer this question: it is for another lot.")
    waiting = moderation_waiting_reason(tender)
    if waiting:
        raise DomainError(waiting)
    if not 0 <= score <= tender.max_score:
        raise DomainError(f"The consensus score must be from 0 to {tender.max_score}.")
    if not rationale.strip():
        raise DomainError("Give the reasons for the consensus score. The bidder will read them.")
    record, _ = ConsensusScore.objects.update_or_create(
        bid=bid,
        question=question,
        defaults={
            "score": score,
            "rationale": rationale.strip(),
            "moderation_note": moderation_note.strip(),
            "moderated_by": by,
            "moderated_at": timezone.now(),
        },
    )
    audit_record(
        actor=by,
        verb="consensus recorded",
        target=tender,
        changes={"bid": bid.pk, "question": question.pk, "score": score},
    )
    return record


@transaction.atomic
def concern_raise(*, bid: Bid, question: TenderQuestion, text: str, by: User) -> Concern:
    """Flag a concern about a bid's answer. It feeds dialogue and the feedback letter.

    Cleared panel members and the buyer's commissioners may raise one while evaluating.
    A concern is 2,000 characters at most.
    """
    tender = bid.tender
    _require_evaluating(tender)
    # A lived-experience member scores anonymised answers; concerns are the buyer's.
    if (
        not permissions.can(by, "tender.manage", tender)
        and _require_cleared(tender, by).is_lived_experience
    ):
        raise DomainError("Only the buyer's evaluators raise concerns.")
    if question.tender_id != tender.pk or bid.status != BidStatus.SUBMITTED:
        raise DomainError("Choose a submitted bid and a question of this tender.")
    if not text.strip():
        raise DomainError("Describe the concern.", field="text")
    if len(text.strip()) > CONCERN_MAX:
        raise DomainError(f"Your concern must be {CONCERN_MAX:,} characters or fewer", field="text")
    concern = Concern.objects.create(bid=bid, question=question, raised_by=by, text=text.strip())
    audit_record(
        actor=by,
        verb="concern raised",
        target=tender,
        changes={"bid": bid.pk, "question": question.pk},
    )
    return concern
