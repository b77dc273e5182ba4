"""Writes for outcome-based specifications: sections, requirements, comments, versions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from commissioning.models import (
    CommentStatus,
    Commission,
    CommissionStatus,
    Outcome,
    PublicComment,
    Requirement,
    RequirementKind,
    SectionComment,
    SectionKind,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)
from commissioning.plain_language.analysis import score_specification
from core.errors import DomainError

COMMENT_MAX = 2000


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
# Every outcome-based specification covers these, in this order; people may rename,
# reorder or delete them.
DEFAULT_SECTIONS = tuple(SectionKind)

Direction = Literal["up", "down"]


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


def _locked_sections(specification: Specification) -> list[SpecificationSection]:
    """The sections in order, locked, so two people reordering at once cannot collide."""
    return list(
        SpecificationSection.objects.select_for_update()
        .filter(specification_id=specification.pk)
        .order_by("position", "pk")
    )


def _swap(items: list[Any], index: int, direction: Direction) -> bool:
    """Swap items[index] with its neighbour; False if it is already at that end."""
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(items):
        return False
    items[index], items[other] = items[other], items[index]
    return True


def _renumber(items: list[Any], model: type) -> None:
    """Positions 1..n in list order; also repairs gaps and ties left by older data."""
    for position, item in enumerate(items, start=1):
        item.position = position
    model.objects.bulk_update(items, ["position"])


@transaction.atomic
def section_move(
    *, section: SpecificationSection, direction: Direction, by: User
) -> SpecificationSection:
    """Move a section one place up or down. Moving past either end changes nothing."""
    specification = section.specification
    _require_spec_editable(commission=specification.commission, by=by)
    if direction not in ("up", "down"):
        raise DomainError("Choose whether to move the section up or down.")
    sections = _locked_sections(specification)
    index = next(i for i, item in enumerate(sections) if item.pk == section.pk)
    if _swap(sections, index, direction):
        _renumber(sections, SpecificationSection)
        audit_record(
            actor=by,
            verb="section moved",
            target=specification,
            changes={"section": section.pk, "heading": section.heading, "direction": direction},
        )
    return next(item for item in sections if item.pk == section.pk)


@transaction.atomic
def section_delete(*, section: SpecificationSection, by: User) -> None:
    """Delete a section with its requirements and comments.

    Issued versions keep their own copy of the section, so nothing issued is lost.
    """
    specification = section.specification
    _require_spec_editable(commission=specification.commission, by=by)
    audit_record(
        actor=by,
        verb="section deleted",
        target=specification,
        changes={"section": section.pk, "heading": section.heading, "body": section.body},
    )
    section.delete()


def outcomes_available(commission: Commission):
    """Outcomes a specification may seek: those in the frameworks of the commission's missions."""
    return Outcome.objects.filter(mission__commissions=commission).distinct()


@transaction.atomic
def section_outcomes_set(
    *, section: SpecificationSection, outcome_ids: list[int], by: User
) -> SpecificationSection:
    """Choose the outcomes a section seeks, from the commission's missions' frameworks only.

    Only "The outcomes sought" sections hold outcomes.
    """
    commission = section.specification.commission
    _require_spec_editable(commission=commission, by=by)
    if section.kind != SectionKind.OUTCOMES:
        raise DomainError("Only the outcomes section lists outcomes.")
    wanted = {int(pk) for pk in outcome_ids}
    outcomes = list(outcomes_available(commission).filter(pk__in=wanted))
    if len(outcomes) != len(wanted):
        raise DomainError("Choose outcomes from the missions this commission serves.")
    before = sorted(section.outcomes.values_list("pk", flat=True))
    section.outcomes.set(outcomes)
    audit_record(
        actor=by,
        verb="section outcomes chosen",
        target=section.specification,
        changes={"section": section.pk, "outcomes": [before, sorted(wanted)]},
    )
    return section


# --- Requirements ------------------------------------------------------------------------
def _clean_requirement(kind: str, text: str) -> tuple[str, str]:
    if kind not in RequirementKind.values:
        raise DomainError("Choose whether the requirement is non-negotiable, open or a preference.")
    text = text.strip()
    if not text:
        raise DomainError("Enter the requirement.")
    return kind, text


@transaction.atomic
def requirement_add(
    *, section: SpecificationSection, kind: str, text: str, by: User
) -> Requirement:
    """Add a typed requirement at the end of a requirements section.

    The type tells bidders what is fixed (non-negotiable), what the council wants to
    shape with the market (open for dialogue) and what it would like (preference).
    """
    _require_spec_editable(commission=section.specification.commission, by=by)
    if section.kind != SectionKind.REQUIREMENTS:
        raise DomainError("Only a requirements section holds requirements.")
    kind, text = _clean_requirement(kind, text)
    # Lock the section so two people adding at once get distinct positions.
    SpecificationSection.objects.select_for_update().get(pk=section.pk)
    last = section.requirements.aggregate(last=Max("position"))["last"] or 0
    requirement = Requirement.objects.create(
        section=section, kind=kind, text=text, position=last + 1
    )
    audit_record(
        actor=by,
        verb="requirement added",
        target=section.specification,
        changes={"section": section.pk, "requirement": requirement.pk, "kind": kind},
    )
    return requirement


@transaction.atomic
def requirement_update(*, requirement: Requirement, kind: str, text: str, by: User) -> Requirement:
    """Change a requirement's type or words."""
    specification = requirement.section.specification
    _require_spec_editable(commission=specification.commission, by=by)
    kind, text = _clean_requirement(kind, text)
    changes: dict[str, Any] = {"requirement": requirement.pk}
    if kind != requirement.kind:
        changes["kind"] = [requirement.kind, kind]
    if text != requirement.text:
        changes["text"] = [requirement.text, text]
    requirement.kind, requirement.text = kind, text
    requirement.save(update_fields=["kind", "text", "updated_at"])
    audit_record(actor=by, verb="requirement edited", target=specification, changes=changes)
    return requirement


@transaction.atomic
def requirement_delete(*, requirement: Requirement, by: User) -> None:
    """Remove a requirement; issued versions keep their copy."""
    specification = requirement.section.specification
    _require_spec_editable(commission=specification.commission, by=by)
    audit_record(
        actor=by,
        verb="requirement removed",
        target=specification,
        changes={"requirement": requirement.pk, "kind": requirement.kind, "text": requirement.text},
    )
    requirement.delete()


@transaction.atomic
def requirement_move(*, requirement: Requirement, direction: Direction, by: User) -> None:
    """Move a requirement one place up or down within its section."""
    section = requirement.section
    _require_spec_editable(commission=section.specification.commission, by=by)
    if direction not in ("up", "down"):
        raise DomainError("Choose whether to move the requirement up or down.")
    requirements = list(
        Requirement.objects.select_for_update()
        .filter(section_id=section.pk)
        .order_by("position", "pk")
    )
    index = next(i for i, item in enumerate(requirements) if item.pk == requirement.pk)
    if _swap(requirements, index, direction):
        _renumber(requirements, Requirement)
        audit_record(
            actor=by,
            verb="requirement moved",
            target=section.specification,
            changes={"requirement": requirement.pk, "direction": direction},
        )


# --- Comments ----------------------------------------------------------------------------
def may_comment(user: User, commission: Commission) -> bool:
    """Any of the council's staff may comment; read-only viewers and outsiders may not."""
    return permissions.can(user, "commissioning.comment", commission)


@transaction.atomic
def comment_add(*, section: SpecificationSection, body: str, by: User) -> SectionComment:
    """Leave a comment on a section. Any member of the council's staff may comment, in up
    to 2,000 characters: a comment points at a change, the section holds the text."""
    commission = section.specification.commission
    if not may_comment(by, commission):
        raise PermissionDenied("You do not have permission to comment on this specification.")
    body = body.strip()
    if not body:
        raise DomainError("Enter your comment.", field="body")
    if len(body) > COMMENT_MAX:
        raise DomainError(
            f"Your comment must be {COMMENT_MAX:,} characters or fewer.", field="body"
        )
    comment = SectionComment.objects.create(section=section, author=by, body=body)
    audit_record(
        actor=by,
        verb="comment added",
        target=section.specification,
        changes={"section": section.pk, "comment": comment.pk},
    )
    return comment


@transaction.atomic
def comment_resolve(*, comment: SectionComment, by: User) -> SectionComment:
    """Mark a comment resolved, recording who and when. Only the specification's editors may.

    Resolving twice keeps the first record.
    """
    specification = comment.section.specification
    permissions.require(by, "commissioning.edit", specification.commission)
    comment = SectionComment.objects.select_for_update().get(pk=comment.pk)
    if comment.resolved_at is not None:
        return comment
    comment.resolved_at = timezone.now()
    comment.resolved_by = by
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit_record(
        actor=by,
        verb="comment resolved",
        target=specification,
        changes={"section": comment.section_id, "comment": comment.pk},
    )
    return comment


# --- Versions ----------------------------------------------------------------------------
def specification_snapshot(specification: Specification) -> dict[str, Any]:
    """The specification as it is now, in the form versions keep it.

    Version comparison reads this shape: sections with their typed requirements and the
    outcomes (with indicators) they seek.
    """
    sections = specification.sections.order_by("position", "pk").prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.order_by("position", "pk")),
        Prefetch("outcomes", queryset=Outcome.objects.prefetch_related("indicators")),
    )
    return {
        "sections": [
            {
                "kind": section.kind,
                "heading": section.heading,
                "body": section.body,
                "position": section.position,
                "requirements": [
                    {"kind": requirement.kind, "text": requirement.text}
                    for requirement in section.requirements.all()
                ],
                "outcomes": [
                    {
                        "id": outcome.pk,
                        "title": outcome.title,
                        "indicators": [indicator.name for indicator in outcome.indicators.all()],
                    }
                    for outcome in section.outcomes.all()
                ],
            }
            for section in sections
        ]
    }


def _readability_score(specification: Specification) -> float | None:
    return score_specification(specification)


@transaction.atomic
def specification_version_issue(
    *,
    specification: Specification,
    change_note: str,
    by: User,
    answers: Iterable[PublicComment] = (),
) -> SpecificationVersion:
    """Freeze the specification's sections as its next numbered version.

    Every version says why it was issued, so bidders and the public can follow how the
    specification changed (for example after a dialogue round), and records how easy it
    is to read. Issuing a version does not change the commission's status.

    `answers` are published comments from the public on this commission that the change
    responds to; the public page shows each beside the change note ("what we heard, what
    we changed").
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
    answers = list(answers)
    published = PublicComment.objects.filter(
        commission=specification.commission, status=CommentStatus.PUBLISHED
    )
    if answers and published.filter(pk__in=[c.pk for c in answers]).count() != len(answers):
        raise DomainError(
            "A change note can cite only published comments on this commission.",
            field="answers",
        )
    last = specification.versions.aggregate(last=Max("number"))["last"] or 0
    version = SpecificationVersion.objects.create(
        specification=specification,
        number=last + 1,
        change_note=change_note,
        snapshot=specification_snapshot(specification),
        readability_score=_readability_score(specification),
        issued_by=by,
    )
    if answers:
        version.answers_comments.set(answers)
    audit_record(
        actor=by,
        verb="version issued",
        target=specification,
        changes={
            "version": version.number,
            "change_note": change_note,
            **({"answers_comments": [c.pk for c in answers]} if answers else {}),
        },
    )
    return version
