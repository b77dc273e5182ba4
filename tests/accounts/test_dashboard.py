from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from home.dashboard import dashboard_for
from procurement.models import TenderStatus
from tests.commissioning.factories import CommissionFactory, MissionFactory
from tests.contracts.factories import ContractFactory
from tests.procurement.factories import BidFactory, TenderFactory

pytestmark = pytest.mark.django_db


def _council_work(council: Any, supplier_org: Any, count: int) -> None:
    for n in range(count):
        MissionFactory(organisation=council)
        commission = CommissionFactory(organisation=council)
        tender = TenderFactory(
            organisation=council, commission=commission, status=TenderStatus.PUBLISHED
        )
        ContractFactory(organisation=council, provider=supplier_org)
        BidFactory(tender=tender, supplier=supplier_org)
        if n == 0:
            # Another council's work never shows on this dashboard.
            MissionFactory(title="Someone else's mission")


def _sections(context: dict[str, Any]) -> dict[str, Any]:
    return {section.key: section for section in context["sections"]}


def test_public_body_dashboard_counts_and_lists_its_own_work(
    commissioner: Any, council: Any, supplier_org: Any
) -> None:
    _council_work(council, supplier_org, 7)

    sections = _sections(dashboard_for(commissioner, council))

    assert list(sections) == ["missions", "commissions", "tenders", "contracts"]
    for section in sections.values():
        assert section.count == 7
        assert len(section.items) == 5
    tender = sections["tenders"].items[0]
    assert tender.status.value == "published"
    assert tender.status.label == "Open for bids"
    assert sections["contracts"].items[0].detail == supplier_org.name


def test_supplier_dashboard_shows_open_opportunities_bids_and_contracts(
    supplier_user: Any, council: Any, supplier_org: Any, other_supplier_org: Any
) -> None:
    _council_work(council, supplier_org, 2)
    TenderFactory(status=TenderStatus.PUBLISHED)
    TenderFactory(
        status=TenderStatus.PUBLISHED,
        submission_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    BidFactory(supplier=other_supplier_org)

    context = dashboard_for(supplier_user, supplier_org)
    sections = _sections(context)

    # Two open tenders from the council and one elsewhere; one has passed its deadline.
    assert context["open_opportunities"] == 3
    assert list(sections) == ["bids", "contracts"]
    assert sections["bids"].count == 2
    assert sections["contracts"].count == 2
    assert sections["bids"].items[0].detail == council.name


def test_person_without_an_organisation_is_told_to_ask_for_an_invitation(client: Any) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get(reverse("home:dashboard")).content.decode()
    assert "Ask an administrator to invite you." in html


def test_administrator_sees_a_link_to_their_people_page(
    client: Any, council_admin: Any, council: Any
) -> None:
    client.force_login(council_admin)
    html = client.get(reverse("home:dashboard")).content.decode()
    assert reverse("accounts:organisation_people", args=[council.slug]) in html


def test_commissioner_does_not_see_the_people_link(
    client: Any, commissioner: Any, council: Any
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse("home:dashboard"))
    assertNotContains(response, reverse("accounts:organisation_people", args=[council.slug]))


@pytest.mark.parametrize("volume", [1, 30])
def test_dashboard_query_count_does_not_grow_with_volume(
    client: Any,
    commissioner: Any,
    council: Any,
    supplier_org: Any,
    volume: int,
    django_assert_max_num_queries: Any,
) -> None:
    _council_work(council, supplier_org, volume)
    client.force_login(commissioner)
    # The session, the person, their memberships and the unread count; then one list per
    # section and the four totals in one query.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("home:dashboard"))
    assert response.status_code == 200
    assert "govuk-tag" in response.content.decode()
    # Seen again, the sections come from the cache.
    with django_assert_max_num_queries(4):
        again = client.get(reverse("home:dashboard"))
    assert again.context["sections"] == response.context["sections"]


def test_supplier_dashboard_query_count_does_not_grow_with_volume(
    client: Any,
    supplier_user: Any,
    council: Any,
    supplier_org: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _council_work(council, supplier_org, 20)
    client.force_login(supplier_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home:dashboard"))
    assert response.status_code == 200


# --- Kept sections: a change shows at once, and each council sees its own --------------------
def test_a_change_to_the_councils_work_shows_on_the_next_view(
    client: Any, commissioner: Any, council: Any, supplier_org: Any
) -> None:
    _council_work(council, supplier_org, 2)
    client.force_login(commissioner)
    url = reverse("home:dashboard")
    client.get(url)  # keeps the sections

    mission = council.missions.order_by("title").first()
    mission.title = "Renamed mission"
    mission.save()
    TenderFactory(organisation=council, title="A brand new tender")
    contract = ContractFactory(organisation=council, provider=supplier_org, title="Gone soon")
    response = client.get(url)
    assertContains(response, "Renamed mission")
    assertContains(response, "A brand new tender")
    assertContains(response, "Gone soon")

    contract.delete()
    supplier_org.name = "Renamed Provider Co-op"
    supplier_org.save()
    response = client.get(url)
    assertNotContains(response, "Gone soon")
    assertContains(response, "Renamed Provider Co-op")


def test_each_council_sees_its_own_kept_sections(
    client: Any,
    commissioner: Any,
    other_commissioner: Any,
    council: Any,
    other_council: Any,
    supplier_org: Any,
) -> None:
    MissionFactory(organisation=council, title="Our own mission")
    MissionFactory(organisation=other_council, title="Their own mission")
    url = reverse("home:dashboard")
    client.force_login(commissioner)
    client.get(url)
    assertContains(client.get(url), "Our own mission")
    client.force_login(other_commissioner)
    response = client.get(url)
    assertContains(response, "Their own mission")
    assertNotContains(response, "Our own mission")
