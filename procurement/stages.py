"""Stages of the competitive flexible procedure (Procurement Act 2023, section 20).

Between dialogue rounds the buyer may narrow the field: a supplier not taken forward is
told once, with the buyer's reason (`participant_not_taken_forward`). When final
submissions open, only suppliers still in the process may submit a final tender: those
that took part and did not withdraw, were not excluded and were not dropped at a stage
(`final_tender_refusal`, asked by the bid services themselves).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from core.formatting import uk_date
from procurement.models import Procedure, Tender, TenderParticipant, TenderStatus
from procurement.selectors import supplier_people

REASON_MAX = 2000


def may_down_select(tender: Tender) -> bool:
    """The field can be narrowed between stages: a competitive flexible tender in dialogue."""
    return (
        tender.procedure == Procedure.COMPETITIVE_FLEXIBLE
        and tender.status == TenderStatus.DIALOGUE
    )


def final_tender_refusal(*, tender: Tender, supplier: Organisation) -> str | None:
    """Why this supplier may not submit a final tender, or None.

    Only asked once final submissions are open: then a supplier must have taken part in
    the earlier stages and still be in the process.
    """
    if tender.status != TenderStatus.FINAL_SUBMISSIONS:
        return None
    participant = TenderParticipant.objects.filter(tender=tender, supplier=supplier).first()
    if participant is None:
        return (
            "Final tenders are open only to the suppliers that took part in the earlier "
            f"stages of this tender, so {supplier} cannot submit one."
        )
    if not participant.is_active:
        return f"{supplier} withdrew from this tender, so it cannot submit a final tender."
    if not participant.is_taken_forward:
        return (
            f"{supplier} was not taken forward to the next stage on "
            f"{uk_date(participant.not_taken_forward_at)}, so it cannot submit a final "
            f"tender. The reason given: {participant.not_taken_forward_reason}"
        )
    return None


def removal_reason(participant: TenderParticipant) -> str | None:
    """Why the buyer took this supplier out of the process, in words for the supplier, or
    None while it is still in (or left of its own accord)."""
    supplier = participant.supplier
    if participant.is_excluded:
        return (
            f"The buyer excluded {supplier} from this tender on "
            f"{uk_date(participant.excluded_at)}. The reason given: "
            f"{participant.exclusion_reason}"
        )
    if participant.failed_conditions:
        return (
            f"The buyer found on {uk_date(participant.conditions_assessed_at)} that {supplier} "
            f"does not meet the conditions of participation. The reason given: "
            f"{participant.conditions_reason}"
        )
    if not participant.is_taken_forward:
        return (
            f"The buyer did not take {supplier} forward to the next stage on "
            f"{uk_date(participant.not_taken_forward_at)}. The reason given: "
            f"{participant.not_taken_forward_reason}"
        )
    return None


@transaction.atomic
def participant_not_taken_forward(
    *, tender: Tender, participant: TenderParticipant, reason: str, by: User
) -> TenderParticipant:
    """Do not take a supplier forward to the next stage of a competitive flexible tender.

    Only the tender's managers, only while the tender is in dialogue, with a reason the
    supplier is shown; at least one supplier must stay in. The supplier's people are
    told once.
    """
    permissions.require(by, "tender.manage", tender)
    if not may_down_select(tender):
        raise DomainError(
            "You can choose who goes forward only in a competitive flexible tender that is "
            "in dialogue."
        )
    participant = (
        TenderParticipant.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=participant.pk, tender=tender)
    )
    if not participant.is_active or participant.is_excluded or participant.failed_conditions:
        raise DomainError(f"{participant.supplier} is no longer taking part in this tender.")
    if not participant.is_taken_forward:
        raise DomainError(f"{participant.supplier} has already not been taken forward.")
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for not taking the supplier forward.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason to {REASON_MAX:,} characters.", field="reason")
    remaining = (
        TenderParticipant.objects.filter(
            tender=tender,
            withdrawn_at=None,
            excluded_at=None,
            not_taken_forward_at=None,
        )
        .exclude(conditions_passed=False)
        .exclude(pk=participant.pk)
        .exists()
    )
    if not remaining:
        raise DomainError("At least one supplier must go forward to the next stage.")
    participant.not_taken_forward_at = timezone.now()
    participant.not_taken_forward_by = by
    participant.not_taken_forward_reason = reason
    participant.save(
        update_fields=["not_taken_forward_at", "not_taken_forward_by", "not_taken_forward_reason"]
    )
    tender.__dict__.pop("_participant_supplier_ids", None)
    audit_record(
        actor=by,
        verb="supplier not taken forward",
        target=tender,
        changes={"supplier": str(participant.supplier), "reason": reason},
    )
    for supplier, person in supplier_people([participant.supplier_id]):
        notification_send(
            recipient=person,
            key=f"not-taken-forward:{participant.pk}:{person.pk}",
            subject=f"{supplier} has not been taken forward in {tender.title}",
            body=(
                f"{tender.organisation} has not taken {supplier} forward to the next stage "
                f"of {tender.title} ({tender.reference}), so it cannot submit a final "
                f"tender. The reason: {reason}"
            ),
            url=reverse("procurement:tender_detail", args=[tender.pk]),
        )
    return participant
