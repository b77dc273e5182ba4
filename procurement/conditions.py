"""Conditions of participation (Procurement Act 2023, section 22).

In a competition a buyer may set conditions a supplier must meet to be awarded the
contract (a direct award records its checks instead, `procurement.direct_award`): about its
legal and financial capacity and its technical ability. They must be proportionate to the
contract, and each is a pass or a fail, never a score.

- The buyer sets the conditions while the tender is a draft (`condition_add`,
  `condition_remove`): each is a question and what a pass looks like. Once the tender is
  published they are fixed, so that every supplier meets the same ones. (A tender change,
  `procurement.changes`, changes deadlines, the summary, the specification and the value;
  it does not change conditions.)
- A supplier answers them once it takes part (`conditions_answer`), and may change its
  answers until the buyer has assessed them.
- The buyer assesses each supplier's answers as a pass or a fail, with a reason
  (`conditions_assess`). The assessment is final. A supplier that fails is told once, with
  the reason; its bid is marked excluded (not evaluated), and it can no longer take part
  or bid (`conditions_refusal`, asked by the bid services themselves) or see the private
  dialogue of the tender.
- A supplier must have answered before it submits a bid, and once final submissions open
  in a competitive flexible tender only a supplier that passed may submit a final tender
  (`submit_refusal`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from core.formatting import uk_date
from procurement.models import (
    Bid,
    BidStatus,
    ConditionAnswer,
    ConditionKind,
    ParticipationCondition,
    Procedure,
    Tender,
    TenderParticipant,
    TenderStatus,
)
from procurement.selectors import own_rows, supplier_people
from procurement.services import BID_ALLOWED, participant_join

QUESTION_MAX = 500
TEXT_MAX = 2000
# A supplier answers while the competition is running.
ANSWERABLE_STATUSES = frozenset(
    {TenderStatus.PUBLISHED, TenderStatus.DIALOGUE, TenderStatus.FINAL_SUBMISSIONS}
)
# The buyer assesses until the bids are evaluated.
ASSESSABLE_STATUSES = ANSWERABLE_STATUSES | {TenderStatus.CLOSED, TenderStatus.EVALUATION}


# --- Reads ---------------------------------------------------------------------------------
def conditions_for(tender: Tender) -> list[ParticipationCondition]:
    return list(tender.conditions.all())


def has_conditions(tender: Tender) -> bool:
    return tender.conditions.exists()


def answers_of(participant: TenderParticipant) -> dict[int, ConditionAnswer]:
    """The participant's answers by condition id."""
    return {answer.condition_id: answer for answer in participant.condition_answers.all()}


@dataclass(frozen=True)
class SupplierConditions:
    """Where one supplier stands with the tender's conditions, for its own pages."""

    participant: TenderParticipant | None

    @property
    def answered(self) -> bool:
        return self.participant is not None and self.participant.conditions_answered_at is not None

    @property
    def passed(self) -> bool:
        return self.participant is not None and self.participant.conditions_passed is True

    @property
    def failed(self) -> bool:
        return self.participant is not None and self.participant.failed_conditions

    @property
    def waiting(self) -> bool:
        return self.answered and not self.participant.conditions_assessed


def supplier_conditions(*, tender: Tender, supplier: Organisation) -> SupplierConditions:
    read = own_rows(tender, supplier)  # read with the tender for the tender page
    if read is not None:
        return SupplierConditions(participant=read.participant)
    participant = TenderParticipant.objects.filter(tender=tender, supplier=supplier).first()
    return SupplierConditions(participant=participant)


def failure_text(participant: TenderParticipant) -> str:
    return (
        f"{tender_buyer(participant)} found on {uk_date(participant.conditions_assessed_at)} "
        f"that {participant.supplier} does not meet the conditions of participation. "
        f"The reason given: {participant.conditions_reason}"
    )


def tender_buyer(participant: TenderParticipant) -> str:
    return str(participant.tender.organisation)


def conditions_refusal(*, tender: Tender, supplier: Organisation) -> str | None:
    """Why this supplier may not take part or bid because it failed the conditions, or None."""
    participant = (
        TenderParticipant.objects.filter(tender=tender, supplier=supplier, conditions_passed=False)
        .select_related("supplier", "tender__organisation")
        .first()
    )
    if participant is None:
        return None
    return failure_text(participant) + f" So {supplier} cannot take part in this tender or bid."


def submit_refusal(*, tender: Tender, supplier: Organisation) -> str | None:
    """Why this supplier may not submit its bid yet because of the conditions, or None: it
    must have answered them, and a final tender needs a pass."""
    if not has_conditions(tender):
        return None
    participant = TenderParticipant.objects.filter(tender=tender, supplier=supplier).first()
    if participant is None or participant.conditions_answered_at is None:
        return (
            "Answer the conditions of participation before you submit your bid. Follow the "
            "link “Answer the conditions of participation” on the tender page."
        )
    if tender.status == TenderStatus.FINAL_SUBMISSIONS and participant.conditions_passed is None:
        return (
            "The buyer has not yet checked your answers to the conditions of participation, "
            "so you cannot submit a final tender yet. You can keep working on your draft."
        )
    return None


# --- The buyer sets the conditions ----------------------------------------------------------
def _require_draft(tender: Tender) -> None:
    if tender.status != TenderStatus.DRAFT:
        raise DomainError(
            "Conditions of participation are fixed once the tender is published, so every "
            "supplier meets the same ones."
        )


@transaction.atomic
def condition_add(
    *, tender: Tender, kind: str, question: str, pass_description: str, by: User
) -> ParticipationCondition:
    """Add a condition of participation to a draft tender: what it is about (legal or
    financial capacity, or technical ability), the question and what a pass looks like."""
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _require_draft(tender)
    if tender.procedure == Procedure.DIRECT_AWARD:
        raise DomainError(
            "Conditions of participation are for a competition. A direct award records the "
            "checks made on its supplier instead."
        )
    if kind not in ConditionKind.values:
        raise DomainError("Choose what the condition is about.", field="kind")
    question, pass_description = question.strip(), pass_description.strip()
    if not question:
        raise DomainError("Enter the question the supplier answers.", field="question")
    if len(question) > QUESTION_MAX:
        raise DomainError(f"Keep the question to {QUESTION_MAX} characters.", field="question")
    if not pass_description:
        raise DomainError("Say what a pass looks like.", field="pass_description")
    if len(pass_description) > TEXT_MAX:
        raise DomainError(
            f"Keep what a pass looks like to {TEXT_MAX:,} characters.", field="pass_description"
        )
    last = tender.conditions.order_by("-position").values_list("position", flat=True).first()
    condition = ParticipationCondition.objects.create(
        tender=tender,
        kind=kind,
        question=question,
        pass_description=pass_description,
        position=(last or 0) + 1,
    )
    audit_record(
        actor=by,
        verb="condition of participation added",
        target=tender,
        changes={"kind": kind, "question": question, "pass": pass_description},
    )
    return condition


@transaction.atomic
def condition_remove(*, condition: ParticipationCondition, by: User) -> None:
    """Remove a condition of participation from a draft tender."""
    tender = condition.tender
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _require_draft(tender)
    audit_record(
        actor=by,
        verb="condition of participation removed",
        target=tender,
        changes={"question": condition.question},
    )
    condition.delete()


# --- The supplier answers -------------------------------------------------------------------
@transaction.atomic
def conditions_answer(
    *, participant: TenderParticipant, answers: Mapping[int, str], by: User
) -> TenderParticipant:
    """Record a supplier's answers to every condition of participation of its tender.

    Only the supplier's own people, while the competition runs, while the supplier is
    still in the process and until the buyer has assessed the answers. Every condition
    needs an answer of up to 2,000 characters.
    """
    permissions.require(by, "participation.act", participant)
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("tender", "supplier")
        .get(pk=participant.pk)
    )
    tender = participant.tender
    if not participant.is_in_process:
        raise DomainError(f"{participant.supplier} is no longer taking part in this tender.")
    if participant.conditions_assessed:
        raise DomainError(
            "The buyer has already assessed your answers, so they can no longer change."
        )
    if tender.status not in ANSWERABLE_STATUSES:
        raise DomainError("This tender is no longer taking answers to its conditions.")
    conditions = conditions_for(tender)
    if not conditions:
        raise DomainError("This tender has no conditions of participation.")
    cleaned: dict[int, str] = {}
    for number, condition in enumerate(conditions, start=1):
        text = str(answers.get(condition.pk) or "").strip()
        field = f"condition_{condition.pk}"
        if not text:
            raise DomainError(f"Answer condition {number}, “{condition.question}”.", field=field)
        if len(text) > TEXT_MAX:
            raise DomainError(f"Keep each answer to {TEXT_MAX:,} characters.", field=field)
        cleaned[condition.pk] = text
    now = timezone.now()
    for condition_id, text in cleaned.items():
        ConditionAnswer.objects.update_or_create(
            participant=participant,
            condition_id=condition_id,
            defaults={"text": text, "answered_at": now, "answered_by": by},
        )
    participant.conditions_answered_at = now
    participant.save(update_fields=["conditions_answered_at"])
    audit_record(
        actor=by,
        verb="conditions of participation answered",
        target=participant,
        changes={"supplier": str(participant.supplier), "conditions": len(cleaned)},
        organisation=participant.supplier,
    )
    return participant


@transaction.atomic
def conditions_answer_as(
    *, tender: Tender, supplier: Organisation, answers: Mapping[int, str], by: User
) -> TenderParticipant:
    """Answer the conditions for a supplier, taking part in the tender first if it does
    not yet (the rules of `participant_join`, then of `conditions_answer`)."""
    participant = participant_join(tender=tender, supplier=supplier, by=by)
    return conditions_answer(participant=participant, answers=answers, by=by)


# --- The buyer assesses ---------------------------------------------------------------------
@transaction.atomic
def conditions_assess(
    *, tender: Tender, participant: TenderParticipant, passed: bool, reason: str, by: User
) -> TenderParticipant:
    """Record whether a supplier meets the tender's conditions of participation, with the
    reason. Only the tender's managers, once the supplier has answered, while it is still
    in the process and before the award; once only. The supplier is told once. A supplier
    that fails has its bid marked excluded (not evaluated) and can no longer take part."""
    permissions.require(by, "tender.manage", tender)
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=participant.pk, tender=tender)
    )
    if tender.status not in ASSESSABLE_STATUSES or tender.winning_bid_id is not None:
        raise DomainError("You can assess conditions of participation only before the award.")
    if participant.conditions_assessed:
        raise DomainError(f"You have already assessed {participant.supplier}'s answers.")
    if not participant.is_in_process:
        raise DomainError(f"{participant.supplier} is no longer taking part in this tender.")
    if participant.conditions_answered_at is None:
        raise DomainError(
            f"{participant.supplier} has not answered the conditions of participation yet."
        )
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for your decision.", field="reason")
    if len(reason) > TEXT_MAX:
        raise DomainError(f"Keep the reason to {TEXT_MAX:,} characters.", field="reason")
    participant.conditions_passed = passed
    participant.conditions_assessed_at = timezone.now()
    participant.conditions_assessed_by = by
    participant.conditions_reason = reason
    participant.save(
        update_fields=[
            "conditions_passed",
            "conditions_assessed_at",
            "conditions_assessed_by",
            "conditions_reason",
        ]
    )
    tender.__dict__.pop("_participant_supplier_ids", None)
    audit_record(
        actor=by,
        verb="conditions of participation assessed",
        target=tender,
        changes={
            "supplier": str(participant.supplier),
            "result": "pass" if passed else "fail",
            "reason": reason,
        },
    )
    if not passed:
        bid = Bid.objects.filter(tender=tender, supplier=participant.supplier).first()
        if bid is not None and bid.status != BidStatus.EXCLUDED:
            lifecycle.transition(
                bid,
                to=BidStatus.EXCLUDED,
                allowed=BID_ALLOWED,
                by=by,
                organisation=tender.organisation,
            )
    outcome = "meets" if passed else "does not meet"
    for supplier, person in supplier_people([participant.supplier_id]):
        notification_send(
            recipient=person,
            key=f"conditions-assessed:{participant.pk}:{person.pk}",
            subject=f"{supplier} {outcome} the conditions of participation for {tender.title}",
            body=(
                f"{tender.organisation} has checked {supplier}'s answers to the conditions of "
                f"participation for {tender.title} ({tender.reference}): {supplier} {outcome} "
                f"them. The reason: {reason}"
                + ("" if passed else f" {supplier} cannot take part in this tender any more.")
            ),
            url=reverse("procurement:conditions_answer", args=[tender.pk]),
        )
    return participant
