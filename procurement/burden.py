"""Bid burden: what a tender asks of a bidder, in words, documents and hours, and whether
that is in proportion to what the contract is worth.

Both rules are here, in one place, and the tender page prints them, so a bidder and a
buyer can check the sums. They are deliberately simple: an estimate to compare tenders,
not a promise about any one bid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# The estimate of hours.
WORDS_PER_HOUR = 250  # drafting, checking and agreeing a written answer
HOURS_PER_DOCUMENT = 2  # finding, updating and attaching one document
HOURS_PER_PRICE_SCHEDULE = 3  # costing the service and filling in the price schedule

# In proportion: a contract worth less than the value may ask for at most these words.
# Above the last value there is no word limit to warn about.
PROPORTION_LIMITS: tuple[tuple[Decimal, int], ...] = (
    (Decimal(100_000), 2_000),
    (Decimal(1_000_000), 5_000),
)


@dataclass(frozen=True)
class Burden:
    questions: int
    words: int
    documents: int
    price_schedules: int = 1

    @property
    def drafting_hours(self) -> float:
        return self.words / WORDS_PER_HOUR

    @property
    def hours(self) -> float:
        """The estimate, rounded up to the next half hour."""
        exact = (
            self.drafting_hours
            + self.documents * HOURS_PER_DOCUMENT
            + self.price_schedules * HOURS_PER_PRICE_SCHEDULE
        )
        return math.ceil(exact * 2) / 2


def burden_of(*, questions: Iterable[Any], documents: int) -> Burden:
    """The burden of a tender with these questions (anything with a `word_limit`) that asks
    for this many documents."""
    limits = [question.word_limit for question in questions]
    return Burden(questions=len(limits), words=sum(limits), documents=documents)


def word_limit_for(value: Decimal | None) -> int | None:
    """The most words in proportion to a contract of this estimated value, or None when
    there is no limit (a large contract, or no value given)."""
    if value is None:
        return None
    for below, words in PROPORTION_LIMITS:
        if value < below:
            return words
    return None


def out_of_proportion(burden: Burden, value: Decimal | None) -> str:
    """Why this burden is out of proportion to the contract's value, or "" if it is not."""
    limit = word_limit_for(value)
    if limit is None or burden.words <= limit:
        return ""
    return (
        f"Your questions ask for {burden.words:,} words for a contract worth about "
        f"£{value:,.0f}. For a contract of this size, ask for {limit:,} words or fewer: "
        "cut questions or lower their word limits, so small organisations can afford to bid."
    )


def rule_lines() -> list[str]:
    """The proportion rule, as sentences the page shows."""
    lines = []
    previous = None
    for below, words in PROPORTION_LIMITS:
        if previous is None:
            lines.append(f"under £{below:,.0f}: {words:,} words or fewer")
        else:
            lines.append(f"£{previous:,.0f} to £{below:,.0f}: {words:,} words or fewer")
        previous = below
    lines.append(f"£{previous:,.0f} or more: no limit")
    return lines
