"""How easy a piece of writing is to read, and which jargon it uses.

The score is the Flesch reading ease (0 to 100, higher is easier) and the grade is the
Flesch-Kincaid grade level (US school years), with textstat's English constants. GOV.UK
aims for text a 9 year old can read, so long sentences and jargon are listed to fix.

Syllables are counted here rather than by textstat: its English path downloads the CMU
pronouncing dictionary on first use, which a server without internet access cannot do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

# Sentences longer than this are hard to follow in one go (GOV.UK suggests 25 words at most).
LONG_SENTENCE_WORDS = 25

# Flesch reading ease bands: the lowest score for each label, best first.
LABELS: tuple[tuple[float, str], ...] = (
    (60.0, "Easy to read"),
    (40.0, "Fairly easy to read"),
)
HARD = "Hard to read"
EMPTY = "Nothing to check yet"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•]\s)")
_WORD = re.compile(r"[A-Za-z0-9'\u2019][A-Za-z0-9'\u2019\-]*")


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
class Analysis:
    """What the check found in one piece of text."""

    text_length: int
    word_count: int
    sentence_count: int
    # Flesch reading ease, 0 (very hard) to 100 (very easy); None when there is no text.
    reading_ease: float | None
    # Flesch-Kincaid grade level (US school years); None when there is no text.
    grade: float | None
    label: str
    long_sentences: list[str] = field(default_factory=list)
    jargon: list[JargonHit] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.word_count == 0

    @property
    def reading_age(self) -> int | None:
        """The grade as a UK reader would say it: US grade plus 5 years."""
        if self.grade is None:
            return None
        return max(5, round(self.grade + 5))

    @property
    def jargon_count(self) -> int:
        return sum(hit.count for hit in self.jargon)


def label_for(reading_ease: float | None) -> str:
    if reading_ease is None:
        return EMPTY
    for lowest, label in LABELS:
        if reading_ease >= lowest:
            return label
    return HARD


def sentences(text: str) -> list[str]:
    """Split text into sentences; a blank line or a list item also ends one."""
    parts = (part.strip() for part in _SENTENCE_END.split(text or ""))
    return [part for part in parts if part and _WORD.search(part)]


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """Estimate a word's syllables from its vowel groups, allowing for a silent final e."""
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    count = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    if re.search(r"[^aeiouy](ed|es)$", word) and not re.search(r"[td]ed$|[sxzh]es$", word):
        count = max(1, count - 1) if count > 1 else count
    return max(1, count)


def _flesch(text: str) -> tuple[float, float] | None:
    """(reading ease, grade level) by textstat's English Flesch and Flesch-Kincaid formulas."""
    words = _WORD.findall(text)
    if not words:
        return None
    sentence_total = max(1, len(sentences(text)))
    words_per_sentence = len(words) / sentence_total
    syllables_per_word = sum(syllables(word) for word in words) / len(words)
    ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    # Very dense text scores below zero; the page shows a score out of 100.
    return round(min(max(ease, 0.0), 100.0), 1), round(max(grade, 0.0), 1)


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


def reading_ease(text: str) -> float | None:
    scores = _flesch(text or "")
    return scores[0] if scores else None


def analyse(text: str, glossary: Sequence[GlossaryEntry] = ()) -> Analysis:
    """Check one piece of text: readability, long sentences and jargon."""
    text = text or ""
    found = sentences(text)
    words = word_count(text)
    if not words:
        return Analysis(
            text_length=len(text),
            word_count=0,
            sentence_count=0,
            reading_ease=None,
            grade=None,
            label=EMPTY,
        )
    ease, grade = _flesch(text) or (0.0, 0.0)
    return Analysis(
        text_length=len(text),
        word_count=words,
        sentence_count=len(found),
        reading_ease=ease,
        grade=grade,
        label=label_for(ease),
        long_sentences=[s for s in found if word_count(s) > LONG_SENTENCE_WORDS],
        jargon=find_jargon(text, glossary),
    )


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
