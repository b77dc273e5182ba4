"""The demo framing data: outcomes for every mission, a dozen needs, evidence for each."""

import pytest

from accounts.models import Organisation, User
from commissioning import demo
from commissioning.models import (
    EvidenceItem,
    EvidenceKind,
    Indicator,
    Mission,
    Need,
    Outcome,
    Place,
)
from home import demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(council: Organisation) -> Organisation:
    """What home/demo_data.py leaves for framing: its missions, places and six needs."""
    missions = {
        title: Mission.objects.create(organisation=council, title=title, statement=statement)
        for title, statement in demo_data.MISSIONS
    }
    places: dict[str, Place] = {}
    for name, kind, parent in demo_data.PLACES:
        places[name] = Place.objects.create(
            organisation=council, name=name, kind=kind, parent=places.get(parent)
        )
    for title, description, group, mission_titles, place_names in demo_data.NEEDS:
        need = Need.objects.create(
            organisation=council, title=title, description=description, population_group=group
        )
        need.missions.set([missions[m] for m in mission_titles])
        need.places.set([places[p] for p in place_names])
    return council


def _load(council: Organisation, commissioner: User) -> list[str]:
    return demo.load(council=council, people={demo.COMMISSIONER: commissioner})


def test_demo_frames_every_mission_with_evidence_for_a_dozen_needs(council, commissioner):
    summary = _load(council, commissioner)
    assert summary
    for mission in council.missions.all():
        outcomes = list(mission.outcomes.all())
        assert outcomes, mission
        assert all(outcome.indicators.exists() for outcome in outcomes), mission
    needs = Need.objects.filter(organisation=council)
    assert needs.count() == 12
    for need in needs:
        kinds = set(need.evidence.values_list("kind", flat=True))
        assert kinds, need
    assert EvidenceItem.objects.filter(kind=EvidenceKind.COMMUNITY_VOICE).count() >= 10
    assert Place.objects.get(organisation=council, name="Castle ward").code == "E05099001"
    eat_well = Indicator.objects.get(name__startswith="Residents who eat 5 portions")
    assert (eat_well.baseline_value, eat_well.target_value) == (31, 45)


def test_loading_the_demo_twice_changes_nothing(council, commissioner):
    _load(council, commissioner)
    counts = (Outcome.objects.count(), Indicator.objects.count(), EvidenceItem.objects.count())
    _load(council, commissioner)
    assert (
        Outcome.objects.count(),
        Indicator.objects.count(),
        EvidenceItem.objects.count(),
    ) == counts
    assert Need.objects.count() == 12
