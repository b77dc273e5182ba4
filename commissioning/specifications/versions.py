"""Comparing issued versions of a specification, and the reads the change log needs.

A version's snapshot is plain JSON written when it was issued:
{"sections": [{"kind", "heading", "body", "position", "requirements": [{"kind", "text"}],
"outcomes": [{"title", ...}]}]}. Older snapshots may lack requirements or outcomes, so
every key is read with a default.

Sections are matched by kind and heading first, then by kind and order, so renaming a
section or moving it shows as a change rather than as one section removed and another
added.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import QuerySet

from commissioning.models import (
    Commission,
    RequirementKind,
    SectionKind,
    Specification,
    SpecificationVersion,
)
from commissioning.plain_language.analysis import score_snapshot


class VersionChange(models.TextChoices):
    """How a section or requirement differs between two versions."""

    ADDED = "added", "Added"
    REMOVED = "removed", "Removed"
    CHANGED = "changed", "Changed"
    UNCHANGED = "unchanged", "No changes"


ADDED, REMOVED, CHANGED, UNCHANGED = VersionChange
EQUAL, INSERT, DELETE = "equal", "insert", "delete"

# A word keeps the spaces after it, so a run of added words reads as one insertion.
_TOKEN = re.compile(r"\w+(?:['\u2019]\w+)*\s*|[^\w\s]\s*|\s+", re.UNICODE)
SECTION_KIND_LABELS = dict(SectionKind.choices)
REQUIREMENT_KIND_LABELS = dict(RequirementKind.choices)


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, or only in one of them."""

    op: str
    text: str


@dataclass
class RequirementChange:
    status: VersionChange
    old_kind: str = ""
    new_kind: str = ""
    old_text: str = ""
    new_text: str = ""
    segments: list[Segment] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.new_kind or self.old_kind

    @property
    def kind_label(self) -> str:
        return REQUIREMENT_KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def old_kind_label(self) -> str:
        return REQUIREMENT_KIND_LABELS.get(self.old_kind, self.old_kind.replace("_", " "))

    @property
    def kind_changed(self) -> bool:
        return bool(self.old_kind and self.new_kind and self.old_kind != self.new_kind)


@dataclass
class SectionDiff:
    status: VersionChange
    kind: str
    old_heading: str = ""
    new_heading: str = ""
    old_body: str = ""
    new_body: str = ""
    segments: list[Segment] = field(default_factory=list)
    requirements: list[RequirementChange] = field(default_factory=list)
    outcomes_added: list[str] = field(default_factory=list)
    outcomes_removed: list[str] = field(default_factory=list)
    outcomes_kept: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.new_heading or self.old_heading

    @property
    def is_unchanged(self) -> bool:
        return self.status == UNCHANGED

    @property
    def is_added(self) -> bool:
        return self.status == ADDED

    @property
    def is_removed(self) -> bool:
        return self.status == REMOVED

    @property
    def heading_changed(self) -> bool:
        return bool(self.old_heading and self.new_heading and self.old_heading != self.new_heading)

    @property
    def body_changed(self) -> bool:
        return any(segment.op != EQUAL for segment in self.segments)

    @property
    def kind_label(self) -> str:
        return SECTION_KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())

    @property
    def changed_requirements(self) -> list[RequirementChange]:
        return [item for item in self.requirements if item.status != UNCHANGED]


@dataclass
class Comparison:
    sections: list[SectionDiff]

    def count(self, status: str) -> int:
        return sum(1 for section in self.sections if section.status == status)

    @property
    def added(self) -> int:
        return self.count(ADDED)

    @property
    def removed(self) -> int:
        return self.count(REMOVED)

    @property
    def changed(self) -> int:
        return self.count(CHANGED)

    @property
    def has_changes(self) -> bool:
        return any(section.status != UNCHANGED for section in self.sections)


# --- Word-level differences ----------------------------------------------------------
def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def word_diff(old: str, new: str) -> list[Segment]:
    """The text as a list of kept, removed and added runs, compared word by word."""
    before, after = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(EQUAL, "".join(after[j1:j2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment(DELETE, "".join(before[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment(INSERT, "".join(after[j1:j2])))
    return _merge(segments)


# --- Requirements --------------------------------------------------------------------
def _requirement_items(section: dict[str, Any]) -> list[tuple[str, str]]:
    items = section.get("requirements") or []
    return [
        (str(item.get("kind", "") or ""), str(item.get("text", "") or ""))
        for item in items
        if isinstance(item, dict)
    ]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def compare_requirements(
    old: list[tuple[str, str]], new: list[tuple[str, str]]
) -> list[RequirementChange]:
    """Requirement items in the new order, each added, removed, changed or unchanged."""
    matcher = difflib.SequenceMatcher(
        None, [_normal(text) for _, text in old], [_normal(text) for _, text in new], autojunk=False
    )
    changes: list[RequirementChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (old_kind, old_text), (new_kind, new_text) in zip(
                old[i1:i2], new[j1:j2], strict=True
            ):
                status = UNCHANGED if old_kind == new_kind and old_text == new_text else CHANGED
                changes.append(
                    RequirementChange(
                        status=status,
                        old_kind=old_kind,
                        new_kind=new_kind,
                        old_text=old_text,
                        new_text=new_text,
                        segments=word_diff(old_text, new_text),
                    )
                )
            continue
        removed, added = old[i1:i2], new[j1:j2]
        # A replaced run pairs up item by item as edits; any left over were added or removed.
        paired = min(len(removed), len(added)) if op == "replace" else 0
        for (old_kind, old_text), (new_kind, new_text) in zip(
            removed[:paired], added[:paired], strict=True
        ):
            changes.append(
                RequirementChange(
                    status=CHANGED,
                    old_kind=old_kind,
                    new_kind=new_kind,
                    old_text=old_text,
                    new_text=new_text,
                    segments=word_diff(old_text, new_text),
                )
            )
        for old_kind, old_text in removed[paired:]:
            changes.append(
                RequirementChange(
                    status=REMOVED,
                    old_kind=old_kind,
                    old_text=old_text,
                    segments=[Segment(DELETE, old_text)],
                )
            )
        for new_kind, new_text in added[paired:]:
            changes.append(
                RequirementChange(
                    status=ADDED,
                    new_kind=new_kind,
                    new_text=new_text,
                    segments=[Segment(INSERT, new_text)],
                )
            )
    return changes


# --- Sections ------------------------------------------------------------------------
def _sections(snapshot: dict[str, Any] | None) -> list[dict[str, Any]]:
    sections = [s for s in (snapshot or {}).get("sections") or [] if isinstance(s, dict)]
    indexed = list(enumerate(sections))
    indexed.sort(key=lambda pair: (pair[1].get("position", pair[0]) or 0, pair[0]))
    return [section for _, section in indexed]


def _outcome_titles(section: dict[str, Any]) -> list[str]:
    titles = []
    for outcome in section.get("outcomes") or []:
        title = outcome.get("title", "") if isinstance(outcome, dict) else str(outcome)
        if title:
            titles.append(str(title))
    return titles


def _similar(old: dict[str, Any], new: dict[str, Any]) -> bool:
    for key in ("heading", "body"):
        before, after = _normal(str(old.get(key, "") or "")), _normal(str(new.get(key, "") or ""))
        if before and after and difflib.SequenceMatcher(None, before, after).ratio() >= 0.6:
            return True
    return False


def _match_sections(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict[int, int]:
    """Map each new section's index to the old section it continues, if any."""
    matched: dict[int, int] = {}
    taken: set[int] = set()
    by_heading: dict[tuple[str, str], list[int]] = {}
    for index, section in enumerate(old):
        key = (section.get("kind", ""), _normal(section.get("heading", "") or ""))
        by_heading.setdefault(key, []).append(index)
    for index, section in enumerate(new):
        key = (section.get("kind", ""), _normal(section.get("heading", "") or ""))
        candidates = [i for i in by_heading.get(key, []) if i not in taken]
        if candidates:
            matched[index] = candidates[0]
            taken.add(candidates[0])
    # What is left pairs up by kind, in order, when it is plainly the same section renamed
    # or rewritten: the only one of its kind on both sides, or a similar heading or text.
    old_kinds = [section.get("kind", "") for section in old]
    new_kinds = [section.get("kind", "") for section in new]
    for index, section in enumerate(new):
        if index in matched:
            continue
        kind = section.get("kind", "")
        for old_index, old_section in enumerate(old):
            if old_index in taken or old_section.get("kind", "") != kind:
                continue
            only_one = old_kinds.count(kind) == 1 and new_kinds.count(kind) == 1
            if only_one or _similar(old_section, section):
                matched[index] = old_index
                taken.add(old_index)
                break
    return matched


def _section_diff(old: dict[str, Any] | None, new: dict[str, Any] | None) -> SectionDiff:
    old, new = old or {}, new or {}
    old_body, new_body = str(old.get("body", "") or ""), str(new.get("body", "") or "")
    old_titles, new_titles = _outcome_titles(old), _outcome_titles(new)
    diff = SectionDiff(
        status=UNCHANGED,
        kind=str(new.get("kind") or old.get("kind") or ""),
        old_heading=str(old.get("heading", "") or ""),
        new_heading=str(new.get("heading", "") or ""),
        old_body=old_body,
        new_body=new_body,
        segments=word_diff(old_body, new_body),
        requirements=compare_requirements(_requirement_items(old), _requirement_items(new)),
        outcomes_added=[title for title in new_titles if title not in old_titles],
        outcomes_removed=[title for title in old_titles if title not in new_titles],
        outcomes_kept=[title for title in new_titles if title in old_titles],
    )
    if not old:
        diff.status = ADDED
    elif not new:
        diff.status = REMOVED
    elif (
        diff.heading_changed
        or diff.body_changed
        or diff.changed_requirements
        or diff.outcomes_added
        or diff.outcomes_removed
    ):
        diff.status = CHANGED
    return diff


def compare_snapshots(old: dict[str, Any] | None, new: dict[str, Any] | None) -> Comparison:
    """Every section of either version, in the newer order, with what changed in each.

    A removed section is shown where it used to be: after the section that came before it.
    """
    old_sections, new_sections = _sections(old), _sections(new)
    matched = _match_sections(old_sections, new_sections)
    old_to_new = {old_index: new_index for new_index, old_index in matched.items()}
    removed_before: dict[int, list[int]] = {}
    # Each removed section goes just after the nearest earlier section that survives.
    for old_index in range(len(old_sections)):
        if old_index in old_to_new:
            continue
        anchor = -1
        for earlier in range(old_index - 1, -1, -1):
            if earlier in old_to_new:
                anchor = old_to_new[earlier]
                break
        removed_before.setdefault(anchor, []).append(old_index)
    result: list[SectionDiff] = [
        _section_diff(old_sections[i], None) for i in removed_before.get(-1, [])
    ]
    for new_index, section in enumerate(new_sections):
        old_index = matched.get(new_index)
        old_section = old_sections[old_index] if old_index is not None else None
        result.append(_section_diff(old_section, section))
        result.extend(
            _section_diff(old_sections[i], None) for i in removed_before.get(new_index, [])
        )
    return Comparison(sections=result)


# --- Reads for the change log and compare pages ----------------------------------------
def specification_of(commission: Commission) -> Specification | None:
    try:
        return commission.specification
    except Specification.DoesNotExist:
        return None


def versions_for(specification: Specification | None) -> QuerySet[SpecificationVersion]:
    """Every issued version, newest first, with who issued it (one query per page)."""
    if specification is None:
        return SpecificationVersion.objects.none()
    return (
        SpecificationVersion.objects.filter(specification=specification)
        .select_related("issued_by")
        .order_by("-number")
    )


def version_numbers(specification: Specification | None) -> list[int]:
    if specification is None:
        return []
    return list(
        SpecificationVersion.objects.filter(specification=specification)
        .order_by("-number")
        .values_list("number", flat=True)
    )


def versions_by_number(
    specification: Specification | None, numbers: list[int]
) -> dict[int, SpecificationVersion]:
    if specification is None:
        return {}
    versions = SpecificationVersion.objects.filter(
        specification=specification, number__in=numbers
    ).select_related("issued_by")
    return {version.number: version for version in versions}


def readability_of(version: SpecificationVersion) -> float | None:
    """The score recorded when the version was issued, or worked out from its text."""
    if version.readability_score is not None:
        return version.readability_score
    return score_snapshot(version.snapshot)
