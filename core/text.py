"""Counting words the same way on every page: word limits, outlines and readability."""

from __future__ import annotations

import re

# A word is a run of letters or digits (in any alphabet, so "café" and "Gwynedd's" are one
# word each), which may carry apostrophes and hyphens ("don't", "long-term"). A lone dash,
# bullet or other punctuation between spaces is not a word.
WORD = re.compile(r"['\u2019]*[^\W_][\w'\u2019\-]*")


def words(text: str | None) -> list[str]:
    return WORD.findall(text or "")


def word_count(text: str | None) -> int:
    """How many words `text` has, for every word limit and word total in the service."""
    return len(words(text))
