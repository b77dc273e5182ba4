"""Reads of what people who use the service said: per check-in, per contract, per mission
and for the public pages. Each is a fixed number of queries, whatever the number of voices."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from contracts.models import (
    CheckIn,
    CheckInStatus,
    Contract,
    ServiceUserVoice,
    UserDimension,
    VoiceInvitation,
)

# The stories a contract page, a report or a mission page shows; the check-in page has all.
LATEST_STORIES = 5
ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class DimensionAverage:
    label: str
    average: Decimal | None


@dataclass(frozen=True)
class VoiceSummary:
    """How many people answered, the average of each rating (1 to 5), and their stories."""

    count: int
    averages: list[DimensionAverage]
    stories: list[ServiceUserVoice] = field(default_factory=list)
    invited: int = 0

    @property
    def awaiting(self) -> int:
        return max(0, self.invited - self.count)


def _averages(row: dict[str, Any]) -> list[DimensionAverage]:
    return [
        DimensionAverage(
            label,
            None if row.get(value) is None else Decimal(row[value]).quantize(ONE_PLACE),
        )
        for value, label in UserDimension.choices
    ]


def _summarise(voices: QuerySet[ServiceUserVoice]) -> tuple[int, list[DimensionAverage]]:
    row = voices.aggregate(
        count=Count("pk"), **{value: Avg(value) for value in UserDimension.values}
    )
    return row["count"], _averages(row)


def checkin_voices(checkin: CheckIn) -> VoiceSummary:
    """Everything people who use the service said about one check-in, newest first, and
    how many were asked (never who). Three queries."""
    voices = ServiceUserVoice.objects.filter(checkin=checkin)
    count, averages = _summarise(voices)
    return VoiceSummary(
        count=count,
        averages=averages,
        stories=list(voices.exclude(story="").order_by("-given_on", "-pk")),
        invited=VoiceInvitation.objects.filter(checkin=checkin).count(),
    )


def contract_voices(contract: Contract, *, limit: int = LATEST_STORIES) -> VoiceSummary:
    """The averages over every check-in of the contract, and the latest stories. Two
    queries."""
    voices = ServiceUserVoice.objects.filter(checkin__contract=contract)
    count, averages = _summarise(voices)
    stories = (
        voices.exclude(story="").select_related("checkin").order_by("-given_on", "-pk")[:limit]
    )
    return VoiceSummary(count=count, averages=averages, stories=list(stories))


def public_contract_voices(contract: Contract, *, limit: int = LATEST_STORIES) -> VoiceSummary:
    """What anyone may read: stories their tellers agreed to share, from check-ins that both
    sides have shared, and the averages of those answers only. Two queries."""
    voices = ServiceUserVoice.objects.filter(
        checkin__contract=contract,
        checkin__status=CheckInStatus.PUBLISHED,
        share_publicly=True,
    )
    count, averages = _summarise(voices)
    stories = voices.select_related("checkin").order_by("-given_on", "-pk")[:limit]
    return VoiceSummary(count=count, averages=averages, stories=list(stories))


def shared_voice_stories(
    contracts: QuerySet[Contract], *, public: bool = False, limit: int = LATEST_STORIES
) -> list[ServiceUserVoice]:
    """The latest stories from people who use these contracts' services, at check-ins both
    sides have shared; for the public, only those their tellers agreed to share."""
    voices = ServiceUserVoice.objects.filter(
        Q(checkin__contract__in=contracts.values("pk")),
        checkin__status=CheckInStatus.PUBLISHED,
    ).exclude(story="")
    if public:
        voices = voices.filter(share_publicly=True)
    return list(voices.select_related("checkin__contract").order_by("-given_on", "-pk")[:limit])
