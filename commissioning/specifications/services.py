"""Writes for outcome-based specifications: sections, requirements, comments, versions."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from accounts import permissions
from accounts.errors import DomainError
from accounts.models import User
from accounts.services import audit_record
from commissioning.models import (
    Commission,
    CommissionStatus,
    SectionKind,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)


class EditConflict(DomainError):
    """Someone else saved the section after this person opened it.

    Carries the section as it is now, so the page can show the other person's text
    beside what this person typed.
    """

    def __init__(self, section: SpecificationSection) -> None:
        self.section = section
        editor = section.updated_by or "someone else"
        super().__init__(
            f"{editor} changed this section after you opened it. "
            "Check their changes, then save your version again."
        )


# --- Specifications --------------------------------------------------------------------
DEFAULT_SECTIONS = (SectionKind.BACKGROUND, SectionKind.OUTCOMES, SectionKind.REQUIREMENTS)


def _require_spec_editable(*, commission: Commission, by: User) -> None:
    permissions.require(by, "commissioning.edit", commission)
    if commission.status == CommissionStatus.CLOSED:
        raise DomainError("This commission is closed, so its specification cannot change.")


@transaction.atomic
def specification_create(*, commission: Commission, by: User, title: str = "") -> Specification:
    """Start the specification of a commission with the sections every specification needs.

    A commission has one specification; it changes by issuing new versions.
    """
    _require_spec_editable(commission=commission, by=by)
    # Lock the commission so two people starting the specification at once get one.
    Commission.objects.select_for_update().get(pk=commission.pk)
    if Specification.objects.filter(commission=commission).exists():
        raise DomainError("This commission already has a specification.")
    specification = Specification.objects.create(
        commission=commission, title=title.strip() or f"Specification: {commission.title}"
    )
    SpecificationSection.objects.bulk_create(
        SpecificationSection(
            specification=specification,
            kind=kind,
            heading=kind.label,
            position=position,
            updated_by=by,
        )
        for position, kind in enumerate(DEFAULT_SECTIONS, start=1)
    )
    audit_record(actor=by, verb="created", target=specification)
    return specification


@transaction.atomic
def section_add(
    *, specification: Specification, kind: str, heading: str, by: User, body: str = ""
) -> SpecificationSection:
    """Add a section at the end of a specification."""
    commission = specification.commission
    _require_spec_editable(commission=commission, by=by)
    if kind not in SectionKind.values:
        raise DomainError("Choose what kind of section this is.")
    heading = heading.strip() or SectionKind(kind).label
    # Locking the specification keeps positions distinct when two people add at once.
    Specification.objects.select_for_update().get(pk=specification.pk)
    last = specification.sections.aggregate(last=Max("position"))["last"] or 0
    section = SpecificationSection.objects.create(
        specification=specification,
        kind=kind,
        heading=heading,
        body=body,
        position=last + 1,
        updated_by=by,
    )
    audit_record(
        actor=by,
        verb="section added",
        target=specification,
        changes={"section": section.pk, "heading": heading},
    )
    return section


@transaction.atomic
def section_update(
    *,
    section: SpecificationSection,
    heading: str,
    body: str,
    expected_revision: int,
    by: User,
) -> SpecificationSection:
    """Save a section's heading and body unless someone else saved it first.

    `expected_revision` is the revision the person started from. If it has moved on,
    saving would silently overwrite another person's work, so this raises
    `EditConflict` instead.
    """
    section = (
        SpecificationSection.objects.select_for_update(of=("self",))
        .select_related("specification__commission", "updated_by")
        .get(pk=section.pk)
    )
    _require_spec_editable(commission=section.specification.commission, by=by)
    if section.revision != expected_revision:
        raise EditConflict(section)
    heading = heading.strip()
    if not heading:
        raise DomainError("Enter a heading for the section.")
    changes: dict[str, Any] = {"revision": [section.revision, section.revision + 1]}
    if heading != section.heading:
        changes["heading"] = [section.heading, heading]
    if body != section.body:
        changes["body"] = "changed"
    section.heading = heading
    section.body = body
    section.revision += 1
    section.updated_by = by
    section.save(update_fields=["heading", "body", "revision", "updated_by", "updated_at"])
    audit_record(actor=by, verb="section edited", target=section.specification, changes=changes)
    return section


def specification_snapshot(specification: Specification) -> dict[str, Any]:
    """The specification's sections as they are now, in the form versions keep them."""
    return {
        "sections": [
            {
                "kind": section.kind,
                "heading": section.heading,
                "body": section.body,
                "position": section.position,
            }
            for section in specification.sections.order_by("position", "pk")
        ]
    }


@transaction.atomic
def specification_version_issue(
    *, specification: Specification, change_note: str, by: User
) -> SpecificationVersion:
    """Freeze the specification's sections as its next numbered version.

    Every version says why it was issued, so bidders and the public can follow how the
    specification changed (for example after a dialogue round). Issuing a version does
    not change the commission's status.
    """
    specification = (
        Specification.objects.select_for_update(of=("self",))
        .select_related("commission")
        .get(pk=specification.pk)
    )
    _require_spec_editable(commission=specification.commission, by=by)
    change_note = change_note.strip()
    if not change_note:
        raise DomainError("Enter a change note that says what changed and why.")
    last = specification.versions.aggregate(last=Max("number"))["last"] or 0
    version = SpecificationVersion.objects.create(
        specification=specification,
        number=last + 1,
        change_note=change_note,
        snapshot=specification_snapshot(specification),
        issued_by=by,
    )
    audit_record(
        actor=by,
        verb="version issued",
        target=specification,
        changes={"version": version.number, "change_note": change_note},
    )
    return version
