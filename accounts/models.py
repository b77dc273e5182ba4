"""People, organisations, memberships and roles, invitations, audit events, notifications."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person. Signs in with an email address; belongs to organisations by membership."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationKind(models.TextChoices):
    PUBLIC_BODY = "public_body", "Public body"
    SUPPLIER = "supplier", "Supplier"


class SupplierType(models.TextChoices):
    MICRO = "micro", "Micro business"
    SMALL = "small", "Small business"
    MEDIUM = "medium", "Medium-sized business"
    LARGE = "large", "Large business"
    CHARITY = "charity", "Charity"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    COOPERATIVE = "cooperative", "Co-operative"
    PUBLIC_BODY = "public_body", "Public body"


class Organisation(models.Model):
    """A public body that commissions, or a supplier that bids and delivers."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    # Supplier profile, used for market-shaping insight.
    supplier_type = models.CharField(max_length=30, choices=SupplierType.choices, blank=True)
    staff_count = models.PositiveIntegerField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    places_served = models.TextField(blank=True)
    company_number = models.CharField(max_length=10, blank=True)
    charity_number = models.CharField(max_length=10, blank=True)
    living_wage_accredited = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    # Buyers may ask for more than the national 10% social value weighting.
    social_value_floor_percent = models.PositiveSmallIntegerField(default=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(social_value_floor_percent__gte=10)
                & models.Q(social_value_floor_percent__lte=100),
                name="organisation_social_value_floor_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public_body(self) -> bool:
        return self.kind == OrganisationKind.PUBLIC_BODY

    @property
    def is_supplier(self) -> bool:
        return self.kind == OrganisationKind.SUPPLIER


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    COMMISSIONER = "commissioner", "Commissioner"
    EVALUATOR = "evaluator", "Evaluator"
    CONTRACT_MANAGER = "contract_manager", "Contract manager"
    SUPPLIER = "supplier", "Supplier member"
    VIEWER = "viewer", "Viewer"


BUYER_STAFF_ROLES = frozenset(
    {Role.ADMIN, Role.COMMISSIONER, Role.EVALUATOR, Role.CONTRACT_MANAGER}
)

# The roles that mean something in each kind of organisation. A supplier's administrator
# manages its people and profile; buyer powers come only from a public body.
ROLES_FOR_KIND: dict[str, tuple[Role, ...]] = {
    OrganisationKind.PUBLIC_BODY: (
        Role.COMMISSIONER,
        Role.EVALUATOR,
        Role.CONTRACT_MANAGER,
        Role.VIEWER,
        Role.ADMIN,
    ),
    OrganisationKind.SUPPLIER: (Role.SUPPLIER, Role.ADMIN),
}


class Membership(models.Model):
    """A person's role in an organisation. One person may hold several roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organisation}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An email invitation to join an organisation in a role."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation} as {self.get_role_display()}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class AuditEvent(models.Model):
    """Who did what to which record, and when. Written by services on every change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=60)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(max_length=250)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.verb} {self.target_repr}"


class Notification(models.Model):
    """A message to one person, shown in the service and sent by email once.

    `key` makes sending idempotent: the same reminder or event never notifies twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            # The outbox sweep (`notification_emails_catch_up`, every minute): only the
            # notifications still to email, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(emailed_at__isnull=True),
                name="notification_unemailed_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
