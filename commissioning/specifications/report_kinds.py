"""The specification PDF: one issued version, with the missions and outcomes it serves first."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from commissioning.models import Outcome, RequirementKind, SectionKind, SpecificationVersion
from core.formatting import uk_datetime
from reports.kinds import ReportKind, register

REQUIREMENT_GROUPS: list[tuple[str, str, str]] = [
    (
        RequirementKind.NON_NEGOTIABLE,
        "Non-negotiable",
        "Every bid must meet these.",
    ),
    (
        RequirementKind.OPEN_FOR_DIALOGUE,
        "Open for dialogue",
        "We want to work these out with providers.",
    ),
    (
        RequirementKind.PREFERENCE,
        "Preferences",
        "We would like these, but they are not essential.",
    ),
]


def _grouped_requirements(section: dict[str, Any]) -> list[dict[str, Any]]:
    items = [item for item in section.get("requirements") or [] if isinstance(item, dict)]
    groups = []
    known = {code for code, _, _ in REQUIREMENT_GROUPS}
    for code, label, hint in REQUIREMENT_GROUPS:
        texts = [item.get("text", "") for item in items if item.get("kind") == code]
        if texts:
            groups.append({"kind": code, "label": label, "hint": hint, "texts": texts})
    # Items of a type this code does not know still appear rather than vanish from the PDF.
    others = [item.get("text", "") for item in items if item.get("kind") not in known]
    if others:
        groups.append({"kind": "other", "label": "Other requirements", "hint": "", "texts": others})
    return groups


def _outcomes_sought(commission: Any, version: Any) -> list[Outcome]:
    """The commission's outcomes, then any more that the version's sections seek, each with
    its indicators (baseline and target)."""
    from commissioning.specifications.selectors import version_outcomes

    outcomes = list(commission.outcomes.all())
    known = {outcome.pk for outcome in outcomes}
    more = [outcome for outcome in version_outcomes(version) if outcome.pk not in known]
    prefetch_related_objects(more, "indicators")
    return outcomes + more


def _specification_context(version: Any) -> dict[str, Any]:
    from commissioning.specifications.versions import readability_of

    # Everything the PDF shows, in a fixed number of queries however long the specification.
    version = (
        SpecificationVersion.objects.select_related(
            "issued_by", "specification__commission__organisation"
        )
        .prefetch_related(
            "specification__commission__missions",
            Prefetch(
                "specification__commission__outcomes",
                queryset=Outcome.objects.select_related("mission").prefetch_related("indicators"),
            ),
        )
        .get(pk=version.pk)
    )
    commission = version.specification.commission
    kind_labels = dict(SectionKind.choices)
    sections = [
        {
            "heading": section.get("heading", ""),
            "kind_label": kind_labels.get(section.get("kind", ""), ""),
            "body": section.get("body", "") or "",
            "outcomes": [
                outcome.get("title", "")
                for outcome in section.get("outcomes") or []
                if isinstance(outcome, dict)
            ],
            "requirement_groups": _grouped_requirements(section),
        }
        for section in sorted(
            (s for s in (version.snapshot or {}).get("sections") or [] if isinstance(s, dict)),
            key=lambda s: s.get("position", 0) or 0,
        )
    ]
    return {
        "version": version,
        "specification": version.specification,
        "commission": commission,
        "buyer": commission.organisation,
        "missions": list(commission.missions.all()),
        "outcomes": _outcomes_sought(commission, version),
        "heading": _without_prefix(version.specification.title),
        "sections": sections,
        "readability": readability_of(version),
        "issued_at": uk_datetime(version.issued_at),
        "made_at": uk_datetime(timezone.now()),
    }


PREFIX = "Specification:"


def _without_prefix(title: str) -> str:
    """A specification's own title often starts 'Specification:' (the default when none is
    given); the PDF says what it is once."""
    if title[: len(PREFIX)].lower() == PREFIX.lower():
        return title[len(PREFIX) :].strip() or title
    return title


def _specification_title(version: Any) -> str:
    """'Specification: Community food hubs (version 2)', which also names the file."""
    return f"{PREFIX} {_without_prefix(version.specification.title)} (version {version.number})"


SPECIFICATION = register(
    ReportKind(
        code="specification",
        model_label="commissioning.SpecificationVersion",
        permission="commissioning.view",
        template_name="reports/pdf/specification.html",
        build_context=_specification_context,
        title=_specification_title,
    )
)
