"""Demo: what the other demos leave out and the Procurement Act notices need, so the
open data shows every notice Kindred publishes.

- a tender stopped before any bid was in (a procurement termination notice, UK12);
- a change to the school holiday meals contract (a contract change notice, UK10);
- the first annual performance assessment of the electric vans contract, which is over
  £5 million and so must be assessed against its KPIs (a contract performance notice, UK9);
- a catering contract let before Kindred and ended early (a contract termination notice,
  UK14, in a contractTermination release).

Made through the services, as people would; idempotent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from contracts.demo import MEALS, VANS
from contracts.models import Contract, ContractKind, Rating
from contracts.services import (
    assessment_record,
    contract_create,
    contract_start,
    contract_terminate,
    modification_record,
)
from procurement.models import Procedure, Tender, TenderStatus
from procurement.services import tender_cancel

COMMISSIONER = "commissioner@northbridge.example"
CONTRACT_MANAGER = "contracts@northbridge.example"
CANCELLED_REFERENCE = "NBC-2026-0090"
CANCELLED_TITLE = "Community food hubs: cold storage for donated food"
CANCELLATION_REASON = (
    "The food hubs will share the council's new cold store instead, so we no longer need "
    "to buy this."
)
MEALS_CHANGE = "Meals are also served on the two training days before term starts."
MEALS_REASON = "Families asked for it at the last check-in, and the price per meal stays the same."
ENDED_TITLE = "Civic centre cafe and meeting catering"
FOOD_MISSION = "Everyone eats well"
ENDED_REASON = (
    "The civic centre closes for rebuilding, so the cafe is no longer needed. Amberline "
    "agreed to end the contract early and moved its cafe staff to its other sites."
)


def _cancelled_tender(council: Organisation, people: dict[str, User]) -> list[str]:
    food = Tender.objects.filter(organisation=council, reference="NBC-2026-0001").first()
    if food is None or Tender.objects.filter(reference=CANCELLED_REFERENCE).exists():
        return []
    now = timezone.now()
    # Past states set directly, as in the other demos: it was published a week ago.
    tender = Tender.objects.create(
        organisation=council,
        commission=food.commission,
        specification_version=food.specification_version,
        reference=CANCELLED_REFERENCE,
        title=CANCELLED_TITLE,
        summary="Fridges and freezers for donated food at the Kestrel and Brookside hubs.",
        procedure=Procedure.BELOW_THRESHOLD,
        estimated_value=Decimal("18000"),
        submission_deadline=now + datetime.timedelta(days=10),
        created_by=people[COMMISSIONER],
    )
    Tender.objects.filter(pk=tender.pk).update(
        status=TenderStatus.PUBLISHED, published_at=now - datetime.timedelta(days=7)
    )
    tender.refresh_from_db()
    tender_cancel(tender=tender, reason=CANCELLATION_REASON, by=people[COMMISSIONER])
    return [f"Tender {CANCELLED_REFERENCE} was cancelled: a procurement termination notice."]


def _contract_change(council: Organisation, people: dict[str, User]) -> list[str]:
    meals = Contract.objects.filter(organisation=council, title=MEALS).first()
    if meals is None or meals.modifications.exists():
        return []
    modification_record(
        contract=meals,
        made_on=timezone.localdate() - datetime.timedelta(days=20),
        description=MEALS_CHANGE,
        reason=MEALS_REASON,
        by=people[CONTRACT_MANAGER],
    )
    return ["The school holiday meals contract has a recorded change: a contract change notice."]


def _performance(council: Organisation, people: dict[str, User]) -> list[str]:
    vans = Contract.objects.filter(organisation=council, title=VANS).first()
    if vans is None or vans.assessments.exists() or not vans.kpis.exists():
        return []
    ratings = {
        kpi.pk: (rating, "")
        for kpi, rating in zip(
            vans.kpis.order_by("pk"), [Rating.GOOD, Rating.APPROACHING, Rating.GOOD], strict=False
        )
    }
    assessment_record(
        contract=vans,
        period="First contract year",
        assessed_on=timezone.localdate() - datetime.timedelta(days=30),
        narrative="The vans were delivered on time; charging points at one depot came late.",
        ratings=ratings,
        by=people[CONTRACT_MANAGER],
    )
    return ["The electric vans contract has its first performance assessment."]


def _ended_early(council: Organisation, people: dict[str, User]) -> list[str]:
    provider = Organisation.objects.filter(slug="amberline").first()
    if (
        provider is None
        or Contract.objects.filter(organisation=council, title=ENDED_TITLE).exists()
    ):
        return []
    manager = people[CONTRACT_MANAGER]
    # A cafe serving healthy food at the civic centre: the food mission, where meals serve it.
    meals = Contract.objects.filter(organisation=council, title=MEALS).first()
    food_missions = list(meals.missions.filter(title=FOOD_MISSION)) if meals else []
    # Let by competition before the council used Kindred, so it has no tender here.
    contract = contract_create(
        organisation=council,
        title=ENDED_TITLE,
        kind=ContractKind.TENDERED,
        provider=provider,
        value=Decimal("240000"),
        start_date=datetime.date(2024, 4, 1),
        end_date=datetime.date(2027, 3, 31),
        contract_manager=manager,
        missions=food_missions,
        places=list(meals.places.all()) if meals else [],
        outcomes=[o for o in meals.outcomes.all() if o.mission in food_missions] if meals else [],
        by=manager,
    )
    contract = contract_start(contract=contract, by=manager)
    contract_terminate(contract=contract, reason=ENDED_REASON, by=manager)
    return ["The civic centre catering contract ended early: a contract termination notice."]


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    return [
        *_cancelled_tender(council, people),
        *_contract_change(council, people),
        *_performance(council, people),
        *_ended_early(council, people),
    ]
