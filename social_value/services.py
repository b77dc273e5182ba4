"""Writes for social value commitments and delivery returns: every rule about them lives here."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import User
from accounts.services import audit_record
from core.errors import DomainError
from core.uploads import UploadRejected, check_upload, private_name
from social_value import notices
from social_value.models import Commitment, DeliveryReturn, Measure, ReturnStatus

if TYPE_CHECKING:
    import datetime

    from contracts.models import Contract


class SocialValueInvalid(DomainError):
    """A broken rule, usually about one field (`field`), so a form shows it beside it."""


@transaction.atomic
def commitment_add(
    *, contract: Contract, measure: Measure, quantity: Decimal | int, period: str, by: User
) -> Commitment:
    """Add a social value promise to a contract.

    Used directly by contract managers and by the award of a tender, which carries the
    winning bid's commitments into the contract. The unit is the measure's own, so that
    promises and returns on the same measure can be added up across contracts.
    """
    permissions.require(by, "contract.manage", contract)
    quantity = Decimal(quantity)
    if quantity <= 0:
        raise SocialValueInvalid("The promised amount must be more than 0.", field="quantity")
    commitment = Commitment.objects.create(
        contract=contract,
        measure=measure,
        quantity=quantity,
        unit=measure.unit,
        period=period.strip(),
    )
    audit_record(
        actor=by,
        verb="created",
        target=commitment,
        changes={"contract": contract.pk, "measure": measure.code, "quantity": str(quantity)},
    )
    return commitment


@transaction.atomic
def returns_request(
    *, contract: Contract, period: str, due_date: datetime.date, by: User
) -> list[DeliveryReturn]:
    """Ask the provider for a return on every commitment for one period.

    Asking twice for the same period changes nothing, so a manager cannot create
    duplicate returns by sending the form again.
    """
    permissions.require(by, "contract.manage", contract)
    period = period.strip()
    if not period:
        raise SocialValueInvalid("Enter the period the return covers.", field="period")
    created = []
    for commitment in contract.commitments.all():
        delivery_return, was_created = DeliveryReturn.objects.get_or_create(
            commitment=commitment, period=period, defaults={"due_date": due_date}
        )
        if was_created:
            created.append(delivery_return)
    if not created and not contract.commitments.exists():
        raise SocialValueInvalid("Add a social value commitment before asking for returns.")
    audit_record(
        actor=by,
        verb="returns requested",
        target=contract,
        changes={"period": period, "due_date": due_date.isoformat(), "count": len(created)},
    )
    notices.returns_requested(contract=contract, returns=created, by=by)
    return created


ALLOWED: dict[str, set[str]] = {
    ReturnStatus.DUE: {ReturnStatus.SUBMITTED},
    ReturnStatus.SUBMITTED: {ReturnStatus.VERIFIED, ReturnStatus.QUERIED},
    ReturnStatus.QUERIED: {ReturnStatus.SUBMITTED},
    ReturnStatus.VERIFIED: set(),
}


def return_transition(
    *, delivery_return: DeliveryReturn, to: str, by: User | None
) -> DeliveryReturn:
    """The only place a return's status changes; refuses moves the lifecycle does not allow.
    Permission is checked by the services that submit, verify and query a return."""
    return lifecycle.transition(
        delivery_return, to=to, allowed=ALLOWED, by=by, noun="social value return"
    )


@transaction.atomic
def return_submit(
    *,
    delivery_return: DeliveryReturn,
    quantity_delivered: Decimal | int,
    evidence: str,
    evidence_file: UploadedFile | None = None,
    by: User,
) -> DeliveryReturn:
    """The provider reports what it delivered, with evidence a manager can check.

    Evidence is a description, a file, or both. A file must be an allowed kind, small
    enough, and really the kind of file its name says; it is stored under a generated name.
    """
    permissions.require(by, "contract.provide", delivery_return.commitment.contract)
    quantity = Decimal(quantity_delivered)
    if quantity < 0:
        raise SocialValueInvalid(
            "The amount delivered must be 0 or more.", field="quantity_delivered"
        )
    evidence = evidence.strip()
    if not evidence and not evidence_file:
        raise SocialValueInvalid(
            "Describe the evidence for what was delivered, or upload a file.", field="evidence"
        )
    extension = None
    if evidence_file:
        try:
            extension = check_upload(evidence_file)
        except UploadRejected as error:
            raise SocialValueInvalid(str(error), field="evidence_file") from None
    delivery_return = return_transition(
        delivery_return=delivery_return, to=ReturnStatus.SUBMITTED, by=by
    )
    delivery_return.quantity_delivered = quantity
    delivery_return.evidence = evidence
    delivery_return.submitted_by = by
    delivery_return.submitted_at = timezone.now()
    fields = ["quantity_delivered", "evidence", "submitted_by", "submitted_at"]
    if evidence_file and extension:
        delivery_return.evidence_file.save(
            private_name("social-value", extension), evidence_file, save=False
        )
        delivery_return.evidence_file_name = (evidence_file.name or "")[-200:]
        fields += ["evidence_file", "evidence_file_name"]
    delivery_return.save(update_fields=fields)
    notices.return_submitted(delivery_return=delivery_return, by=by)
    return delivery_return


@transaction.atomic
def return_verify(*, delivery_return: DeliveryReturn, by: User) -> DeliveryReturn:
    """The contract manager has checked the evidence and accepts the figure."""
    permissions.require(by, "contract.manage", delivery_return.commitment.contract)
    delivery_return = return_transition(
        delivery_return=delivery_return, to=ReturnStatus.VERIFIED, by=by
    )
    delivery_return.reviewed_by = by
    delivery_return.reviewed_at = timezone.now()
    delivery_return.save(update_fields=["reviewed_by", "reviewed_at"])
    return delivery_return


@transaction.atomic
def return_query(*, delivery_return: DeliveryReturn, note: str, by: User) -> DeliveryReturn:
    """The contract manager asks the provider a question about a return before accepting it."""
    permissions.require(by, "contract.manage", delivery_return.commitment.contract)
    note = note.strip()
    if not note:
        raise SocialValueInvalid("Enter your question for the provider.", field="note")
    delivery_return = return_transition(
        delivery_return=delivery_return, to=ReturnStatus.QUERIED, by=by
    )
    delivery_return.query_note = note
    delivery_return.reviewed_by = by
    delivery_return.reviewed_at = timezone.now()
    delivery_return.save(update_fields=["query_note", "reviewed_by", "reviewed_at"])
    notices.return_queried(delivery_return=delivery_return, by=by)
    return delivery_return
