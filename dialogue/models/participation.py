"""The private message thread between a buyer and one supplier taking part in a tender.

Who takes part (TenderParticipant) belongs to procurement, since the bid rules depend on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from procurement.models import TenderParticipant


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
