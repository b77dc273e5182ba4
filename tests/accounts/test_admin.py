"""Django admin is no side door: it signs in through allauth, needs a second factor in the
session, and is not there at all unless KINDRED_ADMIN_ENABLED is on."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import override_settings
from django.urls import clear_url_caches, reverse

import config.urls
from tests.accounts.mfa import add_authenticator_app, sign_in_with_code
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _route_admin(enabled: bool) -> None:
    with override_settings(KINDRED_ADMIN_ENABLED=enabled):
        importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def admin_routed() -> Iterator[Callable[[bool], None]]:
    """Rebuild the URLs with the admin switched on (or off); put them back afterwards."""
    from django.conf import settings

    original = settings.KINDRED_ADMIN_ENABLED
    _route_admin(True)
    yield _route_admin
    _route_admin(original)


@pytest.fixture
def staff_member(db: Any) -> Any:
    return UserFactory(full_name="Sol Staff", is_staff=True, is_superuser=True)


def test_admin_is_not_there_when_switched_off(
    client: Any, admin_routed: Callable[[bool], None], staff_member: Any
) -> None:
    admin_routed(False)
    client.force_login(staff_member)
    response = client.get("/admin/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_admin_sign_in_is_the_service_sign_in(client: Any, admin_routed: Any) -> None:
    response = client.get("/admin/", follow=True)
    first, *_ = response.redirect_chain
    assert first[0].startswith("/admin/login/")
    final_url = response.redirect_chain[-1][0]
    assert final_url == f"{reverse('account_login')}?next=%2Fadmin%2F"
    assert "Sign in" in response.content.decode()


def test_posting_a_password_to_the_admin_login_signs_no_one_in(
    client: Any, admin_routed: Any, staff_member: Any
) -> None:
    response = client.post(
        "/admin/login/", {"username": staff_member.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_staff_without_a_second_factor_in_the_session_are_sent_to_give_one(
    client: Any, admin_routed: Any, staff_member: Any
) -> None:
    # The rule for the admin holds even where the buyer-staff rule is switched off.
    client.force_login(staff_member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")

    add_authenticator_app(staff_member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == f"{reverse('mfa_reauthenticate')}?next=/admin/"


def test_staff_who_signed_in_with_a_security_code_use_the_admin(
    client: Any, admin_routed: Any, staff_member: Any, fresh_cache: Any
) -> None:
    add_authenticator_app(staff_member)
    response = sign_in_with_code(client, staff_member, next_url="/admin/")
    assert response.url == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200
    assert "Site administration" in page.content.decode()


def test_people_who_are_not_staff_are_refused_the_admin(
    client: Any, admin_routed: Any, commissioner: Any
) -> None:
    client.force_login(commissioner)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()
