"""Writes for the parts of a bid besides its answers: the price schedule, social value
commitments and attachments. All follow the sealed-bid rules of the answers: only the
bidder, only while the tender is open, and only while the bid is not submitted."""

from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from contracts.models import MAX_CONTRACT_VALUE
from core.errors import DomainError
from core.uploads import check_upload, delete_after_commit
from procurement.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidLot,
    BidStatus,
    Lot,
    PriceLine,
)
from procurement.services import _require_open
from social_value.models import Measure

MAX_ATTACHMENTS = 10


def _require_editable(bid: Bid, by: User) -> Bid:
    permissions.require(by, "bid.edit", bid)
    bid = Bid.objects.select_for_update().select_related("tender").get(pk=bid.pk)
    _require_open(bid.tender)
    if bid.status == BidStatus.SUBMITTED:
        raise DomainError("You have submitted this bid. Withdraw it before you change it.")
    return bid


@transaction.atomic
def price_line_add(
    *,
    bid: Bid,
    item: str,
    quantity: Decimal,
    unit_price: Decimal,
    lot: Lot | None = None,
    by: User,
) -> PriceLine:
    """Add a line to the price schedule. The bid's price is the sum of its lines; in a
    tender with lots each line prices one of the lots the bid covers, and each lot is
    ranked on its own lines."""
    bid = _require_editable(bid, by)
    if bid.tender.lots.exists():
        if lot is None:
            raise DomainError("Choose the lot this price is for.", field="lot")
        if not bid.bid_lots.filter(lot=lot).exists():
            raise DomainError(
                f"You are not bidding for {lot}. Choose it in your lots first.", field="lot"
            )
    elif lot is not None:
        raise DomainError("This tender has no lots.", field="lot")
    if not item.strip():
        raise DomainError("Enter what the price is for.", field="item")
    if quantity <= 0:
        raise DomainError("The quantity must be more than 0.", field="quantity")
    if unit_price < 0:
        raise DomainError("The price must be £0 or more.", field="unit_price")
    # The winning bid's price becomes the contract's value, which has a limit.
    total = sum((line.total for line in bid.price_lines.all()), quantity * unit_price)
    if total > MAX_CONTRACT_VALUE:
        raise DomainError(
            f"Your bid's total price must be £{MAX_CONTRACT_VALUE:,} or less. "
            "Check the quantity and the price.",
            field="unit_price",
        )
    last = bid.price_lines.order_by("-position").values_list("position", flat=True).first()
    line = PriceLine.objects.create(
        bid=bid,
        item=item.strip(),
        quantity=quantity,
        unit_price=unit_price,
        lot=lot,
        position=(last or 0) + 1,
    )
    audit_record(actor=by, verb="price line added", target=bid, organisation=bid.supplier)
    return line


@transaction.atomic
def price_line_remove(*, line: PriceLine, by: User) -> None:
    """Remove a line from the price schedule of an unsubmitted bid."""
    bid = _require_editable(line.bid, by)
    audit_record(actor=by, verb="price line removed", target=bid, organisation=bid.supplier)
    line.delete()


@transaction.atomic
def bid_commitment_add(
    *, bid: Bid, measure: Measure, quantity: Decimal, note: str = "", by: User
) -> BidCommitment:
    """Offer a social value commitment on one of the open measures, in its own unit.
    The winning bid's commitments become the contract's."""
    bid = _require_editable(bid, by)
    if not measure.is_active:
        raise DomainError("Choose a measure that is in use.", field="measure")
    if quantity <= 0:
        raise DomainError("The amount must be more than 0.", field="quantity")
    if bid.commitments.filter(measure=measure).exists():
        raise DomainError(
            f"You already offer “{measure.name}”. Remove it to change the amount.",
            field="measure",
        )
    commitment = BidCommitment.objects.create(
        bid=bid, measure=measure, quantity=quantity, note=note.strip()
    )
    audit_record(
        actor=by,
        verb="commitment added",
        target=bid,
        changes={"measure": measure.code, "quantity": str(quantity)},
        organisation=bid.supplier,
    )
    return commitment


@transaction.atomic
def bid_commitment_remove(*, commitment: BidCommitment, by: User) -> None:
    bid = _require_editable(commitment.bid, by)
    audit_record(actor=by, verb="commitment removed", target=bid, organisation=bid.supplier)
    commitment.delete()


@transaction.atomic
def attachment_add(*, bid: Bid, upload: UploadedFile, by: User) -> BidAttachment:
    """Attach a file to the bid. Size and type are checked (by extension and by content);
    the file is stored privately under a generated name."""
    bid = _require_editable(bid, by)
    if bid.attachments.count() >= MAX_ATTACHMENTS:
        raise DomainError(f"A bid can have up to {MAX_ATTACHMENTS} attachments.")
    check_upload(upload)
    original = (upload.name or "file").replace("/", "_").replace("\\", "_")[:200]
    attachment = BidAttachment(bid=bid, original_name=original, size=upload.size, uploaded_by=by)
    attachment.file.save(original, upload, save=False)
    attachment.save()
    audit_record(
        actor=by,
        verb="attachment added",
        target=bid,
        changes={"name": original, "size": upload.size},
        organisation=bid.supplier,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: BidAttachment, by: User) -> None:
    """Remove an attachment from a draft bid; its file is deleted once the removal is saved,
    so a removal that is rolled back leaves the attachment whole."""
    bid = _require_editable(attachment.bid, by)
    audit_record(
        actor=by,
        verb="attachment removed",
        target=bid,
        changes={"name": attachment.original_name},
        organisation=bid.supplier,
    )
    delete_after_commit(attachment.file)
    attachment.delete()


@transaction.atomic
def bid_lots_choose(*, bid: Bid, lots: list[Lot], by: User) -> Bid:
    """Choose which of the tender's lots the bid covers: at least one, and no more than
    the buyer's limit on lots per supplier, if it set one. Price lines for a lot no
    longer chosen are removed with it."""
    bid = _require_editable(bid, by)
    if any(lot.tender_id != bid.tender_id for lot in lots):
        raise DomainError("Choose lots of this tender.", field="lots")
    if not lots:
        raise DomainError("Choose at least one lot to bid for.", field="lots")
    limit = bid.tender.max_lots_per_bid
    if limit is not None and len(lots) > limit:
        raise DomainError(
            f"You can bid for up to {limit} lot{'' if limit == 1 else 's'} in this tender. "
            f"You chose {len(lots)}.",
            field="lots",
        )
    PriceLine.objects.filter(bid=bid, lot__isnull=False).exclude(lot__in=lots).delete()
    BidLot.objects.filter(bid=bid).exclude(lot__in=lots).delete()
    for lot in lots:
        BidLot.objects.get_or_create(bid=bid, lot=lot)
    audit_record(
        actor=by,
        verb="lots chosen",
        target=bid,
        changes={"lots": sorted(lot.pk for lot in lots)},
        organisation=bid.supplier,
    )
    return bid
