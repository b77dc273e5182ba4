"""Clarification questions during a tender, and the buyer's answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from procurement.models import Tender


class ClarificationStatus(models.TextChoices):
    AWAITING_ANSWER = "awaiting_answer", "Awaiting answer"
    PUBLISHED = "published", "Answered to all"
    ANSWERED_PRIVATELY = "answered_privately", "Answered privately"


class Clarification(models.Model):
    """A supplier's question about a tender.

    The question is private to the asker and the buyer until the buyer publishes the
    answer. Published clarifications never name the supplier: the log shows
    `published_question`, which the buyer may reword to remove anything identifying.
    """

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="clarifications")
    supplier = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="clarifications_asked"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    question = models.TextField()
    asked_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20,
        choices=ClarificationStatus.choices,
        default=ClarificationStatus.AWAITING_ANSWER,
        editable=False,
    )
    published_question = models.TextField(blank=True, editable=False)
    answer = models.TextField(blank=True, editable=False)
    # Why an answer went only to the asker (for example, commercially sensitive).
    private_reason = models.TextField(blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Numbers published clarifications in the order they were published: "Q3".
    log_number = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "log_number"], name="clarification_log_number_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered_privately") | ~models.Q(private_reason=""),
                name="clarification_private_answer_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "asked_at"], name="clarification_status_idx")]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def organisation_id(self) -> int:
        """The buyer: rules about the buyer's side read this."""
        return self.tender.organisation_id

    @property
    def is_published(self) -> bool:
        return self.status == ClarificationStatus.PUBLISHED

    @property
    def is_awaiting_answer(self) -> bool:
        return self.status == ClarificationStatus.AWAITING_ANSWER

    @property
    def is_answered_privately(self) -> bool:
        return self.status == ClarificationStatus.ANSWERED_PRIVATELY
