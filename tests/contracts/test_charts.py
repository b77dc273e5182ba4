"""The contract's charts: relationship health overall and by dimension, and each KPI's
readings over time with its target, on the contract page with their tables."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from contracts import charts, selectors, services
from contracts.models import KpiReading
from contracts.selectors import HealthPoint
from tests.contracts.factories import (
    CheckInFactory,
    ContractFactory,
    KpiFactory,
    both_sides_submit,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("92%", Decimal("92"), "percent"),
        ("£1,200", Decimal("1200"), "money"),
        ("14", Decimal("14"), "number"),
        ("20 a year", Decimal("20"), "number"),
        ("12.5 %", Decimal("12.5"), "percent"),
    ],
)
def test_figure_in_reads_the_figure_a_text_starts_with(text, value, kind):
    assert charts.figure_in(text) == charts.Figure(value=value, kind=kind)


@pytest.mark.parametrize("text", ["", "On track", "About half"])
def test_figure_in_finds_nothing_in_words(text):
    assert charts.figure_in(text) is None


def test_each_dimension_gets_a_chart_with_both_sides():
    points = [
        HealthPoint(
            held_on=datetime.date(2026, 5, 6),
            buyer=Decimal("3.5"),
            provider=Decimal("3"),
            by_dimension={"buyer": {"trust": 3, "communication": 4}, "provider": {"trust": 3}},
        ),
        HealthPoint(
            held_on=datetime.date(2026, 7, 8),
            buyer=Decimal("4"),
            by_dimension={"buyer": {"trust": 4}},
        ),
    ]

    dimension_charts = charts.dimension_charts(points)

    assert [chart.title.split(":")[0] for chart in dimension_charts] == ["Trust", "Communication"]
    trust = dimension_charts[0]
    assert trust.table.head == ["Date", "Buyer", "Provider"]
    assert trust.table.rows == [["6 May 2026", "3", "3"], ["8 July 2026", "4", "Not recorded"]]
    assert charts.health_chart(points).table.rows[0] == ["6 May 2026", "3.5", "3"]


def _kpi_with_readings(contract, contract_manager):
    kpi = KpiFactory(contract=contract, name="Repairs done within a day", target="95%")
    for period, value, held_on in (
        ("January to March 2026", "88%", datetime.date(2026, 4, 2)),
        ("April to June 2026", "93%", datetime.date(2026, 7, 2)),
    ):
        checkin = CheckInFactory(contract=contract, held_on=held_on)
        services.kpi_reading_record(
            kpi=kpi, period=period, value=value, checkin=checkin, by=contract_manager
        )
    # A reading given outside a check-in is dated the day it was entered.
    services.kpi_reading_record(
        kpi=kpi, period="July to September 2026", value="Not yet counted", by=contract_manager
    )
    return kpi


def test_kpi_chart_runs_over_check_in_dates_with_the_target_as_a_level_line(
    council, contract_manager
):
    contract = ContractFactory(organisation=council, contract_manager=contract_manager)
    kpi = _kpi_with_readings(contract, contract_manager)
    KpiFactory(contract=contract, name="Words only", target="Good")

    [item] = charts.kpi_charts(contract.kpis.order_by("pk"), selectors.kpi_readings_for(contract))

    assert item.kpi == kpi
    assert item.chart.notes == ["Target: 95%."]
    assert item.chart.table.rows == [["2 April 2026", "88%"], ["2 July 2026", "93%"]]
    assert "Reading (%)" in item.chart.svg


def test_reading_date_is_the_check_in_or_else_the_day_entered(council, contract_manager):
    contract = ContractFactory(organisation=council, contract_manager=contract_manager)
    kpi = _kpi_with_readings(contract, contract_manager)
    dates = [charts.reading_date(reading) for reading in kpi.readings.order_by("pk")]
    assert dates == [
        datetime.date(2026, 4, 2),
        datetime.date(2026, 7, 2),
        KpiReading.objects.order_by("pk").last().recorded_at.date(),
    ]


def test_contract_page_shows_kpi_and_dimension_charts_with_their_tables(
    client, council, contract_manager, supplier_org, supplier_user
):
    contract = ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )
    _kpi_with_readings(contract, contract_manager)
    checkin = CheckInFactory(contract=contract, held_on=timezone.localdate())
    both_sides_submit(
        checkin,
        buyer=contract_manager,
        provider=supplier_user,
        ratings={"trust": (4, "Good"), "communication": (2, "Slow")},
    )
    client.force_login(contract_manager)

    response = client.get(reverse("contracts:contract_detail", args=[contract.pk]))

    html = response.content.decode()
    # The overall chart, two dimensions and one KPI.
    assert html.count('class="kindred-chart" role="img"') == 4
    assertContains(response, "Repairs done within a day: readings over time", count=3)
    assertContains(response, "Communication: each side&#x27;s rating at each shared check-in")
    assertContains(response, '<th scope="row" class="govuk-table__header">2 April 2026</th>')
    assertContains(response, "Show the readings as a table")
    assertNotContains(response, " style=")


def test_contract_page_draws_its_charts_once_until_what_they_show_changes(
    client, council, contract_manager, supplier_org, supplier_user
):
    contract = ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )
    kpi = _kpi_with_readings(contract, contract_manager)
    first = CheckInFactory(contract=contract, held_on=datetime.date(2026, 8, 3))
    both_sides_submit(first, buyer=contract_manager, provider=supplier_user)
    client.force_login(contract_manager)
    url = reverse("contracts:contract_detail", args=[contract.pk])
    with CaptureQueriesContext(connection) as first_time:
        drawn = client.get(url).content.decode()

    with CaptureQueriesContext(connection) as again:
        response = client.get(url)

    # The charts come from the cache: the ratings and readings they draw are not read again.
    assert response.status_code == 200
    assert len(again.captured_queries) <= len(first_time.captured_queries) - 2
    assert "contribution__checkin__held_on" not in str(again.captured_queries)
    assert response.content.decode().count('role="img"') == drawn.count('role="img"') == 3

    # A newly shared check-in and a new reading show at once.
    later = CheckInFactory(contract=contract, held_on=datetime.date(2026, 10, 5))
    both_sides_submit(
        later, buyer=contract_manager, provider=supplier_user, ratings={"trust": (2, "Hard")}
    )
    services.kpi_reading_record(kpi=kpi, period="October 2026", value="97%", by=contract_manager)
    response = client.get(url)
    assertContains(response, '<th scope="row" class="govuk-table__header">5 October 2026</th>')
    assertContains(response, '<td class="govuk-table__cell govuk-table__cell--numeric">97%</td>')
