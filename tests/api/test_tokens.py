"""API tokens: made and revoked by an organisation's administrators, shown once, kept
only as a digest, audited; a revoked token stops working at once."""

from __future__ import annotations

import datetime
import hashlib

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from api import services
from api.models import ApiToken
from core.errors import DomainError
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_token_is_kept_only_as_its_digest_and_its_making_is_audited(council, council_admin):
    new = services.api_token_create(organisation=council, name="Finance", by=council_admin)
    token = ApiToken.objects.get()
    assert new.secret.startswith("kindred_") and len(new.secret) > 40
    assert token.digest == hashlib.sha256(new.secret.encode()).hexdigest()
    assert new.secret not in {token.digest, token.prefix, token.name}
    assert new.secret.startswith(token.prefix)
    event = AuditEvent.objects.get(verb="created", target_id=str(token.pk))
    assert event.actor == council_admin
    assert event.organisation_id == council.pk
    assert new.secret not in str(event.changes)


@pytest.mark.parametrize("role", ["commissioner", "viewer", "supplier_user", "other_commissioner"])
def test_only_the_organisations_administrators_make_tokens(request, council, role):
    with pytest.raises(Exception, match="permission"):
        services.api_token_create(
            organisation=council, name="Finance", by=request.getfixturevalue(role)
        )
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(council, council_admin):
    with pytest.raises(DomainError, match="Enter what the token is for"):
        services.api_token_create(organisation=council, name="  ", by=council_admin)


def test_an_organisation_has_at_most_twenty_tokens_in_use(council, council_admin):
    for number in range(services.LIVE_TOKENS_MAX):
        services.api_token_create(organisation=council, name=f"T{number}", by=council_admin)
    with pytest.raises(DomainError, match="already has 20 tokens"):
        services.api_token_create(organisation=council, name="One more", by=council_admin)
    services.api_token_revoke(token=ApiToken.objects.first(), by=council_admin)
    services.api_token_create(organisation=council, name="One more", by=council_admin)


def test_a_revoked_token_stops_working_at_once(client, council, council_admin, council_token):
    url = reverse("api:own_contract_list")
    assert client.get(url, **bearer(council_token)).status_code == 200
    token = ApiToken.objects.get()
    services.api_token_revoke(token=token, by=council_admin)
    response = client.get(url, **bearer(council_token))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(verb="revoked", target_id=str(token.pk)).exists()
    with pytest.raises(DomainError, match="already been revoked"):
        services.api_token_revoke(token=token, by=council_admin)


def test_only_an_administrator_revokes(council, commissioner, council_token):
    with pytest.raises(Exception, match="permission"):
        services.api_token_revoke(token=ApiToken.objects.get(), by=commissioner)
    assert ApiToken.objects.get().is_live


def test_an_unknown_token_is_refused_even_on_public_records(client, council_token):
    response = client.get(reverse("api:contract_list"), **bearer(council_token + "x"))
    assert response.status_code == 401


def test_last_used_is_written_once_in_a_while_not_on_every_request(
    client, council_token, django_assert_num_queries
):
    url = reverse("api:contract_list")
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, tzinfo=datetime.UTC), tick=False):
        client.get(url, **bearer(council_token))
        first = ApiToken.objects.get().last_used_at
        assert first is not None
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 1, tzinfo=datetime.UTC), tick=False):
        client.get(url, **bearer(council_token))
        assert ApiToken.objects.get().last_used_at == first
    with time_machine.travel(datetime.datetime(2027, 1, 4, 9, 6, tzinfo=datetime.UTC), tick=False):
        client.get(url, **bearer(council_token))
        assert ApiToken.objects.get().last_used_at > first


# --- The page -------------------------------------------------------------------------------
def _page(organisation) -> str:
    return reverse("api_tokens:token_list", args=[organisation.slug])


def test_the_administrator_makes_a_token_and_sees_it_once(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(_page(council), {"name": "Finance system import"})
    assertContains(response, "Copy the token now. You will not be able to see it again.")
    assert "no-store" in response["Cache-Control"]
    secret = response.context["new"].secret
    assertContains(response, secret)
    # The list shows the beginning only, never the whole token again.
    listing = client.get(_page(council))
    assertContains(listing, "Finance system import")
    assertContains(listing, ApiToken.objects.get().prefix)
    assertNotContains(listing, secret)
    # It works.
    assert client.get(reverse("api:own_tender_list"), **bearer(secret)).status_code == 200


def test_an_empty_name_shows_the_error_summary_and_makes_nothing(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(_page(council), {"name": ""})
    assertContains(response, "govuk-error-summary")
    assertContains(response, "Enter what the token is for")
    assert not ApiToken.objects.exists()


def test_the_administrator_revokes_a_token_from_the_page(
    client, council, council_admin, council_token
):
    client.force_login(council_admin)
    token = ApiToken.objects.get()
    response = client.post(
        reverse("api_tokens:token_revoke", args=[council.slug, token.pk]), follow=True
    )
    assertContains(response, "Token “Finance” revoked. It no longer works.")
    assertContains(response, "Revoked")
    token.refresh_from_db()
    assert token.revoked_by == council_admin


def test_another_organisations_token_cannot_be_revoked_through_this_page(
    client, council, other_council, council_admin
):
    from accounts.models import Membership

    Membership.objects.create(user=council_admin, organisation=other_council, role="admin")
    other = services.api_token_create(organisation=other_council, name="Theirs", by=council_admin)
    Membership.objects.filter(organisation=other_council).delete()
    client.force_login(council_admin)
    url = reverse("api_tokens:token_revoke", args=[council.slug, other.token.pk])
    assert client.post(url).status_code == 404
    assert ApiToken.objects.get(pk=other.token.pk).is_live


@pytest.mark.parametrize("role", ["commissioner", "viewer", "supplier_user"])
def test_people_who_are_not_administrators_get_404(client, request, council, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(_page(council)).status_code == 404


def test_the_people_page_links_administrators_to_the_tokens(client, council, council_admin, viewer):
    client.force_login(council_admin)
    people = reverse("accounts:organisation_people", args=[council.slug])
    assertContains(client.get(people), f'href="{_page(council)}"')
    client.force_login(viewer)
    assertNotContains(client.get(people), f'href="{_page(council)}"')


def test_the_token_page_costs_the_same_with_many_tokens(
    client, council, council_admin, django_assert_max_num_queries
):
    client.force_login(council_admin)
    services.api_token_create(organisation=council, name="First", by=council_admin)
    client.get(_page(council))
    with django_assert_max_num_queries(12) as few:
        client.get(_page(council))
    for number in range(15):
        new = services.api_token_create(organisation=council, name=f"T{number}", by=council_admin)
        if number % 2:
            services.api_token_revoke(token=new.token, by=council_admin)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_page(council))
    assertContains(response, "T14")
