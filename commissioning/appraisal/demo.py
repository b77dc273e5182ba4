"""Demo options appraisals for the demo council's commissions.

Food hubs chose a contract, youth mentoring chose a grant, and the damp and mould work is
still being appraised. Safe to run again: every record is found by its natural key.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from accounts.models import AuditEvent, Organisation, User
from commissioning.models import (
    AppraisalCriterion,
    AppraisalOption,
    AppraisalScore,
    Commission,
    CommissionStatus,
    OptionKind,
)

COMMISSIONER = "commissioner@northbridge.example"

# title -> (criteria [(name, weight)], options [(kind, title, cost, details, scores)], decision)
APPRAISALS: dict[str, dict] = {
    "Community food hubs on the Kestrel and Brookside estates": {
        "criteria": [
            ("Residents shape and run the hubs", 30),
            ("Reaches the families who need it most", 25),
            ("Value for money over five years", 20),
            ("Local jobs and suppliers", 15),
            ("Can open by spring", 10),
        ],
        "options": [
            (
                OptionKind.CONTRACT,
                "Contract a community food provider",
                Decimal("220000"),
                {
                    "description": "Tender a five-year contract for two hubs, with residents on "
                    "the evaluation panel and outcomes agreed with them.",
                    "benefits": "Providers with local roots can bid. Outcomes are written into "
                    "the contract and checked with residents.",
                    "risks": "A tender takes about four months. Small providers may need help "
                    "to bid.",
                    "social_value": "Local food growers in the supply chain; paid roles for "
                    "residents.",
                },
                [5, 4, 4, 5, 3],
            ),
            (
                OptionKind.GRANT,
                "Grant to the Kestrel food bank",
                Decimal("150000"),
                {
                    "description": "Fund the food bank to open a hub alongside its food parcels.",
                    "benefits": "Quick to start. The food bank is trusted on the Kestrel estate.",
                    "risks": "It has no presence on Brookside and little capacity to grow.",
                    "social_value": "Volunteering; fewer families needing emergency parcels.",
                },
                [4, 3, 4, 3, 4],
            ),
            (
                OptionKind.PARTNERSHIP,
                "Alliance with the food bank and the housing association",
                Decimal("230000"),
                {
                    "description": "Share the cost and run the hubs together in community rooms.",
                    "benefits": "Uses rooms the housing association already has on both estates.",
                    "risks": "Decisions across three partners are slower; nobody is clearly "
                    "accountable.",
                    "social_value": "Better use of empty community rooms.",
                },
                [4, 4, 3, 4, 2],
            ),
            (
                OptionKind.IN_HOUSE,
                "The council runs the hubs",
                Decimal("260000"),
                {
                    "description": "The community services team staffs and runs both hubs.",
                    "benefits": "Direct control of quality and opening hours.",
                    "risks": "Residents see it as the council's project, not theirs; staff are "
                    "hard to recruit.",
                    "social_value": "Council jobs, but few roles for residents.",
                },
                [2, 3, 2, 2, 3],
            ),
            (
                OptionKind.DO_NOTHING,
                "Do nothing: rely on the food banks that exist",
                Decimal("0"),
                {
                    "description": "No new service.",
                    "benefits": "No cost.",
                    "risks": "Families on Brookside still have no fresh food within walking "
                    "distance.",
                    "social_value": "None.",
                },
                [0, 1, 5, 0, 5],
            ),
        ],
        "decision": (
            "Contract a community food provider",
            "It scored highest, and residents told us they want a hub that is theirs, run by "
            "people who know the estates. A contract lets local providers bid, puts the "
            "outcomes residents chose into the agreement, and gives us a clear way to check "
            "them. We will help small providers to bid.",
            datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC),
        ),
    },
    "Mentoring into work for young people in Hollowgate": {
        "criteria": [
            ("Young people trust the mentors", 35),
            ("Builds on what already works locally", 25),
            ("Value for money", 20),
            ("Links to local employers", 20),
        ],
        "options": [
            (
                OptionKind.GRANT,
                "Grant to Young Futures to grow its mentoring",
                Decimal("110000"),
                {
                    "description": "A three-year grant so Young Futures can mentor 120 more "
                    "young people and arrange paid placements.",
                    "benefits": "Young people already know and trust its mentors.",
                    "risks": "A small charity; it needs help to report on outcomes.",
                    "social_value": "Mentors recruited from Hollowgate; placements with local "
                    "firms.",
                },
                [5, 5, 4, 4],
            ),
            (
                OptionKind.CONTRACT,
                "Tender a mentoring contract",
                Decimal("120000"),
                {
                    "description": "An open tender for a mentoring and placement service.",
                    "benefits": "Tests the market; clear contract terms.",
                    "risks": "Six months to award; a national provider might win and start "
                    "from nothing locally.",
                    "social_value": "Depends on the bids.",
                },
                [3, 2, 3, 4],
            ),
            (
                OptionKind.IN_HOUSE,
                "The youth service runs it",
                Decimal("130000"),
                {
                    "description": "Add mentoring to the council's youth service.",
                    "benefits": "Joins up with other youth work.",
                    "risks": "Young people not in work or training rarely use council services.",
                    "social_value": "Limited.",
                },
                [2, 3, 2, 3],
            ),
        ],
        "decision": (
            "Grant to Young Futures to grow its mentoring",
            "Young Futures already mentors 40 young people in Hollowgate, and young people told "
            "us they trust its mentors. A grant lets it grow what works now, without a tender "
            "that would take six months.",
            datetime.datetime(2026, 1, 20, 14, 30, tzinfo=datetime.UTC),
        ),
    },
    "Tackling damp and mould with Brookside tenants": {
        "criteria": [
            ("Tenants help find the causes", 40),
            ("Homes are fixed before next winter", 35),
            ("Cost", 25),
        ],
        "options": [
            (
                OptionKind.IN_HOUSE,
                "Repairs team with tenant damp champions",
                Decimal("180000"),
                {
                    "description": "Train tenants as damp champions who survey homes with the "
                    "council's repairs team.",
                    "benefits": "Tenants are listened to; the repairs team learns the causes.",
                    "risks": "The repairs team already has a long waiting list.",
                    "social_value": "Paid training for tenants.",
                },
                [4, 4, 3],
            ),
            (
                OptionKind.CONTRACT,
                "Contract a specialist damp and ventilation firm",
                Decimal("240000"),
                {
                    "description": "Buy surveys and fixes from a specialist firm.",
                    "benefits": "Fast, with expert surveys.",
                    "risks": "Tenants may feel done to rather than worked with.",
                    "social_value": "Depends on the firm.",
                },
                [2, 5, 2],
            ),
            (
                OptionKind.PARTNERSHIP,
                "Partnership with the Brookside Tenants' Association",
                Decimal("210000"),
                {
                    "description": "The tenants' association leads the surveys; a local firm "
                    "does the work.",
                    "benefits": "Tenants lead; builds trust.",
                    "risks": "The association has never run anything this size.",
                    "social_value": "Stronger tenants' association.",
                },
                # Still being scored: only the first criterion so far.
                [5],
            ),
        ],
        "decision": None,
    },
}


def _appraise(commission: Commission, spec: dict, decided_by: User | None) -> None:
    criteria = []
    for position, (name, weight) in enumerate(spec["criteria"], start=1):
        criterion, _ = AppraisalCriterion.objects.update_or_create(
            commission=commission, name=name, defaults={"weight": weight, "position": position}
        )
        criteria.append(criterion)
    options = {}
    for position, (kind, title, cost, details, scores) in enumerate(spec["options"], start=1):
        option, _ = AppraisalOption.objects.update_or_create(
            commission=commission,
            title=title,
            defaults={"kind": kind, "cost_estimate": cost, "position": position, **details},
        )
        options[title] = option
        for criterion, score in zip(criteria, scores, strict=False):
            AppraisalScore.objects.update_or_create(
                option=option,
                criterion=criterion,
                defaults={"score": score, "note": _note(score)},
            )
    if spec["decision"] is None:
        if commission.status == CommissionStatus.SCOPING:
            # Set directly, as appraisal_start would, without an audit event for the demo.
            Commission.objects.filter(pk=commission.pk).update(
                status=CommissionStatus.OPTIONS_APPRAISAL
            )
        return
    title, rationale, decided_at = spec["decision"]
    chosen = options[title]
    Commission.objects.filter(pk=commission.pk).update(
        chosen_option=chosen,
        decision_rationale=rationale,
        decided_by=decided_by,
        decided_at=decided_at,
    )
    # The decision history on the appraisal page reads the audit trail.
    event_filter = {
        "target_type": ContentType.objects.get_for_model(Commission),
        "target_id": str(commission.pk),
        "verb": "route_decided",
    }
    if not AuditEvent.objects.filter(**event_filter).exists():
        AuditEvent.objects.create(
            actor=decided_by,
            organisation_id=commission.organisation_id,
            target_repr=str(commission),
            created_at=decided_at,
            changes={
                "chosen_option": [None, chosen.title],
                "kind": [None, chosen.kind],
                "decision_rationale": ["", rationale],
            },
            **event_filter,
        )


def _note(score: int) -> str:
    return {
        0: "Does not meet this at all.",
        1: "Very weak on this.",
        2: "Weak: big gaps the panel could not see a way round.",
        3: "Adequate, with some gaps.",
        4: "Good: the panel saw clear evidence.",
        5: "Excellent: strong evidence from residents and partners.",
    }[score]


@transaction.atomic
def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Create or refresh the demo appraisals; returns a short summary."""
    decided_by = people.get(COMMISSIONER)
    done = []
    for title, spec in APPRAISALS.items():
        commission = Commission.objects.filter(organisation=council, title=title).first()
        if commission is None:
            continue
        _appraise(commission, spec, decided_by)
        done.append(title)
    decided = sum(1 for title in done if APPRAISALS[title]["decision"])
    return [f"{len(done)} options appraisals, {decided} with a decided route"]
