"""The contract register and relational check-ins."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from commissioning.models import (
    Commission,
    Indicator,
    IndicatorReading,
    Mission,
    Outcome,
    Place,
)
from core.formatting import uk_date


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


# The most a contract's value can be (its column holds 14 digits, 2 of them pence). A change,
# or a bid's price that would become one, past it is refused with a message: the database
# would refuse it with a server error.
MAX_CONTRACT_VALUE = Decimal("999999999999.99")


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
    outcomes = models.ManyToManyField(Outcome, related_name="contracts", blank=True)
    # How often the two sides meet to check in, in months; blank for ad-hoc only.
    checkin_cadence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["end_date", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "end_date"]),
            # The dashboard's contracts ending soonest: a council's first few, not a sort of all.
            models.Index(fields=["organisation", "end_date", "id"], name="contract_org_ending_idx"),
        ]
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


class Side(models.TextChoices):
    BUYER = "buyer", "Buyer"
    PROVIDER = "provider", "Provider"


class CheckInStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Being written"
    PUBLISHED = "published", "Shared"


class CheckIn(models.Model):
    """A relational check-in, written by both sides: the story of the period, not just numbers."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="checkins")
    held_on = models.DateField()
    status = models.CharField(
        max_length=20,
        choices=CheckInStatus.choices,
        default=CheckInStatus.SCHEDULED,
        editable=False,
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["status", "held_on"])]

    def __str__(self) -> str:
        return f"Check-in on {uk_date(self.held_on)}"

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id

    @property
    def is_published(self) -> bool:
        return self.status == CheckInStatus.PUBLISHED


class CheckInContribution(models.Model):
    """One side's part of a check-in. Private to that side until both have submitted."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="contributions")
    side = models.CharField(max_length=10, choices=Side.choices)
    story = models.TextField(help_text="What happened for the people using the service.")
    went_well = models.TextField(blank=True)
    was_hard = models.TextField(blank=True)
    learning = models.TextField(blank=True)
    outcome_contribution = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["side"]
        constraints = [
            models.UniqueConstraint(fields=["checkin", "side"], name="one_contribution_per_side")
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} side of {self.checkin}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class HealthDimension(models.TextChoices):
    TRUST = "trust", "Trust"
    COMMUNICATION = "communication", "Communication"
    SHARED_PURPOSE = "shared_purpose", "Shared purpose"
    MUTUAL_BENEFIT = "mutual_benefit", "Mutual benefit"


class HealthRating(models.Model):
    """How one side rates the relationship on one dimension, from 1 (poor) to 5 (strong)."""

    contribution = models.ForeignKey(
        CheckInContribution, on_delete=models.CASCADE, related_name="ratings"
    )
    dimension = models.CharField(max_length=20, choices=HealthDimension.choices)
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["contribution", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "dimension"], name="one_rating_per_dimension"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="health_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.score}"


class Action(models.Model):
    """Something agreed at a check-in. Open actions carry forward to the next check-in."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="actions")
    raised_in = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions_raised"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200)
    due_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_date", "pk"]
        indexes = [models.Index(fields=["done_at", "due_date"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SIX_MONTHLY = "six_monthly", "Every 6 months"
    ANNUALLY = "annually", "Once a year"


class Kpi(models.Model):
    """A key performance indicator agreed for a contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    measure = models.CharField(max_length=300, help_text="How it is measured.")
    target = models.CharField(max_length=200)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    # The mission indicator this KPI feeds: each of its readings becomes a reading of the
    # indicator, attributed to this contract (contracts.indicator_readings.services).
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "KPI"

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id

    @property
    def latest_reading(self) -> KpiReading | None:
        # Reads the prefetched readings, so a page of KPIs costs no extra query.
        readings = list(self.readings.all())
        return readings[-1] if readings else None


class KpiReading(models.Model):
    """The value of a KPI for one period, entered alone or at a check-in."""

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="readings")
    period = models.CharField(max_length=60)
    value = models.CharField(max_length=100)
    note = models.TextField(blank=True)
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpi_readings"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kpi", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="one_reading_per_kpi_period")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.value} ({self.period})"


class ReadingContribution(models.Model):
    """A contract that contributed to an indicator reading. A reading taken from one of the
    contract's KPIs names that KPI reading, so a second sync updates it instead of adding
    another."""

    reading = models.ForeignKey(
        IndicatorReading, on_delete=models.CASCADE, related_name="contributions"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="reading_contributions"
    )
    kpi_reading = models.OneToOneField(
        KpiReading,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_contribution",
    )

    class Meta:
        ordering = ["reading", "contract"]
        constraints = [
            models.UniqueConstraint(
                fields=["reading", "contract"], name="one_contribution_per_reading_contract"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} contributed to {self.reading}"


class Rating(models.TextChoices):
    # The four ratings the Procurement Act 2023 uses for KPI assessments.
    GOOD = "good", "Good"
    APPROACHING = "approaching", "Approaching target"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class PerformanceAssessment(models.Model):
    """The annual (or end-of-contract) assessment: each KPI rated, with a narrative."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="assessments")
    period = models.CharField(max_length=60)
    assessed_on = models.DateField()
    narrative = models.TextField()
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"Performance assessment: {self.period}"

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id


class KpiRating(models.Model):
    assessment = models.ForeignKey(
        PerformanceAssessment, on_delete=models.CASCADE, related_name="ratings"
    )
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="ratings")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["kpi"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kpi"], name="one_rating_per_kpi")
        ]

    def __str__(self) -> str:
        return f"{self.kpi}: {self.get_rating_display()}"


class Modification(models.Model):
    """A change to the contract, logged with its reason and any change in value."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="modifications")
    made_on = models.DateField()
    description = models.TextField()
    reason = models.TextField()
    value_change = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"Change on {uk_date(self.made_on)}"

    @property
    def organisation_id(self) -> int:
        return self.contract.organisation_id


class ExtensionOption(models.Model):
    """An option in the contract to run on for longer."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="extension_options"
    )
    months = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=1), name="extension_months_1_plus"
            )
        ]

    def __str__(self) -> str:
        return f"Option to extend by {self.months} months"


class Decision(models.TextChoices):
    EXTEND = "extend", "Extend"
    REPROCURE = "reprocure", "Buy again through a new procurement"
    IN_HOUSE = "in_house", "Bring the service in-house"
    STOP = "stop", "Stop the service"


class RecommissioningDecision(models.Model):
    """What happens when the contract ends, decided ahead of the end date."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="recommissioning_decisions"
    )
    decision = models.CharField(max_length=20, choices=Decision.choices)
    reason = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return self.get_decision_display()


class LearningEntry(models.Model):
    """Something learned, including what did not work, so others can use it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="learning_entries"
    )
    title = models.CharField(max_length=200)
    body = models.TextField()
    did_not_work = models.BooleanField(default=False)
    is_public = models.BooleanField(default=False)
    contract = models.ForeignKey(
        Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning"
    )
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning"
    )
    commission = models.ForeignKey(
        Commission, on_delete=models.SET_NULL, null=True, blank=True, related_name="learning"
    )
    missions = models.ManyToManyField(Mission, related_name="learning", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "learning entries"

    def __str__(self) -> str:
        return self.title


# --- The voice of people who use the service -------------------------------------------------
class UserDimension(models.TextChoices):
    """What people who use a service rate, in their own terms (the field names on a voice)."""

    RESPECT = "respect", "I am treated with respect"
    RELIABLE = "reliable", "The service is reliable"
    DIFFERENCE = "difference", "It makes a difference in my life"


class VoiceInvitation(models.Model):
    """An email asking one person who uses the service how it is going, for one check-in.

    The address is kept only until the email is sent; after that only a keyed hash of it
    stays, so the same address is not asked twice about the same check-in. Neither the
    invitation nor the answer points to the other, so an answer cannot be traced to an
    address: `answered` only stops a second answer through the same link.
    """

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="voice_invitations")
    email = models.EmailField(blank=True)
    email_hash = models.CharField(max_length=64)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "email_hash"], name="one_voice_invitation_per_address"
            )
        ]
        indexes = [
            # The outbox sweep (`voice_invitations_catch_up`, every minute): only the
            # invitations whose email is still to send, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(sent_at__isnull=True) & ~models.Q(email=""),
                name="voice_invitation_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to have a say about the {self.checkin}"

    @property
    def organisation_id(self) -> int:
        return self.checkin.contract.organisation_id


class ServiceUserVoice(models.Model):
    """What one person who uses the service said at a check-in. Anonymous by design: no
    name, no address, no link to the invitation; only the day it was given."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="voices")
    story = models.TextField(blank=True)
    respect = models.PositiveSmallIntegerField()
    reliable = models.PositiveSmallIntegerField()
    difference = models.PositiveSmallIntegerField()
    # The person agreed that their story may be shown on the council's public pages.
    share_publicly = models.BooleanField(default=False)
    given_on = models.DateField()

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"voice_{name}_1_to_5",
            )
            for name in UserDimension.values
        ]

    def __str__(self) -> str:
        return f"A person who uses the service, {uk_date(self.given_on)}"

    @property
    def scores(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, value)) for value, label in UserDimension.choices]
