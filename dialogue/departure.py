"""What a supplier the buyer took out of a tender's process still sees.

A supplier that was excluded, not taken forward at a stage or found not to meet the
conditions of participation loses the tender's private dialogue: the clarification log
and its own questions, the dialogue rounds, and the message thread. Instead of a bare
"not found", each of those pages tells it plainly why it is no longer taking part.

It keeps its own feedback from the rounds that closed while it took part: that feedback is
about its own outline only, and it is the buyer's explanation of how the supplier was
judged, so taking it away would hide the reasons the supplier was told it would have.

The views' access helpers call `check` on the path where they would refuse, so a person
still in the process costs no extra query; the `shows_departure` decorator turns the
`Departed` it raises into the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import permissions
from dialogue.models import RoundFeedback, RoundStatus
from dialogue.participation.selectors import participant_of_request
from procurement.models import Tender, TenderParticipant
from procurement.stages import removal_reason


@dataclass(frozen=True)
class Departure:
    tender: Tender
    participant: TenderParticipant
    reason: str
    feedback: list[RoundFeedback]


class Departed(Exception):
    def __init__(self, departure: Departure) -> None:
        self.departure = departure
        super().__init__(departure.reason)


def departure_for(*, tender: Tender, user: Any, organisation: Any) -> Departure | None:
    """The departure of the supplier this person acts for, if the buyer took it out of the
    tender's process; None for anyone else (the council, outsiders, suppliers still in)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if permissions.buyer_role(user, tender.organisation_id, *permissions.COUNCIL_READERS):
        return None
    participant = participant_of_request(tender=tender, user=user, organisation=organisation)
    if participant is None:
        return None
    reason = removal_reason(participant)
    if reason is None:
        return None
    feedback = list(
        RoundFeedback.objects.filter(
            round__tender=tender, round__status=RoundStatus.CLOSED, supplier=participant.supplier
        )
        .select_related("round")
        .order_by("round__number", "pk")
    )
    return Departure(tender=tender, participant=participant, reason=reason, feedback=feedback)


def check(request: HttpRequest, tender: Tender) -> None:
    """Raise `Departed` if the person acts for a supplier taken out of this tender."""
    departure = departure_for(
        tender=tender, user=request.user, organisation=getattr(request, "organisation", None)
    )
    if departure is not None:
        raise Departed(departure)


def shows_departure(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a view that raised `Departed` with the page that says why (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Departed as departed:
            return render(
                request,
                "dialogue/participation/no_longer_taking_part.html",
                {"departure": departed.departure, "tender": departed.departure.tender},
                status=403,
            )

    return wrapped
