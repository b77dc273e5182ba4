"""Specification services: sections, requirements, outcomes, comments, conflicts, versions."""

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from commissioning import services
from commissioning.models import (
    CommissionStatus,
    Indicator,
    Mission,
    Outcome,
    RequirementKind,
    SectionKind,
    SpecificationVersion,
)
from commissioning.specifications import services as spec_services
from core.errors import DomainError

pytestmark = pytest.mark.django_db

REFUSED_PEOPLE = ["viewer", "evaluator", "contract_manager", "other_commissioner", "supplier_user"]


def audit_verbs(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        ).values_list("verb", flat=True)
    )


# --- Specifications --------------------------------------------------------------------
def test_specification_starts_with_all_seven_sections_in_order(specification):
    sections = list(specification.sections.all())
    assert [(s.kind, s.heading, s.position) for s in sections] == [
        (SectionKind.BACKGROUND, "Background", 1),
        (SectionKind.OUTCOMES, "The outcomes sought", 2),
        (SectionKind.REQUIREMENTS, "Requirements", 3),
        (SectionKind.QUESTIONS, "Questions to the market", 4),
        (SectionKind.CONSTRAINTS, "Constraints", 5),
        (SectionKind.BUDGET, "Budget", 6),
        (SectionKind.TIMELINE, "Timeline", 7),
    ]
    assert specification.title == "Specification: Community food hubs"
    assert audit_verbs(specification) == ["created"]


def test_a_commission_has_only_one_specification(commission, commissioner, specification):
    with pytest.raises(DomainError, match="already has a specification"):
        spec_services.specification_create(commission=commission, by=commissioner)


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_start_a_specification(request, commission, person):
    with pytest.raises(PermissionDenied):
        spec_services.specification_create(
            commission=commission, by=request.getfixturevalue(person)
        )


def test_closed_commission_gets_no_new_specification(commission, commissioner):
    services.commission_transition(commission=commission, to="closed", by=commissioner)
    commission.refresh_from_db()
    with pytest.raises(DomainError, match="closed"):
        spec_services.specification_create(commission=commission, by=commissioner)


def test_section_update_saves_and_moves_the_revision_on(specification, commissioner):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    saved = spec_services.section_update(
        section=section,
        heading="Background",
        body="People tell us fresh food is hard to find.",
        expected_revision=1,
        by=commissioner,
    )
    assert saved.revision == 2
    assert saved.updated_by == commissioner
    event = AuditEvent.objects.get(target_id=str(specification.pk), verb="section edited")
    assert event.changes == {"revision": [1, 2], "body": "changed"}


def test_section_update_refuses_to_overwrite_someone_elses_newer_save(
    specification, commissioner, council_admin
):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    spec_services.section_update(
        section=section,
        heading="Background",
        body="Admin's text",
        expected_revision=1,
        by=council_admin,
    )
    with pytest.raises(spec_services.EditConflict) as conflict:
        spec_services.section_update(
            section=section,
            heading="Background",
            body="My text",
            expected_revision=1,
            by=commissioner,
        )
    assert conflict.value.section.body == "Admin's text"
    assert conflict.value.section.revision == 2
    assert "Ada Admin changed this section" in str(conflict.value)
    section.refresh_from_db()
    assert section.body == "Admin's text"


def test_edit_conflict_is_a_domain_error():
    assert issubclass(spec_services.EditConflict, DomainError)


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_edit_sections(request, specification, person):
    section = specification.sections.first()
    with pytest.raises(PermissionDenied):
        spec_services.section_update(
            section=section,
            heading="x",
            body="x",
            expected_revision=1,
            by=request.getfixturevalue(person),
        )


def test_section_add_puts_the_section_last(specification, commissioner):
    section = spec_services.section_add(
        specification=specification, kind=SectionKind.TIMELINE, heading="", by=commissioner
    )
    assert section.position == 8
    assert section.heading == "Timeline"


def test_section_add_refuses_an_unknown_kind(specification, commissioner):
    with pytest.raises(DomainError):
        spec_services.section_add(
            specification=specification, kind="poetry", heading="Odes", by=commissioner
        )


def test_issued_versions_are_numbered_in_order_and_freeze_the_sections(specification, commissioner):
    background = specification.sections.get(kind=SectionKind.BACKGROUND)
    spec_services.section_update(
        section=background,
        heading="Background",
        body="First words.",
        expected_revision=1,
        by=commissioner,
    )
    first = spec_services.specification_version_issue(
        specification=specification, change_note="First issue.", by=commissioner
    )
    spec_services.section_update(
        section=background,
        heading="Background",
        body="Second words.",
        expected_revision=2,
        by=commissioner,
    )
    second = spec_services.specification_version_issue(
        specification=specification, change_note="After dialogue round 1.", by=commissioner
    )
    assert (first.number, second.number) == (1, 2)
    first.refresh_from_db()
    assert first.snapshot["sections"][0] == {
        "kind": "background",
        "heading": "Background",
        "body": "First words.",
        "position": 1,
        "requirements": [],
        "outcomes": [],
    }
    assert second.snapshot["sections"][0]["body"] == "Second words."
    assert [s["kind"] for s in second.snapshot["sections"]] == list(SectionKind.values)
    assert first.issued_by == commissioner
    assert audit_verbs(specification).count("version issued") == 2


def test_issuing_a_version_does_not_change_the_commission_status(
    specification, commission, commissioner
):
    spec_services.specification_version_issue(
        specification=specification, change_note="First issue.", by=commissioner
    )
    commission.refresh_from_db()
    assert commission.status == CommissionStatus.SCOPING


def test_a_version_needs_a_change_note(specification, commissioner):
    with pytest.raises(DomainError, match="Enter a change note"):
        spec_services.specification_version_issue(
            specification=specification, change_note="   ", by=commissioner
        )
    assert not SpecificationVersion.objects.exists()


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_commissioners_and_admins_may_issue_versions(request, specification, person):
    with pytest.raises(PermissionDenied):
        spec_services.specification_version_issue(
            specification=specification, change_note="x", by=request.getfixturevalue(person)
        )


# --- Ordering ----------------------------------------------------------------------------
def _kinds(specification) -> list[str]:
    return list(specification.sections.order_by("position", "pk").values_list("kind", flat=True))


def test_moving_a_section_up_swaps_it_with_the_one_before(specification, commissioner):
    budget = specification.sections.get(kind=SectionKind.BUDGET)
    spec_services.section_move(section=budget, direction="up", by=commissioner)
    assert _kinds(specification)[4:6] == ["budget", "constraints"]
    assert "section moved" in audit_verbs(specification)


def test_moving_the_first_section_up_changes_nothing(specification, commissioner):
    first = specification.sections.get(kind=SectionKind.BACKGROUND)
    spec_services.section_move(section=first, direction="up", by=commissioner)
    assert _kinds(specification) == list(SectionKind.values)
    assert "section moved" not in audit_verbs(specification)


def test_moving_repairs_positions_left_with_ties(specification, commissioner):
    specification.sections.update(position=0)
    timeline = specification.sections.get(kind=SectionKind.TIMELINE)
    spec_services.section_move(section=timeline, direction="up", by=commissioner)
    positions = list(specification.sections.order_by("position").values_list("position", flat=True))
    assert positions == [1, 2, 3, 4, 5, 6, 7]
    assert _kinds(specification)[-2:] == ["timeline", "budget"]


def test_deleting_a_section_is_audited_with_its_text(specification, commissioner):
    questions = specification.sections.get(kind=SectionKind.QUESTIONS)
    spec_services.section_delete(section=questions, by=commissioner)
    assert "questions" not in _kinds(specification)
    event = AuditEvent.objects.get(verb="section deleted")
    assert event.changes["heading"] == "Questions to the market"


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_editors_may_move_or_delete_sections(request, specification, person):
    section = specification.sections.get(kind=SectionKind.BUDGET)
    with pytest.raises(PermissionDenied):
        spec_services.section_move(
            section=section, direction="up", by=request.getfixturevalue(person)
        )
    with pytest.raises(PermissionDenied):
        spec_services.section_delete(section=section, by=request.getfixturevalue(person))


# --- Outcomes ----------------------------------------------------------------------------
@pytest.fixture
def outcome(mission):
    outcome = Outcome.objects.create(mission=mission, title="More families eat fresh food")
    Indicator.objects.create(outcome=outcome, name="Families eating five a day", unit="%")
    return outcome


def test_outcomes_section_picks_outcomes_from_the_commissions_missions(
    specification, commissioner, outcome
):
    section = specification.sections.get(kind=SectionKind.OUTCOMES)
    spec_services.section_outcomes_set(section=section, outcome_ids=[outcome.pk], by=commissioner)
    assert list(section.outcomes.all()) == [outcome]
    assert "section outcomes chosen" in audit_verbs(specification)


def test_outcomes_from_other_missions_are_refused(specification, commissioner, council):
    stranger = Mission.objects.create(organisation=council, title="Warm homes", statement="x")
    elsewhere = Outcome.objects.create(mission=stranger, title="Fewer cold homes")
    section = specification.sections.get(kind=SectionKind.OUTCOMES)
    with pytest.raises(DomainError, match="missions this commission serves"):
        spec_services.section_outcomes_set(
            section=section, outcome_ids=[elsewhere.pk], by=commissioner
        )
    assert not section.outcomes.exists()


def test_only_the_outcomes_section_holds_outcomes(specification, commissioner, outcome):
    background = specification.sections.get(kind=SectionKind.BACKGROUND)
    with pytest.raises(DomainError):
        spec_services.section_outcomes_set(
            section=background, outcome_ids=[outcome.pk], by=commissioner
        )


# --- Requirements ------------------------------------------------------------------------
@pytest.fixture
def requirements_section(specification):
    return specification.sections.get(kind=SectionKind.REQUIREMENTS)


def test_requirements_are_typed_and_added_in_order(requirements_section, commissioner):
    first = spec_services.requirement_add(
        section=requirements_section,
        kind=RequirementKind.NON_NEGOTIABLE,
        text=" Open five days a week. ",
        by=commissioner,
    )
    second = spec_services.requirement_add(
        section=requirements_section,
        kind=RequirementKind.OPEN_FOR_DIALOGUE,
        text="How residents share in running the hubs.",
        by=commissioner,
    )
    assert (first.position, second.position) == (1, 2)
    assert first.text == "Open five days a week."
    assert list(requirements_section.requirements.values_list("kind", flat=True)) == [
        "non_negotiable",
        "open_for_dialogue",
    ]


@pytest.mark.parametrize(
    "kind, text, message",
    [("must", "Text.", "non-negotiable, open or a preference"), ("preference", "  ", "Enter")],
)
def test_a_requirement_needs_a_known_type_and_some_words(
    requirements_section, commissioner, kind, text, message
):
    with pytest.raises(DomainError, match=message):
        spec_services.requirement_add(
            section=requirements_section, kind=kind, text=text, by=commissioner
        )


def test_requirements_live_only_in_requirements_sections(specification, commissioner):
    background = specification.sections.get(kind=SectionKind.BACKGROUND)
    with pytest.raises(DomainError, match="Only a requirements section"):
        spec_services.requirement_add(
            section=background, kind="preference", text="Local food.", by=commissioner
        )


def test_changing_a_requirements_type_is_audited(requirements_section, commissioner):
    requirement = spec_services.requirement_add(
        section=requirements_section, kind="preference", text="Local food.", by=commissioner
    )
    spec_services.requirement_update(
        requirement=requirement, kind="non_negotiable", text="Local food.", by=commissioner
    )
    requirement.refresh_from_db()
    assert requirement.kind == "non_negotiable"
    event = AuditEvent.objects.get(verb="requirement edited")
    assert event.changes["kind"] == ["preference", "non_negotiable"]


def test_requirements_move_and_are_removed(requirements_section, commissioner):
    made = [
        spec_services.requirement_add(
            section=requirements_section, kind="preference", text=f"Item {n}", by=commissioner
        )
        for n in range(3)
    ]
    spec_services.requirement_move(requirement=made[2], direction="up", by=commissioner)
    texts = list(requirements_section.requirements.values_list("text", flat=True))
    assert texts == ["Item 0", "Item 2", "Item 1"]
    spec_services.requirement_delete(requirement=made[0], by=commissioner)
    texts = list(requirements_section.requirements.values_list("text", flat=True))
    assert texts == ["Item 2", "Item 1"]
    assert "requirement removed" in audit_verbs(requirements_section.specification)


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_editors_may_add_requirements(request, requirements_section, person):
    with pytest.raises(PermissionDenied):
        spec_services.requirement_add(
            section=requirements_section,
            kind="preference",
            text="x",
            by=request.getfixturevalue(person),
        )


# --- Comments ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "person", ["commissioner", "council_admin", "evaluator", "contract_manager"]
)
def test_any_council_staff_may_comment(request, specification, person):
    author = request.getfixturevalue(person)
    section = specification.sections.first()
    comment = spec_services.comment_add(section=section, body=" Say who runs it. ", by=author)
    assert (comment.author, comment.body, comment.resolved_at) == (author, "Say who runs it.", None)
    assert "comment added" in audit_verbs(specification)


@pytest.mark.parametrize("person", ["viewer", "other_commissioner", "supplier_user"])
def test_viewers_and_outsiders_may_not_comment(request, specification, person):
    with pytest.raises(PermissionDenied):
        spec_services.comment_add(
            section=specification.sections.first(),
            body="Hello",
            by=request.getfixturevalue(person),
        )


def test_an_empty_comment_is_refused(specification, evaluator):
    with pytest.raises(DomainError, match="Enter your comment"):
        spec_services.comment_add(section=specification.sections.first(), body=" ", by=evaluator)


def test_resolving_records_who_and_when_once(specification, evaluator, commissioner, council_admin):
    comment = spec_services.comment_add(
        section=specification.sections.first(), body="Add a map.", by=evaluator
    )
    with time_machine.travel("2026-11-23 14:03:00+00:00", tick=False):
        spec_services.comment_resolve(comment=comment, by=commissioner)
    spec_services.comment_resolve(comment=comment, by=council_admin)
    comment.refresh_from_db()
    assert comment.resolved_by == commissioner
    assert comment.resolved_at.isoformat() == "2026-11-23T14:03:00+00:00"
    assert audit_verbs(specification).count("comment resolved") == 1


@pytest.mark.parametrize("person", REFUSED_PEOPLE)
def test_only_editors_resolve_comments(request, specification, evaluator, person):
    comment = spec_services.comment_add(
        section=specification.sections.first(), body="Add a map.", by=evaluator
    )
    with pytest.raises(PermissionDenied):
        spec_services.comment_resolve(comment=comment, by=request.getfixturevalue(person))


# --- Versions keep requirements, outcomes and readability --------------------------------
def test_a_version_freezes_requirements_outcomes_and_its_readability(
    specification, commissioner, outcome, requirements_section
):
    spec_services.requirement_add(
        section=requirements_section,
        kind="non_negotiable",
        text="Hubs open five days a week.",
        by=commissioner,
    )
    outcomes_section = specification.sections.get(kind=SectionKind.OUTCOMES)
    spec_services.section_outcomes_set(
        section=outcomes_section, outcome_ids=[outcome.pk], by=commissioner
    )
    background = specification.sections.get(kind=SectionKind.BACKGROUND)
    spec_services.section_update(
        section=background,
        heading="Background",
        body="Fresh food is hard to find. Families want hubs near home.",
        expected_revision=1,
        by=commissioner,
    )
    version = spec_services.specification_version_issue(
        specification=specification, change_note="First issue.", by=commissioner
    )
    by_kind = {section["kind"]: section for section in version.snapshot["sections"]}
    assert by_kind["requirements"]["requirements"] == [
        {"kind": "non_negotiable", "text": "Hubs open five days a week."}
    ]
    assert by_kind["outcomes"]["outcomes"] == [
        {
            "id": outcome.pk,
            "title": "More families eat fresh food",
            "indicators": ["Families eating five a day"],
        }
    ]
    assert version.readability_score is not None
