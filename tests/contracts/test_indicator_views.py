"""The indicator page, recording and correcting readings, readings by place, and choosing
the indicator a contract KPI feeds — through the pages, as people use them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from commissioning import services as commissioning_services
from commissioning.models import IndicatorReading
from contracts import services as contract_services
from contracts.indicators import services as feeds
from tests.commissioning.factories import (
    IndicatorFactory,
    MissionFactory,
    OutcomeFactory,
    PlaceFactory,
)
from tests.contracts.factories import ContractFactory, KpiFactory

pytestmark = pytest.mark.django_db

# Session, user, memberships, the organisation switcher and the unread notification count.
PAGE_OVERHEAD = 5


@pytest.fixture
def mission(council: Any):
    return MissionFactory(organisation=council, title="Everyone eats well")


@pytest.fixture
def indicator(mission: Any):
    return IndicatorFactory(
        outcome=OutcomeFactory(mission=mission, title="Children eat well"),
        name="Children eating five a day",
        unit="% of children",
        baseline_value=Decimal(40),
        baseline_date=datetime.date(2024, 1, 1),
        target_value=Decimal(60),
        target_date=datetime.date(2028, 1, 1),
    )


@pytest.fixture
def hubs(council: Any, mission: Any):
    contract = ContractFactory(organisation=council, title="Food hubs")
    contract.missions.add(mission)
    return contract


def reading(indicator: Any, by: Any, value: str = "52", **fields: Any) -> IndicatorReading:
    return commissioning_services.indicator_reading_record(
        indicator=indicator,
        value=Decimal(value),
        date=fields.pop("date", datetime.date(2026, 1, 1)),
        by=by,
        **fields,
    )


def indicator_page(client: Any, indicator: Any) -> Any:
    return client.get(reverse("commissioning:indicator_detail", args=[indicator.pk]))


def test_the_indicator_page_shows_the_trend_chart_table_and_who_contributed(
    client: Any, commissioner: Any, contract_manager: Any, indicator: Any, hubs: Any
) -> None:
    feeds.attributed_reading_record(
        indicator=indicator,
        contracts=[hubs],
        value=Decimal(52),
        date=datetime.date(2026, 1, 1),
        source="School survey",
        by=contract_manager,
    )
    client.force_login(commissioner)
    response = indicator_page(client, indicator)
    assertContains(response, "On track")
    assertContains(response, "<svg", count=1)
    assertContains(response, "Show the figures as a table")
    assertContains(response, "School survey")
    assertContains(response, "Food hubs")
    assertContains(response, "Morgan Manager")
    assertContains(response, reverse("contracts:indicator_reading_create", args=[indicator.pk]))
    # Someone else's reading: no links to change it.
    assertNotContains(response, '/edit/">Change<span class="govuk-visually-hidden"> the reading')


def test_an_indicator_with_no_readings_says_so(client: Any, viewer: Any, indicator: Any) -> None:
    client.force_login(viewer)
    response = indicator_page(client, indicator)
    assertContains(response, "No readings yet")
    assertContains(response, "There is no chart until a reading")
    assertNotContains(response, "Record a reading")


def test_other_councils_cannot_see_the_indicator(
    client: Any, other_commissioner: Any, indicator: Any
) -> None:
    client.force_login(other_commissioner)
    assert indicator_page(client, indicator).status_code == 404


def test_recording_a_reading_with_its_contracts(
    client: Any, contract_manager: Any, indicator: Any, hubs: Any, council: Any
) -> None:
    ward = PlaceFactory(organisation=council, name="Riverside")
    client.force_login(contract_manager)
    url = reverse("contracts:indicator_reading_create", args=[indicator.pk])
    form = client.get(url)
    assertContains(form, "Food hubs")
    assertContains(form, "Riverside")
    response = client.post(
        url,
        {
            "value": "47.5",
            "date_0": "31",
            "date_1": "3",
            "date_2": "2025",
            "place": ward.pk,
            "source": "Survey",
            "contracts": [hubs.pk],
        },
    )
    assertRedirects(
        response, reverse("commissioning:indicator_detail", args=[indicator.pk]) + "#readings"
    )
    saved = indicator.readings.get()
    assert (saved.value, saved.date, saved.place, saved.recorded_by) == (
        Decimal("47.5"),
        datetime.date(2025, 3, 31),
        ward,
        contract_manager,
    )
    assert list(saved.contributions.values_list("contract", flat=True)) == [hubs.pk]


def test_a_wrong_reading_is_shown_again_with_the_error_beside_the_field(
    client: Any, commissioner: Any, indicator: Any
) -> None:
    client.force_login(commissioner)
    url = reverse("contracts:indicator_reading_create", args=[indicator.pk])
    response = client.post(
        url,
        {
            "value": "about forty",
            "date_0": "31",
            "date_1": "3",
            "date_2": "2025",
            "note": "Kept note",
        },
    )
    assertContains(response, "Enter the value as a number, like 42 or 42.5.")
    assertContains(response, 'value="about forty"')
    assertContains(response, "Kept note")
    later = datetime.date.today() + datetime.timedelta(days=400)
    response = client.post(
        url,
        {
            "value": "41",
            "date_0": later.day,
            "date_1": later.month,
            "date_2": later.year,
            "source": "Typed source",
        },
    )
    assertContains(response, "The date of the reading must be today or in the past.")
    assertContains(response, 'value="Typed source"')
    assert not indicator.readings.exists()


@pytest.mark.parametrize("role", ["viewer", "evaluator"])
def test_readers_may_not_record(
    client: Any, role: str, indicator: Any, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(role))
    assert (
        client.get(reverse("contracts:indicator_reading_create", args=[indicator.pk])).status_code
        == 403
    )


def test_the_recorder_corrects_and_removes_their_reading_and_nobody_else_may(
    client: Any, commissioner: Any, contract_manager: Any, indicator: Any, hubs: Any
) -> None:
    mine = reading(indicator, contract_manager, "44")
    edit = reverse("contracts:indicator_reading_edit", args=[mine.pk])
    remove = reverse("commissioning:indicator_reading_delete", args=[mine.pk])
    client.force_login(commissioner)
    assert client.get(edit).status_code == 403
    assert client.post(remove).status_code == 403
    client.force_login(contract_manager)
    assertContains(indicator_page(client, indicator), edit)
    form = client.get(edit)
    assertContains(form, 'value="44"')
    assertContains(form, 'name="date_2" value="2026"')
    response = client.post(
        edit,
        {"value": "45", "date_0": "1", "date_1": "1", "date_2": "2026", "contracts": [hubs.pk]},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.value == Decimal(45)
    assert list(mine.contributions.values_list("contract", flat=True)) == [hubs.pk]
    assertContains(client.get(remove), "Remove the reading of 45 on 1 January 2026?")
    client.post(remove)
    assert not indicator.readings.exists()


def test_the_indicator_page_costs_the_same_at_a_thousand_readings(
    client: Any, commissioner: Any, indicator: Any, hubs: Any, django_assert_max_num_queries: Any
) -> None:
    readings = IndicatorReading.objects.bulk_create(
        IndicatorReading(
            indicator=indicator,
            value=Decimal(40 + n % 20),
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
            recorded_by=commissioner,
        )
        for n in range(1000)
    )
    feeds.ReadingContribution.objects.bulk_create(
        feeds.ReadingContribution(reading=r, contract=hubs) for r in readings[-100:]
    )
    KpiFactory(contract=hubs, indicator=indicator)
    client.force_login(commissioner)
    # The indicator, its trend (2), the page of readings and its count, the contracts of
    # those readings and the KPIs feeding it; the history link.
    with django_assert_max_num_queries(PAGE_OVERHEAD + 9):
        response = indicator_page(client, indicator)
    assertContains(response, "Food hubs")
    assertContains(response, "Next")


def test_the_place_page_lists_readings_here_and_in_places_inside(
    client: Any, commissioner: Any, indicator: Any, council: Any, django_assert_max_num_queries: Any
) -> None:
    area = PlaceFactory(organisation=council, name="South", kind="area")
    ward = PlaceFactory(organisation=council, name="Riverside", parent=area)
    elsewhere = PlaceFactory(organisation=council, name="Castle")
    reading(indicator, commissioner, "41", place=ward, date=datetime.date(2025, 1, 1))
    reading(indicator, commissioner, "58", place=ward, date=datetime.date(2026, 1, 1))
    reading(indicator, commissioner, "43", place=elsewhere)
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:place_detail", args=[area.pk]))
    assertContains(response, "Outcomes and readings here")
    assertContains(response, "Children eat well")
    assertContains(response, "2 readings here")
    assertContains(response, "On track")
    assertNotContains(response, "Castle")
    IndicatorReading.objects.bulk_create(
        IndicatorReading(
            indicator=IndicatorFactory(outcome=indicator.outcome) if n % 100 == 0 else indicator,
            value=Decimal(n % 60),
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            place=ward,
        )
        for n in range(1000)
    )
    with django_assert_max_num_queries(PAGE_OVERHEAD + 16):
        assert client.get(reverse("commissioning:place_detail", args=[area.pk])).status_code == 200
    empty = client.get(reverse("commissioning:place_detail", args=[elsewhere.pk]))
    assertContains(empty, "1 reading here")


def test_the_mission_page_links_each_indicator_to_its_trend(
    client: Any, viewer: Any, commissioner: Any, indicator: Any, mission: Any
) -> None:
    reading(indicator, commissioner, "30")
    client.force_login(viewer)
    response = client.get(reverse("commissioning:mission_detail", args=[mission.pk]))
    assertContains(response, reverse("commissioning:indicator_detail", args=[indicator.pk]))
    assertContains(response, "Off track")


def test_a_manager_chooses_the_indicator_a_kpi_feeds(
    client: Any,
    contract_manager: Any,
    supplier_user: Any,
    indicator: Any,
    council: Any,
    supplier_org: Any,
) -> None:
    contract = ContractFactory(organisation=council, provider=supplier_org)
    kpi = KpiFactory(contract=contract, name="Children fed")
    contract_services.kpi_reading_record(kpi=kpi, period="Q1", value="48%", by=supplier_user)
    contract_services.kpi_reading_record(kpi=kpi, period="Q2", value="Good", by=supplier_user)
    url = reverse("contracts:kpi_indicator", args=[contract.pk, kpi.pk])
    client.force_login(supplier_user)
    assert client.get(url).status_code == 404
    client.force_login(contract_manager)
    assertContains(client.get(url), "Children eating five a day")
    response = client.post(url, {"indicator": indicator.pk}, follow=True)
    assertContains(
        response,
        "“Children fed” now feeds “Children eating five a day”. 1 reading carried over. "
        "Not carried over, because they are not numbers: Q2.",
    )
    assertContains(response, reverse("commissioning:indicator_detail", args=[indicator.pk]))
    assert indicator.readings.get().value == Decimal(48)
    response = client.post(
        reverse("contracts:reading_add", args=[contract.pk]),
        {"kpi": kpi.pk, "period": "Q3", "value": "Better"},
    )
    assertContains(response, "Enter the reading as a number")
    assertContains(response, 'value="Better"')


def test_removing_an_indicator_warns_that_its_readings_go_and_its_kpis_stop_feeding_it(
    client: Any, commissioner: Any, indicator: Any, hubs: Any
) -> None:
    reading(indicator, commissioner, "50")
    kpi = KpiFactory(contract=hubs, indicator=indicator)
    url = reverse("commissioning:indicator_delete", args=[indicator.pk])
    client.force_login(commissioner)
    assertContains(client.get(url), "Its readings will be removed too")
    client.post(url)
    assert not IndicatorReading.objects.exists()
    kpi.refresh_from_db()
    assert kpi.indicator is None
