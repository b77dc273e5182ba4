"""Reads for specification pages, each with a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from commissioning.models import (
    Commission,
    Indicator,
    Outcome,
    Requirement,
    RequirementKind,
    SectionComment,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)


# --- Specifications --------------------------------------------------------------------
def specification_for(commission: Commission) -> Specification | None:
    """A commission's specification, or None if it has not been started."""
    specification = (
        Specification.objects.filter(commission_id=commission.pk)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SpecificationVersion.objects.select_related("issued_by").order_by(
                    "-number"
                ),
            ),
        )
        .first()
    )
    if specification is not None:
        specification.commission = commission
    return specification


def specification_sections(specification: Specification) -> list[SpecificationSection]:
    """The sections in order with their requirements, outcomes and comments, in five queries."""
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk"))
    sections = list(
        specification.sections.select_related("updated_by")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.order_by("position", "pk")),
            Prefetch("outcomes", queryset=Outcome.objects.prefetch_related(indicators)),
            Prefetch(
                "comments",
                queryset=SectionComment.objects.select_related("author", "resolved_by").order_by(
                    "created_at", "pk"
                ),
            ),
        )
        .order_by("position", "pk")
    )
    for section in sections:
        section.specification = specification
    return sections


def outcome_choices(commission: Commission) -> list[Outcome]:
    """Outcomes from the frameworks of the commission's missions, with their indicators."""
    return list(
        Outcome.objects.filter(mission__commissions=commission)
        .select_related("mission")
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk")))
        .distinct()
        .order_by("mission__title", "position", "pk")
    )


def section_get(*, specification: Specification, pk: int) -> SpecificationSection | None:
    section = (
        SpecificationSection.objects.select_related("updated_by")
        .filter(specification=specification, pk=pk)
        .first()
    )
    if section is not None:
        section.specification = specification
    return section


def version_get(*, specification: Specification, number: int) -> SpecificationVersion | None:
    return (
        SpecificationVersion.objects.select_related("issued_by")
        .filter(specification=specification, number=number)
        .first()
    )


def requirement_get(*, section: SpecificationSection, pk: int) -> Requirement | None:
    requirement = Requirement.objects.filter(section=section, pk=pk).first()
    if requirement is not None:
        requirement.section = section
    return requirement


def comment_get(*, section: SpecificationSection, pk: int) -> SectionComment | None:
    comment = SectionComment.objects.filter(section=section, pk=pk).first()
    if comment is not None:
        comment.section = section
    return comment


def version_sections(version: SpecificationVersion) -> list[dict]:
    """The sections of an issued version, with readable labels for requirement types."""
    labels = dict(RequirementKind.choices)
    sections = []
    for section in version.snapshot.get("sections", []):
        requirements = [
            {**item, "kind_label": labels.get(item.get("kind"), item.get("kind", ""))}
            for item in section.get("requirements", [])
        ]
        sections.append({**section, "requirements": requirements})
    return sections


def version_outcomes(version: SpecificationVersion) -> list[Outcome]:
    """The outcomes an issued version seeks, as records of the buyer's outcomes framework.

    Snapshots name each outcome by its id (and, in those issued before ids were kept, by
    title only); a title is matched within the outcomes of the buyer's missions, so an
    outcome renamed or deleted since is simply not found.
    """
    ids: set[int] = set()
    titles: set[str] = set()
    for section in version.snapshot.get("sections") or []:
        for outcome in section.get("outcomes") or []:
            if not isinstance(outcome, dict):
                titles.add(str(outcome))
            elif isinstance(outcome.get("id"), int):
                ids.add(outcome["id"])
            elif outcome.get("title"):
                titles.add(outcome["title"])
    if not ids and not titles:
        return []
    organisation_id = (
        Specification.objects.filter(pk=version.specification_id)
        .values_list("commission__organisation_id", flat=True)
        .first()
    )
    return list(
        Outcome.objects.filter(mission__organisation_id=organisation_id)
        .filter(Q(pk__in=ids) | Q(title__in=titles))
        .select_related("mission")
        .order_by("pk")
    )
