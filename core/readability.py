"""How easy a piece of writing is to read: pure text processing, no models.

The score is the Flesch reading ease (0 to 100, higher is easier) and the grade is the
Flesch-Kincaid grade level (US school years), with textstat's English constants. GOV.UK
aims for text a 9 year old can read, so long sentences are listed to fix.

Syllables are counted here rather than by textstat: its English path downloads the CMU
pronouncing dictionary on first use, which a server without internet access cannot do.

Any app may use this (a supplier's description, a specification, a tender question);
commissioning.plain_language.analysis adds the glossary and jargon check on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import WORD, word_count

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


@dataclass(frozen=True)
class Readability:
    """How readable one piece of text is."""

    text_length: int
    word_count: int
    sentence_count: int
    # Flesch reading ease, 0 (very hard) to 100 (very easy); None when there is no text.
    reading_ease: float | None
    # Flesch-Kincaid grade level (US school years); None when there is no text.
    grade: float | None
    label: str
    long_sentences: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.word_count == 0

    @property
    def is_hard_to_read(self) -> bool:
        return self.label == HARD

    @property
    def reading_age(self) -> int | None:
        """The grade as a UK reader would say it: US grade plus 5 years."""
        if self.grade is None:
            return None
        return max(5, round(self.grade + 5))


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
    return [part for part in parts if part and WORD.search(part)]


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
    words = WORD.findall(text)
    if not words:
        return None
    sentence_total = max(1, len(sentences(text)))
    words_per_sentence = len(words) / sentence_total
    syllables_per_word = sum(syllables(word) for word in words) / len(words)
    ease = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    # Very dense text scores below zero; the page shows a score out of 100.
    return round(min(max(ease, 0.0), 100.0), 1), round(max(grade, 0.0), 1)


def reading_ease(text: str) -> float | None:
    scores = _flesch(text or "")
    return scores[0] if scores else None


def readability(text: str) -> Readability:
    """Check one piece of text: reading ease, grade, reading age and long sentences."""
    text = text or ""
    found = sentences(text)
    words = word_count(text)
    if not words:
        return Readability(
            text_length=len(text),
            word_count=0,
            sentence_count=0,
            reading_ease=None,
            grade=None,
            label=EMPTY,
        )
    ease, grade = _flesch(text) or (0.0, 0.0)
    return Readability(
        text_length=len(text),
        word_count=words,
        sentence_count=len(found),
        reading_ease=ease,
        grade=grade,
        label=label_for(ease),
        long_sentences=[s for s in found if word_count(s) > LONG_SENTENCE_WORDS],
    )
