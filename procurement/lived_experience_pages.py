"""Reads for lived-experience panel members' pages: the bids under letters, the answers to
their own questions with every bidder's name taken out, and what they may do next. The
pages are built from these objects only, so no template holds a bid's supplier."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field

from django.db.models import Count

from accounts.models import User
from procurement.evaluation import questions_for_seat
from procurement.lots import questions_by_bid
from procurement.models import (
    Bid,
    BidAnswer,
    BidStatus,
    PanelKind,
    PanelMember,
    Score,
    Tender,
    TenderQuestion,
    TenderStatus,
)

REDACTED = "[the bidder]"


def bid_letter(position: int) -> str:
    """A, B, ... Z, then AA, AB...: the name of the bid at this position (from 0)."""
    letters = string.ascii_uppercase
    name = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        name = letters[remainder] + name
    return name


def lettered_bids(tender: Tender) -> list[tuple[str, Bid]]:
    """The submitted bids under their letters. The order is the order the bids were made
    in (not their suppliers' names), so a letter says nothing about who bid and stays the
    same for the tender on every page. One query."""
    bids = Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED).select_related("supplier")
    return [(bid_letter(index), bid) for index, bid in enumerate(bids.order_by("pk"))]


def redact(text: str, names: list[str]) -> str:
    """The text with each of these names taken out (whatever its case), longest first so a
    name inside another goes with it."""
    for name in sorted({n for n in names if n.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(name), REDACTED, text, flags=re.IGNORECASE)
    return text


def own_seat(tender: Tender, user: User) -> PanelMember | None:
    return (
        PanelMember.objects.filter(tender=tender, evaluator=user, kind=PanelKind.LIVED_EXPERIENCE)
        .prefetch_related("questions__criterion")
        .first()
    )


@dataclass
class LetteredBid:
    letter: str
    scored: int
    to_score: int

    @property
    def label(self) -> str:
        return f"Bid {self.letter}"


@dataclass
class LivedExperiencePanel:
    """A lived-experience member's page for one tender."""

    tender: Tender
    seat: PanelMember
    questions: list[TenderQuestion]
    bids: list[LetteredBid] = field(default_factory=list)
    may_declare: bool = False
    may_score: bool = False
    may_submit: bool = False


def lived_experience_panel(tender: Tender, user: User) -> LivedExperiencePanel | None:
    """The member's page: their questions, their declaration and, once cleared, the bids
    by letter with how many of their answers they have scored."""
    seat = own_seat(tender, user)
    if seat is None:
        return None
    questions = sorted(seat.questions.all(), key=lambda q: (q.position, q.pk))
    panel = LivedExperiencePanel(tender=tender, seat=seat, questions=questions)
    panel.may_declare = (
        tender.bids_opened_at is not None
        and seat.declared_at is None
        and seat.connections_named_at is None
    )
    if not seat.is_cleared or tender.bids_opened_at is None:
        return panel
    lettered = lettered_bids(tender)
    per_bid = questions_by_bid(tender, [bid for _, bid in lettered])
    done = dict(
        Score.objects.filter(bid__tender=tender, evaluator=user)
        .values_list("bid_id")
        .annotate(count=Count("pk"))
    )
    for letter, bid in lettered:
        to_score = len(questions_for_seat(seat, per_bid[bid.pk]))
        if to_score:
            panel.bids.append(LetteredBid(letter, done.get(bid.pk, 0), to_score))
    evaluating = tender.status == TenderStatus.EVALUATION
    panel.may_score = evaluating and seat.scores_submitted_at is None
    panel.may_submit = panel.may_score
    return panel


@dataclass
class AnonymisedAnswer:
    question: TenderQuestion
    number: int
    text: str


@dataclass
class AnonymisedBid:
    """One bid as a lived-experience member reads it: its letter and the answers to their
    questions, the bidders' names taken out. The bid itself stays here for the services;
    no page shows anything of it but its letter."""

    tender: Tender
    seat: PanelMember
    letter: str
    bid: Bid
    answers: list[AnonymisedAnswer]

    @property
    def label(self) -> str:
        return f"Bid {self.letter}"

    @property
    def locked(self) -> bool:
        return (
            self.seat.scores_submitted_at is not None
            or self.tender.status != TenderStatus.EVALUATION
        )


def anonymised_bid(tender: Tender, user: User, letter: str) -> AnonymisedBid | None:
    """The bid under this letter, for a cleared lived-experience member, if it answers at
    least one of their questions. Five queries."""
    seat = own_seat(tender, user)
    if seat is None or not seat.is_cleared:
        return None
    lettered = lettered_bids(tender)
    bid = next((bid for found, bid in lettered if found == letter), None)
    if bid is None:
        return None
    questions = questions_for_seat(seat, questions_by_bid(tender, [bid])[bid.pk])
    if not questions:
        return None
    names = [other.supplier.name for _, other in lettered]
    texts = dict(
        BidAnswer.objects.filter(bid=bid, question__in=questions).values_list("question_id", "text")
    )
    chosen = sorted(seat.questions.all(), key=lambda q: (q.position, q.pk))
    numbers = {question.pk: number for number, question in enumerate(chosen, start=1)}
    answers = [
        AnonymisedAnswer(question, numbers[question.pk], redact(texts.get(question.pk, ""), names))
        for question in questions
    ]
    bid.tender = tender
    return AnonymisedBid(tender=tender, seat=seat, letter=letter, bid=bid, answers=answers)


PANELS_SHOWN = 20


def panels_of(user: User) -> list[PanelMember]:
    """The panels this person sits on for their lived experience (none they withdrew from
    for a conflict), newest first: the dashboard's list for someone with no organisation."""
    return list(
        PanelMember.objects.filter(
            evaluator=user, kind=PanelKind.LIVED_EXPERIENCE, has_conflict=False
        )
        .select_related("tender__organisation")
        .order_by("-added_at", "-pk")[:PANELS_SHOWN]
    )
