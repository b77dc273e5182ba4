"""Taking part in a tender: who is in, what they last read, and who left and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from commissioning.models import SpecificationVersion
from procurement.models import Tender


class WithdrawalReason(models.TextChoices):
    """Why a supplier left a competition. The list feeds market-shaping insight, so it
    names the causes a buyer can act on."""

    TIMESCALE = "timescale", "We could not meet the timescale"
    RISK = "risk", "Too much risk is transferred to the provider"
    BID_COST = "bid_cost", "The cost of bidding is too high"
    PRICE = "price", "The budget is too low for what is asked"
    CAPACITY = "capacity", "We do not have the capacity at the moment"
    FIT = "fit", "The specification no longer fits what we offer"
    PARTNERS = "partners", "We could not form a partnership or consortium in time"
    OTHER = "other", "Another reason"


class TenderParticipant(models.Model):
    """A supplier organisation taking part in a tender.

    Participants receive published clarifications, can be invited to dialogue rounds
    and have a private message thread with the buyer. A supplier joins by choosing to
    take part, by asking a question or by starting a bid.
    """

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="participants")
    supplier = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="tender_participations"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The specification version this supplier last opened, so a new version can be shown
    # as the changes since then.
    last_seen_version = models.ForeignKey(
        SpecificationVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    withdrawal_reason = models.CharField(
        max_length=20, choices=WithdrawalReason.choices, blank=True, editable=False
    )
    withdrawal_detail = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "supplier"], name="participant_once_per_tender"
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="participant_withdrawal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} in {self.tender}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def organisation_id(self) -> int:
        """The buyer: rules about the buyer's side read this."""
        return self.tender.organisation_id


class TenderMessage(models.Model):
    """One message in the private thread between the buyer and one participant.

    Messages are never edited or deleted; each is also written to the audit trail.
    """

    participant = models.ForeignKey(
        TenderParticipant, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_buyer = models.BooleanField()
    body = models.TextField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]
