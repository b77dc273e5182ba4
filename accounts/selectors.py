"""Reads for people, organisations, audit events and notifications."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model, QuerySet

from accounts import permissions
from accounts.models import AuditEvent, Membership, Notification, Organisation, User


def memberships_for(user: User) -> list[Membership]:
    """The person's memberships with their organisations (read once per request)."""
    return permissions.memberships_of(user)


def organisations_for(user: User) -> list[Organisation]:
    """The organisations a person belongs to; read once per request and kept on the user."""
    cached = getattr(user, "_kindred_organisations", None)
    if cached is None:
        seen: dict[int, Organisation] = {}
        for membership in memberships_for(user):
            seen.setdefault(membership.organisation_id, membership.organisation)
        cached = user._kindred_organisations = list(seen.values())
    return cached


def audit_events_for(target: Model) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_notification_count(user: User) -> int:
    """How many of the person's notifications are unread: the header shows it on every page,
    so it is written as SQL (the ORM's count took longer to build than to run)."""
    with connection.cursor() as cursor:
        cursor.execute(_UNREAD, [user.pk])
        return cursor.fetchone()[0]


_UNREAD = (
    f"SELECT count(*) FROM {Notification._meta.db_table}"  # noqa: S608 - the table name from the model
    " WHERE recipient_id = %s AND read_at IS NULL"
)
