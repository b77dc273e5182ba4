"""Market engagement before a tender: a brief, questions for the market, an optional
event, suppliers' private responses and the insights the buyer draws from them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from accounts.models import Organisation
from commissioning.models import (
    Commission,
    Requirement,
    SpecificationSection,
    SpecificationVersion,
)


class EngagementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for responses"
    CLOSED = "closed", "Closed"


class MarketEngagement(models.Model):
    """A commissioner's invitation to the market to help shape a commission."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="market_engagements"
    )
    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="market_engagements"
    )
    title = models.CharField(max_length=200)
    brief = models.TextField()
    response_deadline = models.DateTimeField()
    status = models.CharField(
        max_length=20,
        choices=EngagementStatus.choices,
        default=EngagementStatus.DRAFT,
        editable=False,
    )
    # The optional market event.
    event_starts_at = models.DateTimeField(null=True, blank=True)
    event_location = models.CharField(max_length=300, blank=True)
    event_online_url = models.URLField(blank=True)
    event_capacity = models.PositiveIntegerField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-response_deadline", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event_capacity__isnull=True) | models.Q(event_capacity__gte=1),
                name="engagement_event_capacity_positive",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_event(self) -> bool:
        return self.event_starts_at is not None

    @property
    def is_draft(self) -> bool:
        return self.status == EngagementStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == EngagementStatus.OPEN


class EngagementQuestion(models.Model):
    """A question for the market, tied to the part of the specification it should shape."""

    engagement = models.ForeignKey(
        MarketEngagement, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(max_length=500)
    guidance = models.TextField(blank=True)
    word_limit = models.PositiveIntegerField(default=300)
    position = models.PositiveIntegerField(default=0)
    section = models.ForeignKey(
        SpecificationSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_questions",
    )
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_questions",
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(word_limit__gte=10), name="engagement_question_word_limit_min"
            )
        ]

    def __str__(self) -> str:
        return self.text


class EventSignup(models.Model):
    """One person's place at the market event."""

    engagement = models.ForeignKey(
        MarketEngagement, on_delete=models.CASCADE, related_name="signups"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    access_needs = models.TextField(blank=True)
    signed_up_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "user"], name="signup_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.engagement}"


class EngagementResponse(models.Model):
    """A supplier's response. Private to the supplier while a draft, then to the buyer."""

    engagement = models.ForeignKey(
        MarketEngagement, on_delete=models.CASCADE, related_name="responses"
    )
    supplier = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="engagement_responses"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "supplier"], name="engagement_response_once_per_supplier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier} on {self.engagement}"

    @property
    def organisation_id(self) -> int:
        """The buyer: rules about the buyer's side read this."""
        return self.engagement.organisation_id


class EngagementAnswer(models.Model):
    response = models.ForeignKey(
        EngagementResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        EngagementQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="engagement_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class MarketInsight(models.Model):
    """What the buyer learned from the market, tagged, tied to the specification item it
    should change, and cited by the specification version that acted on it."""

    engagement = models.ForeignKey(
        MarketEngagement, on_delete=models.CASCADE, related_name="insights"
    )
    text = models.TextField()
    tags = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    answers = models.ManyToManyField(EngagementAnswer, related_name="insights", blank=True)
    section = models.ForeignKey(
        SpecificationSection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_insights",
    )
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_insights",
    )
    cited_in_version = models.ForeignKey(
        SpecificationVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="market_insights",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def organisation_id(self) -> int:
        return self.engagement.organisation_id
