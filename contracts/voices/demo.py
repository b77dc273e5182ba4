"""Demo voices: what young people, families and residents said at the demo check-ins.

Runs after contracts.demo has made the check-ins. Each voice is found by its check-in and
story before it is made, so running the seed again adds nothing. Each answered voice has
an answered invitation beside it (with a hash of a made-up address, as a real one would
have), and the next mentoring check-in has invitations still waiting for an answer.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Organisation, User
from contracts.models import CheckIn, Contract, ServiceUserVoice, VoiceInvitation
from contracts.voices.services import VOICE_LINK_LIFETIME, email_hash

MENTORING = "Mentoring into work for young people in Hollowgate"
MEALS = "School holiday meals in South Northbridge"

# (contract, check-in date, story, respect, reliable, difference, share publicly)
VOICES = [
    (
        MENTORING,
        datetime.date(2026, 7, 8),
        "My mentor listens and does not judge me. She helped me with my first CV.",
        5,
        4,
        4,
        True,
    ),
    (
        MENTORING,
        datetime.date(2026, 7, 8),
        "Sessions got cancelled twice in June and nobody told me why.",
        4,
        2,
        3,
        False,
    ),
    (MENTORING, datetime.date(2026, 7, 8), "", 4, 3, 4, False),
    (
        MENTORING,
        datetime.date(2026, 9, 9),
        "I have a trial shift at the bakery next week. I would not have asked without her.",
        5,
        5,
        5,
        True,
    ),
    (
        MEALS,
        datetime.date(2026, 8, 26),
        "My two children ate a hot lunch every weekday of the holidays. It took the "
        "pressure off our food budget.",
        5,
        5,
        5,
        True,
    ),
    (
        MEALS,
        datetime.date(2026, 8, 26),
        "The food was good but the queue at Riverside was long in the rain.",
        4,
        3,
        4,
        True,
    ),
]
# The next check-in: people have been asked and have not answered yet.
WAITING = (MENTORING, datetime.date(2027, 1, 13), 3)


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    manager = people["contracts@northbridge.example"]
    checkins = {
        (checkin.contract.title, checkin.held_on): checkin
        for checkin in CheckIn.objects.filter(
            contract__title__in=[MENTORING, MEALS], contract__organisation=council
        ).select_related("contract")
    }
    added = 0
    for n, (title, held_on, story, respect, reliable, difference, share) in enumerate(VOICES):
        checkin = checkins.get((title, held_on))
        if checkin is None:
            continue
        _, created = ServiceUserVoice.objects.get_or_create(
            checkin=checkin,
            story=story,
            respect=respect,
            reliable=reliable,
            difference=difference,
            defaults={"share_publicly": share, "given_on": held_on - datetime.timedelta(days=3)},
        )
        VoiceInvitation.objects.get_or_create(
            checkin=checkin,
            email_hash=email_hash(f"person{n}@example.com"),
            defaults={
                "invited_by": manager,
                "expires_at": timezone.now(),
                "sent_at": timezone.now(),
                "answered": True,
            },
        )
        added += created
    title, held_on, waiting = WAITING
    checkin = checkins.get((title, held_on))
    if checkin is not None:
        for n in range(waiting):
            VoiceInvitation.objects.get_or_create(
                checkin=checkin,
                email_hash=email_hash(f"waiting{n}@example.com"),
                defaults={
                    "invited_by": manager,
                    "expires_at": timezone.now() + VOICE_LINK_LIFETIME,
                    "sent_at": timezone.now(),
                },
            )
    count = ServiceUserVoice.objects.filter(
        checkin__contract__in=Contract.objects.filter(
            organisation=council, title__in=[MENTORING, MEALS]
        )
    ).count()
    return [f"{count} voices of people who use the services at the demo check-ins."]
