"""Journeys through sign-in, the dashboard, notifications and sign-in security."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import hotp_value
from playwright.sync_api import expect

from accounts import services
from tests.browser.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    # allauth counts failed sign-ins in the shared cache, which outlives a test run.
    settings.ACCOUNT_RATE_LIMITS = False


def test_signed_out_pages_are_accessible(page: Any, live_server: Any) -> None:
    for path in (
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/confirm-email/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert_accessible(page)


def test_sign_in_with_wrong_password_shows_an_accessible_error(
    page: Any, live_server: Any, commissioner: Any
) -> None:
    sign_in(page, live_server, commissioner, password="not-the-password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_commissioner_signs_in_reads_notifications_and_signs_out(
    page: Any, live_server: Any, commissioner: Any
) -> None:
    services.notification_send(
        recipient=commissioner,
        key="welcome",
        subject="Welcome to Kindred",
        body="Your council has added you as a commissioner.",
    )
    sign_in(page, live_server, commissioner)
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Notifications")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("Welcome to Kindred")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Are you sure you want to sign out?")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Sign in")).to_be_visible()
    assert_accessible(page)


def test_staff_set_up_an_authenticator_app_and_sign_in_with_a_recovery_code(
    page: Any, live_server: Any, commissioner: Any, settings: Any
) -> None:
    settings.KINDRED_REQUIRE_STAFF_MFA = True
    sign_in(page, live_server, commissioner)
    # Changing sign-in security always asks for the password again first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    assert_accessible(page)

    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator_secret").inner_text().strip()
    code = hotp_value(secret, int(time.time()) // 30)
    page.get_by_label("Code from your authenticator app").fill(f"{code:06d}")
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert_accessible(page)
    recovery_code = page.locator("#recovery_codes code").first.inner_text().strip()

    page.get_by_role("link", name="Continue to your dashboard").click()
    # This session signed in with a password only: staff pages ask for a code first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    code = hotp_value(secret, int(time.time()) // 30)
    page.get_by_label("Security code").fill(f"{code:06d}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(commissioner.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill(recovery_code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_accessible(page)


def test_administrator_pages_are_accessible_with_real_content(
    page: Any, live_server: Any, council_admin: Any, council: Any, supplier_org: Any
) -> None:
    from django.contrib.contenttypes.models import ContentType

    from procurement.models import TenderStatus
    from tests.accounts.factories import InvitationFactory
    from tests.commissioning.factories import MissionFactory
    from tests.contracts.factories import ContractFactory
    from tests.procurement.factories import TenderFactory

    mission = MissionFactory(organisation=council, title="Everyone eats well")
    TenderFactory(organisation=council, status=TenderStatus.PUBLISHED)
    ContractFactory(organisation=council, provider=supplier_org)
    services.audit_record(
        actor=council_admin, verb="status", target=mission, changes={"status": ["draft", "active"]}
    )
    InvitationFactory(organisation=council, email="pending@example.org", invited_by=council_admin)

    sign_in(page, live_server, council_admin)
    expect(page.get_by_role("heading", level=2, name=re.compile("Tenders"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=re.compile("Manage people")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(page)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    content_type = ContentType.objects.get_for_model(mission)
    page.goto(f"{live_server.url}/audit/{content_type.pk}/{mission.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    assert_accessible(page)

    invitation = InvitationFactory(organisation=council, email=council_admin.email, role="viewer")
    page.goto(f"{live_server.url}/invitations/{invitation.token}/")
    page.get_by_role("button", name="Accept invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_accessible(page)


def test_supplier_dashboard_is_accessible(
    page: Any, live_server: Any, supplier_user: Any, council: Any, supplier_org: Any
) -> None:
    from procurement.models import TenderStatus
    from tests.contracts.factories import ContractFactory
    from tests.procurement.factories import BidFactory, TenderFactory

    tender = TenderFactory(organisation=council, status=TenderStatus.PUBLISHED)
    BidFactory(tender=tender, supplier=supplier_org)
    ContractFactory(organisation=council, provider=supplier_org)

    sign_in(page, live_server, supplier_user)
    expect(page.get_by_role("heading", level=2, name=re.compile("Your bids"))).to_be_visible()
    expect(page.get_by_text("open opportunity")).to_be_visible()
    assert_accessible(page)
