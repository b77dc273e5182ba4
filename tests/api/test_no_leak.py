"""Nothing private leaks through the read API or the open data downloads.

The Northbridge demo (`home.demo_data.load()`) is loaded once for the module, inside a
transaction rolled back at the end (`rolled_back_demo` in tests/conftest.py), with a
draft mission added (the demo has none). Every endpoint, every detail of every record
and every CSV is read anonymously, with a supplier's token (Common Table CIC, which bids
and provides) and with the council's token; none may contain a bid's answers, the price
of a bid that did not win, an outline, dialogue feedback, evaluation notes, a private
clarification or message, a market engagement answer, anyone's email address, or (except
for the council's own token) a draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

DRAFT_MISSION = "Quietly planned mission about bus routes"


def _fragment(text: str) -> str | None:
    """The longest piece of a text that JSON and CSV both show as it is (no quotes,
    backslashes or line breaks), if it is long enough to mean something."""
    piece = max(re.split(r'["\\\n\r]', text), key=len).strip()
    return piece[:80] if len(piece) >= 15 else None


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _secrets() -> dict[str, set[str]]:
    from accounts.models import User
    from commissioning.models import Commission, Mission
    from contracts.models import Contract
    from dialogue.models import (
        Clarification,
        EngagementAnswer,
        OutlineSubmission,
        RoundFeedback,
        TenderMessage,
    )
    from procurement.models import BidAnswer, ConsensusScore, Lot, PriceLine, Score, Tender

    def texts(values: Any) -> set[str]:
        return {fragment for value in values if value and (fragment := _fragment(value))}

    winners = {
        (tender.winning_bid_id, None) for tender in Tender.objects.filter(winning_bid__isnull=False)
    } | {(lot.winning_bid_id, lot.pk) for lot in Lot.objects.filter(winning_bid__isnull=False)}
    losing: dict[tuple[int, int | None], Decimal] = {}
    for line in PriceLine.objects.all():
        key = (line.bid_id, line.lot_id)
        losing[key] = losing.get(key, Decimal(0)) + line.quantity * line.unit_price
    published = {
        _money(value)
        for value in [
            *Contract.objects.values_list("value", flat=True),
            *Tender.objects.exclude(estimated_value=None).values_list("estimated_value", flat=True),
            *Lot.objects.exclude(estimated_value=None).values_list("estimated_value", flat=True),
            *Commission.objects.exclude(budget_max=None).values_list("budget_max", flat=True),
            *Commission.objects.exclude(budget_min=None).values_list("budget_min", flat=True),
        ]
    }
    private_clarifications = Clarification.objects.exclude(status="published")
    return {
        "bid answer": texts(BidAnswer.objects.values_list("text", flat=True)),
        "unsuccessful bid price": {
            _money(total)
            for key, total in losing.items()
            if key not in winners and _money(total) not in published
        },
        "outline": texts(OutlineSubmission.objects.values_list("text", flat=True)),
        "feedback": texts(RoundFeedback.objects.values_list("body", flat=True)),
        "evaluation note": texts(
            [
                *Score.objects.values_list("rationale", flat=True),
                *ConsensusScore.objects.values_list("rationale", flat=True),
            ]
        ),
        "private clarification": texts(
            [
                *private_clarifications.values_list("question", flat=True),
                *private_clarifications.values_list("answer", flat=True),
                *Clarification.objects.values_list("private_reason", flat=True),
            ]
        ),
        "private message": texts(TenderMessage.objects.values_list("body", flat=True)),
        "engagement answer": texts(EngagementAnswer.objects.values_list("text", flat=True)),
        # What a commissioner wrote for staff; the public read the separate public summary.
        "internal commission summary": texts(Commission.objects.values_list("summary", flat=True))
        - texts(
            [
                *Commission.objects.values_list("public_summary", flat=True),
                *Tender.objects.values_list("summary", flat=True),
            ]
        ),
        "email": set(User.objects.values_list("email", flat=True)),
        "draft": {
            *Tender.objects.filter(status="draft").values_list("title", flat=True),
            *Mission.objects.filter(status="draft").values_list("title", flat=True),
        },
    }


def _admin_of(organisation: Any) -> Any:
    """The supplier's administrator (its bid writer is made one if the demo has none)."""
    from accounts.models import Membership, User

    admin = Membership.objects.filter(organisation=organisation, role="admin").first()
    if admin is not None:
        return admin.user
    user = User.objects.get(email="social@commontable.example")
    Membership.objects.create(user=user, organisation=organisation, role="admin")
    return User.objects.get(pk=user.pk)


@pytest.fixture(scope="module")
def demo(rolled_back_demo: None, django_db_blocker: Any) -> dict[str, Any]:
    """The demo (rolled back when the module ends), a draft mission and a token each for
    the council and for Common Table CIC."""
    from accounts.models import Organisation, User
    from api import services
    from commissioning.models import Mission
    from dialogue.services import opportunity_index_refresh
    from procurement.models import Tender

    with django_db_blocker.unblock():
        council = Organisation.objects.get(slug="northbridge")
        common_table = Organisation.objects.get(slug="common-table")
        mission = Mission.objects.create(
            organisation=council, title=DRAFT_MISSION, statement="Not ready to share."
        )
        Mission.objects.filter(pk=mission.pk).update(status="draft")
        # The index is refreshed after each commit, which this transaction never makes.
        for tender in Tender.objects.all():
            opportunity_index_refresh(tender_id=tender.pk)
        tokens = {
            "council": services.api_token_create(
                organisation=council,
                name="Leak test",
                by=User.objects.get(email="admin@northbridge.example"),
            ).secret,
            "supplier": services.api_token_create(
                organisation=common_table, name="Leak test", by=_admin_of(common_table)
            ).secret,
        }
        return {"tokens": tokens, "secrets": _secrets()}


def _every_answer(client: Client, headers: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(url, body) for every API list (all pages), every record's detail, and the open
    data page and CSVs."""
    from commissioning.models import Mission
    from contracts.models import Contract
    from procurement.models import Tender

    names = [
        "api:index",
        "api:opportunity_list",
        "api:contract_list",
        "api:mission_list",
        "api:outcome_list",
        "api:own_tender_list",
        "api:own_contract_list",
        "api:own_commission_list",
        "open_data:index",
        "open_data:contracts_csv",
        "open_data:awards_csv",
        "open_data:social_value_csv",
        "open_data:spend_by_mission_csv",
    ]
    urls = [reverse(name) for name in names]
    urls += [
        reverse("api:opportunity_detail", args=[pk])
        for pk in Tender.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("api:contract_detail", args=[pk])
        for pk in Contract.objects.values_list("pk", flat=True)
    ]
    urls += [
        reverse("api:mission_detail", args=[pk])
        for pk in Mission.objects.values_list("pk", flat=True)
    ]
    for first in urls:
        url: str | None = first + ("?page_size=100" if first.startswith("/api/v1/") else "")
        while url:
            response = client.get(url, **headers)
            assert response.status_code in (200, 401, 403, 404), f"{url}: {response.status_code}"
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            yield url, body
            answer = response.json() if response["Content-Type"] == "application/json" else {}
            url = answer.get("next") if isinstance(answer, dict) else None


@pytest.mark.parametrize("who", ["anonymous", "supplier", "council"])
def test_nothing_private_is_published(demo: dict[str, Any], who: str) -> None:
    secrets = demo["secrets"]
    required = ("bid answer", "unsuccessful bid price", "outline", "feedback", "evaluation note")
    for kind in (*required, "private clarification", "private message", "email", "draft"):
        assert secrets[kind], f"the demo has no {kind}: the test would prove nothing"
    if who == "council":
        # Its own drafts and internal summaries are the council's to read.
        own = {"draft", "internal commission summary"}
        secrets = {kind: values for kind, values in secrets.items() if kind not in own}
    headers = {} if who == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {demo['tokens'][who]}"}
    client = Client()
    found = []
    read = 0
    for url, body in _every_answer(client, headers):
        read += 1
        for kind, values in secrets.items():
            found += [f"{url}: {kind} {value!r}" for value in values if value in body]
    assert read > 20
    assert not found, "\n".join(found)


def test_the_council_token_does_read_its_own_drafts(demo: dict[str, Any]) -> None:
    """So that the test above, for the others, checks text that the API can show."""
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {demo['tokens']['council']}"}
    response = client.get(reverse("api:own_tender_list"), {"status": "draft"}, **headers)
    assert response.status_code == 200
    draft_titles = {row["title"] for row in response.json()["results"]}
    assert draft_titles and draft_titles <= demo["secrets"]["draft"]
