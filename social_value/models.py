"""Kindred's own open set of social value measures."""

from __future__ import annotations

from django.db import models


class Theme(models.TextChoices):
    # The themes of the UK Social Value Model (published by the Cabinet Office).
    COVID_RECOVERY = "recovery", "Helping local communities to manage and recover"
    ECONOMIC_INEQUALITY = "economic_inequality", "Tackling economic inequality"
    CLIMATE = "climate", "Fighting climate change"
    EQUAL_OPPORTUNITY = "equal_opportunity", "Equal opportunity"
    WELLBEING = "wellbeing", "Wellbeing"


class Measure(models.Model):
    """A measurable kind of social value, such as 'local people employed'."""

    theme = models.CharField(max_length=30, choices=Theme.choices)
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["theme", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"


class Commitment(models.Model):
    """A measurable social value promise on a contract, such as '12 apprenticeships'.

    Carried over from the winning bid when a tender is awarded, or added directly.
    """

    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.CASCADE, related_name="commitments"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="commitments")
    quantity = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=60, blank=True)
    period = models.CharField(
        max_length=60, blank=True, help_text="The period the promise covers, like 'each year'."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure__theme", "measure__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="commitment_quantity_positive"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.quantity.normalize():f} {self.unit or self.measure.unit}: {self.measure.name}"
        )

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    VERIFIED = "verified", "Verified"


class DeliveryReturn(models.Model):
    """What the provider delivered against one commitment in one period, with evidence."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="returns")
    period = models.CharField(max_length=60)
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DUE, editable=False
    )
    quantity_delivered = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(blank=True)
    # Stored under a generated name in private media; served only by a permission-checked view.
    evidence_file = models.FileField(upload_to="social-value/", blank=True)
    evidence_file_name = models.CharField(max_length=200, blank=True)
    query_note = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period"], name="one_return_per_commitment_period"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_delivered__isnull=True)
                | models.Q(quantity_delivered__gte=0),
                name="return_quantity_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.commitment.measure.name}: {self.period}"

    @property
    def organisation_id(self) -> int:
        return self.commitment.contract.organisation_id
