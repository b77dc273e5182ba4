"""The plain-language check: readability (core.readability) plus the jargon a text uses,
matched against the glossary (the starter terms and an organisation's own).

Readability alone is pure text processing and lives in core.readability, so apps below
commissioning can use it; this module adds what needs commissioning's glossary.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from core.readability import Readability, readability, reading_ease


class GlossaryEntry(Protocol):
    term: str
    plain_alternative: str


@dataclass(frozen=True)
class JargonHit:
    term: str
    plain_alternative: str
    count: int
    explanation: str = ""


@dataclass(frozen=True)
class Analysis(Readability):
    """What the check found in one piece of text: its readability and the jargon it uses."""

    jargon: list[JargonHit] = field(default_factory=list)

    @property
    def jargon_count(self) -> int:
        return sum(hit.count for hit in self.jargon)


def _term_pattern(term: str) -> re.Pattern[str]:
    # Whole words only, any run of spaces between the words, and simple plurals ("KPIs").
    words = [re.escape(word) for word in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words) + r"(?:e?s)?(?![\w-])", re.IGNORECASE)


def find_jargon(text: str, glossary: Iterable[GlossaryEntry]) -> list[JargonHit]:
    """Each glossary term the text uses, with how often.

    Longer terms are matched first and their words are not counted again for a shorter
    term inside them, so "key performance indicator" is not also flagged as "key".
    """
    hits: list[JargonHit] = []
    seen: set[str] = set()
    taken: list[tuple[int, int]] = []
    for entry in sorted(glossary, key=lambda entry: (-len(entry.term), entry.term.lower())):
        key = " ".join(entry.term.lower().split())
        if not key or key in seen:
            continue
        seen.add(key)
        count = 0
        for match in _term_pattern(entry.term).finditer(text):
            start, end = match.span()
            if any(start < other_end and other_start < end for other_start, other_end in taken):
                continue
            taken.append((start, end))
            count += 1
        if count:
            hits.append(
                JargonHit(
                    term=entry.term,
                    plain_alternative=entry.plain_alternative,
                    count=count,
                    explanation=getattr(entry, "explanation", "") or "",
                )
            )
    return sorted(hits, key=lambda hit: hit.term.lower())


def analyse(text: str, glossary: Sequence[GlossaryEntry] = ()) -> Analysis:
    """Check one piece of text: readability, long sentences and jargon."""
    result = readability(text)
    jargon = find_jargon(text or "", glossary) if not result.is_empty else []
    return Analysis(**dataclasses.asdict(result), jargon=jargon)


def glossary_for(organisation: Any | None) -> list[Any]:
    """The starter glossary plus the organisation's own terms, which win on the same term."""
    from django.db.models import Q

    from commissioning.models import GlossaryTerm

    condition = Q(organisation__isnull=True)
    if organisation is not None:
        condition |= Q(organisation_id=getattr(organisation, "pk", organisation))
    by_term: dict[str, Any] = {}
    # Starter terms first so the organisation's own replace them.
    for term in GlossaryTerm.objects.filter(condition).order_by("-organisation_id", "term"):
        key = " ".join(term.term.lower().split())
        if term.organisation_id is None and key in by_term:
            continue
        by_term[key] = term
    return sorted(by_term.values(), key=lambda term: term.term.lower())


def snapshot_text(snapshot: dict[str, Any] | None) -> str:
    """All the prose of an issued version: section bodies and requirement texts."""
    pieces: list[str] = []
    for section in (snapshot or {}).get("sections", []) or []:
        pieces.append(section.get("body", "") or "")
        pieces.extend(item.get("text", "") or "" for item in section.get("requirements", []) or [])
    return "\n\n".join(piece for piece in pieces if piece.strip())


def score_snapshot(snapshot: dict[str, Any] | None) -> float | None:
    """The Flesch reading ease of an issued version's text, or None if it has none."""
    return reading_ease(snapshot_text(snapshot))


def specification_text(specification: Any) -> str:
    from commissioning.models import SpecificationSection

    sections = SpecificationSection.objects.filter(specification=specification).prefetch_related(
        "requirements"
    )
    pieces: list[str] = []
    for section in sections:
        pieces.append(section.body)
        pieces.extend(requirement.text for requirement in section.requirements.all())
    return "\n\n".join(piece for piece in pieces if piece.strip())


def score_specification(specification: Any) -> float | None:
    """The Flesch reading ease across every section body and requirement (two queries)."""
    return reading_ease(specification_text(specification))
