"""Specification services: sections, requirements, outcomes, comments, conflicts, versions."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.errors import DomainError
from accounts.models import AuditEvent
from commissioning import services
from commissioning.models import (
    CommissionStatus,
    SectionKind,
    SpecificationVersion,
)
from commissioning.specifications import services as spec_services

pytestmark = pytest.mark.django_db

REFUSED_PEOPLE = ["viewer", "evaluator", "contract_manager", "other_commissioner", "supplier_user"]


def audit_verbs(target) -> list[str]:
    return list(AuditEvent.objects.filter(target_id=str(target.pk)).values_list("verb", flat=True))


# --- Specifications --------------------------------------------------------------------
def test_specification_starts_with_background_outcomes_and_requirements(specification):
    sections = list(specification.sections.all())
    assert [(s.kind, s.heading, s.position) for s in sections] == [
        (SectionKind.BACKGROUND, "Background", 1),
        (SectionKind.OUTCOMES, "The outcomes sought", 2),
        (SectionKind.REQUIREMENTS, "Requirements", 3),
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
    assert section.position == 4
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
    }
    assert second.snapshot["sections"][0]["body"] == "Second words."
    assert [s["kind"] for s in second.snapshot["sections"]] == [
        "background",
        "outcomes",
        "requirements",
    ]
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
