"""Reads for specification pages, each with a constant number of queries."""

from __future__ import annotations

from django.db.models import Prefetch

from commissioning.models import (
    Commission,
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
    """The sections in order, each knowing its specification without another query."""
    sections = list(specification.sections.select_related("updated_by").order_by("position", "pk"))
    for section in sections:
        section.specification = specification
    return sections


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
