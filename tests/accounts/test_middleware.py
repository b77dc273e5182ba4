"""The staff MFA rule: council staff set up an authenticator app before using the service."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings: Any) -> None:
    settings.KINDRED_REQUIRE_STAFF_MFA = True


def test_commissioner_without_an_authenticator_is_sent_to_set_one_up(
    client: Any, commissioner: Any, mfa_required: None
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_supplier_is_not_asked_to_set_up_an_authenticator(
    client: Any, supplier_user: Any, mfa_required: None
) -> None:
    client.force_login(supplier_user)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_commissioner_with_an_authenticator_gets_through(
    client: Any, commissioner: Any, mfa_required: None
) -> None:
    Authenticator.objects.create(
        user=commissioner, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client.force_login(commissioner)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_sign_in_and_security_pages_stay_open_while_setting_up(
    client: Any, commissioner: Any, mfa_required: None
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse("mfa_index"))
    assert response.status_code == 200
    assert "Sign-in security" in response.content.decode()
    logout = client.get(reverse("account_logout"))
    assert logout.status_code == 200


def test_the_rule_is_off_when_the_setting_is_off(
    client: Any, commissioner: Any, settings: Any
) -> None:
    settings.KINDRED_REQUIRE_STAFF_MFA = False
    client.force_login(commissioner)
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_signed_out_visitors_are_not_affected(client: Any, mfa_required: None) -> None:
    assert client.get(reverse("home")).status_code == 200
