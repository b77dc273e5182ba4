"""The demo specification: all seven sections, typed requirements and two versions."""

import pytest

from commissioning.models import (
    Commission,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)
from commissioning.specifications import demo
from home import demo_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(council, commissioner, mission):
    """What home/demo_data.py leaves: the food spec with three sections and version 1."""
    commission = Commission.objects.create(
        organisation=council, title=demo.FOOD_COMMISSION, summary="Food hubs.", owner=commissioner
    )
    commission.missions.add(mission)
    specification = Specification.objects.create(commission=commission, title=demo.SPEC_TITLE)
    for position, (kind, heading, body) in enumerate(demo_data.FOOD_SPEC_SECTIONS):
        SpecificationSection.objects.create(
            specification=specification, kind=kind, heading=heading, body=body, position=position
        )
    SpecificationVersion.objects.create(
        specification=specification,
        number=1,
        change_note="First version for the market.",
        snapshot={"sections": []},
        issued_by=commissioner,
    )
    return specification


def _load_twice(council, commissioner, evaluator, council_admin) -> Specification:
    people = {
        "commissioner@northbridge.example": commissioner,
        "evaluator@northbridge.example": evaluator,
        "admin@northbridge.example": council_admin,
    }
    assert demo.load(council=council, people=people)
    demo.load(council=council, people=people)
    return Specification.objects.get(commission__title=demo.FOOD_COMMISSION)


def test_demo_specification_is_complete_and_loading_twice_changes_nothing(
    seeded, council, commissioner, evaluator, council_admin
):
    specification = _load_twice(council, commissioner, evaluator, council_admin)
    sections = list(specification.sections.order_by("position"))
    assert [section.kind for section in sections] == [kind for kind, _, _ in demo.SECTIONS]
    requirements = specification.sections.get(kind="requirements").requirements
    assert set(requirements.values_list("kind", flat=True)) == {
        "non_negotiable",
        "open_for_dialogue",
        "preference",
    }
    assert requirements.count() == len(demo.REQUIREMENTS)
    assert specification.sections.get(kind="outcomes").outcomes.exists()
    comments = [c for section in sections for c in section.comments.all()]
    assert len(comments) == 2
    assert sum(1 for c in comments if c.resolved_at) == 1
    versions = list(specification.versions.order_by("number"))
    assert [version.number for version in versions] == [1, 2]
    assert "market feedback" in versions[1].change_note.lower()
    assert versions[1].snapshot["sections"][2]["requirements"]
    assert versions[1].readability_score is not None
