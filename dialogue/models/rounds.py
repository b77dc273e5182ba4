"""Dialogue rounds in a competitive flexible procedure: agenda, meetings, outline
solutions, private feedback, and a shared summary that can re-issue the specification."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from commissioning.models import Requirement, SpecificationVersion
from core.formatting import uk_datetime
from core.uploads import private_name_for
from procurement.models import Tender


class RoundStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class DialogueRound(models.Model):
    """One round of dialogue with the invited bidders of a tender."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="dialogue_rounds")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    agenda = models.TextField()
    # The "open for dialogue" requirements this round discusses.
    topics = models.ManyToManyField(Requirement, related_name="dialogue_rounds", blank=True)
    invited = models.ManyToManyField(Organisation, related_name="dialogue_invitations", blank=True)
    meetings_from = models.DateField()
    meetings_to = models.DateField()
    outline_deadline = models.DateTimeField()
    outline_word_limit = models.PositiveIntegerField(default=1000)
    status = models.CharField(
        max_length=20, choices=RoundStatus.choices, default=RoundStatus.PLANNED, editable=False
    )
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Written by the buyer when the round closes, for every remaining bidder.
    summary = models.TextField(blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # The specification version issued when the round closed, if any.
    issued_version = models.ForeignKey(
        SpecificationVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dialogue_rounds",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="round_number_unique"),
            models.CheckConstraint(
                condition=models.Q(meetings_to__gte=models.F("meetings_from")),
                name="round_meetings_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(outline_word_limit__gte=50), name="round_word_limit_min"
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number}: {self.title}"

    @property
    def organisation_id(self) -> int:
        return self.tender.organisation_id

    @property
    def is_planned(self) -> bool:
        return self.status == RoundStatus.PLANNED

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED


class MeetingSlot(models.Model):
    """A meeting time the buyer offers; one invited bidder books it."""

    round = models.ForeignKey(DialogueRound, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300)
    booked_by_supplier = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            # One meeting per bidder per round.
            models.UniqueConstraint(
                fields=["round", "booked_by_supplier"],
                condition=models.Q(booked_by_supplier__isnull=False),
                name="slot_one_per_bidder_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {uk_datetime(self.starts_at)}"


def _outline_attachment_path(instance: OutlineSubmission, filename: str) -> str:
    return private_name_for(f"private/outlines/{instance.round_id}", filename)


class OutlineSubmission(models.Model):
    """A bidder's outline solution for a round: a draft until submitted."""

    round = models.ForeignKey(DialogueRound, on_delete=models.CASCADE, related_name="outlines")
    supplier = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="outline_submissions"
    )
    text = models.TextField(blank=True)
    attachment = models.FileField(upload_to=_outline_attachment_path, max_length=200, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "supplier"], name="outline_once_per_bidder")
        ]

    def __str__(self) -> str:
        return f"Outline from {self.supplier} for {self.round}"

    @property
    def organisation_id(self) -> int:
        """The buyer: rules about the buyer's side read this."""
        return self.round.tender.organisation_id


class RoundFeedback(models.Model):
    """The buyer's private feedback to one bidder on a round; released when it closes."""

    round = models.ForeignKey(DialogueRound, on_delete=models.CASCADE, related_name="feedback")
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "supplier"], name="feedback_once_per_bidder")
        ]

    def __str__(self) -> str:
        return f"Feedback to {self.supplier} on {self.round}"

    @property
    def organisation_id(self) -> int:
        return self.round.tender.organisation_id
