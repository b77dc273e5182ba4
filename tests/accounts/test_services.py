from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import services
from accounts.models import AuditEvent, Invitation, Membership, Notification
from core.errors import DomainError
from tests.accounts.factories import InvitationFactory, NotificationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _events_for(target: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        ).order_by("pk")
    )


# --- Notifications -----------------------------------------------------------------------
def test_notification_with_the_same_key_is_sent_once(
    commissioner: Any, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = services.notification_send(
            recipient=commissioner,
            key="tender-1-deadline",
            subject="Tender closes tomorrow",
            body="Bids close at noon tomorrow.",
            url="/tenders/1/",
        )
        second = services.notification_send(
            recipient=commissioner,
            key="tender-1-deadline",
            subject="Tender closes tomorrow",
            body="Bids close at noon tomorrow.",
        )

    assert first is not None
    assert second is None
    assert Notification.objects.filter(key="tender-1-deadline").count() == 1
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [commissioner.email]
    assert mail.outbox[0].subject == "[Kindred] Tender closes tomorrow"
    assert "/tenders/1/" in mail.outbox[0].body
    first.refresh_from_db()
    assert first.emailed_at is not None


def test_notification_email_is_not_sent_twice_when_the_task_runs_again(commissioner: Any) -> None:
    notification = NotificationFactory(recipient=commissioner)

    assert services.notification_email_send(notification_id=notification.pk) is True
    assert services.notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_marking_notifications_read_only_touches_the_persons_own(
    commissioner: Any, evaluator: Any
) -> None:
    NotificationFactory.create_batch(3, recipient=commissioner)
    NotificationFactory(recipient=evaluator)

    assert services.notifications_mark_read(user=commissioner) == 3
    assert not Notification.objects.filter(recipient=commissioner, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=evaluator, read_at__isnull=True).count() == 1


# --- Organisations and roles -------------------------------------------------------------
def test_creating_an_organisation_makes_its_creator_an_administrator_and_is_audited() -> None:
    founder = UserFactory()

    organisation = services.organisation_create(
        name="Eastmoor Council", slug="eastmoor", kind="public_body", created_by=founder
    )

    assert Membership.objects.filter(user=founder, organisation=organisation, role="admin").exists()
    [event] = _events_for(organisation)
    assert (event.verb, event.actor, event.organisation) == ("created", founder, organisation)


def test_only_an_administrator_may_grant_a_role(council: Any, commissioner: Any) -> None:
    newcomer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.membership_grant(
            organisation=council, user=newcomer, role="evaluator", by=commissioner
        )
    assert not Membership.objects.filter(user=newcomer).exists()


def test_granting_a_role_is_audited(council: Any, council_admin: Any) -> None:
    newcomer = UserFactory()

    services.membership_grant(
        organisation=council, user=newcomer, role="evaluator", by=council_admin
    )

    [event] = _events_for(council)
    assert event.verb == "role granted"
    assert event.actor == council_admin
    assert event.changes == {"user": newcomer.email, "role": "evaluator"}


def test_a_public_body_cannot_have_supplier_members(council: Any, council_admin: Any) -> None:
    with pytest.raises(DomainError):
        services.membership_grant(
            organisation=council, user=UserFactory(), role="supplier", by=council_admin
        )


def test_audit_record_without_a_signed_in_actor_records_the_system(council: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    event = services.audit_record(actor=AnonymousUser(), verb="imported", target=council)

    assert event.actor is None
    assert event.organisation == council
    assert event.target_repr == str(council)


# --- Invitations -------------------------------------------------------------------------
def test_administrator_invites_someone_and_they_get_an_email(
    council: Any, council_admin: Any, eager_tasks: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            organisation=council,
            email=" New.Person@Example.org ",
            role="evaluator",
            by=council_admin,
        )

    assert invitation.email == "new.person@example.org"
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=13)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert invitation.token in mail.outbox[0].body
    [event] = _events_for(council)
    assert event.verb == "invited"
    assert event.changes["role"] == "evaluator"


def test_only_an_administrator_may_invite(council: Any, commissioner: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=council, email="a@example.org", role="viewer", by=commissioner
        )
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["commissioner", "evaluator", "contract_manager"])
def test_supplier_cannot_invite_someone_into_a_public_body_role(
    supplier_org: Any, role: str
) -> None:
    supplier_admin = UserFactory()
    Membership.objects.create(user=supplier_admin, organisation=supplier_org, role="admin")
    with pytest.raises(DomainError, match="public bodies"):
        services.invitation_create(
            organisation=supplier_org, email="a@example.org", role=role, by=supplier_admin
        )


def test_public_body_cannot_invite_a_supplier_member(council: Any, council_admin: Any) -> None:
    with pytest.raises(DomainError, match="supplier"):
        services.invitation_create(
            organisation=council, email="a@example.org", role="supplier", by=council_admin
        )


def test_accepting_an_invitation_adds_the_role_and_is_audited(council: Any) -> None:
    person = UserFactory(email="invitee@example.org")
    invitation = InvitationFactory(organisation=council, email=person.email, role="evaluator")

    membership = services.invitation_accept(token=invitation.token, user=person)

    assert (membership.organisation, membership.role) == (council, "evaluator")
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    assert invitation.accepted_at is not None
    [event] = _events_for(council)
    assert (event.verb, event.actor) == ("joined", person)


def test_invitation_for_another_email_address_is_refused(council: Any) -> None:
    invitation = InvitationFactory(organisation=council, email="invitee@example.org")
    stranger = UserFactory(email="stranger@example.org")

    with pytest.raises(DomainError, match=r"invitee@example\.org"):
        services.invitation_accept(token=invitation.token, user=stranger)
    assert not Membership.objects.filter(user=stranger).exists()


def test_expired_invitation_is_refused(council: Any) -> None:
    person = UserFactory(email="late@example.org")
    invitation = InvitationFactory(organisation=council, email=person.email)

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=15)),
        pytest.raises(DomainError, match="expired"),
    ):
        services.invitation_accept(token=invitation.token, user=person)
    assert not Membership.objects.filter(user=person).exists()


def test_invitation_cannot_be_used_twice(council: Any) -> None:
    person = UserFactory(email="twice@example.org")
    invitation = InvitationFactory(organisation=council, email=person.email)
    services.invitation_accept(token=invitation.token, user=person)

    with pytest.raises(DomainError):
        services.invitation_accept(token=invitation.token, user=person)


def test_unknown_invitation_token_is_refused() -> None:
    with pytest.raises(DomainError):
        services.invitation_accept(token="no-such-token", user=UserFactory())
