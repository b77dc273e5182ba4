"""Abnormally low prices: a flag for the buyer to investigate, never an exclusion.

Under the Procurement Act 2023 (section 19, abnormally low tenders) a buyer who thinks a
price is abnormally low may ask the supplier to explain it, and may disregard the tender
only after giving the supplier that chance. Kindred flags the prices to look at; the
buyer decides.

In a tender split into lots each lot is its own competition, so each lot is checked on
its own: a bid's price for the lot against the median of the prices for that lot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from procurement.results import BidResult

# A total price more than this share below the median of the bids' totals is flagged.
ABNORMALLY_LOW_BELOW_MEDIAN = Decimal("0.20")
ABNORMALLY_LOW_RULE = (
    f"A bid is flagged when its total price is more than "
    f"{ABNORMALLY_LOW_BELOW_MEDIAN * 100:.0f}% below the median of the bids' total prices "
    "(in a tender split into lots: its price for the lot, against the other prices for "
    "that lot). "
    "It is a flag to investigate, not an exclusion: under the Procurement Act 2023 "
    "(section 19, abnormally low tenders) you may ask the supplier to explain its price, "
    "and you may set the bid aside only after giving it that chance."
)


@dataclass(frozen=True)
class LowPrice:
    key: object
    price: Decimal
    below_median: Decimal  # percentage, e.g. 25.00


@dataclass(frozen=True)
class PriceCheck:
    median: Decimal | None
    flagged: list[LowPrice]

    def flags(self, key: object) -> LowPrice | None:
        return next((low for low in self.flagged if low.key == key), None)


def abnormally_low(prices: Iterable[tuple[object, Decimal | None]]) -> PriceCheck:
    """The prices more than ABNORMALLY_LOW_BELOW_MEDIAN below the median of the given
    (key, total price) pairs, for one tender or one lot. Bids without a price are left out
    of the median."""
    priced = [(key, price) for key, price in prices if price is not None]
    if not priced:
        return PriceCheck(median=None, flagged=[])
    middle = Decimal(median(price for _, price in priced))
    if middle <= 0:
        return PriceCheck(median=middle, flagged=[])
    threshold = middle * (1 - ABNORMALLY_LOW_BELOW_MEDIAN)
    flagged = [
        LowPrice(
            key=key,
            price=price,
            below_median=((middle - price) / middle * 100).quantize(Decimal("0.1"), ROUND_HALF_UP),
        )
        for key, price in priced
        if price < threshold
    ]
    return PriceCheck(median=middle, flagged=flagged)


def of_ranking(ranked: Iterable[BidResult]) -> PriceCheck:
    """The price check of one competition from its ranking: the tender's (each bid's
    total) or one lot's (each bid's price for that lot, as `results.lot_results` prices
    it), keyed by bid."""
    return abnormally_low((result.bid, result.price) for result in ranked)
