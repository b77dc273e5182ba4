"""Missions, places, needs, commissions and outcome-based specifications."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from accounts.models import Organisation
from core.formatting import uk_date


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
        max_length=20, choices=MissionStatus.choices, default=MissionStatus.ACTIVE, editable=False
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


class Outcome(models.Model):
    """A change the mission seeks, measured by one or more indicators."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.mission.organisation_id


class Direction(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"


class Indicator(models.Model):
    """How an outcome is measured: a baseline, a target, a unit and where the data comes from."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=60)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    data_source = models.CharField(max_length=200, blank=True)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id(self) -> int:
        return self.outcome.mission.organisation_id


class IndicatorReading(models.Model):
    """One measurement of an indicator on a date, for the whole area or for one place.

    Entered by hand, or taken from a contract KPI mapped to the indicator (`from_kpi`):
    those follow the KPI and change only through it. The contracts that contributed are
    recorded on the contracts side (contracts.ReadingContribution), because contracts
    sit above commissioning.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    date = models.DateField()
    source = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    place = models.ForeignKey(
        "Place", on_delete=models.PROTECT, null=True, blank=True, related_name="readings"
    )
    from_kpi = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        indexes = [
            models.Index(fields=["indicator", "date"]),
            models.Index(fields=["place", "indicator", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} on {uk_date(self.date)}"

    @property
    def organisation_id(self) -> int:
        return self.indicator.outcome.mission.organisation_id


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
    # An official code where there is one, such as an ONS ward code.
    code = models.CharField(max_length=20, blank=True)
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


class EvidenceKind(models.TextChoices):
    STATEMENT = "statement", "Statement"
    DATA_POINT = "data_point", "Data point"
    LINK = "link", "Link"
    DOCUMENT = "document", "Document"
    COMMUNITY_VOICE = "community_voice", "Community voice"


class EvidenceItem(models.Model):
    """One piece of evidence for a need: a fact, a figure, a source or a resident's words."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    summary = models.TextField(help_text="The statement, the quote, or what the figure shows.")
    value = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=200, blank=True)
    source_date = models.DateField(null=True, blank=True)
    url = models.URLField(blank=True)
    document = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    # For community voice: who said it, described without naming them.
    attribution = models.CharField(max_length=200, blank=True)
    # Community voice taken from a comment on the commission's public page.
    from_comment = models.ForeignKey(
        "PublicComment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "from_comment"], name="evidence_one_per_comment_and_need"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.summary[:60]}"

    @property
    def organisation_id(self) -> int:
        return self.need.organisation_id


class CommissionStatus(models.TextChoices):
    SCOPING = "scoping", "Scoping"
    OPTIONS_APPRAISAL = "options_appraisal", "Options appraisal"
    ROUTE_DECIDED = "route_decided", "Route decided"
    IN_PROCUREMENT = "in_procurement", "In procurement"
    IN_DELIVERY = "in_delivery", "In delivery"
    UNDER_REVIEW = "under_review", "Under review"
    CLOSED = "closed", "Closed"


class CommentPhase(models.TextChoices):
    """When in a commission's life the public is asked for views, and what they are asked."""

    BEFORE_AWARD = "before_award", "Before we buy: what matters to you?"
    DURING = "during", "While the service runs: questions about the service"
    AFTER = "after", "After the service: how is it going?"


# The phase each commission status is in. A closed commission takes no more comments.
PHASE_OF_STATUS = {
    CommissionStatus.SCOPING: CommentPhase.BEFORE_AWARD,
    CommissionStatus.OPTIONS_APPRAISAL: CommentPhase.BEFORE_AWARD,
    CommissionStatus.ROUTE_DECIDED: CommentPhase.BEFORE_AWARD,
    CommissionStatus.IN_PROCUREMENT: CommentPhase.BEFORE_AWARD,
    CommissionStatus.IN_DELIVERY: CommentPhase.DURING,
    CommissionStatus.UNDER_REVIEW: CommentPhase.AFTER,
}


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
    outcomes = models.ManyToManyField(Outcome, related_name="commissions", blank=True)
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
    # The route decision of the options appraisal.
    chosen_option = models.ForeignKey(
        "AppraisalOption",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decision_rationale = models.TextField(blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The public page ("what we are buying and why"): a summary written for the public,
    # separate from the internal summary, shown only once the council publishes it, and
    # the phases in which the page asks the public for views.
    public_summary = models.TextField(blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    invite_views_in = ArrayField(
        models.CharField(max_length=20, choices=CommentPhase.choices),
        default=list,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            # The dashboard's and list's newest commissions of one council.
            models.Index(
                fields=["organisation", "-updated_at", "-id"], name="commission_org_recent_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | ~models.Q(public_summary=""),
                name="commission_published_has_public_summary",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_min__isnull=True)
                | models.Q(budget_max__isnull=True)
                | models.Q(budget_min__lte=models.F("budget_max")),
                name="commission_budget_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scoping(self) -> bool:
        return self.status == CommissionStatus.SCOPING

    @property
    def is_appraising(self) -> bool:
        return self.status == CommissionStatus.OPTIONS_APPRAISAL

    @property
    def has_decided_route(self) -> bool:
        """A route was chosen and the appraisal is over."""
        return bool(self.chosen_option_id) and not (self.is_scoping or self.is_appraising)

    @property
    def is_closed(self) -> bool:
        return self.status == CommissionStatus.CLOSED

    @property
    def is_public(self) -> bool:
        """The council has published the commission's public page."""
        return self.published_at is not None

    @property
    def published_summary(self) -> str:
        """What anyone outside the council may read about the commission: its public
        summary once the council published it. The internal `summary` is for staff only."""
        return self.public_summary if self.is_public else ""

    @property
    def comment_phase(self) -> CommentPhase | None:
        """The phase the commission is in, from its status (tenders and contracts move it)."""
        return PHASE_OF_STATUS.get(self.status)

    @property
    def comment_phase_label(self) -> str:
        phase = self.comment_phase
        return phase.label if phase else ""

    @property
    def invites_views(self) -> bool:
        """The public page asks for comments now: published, and the council chose to ask
        in the phase the commission is in."""
        phase = self.comment_phase
        return self.is_public and phase is not None and phase in self.invite_views_in


class AppraisalCriterion(models.Model):
    """A criterion the commission's own options are scored against, with a weight."""

    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="appraisal_criteria"
    )
    name = models.CharField(max_length=120)
    weight = models.PositiveSmallIntegerField(default=1)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1) & models.Q(weight__lte=100),
                name="appraisal_criterion_weight_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id(self) -> int:
        return self.commission.organisation_id


class OptionKind(models.TextChoices):
    IN_HOUSE = "in_house", "Deliver it in-house"
    GRANT = "grant", "Give a grant"
    CONTRACT = "contract", "Award a contract"
    PARTNERSHIP = "partnership", "Partnership or alliance"
    PUBLIC_COLLABORATION = "public_collaboration", "Work with another public body"
    DO_NOTHING = "do_nothing", "Do nothing"


class AppraisalOption(models.Model):
    """One way of meeting the need, appraised on benefits, risks, cost and social value."""

    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="appraisal_options"
    )
    kind = models.CharField(max_length=30, choices=OptionKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    benefits = models.TextField(blank=True)
    risks = models.TextField(blank=True)
    cost_estimate = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    social_value = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.commission.organisation_id


class AppraisalScore(models.Model):
    """An option's score (0 to 5) against one of the commission's criteria."""

    option = models.ForeignKey(AppraisalOption, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        AppraisalCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "criterion"], name="appraisal_score_unique"),
            models.CheckConstraint(condition=models.Q(score__lte=5), name="appraisal_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.option} scores {self.score} on {self.criterion}"


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
    # For "The outcomes sought": picked from the missions' outcomes frameworks.
    outcomes = models.ManyToManyField(Outcome, related_name="specification_sections", blank=True)
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


class RequirementKind(models.TextChoices):
    NON_NEGOTIABLE = "non_negotiable", "Non-negotiable"
    OPEN_FOR_DIALOGUE = "open_for_dialogue", "Open for dialogue"
    PREFERENCE = "preference", "Preference"


class Requirement(models.Model):
    """One requirement in a section, typed so bidders see what is fixed and what is open."""

    section = models.ForeignKey(
        SpecificationSection, on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(max_length=20, choices=RequirementKind.choices)
    text = models.TextField()
    position = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_open_for_dialogue(self) -> bool:
        return self.kind == RequirementKind.OPEN_FOR_DIALOGUE

    @property
    def organisation_id(self) -> int:
        return self.section.specification.commission.organisation_id


class SectionComment(models.Model):
    """A colleague's comment on a section, open until someone resolves it."""

    section = models.ForeignKey(
        SpecificationSection, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def organisation_id(self) -> int:
        return self.section.specification.commission.organisation_id


class SpecificationVersion(models.Model):
    """A frozen, issued version of a specification, with the reason it was issued."""

    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    change_note = models.TextField()
    snapshot = models.JSONField()
    readability_score = models.FloatField(null=True, blank=True)
    # Comments from the public this version answers ("what we heard, what we changed").
    answers_comments = models.ManyToManyField(
        "PublicComment", related_name="answered_in_versions", blank=True
    )
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

    @property
    def organisation_id(self) -> int:
        return self.specification.commission.organisation_id


class GlossaryTerm(models.Model):
    """Jargon and its plain alternative. Terms with no organisation are the starter set."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="glossary"
    )
    term = models.CharField(max_length=80)
    plain_alternative = models.CharField(max_length=200)
    explanation = models.TextField(blank=True)

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "term"],
                name="glossary_term_unique_per_organisation",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return self.term


class CommentStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Email not confirmed"
    PENDING = "pending", "Waiting for moderation"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden"
    WITHDRAWN = "withdrawn", "Withdrawn by its writer"


class PublicComment(models.Model):
    """A comment from a member of the public on a commission's public page.

    No account: the email address is confirmed by a link, is never shown, and is kept only
    as long as the council may need to reach the writer: it is erased (blank) a set time
    after confirmation, or at once when the writer withdraws the comment, and a comment
    never confirmed is deleted (`public_voice/retention.py`). Only the display name is ever
    public. A comment waits unconfirmed until the link is followed, then for the council's
    moderation.
    """

    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="public_comments"
    )
    phase = models.CharField(max_length=20, choices=CommentPhase.choices, editable=False)
    display_name = models.CharField(max_length=60)
    # Blank once erased (`email_erased_at` says when).
    email = models.EmailField(blank=True)
    body = models.TextField()
    status = models.CharField(
        max_length=20,
        choices=CommentStatus.choices,
        default=CommentStatus.UNCONFIRMED,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.TextField(blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    reply = models.TextField(blank=True, editable=False)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    replied_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    email_erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["commission", "status", "-created_at"]),
            # The retention sweep looks for addresses still kept, by when they were confirmed.
            models.Index(
                fields=["confirmed_at"],
                condition=~models.Q(email=""),
                name="public_comment_email_kept",
            ),
            # The outbox sweep (`comment_confirmations_catch_up`, every minute): only the
            # comments whose confirmation link is still to send, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(
                    status=CommentStatus.UNCONFIRMED, confirmation_sent_at__isnull=True
                ),
                name="public_comment_unsent_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="hidden") | ~models.Q(hidden_reason=""),
                name="public_comment_hidden_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="withdrawn") | models.Q(email=""),
                name="public_comment_withdrawn_has_no_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.body[:60]}"

    @property
    def organisation_id(self) -> int:
        return self.commission.organisation_id

    @property
    def is_published(self) -> bool:
        return self.status == CommentStatus.PUBLISHED

    @property
    def is_hidden(self) -> bool:
        return self.status == CommentStatus.HIDDEN

    @property
    def is_awaiting_moderation(self) -> bool:
        return self.status == CommentStatus.PENDING

    @property
    def is_withdrawn(self) -> bool:
        return self.status == CommentStatus.WITHDRAWN

    @property
    def is_unconfirmed(self) -> bool:
        return self.status == CommentStatus.UNCONFIRMED
