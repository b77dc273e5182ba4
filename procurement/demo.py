"""Demo tenders: one in evaluation, one awarded, and one in two lots awarded to two
suppliers, with bids, scores and contracts.

Idempotent: records are found by natural keys (tender reference, bid supplier,
question position) and refreshed, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from commissioning.models import (
    Commission,
    CommissionStatus,
    Mission,
    Place,
    Specification,
    SpecificationVersion,
)
from procurement.award import add_working_days
from procurement.award_notices import default_summary, notice_reference, notice_title
from procurement.models import (
    AwardNotice,
    AwardNoticeSupplier,
    Bid,
    BidAnswer,
    BidCommitment,
    BidLot,
    BidStatus,
    ConsensusScore,
    Criterion,
    CriterionKind,
    FeedbackLetter,
    Lot,
    LotStatus,
    LotWeight,
    PanelMember,
    PriceLine,
    Procedure,
    Score,
    Tender,
    TenderQuestion,
    TenderStatus,
)

COMMISSIONER = "commissioner@northbridge.example"
EVALUATORS = ["evaluator@northbridge.example", "evaluator2@northbridge.example"]

QUESTIONS = [
    ("quality", "How will you make sure people leaving hospital are never left without help?"),
    ("quality", "How will you work with the people you support and their families?"),
    ("social_value", "How will you create jobs and volunteering for local people?"),
]

# (supplier slug, price, [scores per question], commitments: [(measure index, quantity)])
EVALUATION_BIDS = [
    ("nib-and-nettle", Decimal("148000"), [4, 4, 5], [(0, 3)]),
    ("young-futures", Decimal("139500"), [3, 4, 4], [(0, 2), (1, 400)]),
    # More than 20% below the median price, so the evaluation page flags it as abnormally low.
    ("amberline", Decimal("104000"), [3, 2, 2], []),
]
AWARDED_BIDS = [
    ("common-table", Decimal("86000"), [5, 4, 5], [(0, 4), (1, 600)]),
    ("nib-and-nettle", Decimal("82500"), [3, 4, 3], [(1, 200)]),
    ("amberline", Decimal("74000"), [2, 3, 2], []),
]
RATIONALE = {
    5: "An excellent answer with strong local evidence and a clear plan for the first month.",
    4: "A good answer that meets the need, with some examples from similar work.",
    3: "A satisfactory answer. It meets the need but gives little evidence.",
    2: "A weak answer. It leaves out how the service will reach people on the estates.",
}


def _commission(council: Organisation, owner: User, title: str, summary: str, status: str):
    # Past states set directly, as the tender and contract events would have left them.
    commission, _ = Commission.objects.update_or_create(
        organisation=council, title=title, defaults={"summary": summary, "owner": owner}
    )
    Commission.objects.filter(pk=commission.pk).update(status=status)
    specification, _ = Specification.objects.get_or_create(
        commission=commission, defaults={"title": f"{title}: specification"}
    )
    version, _ = SpecificationVersion.objects.get_or_create(
        specification=specification,
        number=1,
        defaults={
            "change_note": "First version for the market.",
            "issued_by": owner,
            "snapshot": {"sections": [{"kind": "outcome", "heading": "Outcomes", "body": summary}]},
        },
    )
    return commission, version


def top_criteria(
    tender: Tender, *, quality: int, social_value: int, price: int
) -> dict[str, Criterion]:
    """Create or refresh a demo tender's three top-level criteria with these weights."""
    top = {}
    for position, (kind, name, weight) in enumerate(
        [
            ("quality", "Quality", quality),
            ("social_value", "Social value", social_value),
            ("price", "Price", price),
        ],
        start=1,
    ):
        top[kind], _ = Criterion.objects.update_or_create(
            tender=tender,
            kind=kind,
            parent=None,
            defaults={"name": name, "weight": weight, "position": position},
        )
    return top


def _tender(*, council, commission, version, reference, title, summary, deadline, owner, status):
    tender, _ = Tender.objects.get_or_create(
        reference=reference,
        defaults={
            "organisation": council,
            "commission": commission,
            "specification_version": version,
            "title": title,
            "summary": summary,
            "procedure": Procedure.OPEN,
            "estimated_value": Decimal("150000"),
            "submission_deadline": deadline,
            "created_by": owner,
        },
    )
    Tender.objects.filter(pk=tender.pk).update(
        status=status,
        submission_deadline=deadline,
        published_at=deadline - datetime.timedelta(days=30),
        bids_opened_at=deadline + datetime.timedelta(hours=2),
        bids_opened_by=owner,
    )
    tender.refresh_from_db()
    top = top_criteria(tender, quality=60, social_value=20, price=20)
    questions = []
    for position, (kind, text) in enumerate(QUESTIONS, start=1):
        question, _ = TenderQuestion.objects.update_or_create(
            tender=tender,
            position=position,
            defaults={"text": text, "word_limit": 400, "criterion": top[kind]},
        )
        questions.append(question)
    return tender, questions


def _bids(tender, questions, rows, measures, people, *, moderated: bool, fully_scored: bool):
    panel = [people[email] for email in EVALUATORS if email in people]
    for index, user in enumerate(panel):
        PanelMember.objects.update_or_create(
            tender=tender,
            evaluator=user,
            defaults={
                "declared_at": tender.bids_opened_at,
                "has_conflict": False,
                "scores_submitted_at": tender.bids_opened_at + datetime.timedelta(days=3)
                if fully_scored or index == 0
                else None,
            },
        )
    bids = []
    for slug, price, scores, commitments in rows:
        supplier = Organisation.objects.filter(slug=slug).first()
        if supplier is None:
            continue
        bid, _ = Bid.objects.get_or_create(tender=tender, supplier=supplier)
        Bid.objects.filter(pk=bid.pk).update(
            status=BidStatus.SUBMITTED,
            submitted_at=tender.submission_deadline - datetime.timedelta(days=1),
        )
        for question in questions:
            BidAnswer.objects.update_or_create(
                bid=bid,
                question=question,
                defaults={
                    "text": f"{supplier.name} will {question.text[0].lower()}{question.text[1:-1]} "
                    "by working with residents, the hospital discharge team and local groups."
                },
            )
        PriceLine.objects.update_or_create(
            bid=bid,
            position=1,
            defaults={"item": "Service for the contract term", "quantity": 1, "unit_price": price},
        )
        for measure_index, quantity in commitments:
            if measure_index < len(measures):
                BidCommitment.objects.update_or_create(
                    bid=bid, measure=measures[measure_index], defaults={"quantity": quantity}
                )
        for index, user in enumerate(panel):
            if not fully_scored and index > 0:
                continue
            for question, score in zip(questions, scores, strict=True):
                # The second evaluator is a little harsher, so moderation has something to do.
                given = max(0, score - index)
                Score.objects.update_or_create(
                    bid=bid,
                    question=question,
                    evaluator=user,
                    defaults={
                        "score": given,
                        "rationale": RATIONALE.get(given, "Little evidence."),
                    },
                )
        if moderated:
            for question, score in zip(questions, scores, strict=True):
                ConsensusScore.objects.update_or_create(
                    bid=bid,
                    question=question,
                    defaults={
                        "score": score,
                        "rationale": RATIONALE[score],
                        "moderated_by": tender.created_by,
                    },
                )
        bids.append(bid)
    # The declarations name the bidders, as they would have when signed after opening.
    PanelMember.objects.filter(tender=tender, evaluator__in=panel).update(
        declared_bidders=sorted(bid.supplier.name for bid in bids)
    )
    return bids


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Create or refresh the demo tenders; returns a short summary."""
    from contracts.models import Contract, ContractKind
    from social_value.models import Commitment, Measure

    owner = people[COMMISSIONER]
    measures = list(Measure.objects.filter(is_active=True).order_by("pk")[:2])
    now = timezone.now()

    commission, version = _commission(
        council,
        owner,
        "Home from hospital support in Northbridge",
        "Practical help at home for older people in the first weeks after leaving hospital.",
        CommissionStatus.IN_PROCUREMENT,
    )
    evaluating, questions = _tender(
        council=council,
        commission=commission,
        version=version,
        reference="NBC-2026-0101",
        title="Home from hospital support in Northbridge",
        summary="Help older people settle back home after a hospital stay, with visits, shopping and company.",
        deadline=now - datetime.timedelta(days=6),
        owner=owner,
        status=TenderStatus.EVALUATION,
    )
    _bids(
        evaluating,
        questions,
        EVALUATION_BIDS,
        measures,
        people,
        moderated=False,
        fully_scored=False,
    )

    commission, version = _commission(
        council,
        owner,
        "Holiday activities and food for children in Brookside",
        "Activities and a healthy meal for children on free school meals during the school holidays.",
        CommissionStatus.IN_DELIVERY,
    )
    deadline = now - datetime.timedelta(days=60)
    awarded, questions = _tender(
        council=council,
        commission=commission,
        version=version,
        reference="NBC-2026-0102",
        title="Holiday activities and food for children in Brookside",
        summary="Run holiday clubs with a healthy meal at two Brookside schools, designed with families.",
        deadline=deadline,
        owner=owner,
        status=TenderStatus.AWARDED,
    )
    bids = _bids(
        awarded, questions, AWARDED_BIDS, measures, people, moderated=True, fully_scored=True
    )
    winner = bids[0]
    decided = deadline + datetime.timedelta(days=20)
    Tender.objects.filter(pk=awarded.pk).update(
        winning_bid=winner,
        award_decided_at=decided,
        award_decided_by=owner,
        award_rationale="Highest-scoring bid: strong local roots and the best social value offer.",
        standstill_ends_on=add_working_days(decided.date(), 8),
        awarded_at=decided + datetime.timedelta(days=14),
    )
    for bid in bids:
        FeedbackLetter.objects.get_or_create(bid=bid, defaults={"sent_at": decided})
    past_award_notice(
        tender=awarded, lot=None, winner=winner, value=Decimal("86000"), decided=decided, by=owner
    )
    contract, _ = Contract.objects.get_or_create(
        organisation=council,
        tender=awarded,
        defaults={
            "title": awarded.title,
            "kind": ContractKind.TENDERED,
            "provider": winner.supplier,
            "commission": awarded.commission,
            "value": Decimal("86000"),
            "start_date": (decided + datetime.timedelta(days=30)).date(),
            "end_date": (decided + datetime.timedelta(days=30 + 730)).date(),
        },
    )
    # The commission serves a mission, a place and its outcomes; the award carried them
    # into the contract, so it shows on the mission and place pages.
    fed = Mission.objects.filter(organisation=council, title="Everyone eats well").first()
    if fed is not None:
        commission.missions.set([fed])
        commission.places.set(Place.objects.filter(organisation=council, name="Brookside estate"))
        commission.outcomes.set(fed.outcomes.order_by("position", "pk")[:2])
    contract.missions.set(commission.missions.all())
    contract.places.set(commission.places.all())
    contract.outcomes.set(commission.outcomes.all())
    for commitment in winner.commitments.select_related("measure"):
        Commitment.objects.get_or_create(
            contract=contract,
            measure=commitment.measure,
            defaults={
                "quantity": commitment.quantity,
                "unit": commitment.measure.unit,
                "period": "Each year",
            },
        )
    lotted = _lotted_tender(council=council, owner=owner, measures=measures, people=people)
    return [
        f"Tender {evaluating.reference} is in evaluation with {len(EVALUATION_BIDS)} bids.",
        f"Tender {awarded.reference} was awarded to {winner.supplier}; contract {contract.pk} created.",
        f"Tender {lotted.reference} was split into {lotted.lots.count()} lots, each awarded "
        "to a different supplier with its own contract.",
    ]


# A tender in two lots. Common Table ranks first in both, but a supplier may win one lot,
# so the second goes to the next bid: the limit on lots won at work.
LOTS = [
    ("North Northbridge", "Growing spaces on the Kestrel and Heron estates.", Decimal("60000")),
    ("South Northbridge", "Growing spaces in Brookside and the Riverside wards.", Decimal("55000")),
]
# (supplier slug, scores per question, prices per lot: None where it did not bid)
LOT_BIDS = [
    ("common-table", [5, 4, 5], [Decimal("54000"), Decimal("52000")]),
    ("nib-and-nettle", [4, 4, 3], [Decimal("57500"), Decimal("49000")]),
    ("amberline", [3, 2, 3], [None, Decimal("44000")]),
]
LOTTED_REFERENCE = "NBC-2026-0110"
# The south lot is judged with weights of its own: more on social value, where the
# growing spaces are meant to bring neighbours together, and less on quality.
SOUTH_WEIGHTS = {
    CriterionKind.QUALITY: Decimal("40"),
    CriterionKind.SOCIAL_VALUE: Decimal("35"),
    CriterionKind.PRICE: Decimal("25"),
}


def _lotted_tender(*, council, owner, measures, people) -> Tender:
    from contracts.models import Contract, ContractKind

    commission, version = _commission(
        council,
        owner,
        "Community growing spaces across Northbridge",
        "Food growing spaces that residents run together, in the north and the south of the town.",
        CommissionStatus.IN_DELIVERY,
    )
    # It serves the food mission and its outcomes in both halves of the town; each lot's
    # contract serves its own half (the demo places are named as the lots are).
    fed = Mission.objects.filter(organisation=council, title="Everyone eats well").first()
    if fed is not None:
        commission.missions.set([fed])
        commission.outcomes.set(fed.outcomes.order_by("position", "pk")[:2])
    places = {
        place.name: place
        for place in Place.objects.filter(organisation=council, name__in=[t for t, _, _ in LOTS])
    }
    commission.places.set(places.values())
    deadline = timezone.now() - datetime.timedelta(days=75)
    tender, questions = _tender(
        council=council,
        commission=commission,
        version=version,
        reference=LOTTED_REFERENCE,
        title="Community growing spaces across Northbridge",
        summary="Set up and support food growing spaces run by residents, in two lots: north and south.",
        deadline=deadline,
        owner=owner,
        status=TenderStatus.AWARDED,
    )
    Tender.objects.filter(pk=tender.pk).update(
        max_lots_per_bid=2, max_lots_won=1, estimated_value=Decimal("115000")
    )
    lots = []
    for position, (title, description, value) in enumerate(LOTS, start=1):
        lot, _ = Lot.objects.update_or_create(
            tender=tender,
            title=title,
            defaults={"description": description, "estimated_value": value, "position": position},
        )
        lots.append(lot)
    south = lots[1]
    Lot.objects.filter(pk=south.pk).update(own_weights=True)
    for criterion in tender.criteria.filter(parent=None, kind__in=SOUTH_WEIGHTS):
        LotWeight.objects.update_or_create(
            lot=south, criterion=criterion, defaults={"weight": SOUTH_WEIGHTS[criterion.kind]}
        )
    rows = [(slug, Decimal(0), scores, []) for slug, scores, _ in LOT_BIDS]
    bids = {
        bid.supplier.slug: bid
        for bid in _bids(
            tender, questions, rows, measures, people, moderated=True, fully_scored=True
        )
    }
    for slug, _, prices in LOT_BIDS:
        bid = bids.get(slug)
        if bid is None:
            continue
        PriceLine.objects.filter(bid=bid, lot=None).delete()
        for lot, price in zip(lots, prices, strict=True):
            if price is None:
                continue
            BidLot.objects.get_or_create(bid=bid, lot=lot)
            PriceLine.objects.update_or_create(
                bid=bid,
                lot=lot,
                defaults={"item": f"Growing spaces: {lot.title}", "unit_price": price},
            )
    decided = deadline + datetime.timedelta(days=20)
    winners = [bids.get("common-table"), bids.get("nib-and-nettle")]
    notes = ["", ""]
    if all(winners):
        notes[1] = (
            f"{winners[0].supplier} ranked higher but already won 1 lot in this tender, the "
            f"most one supplier may win, so the lot goes to {winners[1].supplier} (ranked 2)."
        )
    for lot, winner, note in zip(lots, winners, notes, strict=True):
        if winner is None:
            continue
        contract, _ = Contract.objects.get_or_create(
            organisation=council,
            tender=tender,
            title=f"{tender.title}: {lot.title}",
            defaults={
                "kind": ContractKind.TENDERED,
                "provider": winner.supplier,
                "commission": commission,
                "value": PriceLine.objects.get(bid=winner, lot=lot).unit_price,
                "start_date": (decided + datetime.timedelta(days=30)).date(),
                "end_date": (decided + datetime.timedelta(days=30 + 1095)).date(),
            },
        )
        contract.missions.set(commission.missions.all())
        contract.outcomes.set(commission.outcomes.all())
        contract.places.set([places[lot.title]] if lot.title in places else [])
        past_award_notice(
            tender=tender,
            lot=lot,
            winner=winner,
            value=contract.value,
            decided=decided,
            by=owner,
        )
        Lot.objects.filter(pk=lot.pk).update(
            status=LotStatus.AWARDED,
            winning_bid=winner,
            award_decided_at=decided,
            award_decided_by=owner,
            award_rationale="The highest-ranked bid for this lot that may still win one.",
            award_note=note,
            standstill_ends_on=add_working_days(decided.date(), 8),
            awarded_at=decided + datetime.timedelta(days=14),
            contract=contract,
        )
    Tender.objects.filter(pk=tender.pk).update(
        award_decided_at=decided, awarded_at=decided + datetime.timedelta(days=14)
    )
    for bid in bids.values():
        FeedbackLetter.objects.get_or_create(bid=bid, defaults={"sent_at": decided})
    return tender


def past_award_notice(
    *,
    tender: Tender,
    lot: Lot | None,
    winner: Bid,
    value: Decimal,
    decided: datetime.datetime,
    by: User,
) -> AwardNotice:
    """The contract award notice of an award made in the past, published on the day of
    the decision (publishing it today through the service would start a new standstill).
    Made once: found again by its tender and lot."""
    existing = AwardNotice.objects.filter(tender=tender, lot=lot).first()
    if existing is not None:
        return existing
    starts_on = decided.date()  # as the tender's own standstill dates are
    notice = AwardNotice.objects.create(
        reference=notice_reference(tender, lot),
        tender=tender,
        lot=lot,
        title=notice_title(tender, lot),
        summary=default_summary(tender, lot, winner.supplier, value),
        decided_at=decided,
        standstill_starts_on=starts_on,
        standstill_ends_on=add_working_days(starts_on, 8),
        standstill_working_days=8,
        published_at=decided,
        published_by=by,
    )
    AwardNoticeSupplier.objects.create(
        notice=notice,
        supplier=winner.supplier,
        bid=winner,
        name=winner.supplier.name,
        company_number=winner.supplier.company_number,
        charity_number=winner.supplier.charity_number,
        value=value,
    )
    return notice
