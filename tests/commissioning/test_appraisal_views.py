"""Options appraisal pages: who sees and edits what, forms, the decision and query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from commissioning import services as commission_services
from commissioning.appraisal import services
from commissioning.appraisal.services import ScoreEntry
from commissioning.models import (
    AppraisalCriterion,
    AppraisalOption,
    AppraisalScore,
    CommissionStatus,
    OptionKind,
)
from commissioning.specifications import services as spec_services

pytestmark = pytest.mark.django_db

EDITORS = ["commissioner", "council_admin"]
READ_ONLY = ["viewer", "evaluator", "contract_manager"]
OUTSIDERS = ["other_commissioner", "supplier_user"]
# Session, user, memberships, the organisation switcher and the unread notification count.
PAGE_OVERHEAD = 5


@pytest.fixture
def appraising(commission, commissioner):
    return services.appraisal_start(commission=commission, by=commissioner)


@pytest.fixture
def criterion(appraising, commissioner):
    return services.appraisal_criterion_create(
        commission=appraising, name="Residents shape it", weight=60, by=commissioner
    )


@pytest.fixture
def option(appraising, commissioner):
    return services.appraisal_option_create(
        commission=appraising,
        kind=OptionKind.CONTRACT,
        title="Contract a community provider",
        by=commissioner,
    )


@pytest.fixture
def grant(appraising, commissioner):
    return services.appraisal_option_create(
        commission=appraising,
        kind=OptionKind.GRANT,
        title="Grant to a food charity",
        by=commissioner,
    )


def _url(name, *args):
    return reverse(f"commissioning:{name}", args=args)


# --- Who sees what ---------------------------------------------------------------------
@pytest.mark.parametrize("person", EDITORS + READ_ONLY)
def test_the_owning_organisations_staff_see_the_appraisal(
    client, request, appraising, criterion, option, person
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(_url("appraisal_detail", appraising.pk))
    assert response.status_code == 200
    assert "Residents shape it" in response.content.decode()
    assert "Contract a community provider" in response.content.decode()


@pytest.mark.parametrize("person", OUTSIDERS)
def test_people_outside_the_organisation_get_404(
    client, request, appraising, criterion, option, person
):
    client.force_login(request.getfixturevalue(person))
    urls = [
        _url("appraisal_detail", appraising.pk),
        _url("appraisal_decide", appraising.pk),
        _url("appraisal_option_create", appraising.pk),
        _url("appraisal_option_edit", appraising.pk, option.pk),
        _url("appraisal_criterion_edit", appraising.pk, criterion.pk),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert client.post(_url("appraisal_start", appraising.pk)).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, appraising):
    response = client.get(_url("appraisal_detail", appraising.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("person", READ_ONLY)
def test_readers_get_403_on_editing_pages_and_see_no_editing_controls(
    client, request, appraising, criterion, option, person
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(_url("appraisal_detail", appraising.pk))
    assertNotContains(response, "Add criterion")
    assertNotContains(response, "Choose the route")
    assertNotContains(response, "Save scores")
    assert [
        client.get(_url("appraisal_option_create", appraising.pk)).status_code,
        client.get(_url("appraisal_decide", appraising.pk)).status_code,
        client.get(_url("appraisal_option_remove", appraising.pk, option.pk)).status_code,
        client.post(
            _url("appraisal_criterion_create", appraising.pk), {"name": "X", "weight": "5"}
        ).status_code,
        client.post(_url("appraisal_reopen", appraising.pk)).status_code,
    ] == [403] * 5
    assert AppraisalCriterion.objects.count() == 1


def test_a_criterion_of_another_commission_is_not_found(
    client, commissioner, appraising, other_council_commission, other_commissioner
):
    services.appraisal_start(commission=other_council_commission, by=other_commissioner)
    foreign = services.appraisal_criterion_create(
        commission=other_council_commission, name="Speed", weight=5, by=other_commissioner
    )
    client.force_login(commissioner)
    response = client.get(_url("appraisal_criterion_edit", appraising.pk, foreign.pk))
    assert response.status_code == 404


# --- Starting and editing ----------------------------------------------------------------
def test_a_commissioner_starts_the_appraisal_from_the_page(client, commissioner, commission):
    client.force_login(commissioner)
    page = client.get(_url("appraisal_detail", commission.pk)).content.decode()
    assert "Start the options appraisal" in page
    response = client.post(_url("appraisal_start", commission.pk), follow=True)
    assert response.redirect_chain[-1][0] == _url("appraisal_detail", commission.pk)
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.OPTIONS_APPRAISAL
    assert "Add criterion" in response.content.decode()


def test_adding_a_criterion_with_a_bad_weight_shows_an_error_and_keeps_the_text(
    client, commissioner, appraising
):
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_criterion_create", appraising.pk),
        {"name": "Reach across the estate", "weight": "150"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The weight must be 100 or less." in page
    assert 'value="Reach across the estate"' in page
    assert not AppraisalCriterion.objects.exists()


def test_a_domain_error_on_a_criterion_becomes_a_form_error(
    client, commissioner, appraising, criterion
):
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_criterion_create", appraising.pk),
        {"name": "residents shape it", "weight": "5"},
    )
    assert "already has a criterion with this name" in response.content.decode()


def test_a_criterion_is_changed_and_removed(client, commissioner, appraising, criterion):
    client.force_login(commissioner)
    assert (
        client.get(_url("appraisal_criterion_edit", appraising.pk, criterion.pk)).status_code == 200
    )
    client.post(
        _url("appraisal_criterion_edit", appraising.pk, criterion.pk),
        {"name": "Residents lead it", "weight": "70"},
    )
    criterion.refresh_from_db()
    assert (criterion.name, criterion.weight) == ("Residents lead it", 70)
    remove = _url("appraisal_criterion_remove", appraising.pk, criterion.pk)
    assert "Every score given against" in client.get(remove).content.decode()
    client.post(remove)
    assert not AppraisalCriterion.objects.exists()


def test_an_option_is_added_changed_and_removed(client, commissioner, appraising):
    client.force_login(commissioner)
    assert client.get(_url("appraisal_option_create", appraising.pk)).status_code == 200
    response = client.post(
        _url("appraisal_option_create", appraising.pk),
        {
            "kind": "in_house",
            "title": "Run the hubs ourselves",
            "benefits": "We control quality.",
            "cost_estimate": "250000",
        },
    )
    assert response.status_code == 302
    option = AppraisalOption.objects.get()
    assert option.cost_estimate == Decimal("250000")
    edit = _url("appraisal_option_edit", appraising.pk, option.pk)
    assert "Run the hubs ourselves" in client.get(edit).content.decode()
    client.post(edit, {"kind": "partnership", "title": "Alliance with the food bank"})
    option.refresh_from_db()
    assert (option.kind, option.title, option.benefits) == (
        "partnership",
        "Alliance with the food bank",
        "",
    )
    client.post(_url("appraisal_option_remove", appraising.pk, option.pk))
    assert not AppraisalOption.objects.exists()


def test_an_option_without_a_kind_or_with_a_negative_cost_is_refused(
    client, commissioner, appraising
):
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_option_create", appraising.pk), {"title": "Hubs", "cost_estimate": "-5"}
    )
    page = response.content.decode()
    assert "Choose what kind of option this is." in page
    assert "The cost estimate cannot be less than zero." in page
    assert not AppraisalOption.objects.exists()


# --- Scoring ---------------------------------------------------------------------------
def test_scores_are_saved_from_the_option_form(client, commissioner, appraising, criterion, option):
    client.force_login(commissioner)
    prefix = f"option-{option.pk}"
    response = client.post(
        _url("appraisal_scores", appraising.pk),
        {f"{prefix}-score_{criterion.pk}": "4", f"{prefix}-note_{criterion.pk}": "Strong links."},
    )
    assert response.status_code == 302
    score = AppraisalScore.objects.get()
    assert (score.score, score.note) == (4, "Strong links.")
    page = client.get(_url("appraisal_detail", appraising.pk)).content.decode()
    assert "4.0" in page


def test_a_score_outside_0_to_5_is_refused_with_an_error(
    client, commissioner, appraising, criterion, option
):
    client.force_login(commissioner)
    prefix = f"option-{option.pk}"
    response = client.post(
        _url("appraisal_scores", appraising.pk),
        {f"{prefix}-score_{criterion.pk}": "7", f"{prefix}-note_{criterion.pk}": "Kept text"},
    )
    page = response.content.decode()
    assert "Choose a score from 0 to 5." in page
    assert f'href="#id_{prefix}-score_{criterion.pk}"' in page
    assert "Kept text" in page
    assert not AppraisalScore.objects.exists()


def _post_scores(client, appraising, criterion, typed):
    """Send the one scoring form with a score and a note typed for each option."""
    data = {}
    for option, (score, note) in typed.items():
        data[f"option-{option.pk}-score_{criterion.pk}"] = score
        data[f"option-{option.pk}-note_{criterion.pk}"] = note
    return client.post(_url("appraisal_scores", appraising.pk), data)


def test_scores_for_every_option_save_from_the_one_form(
    client, commissioner, appraising, criterion, option, grant
):
    client.force_login(commissioner)
    page = client.get(_url("appraisal_detail", appraising.pk))
    assertContains(page, 'id="scores-form"', count=1)
    assertContains(page, "Save scores", count=1)

    response = _post_scores(
        client,
        appraising,
        criterion,
        {option: ("4", "Strong local links."), grant: ("2", "Less say for residents.")},
    )

    assert response.status_code == 302
    saved = {s.option_id: (s.score, s.note) for s in AppraisalScore.objects.all()}
    assert saved == {
        option.pk: (4, "Strong local links."),
        grant.pk: (2, "Less say for residents."),
    }


def test_one_options_mistake_saves_nothing_and_keeps_every_option_as_typed(
    client, commissioner, appraising, criterion, option, grant
):
    client.force_login(commissioner)

    response = _post_scores(
        client,
        appraising,
        criterion,
        {option: ("4", "Typed for the first option"), grant: ("9", "")},
    )

    assertContains(response, "Choose a score from 0 to 5.", count=2)  # summary and field
    assertContains(response, f'href="#id_option-{grant.pk}-score_{criterion.pk}"')
    assertContains(response, "Typed for the first option")
    assertContains(response, '<option value="4" selected>')
    assert not AppraisalScore.objects.exists()


def test_scoring_forms_appear_only_once_there_is_a_criterion(
    client, commissioner, appraising, option
):
    client.force_login(commissioner)
    response = client.get(_url("appraisal_detail", appraising.pk))
    assertNotContains(response, "Save scores")
    assertContains(response, "Add at least one before you score")


# --- The decision ----------------------------------------------------------------------
@pytest.fixture
def scored(appraising, criterion, option, grant, commissioner):
    for choice, value in ((option, 4), (grant, 3)):
        services.appraisal_option_score(
            option=choice, scores={criterion.pk: ScoreEntry(value)}, by=commissioner
        )
    return appraising


def test_the_decision_page_lists_options_highest_first(client, commissioner, scored):
    client.force_login(commissioner)
    page = client.get(_url("appraisal_decide", scored.pk)).content.decode()
    assert page.index("Contract a community provider (") < page.index("Grant to a food charity (")
    assert "highest-scoring option is “Contract a community provider”" in page


def test_a_decision_without_a_rationale_is_refused(client, commissioner, scored, option):
    client.force_login(commissioner)
    response = client.post(_url("appraisal_decide", scored.pk), {"option": option.pk})
    assert "Explain why you chose this option." in response.content.decode()
    scored.refresh_from_db()
    assert scored.status == CommissionStatus.OPTIONS_APPRAISAL


def test_choosing_a_contract_without_a_specification_offers_to_start_one(
    client, commissioner, scored, option
):
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_decide", scored.pk),
        {"option": option.pk, "rationale": "Residents want a local provider."},
    )
    assert response.url == _url("appraisal_decided", scored.pk)
    page = client.get(response.url).content.decode()
    assert "Route decided" in page
    assert _url("specification_create", scored.pk) in page
    scored.refresh_from_db()
    assert scored.status == CommissionStatus.ROUTE_DECIDED


def test_choosing_a_contract_with_a_specification_goes_straight_to_it(
    client, commissioner, scored, option
):
    spec_services.specification_create(commission=scored, by=commissioner)
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_decide", scored.pk),
        {"option": option.pk, "rationale": "Residents want a local provider."},
    )
    assert response.url == _url("specification_detail", scored.pk)


def test_choosing_a_grant_points_to_the_contract_register(client, commissioner, scored, grant):
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_decide", scored.pk),
        {"option": grant.pk, "rationale": "The charity already runs food clubs."},
        follow=True,
    )
    page = response.content.decode()
    assert "grant agreement" in page
    assert reverse("contracts:contract_create") in page


def test_a_decided_route_is_shown_and_can_be_revisited(client, commissioner, scored, grant):
    services.appraisal_decide(
        commission=scored, option=grant, rationale="Food clubs exist.", by=commissioner
    )
    client.force_login(commissioner)
    page = client.get(_url("appraisal_detail", scored.pk)).content.decode()
    assert "Food clubs exist." in page
    assert "Revisit the decision" in page
    assert "Decision history" in page
    client.post(_url("appraisal_reopen", scored.pk))
    scored.refresh_from_db()
    assert scored.status == CommissionStatus.OPTIONS_APPRAISAL
    page = client.get(_url("appraisal_detail", scored.pk)).content.decode()
    assert "is being revisited" in page
    assert "Reopened the decision" in page


def test_the_decision_page_is_closed_once_the_route_is_decided(client, commissioner, scored, grant):
    services.appraisal_decide(
        commission=scored, option=grant, rationale="Food clubs exist.", by=commissioner
    )
    client.force_login(commissioner)
    response = client.get(_url("appraisal_decide", scored.pk))
    assert response.url == _url("appraisal_detail", scored.pk)


def test_a_reader_sees_the_scores_as_a_grid(client, viewer, scored):
    client.force_login(viewer)
    page = client.get(_url("appraisal_detail", scored.pk)).content.decode()
    assert "score out of 5 against each criterion" in page
    grid = page[page.index("score out of 5 against each criterion") :]
    row = grid[grid.index("Residents shape it (60)") :].split("</tr>")[0]
    assert [cell.split("</span>")[0] for cell in row.split('font-weight-bold">')[1:]] == ["4", "3"]


# --- Query counts ----------------------------------------------------------------------
@pytest.fixture
def big_appraisal(appraising):
    criteria = AppraisalCriterion.objects.bulk_create(
        AppraisalCriterion(commission=appraising, name=f"Criterion {n}", weight=n + 1, position=n)
        for n in range(10)
    )
    options = AppraisalOption.objects.bulk_create(
        AppraisalOption(
            commission=appraising,
            kind=OptionKind.values[n % len(OptionKind.values)],
            title=f"Option {n}",
            description="How it would work.",
            cost_estimate=Decimal(100000 + n),
            position=n,
        )
        for n in range(6)
    )
    AppraisalScore.objects.bulk_create(
        AppraisalScore(option=option, criterion=criterion, score=(i + j) % 6, note="Why.")
        for i, option in enumerate(options)
        for j, criterion in enumerate(criteria)
    )
    return appraising


@pytest.mark.parametrize("person", ["commissioner", "viewer"])
def test_the_appraisal_page_has_constant_queries_with_10_criteria_and_6_options(
    client, request, big_appraisal, person, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(person))
    with django_assert_max_num_queries(PAGE_OVERHEAD + 7):
        response = client.get(_url("appraisal_detail", big_appraisal.pk))
    assert response.status_code == 200
    assert response.content.decode().count("Option 5") >= 2


def test_the_decision_page_has_constant_queries(
    client, commissioner, big_appraisal, django_assert_max_num_queries
):
    client.force_login(commissioner)
    with django_assert_max_num_queries(PAGE_OVERHEAD + 7):
        response = client.get(_url("appraisal_decide", big_appraisal.pk))
    assert response.status_code == 200


def test_the_appraisal_page_costs_the_same_with_one_criterion_as_with_ten(
    client, council, commissioner, big_appraisal
):
    small = commission_services.commission_create(
        organisation=council, title="Small", summary="One of each.", by=commissioner
    )
    services.appraisal_start(commission=small, by=commissioner)
    one = services.appraisal_criterion_create(
        commission=small, name="Only", weight=1, by=commissioner
    )
    only = services.appraisal_option_create(
        commission=small, kind=OptionKind.GRANT, title="Only option", by=commissioner
    )
    services.appraisal_option_score(option=only, scores={one.pk: ScoreEntry(3)}, by=commissioner)
    client.force_login(commissioner)
    client.get(_url("appraisal_detail", small.pk))  # warm the per-process caches
    counts = []
    for commission in (small, big_appraisal):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("appraisal_detail", commission.pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_commission_page_shows_the_chosen_route_and_links_to_the_appraisal(
    client, viewer, commissioner, scored, grant
):
    client.force_login(viewer)
    page = client.get(_url("commission_detail", scored.pk)).content.decode()
    assert "The options are being appraised." in page
    assert _url("appraisal_detail", scored.pk) in page
    services.appraisal_decide(
        commission=scored, option=grant, rationale="Food clubs exist.", by=commissioner
    )
    page = client.get(_url("commission_detail", scored.pk)).content.decode()
    assert "Grant to a food charity (give a grant)" in page
    assert "Food clubs exist." in page


def test_a_decision_posted_after_the_route_was_decided_keeps_the_rationale(
    client, commissioner, scored, option, grant
):
    """Someone else decided first: the page says why and keeps what was typed."""
    services.appraisal_decide(
        commission=scored, option=grant, rationale="Food clubs exist.", by=commissioner
    )
    client.force_login(commissioner)
    response = client.post(
        _url("appraisal_decide", scored.pk),
        {"option": option.pk, "rationale": "Residents want a local provider."},
    )
    assertContains(response, "There is a problem")
    assertContains(response, "Residents want a local provider.")
    scored.refresh_from_db()
    assert scored.chosen_option == grant
