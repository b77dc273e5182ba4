"""Tenders, questions to bidders and sealed bids."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Organisation
from commissioning.models import Commission, SpecificationVersion


class TenderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Open for bids"
    DIALOGUE = "dialogue", "In dialogue"
    FINAL_SUBMISSIONS = "final_submissions", "Final submissions"
    CLOSED = "closed", "Closed"
    EVALUATION = "evaluation", "In evaluation"
    AWARD_DECISION = "award_decision", "Award decision"
    STANDSTILL = "standstill", "Standstill"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


PUBLIC_STATUSES = frozenset(set(TenderStatus) - {TenderStatus.DRAFT})
OPEN_FOR_BIDS = frozenset({TenderStatus.PUBLISHED, TenderStatus.FINAL_SUBMISSIONS})


class Procedure(models.TextChoices):
    OPEN = "open", "Open procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
    BELOW_THRESHOLD = "below_threshold", "Request for quotes (below threshold)"
    DIRECT_AWARD = "direct_award", "Direct award"


class Tender(models.Model):
    """A competition for a contract, run for one issued specification version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="tenders")
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="tenders")
    specification_version = models.ForeignKey(
        SpecificationVersion, on_delete=models.PROTECT, related_name="tenders"
    )
    reference = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField()
    procedure = models.CharField(max_length=30, choices=Procedure.choices, default=Procedure.OPEN)
    status = models.CharField(
        max_length=30, choices=TenderStatus.choices, default=TenderStatus.DRAFT, editable=False
    )
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    bids_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    bids_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submission_deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clarification_deadline__isnull=True)
                | models.Q(clarification_deadline__lte=models.F("submission_deadline")),
                name="tender_clarification_before_submission",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_open_for_bids(self) -> bool:
        """Suppliers may prepare, submit and withdraw bids until the deadline passes."""
        return self.status in OPEN_FOR_BIDS and self.submission_deadline > timezone.now()

    @property
    def deadline_passed(self) -> bool:
        return self.submission_deadline <= timezone.now()


class TenderQuestion(models.Model):
    """A question bidders answer, with a word limit and plain-language guidance."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    guidance = models.TextField(blank=True)
    word_limit = models.PositiveIntegerField(default=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(word_limit__gte=10), name="question_word_limit_min"
            )
        ]

    def __str__(self) -> str:
        return self.text


class BidStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Bid(models.Model):
    """A supplier's bid for a tender. Sealed from the buyer until opened after the deadline."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="bids")
    status = models.CharField(
        max_length=20, choices=BidStatus.choices, default=BidStatus.DRAFT, editable=False
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "supplier"], name="bid_one_per_supplier")
        ]

    def __str__(self) -> str:
        return f"Bid from {self.supplier} for {self.tender}"


class BidAnswer(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TenderQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"
