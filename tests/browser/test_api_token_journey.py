"""Journey: a council administrator makes an API token, copies it from the page that
shows it once, reads the council's draft tenders with it, revokes it, and the token stops
working. Every page passes axe and the Content Security Policy (the conftest watches)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.procurement.factories import TenderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_makes_uses_and_revokes_a_token(
    page: Any, live_server: Any, council: Any, council_admin: Any
) -> None:
    TenderFactory(organisation=council, title="Draft: meals on wheels")
    sign_in(page, live_server, council_admin)
    page.goto(f"{live_server.url}{reverse('accounts:organisation_people', args=[council.slug])}")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")

    page.get_by_label("What is the token for?").fill("Finance system import")
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Token made")
    assert_accessible(page)
    secret = page.get_by_label("Your token").input_value()
    assert secret.startswith("kindred_")

    api = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    answer = api.get(reverse("api:own_tender_list"), **headers)
    assert answer.status_code == 200
    assert [row["title"] for row in answer.json()["results"]] == ["Draft: meals on wheels"]

    page.get_by_role("link", name="Back to API tokens").click()
    expect(page.locator("#tokens")).to_contain_text("Finance system import")
    expect(page.locator("#tokens")).not_to_contain_text(secret)
    page.get_by_role("button", name="Revoke Finance system import").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("It no longer works.")
    assert_accessible(page)
    assert api.get(reverse("api:own_tender_list"), **headers).status_code == 401
