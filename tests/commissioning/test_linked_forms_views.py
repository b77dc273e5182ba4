"""Forms opened from a record start with that record chosen: "Record a need for this
mission" ticks the mission, "Start a commission for this need" ticks the need and its
missions and places. An empty
mission form names every missing answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from commissioning.models import Commission, Need
from tests.commissioning.factories import MissionFactory, NeedFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _ticked(response: Any, name: str) -> list[str]:
    """The values of the ticked checkboxes called `name` on the page, which must have answered."""
    assert response.status_code == 200
    pattern = rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]* checked>'
    return re.findall(pattern, response.content.decode())


def test_record_a_need_from_a_mission_starts_with_the_mission_ticked(
    client: Any, commissioner: Any, mission: Any
) -> None:
    client.force_login(commissioner)
    link = f"{reverse('commissioning:need_create')}?mission={mission.pk}"
    assertContains(
        client.get(reverse("commissioning:mission_detail", args=[mission.pk])), link, html=False
    )
    assert _ticked(client.get(link), "missions") == [str(mission.pk)]
    response = client.post(
        link,
        {
            "title": "Fresh food near home",
            "description": "Families cannot buy fresh food within walking distance.",
            "missions": [mission.pk],
        },
    )
    need = Need.objects.get(title="Fresh food near home")
    assert response.url == reverse("commissioning:need_detail", args=[need.pk])
    assert list(need.missions.all()) == [mission]


def test_start_a_commission_from_a_need_starts_with_the_need_ticked(
    client: Any, commissioner: Any, need: Any, mission: Any
) -> None:
    client.force_login(commissioner)
    link = f"{reverse('commissioning:commission_create')}?need={need.pk}"
    assertContains(client.get(reverse("commissioning:need_detail", args=[need.pk])), link)
    assert _ticked(client.get(link), "needs") == [str(need.pk)]
    response = client.post(
        link,
        {
            "title": "Community food hubs",
            "summary": "Food hubs on three estates, run with residents.",
            "needs": [need.pk],
            "missions": [mission.pk],
            "budget_min": "400000",
            "budget_max": "600000",
        },
    )
    commission = Commission.objects.get(title="Community food hubs")
    assert response.url == reverse("commissioning:commission_detail", args=[commission.pk])
    assert list(commission.needs.all()) == [need]
    assertContains(client.get(response.url), "Scoping")


def test_a_commission_from_a_need_also_ticks_the_needs_missions_and_places(
    client: Any, commissioner: Any, council: Any
) -> None:
    fed, housed, other = (MissionFactory(organisation=council) for _ in range(3))
    ward = PlaceFactory(organisation=council, name="Riverside ward")
    need = NeedFactory(organisation=council)
    need.missions.set([fed, housed])
    need.places.set([ward])
    client.force_login(commissioner)

    response = client.get(f"{reverse('commissioning:commission_create')}?need={need.pk}")

    assert sorted(_ticked(response, "missions")) == sorted([str(fed.pk), str(housed.pk)])
    assert str(other.pk) not in _ticked(response, "missions")
    assert _ticked(response, "places") == [str(ward.pk)]


def test_another_councils_need_ticks_nothing(
    client: Any, commissioner: Any, other_council: Any
) -> None:
    foreign = NeedFactory(organisation=other_council)
    client.force_login(commissioner)
    response = client.get(f"{reverse('commissioning:commission_create')}?need={foreign.pk}")
    assert response.status_code == 200
    assert _ticked(response, "needs") == _ticked(response, "missions") == []


@pytest.mark.parametrize(
    ("name", "query"), [("need_create", "?mission=abc"), ("commission_create", "?need=x")]
)
def test_a_mangled_link_opens_the_form_with_nothing_ticked(
    client: Any, commissioner: Any, mission: Any, need: Any, name: str, query: str
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse(f"commissioning:{name}") + query)
    assert response.status_code == 200
    assert _ticked(response, "missions") == _ticked(response, "needs") == []


def test_an_empty_mission_form_lists_every_missing_answer(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    response = client.post(reverse("commissioning:mission_create"), {"title": "", "statement": ""})
    assertContains(response, "govuk-error-summary")
    assertContains(response, 'href="#id_title"')
    assertContains(response, 'href="#id_statement"')
