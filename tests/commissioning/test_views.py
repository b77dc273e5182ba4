import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import (
    Commission,
    CommissionStatus,
    Mission,
    Need,
)
from commissioning.specifications import services as spec_services
from tests.commissioning.factories import PlaceFactory
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

READERS = ["commissioner", "council_admin", "viewer", "evaluator", "contract_manager"]
READ_ONLY = ["viewer", "evaluator", "contract_manager"]
OUTSIDERS = ["other_commissioner", "supplier_user"]


@pytest.fixture
def version(specification, commissioner):
    return spec_services.specification_version_issue(
        specification=specification, change_note="First issue.", by=commissioner
    )


@pytest.fixture
def read_urls(mission, need, commission, specification, version):
    return [
        reverse("commissioning:mission_detail", args=[mission.pk]),
        reverse("commissioning:need_detail", args=[need.pk]),
        reverse("commissioning:commission_detail", args=[commission.pk]),
        reverse("commissioning:specification_detail", args=[commission.pk]),
        reverse("commissioning:specification_version_detail", args=[commission.pk, 1]),
    ]


@pytest.fixture
def list_urls():
    return [
        reverse("commissioning:mission_list"),
        reverse("commissioning:need_list"),
        reverse("commissioning:commission_list"),
    ]


@pytest.fixture
def edit_urls(mission, commission, specification):
    section = specification.sections.first()
    return [
        reverse("commissioning:mission_create"),
        reverse("commissioning:mission_edit", args=[mission.pk]),
        reverse("commissioning:need_create"),
        reverse("commissioning:commission_create"),
        reverse("commissioning:section_add", args=[commission.pk]),
        reverse("commissioning:section_edit", args=[commission.pk, section.pk]),
    ]


# --- Who sees what ---------------------------------------------------------------------
@pytest.mark.parametrize("person", READERS)
def test_council_staff_and_viewers_can_read_every_commissioning_page(
    client, request, person, read_urls, list_urls
):
    client.force_login(request.getfixturevalue(person))
    for url in read_urls + list_urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", ["commissioner", "council_admin"])
def test_commissioners_and_admins_can_open_every_editing_page(client, request, person, edit_urls):
    client.force_login(request.getfixturevalue(person))
    for url in edit_urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", READ_ONLY)
def test_read_only_staff_are_refused_editing_pages(client, request, person, edit_urls):
    client.force_login(request.getfixturevalue(person))
    for url in edit_urls:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("person", READ_ONLY)
def test_read_only_staff_see_no_editing_controls(client, request, person, commission, version):
    client.force_login(request.getfixturevalue(person))
    page = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    assertNotContains(page, "Change status")
    spec = client.get(reverse("commissioning:specification_detail", args=[commission.pk]))
    assertNotContains(spec, "Issue version")
    assertNotContains(spec, "Edit<span")


@pytest.mark.parametrize("person", OUTSIDERS)
def test_people_outside_the_council_get_not_found(client, request, person, read_urls, edit_urls):
    client.force_login(request.getfixturevalue(person))
    for url in read_urls + edit_urls[1:2] + edit_urls[4:]:
        assert client.get(url).status_code == 404, url


def test_a_supplier_has_no_commissioning_lists(client, supplier_user, list_urls):
    client.force_login(supplier_user)
    for url in list_urls:
        assert client.get(url).status_code == 404, url


def test_other_councils_lists_show_only_their_own_work(
    client, other_commissioner, commission, mission, need
):
    client.force_login(other_commissioner)
    for name in ("mission_list", "need_list", "commission_list"):
        response = client.get(reverse(f"commissioning:{name}"))
        assertNotContains(response, commission.title)
        assertNotContains(response, mission.title)
        assertNotContains(response, need.title)


def test_signed_out_people_are_sent_to_sign_in(client, read_urls, list_urls, edit_urls):
    for url in read_urls + list_urls + edit_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login")), url


@pytest.mark.parametrize("person", READ_ONLY + OUTSIDERS)
def test_posts_from_people_who_may_not_edit_change_nothing(client, request, person, commission):
    client.force_login(request.getfixturevalue(person))
    response = client.post(
        reverse("commissioning:commission_transition", args=[commission.pk]),
        {"to": "options_appraisal"},
    )
    assert response.status_code in {403, 404}
    response = client.post(reverse("commissioning:specification_create", args=[commission.pk]))
    assert response.status_code in {403, 404}
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.SCOPING
    assert not hasattr(commission, "specification")


# --- Missions --------------------------------------------------------------------------
def test_commissioner_creates_a_mission(client, commissioner, council):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:mission_create"),
        {
            "title": "Warm homes",
            "statement": "By 2030, no one in Northbridge lives in a cold home.",
            **date_fields("target_date", datetime.date(2030, 3, 31)),
            "lead": commissioner.pk,
            "narrative": "",
        },
    )
    mission = Mission.objects.get(title="Warm homes")
    assert response.status_code == 302
    assert response.url == reverse("commissioning:mission_detail", args=[mission.pk])
    assert mission.organisation == council
    assert str(mission.target_date) == "2030-03-31"


def test_mission_form_explains_a_bad_date(client, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:mission_create"),
        {"title": "Warm homes", "statement": "x", **date_fields("target_date", ("1", "", "next"))},
    )
    assertContains(response, 'href="#id_target_date_1">Target date must include a month</a>')
    assertContains(response, 'name="target_date_2" value="next"')


def test_duplicate_mission_title_is_shown_as_a_form_error(client, commissioner, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:mission_create"), {"title": mission.title, "statement": "x"}
    )
    assert response.status_code == 200
    assert "already has a mission with this title" in response.content.decode()


def test_commissioner_edits_a_mission_but_not_its_status_there(client, commissioner, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:mission_edit", args=[mission.pk]),
        {"title": mission.title, "statement": "New statement.", "status": "achieved"},
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.statement, mission.status) == ("New statement.", "active")


def test_mission_page_offers_the_allowed_next_statuses(client, commissioner, mission):
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:mission_detail", args=[mission.pk]))
    assertContains(response, 'value="achieved"')
    assertContains(response, 'value="retired"')
    assertNotContains(response, 'value="draft"')


def test_commissioner_moves_a_mission_on(client, commissioner, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:mission_transition", args=[mission.pk]), {"to": "achieved"}
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == "achieved"


def test_a_mission_move_not_offered_is_a_form_error(client, commissioner, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:mission_transition", args=[mission.pk]), {"to": "draft"}
    )
    assertContains(response, "There is a problem")
    mission.refresh_from_db()
    assert mission.status == "active"


@pytest.mark.parametrize("person", READ_ONLY)
def test_people_who_may_not_edit_cannot_move_a_mission(client, request, person, mission):
    client.force_login(request.getfixturevalue(person))
    response = client.post(
        reverse("commissioning:mission_transition", args=[mission.pk]), {"to": "retired"}
    )
    assert response.status_code == 403
    mission.refresh_from_db()
    assert mission.status == "active"


def test_mission_page_shows_what_hangs_off_it(client, viewer, mission, need, commission):
    from tests.contracts.factories import ContractFactory
    from tests.procurement.factories import TenderFactory

    tender = TenderFactory(organisation=mission.organisation, commission=commission)
    contract = ContractFactory(organisation=mission.organisation, commission=commission)
    contract.missions.add(mission)
    client.force_login(viewer)
    body = client.get(reverse("commissioning:mission_detail", args=[mission.pk])).content.decode()
    for text in (mission.statement, need.title, commission.title, tender.title, contract.title):
        assert text in body
    assert "£120,000 across 1 contract" in body


# --- Needs -----------------------------------------------------------------------------
def test_need_form_offers_only_the_councils_missions_and_places(
    client, commissioner, council, other_council, mission
):
    PlaceFactory(organisation=council, name="Riverside ward")
    PlaceFactory(organisation=other_council, name="Southvale ward")
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:need_create"))
    assertContains(response, mission.title)
    assertContains(response, "Riverside ward")
    assertNotContains(response, "Southvale ward")


def test_commissioner_records_a_need(client, commissioner, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:need_create"),
        {
            "title": "Warm, dry homes",
            "description": "Damp homes make children ill.",
            "population_group": "Children",
            "missions": [mission.pk],
        },
    )
    need = Need.objects.get(title="Warm, dry homes")
    assert response.url == reverse("commissioning:need_detail", args=[need.pk])
    assert list(need.missions.all()) == [mission]


# --- Commissions -----------------------------------------------------------------------
def test_commissioner_starts_a_commission_answering_a_need(client, commissioner, need, mission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:commission_create"),
        {
            "title": "Warm homes grants",
            "summary": "Grants to fix damp.",
            "needs": [need.pk],
            "missions": [mission.pk],
            "budget_min": "100000",
            "budget_max": "250000",
        },
    )
    commission = Commission.objects.get(title="Warm homes grants")
    assert response.url == reverse("commissioning:commission_detail", args=[commission.pk])
    assert list(commission.needs.all()) == [need]


def test_commission_form_says_clearly_when_budget_range_is_backwards(client, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:commission_create"),
        {"title": "x", "summary": "x", "budget_min": "500", "budget_max": "100"},
    )
    assert response.status_code == 200
    assert "The highest budget must be the same as or more than the lowest." in (
        response.content.decode()
    )
    assert not Commission.objects.exists()


def test_commission_page_offers_only_allowed_next_statuses(client, commissioner, commission):
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    assertContains(response, 'value="options_appraisal"')
    assertContains(response, 'value="closed"')
    assertNotContains(response, 'value="in_delivery"')


def test_commissioner_moves_a_commission_on(client, commissioner, commission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:commission_transition", args=[commission.pk]),
        {"to": "options_appraisal"},
    )
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.OPTIONS_APPRAISAL


def test_a_move_not_allowed_is_a_form_error_not_a_crash(client, commissioner, commission):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:commission_transition", args=[commission.pk]),
        {"to": "in_delivery"},
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.SCOPING
