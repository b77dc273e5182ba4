"""Tenders, questions to bidders and sealed bids."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from accounts.models import Organisation
from commissioning.models import Commission, SpecificationVersion
from core.uploads import private_name_for


class TenderStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Open for bids"
    DIALOGUE = "dialogue", "In dialogue"
    FINAL_SUBMISSIONS = "final_submissions", "Final submissions"
    CLOSED = "closed", "Closed"
    EVALUATION = "evaluation", "In evaluation"
    AWARD_DECISION = "award_decision", "Award decision"
    STANDSTILL = "standstill", "Standstill"
    READY_TO_AWARD = "ready_to_award", "Ready to award"
    AWARDED = "awarded", "Awarded"
    CANCELLED = "cancelled", "Cancelled"


PUBLIC_STATUSES = frozenset(set(TenderStatus) - {TenderStatus.DRAFT})
OPEN_FOR_BIDS = frozenset({TenderStatus.PUBLISHED, TenderStatus.FINAL_SUBMISSIONS})
# Once the contract is awarded or the tender cancelled there is nothing left to leave.
FINISHED_STATUSES = frozenset({TenderStatus.AWARDED, TenderStatus.CANCELLED})


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
    # How many documents (policies, certificates, case studies) each bidder must attach:
    # part of the bid burden the tender page shows (`procurement.burden`).
    documents_requested = models.PositiveSmallIntegerField(default=0)
    clarification_deadline = models.DateTimeField(null=True, blank=True)
    submission_deadline = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    bids_opened_at = models.DateTimeField(null=True, blank=True, editable=False)
    bids_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True, editable=False)
    # Required for a direct award: why there is no competition (shown on the public page).
    direct_award_justification = models.TextField(blank=True)
    max_score = models.PositiveSmallIntegerField(
        default=5, help_text="Quality and social value answers are scored from 0 to this."
    )
    score_descriptors = models.JSONField(default=list, blank=True)
    price_formula = models.CharField(max_length=20, default="lowest_ratio")
    # Limits on lots, where the buyer sets them (blank: no limit).
    max_lots_per_bid = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The most lots one supplier may bid for."
    )
    max_lots_won = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The most lots one supplier may win."
    )
    # Set by the award decision; the standstill ends at the end of this UK working day.
    winning_bid = models.ForeignKey(
        "Bid", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    award_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    award_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    award_rationale = models.TextField(blank=True, editable=False)
    standstill_ends_on = models.DateField(null=True, blank=True, editable=False)
    awarded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submission_deadline", "-pk"]
        indexes = [
            # The dashboard's latest tenders: a council's few newest rows, not a sort of all.
            models.Index(
                fields=["organisation", "-updated_at", "-id"], name="tender_org_recent_idx"
            ),
        ]
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

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


class TenderQuestion(models.Model):
    """A question bidders answer, with a word limit and plain-language guidance."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=500)
    guidance = models.TextField(blank=True)
    word_limit = models.PositiveIntegerField(default=500)
    position = models.PositiveIntegerField(default=0)
    criterion = models.ForeignKey(
        "Criterion", on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    # A question for one lot only; none: one of the tender's questions (see procurement.lots).
    lot = models.ForeignKey(
        "Lot", on_delete=models.CASCADE, null=True, blank=True, related_name="questions"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(word_limit__gte=10), name="question_word_limit_min"
            )
        ]

    def __str__(self) -> str:
        return self.text


# --- Taking part ---------------------------------------------------------------------------
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
    take part, by asking a question or by starting a bid; once it withdraws it cannot
    take part or bid again.
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
    # The buyer excluded the supplier (Procurement Act 2023, sections 57 and 58).
    excluded_at = models.DateTimeField(null=True, blank=True, editable=False)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    exclusion_reason = models.TextField(blank=True, editable=False)
    # Competitive flexible procedure: the buyer did not take the supplier forward to the
    # next stage (`procurement.stages.participant_not_taken_forward`).
    not_taken_forward_at = models.DateTimeField(null=True, blank=True, editable=False)
    not_taken_forward_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    not_taken_forward_reason = models.TextField(blank=True, editable=False)
    # Conditions of participation (`procurement.conditions`): when the supplier answered
    # them, and the buyer's pass or fail with its reason. An assessment is final.
    conditions_answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    conditions_passed = models.BooleanField(null=True, blank=True, editable=False)
    conditions_assessed_at = models.DateTimeField(null=True, blank=True, editable=False)
    conditions_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    conditions_reason = models.TextField(blank=True, editable=False)

    class Meta:
        # The table was created by the dialogue app, which held this model first.
        db_table = "dialogue_tenderparticipant"
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "supplier"], name="participant_once_per_tender"
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="participant_withdrawal_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(excluded_at__isnull=True) | ~models.Q(exclusion_reason=""),
                name="participant_exclusion_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(not_taken_forward_at__isnull=True)
                | ~models.Q(not_taken_forward_reason=""),
                name="participant_not_taken_forward_has_reason",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(conditions_assessed_at__isnull=True, conditions_passed__isnull=True)
                    | (
                        models.Q(
                            conditions_assessed_at__isnull=False, conditions_passed__isnull=False
                        )
                        & ~models.Q(conditions_reason="")
                    )
                ),
                name="participant_conditions_assessment_has_result_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} in {self.tender}"

    @property
    def is_active(self) -> bool:
        """Still taking part: the supplier has not withdrawn."""
        return self.withdrawn_at is None

    @property
    def is_excluded(self) -> bool:
        return self.excluded_at is not None

    @property
    def is_taken_forward(self) -> bool:
        return self.not_taken_forward_at is None

    @property
    def failed_conditions(self) -> bool:
        return self.conditions_passed is False

    @property
    def conditions_assessed(self) -> bool:
        return self.conditions_assessed_at is not None

    @property
    def was_removed(self) -> bool:
        """The buyer took the supplier out of the process: excluded it, did not take it
        forward at a stage, or found it did not meet the conditions of participation."""
        return self.is_excluded or not self.is_taken_forward or self.failed_conditions

    @property
    def is_in_process(self) -> bool:
        """Still in the competition: neither withdrawn nor taken out by the buyer."""
        return self.is_active and not self.was_removed

    @property
    def organisation_id(self) -> int:
        """The buyer: rules about the buyer's side read this."""
        return self.tender.organisation_id


# --- Conditions of participation (Procurement Act 2023, section 22) ------------------------
class ConditionKind(models.TextChoices):
    """What a condition of participation may be about (section 22(1))."""

    LEGAL = "legal", "Legal capacity"
    FINANCIAL = "financial", "Financial capacity"
    TECHNICAL = "technical", "Technical ability"


class ParticipationCondition(models.Model):
    """One condition a supplier must meet to take part: a question and what a pass looks
    like. Set while the tender is a draft; fixed once it is published."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="conditions")
    kind = models.CharField(max_length=20, choices=ConditionKind.choices)
    question = models.CharField(max_length=500)
    pass_description = models.TextField()
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.question


class ConditionAnswer(models.Model):
    """A supplier's answer to one condition of participation."""

    participant = models.ForeignKey(
        TenderParticipant, on_delete=models.CASCADE, related_name="condition_answers"
    )
    condition = models.ForeignKey(
        ParticipationCondition, on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField()
    answered_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["condition__position", "condition_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "condition"], name="condition_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"Answer to {self.condition}"


class BidStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # The buyer excluded the supplier from the tender: the bid is not evaluated.
    EXCLUDED = "excluded", "Excluded"


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

    @property
    def is_withdrawn(self) -> bool:
        return self.status == BidStatus.WITHDRAWN


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


# --- Criteria ------------------------------------------------------------------------------
class CriterionKind(models.TextChoices):
    QUALITY = "quality", "Quality"
    SOCIAL_VALUE = "social_value", "Social value"
    PRICE = "price", "Price"


class PriceFormula(models.TextChoices):
    LOWEST_RATIO = "lowest_ratio", "Lowest price divided by bid price, times the price weight"
    LINEAR = "linear", "Lose 1% of the price weight for every 1% above the lowest price"


DEFAULT_SCORE_DESCRIPTORS = [
    "No answer, or the answer does not address the question.",
    "Poor: major gaps or doubts about delivery.",
    "Weak: some of the question is addressed, with gaps.",
    "Satisfactory: meets the requirement.",
    "Good: meets the requirement with some added value and evidence.",
    "Excellent: exceeds the requirement with strong evidence.",
]


class Criterion(models.Model):
    """One node of a tender's criteria tree.

    The top level holds quality, social value and price; sub-criteria sit below quality
    and social value. Weights are percentages of their parent and sum to 100 at each level.
    """

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=CriterionKind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    weight = models.DecimalField(max_digits=5, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(weight__lte=100),
                name="criterion_weight_percent",
            ),
            models.UniqueConstraint(
                fields=["tender", "kind"],
                condition=models.Q(parent__isnull=True),
                name="criterion_one_top_level_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BuyerProcurementSettings(models.Model):
    """A buyer's own procurement rules, where it goes further than the law's minimum."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="procurement_settings"
    )
    standstill_working_days = models.PositiveSmallIntegerField(default=8)

    class Meta:
        verbose_name_plural = "buyer procurement settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standstill_working_days__gte=8),
                name="standstill_at_least_eight_working_days",
            )
        ]

    def __str__(self) -> str:
        return f"Procurement settings for {self.organisation}"


# --- Evaluation ----------------------------------------------------------------------------
class PanelKind(models.TextChoices):
    EVALUATOR = "evaluator", "Evaluator"
    LIVED_EXPERIENCE = "lived_experience", "Lived-experience member"


class PanelMember(models.Model):
    """A person on a tender's evaluation panel: one of the buyer's evaluators, or a person
    with lived experience (no role at the buyer) who scores chosen questions only, from
    answers with the bidders' names taken out (procurement.lived_experience)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="panel")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats"
    )
    kind = models.CharField(
        max_length=20, choices=PanelKind.choices, default=PanelKind.EVALUATOR, editable=False
    )
    # A lived-experience member scores these questions only; an evaluator scores them all.
    questions = models.ManyToManyField(TenderQuestion, blank=True, related_name="+")
    # The emailed link with which a lived-experience member sets up their account; cleared
    # once used.
    invitation_token = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    invitation_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the link was emailed: the outbox sweep sends the ones the broker never took.
    invitation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A lived-experience member never sees who bid, so they name the organisations they
    # are connected to instead; the commissioner checks them against the bidders, and
    # only then is the declaration signed (`declared_at`).
    connections_named_at = models.DateTimeField(null=True, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    # Signed before seeing any bid; a declared conflict removes the person from the tender.
    declared_at = models.DateTimeField(null=True, blank=True, editable=False)
    has_conflict = models.BooleanField(default=False, editable=False)
    declaration = models.TextField(blank=True, editable=False)
    # The bidders named on the declaration when it was signed (organisation names).
    declared_bidders = models.JSONField(default=list, blank=True, editable=False)
    scores_submitted_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "evaluator"], name="panel_member_once")
        ]
        indexes = [
            # The outbox sweep (`lived_experience_invitations_catch_up`, every minute):
            # only the links still to email, oldest first.
            models.Index(
                fields=["added_at", "id"],
                condition=models.Q(invitation_token__isnull=False, invitation_sent_at__isnull=True),
                name="panel_invitation_unsent_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} on {self.tender}"

    @property
    def is_cleared(self) -> bool:
        return self.declared_at is not None and not self.has_conflict

    @property
    def is_lived_experience(self) -> bool:
        return self.kind == PanelKind.LIVED_EXPERIENCE

    @property
    def awaiting_account(self) -> bool:
        """Sent a link to set up their account, and not yet used it."""
        return self.invitation_token is not None

    @property
    def invitation_expired(self) -> bool:
        return (
            self.invitation_expires_at is not None and self.invitation_expires_at <= timezone.now()
        )

    @property
    def awaiting_check(self) -> bool:
        """Named connections that the commissioner has not yet checked."""
        return self.connections_named_at is not None and self.declared_at is None


class Score(models.Model):
    """One evaluator's independent score for one bid's answer to one question."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(TenderQuestion, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "question", "evaluator"], name="score_once_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} for {self.bid} on {self.question}"


class ConsensusScore(models.Model):
    """The moderated score the panel agreed for one bid's answer, with the reason."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="consensus_scores")
    question = models.ForeignKey(
        TenderQuestion, on_delete=models.CASCADE, related_name="consensus_scores"
    )
    score = models.PositiveSmallIntegerField()
    rationale = models.TextField()
    moderation_note = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moderated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="consensus_once_per_answer")
        ]

    def __str__(self) -> str:
        return f"Consensus {self.score} for {self.bid} on {self.question}"


class Concern(models.Model):
    """A concern an evaluator raised about a bid's answer: for dialogue and feedback."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="concerns")
    question = models.ForeignKey(TenderQuestion, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


# --- What a bid offers besides answers ----------------------------------------------------
class PriceLine(models.Model):
    """One line of a bid's price schedule."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="price_lines")
    item = models.CharField(max_length=200)
    quantity = models.DecimalField(max_digits=12, decimal_places=2, default=1)
    unit_price = models.DecimalField(max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField(default=0)
    # In a tender with lots, each line prices one lot: each lot is ranked on its own price.
    lot = models.ForeignKey(
        "Lot", on_delete=models.CASCADE, null=True, blank=True, related_name="price_lines"
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0) & models.Q(unit_price__gte=0),
                name="price_line_positive",
            )
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def total(self):
        return self.quantity * self.unit_price


class BidCommitment(models.Model):
    """A social value commitment offered in a bid, carried into the contract on award."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="commitments")
    measure = models.ForeignKey("social_value.Measure", on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="commitment_positive"),
            models.UniqueConstraint(fields=["bid", "measure"], name="commitment_once_per_measure"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.measure.unit} of {self.measure.name}"


def _attachment_path(instance: BidAttachment, filename: str) -> str:
    return private_name_for(f"private/bids/{instance.bid_id}", filename)


class BidAttachment(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class FeedbackLetter(models.Model):
    """The assessment summary sent to one bidder before the contract is entered."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="feedback_letter")
    report = models.ForeignKey(
        "reports.Report", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Feedback letter for {self.bid}"


class LotStatus(models.TextChoices):
    OPEN = "open", "In competition"
    AWARD_DECISION = "award_decision", "Award decision"
    STANDSTILL = "standstill", "Standstill"
    AWARDED = "awarded", "Awarded"
    NO_AWARD = "no_award", "Not awarded"


class Lot(models.Model):
    """A part of a tender that suppliers can choose to bid for. Each lot is ranked,
    decided, held in standstill and awarded on its own, and becomes its own contract."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="lots")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=LotStatus.choices, default=LotStatus.OPEN, editable=False
    )
    winning_bid = models.ForeignKey(
        Bid, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    award_decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    award_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    award_rationale = models.TextField(blank=True, editable=False)
    # Why the highest-ranked bid did not win, when a limit on lots won passed it over.
    award_note = models.TextField(blank=True, editable=False)
    standstill_ends_on = models.DateField(null=True, blank=True, editable=False)
    awarded_at = models.DateTimeField(null=True, blank=True, editable=False)
    contract = models.OneToOneField(
        "contracts.Contract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lot",
        editable=False,
    )
    # The buyer chooses, before publication, whether this lot is judged with its own
    # weights (LotWeight rows) or with the tender's shared criteria and weights.
    own_weights = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "title"], name="lot_title_unique_in_tender")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        """The buyer: rules about the buyer's side read this."""
        return self.tender.organisation_id

    @property
    def is_awarded(self) -> bool:
        return self.status == LotStatus.AWARDED


class LotWeight(models.Model):
    """A lot's own weight for one criterion of the tender's tree, used when the lot has
    its own weights. A criterion with no row for the lot keeps the tender's weight."""

    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="weights")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="lot_weights")
    weight = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lot", "criterion"], name="lot_weight_once"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=0) & models.Q(weight__lte=100),
                name="lot_weight_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot}: {self.criterion} {self.weight}%"


class BidLot(models.Model):
    """A lot that a bid covers. A supplier may bid for some lots and not others."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="bid_lots")
    lot = models.ForeignKey(Lot, on_delete=models.CASCADE, related_name="bid_lots")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bid", "lot"], name="bid_lot_once")]

    def __str__(self) -> str:
        return f"{self.bid} covers {self.lot}"


# --- Direct award (Procurement Act 2023, section 41 and Schedule 5) -----------------------
class DirectAwardGround(models.TextChoices):
    """The grounds in Schedule 5 of the Procurement Act 2023 on which a contract may be
    awarded without a competition, in plain words, each with its paragraph."""

    PROTOTYPE = "prototype", "A prototype or something new, to test or develop it (paragraph 2)"
    ARTISTIC = "artistic", "A unique work of art or artistic performance (paragraph 4)"
    EXCLUSIVE_RIGHTS = (
        "exclusive_rights",
        "Only this supplier holds the rights (such as intellectual property) and there is no "
        "reasonable alternative (paragraph 5)",
    )
    TECHNICAL = (
        "technical",
        "For technical reasons no other supplier can do it and there is no reasonable "
        "alternative (paragraph 6)",
    )
    ADDITIONAL = (
        "additional",
        "More of what the current supplier already provides, where a new supplier would "
        "cause real technical difficulty (paragraph 7)",
    )
    REPEAT = (
        "repeat",
        "Repeat work within five years of a competition that said it might follow (paragraph 8)",
    )
    COMMODITIES = "commodities", "Goods bought on a commodities market (paragraph 9)"
    INSOLVENCY = (
        "insolvency",
        "Unusually good terms because a business is closing down or insolvent (paragraph 10)",
    )
    URGENCY = (
        "urgency",
        "Extreme urgency that could not be foreseen and is not the council's doing (paragraph 13)",
    )
    PROTECTING_LIFE = (
        "protecting_life",
        "Needed to protect life, public health or public order (paragraph 14)",
    )
    USER_CHOICE = (
        "user_choice",
        "The person who uses the service has chosen this provider, for example a care home "
        "(paragraph 15)",
    )


class DirectAward(models.Model):
    """Who a direct award is for and why: the supplier the buyer names, the Schedule 5
    grounds and, once the supplier's offer is in, the checks the buyer made instead of a
    competitive evaluation."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="direct_award")
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="direct_awards"
    )
    grounds = ArrayField(
        models.CharField(max_length=30, choices=DirectAwardGround.choices), default=list
    )
    exclusion_checked = models.BooleanField(default=False, editable=False)
    exclusion_notes = models.TextField(blank=True, editable=False)
    conflicts_checked = models.BooleanField(default=False, editable=False)
    conflicts_notes = models.TextField(blank=True, editable=False)
    value_for_money_checked = models.BooleanField(default=False, editable=False)
    value_for_money_notes = models.TextField(blank=True, editable=False)
    capacity_checked = models.BooleanField(default=False, editable=False)
    capacity_notes = models.TextField(blank=True, editable=False)
    checks_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    checks_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    def __str__(self) -> str:
        return f"Direct award of {self.tender} to {self.supplier}"

    def ground_labels(self) -> list[str]:
        labels = dict(DirectAwardGround.choices)
        return [str(labels.get(ground, ground)) for ground in self.grounds]


class TransparencyNotice(models.Model):
    """The public notice that a contract will be awarded directly (Procurement Act 2023,
    section 44), issued when the direct award is published. A snapshot: it keeps what was
    announced even if the tender changes later."""

    tender = models.OneToOneField(
        Tender, on_delete=models.CASCADE, related_name="transparency_notice"
    )
    published_at = models.DateTimeField(default=timezone.now)
    supplier_name = models.CharField(max_length=200)
    grounds = ArrayField(models.CharField(max_length=30), default=list)
    justification = models.TextField()
    estimated_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"Transparency notice for {self.tender}"

    def ground_labels(self) -> list[str]:
        labels = dict(DirectAwardGround.choices)
        return [str(labels.get(ground, ground)) for ground in self.grounds]


# --- Contract award notice (Procurement Act 2023, sections 50 and 51) ----------------------
class AwardNoticeType(models.TextChoices):
    """The Find a Tender notice a record stands for; OCDS carries it as `noticeType`."""

    UK6 = "UK6", "Contract award notice"


class AwardStatus(models.TextChoices):
    """An announced award's state, in the words of the OCDS award status codelist; read
    from the tender or lot (`procurement.award_notices.award_status`), never stored."""

    PENDING = "pending", "In standstill"
    ACTIVE = "active", "Contract signed"
    CANCELLED = "cancelled", "Cancelled"


class AwardNotice(models.Model):
    """The public notice of an award decision (Procurement Act 2023, section 50; Find a
    Tender notice UK6): one per decision, so one per tender, or one per awarded lot of a
    tender with lots. Publishing it starts the standstill (section 51), which ends at the
    end of `standstill_ends_on`.

    A snapshot of what was announced: it is never changed once published (no service
    changes it and `save` refuses to). The award's current state (pending during
    standstill, active once the contract is entered, cancelled) is read from the tender or
    lot, see `procurement.award_notices.award_status`.
    """

    # "<tender reference>-UK6" or "<tender reference>-UK6-L<lot position>": unique, stable,
    # usable as the OCDS award id and the notice document's id.
    reference = models.CharField(max_length=60, unique=True, editable=False)
    notice_type = models.CharField(
        max_length=10, choices=AwardNoticeType.choices, default=AwardNoticeType.UK6, editable=False
    )
    tender = models.ForeignKey(
        Tender, on_delete=models.PROTECT, related_name="award_notices", editable=False
    )
    lot = models.ForeignKey(
        "Lot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_notices",
        editable=False,
    )
    # What the notice is about, as announced: the tender's title, with the lot's.
    title = models.CharField(max_length=420, editable=False)
    # The buyer's plain-language summary of the decision, for the public page.
    summary = models.TextField(editable=False)
    # The award decision this notice announces (OCDS award.date).
    decided_at = models.DateTimeField(editable=False)
    # The standstill, counted in UK working days from the day of publication.
    standstill_starts_on = models.DateField(editable=False)
    standstill_ends_on = models.DateField(editable=False)
    standstill_working_days = models.PositiveSmallIntegerField(editable=False)
    currency = models.CharField(max_length=3, default="GBP", editable=False)
    published_at = models.DateTimeField(default=timezone.now, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender"],
                condition=models.Q(lot__isnull=True),
                name="award_notice_once_per_tender",
            ),
            models.UniqueConstraint(
                fields=["tender", "lot"],
                condition=models.Q(lot__isnull=False),
                name="award_notice_once_per_lot",
            ),
            models.CheckConstraint(
                condition=models.Q(standstill_ends_on__gt=models.F("standstill_starts_on")),
                name="award_notice_standstill_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"Contract award notice {self.reference}"

    def save(self, *args, **kwargs) -> None:
        # A published notice is a public record: a correction would be a new notice, and
        # Kindred does not offer one (see procurement.award_notices).
        if not self._state.adding:
            raise ValueError("A published contract award notice cannot be changed.")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        """The public notice page (the OCDS notice document's url)."""
        from django.urls import reverse

        return reverse("procurement:award_notice", args=[self.pk])

    @property
    def total_value(self):
        return sum((line.value for line in self.suppliers.all()), start=0)


class AwardNoticeSupplier(models.Model):
    """One supplier the notice says will be awarded the contract, with the contract's
    value as announced (the winning bid's price; for a lot, its price for that lot). The
    name and registration numbers are kept as they were on the day (OCDS parties)."""

    notice = models.ForeignKey(
        AwardNotice, on_delete=models.CASCADE, related_name="suppliers", editable=False
    )
    supplier = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="award_notice_lines", editable=False
    )
    bid = models.ForeignKey(
        Bid, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    name = models.CharField(max_length=200, editable=False)
    company_number = models.CharField(max_length=10, blank=True, editable=False)
    charity_number = models.CharField(max_length=10, blank=True, editable=False)
    value = models.DecimalField(max_digits=14, decimal_places=2, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "supplier"], name="award_notice_names_a_supplier_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.notice}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValueError("A published contract award notice cannot be changed.")
        super().save(*args, **kwargs)


# --- Changes to a published tender ---------------------------------------------------------
class TenderChange(models.Model):
    """One change to a published tender: what changed (old and new values as people read
    them), why, who made it and when. Every participant is told once."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="changes")
    # [{"field": ..., "label": ..., "old": ..., "new": ...}, ...]
    changes = models.JSONField(default=list)
    reason = models.TextField()
    reopened = models.BooleanField(default=False)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"Change to {self.tender} on {self.made_at:%Y-%m-%d}"


# --- Exclusion and debarment (Procurement Act 2023, Part 4 and Schedules 6 and 7) -----------
class ExclusionDeclaration(models.Model):
    """A supplier's declaration against every exclusion ground
    (`procurement.exclusion_grounds.GROUNDS`). A new declaration is a new row, so the
    history stays; the newest one counts while it is current
    (`procurement.exclusion.DECLARATION_VALID_FOR`)."""

    supplier = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="exclusion_declarations"
    )
    # {ground code: {"applies": bool, "details": str, "self_cleaning": str}}
    answers = models.JSONField(default=dict)
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-declared_at", "-pk"]

    def __str__(self) -> str:
        return f"Exclusion declaration by {self.supplier} on {self.declared_at:%Y-%m-%d}"

    @property
    def grounds_applying(self) -> list[str]:
        return [code for code, answer in self.answers.items() if answer.get("applies")]


class Debarment(models.Model):
    """An entry on the debarment list that the operator keeps (the Act's central debarment
    list, sections 62 to 64), managed with `manage.py debarment`. It matches a supplier
    organisation by company number, charity number or exact name."""

    name = models.CharField(max_length=200)
    company_number = models.CharField(max_length=10, blank=True)
    charity_number = models.CharField(max_length=10, blank=True)
    reason = models.TextField()
    ends_on = models.DateField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"Debarment of {self.name}"


# --- After the award: what bidders thought of the process -------------------------------------
class WouldBidAgain(models.TextChoices):
    YES = "yes", "Yes"
    MAYBE = "maybe", "Maybe"
    NO = "no", "No"


class BidderFeedbackRequest(models.Model):
    """A bidder organisation asked, once per tender, how the process was for it. Only
    whether it has answered is kept here; the answer is stored apart (`BidderFeedback`),
    with nothing that links it to the bidder."""

    tender = models.ForeignKey(
        Tender, on_delete=models.CASCADE, related_name="bidder_feedback_requests"
    )
    supplier = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField(default=timezone.now)
    responded = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "supplier"], name="one_feedback_request_per_bidder"
            )
        ]

    def __str__(self) -> str:
        return f"How was bidding for {self.tender}?"

    @property
    def organisation_id(self) -> int:
        return self.supplier_id


class BidderFeedback(models.Model):
    """One bidder's anonymous view of how a tender's process went: no bidder, no person
    and no time, so it cannot be traced back to who gave it."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bidder_feedback")
    hours_spent = models.PositiveIntegerField()
    clarity = models.PositiveSmallIntegerField()
    fairness = models.PositiveSmallIntegerField()
    would_bid_again = models.CharField(max_length=10, choices=WouldBidAgain.choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["tender", "comments"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clarity__gte=1, clarity__lte=5),
                name="bidder_feedback_clarity_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(fairness__gte=1, fairness__lte=5),
                name="bidder_feedback_fairness_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"A bidder's view of {self.tender}"
