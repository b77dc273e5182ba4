"""Sign-in, sign-up, email confirmation, password reset and MFA pages in the GOV.UK layout."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "Sign in"),
        ("account_signup", "Create an account"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_email_verification_sent", "Check your email"),
    ],
)
def test_signed_out_account_pages_use_the_service_layout(
    client: Any, url_name: str, heading: str
) -> None:
    html = client.get(reverse(url_name)).content.decode()
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "govuk-service-navigation" in html
    assert f"<title>{heading} \u2013 Kindred</title>" in html


def test_sign_in_form_has_govuk_fields_with_email_and_password_labels(client: Any) -> None:
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert '<label class="govuk-label govuk-label--s" for="id_login">Email</label>' in html
    assert '<label class="govuk-label govuk-label--s" for="id_password">Password</label>' in html
    assert 'class="govuk-input"' in html
    assertNotContains(response, "placeholder")
    assert re.search(r'<button type="submit" class="govuk-button"[^>]*>Sign in</button>', html)


def test_wrong_password_shows_the_error_summary(client: Any, commissioner: Any) -> None:
    response = client.post(
        reverse("account_login"), {"login": commissioner.email, "password": "wrong-password"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "There is a problem" in html


def test_missing_email_links_the_error_summary_to_the_field(client: Any) -> None:
    html = client.post(reverse("account_login"), {"login": "", "password": "x"}).content.decode()
    assert 'href="#id_login"' in html
    assert "govuk-input--error" in html
    assert 'class="govuk-error-message"' in html


def test_commissioner_signs_in_and_lands_on_the_dashboard(client: Any, commissioner: Any) -> None:
    response = client.post(
        reverse("account_login"),
        {"login": commissioner.email, "password": TEST_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("home:dashboard")
    assert "You are signed in as Chidi Commissioner." in response.content.decode()


def test_five_wrong_passwords_lock_the_address_out_even_for_the_right_one(
    client: Any, commissioner: Any, settings: Any, fresh_cache: Any
) -> None:
    import config.settings

    # The limits the service runs with, not the tests' default of none.
    settings.ACCOUNT_RATE_LIMITS = config.settings.ACCOUNT_RATE_LIMITS
    for _ in range(5):
        wrong = client.post(
            reverse("account_login"), {"login": commissioner.email, "password": "not-it-123"}
        )
        assert "The email address and/or password you specified are not correct" in (
            wrong.content.decode()
        )

    refused = client.post(
        reverse("account_login"), {"login": commissioner.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 200
    assert "Too many failed login attempts. Try again later." in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_up_sends_a_confirmation_email_and_the_link_confirms_it(client: Any) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.supplier@example.org",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
        follow=True,
    )
    assert "Check your email" in response.content.decode()
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", message.body)
    assert link, message.body

    confirm_page = client.get(link.group(1))
    assert "Confirm your email address" in confirm_page.content.decode()
    client.post(link.group(1))

    user = User.objects.get(email="new.supplier@example.org")
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_with_an_email_address_longer_than_can_be_kept_is_refused(client: Any) -> None:
    """Once a server error: allauth's field takes 320 characters, the account keeps 254."""
    too_long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".uk"
    response = client.post(
        reverse("account_signup"),
        {"email": too_long, "password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    assertContains(response, "Your email address must be 254 characters or fewer")
    assert not User.objects.filter(email=too_long.lower()).exists()
    assert not mail.outbox


def test_sign_up_with_different_passwords_is_refused(client: Any) -> None:
    html = client.post(
        reverse("account_signup"),
        {"email": "a@example.org", "password1": TEST_PASSWORD, "password2": "something-else-1"},
    ).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_password2"' in html
    assert not User.objects.filter(email="a@example.org").exists()


def test_expired_confirmation_link_explains_what_to_do(client: Any) -> None:
    html = client.get(reverse("account_confirm_email", args=["not-a-key"])).content.decode()
    assert "This link has expired or has already been used." in html


def test_password_reset_sends_a_link_that_lets_the_person_choose_a_new_password(
    client: Any, commissioner: Any
) -> None:
    response = client.post(
        reverse("account_reset_password"), {"email": commissioner.email}, follow=True
    )
    assert "Check your email" in response.content.decode()
    [message] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+)", message.body)
    assert link, message.body

    page = client.get(link.group(1), follow=True)
    html = page.content.decode()
    assert "Choose a new password" in html
    assert "New password" in html

    done = client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else link.group(1),
        {"password1": "a-brand-new-password-456", "password2": "a-brand-new-password-456"},
        follow=True,
    )
    assert "Your password has been changed" in done.content.decode()
    commissioner.refresh_from_db()
    assert commissioner.check_password("a-brand-new-password-456")


def test_bad_password_reset_link_says_it_has_expired(client: Any) -> None:
    html = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}),
        follow=True,
    ).content.decode()
    assert "This link has expired" in html


def test_sign_out_page_asks_for_confirmation(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    html = client.get(reverse("account_logout")).content.decode()
    assert "Are you sure you want to sign out?" in html
    response = client.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in response.content.decode()


def test_mfa_overview_page_renders_in_the_layout(client: Any, supplier_user: Any) -> None:
    client.force_login(supplier_user)
    html = client.get(reverse("mfa_index")).content.decode()
    assert '<h1 class="govuk-heading-l">Sign-in security</h1>' in html
    assert "Your authenticator app is not set up." in html
