"""Missions, places, needs, commissions and outcome-based specifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation


class MissionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ACHIEVED = "achieved", "Achieved"
    RETIRED = "retired", "Retired"


class Mission(models.Model):
    """A long-term goal the council commits to, such as 'everyone eats well every day'."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="missions"
    )
    title = models.CharField(max_length=120)
    statement = models.CharField(max_length=300)
    narrative = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=MissionStatus.choices, default=MissionStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="mission_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class PlaceKind(models.TextChoices):
    AUTHORITY = "authority", "Authority"
    AREA = "area", "Area"
    WARD = "ward", "Ward"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"


class Place(models.Model):
    """A place in the authority's hierarchy: authority, area, ward or neighbourhood."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="place_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Need(models.Model):
    """A need of a group of people, with the evidence for it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(max_length=200)
    description = models.TextField()
    population_group = models.CharField(max_length=200, blank=True)
    missions = models.ManyToManyField(Mission, related_name="needs", blank=True)
    places = models.ManyToManyField(Place, related_name="needs", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CommissionStatus(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    OPTIONS_APPRAISAL = "options_appraisal", "Options appraisal"
    ROUTE_DECIDED = "route_decided", "Route decided"
    IN_PROCUREMENT = "in_procurement", "In procurement"
    IN_DELIVERY = "in_delivery", "In delivery"
    UNDER_REVIEW = "under_review", "Under review"
    CLOSED = "closed", "Closed"


class Commission(models.Model):
    """A piece of commissioning work that answers one or more needs."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="commissions"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    needs = models.ManyToManyField(Need, related_name="commissions", blank=True)
    missions = models.ManyToManyField(Mission, related_name="commissions", blank=True)
    places = models.ManyToManyField(Place, related_name="commissions", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    spend_category = models.CharField(max_length=120, blank=True)
    budget_min = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(
        max_length=30,
        choices=CommissionStatus.choices,
        default=CommissionStatus.SCOPING,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_min__lte=models.F("budget_max")),
                name="commission_budget_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Specification(models.Model):
    """The outcome-based specification of a commission, drafted in sections."""

    commission = models.OneToOneField(
        Commission, on_delete=models.CASCADE, related_name="specification"
    )
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.commission.organisation_id


class SectionKind(models.TextChoices):
    BACKGROUND = "background", "Background"
    OUTCOMES = "outcomes", "The outcomes sought"
    REQUIREMENTS = "requirements", "Requirements"
    QUESTIONS = "questions", "Questions to the market"
    CONSTRAINTS = "constraints", "Constraints"
    BUDGET = "budget", "Budget"
    TIMELINE = "timeline", "Timeline"


class SpecificationSection(models.Model):
    """One section of a specification. `revision` guards against lost concurrent edits."""

    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(max_length=20, choices=SectionKind.choices)
    heading = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading

    @property
    def organisation_id(self) -> int:
        return self.specification.commission.organisation_id


class SpecificationVersion(models.Model):
    """A frozen, issued version of a specification, with the reason it was issued."""

    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    change_note = models.TextField()
    snapshot = models.JSONField()
    readability_score = models.FloatField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "number"], name="specification_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.specification} v{self.number}"
