"""After the award: each bidder is asked, once and anonymously, how the process was.

When standstill starts (the feedback letters go out), every organisation that bid is asked
once per tender: the hours it spent, how clear the questions were (1 to 5), how fair the
process felt (1 to 5), whether it would bid again, and anything else. The answer is kept
with no bidder, no person and no time; only a "has answered" marker per bidder per tender
stops a second answer.

The commissioner sees the results for a tender, and for a mission (over its tenders), only
once at least `MIN_RESPONSES` bidders have answered that tender, so no answer can be
traced to a bidder. The hours bidders spent are set beside the tender's bid burden
estimate (`procurement.burden`), to check the estimate against what bidding really took.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse

from accounts import permissions
from accounts.models import Organisation, Role, User
from accounts.services import audit_record, notification_send
from core.errors import DomainError
from procurement import burden
from procurement.models import (
    BidderFeedback,
    BidderFeedbackRequest,
    Tender,
    WouldBidAgain,
)

# Fewer answers than this and a result could point to one bidder, so none is shown.
MIN_RESPONSES = 3
MAX_HOURS = 2000
COMMENTS_MAX = 2000
ONE_PLACE = Decimal("0.1")


class FeedbackInvalid(DomainError):
    """A broken rule about a bidder's feedback on the process."""


# --- Writes ----------------------------------------------------------------------------------
def bidder_feedback_ask(*, tender: Tender, supplier_ids: Iterable[int]) -> int:
    """Ask each of these bidder organisations, once per tender, how the process was.

    Called when standstill starts, by the service that starts it (which checked the
    buyer's permission). A bidder already asked about this tender (an earlier lot's
    standstill) is not asked again. Its supplier people are told in Kindred and by email.
    Returns how many organisations were newly asked.
    """
    asked = 0
    url = reverse("procurement:bidder_feedback_give", args=[tender.pk])
    for supplier_id in sorted(set(supplier_ids)):
        _, created = BidderFeedbackRequest.objects.get_or_create(
            tender=tender, supplier_id=supplier_id
        )
        if not created:
            continue
        asked += 1
        people = User.objects.filter(
            memberships__organisation_id=supplier_id,
            memberships__role__in=[Role.SUPPLIER, Role.ADMIN],
            is_active=True,
        ).distinct()
        for person in people:
            notification_send(
                recipient=person,
                key=f"bidder-feedback:{tender.pk}:{supplier_id}:{person.pk}",
                subject=f"How was bidding for {tender.title}?",
                body=(
                    "Tell the council how the process was for you: the hours it took, how "
                    "clear the questions were and how fair it felt. It takes 2 minutes, and "
                    "your answer is anonymous: it is not linked to your organisation."
                ),
                url=url,
            )
    return asked


@transaction.atomic
def bidder_feedback_give(
    *,
    tender: Tender,
    supplier: Organisation,
    hours_spent: int,
    clarity: int,
    fairness: int,
    would_bid_again: str,
    comments: str = "",
    by: User,
) -> BidderFeedback:
    """A bidder says how the process was, once per tender, for its organisation.

    Only the supplier's own people may, and only if it was asked and has not answered.
    The answer keeps no bidder, person or time; the request is only marked as answered.
    """
    request = (
        BidderFeedbackRequest.objects.select_for_update()
        .filter(tender=tender, supplier=supplier)
        .first()
    )
    if request is None or not permissions.can(by, "bidder_feedback.give", request):
        raise FeedbackInvalid("Your organisation has already answered, or was not asked.")
    if not 0 <= int(hours_spent) <= MAX_HOURS:
        raise FeedbackInvalid(
            f"Enter the hours as a number from 0 to {MAX_HOURS:,}.", field="hours_spent"
        )
    for name, value in (("clarity", clarity), ("fairness", fairness)):
        if not 1 <= int(value) <= 5:
            raise FeedbackInvalid("Choose a number from 1 to 5.", field=name)
    if would_bid_again not in WouldBidAgain.values:
        raise FeedbackInvalid("Choose whether you would bid again.", field="would_bid_again")
    comments = comments.strip()
    if len(comments) > COMMENTS_MAX:
        raise FeedbackInvalid(
            f"Your comments must be {COMMENTS_MAX:,} characters or fewer.", field="comments"
        )
    feedback = BidderFeedback.objects.create(
        tender=tender,
        hours_spent=int(hours_spent),
        clarity=int(clarity),
        fairness=int(fairness),
        would_bid_again=would_bid_again,
        comments=comments,
    )
    request.responded = True
    request.save(update_fields=["responded"])
    # No actor and no answers: the log must not tie an answer to a bidder either.
    audit_record(
        actor=None,
        verb="bidder feedback given",
        target=tender,
        organisation=tender.organisation,
    )
    return feedback


# --- Reads -----------------------------------------------------------------------------------
def pending_request(
    tender: Tender, organisation: Organisation | None
) -> BidderFeedbackRequest | None:
    """The request to this organisation about this tender, if it was asked."""
    if not organisation:
        return None
    return BidderFeedbackRequest.objects.filter(tender=tender, supplier=organisation).first()


@dataclass(frozen=True)
class BidAgainShare:
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class FeedbackSummary:
    """What bidders said about one tender (or a mission's tenders). `shown` is False while
    fewer than `MIN_RESPONSES` answered, and then only the counts are filled in."""

    asked: int
    responses: int
    shown: bool
    hours_average: Decimal | None = None
    hours_median: Decimal | None = None
    clarity: Decimal | None = None
    fairness: Decimal | None = None
    bid_again: list[BidAgainShare] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    # The tender's bid burden estimate in hours (a single tender only).
    estimate_hours: float | None = None
    tenders: int = 0

    @property
    def min_responses(self) -> int:
        return MIN_RESPONSES

    @property
    def hours_compared(self) -> str:
        """The hours bidders spent beside the estimate, in a sentence, or ""."""
        if self.hours_median is None or not self.estimate_hours:
            return ""
        ratio = float(self.hours_median) / self.estimate_hours
        if ratio > 1.5:
            verdict = "much longer than the estimate: ask for less next time"
        elif ratio < 0.67:
            verdict = "less than the estimate"
        else:
            verdict = "close to the estimate"
        return f"Bidders spent {self.hours_median} hours (the middle answer), {verdict}."


def _summary(
    feedback: QuerySet[BidderFeedback], *, asked: int, responses: int, **extra: object
) -> FeedbackSummary:
    rows = list(
        feedback.values_list("hours_spent", "clarity", "fairness", "would_bid_again", "comments")
    )
    hours = [row[0] for row in rows]

    def average(values: list[int]) -> Decimal:
        return (Decimal(sum(values)) / len(values)).quantize(ONE_PLACE)

    counts = {value: 0 for value in WouldBidAgain.values}
    for row in rows:
        counts[row[3]] += 1
    return FeedbackSummary(
        asked=asked,
        responses=responses,
        shown=True,
        hours_average=average(hours),
        hours_median=Decimal(statistics.median(hours)).quantize(ONE_PLACE),
        clarity=average([row[1] for row in rows]),
        fairness=average([row[2] for row in rows]),
        bid_again=[
            BidAgainShare(label, counts[value], round(100 * counts[value] / len(rows)))
            for value, label in WouldBidAgain.choices
        ],
        # Sorted by their words, not by when they came, so the order says nothing.
        comments=sorted(row[4] for row in rows if row[4]),
        **extra,
    )


def tender_feedback(tender: Tender) -> FeedbackSummary:
    """The results for one tender, once at least `MIN_RESPONSES` bidders answered; the
    tender's bid burden estimate beside the hours. Four queries at most."""
    asked = BidderFeedbackRequest.objects.filter(tender=tender).count()
    feedback = BidderFeedback.objects.filter(tender=tender)
    responses = feedback.count()
    if responses < MIN_RESPONSES:
        return FeedbackSummary(asked=asked, responses=responses, shown=False)
    estimate = burden.burden_of(
        questions=tender.questions.all(), documents=tender.documents_requested
    )
    return _summary(feedback, asked=asked, responses=responses, estimate_hours=estimate.hours)


def mission_feedback(tenders: QuerySet[Tender]) -> FeedbackSummary:
    """The results over a mission's tenders. Only tenders with at least `MIN_RESPONSES`
    answers count, so a mission's figures never reveal a tender's few answers by
    subtraction. Three queries."""
    per_tender = list(
        BidderFeedback.objects.filter(tender__in=tenders.values("pk"))
        .values("tender_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counted = [row["tender_id"] for row in per_tender if row["n"] >= MIN_RESPONSES]
    asked = BidderFeedbackRequest.objects.filter(tender__in=tenders.values("pk")).count()
    answered = sum(row["n"] for row in per_tender)
    if not counted:
        return FeedbackSummary(asked=asked, responses=answered, shown=False)
    feedback = BidderFeedback.objects.filter(tender_id__in=counted)
    return _summary(
        feedback,
        asked=asked,
        responses=sum(row["n"] for row in per_tender if row["tender_id"] in counted),
        tenders=len(counted),
    )
