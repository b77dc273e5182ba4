"""Staff set up an authenticator app through allauth's pages and later sign in with a
recovery code: the password is asked again before security changes, the app is turned on
with a code from it, the recovery codes are shown once, and each code signs in once."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("home:dashboard")


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_set_up_an_authenticator_and_sign_in_later_with_a_recovery_code(
    client: Any, commissioner: Any, settings: Any, fresh_cache: Any
) -> None:
    settings.KINDRED_REQUIRE_STAFF_MFA = True
    client.post(reverse("account_login"), {"login": commissioner.email, "password": TEST_PASSWORD})

    # The service sends staff to set up an app; changing security asks for the password.
    assert client.get(DASHBOARD).url == reverse("mfa_activate_totp")
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.status_code == 302
    assert asked.url.startswith(reverse("account_reauthenticate"))
    assertContains(client.get(asked.url), "Confirm it is you")
    confirmed = client.post(asked.url, {"password": TEST_PASSWORD})
    assert confirmed.url == reverse("mfa_activate_totp")

    page = client.get(reverse("mfa_activate_totp"))
    assertContains(page, "Set up your authenticator app")
    secret = re.search(r'id="authenticator_secret">(\w+)<', page.content.decode()).group(1)
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    if _code(secret) != "000000":
        assertContains(wrong, "govuk-error-summary")
    turned_on = client.post(reverse("mfa_activate_totp"), {"code": _code(secret)})
    assert turned_on.status_code == 302
    codes_page = client.get(turned_on.url)
    assertContains(codes_page, "Your recovery codes")
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10

    # This session signed in with a password only, so staff pages ask for a code first.
    asked = client.get(DASHBOARD)
    assert asked.url.startswith(reverse("mfa_reauthenticate"))
    assert client.post(asked.url, {"code": codes[0]}).url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200

    # Signing in again: password, then a recovery code; a used code is refused.
    client.logout()
    signed_in = client.post(
        reverse("account_login"), {"login": commissioner.email, "password": TEST_PASSWORD}
    )
    assert signed_in.url == reverse("mfa_authenticate")
    assertContains(client.post(reverse("mfa_authenticate"), {"code": codes[0]}), "govuk-error")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[1]}).url == DASHBOARD
    assertContains(client.get(DASHBOARD), "Dashboard")
