"""The contract register and relational check-ins."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from commissioning.models import Commission, Mission, Place


class ContractKind(models.TextChoices):
    TENDERED = "tendered", "Contract from a tender"
    IN_HOUSE = "in_house", "In-house service agreement"
    GRANT = "grant", "Grant agreement"
    PARTNERSHIP = "partnership", "Partnership"


class ContractStatus(models.TextChoices):
    MOBILISING = "mobilising", "Mobilising"
    ACTIVE = "active", "Active"
    IN_EXTENSION = "in_extension", "In extension"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"


class Contract(models.Model):
    """An agreement to deliver a service, whether tendered, in-house or grant-funded."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contracts"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ContractKind.choices)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_contracts",
    )
    # For in-house teams, which are not organisations of their own.
    provider_name = models.CharField(max_length=200, blank=True)
    commission = models.ForeignKey(
        Commission, on_delete=models.SET_NULL, null=True, blank=True, related_name="contracts"
    )
    tender = models.ForeignKey(
        "procurement.Tender",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contracts",
    )
    value = models.DecimalField(max_digits=14, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(
        max_length=20,
        choices=ContractStatus.choices,
        default=ContractStatus.MOBILISING,
        editable=False,
    )
    contract_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    missions = models.ManyToManyField(Mission, related_name="contracts", blank=True)
    places = models.ManyToManyField(Place, related_name="contracts", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["end_date", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_start",
            ),
            # Exactly one of the two: a provider organisation, or the name of a team
            # (such as an in-house service) that is not an organisation in Kindred.
            models.CheckConstraint(
                condition=(models.Q(provider__isnull=False) & models.Q(provider_name=""))
                | (models.Q(provider__isnull=True) & ~models.Q(provider_name="")),
                name="contract_has_provider",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_display(self) -> str:
        return str(self.provider) if self.provider_id else self.provider_name


class CheckIn(models.Model):
    """A relational check-in: the story of the period, not just the numbers."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="checkins")
    held_on = models.DateField()
    story = models.TextField(help_text="What happened for the people using the service.")
    went_well = models.TextField(blank=True)
    was_hard = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Check-in on {self.held_on:%d %B %Y}"

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id
