"""The mission page answers "is it working?", the portfolio compares missions, and the
place page shows spend per place per mission: figures checked against data made here."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Organisation
from commissioning.models import Place
from contracts.models import Contract, LearningEntry
from core import versioned_cache
from home import mission_cache
from home.missions import LocalRule, postcode_area
from tests.commissioning.factories import (
    CommissionFactory,
    EvidenceItemFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MissionFactory,
    NeedFactory,
    OutcomeFactory,
    PlaceFactory,
)
from tests.contracts.factories import CheckInFactory, ContractFactory, ContributionFactory
from tests.factories import OrganisationFactory
from tests.procurement.factories import BidFactory, TenderFactory, TenderParticipantFactory
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

pytestmark = pytest.mark.django_db

UK = zoneinfo.ZoneInfo("Europe/London")


def _mission_page(client, mission):
    return client.get(reverse("commissioning:mission_detail", args=[mission.pk]))


def _uk(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UK)


# --- Spend by financial year ------------------------------------------------------------------
def test_spend_is_split_into_financial_years_at_1_april(client, council, viewer):
    mission = MissionFactory(organisation=council)
    commission = CommissionFactory(organisation=council, status="in_procurement")
    commission.missions.add(mission)
    # Late on 31 March (UK time) is still the old year; just after midnight is the new one.
    first = TenderFactory(
        organisation=council,
        commission=commission,
        estimated_value=100_000,
        status="published",
        published_at=_uk(2025, 3, 31, 23, 30),
    )
    TenderFactory(
        organisation=council,
        commission=commission,
        specification_version=first.specification_version,
        estimated_value=40_000,
        status="published",
        published_at=_uk(2025, 4, 1, 0, 30),
    )
    TenderFactory(
        organisation=council,
        commission=commission,
        specification_version=first.specification_version,
        estimated_value=999_000,
        status="cancelled",
        published_at=_uk(2025, 4, 2),
    )
    # A decided commission with no valued tender counts its upper budget in its decision year.
    decided = CommissionFactory(
        organisation=council,
        status="route_decided",
        budget_min=20_000,
        budget_max=30_000,
        decided_at=_uk(2026, 5, 1),
    )
    decided.missions.add(mission)
    # Still being scoped: nothing is committed yet.
    CommissionFactory(organisation=council, budget_max=500_000).missions.add(mission)
    for start, value in [((2025, 3, 31), 70_000), ((2025, 4, 1), 90_000), ((2025, 6, 1), 10_000)]:
        ContractFactory(
            organisation=council, start_date=datetime.date(*start), value=value
        ).missions.add(mission)

    client.force_login(viewer)
    response = _mission_page(client, mission)
    progress = response.context["progress"]
    rows = [(y.year, y.committed, y.contracted, y.contracts) for y in progress.spend_by_year]
    assert rows == [
        (2024, Decimal(100_000), Decimal(70_000), 1),
        (2025, Decimal(40_000), Decimal(100_000), 2),
        (2026, Decimal(30_000), Decimal(0), 0),
    ]
    assert progress.committed_total == Decimal(170_000)
    assertContains(response, "April 2024 to March 2025")
    assertContains(response, "April 2025 to March 2026")
    assertContains(response, "£170,000")
    assertContains(response, "£170,000 across 3 contracts")


def test_work_serving_two_missions_counts_in_full_for_each(client, council, viewer):
    first, second = MissionFactory.create_batch(2, organisation=council)
    commission = CommissionFactory(organisation=council, status="in_procurement")
    commission.missions.set([first, second])
    TenderFactory(
        organisation=council, commission=commission, estimated_value=50_000, status="draft"
    )
    ContractFactory(organisation=council, value=80_000).missions.set([first, second])
    client.force_login(viewer)
    for mission in (first, second):
        progress = _mission_page(client, mission).context["progress"]
        assert (progress.committed_total, progress.contracted_total) == (50_000, 80_000)


def test_contracts_and_commissions_are_counted_by_state(client, council, viewer):
    mission = MissionFactory(organisation=council)
    for status in ["active", "active", "expired"]:
        ContractFactory(organisation=council, status=status).missions.add(mission)
    CommissionFactory(organisation=council, status="in_delivery").missions.add(mission)
    ContractFactory(organisation=council, status="active")  # another mission's
    client.force_login(viewer)
    progress = _mission_page(client, mission).context["progress"]
    contracts = {state.status: state.count for state in progress.contract_states}
    assert contracts == {
        "mobilising": 0,
        "active": 2,
        "in_extension": 0,
        "expired": 1,
        "terminated": 0,
    }
    assert {s.status: s.count for s in progress.commission_states}["in_delivery"] == 1
    assert progress.contract_count == 3


# --- Outcomes ------------------------------------------------------------------------------------
def test_each_outcome_shows_its_trend_and_the_portfolio_counts_them(client, council, viewer):
    mission = MissionFactory(organisation=council)
    eating, shops = OutcomeFactory.create_batch(2, mission=mission)
    line = {
        "baseline_value": 30,
        "baseline_date": datetime.date(2024, 4, 1),
        "target_value": 50,
        "target_date": datetime.date(2028, 4, 1),
    }
    ahead = IndicatorFactory(outcome=eating, name="Residents who eat 5 a day", **line)
    IndicatorReadingFactory(indicator=ahead, value=36, date=datetime.date(2025, 4, 1))
    behind = IndicatorFactory(outcome=shops, name="Homes near fresh food", **line)
    IndicatorReadingFactory(indicator=behind, value=31, date=datetime.date(2026, 4, 1))
    client.force_login(viewer)
    response = _mission_page(client, mission)
    tally = response.context["progress"].outcomes
    assert (tally.on_track, tally.off_track) == (1, 1)
    assertContains(response, "1 on track, 1 off track")
    assertContains(response, "<svg", count=2)  # one chart for each trend
    assertContains(response, "Residents who eat 5 a day: readings over time")
    row = client.get(reverse("home:mission_portfolio")).context["rows"][0]
    assert (row.outcomes.on_track, row.outcomes.off_track) == (1, 1)


def test_outcomes_without_readings_or_a_target_are_not_judged(client, council, viewer):
    mission = MissionFactory(organisation=council)
    IndicatorFactory(outcome=OutcomeFactory(mission=mission), name="Not measured yet")
    no_target = IndicatorFactory(outcome=OutcomeFactory(mission=mission), name="No target")
    IndicatorReadingFactory(indicator=no_target, value=12)
    client.force_login(viewer)
    response = _mission_page(client, mission)
    tally = response.context["progress"].outcomes
    assert (tally.on_track, tally.off_track, tally.cannot_tell, tally.no_readings) == (0, 0, 1, 1)
    assertContains(response, "1 cannot tell yet, 1 with no readings yet")


# --- Social value ------------------------------------------------------------------------------
def test_social_value_delivered_counts_only_checked_returns_and_caps_each_promise(
    client, council, viewer
):
    mission = MissionFactory(organisation=council)
    contract = ContractFactory(organisation=council)
    contract.missions.add(mission)
    half = CommitmentFactory(contract=contract, quantity=10)
    DeliveryReturnFactory(commitment=half, quantity_delivered=5, status="verified")
    DeliveryReturnFactory(commitment=half, quantity_delivered=3, status="submitted")
    over = CommitmentFactory(contract=contract, quantity=4)
    DeliveryReturnFactory(commitment=over, quantity_delivered=6, status="verified")
    client.force_login(viewer)
    response = _mission_page(client, mission)
    share = response.context["progress"].social_value_share
    assert (share.promises, share.fully_delivered, share.percent) == (2, 1, 75)
    assertContains(response, "<strong>75% delivered</strong>", html=False)
    assertContains(response, "Fully delivered: 1 of 2 promises.")


# --- Who bids and who wins ------------------------------------------------------------------------
def test_local_means_same_postcode_area_or_serving_a_council_place():
    rule = LocalRule(area="NB", place_names=("Riverside ward", "Northbridge"))
    assert postcode_area("nb2 4qt") == "NB"
    assert postcode_area("M1 1AA") == "M"
    assert rule.is_local(Organisation(postcode="NB2 4QT"))
    assert rule.is_local(Organisation(postcode="M1 1AA", places_served="Riverside Ward, Leeds"))
    assert not rule.is_local(Organisation(postcode="N1 9GU"))
    assert not rule.is_local(Organisation(postcode="M1 1AA", places_served="Northbridgeshire"))


def test_the_database_counts_local_suppliers_by_the_same_rule():
    """The who-bids-who-wins table counts in SQL; the rule must read as the Python one."""
    rule = LocalRule(
        area="NB",
        place_names=("Riverside ward", "King's Heath", "St. Anne's (north)", "Northbridge"),
    )
    cases = [
        ("NB2 4QT", ""),
        (" nb12 1AA", ""),
        ("NBX 1AA", ""),
        ("N1 9GU", ""),
        ("M1 1AA", "Riverside Ward, Leeds"),
        ("M1 1AA", "Northbridgeshire"),
        ("M1 1AA", "all of st. anne's (north) and more"),
        ("M1 1AA", "St Annes north"),
        ("M1 1AA", "around king's heath"),
        ("", "northbridge"),
        ("", ""),
    ]
    suppliers = [
        OrganisationFactory(kind="supplier", postcode=postcode, places_served=served)
        for postcode, served in cases
    ]
    counted = set(Organisation.objects.filter(rule.q()).values_list("pk", flat=True))
    assert counted == {s.pk for s in suppliers if rule.is_local(s)}
    assert len(counted) == 5  # a name ending in a bracket never ends a word, in either


def test_who_bids_and_who_wins_as_percentages_with_counts(client, council, viewer):
    council.postcode = "NB1 1AA"
    council.save()
    PlaceFactory(organisation=council, name="Riverside ward")
    mission = MissionFactory(organisation=council)
    commission = CommissionFactory(organisation=council, status="in_procurement")
    commission.missions.add(mission)
    micro = OrganisationFactory(kind="supplier", supplier_type="micro", postcode="NB2 4QT")
    charity = OrganisationFactory(
        kind="supplier", supplier_type="charity", postcode="LS1 1AA", places_served="Riverside ward"
    )
    large = OrganisationFactory(kind="supplier", supplier_type="large", postcode="M1 1AA")
    opened = TenderFactory(
        organisation=council,
        commission=commission,
        status="evaluation",
        bids_opened_at=_uk(2026, 1, 10),
    )
    sealed = TenderFactory(
        organisation=council,
        commission=commission,
        specification_version=opened.specification_version,
        status="published",
    )
    for supplier in (micro, charity, large):
        TenderParticipantFactory(tender=opened, supplier=supplier)
    BidFactory(tender=opened, supplier=micro, status="submitted")
    BidFactory(tender=opened, supplier=large, status="submitted")
    # A sealed bid stays out of the figures until its tender's bids are opened.
    TenderParticipantFactory(tender=sealed, supplier=charity)
    BidFactory(tender=sealed, supplier=charity, status="submitted")
    ContractFactory(organisation=council, provider=micro, value=30_000).missions.add(mission)
    ContractFactory(organisation=council, provider=large, value=90_000).missions.add(mission)

    client.force_login(viewer)
    response = _mission_page(client, mission)
    market = response.context["progress"].market
    assert (market.participants, market.bidders, market.winners) == (3, 2, 2)
    rows = {row.key: row for row in market.rows}
    assert (rows["micro"].participants.count, rows["micro"].participants.percent) == (1, 33)
    assert (rows["sme"].bidders.count, rows["sme"].bidders.percent) == (1, 50)
    assert (rows["vcse"].participants.count, rows["vcse"].bidders.count) == (1, 0)
    assert (rows["local"].participants.count, rows["local"].participants.percent) == (2, 67)
    assert (rows["local"].value.value, rows["local"].value.percent) == (30_000, 25)
    assert (rows["large"].value.value, rows["large"].value.percent) == (90_000, 75)
    assertContains(response, '67% <span class="govuk-body-s">(2 of 3)</span>', html=False)
    assertContains(
        response, "same postcode area as the council\N{RIGHT SINGLE QUOTATION MARK}s (NB)"
    )


# --- Stories and learning -----------------------------------------------------------------------
def test_only_shared_and_submitted_check_in_stories_show(client, council, viewer):
    mission = MissionFactory(organisation=council)
    contract = ContractFactory(organisation=council, title="Kestrel food hub")
    contract.missions.add(mission)
    shared = CheckInFactory(
        contract=contract, status="published", held_on=datetime.date(2026, 9, 1)
    )
    ContributionFactory(
        checkin=shared,
        side="provider",
        story="Forty families came to the hub every week.",
        submitted_at=_uk(2026, 9, 2),
    )
    ContributionFactory(checkin=shared, side="buyer", story="A draft the buyer never sent.")
    being_written = CheckInFactory(contract=contract, status="open")
    ContributionFactory(
        checkin=being_written,
        side="provider",
        story="Submitted, but the check-in is not shared yet.",
        submitted_at=_uk(2026, 10, 2),
    )
    other = CheckInFactory(contract=ContractFactory(organisation=council), status="published")
    ContributionFactory(checkin=other, story="About another mission.", submitted_at=_uk(2026, 9, 3))
    client.force_login(viewer)
    response = _mission_page(client, mission)
    assertContains(response, "Forty families came to the hub every week.")
    assertContains(response, "Kestrel food hub")
    assertNotContains(response, "A draft the buyer never sent.")
    assertNotContains(response, "the check-in is not shared yet")
    assertNotContains(response, "About another mission.")


def test_learning_shows_what_did_not_work_for_the_mission_only(
    client, council, other_council, viewer
):
    mission = MissionFactory(organisation=council)
    contract = ContractFactory(organisation=council)
    contract.missions.add(mission)
    LearningEntry.objects.create(
        organisation=council,
        contract=contract,
        title="Evening sessions were empty",
        body="Nobody came after 6pm; we moved them to Saturday mornings.",
        did_not_work=True,
    )
    tagged = LearningEntry.objects.create(
        organisation=council, title="Cook together, eat together", body="Shared meals worked."
    )
    tagged.missions.add(mission)
    LearningEntry.objects.create(organisation=council, title="About something else", body="x")
    client.force_login(viewer)
    response = _mission_page(client, mission)
    learning = response.context["progress"].learning
    assert (learning.count, learning.did_not_work_count) == (2, 1)
    assertContains(response, "Evening sessions were empty")
    assertContains(response, "Cook together, eat together")
    assertNotContains(response, "About something else")


# --- Needs ------------------------------------------------------------------------------------------
def test_needs_show_counts_and_the_best_evidenced_first(client, council, viewer):
    mission = MissionFactory(organisation=council)
    thin, rich = (
        NeedFactory(organisation=council, title="Thin"),
        NeedFactory(organisation=council, title="Rich"),
    )
    for need in (thin, rich):
        need.missions.add(mission)
    EvidenceItemFactory(need=thin, kind="data_point", summary="One figure", value="12%")
    EvidenceItemFactory(
        need=rich,
        kind="community_voice",
        summary="I walk an hour for vegetables",
        attribution="Parent",
    )
    EvidenceItemFactory(need=rich, kind="statement", summary="Shops closed")
    client.force_login(viewer)
    response = _mission_page(client, mission)
    summary = response.context["progress"].needs
    assert (summary.count, summary.evidence_count) == (2, 3)
    assert [need.title for need in summary.top] == ["Rich", "Thin"]
    assert summary.latest_evidence[0].kind == "community_voice"
    assertContains(response, "2 needs, backed by 3 pieces of evidence.")
    assertContains(response, f"?mission={mission.pk}")


# --- Filtered lists the mission page links to ---------------------------------------------------------
def test_lists_filter_by_mission_and_place(client, council, commissioner, other_council):
    mission, other = MissionFactory.create_batch(2, organisation=council)
    foreign = MissionFactory(organisation=other_council)
    need = NeedFactory(organisation=council, title="Need for the mission")
    need.missions.add(mission)
    NeedFactory(organisation=council, title="Need for another")
    commission = CommissionFactory(organisation=council, title="Commission for the mission")
    commission.missions.add(mission)
    CommissionFactory(organisation=council, title="Commission for another").missions.add(other)
    ward = PlaceFactory(organisation=council, name="Castle ward")
    estate = PlaceFactory(organisation=council, name="Kestrel estate", parent=ward)
    here = ContractFactory(organisation=council, title="Contract on the estate")
    here.missions.add(mission)
    here.places.add(estate)
    ContractFactory(organisation=council, title="Contract elsewhere").missions.add(other)
    client.force_login(commissioner)

    response = client.get(reverse("commissioning:need_list"), {"mission": mission.pk})
    assertContains(response, "Need for the mission")
    assertNotContains(response, "Need for another")
    response = client.get(reverse("commissioning:commission_list"), {"mission": mission.pk})
    assertContains(response, "Commission for the mission")
    assertNotContains(response, "Commission for another")
    for query in ({"mission": mission.pk}, {"place": ward.pk}):
        response = client.get(reverse("contracts:contract_list"), query)
        assertContains(response, "Contract on the estate")
        assertNotContains(response, "Contract elsewhere")
    # Another council's mission is no filter at all.
    response = client.get(reverse("commissioning:need_list"), {"mission": foreign.pk})
    assertContains(response, "Need for another")


# --- The portfolio -----------------------------------------------------------------------------------------
def test_portfolio_shows_each_missions_headline_figures(client, council, viewer, other_council):
    food, work = (
        MissionFactory(organisation=council, title="Everyone eats well"),
        MissionFactory(organisation=council, title="Good work for young people"),
    )
    MissionFactory(organisation=other_council, title="Another council's mission")
    for value, status in [(100_000, "active"), (50_000, "expired")]:
        ContractFactory(organisation=council, value=value, status=status).missions.add(food)
    contract = ContractFactory(organisation=council, value=20_000, status="active")
    contract.missions.add(work)
    promise = CommitmentFactory(contract=contract, quantity=10)
    DeliveryReturnFactory(commitment=promise, quantity_delivered=4, status="verified")
    client.force_login(viewer)
    response = client.get(reverse("home:mission_portfolio"))
    rows = {row.mission.title: row for row in response.context["rows"]}
    assert set(rows) == {"Everyone eats well", "Good work for young people"}
    food_row, work_row = rows["Everyone eats well"], rows["Good work for young people"]
    assert (food_row.contracted, food_row.contracts, food_row.live_contracts) == (150_000, 2, 1)
    assert food_row.social_value.promises == 0
    assert (work_row.contracted, work_row.social_value.percent) == (20_000, 40)
    assertContains(response, "£150,000")
    assertContains(response, "2 (1 live)")
    assertContains(response, "40%")
    assertNotContains(response, "Another council")


def test_portfolio_is_for_the_councils_own_people(
    client, council, supplier_user, other_commissioner
):
    MissionFactory(organisation=council, title="Everyone eats well")
    client.force_login(supplier_user)
    assert client.get(reverse("home:mission_portfolio")).status_code == 404
    client.force_login(other_commissioner)
    assertNotContains(client.get(reverse("home:mission_portfolio")), "Everyone eats well")


def test_portfolio_asks_a_signed_out_person_to_sign_in(client):
    response = client.get(reverse("home:mission_portfolio"))
    assert response.status_code == 302 and "login" in response.url


# --- The place page ---------------------------------------------------------------------------------------
def test_place_page_shows_spend_in_each_place_inside_by_mission(client, council, viewer):
    food, work = (
        MissionFactory(organisation=council, title="Everyone eats well"),
        MissionFactory(organisation=council, title="Good work"),
    )
    town = PlaceFactory(organisation=council, name="Northbridge", kind="authority")
    castle = PlaceFactory(organisation=council, name="Castle ward", parent=town)
    kestrel = PlaceFactory(organisation=council, name="Kestrel estate", parent=castle)
    riverside = PlaceFactory(organisation=council, name="Riverside ward", parent=town)
    hub = ContractFactory(organisation=council, value=60_000, title="Kestrel food hub")
    hub.missions.set([food, work])
    hub.places.set([castle, kestrel])  # two places in the same ward: counted once there
    jobs = ContractFactory(organisation=council, value=25_000)
    jobs.missions.add(work)
    jobs.places.add(riverside)
    client.force_login(viewer)
    response = client.get(reverse("commissioning:place_detail", args=[town.pk]))
    spend = response.context["spend"]
    assert spend.missions == ["Everyone eats well", "Good work"]
    rows = {row.place.name: (row.by_mission, row.total) for row in spend.by_place}
    assert rows == {
        "Castle ward": ([Decimal(60_000), Decimal(60_000)], Decimal(60_000)),
        "Riverside ward": ([Decimal(0), Decimal(25_000)], Decimal(25_000)),
    }
    assert (spend.count, spend.total) == (2, Decimal(85_000))
    assertContains(response, "Kestrel food hub")
    assertContains(response, "Contracted spend in each place, by mission")


# --- Constant queries at 1,000 contracts ------------------------------------------------------------------
def _bulk_contracts(council, missions, places, count):
    """Contracts made in bulk, spread over the missions and places, with providers of
    every type, commissions, tenders, participants, promises and shared stories."""
    providers = [
        OrganisationFactory(kind="supplier", supplier_type=kind, postcode="NB1 2AA")
        for kind in ("micro", "small", "charity", "large")
    ]
    contracts = Contract.objects.bulk_create(
        Contract(
            organisation=council,
            title=f"Bulk contract {index}",
            kind="tendered",
            provider=providers[index % 4],
            value=1000 + index,
            start_date=datetime.date(2024 + index % 3, 1 + index % 12, 1),
            end_date=datetime.date(2030, 1, 1),
            status="active",
        )
        for index in range(count)
    )
    Contract.missions.through.objects.bulk_create(
        Contract.missions.through(contract_id=c.pk, mission_id=missions[i % len(missions)].pk)
        for i, c in enumerate(contracts)
    )
    Contract.places.through.objects.bulk_create(
        Contract.places.through(contract_id=c.pk, place_id=places[i % len(places)].pk)
        for i, c in enumerate(contracts)
    )
    for index, contract in enumerate(contracts[:20]):
        commission = CommissionFactory(organisation=council, status="in_procurement")
        commission.missions.add(missions[index % len(missions)])
        tender = TenderFactory(
            organisation=council, commission=commission, estimated_value=5000, status="awarded"
        )
        TenderParticipantFactory(tender=tender, supplier=providers[index % 4])
        CommitmentFactory(contract=contract)
        checkin = CheckInFactory(contract=contract, status="published")
        ContributionFactory(checkin=checkin, submitted_at=_uk(2026, 1, 1))
    return contracts


def _queries(client, url, *, drawn: bool = False) -> int:
    if drawn:  # as after any change: the mission page draws its progress sections again
        mission_cache.figures_changed()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_mission_portfolio_and_place_pages_cost_the_same_at_1000_contracts(
    client, council, commissioner, django_assert_max_num_queries
):
    missions = MissionFactory.create_batch(4, organisation=council)
    town = PlaceFactory(organisation=council, name="Northbridge", kind="authority")
    wards = [PlaceFactory(organisation=council, parent=town) for _ in range(5)]
    _bulk_contracts(council, missions, wards, 10)
    client.force_login(commissioner)
    urls = [
        reverse("commissioning:mission_detail", args=[missions[0].pk]),
        reverse("home:mission_portfolio"),
        reverse("commissioning:place_detail", args=[town.pk]),
    ]
    for url in urls:
        client.get(url)  # warm the content-type cache
    few = [_queries(client, url, drawn=True) for url in urls]
    client.get(urls[0])  # drawn and kept
    few_kept = _queries(client, urls[0])

    _bulk_contracts(council, missions, wards, 990)
    assert Contract.objects.count() == 1000
    many = [_queries(client, url, drawn=True) for url in urls]
    assert many == few
    # Drawn once, the mission page's progress sections are kept until something changes.
    client.get(urls[0])
    assert _queries(client, urls[0]) == few_kept < few[0] - 25
    with django_assert_max_num_queries(45):
        response = client.get(urls[0])
    # Counts and the first few, never every record: the page stays small.
    assert len(response.content) < 200_000
    serving = Contract.objects.filter(missions=missions[0]).count()
    assertContains(response, f"See all {serving} contracts for this mission")
    assert Place.objects.filter(organisation=council).count() == 6


def test_mission_page_keeps_its_figures_until_something_they_read_changes(
    client, council, commissioner, django_assert_max_num_queries
):
    mission = MissionFactory(organisation=council)
    ContractFactory(organisation=council, value=30_000).missions.add(mission)
    client.force_login(commissioner)
    url = reverse("commissioning:mission_detail", args=[mission.pk])
    assertContains(client.get(url), "See all 1 contract for this mission")
    # Kept: the page, its outcomes framework and the version; no progress figure is read.
    with django_assert_max_num_queries(10):
        assertContains(client.get(url), "See all 1 contract for this mission")

    # Each kind of change shows at once: a record saved, a link added, a supplier's type.
    ContractFactory(organisation=council, value=10_000).missions.add(mission)
    assertContains(client.get(url), "See all 2 contracts for this mission")
    provider = Contract.objects.filter(missions=mission).first().provider
    provider.supplier_type = "charity"
    provider.save()
    response = client.get(url)
    rows = {row.key: row for row in response.context["progress"].market.rows}
    assert rows["vcse"].winners.count == 1


def test_a_committed_change_gives_every_process_a_new_version(django_capture_on_commit_callbacks):
    before, _ = versioned_cache.current_version(mission_cache.VERSION_NAME)
    with django_capture_on_commit_callbacks(execute=True):
        MissionFactory()
    after, _ = versioned_cache.current_version(mission_cache.VERSION_NAME)
    assert before.split("-")[0] != after  # the shared counter moved
    # Committed, the process's own part is gone: every process keeps its sections under
    # the same version, the shared counter alone.
    assert after.isdecimal()


# --- PDF reports ---------------------------------------------------------------------------------------------
def _pdf_text(report) -> str:
    from reports.services import report_html

    return " ".join(report_html(report).split())


def test_mission_progress_report_shows_the_pages_figures(council, commissioner):
    from reports.services import report_request

    mission = MissionFactory(organisation=council, title="Everyone eats well")
    ContractFactory(
        organisation=council, value=90_000, start_date=datetime.date(2025, 4, 1)
    ).missions.add(mission)
    report = report_request(kind="mission_progress", target=mission, requested_by=commissioner)
    assert report.title == "Mission progress: Everyone eats well"
    text = _pdf_text(report)
    assert "April 2025 to March 2026" in text
    assert "£90,000 in 1 contract" in text


def test_social_value_reports_for_a_mission_and_for_the_council(council, commissioner):
    from reports.services import report_request

    mission = MissionFactory(organisation=council, title="Everyone eats well")
    contract = ContractFactory(organisation=council, title="Holiday meals")
    contract.missions.add(mission)
    promise = CommitmentFactory(contract=contract, quantity=10)
    DeliveryReturnFactory(commitment=promise, quantity_delivered=4, status="verified")
    ContractFactory(organisation=council, title="Another mission's contract")
    for kind, target in [("mission_social_value", mission), ("council_social_value", council)]:
        text = _pdf_text(report_request(kind=kind, target=target, requested_by=commissioner))
        assert "Holiday meals" in text and "40%" in text, kind
    council_text = _pdf_text(
        report_request(kind="council_social_value", target=council, requested_by=commissioner)
    )
    assert "By mission" in council_text and "Everyone eats well" in council_text


def test_only_the_councils_people_may_ask_for_its_mission_reports(council, other_commissioner):
    from django.core.exceptions import PermissionDenied

    from reports.services import report_request

    mission = MissionFactory(organisation=council)
    for kind, target in [("mission_progress", mission), ("council_social_value", council)]:
        with pytest.raises(PermissionDenied):
            report_request(kind=kind, target=target, requested_by=other_commissioner)
