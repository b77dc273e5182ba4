"""A mission's outcomes framework: outcomes and their indicators, and the mission page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent
from commissioning import services
from commissioning.models import Direction, Indicator, IndicatorReading, Outcome
from core.errors import DomainError
from tests.commissioning.factories import (
    CommissionFactory,
    EvidenceItemFactory,
    IndicatorFactory,
    MissionFactory,
    NeedFactory,
    OutcomeFactory,
    PlaceFactory,
)
from tests.commissioning.test_query_counts import MISSION_PAGE_QUERIES, PAGE_OVERHEAD
from tests.contracts.factories import ContractFactory
from tests.dates import date_fields
from tests.procurement.factories import TenderFactory

pytestmark = pytest.mark.django_db

REFUSED_PEOPLE = ["viewer", "evaluator", "contract_manager", "other_commissioner", "supplier_user"]


@pytest.fixture
def outcome(mission, commissioner):
    return services.outcome_create(
        mission=mission, title="More families eat fresh food", by=commissioner
    )


@pytest.fixture
def indicator(outcome, commissioner):
    return services.indicator_create(
        outcome=outcome,
        name="Residents who eat 5 a day",
        unit="% of residents",
        baseline_value=Decimal("31"),
        baseline_date=datetime.date(2024, 3, 31),
        target_value=Decimal("45"),
        target_date=datetime.date(2030, 3, 31),
        data_source="Residents' Survey",
        by=commissioner,
    )


# --- Outcome services --------------------------------------------------------------------
def test_outcomes_are_added_last_and_audited(mission, commissioner):
    first = services.outcome_create(
        mission=mission, title="Fewer people go hungry", by=commissioner
    )
    second = services.outcome_create(mission=mission, title=" Food is local ", by=commissioner)
    assert (first.position, second.position) == (1, 2)
    assert second.title == "Food is local"
    event = AuditEvent.objects.get(target_id=str(second.pk), verb="created")
    assert event.actor == commissioner and event.organisation_id == mission.organisation_id


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_the_councils_commissioners_may_add_outcomes(request, mission, person):
    with pytest.raises(PermissionDenied):
        services.outcome_create(
            mission=mission, title="Outcome", by=request.getfixturevalue(person)
        )
    assert not Outcome.objects.exists()


def test_an_outcome_needs_a_title(mission, commissioner):
    with pytest.raises(DomainError):
        services.outcome_create(mission=mission, title="   ", by=commissioner)


def test_an_order_too_large_to_keep_is_refused_with_the_limit(
    client, mission, outcome, commissioner
):
    """Once a server error: the order's column keeps numbers up to 2,147,483,647."""
    client.force_login(commissioner)
    for url in (
        reverse("commissioning:outcome_create", args=[mission.pk]),
        reverse("commissioning:outcome_edit", args=[outcome.pk]),
    ):
        response = client.post(url, {"title": "Food is local", "position": "3000000000"})
        assertContains(response, "The order must be 1,000 or lower.")
        assertContains(response, "Food is local")
    with pytest.raises(DomainError, match="from 0 to 1,000"):
        services.outcome_create(mission=mission, title="Food", position=1001, by=commissioner)
    with pytest.raises(DomainError, match="from 0 to 1,000"):
        services.outcome_update(outcome=outcome, position=-1, by=commissioner)
    outcome.refresh_from_db()
    assert [o.title for o in mission.outcomes.all()] == ["More families eat fresh food"]
    assert outcome.position == 1


def test_updating_an_outcome_records_what_changed(outcome, commissioner):
    services.outcome_update(
        outcome=outcome, title="More families eat well", position=5, by=commissioner
    )
    outcome.refresh_from_db()
    assert (outcome.title, outcome.position) == ("More families eat well", 5)
    event = AuditEvent.objects.get(target_id=str(outcome.pk), verb="updated")
    assert event.changes["title"] == ["More families eat fresh food", "More families eat well"]


def test_updating_with_nothing_changed_records_nothing(outcome, commissioner):
    services.outcome_update(outcome=outcome, title=outcome.title, by=commissioner)
    assert not AuditEvent.objects.filter(target_id=str(outcome.pk), verb="updated").exists()


def test_viewer_cannot_change_or_remove_an_outcome(outcome, viewer):
    with pytest.raises(PermissionDenied):
        services.outcome_update(outcome=outcome, title="New", by=viewer)
    with pytest.raises(PermissionDenied):
        services.outcome_delete(outcome=outcome, by=viewer)


def test_removing_an_outcome_removes_its_indicators(outcome, indicator, commissioner):
    outcome_pk = outcome.pk
    services.outcome_delete(outcome=outcome, by=commissioner)
    assert not Outcome.objects.exists() and not Indicator.objects.exists()
    assert AuditEvent.objects.filter(target_id=str(outcome_pk), verb="deleted").exists()


def test_an_outcome_a_commission_targets_cannot_be_removed(outcome, commission, commissioner):
    commission.outcomes.add(outcome)
    with pytest.raises(DomainError, match="commission"):
        services.outcome_delete(outcome=outcome, by=commissioner)
    assert Outcome.objects.filter(pk=outcome.pk).exists()


# --- Indicator services ------------------------------------------------------------------
def test_an_indicator_records_baseline_target_source_and_direction(indicator):
    indicator.refresh_from_db()
    assert indicator.baseline_value == Decimal("31.00")
    assert indicator.target_date == datetime.date(2030, 3, 31)
    assert indicator.direction == Direction.INCREASE
    assert AuditEvent.objects.filter(target_id=str(indicator.pk), verb="created").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"baseline_value": Decimal(40), "baseline_date": None}, "date of the baseline"),
        ({"target_value": None, "target_date": datetime.date(2030, 1, 1)}, "target value"),
        ({"target_date": datetime.date(2023, 1, 1)}, "after the baseline date"),
        ({"target_value": Decimal(20)}, "higher than the baseline"),
        ({"direction": Direction.DECREASE}, "lower than the baseline"),
        ({"unit": " "}, "unit"),
    ],
)
def test_indicator_rules(outcome, commissioner, changes, message):
    fields = {
        "name": "Residents who eat 5 a day",
        "unit": "%",
        "baseline_value": Decimal(31),
        "baseline_date": datetime.date(2024, 3, 31),
        "target_value": Decimal(45),
        "target_date": datetime.date(2030, 3, 31),
        **changes,
    }
    with pytest.raises(DomainError, match=message):
        services.indicator_create(outcome=outcome, by=commissioner, **fields)
    assert not Indicator.objects.exists()


def test_lower_is_better_indicators_may_aim_down(outcome, commissioner):
    indicator = services.indicator_create(
        outcome=outcome,
        name="Children arriving at school hungry",
        unit="% of pupils",
        baseline_value=Decimal(22),
        baseline_date=datetime.date(2024, 9, 1),
        target_value=Decimal(10),
        target_date=datetime.date(2029, 9, 1),
        direction=Direction.DECREASE,
        by=commissioner,
    )
    assert indicator.pk


def test_an_indicator_update_that_breaks_a_rule_saves_nothing(indicator, commissioner):
    with pytest.raises(DomainError):
        services.indicator_update(indicator=indicator, target_value=Decimal(1), by=commissioner)
    indicator.refresh_from_db()
    assert indicator.target_value == Decimal(45)


def test_indicator_update_and_remove_are_audited(indicator, commissioner):
    indicator_pk = indicator.pk
    services.indicator_update(indicator=indicator, data_source="Health survey", by=commissioner)
    services.indicator_delete(indicator=indicator, by=commissioner)
    verbs = set(
        AuditEvent.objects.filter(target_id=str(indicator_pk)).values_list("verb", flat=True)
    )
    assert {"created", "updated", "deleted"} <= verbs


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_the_councils_commissioners_may_add_indicators(request, outcome, person):
    with pytest.raises(PermissionDenied):
        services.indicator_create(
            outcome=outcome, name="X", unit="%", by=request.getfixturevalue(person)
        )


# --- Pages -------------------------------------------------------------------------------
def test_commissioner_adds_an_outcome_and_an_indicator_through_the_pages(
    client, commissioner, mission
):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:outcome_create", args=[mission.pk]),
        {"title": "More families eat fresh food", "description": "", "position": ""},
    )
    outcome = Outcome.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#outcome-{outcome.pk}")
    response = client.post(
        reverse("commissioning:indicator_create", args=[outcome.pk]),
        {
            "name": "Residents who eat 5 a day",
            "unit": "% of residents",
            "direction": "increase",
            "baseline_value": "31",
            **date_fields("baseline_date", datetime.date(2024, 3, 31)),
            "target_value": "45",
            **date_fields("target_date", datetime.date(2030, 3, 31)),
            "data_source": "Residents' Survey",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("commissioning:mission_detail", args=[mission.pk])).content.decode()
    assert "Residents who eat 5 a day" in page and "March 2030" in page


def test_indicator_rule_breaks_show_in_the_error_summary_and_keep_the_typing(
    client, commissioner, outcome
):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:indicator_create", args=[outcome.pk]),
        {
            "name": "Residents who eat 5 a day",
            "unit": "%",
            "direction": "increase",
            "baseline_value": "31",
            **date_fields("baseline_date", datetime.date(2024, 3, 31)),
            "target_value": "20",
            **date_fields("target_date", datetime.date(2030, 3, 31)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "higher than the baseline" in page
    assert 'value="Residents who eat 5 a day"' in page
    assert not Indicator.objects.exists()


def test_bad_dates_and_numbers_are_explained(client, commissioner, outcome):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:indicator_create", args=[outcome.pk]),
        {
            "name": "X",
            "unit": "%",
            "direction": "increase",
            "baseline_value": "lots",
            **date_fields("baseline_date", ("31", "13", "2024")),
        },
    )
    assertContains(response, "Enter the baseline value as a number")
    assertContains(response, 'href="#id_baseline_date_1">Baseline date must be a real date</a>')
    assertContains(response, 'name="baseline_date_0" value="31"')
    assertContains(response, 'name="baseline_date_1" value="13"')
    assertContains(response, "govuk-input--width-2 govuk-input--error")


def test_commissioner_changes_and_removes_outcomes_and_indicators(
    client, commissioner, outcome, indicator
):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:outcome_edit", args=[outcome.pk]),
        {"title": "Families eat well", "description": "Every day.", "position": "1"},
    )
    assert response.status_code == 302
    form = {"name": "Eat 5 a day", "unit": "%", "direction": "increase", "data_source": ""}
    response = client.post(reverse("commissioning:indicator_edit", args=[indicator.pk]), form)
    # The baseline and target were emptied together, which is allowed.
    assert response.status_code == 302
    assert (
        client.get(reverse("commissioning:indicator_delete", args=[indicator.pk])).status_code
        == 200
    )
    client.post(reverse("commissioning:indicator_delete", args=[indicator.pk]))
    client.post(reverse("commissioning:outcome_delete", args=[outcome.pk]))
    assert not Outcome.objects.exists()


def test_removing_an_outcome_in_use_shows_why_not(client, commissioner, outcome, commission):
    commission.outcomes.add(outcome)
    client.force_login(commissioner)
    response = client.post(reverse("commissioning:outcome_delete", args=[outcome.pk]))
    assert response.status_code == 200
    assert "a commission or specification uses it" in response.content.decode()


@pytest.mark.parametrize("person", ["viewer", "evaluator", "contract_manager"])
def test_read_only_staff_see_the_framework_but_cannot_change_it(
    client, request, person, mission, outcome, indicator
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(reverse("commissioning:mission_detail", args=[mission.pk]))
    assertContains(response, "More families eat fresh food")
    assertContains(response, "Residents who eat 5 a day")
    assertNotContains(response, "Add an outcome")
    for url in [
        reverse("commissioning:outcome_create", args=[mission.pk]),
        reverse("commissioning:outcome_edit", args=[outcome.pk]),
        reverse("commissioning:outcome_delete", args=[outcome.pk]),
        reverse("commissioning:indicator_create", args=[outcome.pk]),
        reverse("commissioning:indicator_edit", args=[indicator.pk]),
        reverse("commissioning:indicator_delete", args=[indicator.pk]),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x"}).status_code == 403, url


@pytest.mark.parametrize("person", ["other_commissioner", "supplier_user"])
def test_people_outside_the_council_cannot_find_outcomes(
    client, request, person, outcome, indicator
):
    client.force_login(request.getfixturevalue(person))
    for url in [
        reverse("commissioning:outcome_edit", args=[outcome.pk]),
        reverse("commissioning:indicator_edit", args=[indicator.pk]),
        reverse("commissioning:indicator_create", args=[outcome.pk]),
    ]:
        assert client.get(url).status_code == 404, url


def test_signed_out_people_are_sent_to_sign_in(client, outcome):
    response = client.get(reverse("commissioning:outcome_edit", args=[outcome.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_mission_page_shows_everything_that_hangs_off_it(
    client, council, viewer, mission, commissioner
):
    need = NeedFactory(organisation=council, title="Older people eat alone")
    need.missions.add(mission)
    EvidenceItemFactory(
        need=need,
        kind="community_voice",
        summary="I haven't had a hot meal with anyone since the club closed.",
        attribution="Resident, Riverside ward",
    )
    EvidenceItemFactory(
        need=need,
        kind="data_point",
        value="38%",
        summary="Pupils on free school meals",
        source="School census",
        source_date=datetime.date(2025, 1, 31),
    )
    commission = CommissionFactory(organisation=council, title="Lunch clubs")
    commission.missions.add(mission)
    TenderFactory(organisation=council, commission=commission, title="Lunch clubs tender")
    for value in (100000, 50000):
        ContractFactory(organisation=council, commission=commission, value=value).missions.add(
            mission
        )
    client.force_login(viewer)
    page = client.get(reverse("commissioning:mission_detail", args=[mission.pk])).content.decode()
    for text in [
        "Older people eat alone",
        "I haven&#x27;t had a hot meal",
        "Resident, Riverside ward",
        "38%",
        "Lunch clubs",
        "Lunch clubs tender",
        "£150,000 across 2 contracts",
    ]:
        assert text in page, text


def test_mission_page_has_constant_queries_with_200_needs(
    client, council, commissioner, django_assert_max_num_queries
):
    mission = MissionFactory(organisation=council)
    places = PlaceFactory.create_batch(5, organisation=council)
    indicators = [
        indicator
        for outcome in OutcomeFactory.create_batch(6, mission=mission)
        for indicator in IndicatorFactory.create_batch(3, outcome=outcome)
    ]
    IndicatorReading.objects.bulk_create(
        IndicatorReading(
            indicator=indicators[n % 18],
            value=n % 50,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(1000)
    )
    for need in NeedFactory.create_batch(200, organisation=council):
        need.missions.add(mission)
        need.places.set(places[:2])
        EvidenceItemFactory(need=need, kind="community_voice", attribution="Parent")
        EvidenceItemFactory(need=need, kind="data_point", value="12%", source="Census")
    for _ in range(15):
        commission = CommissionFactory(organisation=council)
        commission.missions.add(mission)
        TenderFactory(organisation=council, commission=commission)
        ContractFactory(organisation=council, commission=commission).missions.add(mission)
    client.force_login(commissioner)
    with django_assert_max_num_queries(PAGE_OVERHEAD + MISSION_PAGE_QUERIES):
        response = client.get(reverse("commissioning:mission_detail", args=[mission.pk]))
    assert response.status_code == 200
    assert "400 pieces of evidence" in response.content.decode()
