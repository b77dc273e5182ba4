"""Demo answers from bidders about how two awarded tenders went (procurement.bidder_feedback).

The lotted tender has an answer from each of its three bidders, so its results (and the
food mission's) show. The holiday activities tender has two of its three answers; Common
Table has been asked and not answered yet, so a supplier sees the question and the
commissioner sees that results wait for a third answer. Safe to run again: the requests are
found by tender and bidder, and answers are added only where none are stored yet.
"""

from __future__ import annotations

from accounts.models import Organisation, User
from procurement.models import BidderFeedback, BidderFeedbackRequest, Tender

# (tender, supplier slug, hours, clarity, fairness, would bid again, comments); None: asked
# but not answered yet.
ANSWERS = [
    ("NBC-2026-0110", "common-table", 26, 4, 5, "yes", "Lots let us bid for the part we know."),
    (
        "NBC-2026-0110",
        "nib-and-nettle",
        34,
        3,
        4,
        "yes",
        "The price schedule took longer than the questions.",
    ),
    ("NBC-2026-0110", "amberline", 12, 4, 4, "maybe", ""),
    (
        "NBC-2026-0102",
        "nib-and-nettle",
        40,
        3,
        4,
        "maybe",
        "Two questions asked for the same thing.",
    ),
    (
        "NBC-2026-0102",
        "amberline",
        18,
        4,
        3,
        "no",
        "We could not tell how social value was scored.",
    ),
    ("NBC-2026-0102", "common-table", None, None, None, None, None),
]


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    tenders = {t.reference: t for t in Tender.objects.filter(organisation=council)}
    suppliers = {o.slug: o for o in Organisation.objects.filter(kind="supplier")}
    stored = set(BidderFeedback.objects.values_list("tender__reference", flat=True).distinct())
    for reference, slug, hours, clarity, fairness, again, comments in ANSWERS:
        tender, supplier = tenders.get(reference), suppliers.get(slug)
        if tender is None or supplier is None:
            continue
        answered = hours is not None
        BidderFeedbackRequest.objects.update_or_create(
            tender=tender, supplier=supplier, defaults={"responded": answered}
        )
        if answered and reference not in stored:
            BidderFeedback.objects.create(
                tender=tender,
                hours_spent=hours,
                clarity=clarity,
                fairness=fairness,
                would_bid_again=again,
                comments=comments,
            )
    return [f"{BidderFeedback.objects.count()} anonymous answers from bidders about the process."]
