"""A buyer's own procurement rules: standstill period and social value floor."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from accounts.models import AuditEvent
from core.errors import DomainError
from procurement import criteria, tender_settings
from procurement.models import BuyerProcurementSettings

pytestmark = pytest.mark.django_db


def test_a_buyer_without_settings_gets_the_legal_minimum(council):
    current = tender_settings.buyer_settings_for(council)
    assert current.pk is None
    assert current.standstill_working_days == 8


def test_admin_sets_standstill_and_floor_with_an_audit_event(council, council_admin):
    tender_settings.buyer_settings_update(
        organisation=council,
        standstill_working_days=10,
        social_value_floor_percent=25,
        by=council_admin,
    )
    council.refresh_from_db()
    assert council.social_value_floor_percent == 25
    assert BuyerProcurementSettings.objects.get(organisation=council).standstill_working_days == 10
    event = AuditEvent.objects.get(verb="procurement settings changed")
    assert event.changes["standstill_working_days"] == [8, 10]
    assert event.changes["social_value_floor_percent"] == [10, 25]


def test_updating_twice_keeps_one_settings_row(council, council_admin):
    for days in (9, 12):
        tender_settings.buyer_settings_update(
            organisation=council,
            standstill_working_days=days,
            social_value_floor_percent=10,
            by=council_admin,
        )
    assert BuyerProcurementSettings.objects.filter(organisation=council).count() == 1


def test_standstill_is_never_fewer_than_8_working_days(council, council_admin):
    with pytest.raises(DomainError, match="at least 8 working days"):
        tender_settings.buyer_settings_update(
            organisation=council,
            standstill_working_days=7,
            social_value_floor_percent=10,
            by=council_admin,
        )


@pytest.mark.parametrize("floor", [9, 101])
def test_social_value_floor_is_10_to_100_percent(council, council_admin, floor):
    with pytest.raises(DomainError, match="between 10% and 100%"):
        tender_settings.buyer_settings_update(
            organisation=council,
            standstill_working_days=8,
            social_value_floor_percent=floor,
            by=council_admin,
        )


@pytest.mark.parametrize(
    "person", ["commissioner", "evaluator", "viewer", "other_commissioner", "supplier_user"]
)
def test_only_the_buyers_admins_change_its_settings(council, request, person):
    with pytest.raises(PermissionDenied):
        tender_settings.buyer_settings_update(
            organisation=council,
            standstill_working_days=10,
            social_value_floor_percent=20,
            by=request.getfixturevalue(person),
        )


def test_a_raised_floor_blocks_publishing_a_draft_that_gives_social_value_less(
    draft_tender, council, council_admin
):
    tender_settings.buyer_settings_update(
        organisation=council,
        standstill_working_days=8,
        social_value_floor_percent=30,
        by=council_admin,
    )
    draft_tender.organisation.refresh_from_db()
    problems = criteria.criteria_problems(draft_tender, list(draft_tender.criteria.all()))
    assert any("30" in problem for problem in problems)


# --- Views -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("council_admin", 200),
        ("commissioner", 403),
        ("evaluator", 403),
        ("viewer", 403),
        ("supplier_user", 403),
    ],
)
def test_settings_page_is_for_the_buyers_admins(client, request, person, status):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("procurement:buyer_settings")).status_code == status


def test_settings_page_sends_anonymous_people_to_sign_in(client):
    assert client.get(reverse("procurement:buyer_settings")).status_code == 302


def test_posting_settings_saves_them(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(
        reverse("procurement:buyer_settings"),
        {"standstill_working_days": "11", "social_value_floor_percent": "15"},
    )
    assert response.status_code == 302
    council.refresh_from_db()
    assert council.social_value_floor_percent == 15
    assert council.procurement_settings.standstill_working_days == 11


def test_too_short_a_standstill_is_shown_as_a_form_error(client, council, council_admin):
    client.force_login(council_admin)
    response = client.post(
        reverse("procurement:buyer_settings"),
        {"standstill_working_days": "5", "social_value_floor_percent": "10"},
    )
    assert response.status_code == 200
    assert "must be at least 8 working days" in response.text
    assert not BuyerProcurementSettings.objects.filter(organisation=council).exists()


def test_tender_list_links_to_settings_for_admins_only(client, council_admin, commissioner):
    url = reverse("procurement:buyer_settings")
    client.force_login(council_admin)
    assert url in client.get(reverse("procurement:tender_list")).text
    client.force_login(commissioner)
    assertNotContains(client.get(reverse("procurement:tender_list")), url)
