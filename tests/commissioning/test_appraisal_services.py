"""Rules of the options appraisal: criteria, options, scores, the decision and permissions."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from commissioning import services as commission_services
from commissioning.appraisal import selectors, services
from commissioning.appraisal.services import ScoreEntry
from commissioning.models import (
    AppraisalCriterion,
    AppraisalScore,
    Commission,
    CommissionStatus,
    OptionKind,
)
from core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def appraising(commission, commissioner):
    return services.appraisal_start(commission=commission, by=commissioner)


@pytest.fixture
def criteria(appraising, commissioner):
    return [
        services.appraisal_criterion_create(
            commission=appraising, name="Residents shape it", weight=60, by=commissioner
        ),
        services.appraisal_criterion_create(
            commission=appraising, name="Value for money", weight=40, by=commissioner
        ),
    ]


@pytest.fixture
def options(appraising, commissioner):
    return {
        "in_house": services.appraisal_option_create(
            commission=appraising,
            kind=OptionKind.IN_HOUSE,
            title="Run the hubs ourselves",
            cost_estimate=Decimal("250000"),
            by=commissioner,
        ),
        "contract": services.appraisal_option_create(
            commission=appraising,
            kind=OptionKind.CONTRACT,
            title="Contract a community provider",
            benefits="Local knowledge.",
            by=commissioner,
        ),
    }


def _score(option, criteria, values, by):
    return services.appraisal_option_score(
        option=option,
        scores={c.pk: ScoreEntry(v, f"Because {v}") for c, v in zip(criteria, values, strict=True)},
        by=by,
    )


def _events(target, verb, pk=None):
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(pk or target.pk),
        verb=verb,
    )


# --- Starting --------------------------------------------------------------------------
def test_starting_the_appraisal_moves_a_scoped_commission_to_options_appraisal(
    commission, commissioner
):
    started = services.appraisal_start(commission=commission, by=commissioner)
    assert started.status == CommissionStatus.OPTIONS_APPRAISAL
    assert _events(commission, "status").get().changes == {
        "status": ["scoping", "options_appraisal"]
    }


def test_starting_an_appraisal_already_under_way_changes_nothing(appraising, commissioner):
    again = services.appraisal_start(commission=appraising, by=commissioner)
    assert again.status == CommissionStatus.OPTIONS_APPRAISAL
    assert _events(appraising, "status").count() == 1


def test_an_appraisal_cannot_start_after_the_route_is_decided(commission, commissioner):
    Commission.objects.filter(pk=commission.pk).update(status=CommissionStatus.IN_DELIVERY)
    commission.refresh_from_db()
    with pytest.raises(DomainError, match="while the work is scoped"):
        services.appraisal_start(commission=commission, by=commissioner)


@pytest.mark.parametrize(
    "person", ["viewer", "evaluator", "contract_manager", "other_commissioner"]
)
def test_only_the_owning_organisations_commissioners_start_an_appraisal(
    request, commission, person
):
    with pytest.raises(PermissionDenied):
        services.appraisal_start(commission=commission, by=request.getfixturevalue(person))
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.SCOPING


def test_a_council_admin_may_start_an_appraisal(commission, council_admin):
    assert (
        services.appraisal_start(commission=commission, by=council_admin).status
        == CommissionStatus.OPTIONS_APPRAISAL
    )


# --- Criteria --------------------------------------------------------------------------
def test_criteria_are_added_in_order_and_audited(criteria):
    assert [c.position for c in criteria] == [1, 2]
    assert _events(criteria[0], "created").get().changes["weight"] == 60


@pytest.mark.parametrize("weight", [0, 101, -5])
def test_a_criterion_weight_must_be_from_1_to_100(appraising, commissioner, weight):
    with pytest.raises(DomainError, match="from 1 to 100"):
        services.appraisal_criterion_create(
            commission=appraising, name="Reach", weight=weight, by=commissioner
        )
    assert not AppraisalCriterion.objects.exists()


@pytest.mark.parametrize("weight", [1, 100])
def test_a_criterion_weight_may_be_1_or_100(appraising, commissioner, weight):
    criterion = services.appraisal_criterion_create(
        commission=appraising, name="Reach", weight=weight, by=commissioner
    )
    assert criterion.weight == weight


def test_a_criterion_needs_a_name_unique_in_the_appraisal(criteria, appraising, commissioner):
    with pytest.raises(DomainError, match="Enter a name"):
        services.appraisal_criterion_create(
            commission=appraising, name="   ", weight=5, by=commissioner
        )
    with pytest.raises(DomainError, match="already has a criterion"):
        services.appraisal_criterion_create(
            commission=appraising, name="value FOR money", weight=5, by=commissioner
        )


def test_criteria_cannot_be_added_before_the_appraisal_starts(commission, commissioner):
    with pytest.raises(DomainError, match="Start the options appraisal"):
        services.appraisal_criterion_create(
            commission=commission, name="Reach", weight=5, by=commissioner
        )


def test_a_criterion_can_be_reweighed_and_the_change_is_audited(criteria, commissioner):
    updated = services.appraisal_criterion_update(
        criterion=criteria[1], name="Value for money", weight=10, by=commissioner
    )
    assert updated.weight == 10
    assert _events(criteria[1], "updated").get().changes == {"weight": [40, 10]}
    with pytest.raises(DomainError, match="from 1 to 100"):
        services.appraisal_criterion_update(
            criterion=criteria[1], name="Value for money", weight=200, by=commissioner
        )


def test_removing_a_criterion_removes_its_scores(criteria, options, commissioner):
    _score(options["contract"], criteria, [4, 3], commissioner)
    pk = criteria[0].pk
    services.appraisal_criterion_delete(criterion=criteria[0], by=commissioner)
    assert list(AppraisalScore.objects.values_list("score", flat=True)) == [3]
    assert _events(criteria[0], "deleted", pk).get().changes["scores"] == {
        "Contract a community provider": 4
    }


def test_a_viewer_cannot_change_criteria(criteria, viewer):
    with pytest.raises(PermissionDenied):
        services.appraisal_criterion_update(
            criterion=criteria[0], name="Other", weight=1, by=viewer
        )
    with pytest.raises(PermissionDenied):
        services.appraisal_criterion_delete(criterion=criteria[0], by=viewer)


# --- Options ---------------------------------------------------------------------------
def test_an_option_needs_a_known_kind_a_title_and_a_cost_of_zero_or_more(appraising, commissioner):
    with pytest.raises(DomainError, match="what kind"):
        services.appraisal_option_create(
            commission=appraising, kind="buy_a_yacht", title="Yacht", by=commissioner
        )
    with pytest.raises(DomainError, match="Enter a title"):
        services.appraisal_option_create(
            commission=appraising, kind=OptionKind.GRANT, title=" ", by=commissioner
        )
    with pytest.raises(DomainError, match="less than zero"):
        services.appraisal_option_create(
            commission=appraising,
            kind=OptionKind.GRANT,
            title="Grant",
            cost_estimate=Decimal("-1"),
            by=commissioner,
        )


def test_option_titles_are_unique_in_the_appraisal(options, appraising, commissioner):
    with pytest.raises(DomainError, match="already has an option"):
        services.appraisal_option_create(
            commission=appraising,
            kind=OptionKind.GRANT,
            title="run the hubs OURSELVES",
            by=commissioner,
        )


def test_an_option_update_records_what_changed(options, commissioner):
    option = services.appraisal_option_update(
        option=options["in_house"], risks="Staff are hard to recruit.", by=commissioner
    )
    assert option.risks == "Staff are hard to recruit."
    assert _events(option, "updated").get().changes == {"risks": ["", "Staff are hard to recruit."]}


def test_removing_an_option_is_audited(options, commissioner):
    pk = options["in_house"].pk
    services.appraisal_option_delete(option=options["in_house"], by=commissioner)
    assert _events(options["in_house"], "deleted", pk).get().changes["title"] == (
        "Run the hubs ourselves"
    )


def test_another_councils_commissioner_cannot_add_options(appraising, other_commissioner):
    with pytest.raises(PermissionDenied):
        services.appraisal_option_create(
            commission=appraising, kind=OptionKind.GRANT, title="Grant", by=other_commissioner
        )


# --- Scores ----------------------------------------------------------------------------
def test_scoring_needs_at_least_one_criterion(options, commissioner):
    with pytest.raises(DomainError, match="Add at least one criterion"):
        services.appraisal_option_score(option=options["in_house"], scores={}, by=commissioner)


@pytest.mark.parametrize("score", [6, -1, 10])
def test_a_score_must_be_from_0_to_5(criteria, options, commissioner, score):
    with pytest.raises(DomainError, match="from 0 to 5"):
        services.appraisal_option_score(
            option=options["in_house"],
            scores={criteria[0].pk: ScoreEntry(score)},
            by=commissioner,
        )
    assert not AppraisalScore.objects.exists()


def test_scores_are_saved_changed_and_cleared_with_an_audit_of_each_change(
    criteria, options, commissioner
):
    option = options["in_house"]
    _score(option, criteria, [0, 5], commissioner)
    services.appraisal_option_score(
        option=option,
        scores={
            criteria[0].pk: ScoreEntry(2, "Better on reflection"),
            criteria[1].pk: ScoreEntry(None),
        },
        by=commissioner,
    )
    assert list(AppraisalScore.objects.values_list("criterion__name", "score", "note")) == [
        ("Residents shape it", 2, "Better on reflection")
    ]
    changes = [event.changes for event in _events(option, "scored").order_by("pk")]
    assert changes == [
        {"Residents shape it": [None, 0], "Value for money": [None, 5]},
        {"Residents shape it": [0, 2], "Value for money": [5, None]},
    ]


def test_a_note_needs_a_score(criteria, options, commissioner):
    with pytest.raises(DomainError, match="as well as a note"):
        services.appraisal_option_score(
            option=options["in_house"],
            scores={criteria[0].pk: ScoreEntry(None, "Looks promising")},
            by=commissioner,
        )


def test_scores_only_against_this_commissions_criteria(
    criteria, options, commissioner, other_council_commission, other_commissioner
):
    services.appraisal_start(commission=other_council_commission, by=other_commissioner)
    foreign = services.appraisal_criterion_create(
        commission=other_council_commission, name="Speed", weight=5, by=other_commissioner
    )
    with pytest.raises(DomainError, match="this commission's criteria"):
        services.appraisal_option_score(
            option=options["in_house"], scores={foreign.pk: ScoreEntry(3)}, by=commissioner
        )


# --- Ranking ---------------------------------------------------------------------------
def test_weighted_score_is_the_weighted_average_and_ranks_highest_first(
    criteria, options, commissioner
):
    _score(options["in_house"], criteria, [2, 5], commissioner)  # (120 + 200) / 100 = 3.2
    _score(options["contract"], criteria, [4, 3], commissioner)  # (240 + 120) / 100 = 3.6
    appraisal = selectors.appraisal_for(options["in_house"].commission)
    ranking = appraisal.ranking
    assert [entry.option.title for entry in ranking] == [
        "Contract a community provider",
        "Run the hubs ourselves",
    ]
    assert [entry.weighted for entry in ranking] == [Fraction(18, 5), Fraction(16, 5)]
    assert [entry.weighted_display for entry in ranking] == ["3.6", "3.2"]
    assert [entry.rank for entry in ranking] == [1, 2]
    assert appraisal.ties == []


def test_equal_weighted_scores_share_a_rank_and_are_noted_as_tied(
    criteria, options, appraising, commissioner
):
    third = services.appraisal_option_create(
        commission=appraising, kind=OptionKind.GRANT, title="Grant", by=commissioner
    )
    _score(options["in_house"], criteria, [3, 3], commissioner)
    _score(options["contract"], criteria, [3, 3], commissioner)
    _score(third, criteria, [1, 1], commissioner)
    appraisal = selectors.appraisal_for(appraising)
    assert [entry.rank for entry in appraisal.ranking] == [1, 1, 3]
    assert [[e.option.title for e in group] for group in appraisal.ties] == [
        ["Run the hubs ourselves", "Contract a community provider"]
    ]


def test_weighted_scores_round_halves_up_to_one_decimal(appraising, commissioner):
    low = services.appraisal_criterion_create(
        commission=appraising, name="A", weight=3, by=commissioner
    )
    high = services.appraisal_criterion_create(
        commission=appraising, name="B", weight=1, by=commissioner
    )
    option = services.appraisal_option_create(
        commission=appraising, kind=OptionKind.GRANT, title="Grant", by=commissioner
    )
    _score(option, [low, high], [2, 4], commissioner)  # (6 + 4) / 4 = 2.5
    _score(option, [low, high], [3, 2], commissioner)  # (9 + 2) / 4 = 2.75
    entry = selectors.appraisal_for(appraising).ranking[0]
    assert entry.weighted_display == "2.8"


def test_an_option_not_scored_on_every_criterion_is_not_ranked(criteria, options, commissioner):
    services.appraisal_option_score(
        option=options["in_house"], scores={criteria[0].pk: ScoreEntry(5)}, by=commissioner
    )
    _score(options["contract"], criteria, [1, 1], commissioner)
    ranking = selectors.appraisal_for(options["in_house"].commission).ranking
    assert [(e.option.title, e.rank, e.scored_count) for e in ranking] == [
        ("Contract a community provider", 1, 2),
        ("Run the hubs ourselves", None, 1),
    ]


# --- The decision ----------------------------------------------------------------------
@pytest.fixture
def scored(criteria, options, commissioner):
    _score(options["in_house"], criteria, [2, 5], commissioner)
    _score(options["contract"], criteria, [4, 3], commissioner)
    return options


def test_deciding_records_the_route_and_moves_the_commission_to_route_decided(
    scored, appraising, commissioner
):
    decided = services.appraisal_decide(
        commission=appraising,
        option=scored["contract"],
        rationale="Residents want a local provider they can hold to account.",
        by=commissioner,
    )
    decided.refresh_from_db()
    assert decided.status == CommissionStatus.ROUTE_DECIDED
    assert decided.chosen_option == scored["contract"]
    assert decided.decision_rationale.startswith("Residents want")
    assert decided.decided_by == commissioner
    assert decided.decided_at is not None
    event = _events(appraising, "route_decided").get()
    assert event.changes["chosen_option"] == [None, "Contract a community provider"]
    assert event.changes["kind"] == [None, "contract"]


@pytest.mark.parametrize("rationale", ["", "   \n "])
def test_a_decision_needs_a_rationale(scored, appraising, commissioner, rationale):
    with pytest.raises(DomainError, match="Explain why"):
        services.appraisal_decide(
            commission=appraising, option=scored["contract"], rationale=rationale, by=commissioner
        )
    appraising.refresh_from_db()
    assert appraising.status == CommissionStatus.OPTIONS_APPRAISAL
    assert appraising.chosen_option_id is None


def test_a_decision_must_choose_an_option_of_this_commission(
    scored, appraising, commissioner, other_council_commission, other_commissioner
):
    services.appraisal_start(commission=other_council_commission, by=other_commissioner)
    foreign = services.appraisal_option_create(
        commission=other_council_commission,
        kind=OptionKind.GRANT,
        title="Southvale grant",
        by=other_commissioner,
    )
    with pytest.raises(DomainError, match="one of the options in this appraisal"):
        services.appraisal_decide(
            commission=appraising, option=foreign, rationale="Cheapest.", by=commissioner
        )


def test_a_decision_needs_the_chosen_option_scored_on_every_criterion(
    criteria, options, appraising, commissioner
):
    services.appraisal_option_score(
        option=options["contract"], scores={criteria[0].pk: ScoreEntry(4)}, by=commissioner
    )
    with pytest.raises(DomainError, match="against every criterion"):
        services.appraisal_decide(
            commission=appraising, option=options["contract"], rationale="Yes.", by=commissioner
        )


def test_a_decision_is_only_made_during_the_options_appraisal(commission, commissioner):
    with pytest.raises(DomainError, match="Start the options appraisal"):
        services.appraisal_decide(
            commission=commission, option=None, rationale="Yes.", by=commissioner
        )


@pytest.mark.parametrize(
    "person", ["viewer", "evaluator", "contract_manager", "other_commissioner"]
)
def test_only_the_owning_organisations_commissioners_decide(request, scored, appraising, person):
    with pytest.raises(PermissionDenied):
        services.appraisal_decide(
            commission=appraising,
            option=scored["contract"],
            rationale="Because.",
            by=request.getfixturevalue(person),
        )


def test_the_appraisal_is_frozen_once_the_route_is_decided(
    scored, criteria, appraising, commissioner
):
    services.appraisal_decide(
        commission=appraising, option=scored["contract"], rationale="Local.", by=commissioner
    )
    with pytest.raises(DomainError, match="Revisit the decision"):
        services.appraisal_criterion_create(
            commission=appraising, name="Speed", weight=5, by=commissioner
        )
    with pytest.raises(DomainError, match="Revisit the decision"):
        _score(scored["contract"], criteria, [0, 0], commissioner)


def test_revisiting_a_decision_keeps_the_old_one_in_the_audit_trail(
    scored, criteria, appraising, commissioner
):
    services.appraisal_decide(
        commission=appraising, option=scored["contract"], rationale="Local.", by=commissioner
    )
    reopened = services.appraisal_reopen(commission=appraising, by=commissioner)
    assert reopened.status == CommissionStatus.OPTIONS_APPRAISAL
    assert _events(appraising, "decision_reopened").get().changes["chosen_option"] == (
        "Contract a community provider"
    )
    _score(scored["in_house"], criteria, [5, 5], commissioner)
    services.appraisal_decide(
        commission=appraising,
        option=scored["in_house"],
        rationale="Our own team can now do it.",
        by=commissioner,
    )
    decisions = _events(appraising, "route_decided").order_by("pk")
    assert [event.changes["chosen_option"] for event in decisions] == [
        [None, "Contract a community provider"],
        ["Contract a community provider", "Run the hubs ourselves"],
    ]
    appraisal = selectors.appraisal_for(appraising)
    assert appraisal.is_decided
    assert [event.verb for event in appraisal.history] == [
        "route_decided",
        "decision_reopened",
        "route_decided",
    ]


def test_a_decision_moved_back_through_the_commission_lifecycle_is_being_revisited(
    scored, appraising, commissioner
):
    services.appraisal_decide(
        commission=appraising, option=scored["contract"], rationale="Local.", by=commissioner
    )
    commission_services.commission_transition(
        commission=appraising, to=CommissionStatus.OPTIONS_APPRAISAL, by=commissioner
    )
    appraisal = selectors.appraisal_for(appraising)
    assert appraisal.is_being_revisited
    assert not appraisal.is_decided


def test_a_route_in_delivery_cannot_be_revisited(scored, appraising, commissioner):
    services.appraisal_decide(
        commission=appraising, option=scored["in_house"], rationale="Ours.", by=commissioner
    )
    commission_services.commission_transition(
        commission=appraising, to=CommissionStatus.IN_DELIVERY, by=commissioner
    )
    with pytest.raises(DomainError, match="not yet in delivery"):
        services.appraisal_reopen(commission=appraising, by=commissioner)


# --- Every option at once --------------------------------------------------------------
def test_scores_for_every_option_are_recorded_together(appraising, criteria, options, commissioner):
    services.appraisal_scores_record(
        commission=appraising,
        scores={
            option.pk: {c.pk: ScoreEntry(value) for c in criteria}
            for option, value in ((options["in_house"], 2), (options["contract"], 4))
        },
        by=commissioner,
    )
    ranking = selectors.appraisal_for(appraising).ranking
    assert [entry.option.pk for entry in ranking] == [
        options["contract"].pk,
        options["in_house"].pk,
    ]


def test_one_refused_option_records_no_option_at_all(appraising, criteria, options, commissioner):
    with pytest.raises(DomainError, match="from 0 to 5"):
        services.appraisal_scores_record(
            commission=appraising,
            scores={
                options["in_house"].pk: {criteria[0].pk: ScoreEntry(3)},
                options["contract"].pk: {criteria[0].pk: ScoreEntry(8)},
            },
            by=commissioner,
        )
    assert not AppraisalScore.objects.exists()


def test_only_this_commissions_options_are_scored(
    appraising, criteria, options, commissioner, council
):
    other = commission_services.commission_create(
        organisation=council, title="Other work", summary="Elsewhere.", by=commissioner
    )
    other = services.appraisal_start(commission=other, by=commissioner)
    stranger = services.appraisal_option_create(
        commission=other, kind=OptionKind.GRANT, title="A grant", by=commissioner
    )
    with pytest.raises(DomainError, match="this commission's options"):
        services.appraisal_scores_record(
            commission=appraising,
            scores={stranger.pk: {criteria[0].pk: ScoreEntry(3)}},
            by=commissioner,
        )
