"""The demo options appraisals: realistic, idempotent and consistent with the commissions."""

import pytest

from accounts.models import AuditEvent
from commissioning.appraisal import demo, selectors
from commissioning.models import (
    AppraisalCriterion,
    AppraisalOption,
    AppraisalScore,
    Commission,
    CommissionStatus,
)
from tests.commissioning.factories import CommissionFactory

pytestmark = pytest.mark.django_db

COUNTED = [AppraisalCriterion, AppraisalOption, AppraisalScore, AuditEvent]


@pytest.fixture
def seeded(council, commissioner):
    """The three demo commissions, in the states home/demo_data.py leaves them."""
    for title, status in (
        ("Community food hubs on the Kestrel and Brookside estates", "in_procurement"),
        ("Mentoring into work for young people in Hollowgate", "in_delivery"),
        ("Tackling damp and mould with Brookside tenants", "scoping"),
    ):
        Commission.objects.filter(
            pk=CommissionFactory(organisation=council, title=title).pk
        ).update(status=status)
    return council, {demo.COMMISSIONER: commissioner}


def _commission(council, title):
    return Commission.objects.get(organisation=council, title=title)


def test_loading_the_demo_appraisals_twice_creates_nothing_new(seeded):
    council, people = seeded
    assert demo.load(council=council, people=people) == [
        "3 options appraisals, 2 with a decided route"
    ]
    first = {model.__name__: model.objects.count() for model in COUNTED}
    demo.load(council=council, people=people)
    assert {model.__name__: model.objects.count() for model in COUNTED} == first
    assert first["AppraisalOption"] == 11


def test_food_hubs_chose_a_contract_and_mentoring_chose_a_grant(seeded):
    council, people = seeded
    demo.load(council=council, people=people)
    food = _commission(council, "Community food hubs on the Kestrel and Brookside estates")
    youth = _commission(council, "Mentoring into work for young people in Hollowgate")
    assert food.chosen_option.kind == "contract"
    assert youth.chosen_option.kind == "grant"
    assert food.decided_by == people[demo.COMMISSIONER]
    for commission in (food, youth):
        appraisal = selectors.appraisal_for(commission)
        assert appraisal.is_decided
        assert appraisal.leader.option == commission.chosen_option
        assert [event.verb for event in appraisal.history] == ["route_decided"]


def test_the_damp_work_is_in_options_appraisal_with_no_decision(seeded):
    council, people = seeded
    demo.load(council=council, people=people)
    damp = _commission(council, "Tackling damp and mould with Brookside tenants")
    assert damp.status == CommissionStatus.OPTIONS_APPRAISAL
    assert damp.chosen_option is None
    ranking = selectors.appraisal_for(damp).ranking
    assert [entry.rank for entry in ranking] == [1, 2, None]


def test_commissions_that_are_missing_are_skipped(council, commissioner):
    assert demo.load(council=council, people={}) == ["0 options appraisals, 0 with a decided route"]
