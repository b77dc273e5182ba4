"""The contract page keeps its sections drawn (contracts/page_cache.py): a repeat view
reads none of what they show, any change to what they show appears at once, each kind
of viewer gets its own, and no CSRF token is ever kept."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts import page_cache, selectors, services
from contracts.models import CheckInContribution, Contract
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import (
    ActionFactory,
    CheckInFactory,
    ContractFactory,
    KpiFactory,
    both_sides_submit,
)
from tests.dates import date_fields
from tests.social_value.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )


def _url(contract, **query: str) -> str:
    url = reverse("contracts:contract_detail", args=[contract.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _view(client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _main(html: str) -> str:
    """The page's main content, without the viewer's CSRF tokens."""
    main = html[html.index("<main") : html.index("</main>")]
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', main)


def test_a_repeat_view_reads_none_of_the_sections_and_shows_the_same(
    client, contract, contract_manager, supplier_user
):
    kpi = KpiFactory(contract=contract, name="Meals delivered on time")
    services.kpi_reading_record(kpi=kpi, period="Q1", value="91%", by=contract_manager)
    ActionFactory(contract=contract, description="Fix the van")
    both_sides_submit(
        CheckInFactory(contract=contract), buyer=contract_manager, provider=supplier_user
    )
    client.force_login(contract_manager)
    first, drawn = _view(client, _url(contract))
    again, kept = _view(client, _url(contract))

    # Session, person, the contract's own row, memberships and unread notifications: none
    # of the check-ins, KPIs, actions or voices, nor what the contract's summary names.
    assert kept <= 5 < drawn - 10
    assert _main(again) == _main(first)
    assert "Fix the van" in again and "91% (Q1)" in again


def test_kept_views_cost_the_same_at_two_sizes(client, council, supplier_org, contract_manager):
    small = ContractFactory(organisation=council, provider=supplier_org)
    large = ContractFactory(organisation=council, provider=supplier_org)
    for n in range(30):
        ActionFactory(contract=large, description=f"Action {n}")
        CheckInFactory(contract=large, held_on=datetime.date(2026, 1, 1) + datetime.timedelta(n))
    KpiFactory.create_batch(5, contract=large)
    client.force_login(contract_manager)
    counts = []
    for contract in (small, large):
        _view(client, _url(contract))
        counts.append(_view(client, _url(contract))[1])
    assert counts[0] == counts[1]


def test_a_new_check_in_shows_at_once(client, contract, contract_manager):
    client.force_login(contract_manager)
    assertContains(client.get(_url(contract)), "No check-ins yet.")
    response = client.post(
        reverse("contracts:checkin_create", args=[contract.pk]),
        {
            **date_fields("held_on", datetime.date(2026, 8, 3)),
            "story": "The new cook started and lunch queues halved.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.get(_url(contract))
    assertContains(response, "The new cook started and lunch queues halved.")
    assertNotContains(response, "No check-ins yet.")


def test_a_new_kpi_reading_and_actions_show_at_once(client, contract, contract_manager):
    kpi = KpiFactory(contract=contract, name="Meals delivered on time")
    client.force_login(contract_manager)
    assertContains(client.get(_url(contract)), "None yet")
    services.kpi_reading_record(kpi=kpi, period="Q1", value="91%", by=contract_manager)
    assertContains(client.get(_url(contract)), "91% (Q1)")

    action = services.action_add(
        contract=contract, description="Find a second venue", owner="Hub lead", by=contract_manager
    )
    assertContains(client.get(_url(contract)), "Find a second venue")
    services.action_complete(action=action, by=contract_manager)
    response = client.get(_url(contract))
    assertNotContains(response, "Find a second venue")
    assertContains(response, "There are no open actions.")


def test_a_status_change_and_a_social_value_commitment_show_at_once(
    client, contract, contract_manager
):
    client.force_login(contract_manager)
    assertContains(client.get(_url(contract)), "Mark as active")
    services.contract_start(contract=contract, by=contract_manager)
    assertNotContains(client.get(_url(contract)), "Mark as active")

    before = client.get(_url(contract)).content.decode().count('role="img"')
    CommitmentFactory(contract=contract)
    after = client.get(_url(contract)).content.decode().count('role="img"')
    assert after == before + 1


def test_the_contracts_summary_and_what_it_names_show_at_once(
    client, contract, contract_manager, council
):
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    client.force_login(contract_manager)
    assertContains(client.get(_url(contract)), "None linked")
    contract.missions.add(mission)
    assertContains(client.get(_url(contract)), "Everyone eats well")
    mission.title = "Nobody goes hungry"
    mission.save()
    assertContains(client.get(_url(contract)), "Nobody goes hungry")
    contract.title = "Meals on wheels, renamed"
    contract.save()
    assertContains(client.get(_url(contract)), "Meals on wheels, renamed")
    contract.provider.name = "Renamed Kitchen Ltd"
    contract.provider.save()
    assertContains(client.get(_url(contract)), "Renamed Kitchen Ltd")


def test_a_shared_name_shows_at_once_on_every_contract(
    client, contract, contract_manager, supplier_user
):
    both_sides_submit(
        CheckInFactory(contract=contract), buyer=contract_manager, provider=supplier_user
    )
    client.force_login(contract_manager)
    client.get(_url(contract))
    supplier_user.full_name = "Robin Renamed"
    supplier_user.save()
    assertContains(client.get(_url(contract)), "Written by Robin Renamed")


def test_each_side_sees_its_own_draft_and_never_the_others(
    client, contract, contract_manager, supplier_user, viewer
):
    checkin = CheckInFactory(contract=contract)
    for side, person, story in (
        ("buyer", contract_manager, "Buyer draft words"),
        ("provider", supplier_user, "Provider draft words"),
    ):
        services.checkin_contribute(
            checkin=checkin, side=side, story=story, submit=False, by=person
        )
    url = _url(contract)
    for person, sees, never in (
        (contract_manager, "Buyer draft words", "Provider draft words"),
        (supplier_user, "Provider draft words", "Buyer draft words"),
        (contract_manager, "Buyer draft words", "Provider draft words"),  # kept, still its own
        (supplier_user, "Provider draft words", "Buyer draft words"),
    ):
        client.force_login(person)
        response = client.get(url)
        assertContains(response, sees)
        assertNotContains(response, never)
    # A council viewer reads the buyer's side but may not record a check-in or act.
    client.force_login(viewer)
    response = client.get(url)
    assertContains(response, "Buyer draft words")
    assertNotContains(response, "Record a check-in")
    assertNotContains(response, "Mark as active")


def test_no_csrf_token_is_kept_and_each_viewer_gets_their_own(
    client, contract, contract_manager, supplier_user
):
    ActionFactory(contract=contract, description="Fix the van")
    tokens = []
    for person in (contract_manager, supplier_user, contract_manager):
        client.logout()
        client.force_login(person)
        response = client.get(_url(contract))
        assert response.status_code == 200
        found = set(TOKEN.findall(response.content.decode()))
        # One token throughout the page (the record-a-check-in form, the action's
        # "Done" button, the report button), the viewer's own, never the placeholder.
        assert len(found) == 1 and page_cache.CSRF_PLACEHOLDER not in found
        tokens.append(found.pop())
        assert response.cookies.get("csrftoken") or client.cookies.get("csrftoken")
    # What is kept (the test cache's own store, pickled) holds the placeholder, no token.
    kept = [value for key, value in cache._cache.items() if "contract-sections" in key]
    assert kept
    assert all(page_cache.CSRF_PLACEHOLDER.encode() in value for value in kept)
    assert not any(token.encode() in value for token in tokens for value in kept)


def test_the_page_works_and_stays_right_without_the_shared_cache(
    client, contract, contract_manager, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client.force_login(contract_manager)
    assertContains(client.get(_url(contract)), "There are no open actions.")
    ActionFactory(contract=contract, description="Fix the van")
    assertContains(client.get(_url(contract)), "Fix the van")


def test_pages_of_check_ins_are_kept_apart_and_other_parameters_drawn_afresh(
    client, contract, contract_manager
):
    for n in range(12):
        CheckInFactory(contract=contract, held_on=datetime.date(2026, 1, 1) + datetime.timedelta(n))
    client.force_login(contract_manager)
    assertContains(client.get(_url(contract)), "Check-in on 12 January 2026")
    second = client.get(_url(contract, page="2"))
    assertContains(second, "Check-in on 1 January 2026")
    assertNotContains(second, "Check-in on 12 January 2026")
    for odd in ({"page": "two"}, {"page": "2", "sort": "x"}):
        assert client.get(_url(contract, **odd)).status_code == 200


def test_a_committed_change_moves_the_shared_version(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contract = ContractFactory()
        # Until it commits, this process keeps the contract's sections under its own version.
        during = page_cache.sections_version(contract.pk).split(":")[0]
    after = page_cache.sections_version(contract.pk).split(":")[0]
    assert "-" in during and "-" not in after
    assert after != during.split("-")[0]  # the shared counter moved


def test_a_part_of_a_check_in_finds_its_contract(contract, contract_manager):
    checkin = CheckInFactory(contract=contract)
    other = ContractFactory()
    before = page_cache.sections_version(other.pk)
    part = CheckInContribution.objects.create(checkin=checkin, side="buyer", story="x")
    assert page_cache._scopes_of(part) == [contract.pk]
    assert page_cache.sections_version(other.pk) == before


def test_a_repeat_view_reads_the_version_and_the_sections_in_one_round_trip(
    client, contract, contract_manager, monkeypatch
):
    """The version and what is kept beside it (with the version it was drawn under) come
    in one read of the shared cache; sections kept under an earlier version are not used."""
    ActionFactory(contract=contract, description="Fix the van")
    client.force_login(contract_manager)
    client.get(_url(contract))
    reads = []
    inside = []  # the test cache's get_many reads key by key through get
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counted)
    assertContains(client.get(_url(contract)), "Fix the van")
    assert reads == ["get_many"]
    # Kept under the version before a change: drawn again, and kept under the new one.
    viewer = page_cache.Viewer.of(contract_manager, contract)
    key = page_cache.sections_key(contract.pk, viewer=viewer, page="1")
    old_version, kept = page_cache.kept_sections(key, contract.pk)
    assert kept is not None and "Fix the van" in kept
    page_cache.sections_changed([contract.pk])
    version, kept = page_cache.kept_sections(key, contract.pk)
    assert version != old_version and kept is None
    client.get(_url(contract))
    assert page_cache.kept_sections(key, contract.pk) == (version, cache.get(key)[1])


def test_the_contracts_own_row_is_read_as_the_orm_reads_it(contract, django_assert_num_queries):
    with django_assert_num_queries(1):
        read = selectors.contract_access_get(contract.pk)
    stored = Contract.objects.get(pk=contract.pk)
    for field in Contract._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    assert selectors.contract_access_get(0) is None
