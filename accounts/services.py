"""Writes for people, organisations, audit events and notifications."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from accounts import permissions
from accounts.models import (
    ROLES_FOR_KIND,
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from core.broker import enqueue_on_commit, outbox_sweep
from core.errors import DomainError
from core.formatting import uk_date

INVITATION_LIFETIME = datetime.timedelta(days=14)


def audit_record(
    *,
    actor: User | None,
    verb: str,
    target: Model,
    changes: dict[str, Any] | None = None,
    organisation: Organisation | None = None,
) -> AuditEvent:
    """Record who did what to which record. Every service that changes state calls this."""
    organisation_id = organisation.pk if organisation else permissions.organisation_id_of(target)
    return AuditEvent.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        organisation_id=organisation_id,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:250],
        changes=changes or {},
    )


def notification_send(
    *, recipient: User, key: str, subject: str, body: str, url: str = ""
) -> Notification | None:
    """Notify a person in the service and by email, once per key.

    Returns None when a notification with this key already exists, so that a reminder
    job or an event replayed after a retry never notifies anyone twice.
    """
    from accounts.tasks import send_notification_email

    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, key=key, subject=subject, body=body, url=url
            )
    except IntegrityError:
        return None
    enqueue_on_commit(send_notification_email, notification.pk)
    return notification


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email a notification unless it was emailed already (safe to run twice)."""
    notification = (
        Notification.objects.select_for_update().select_related("recipient").get(pk=notification_id)
    )
    if notification.emailed_at is not None:
        return False
    from django.conf import settings

    link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
    send_mail(
        subject=f"[Kindred] {notification.subject}",
        message=f"{notification.body}{link}",
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
    return True


# The sweep gives up on notifications older than a week (stale news).
OUTBOX_HORIZON = datetime.timedelta(days=7)


def notification_emails_catch_up() -> int:
    """Email every notification still waiting for its email (safe to run while the
    notifications' own tasks run: each email is sent once). Returns how many were sent."""
    return outbox_sweep(
        Notification.objects.filter(emailed_at__isnull=True),
        lambda pk: notification_email_send(notification_id=pk),
        horizon=OUTBOX_HORIZON,
    )


def notifications_mark_read(*, user: User) -> int:
    """Mark all of a person's notifications as read."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, kind: str, created_by: User | None = None, **profile: Any
) -> Organisation:
    """Create an organisation; its creator becomes its first administrator."""
    organisation = Organisation.objects.create(name=name, slug=slug, kind=kind, **profile)
    if created_by is not None:
        Membership.objects.create(user=created_by, organisation=organisation, role=Role.ADMIN)
    audit_record(actor=created_by, verb="created", target=organisation)
    return organisation


@transaction.atomic
def public_body_create(*, name: str, slug: str, admin_email: str) -> tuple[Organisation, str]:
    """Bring a new public body onto Kindred: an operator's act, never self-service, because
    a public body's people may publish tenders and open bids.

    The named person becomes its first administrator at once if they have an account,
    or is invited by email otherwise. Returns the organisation and what was done.
    """
    if Organisation.objects.filter(slug=slug).exists():
        raise DomainError(f"An organisation with the short name {slug!r} already exists.")
    organisation = Organisation.objects.create(
        name=name, slug=slug, kind=OrganisationKind.PUBLIC_BODY
    )
    audit_record(actor=None, verb="created", target=organisation, changes={"by": "operator"})
    email = admin_email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        membership_grant(organisation=organisation, user=user, role=Role.ADMIN, by=None)
        return organisation, f"{user.email} is its administrator."
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=Role.ADMIN,
        invited_by=None,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    audit_record(actor=None, verb="invited", target=organisation, changes={"email": email})
    from accounts.tasks import send_invitation_email

    enqueue_on_commit(send_invitation_email, invitation.pk)
    return organisation, f"{email} has been invited by email to be its administrator."


def _check_role_fits(organisation: Organisation, role: str) -> None:
    """Buyer roles belong to public bodies and the supplier role to suppliers."""
    if role not in ROLES_FOR_KIND.get(organisation.kind, ()):
        if role == Role.SUPPLIER:
            raise DomainError("Only supplier organisations have supplier members.")
        raise DomainError("That role is for public bodies only.")


@transaction.atomic
def membership_grant(
    *, organisation: Organisation, user: User, role: str, by: User | None
) -> Membership:
    """Give a person a role in an organisation. Only the organisation's admins may."""
    if by is not None:
        permissions.require(by, "organisation.manage", organisation)
    _check_role_fits(organisation, role)
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    audit_record(
        actor=by,
        verb="role granted",
        target=organisation,
        changes={"user": user.email, "role": role},
    )
    return membership


@transaction.atomic
def invitation_create(*, organisation: Organisation, email: str, role: str, by: User) -> Invitation:
    """Invite someone by email to join an organisation in a role."""
    permissions.require(by, "organisation.manage", organisation)
    _check_role_fits(organisation, role)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email.strip().lower(),
        role=role,
        invited_by=by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    audit_record(
        actor=by, verb="invited", target=organisation, changes={"email": email, "role": role}
    )
    from accounts.tasks import send_invitation_email

    enqueue_on_commit(send_invitation_email, invitation.pk)
    return invitation


def invitation_email_send(*, invitation_id: int) -> None:
    """Send the invitation link by email."""
    from django.conf import settings
    from django.urls import reverse

    invitation = Invitation.objects.select_related("organisation", "invited_by").get(
        pk=invitation_id
    )
    link = settings.SITE_URL + reverse("accounts:invitation_accept", args=[invitation.token])
    send_mail(
        subject=f"[Kindred] Join {invitation.organisation} on Kindred",
        message=(
            f"{invitation.invited_by or 'Kindred'} has invited you to join "
            f"{invitation.organisation} "
            f"as {invitation.get_role_display().lower()}.\n\nAccept the invitation: {link}\n\n"
            f"The link works until {uk_date(invitation.expires_at)}."
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Accept an invitation: the signed-in person joins with the invited role."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        raise DomainError("This invitation has expired or has been used. Ask for a new one.")
    if invitation.email != user.email.lower():
        raise DomainError(
            f"This invitation was sent to {invitation.email}. Sign in with that address to accept it."
        )
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user, verb="joined", target=invitation.organisation, changes={"role": invitation.role}
    )
    return membership


@transaction.atomic
def account_set_up_from_link(*, user: User, full_name: str, password: str) -> User:
    """Give a person invited by an emailed link (a lived-experience panel member, who holds
    no role anywhere) a name and a password. The link reached their address, so the
    address counts as confirmed and they can sign in from then on. Refused once the
    account has a password: the link is for setting one up, not for taking one over."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User.objects.select_for_update().get(pk=user.pk)
    if user.has_usable_password():
        raise DomainError("This account is already set up. Sign in instead.")
    full_name = full_name.strip()
    if not full_name:
        raise DomainError("Enter your name", field="full_name")
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password1") from error
    user.full_name = full_name
    user.set_password(password)
    user.save(update_fields=["full_name", "password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    audit_record(actor=user, verb="account set up", target=user, changes={"by": "emailed link"})
    return user
