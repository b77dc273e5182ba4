"""The mission thread, unbroken: a mission with an indicator, a commission serving it, a
tender awarded, the contract on the mission page and the place page with its spend, a KPI
mapped to the indicator with a reading, the trend on track, and the progress PDF saying so.
Every step needs no JavaScript, so views and services prove it (the browser sweep checks
the same pages with axe)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from contracts.indicators.services import kpi_indicator_map
from contracts.models import Contract
from contracts.services import kpi_reading_record
from procurement import award
from procurement.models import Tender, TenderStatus
from reports.services import report_html, report_request
from tests.commissioning.factories import (
    IndicatorFactory,
    MissionFactory,
    OutcomeFactory,
    PlaceFactory,
)
from tests.contracts.factories import KpiFactory
from tests.procurement.conftest import closed_tender  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_an_awarded_contract_shows_on_the_mission_and_place_pages_and_feeds_the_trend(
    client,
    closed_tender,  # noqa: F811  (the fixture imported above)
    commissioner,
):
    council = closed_tender.organisation
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    town = PlaceFactory(organisation=council, name="Northbridge", kind="authority")
    ward = PlaceFactory(organisation=council, name="Riverside ward", parent=town)
    outcome = OutcomeFactory(mission=mission, title="Fewer families go hungry")
    indicator = IndicatorFactory(
        outcome=outcome,
        name="Families using food banks",
        unit="families a month",
        direction="decrease",
        baseline_value=400,
        baseline_date=datetime.date(2026, 4, 1),
        target_value=200,
        target_date=datetime.date(2029, 4, 1),
    )
    commission = closed_tender.commission
    commission.missions.set([mission])
    commission.places.set([ward])
    commission.outcomes.set([outcome])
    Tender.objects.filter(pk=closed_tender.pk).update(
        status=TenderStatus.READY_TO_AWARD,
        winning_bid=closed_tender.bids.order_by("pk").first(),
        standstill_ends_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    award.tender_award(
        tender=Tender.objects.get(pk=closed_tender.pk),
        start_date=datetime.date(2027, 4, 1),
        end_date=datetime.date(2029, 3, 31),
        by=commissioner,
    )
    contract = Contract.objects.get(tender=closed_tender)
    kpi = KpiFactory(contract=contract, name="Families using food banks")
    kpi = kpi_indicator_map(kpi=kpi, indicator=indicator, by=commissioner).kpi
    kpi_reading_record(kpi=kpi, period="Autumn 2026", value="300", by=commissioner)

    client.force_login(commissioner)
    response = client.get(reverse("commissioning:mission_detail", args=[mission.pk]))
    progress = response.context["progress"]
    assert [c.pk for c in progress.top_contracts] == [contract.pk]
    assert progress.spend_by_year[-1].label == "April 2027 to March 2028"
    assert progress.contracted_total == contract.value
    assert (progress.outcomes.on_track, progress.outcomes.off_track) == (1, 0)
    assertContains(response, contract.title)
    assertContains(response, "Families using food banks: ")
    assertContains(response, "On track")

    response = client.get(reverse("commissioning:place_detail", args=[town.pk]))
    spend = response.context["spend"]
    assert [c.pk for c in spend.contracts] == [contract.pk]
    assert spend.missions == ["Everyone eats well"]
    assert spend.by_place[0].by_mission == [Decimal(contract.value)]
    assertContains(response, contract.title)

    report = report_request(kind="mission_progress", target=mission, requested_by=commissioner)
    text = " ".join(report_html(report).split())
    assert "Families using food banks (on track)" in text
    assert "April 2027 to March 2028" in text
