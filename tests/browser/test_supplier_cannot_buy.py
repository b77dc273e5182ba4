"""Journey: a person signs up, registers a supplier organisation (becoming its
administrator) and tries every page where a council buys. Each one refuses them with the
GOV.UK "permission" or "not found" page, and nothing is created or changed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from commissioning.models import Commission, Mission, Need, Place
from contracts.models import Contract
from dialogue.models.engagement import MarketEngagement
from procurement.models import Tender, TenderStatus
from social_value.models import DeliveryReturn, ReturnStatus
from tests.contracts.factories import ContractFactory
from tests.factories import TEST_PASSWORD, OrganisationFactory
from tests.procurement.factories import TenderFactory
from tests.social_value.factories import DeliveryReturnFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFUSALS = ("You do not have permission to see this page", "Page not found")
EMAIL = "robin@riverside-growers.example"


def _sign_up_and_confirm(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}{reverse('account_signup')}")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_label("Confirm password").fill(TEST_PASSWORD)
    page.get_by_role("button", name=re.compile("Create")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    [message] = [m for m in mail.outbox if EMAIL in m.to]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body)
    assert link, message.body
    page.goto(f"{live_server.url}{link.group(1)}")
    page.get_by_role("button", name="Confirm").click()

    # Whether or not confirming signs the person in, they end up signed in.
    menu = page.get_by_role("navigation", name="Menu")
    if menu.get_by_role("link", name="Sign in").count():
        page.goto(f"{live_server.url}{reverse('account_login')}")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
    expect(menu.get_by_role("link", name="Sign out")).to_be_visible()


def _register_supplier(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/suppliers/register/")
    page.get_by_label("Organisation name").fill("Riverside Growers")
    page.get_by_label("Co-operative").check()
    page.get_by_label("Number of staff").fill("8")
    page.get_by_label("Registered postcode").fill("NB1 2AA")
    page.get_by_label("Company number (if you have one)").fill("IP123456")
    page.get_by_label("What your organisation does").fill("We grow food with neighbours.")
    page.get_by_role("button", name="Register organisation").click()
    expect(page.get_by_text("Riverside Growers is registered")).to_be_visible()


def _assert_refusal_page(page: Any, status: int, html: str) -> None:
    assert status in (403, 404), f"{page.url} answered {status}"
    heading = re.search(r'<h1 class="govuk-heading-l">(.*?)</h1>', html)
    assert heading and heading.group(1) in REFUSALS, f"{page.url}: {html[:400]}"
    assert "govuk-template" in html
    assert "403 Forbidden" not in html
    assert "Not Found</h1>" not in html


def _csrf_token(page: Any) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def test_a_supplier_administrator_cannot_reach_any_buyer_page(
    page: Any, live_server: Any, axe_check: Any
) -> None:
    council = OrganisationFactory(name="Northbridge Council", kind="public_body")
    tender = TenderFactory(organisation=council, title="Community food hubs")
    contract = ContractFactory(organisation=council, title="Meals at home")
    delivery_return = DeliveryReturnFactory(commitment__contract=contract)
    commission = tender.commission
    counts = {
        model: model.objects.count()
        for model in (Mission, Need, Commission, Place, Tender, Contract, MarketEngagement)
    }

    _sign_up_and_confirm(page, live_server)
    _register_supplier(page, live_server)

    # Every buyer page, opened and then sent a form: each is refused.
    attempts = {
        reverse("commissioning:mission_create"): {"title": "Everyone eats well"},
        reverse("commissioning:need_create"): {"title": "Older people eat alone"},
        reverse("commissioning:commission_create"): {"title": "Lunch clubs"},
        reverse("commissioning:place_create"): {"name": "Riverside ward"},
        reverse("commissioning:place_import"): {},
        reverse("procurement:tender_create", args=[commission.pk]): {"title": "Lunch clubs"},
        reverse("procurement:tender_scoring", args=[tender.pk]): {},
        reverse("procurement:buyer_settings"): {"standstill_working_days": "10"},
        reverse("contracts:contract_create"): {"title": "Lunch clubs"},
        reverse("dialogue:engagement_create", args=[commission.pk]): {"title": "Ask the market"},
        reverse("social_value:return_detail", args=[delivery_return.pk]): {"action": "verify"},
    }
    for path, form in attempts.items():
        response = page.goto(f"{live_server.url}{path}")
        _assert_refusal_page(page, response.status, page.content())
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("|".join(REFUSALS)))
        axe_check(page)

        sent = page.request.post(
            f"{live_server.url}{path}",
            form=form,
            headers={"X-CSRFToken": _csrf_token(page)},
            max_redirects=0,
        )
        _assert_refusal_page(page, sent.status, sent.text())

    # Publishing the council's tender is refused too.
    sent = page.request.post(
        f"{live_server.url}{reverse('procurement:tender_publish', args=[tender.pk])}",
        headers={"X-CSRFToken": _csrf_token(page)},
        max_redirects=0,
    )
    _assert_refusal_page(page, sent.status, sent.text())

    assert counts == {model: model.objects.count() for model in counts}
    tender.refresh_from_db()
    assert tender.status == TenderStatus.DRAFT
    delivery_return.refresh_from_db()
    assert delivery_return.status == ReturnStatus.DUE
    assert DeliveryReturn.objects.filter(status=ReturnStatus.VERIFIED).count() == 0
