"""An authenticator app for test people, and signing in with it through allauth's pages."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from tests.factories import TEST_PASSWORD

SECRET = "JBSWY3DPEHPK3PXP"


def add_authenticator_app(user: Any) -> Authenticator:
    return TOTP.activate(user, SECRET).instance


def current_code() -> str:
    """What the person's authenticator app shows now (30-second steps)."""
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def sign_in_with_code(client: Any, user: Any, next_url: str = "") -> Any:
    """Sign in through the real sign-in form, then the security code step."""
    query = f"?next={next_url}" if next_url else ""
    response = client.post(
        reverse("account_login") + query, {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate"), response.url
    return client.post(reverse("mfa_authenticate"), {"code": current_code()})
