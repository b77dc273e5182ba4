"""Every link a page shows a person leads to a page that person may open.

For a supplier (the contract's provider and a bidder), a viewer, an evaluator and a
contract manager: fetch the dashboard, the contract page and the tender page, follow every
same-site link on them and expect no 403 or 404. A link to a page that refuses the person
is a dead end; the page should not have shown it."""

from __future__ import annotations

import datetime
import html
import re
from typing import Any

import pytest
from django.urls import reverse

from contracts.models import Action, CheckInStatus, LearningEntry
from procurement.services import participant_join
from tests.commissioning.factories import CommissionFactory, MissionFactory
from tests.contracts.factories import CheckInFactory, ContractFactory, KpiFactory
from tests.procurement.factories import BidFactory, PublishedTenderFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db

ROLES = ["supplier_user", "viewer", "evaluator", "contract_manager"]
HREF = re.compile(r'href="(/[^"]*)"')
NOT_PAGES = ("/static/", "/media/")


@pytest.fixture
def work(council: Any, supplier_org: Any, supplier_user: Any, contract_manager: Any) -> dict:
    mission = MissionFactory(organisation=council)
    commission = CommissionFactory(organisation=council)
    tender = PublishedTenderFactory(organisation=council, commission=commission)
    TenderQuestionFactory(tender=tender)
    participant_join(tender=tender, supplier=supplier_org, by=supplier_user)
    BidFactory(tender=tender, supplier=supplier_org)
    contract = ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        commission=commission,
        tender=tender,
    )
    contract.missions.add(mission)
    checkin = CheckInFactory(
        contract=contract, held_on=datetime.date(2026, 6, 30), status=CheckInStatus.PUBLISHED
    )
    Action.objects.create(contract=contract, raised_in=checkin, description="Fix", owner="Ana")
    KpiFactory(contract=contract)
    LearningEntry.objects.create(
        organisation=council, contract=contract, title="Shared", body="…", is_public=True
    )
    return {"contract": contract, "tender": tender}


def _links(content: str) -> set[str]:
    links = set()
    for href in HREF.findall(content):
        path = html.unescape(href).split("#")[0]
        if path and not path.startswith(NOT_PAGES):
            links.add(path)
    return links


@pytest.mark.parametrize("role", ROLES)
def test_no_link_shown_to_a_role_is_a_dead_end(client, request, role, work):
    client.force_login(request.getfixturevalue(role))
    pages = [
        reverse("home:dashboard"),
        reverse("contracts:contract_detail", args=[work["contract"].pk]),
        reverse("procurement:tender_detail", args=[work["tender"].pk]),
    ]
    shown_on: dict[str, str] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in _links(response.content.decode()):
            shown_on.setdefault(link, page)

    dead_ends = [
        f"{page} -> {link}: {status}"
        for link, page in sorted(shown_on.items())
        if (status := client.get(link).status_code) in (403, 404)
    ]
    assert dead_ends == []
