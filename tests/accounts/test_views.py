from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts import selectors, services
from accounts.middleware import SESSION_KEY
from accounts.models import Invitation, Membership, Notification
from tests.accounts.factories import InvitationFactory, NotificationFactory
from tests.commissioning.factories import MissionFactory
from tests.factories import MembershipFactory, UserFactory
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db


def _audit_url(target: Any) -> str:
    content_type = ContentType.objects.get_for_model(target)
    return reverse("accounts:audit_log", args=[content_type.pk, target.pk])


# --- Audit log ---------------------------------------------------------------------------
@pytest.fixture
def audited_mission(council: Any, council_admin: Any) -> Any:
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    services.audit_record(
        actor=council_admin, verb="status", target=mission, changes={"status": ["draft", "active"]}
    )
    return mission


def test_council_staff_see_the_history_of_their_record(
    client: Any, commissioner: Any, audited_mission: Any
) -> None:
    client.force_login(commissioner)
    response = client.get(_audit_url(audited_mission))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ada Admin" in html
    assert "Draft → Active" in html


def test_history_shows_status_labels_not_codes(
    client: Any, council: Any, commissioner: Any, council_admin: Any
) -> None:
    tender = TenderFactory(organisation=council)
    services.audit_record(
        actor=council_admin,
        verb="status",
        target=tender,
        changes={"status": ["published", "award_decision"], "reason": "Budget cut"},
    )
    client.force_login(commissioner)
    response = client.get(_audit_url(tender))
    assertContains(response, "Open for bids → Award decision")
    assertContains(response, "Budget cut")
    assertNotContains(response, "award_decision")


@pytest.mark.parametrize("who", ["other_commissioner", "supplier_user", "viewer"])
def test_audit_page_is_not_found_for_people_outside_the_councils_staff(
    client: Any, request: pytest.FixtureRequest, audited_mission: Any, who: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(_audit_url(audited_mission)).status_code == 404


def test_audit_page_for_an_unknown_record_is_not_found(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    content_type = ContentType.objects.get_for_model(Membership)
    assert (
        client.get(reverse("accounts:audit_log", args=[content_type.pk, 999999])).status_code == 404
    )
    assert client.get(reverse("accounts:audit_log", args=[999999, 1])).status_code == 404


def test_audit_page_needs_sign_in(client: Any, audited_mission: Any) -> None:
    response = client.get(_audit_url(audited_mission))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


# --- Organisation switcher ---------------------------------------------------------------
def test_person_switches_to_another_of_their_own_organisations(
    client: Any, commissioner: Any, other_council: Any
) -> None:
    MembershipFactory(user=commissioner, organisation=other_council, role="viewer")
    client.force_login(commissioner)

    response = client.post(
        reverse("accounts:switch_organisation"), {"organisation": other_council.pk}
    )

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == other_council.pk
    dashboard = client.get(reverse("home:dashboard")).content.decode()
    assert "Southvale Council" in dashboard


def test_person_cannot_switch_to_an_organisation_they_do_not_belong_to(
    client: Any, commissioner: Any, other_council: Any
) -> None:
    client.force_login(commissioner)

    response = client.post(
        reverse("accounts:switch_organisation"), {"organisation": other_council.pk}, follow=True
    )

    assert SESSION_KEY not in client.session
    assert "Choose one of your organisations." in response.content.decode()


def test_switching_never_redirects_to_another_site(
    client: Any, commissioner: Any, council: Any
) -> None:
    client.force_login(commissioner)
    response = client.post(
        reverse("accounts:switch_organisation"),
        {"organisation": council.pk, "next": "https://evil.example/"},
    )
    assert response.url == reverse("home:dashboard")


# --- Notifications -----------------------------------------------------------------------
def test_notifications_page_reads_a_constant_number_of_queries(
    client: Any, commissioner: Any, django_assert_max_num_queries: Any
) -> None:
    NotificationFactory.create_batch(60, recipient=commissioner)
    client.force_login(commissioner)

    for page in (1, 2, 3):
        with django_assert_max_num_queries(7):
            response = client.get(reverse("accounts:notifications"), {"page": page})
        assert response.status_code == 200
    html = response.content.decode()
    assert html.count("govuk-tag--blue") == 10
    assert 'aria-label="Pagination"' in html


def test_the_header_counts_only_the_persons_unread_notifications(
    commissioner: Any, evaluator: Any, django_assert_num_queries: Any
) -> None:
    NotificationFactory.create_batch(3, recipient=commissioner)
    NotificationFactory(recipient=commissioner, read_at=timezone.now())
    NotificationFactory(recipient=evaluator)
    with django_assert_num_queries(1):
        assert selectors.unread_notification_count(commissioner) == 3
    assert selectors.unread_notification_count(UserFactory()) == 0


def test_marking_all_notifications_read(client: Any, commissioner: Any, evaluator: Any) -> None:
    NotificationFactory.create_batch(3, recipient=commissioner)
    others = NotificationFactory(recipient=evaluator)
    client.force_login(commissioner)

    response = client.post(reverse("accounts:notifications"), follow=True)

    assert "All notifications are marked as read." in response.content.decode()
    assert not Notification.objects.filter(recipient=commissioner, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_people_only_see_their_own_notifications(
    client: Any, commissioner: Any, evaluator: Any
) -> None:
    NotificationFactory(recipient=evaluator, subject="For Eva only")
    client.force_login(commissioner)
    response = client.get(reverse("accounts:notifications"))
    assertNotContains(response, "For Eva only")
    assertContains(response, "You have no notifications.")


# --- People and invitations --------------------------------------------------------------
def _people_url(organisation: Any) -> str:
    return reverse("accounts:organisation_people", args=[organisation.slug])


def test_administrator_sees_members_and_the_invite_form(
    client: Any, council: Any, council_admin: Any, commissioner: Any
) -> None:
    InvitationFactory(organisation=council, email="pending@example.org")
    client.force_login(council_admin)
    response = client.get(_people_url(council))
    assertContains(response, commissioner.email)
    assertContains(response, "pending@example.org")
    assertContains(response, "Send invitation")
    # A public body offers council roles only.
    assertNotContains(response, 'value="supplier"')


def test_member_who_is_not_an_administrator_sees_people_but_cannot_invite(
    client: Any, council: Any, commissioner: Any
) -> None:
    client.force_login(commissioner)
    assertNotContains(client.get(_people_url(council)), "Send invitation")
    response = client.post(_people_url(council), {"email": "a@example.org", "role": "viewer"})
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_people_page_is_not_found_for_another_organisation(
    client: Any, council: Any, other_commissioner: Any
) -> None:
    client.force_login(other_commissioner)
    assert client.get(_people_url(council)).status_code == 404


def test_administrator_sends_an_invitation(client: Any, council: Any, council_admin: Any) -> None:
    client.force_login(council_admin)
    response = client.post(_people_url(council), {"email": "new@example.org", "role": "evaluator"})
    assert response.status_code == 302
    assert Invitation.objects.get().email == "new@example.org"


def test_invitation_with_a_missing_email_shows_an_error_summary(
    client: Any, council: Any, council_admin: Any
) -> None:
    client.force_login(council_admin)
    html = client.post(_people_url(council), {"email": "", "role": "evaluator"}).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_email"' in html


def test_invited_person_accepts_and_acts_for_the_organisation(client: Any, council: Any) -> None:
    person = UserFactory(email="invitee@example.org")
    invitation = InvitationFactory(organisation=council, email=person.email, role="evaluator")
    client.force_login(person)
    url = reverse("accounts:invitation_accept", args=[invitation.token])

    assertContains(client.get(url), "Accept invitation")
    response = client.post(url)

    assert response.url == reverse("home:dashboard")
    assert Membership.objects.filter(user=person, organisation=council, role="evaluator").exists()
    assert client.session[SESSION_KEY] == council.pk


def test_invitation_for_someone_else_cannot_be_accepted(client: Any, council: Any) -> None:
    invitation = InvitationFactory(organisation=council, email="invitee@example.org")
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(stranger)
    url = reverse("accounts:invitation_accept", args=[invitation.token])

    assertNotContains(client.get(url), "Accept invitation")
    html = client.post(url).content.decode()

    assert "This invitation was sent to invitee@example.org" in html
    assert not Membership.objects.filter(user=stranger).exists()


def test_unknown_invitation_is_not_found(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    assert client.get(reverse("accounts:invitation_accept", args=["nope"])).status_code == 404
