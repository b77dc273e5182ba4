"""The staff MFA rule: council staff use the service only in a session that passed a
security code from their authenticator app, and set one up first if they have none."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.accounts.mfa import add_authenticator_app, current_code, sign_in_with_code
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings: Any) -> None:
    settings.KINDRED_REQUIRE_STAFF_MFA = True


def test_commissioner_without_an_authenticator_is_sent_to_set_one_up(
    client: Any, commissioner: Any, mfa_required: None
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_supplier_is_not_asked_to_set_up_an_authenticator(
    client: Any, supplier_user: Any, mfa_required: None
) -> None:
    client.force_login(supplier_user)
    assert client.get(reverse("home:dashboard")).status_code == 200


def test_a_session_without_a_security_code_is_sent_to_enter_one(
    client: Any, commissioner: Any, mfa_required: None
) -> None:
    # Having an authenticator is not enough: this session never gave a code from it.
    add_authenticator_app(commissioner)
    client.force_login(commissioner)
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_reauthenticate')}?next={reverse('home:dashboard')}"


def test_a_password_session_from_before_the_authenticator_was_added_is_refused(
    client: Any, commissioner: Any, mfa_required: None
) -> None:
    client.post(reverse("account_login"), {"login": commissioner.email, "password": TEST_PASSWORD})
    add_authenticator_app(commissioner)
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))


def test_signing_in_with_password_and_security_code_gets_through(
    client: Any, commissioner: Any, mfa_required: None, fresh_cache: Any
) -> None:
    add_authenticator_app(commissioner)
    response = sign_in_with_code(client, commissioner)
    assert response.status_code == 302
    assert response.url == reverse("home:dashboard")
    assert client.get(reverse("home:dashboard")).status_code == 200


def test_entering_a_security_code_later_lets_the_session_through(
    client: Any, commissioner: Any, mfa_required: None, fresh_cache: Any
) -> None:
    add_authenticator_app(commissioner)
    client.force_login(commissioner)
    asked = client.get(reverse("commissioning:mission_list"))
    page = client.get(asked.url)
    assert "Confirm it is you" in page.content.decode()
    assert "Security code" in page.content.decode()

    answered = client.post(asked.url, {"code": current_code()})
    assert answered.status_code == 302
    assert answered.url == reverse("commissioning:mission_list")
    assert client.get(reverse("home:dashboard")).status_code == 200


def test_a_wrong_security_code_does_not_let_the_session_through(
    client: Any, commissioner: Any, mfa_required: None, fresh_cache: Any
) -> None:
    add_authenticator_app(commissioner)
    client.force_login(commissioner)
    asked = client.get(reverse("home:dashboard"))
    refused = client.post(asked.url, {"code": "000000" if current_code() != "000000" else "111111"})
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.content.decode()
    assert client.get(reverse("home:dashboard")).status_code == 302


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
    assert client.get(reverse("home:dashboard")).status_code == 200


def test_signed_out_visitors_are_not_affected(client: Any, mfa_required: None) -> None:
    assert client.get(reverse("home")).status_code == 200
