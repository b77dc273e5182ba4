"""Demo records for social value: the promises on the demo contracts and their returns.

Runs after the contracts demo, on the contracts it made. Safe to run again: every record
is found by its natural key before it is made.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.models import Organisation, User
from contracts.demo import CARETAKING, MEALS, MENTORING, VANS
from contracts.models import Contract
from social_value.models import Commitment, DeliveryReturn, Measure, ReturnStatus

# Contract title: (measure code, quantity promised each year,
#                  [(period, due date, status, quantity delivered or None)])
COMMITMENTS = {
    MENTORING: [
        (
            "people-facing-barriers-into-work",
            "12",
            [
                ("April to June 2026", datetime.date(2026, 7, 31), ReturnStatus.VERIFIED, "3"),
                (
                    "July to September 2026",
                    datetime.date(2026, 10, 31),
                    ReturnStatus.SUBMITTED,
                    "4",
                ),
                ("October to December 2026", datetime.date(2027, 1, 31), ReturnStatus.DUE, None),
            ],
        ),
        (
            "volunteering-hours",
            "400",
            [
                ("April to June 2026", datetime.date(2026, 7, 31), ReturnStatus.VERIFIED, "120"),
                (
                    "July to September 2026",
                    datetime.date(2026, 10, 31),
                    ReturnStatus.VERIFIED,
                    "95",
                ),
            ],
        ),
    ],
    CARETAKING: [
        (
            "local-people-employed",
            "6",
            [
                (
                    "April 2025 to March 2026",
                    datetime.date(2026, 4, 30),
                    ReturnStatus.VERIFIED,
                    "6",
                ),
            ],
        ),
    ],
    MEALS: [
        (
            "local-sme-vcse-spend",
            "60000",
            [("Summer 2026", datetime.date(2026, 9, 30), ReturnStatus.QUERIED, "41000")],
        ),
        (
            "apprenticeships-started",
            "2",
            [("Summer 2026", datetime.date(2026, 9, 30), ReturnStatus.VERIFIED, "1")],
        ),
    ],
    VANS: [
        (
            "zero-emission-miles",
            "250000",
            [
                (
                    "January to June 2026",
                    datetime.date(2026, 7, 31),
                    ReturnStatus.VERIFIED,
                    "131000",
                ),
            ],
        ),
    ],
}


def _commitment(
    contract: Contract,
    code: str,
    quantity: str,
    returns: list[tuple[str, datetime.date, str, str | None]],
    by: User,
) -> None:
    measure = Measure.objects.filter(code=code).first()
    if measure is None:
        return
    commitment, _ = Commitment.objects.get_or_create(
        contract=contract,
        measure=measure,
        defaults={"quantity": Decimal(quantity), "unit": measure.unit, "period": "each year"},
    )
    for period, due, status, delivered in returns:
        DeliveryReturn.objects.update_or_create(
            commitment=commitment,
            period=period,
            defaults={
                "due_date": due,
                "status": status,
                "quantity_delivered": Decimal(delivered) if delivered is not None else None,
                "evidence": "Monthly monitoring return with names held by the provider."
                if delivered is not None
                else "",
                "submitted_at": timezone.now() if delivered is not None else None,
                "reviewed_by": by if status == ReturnStatus.VERIFIED else None,
                "reviewed_at": timezone.now() if status == ReturnStatus.VERIFIED else None,
            },
        )


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Add social value promises and a year of returns to the demo council's contracts."""
    manager = people["contracts@northbridge.example"]
    contracts = {
        contract.title: contract
        for contract in Contract.objects.filter(organisation=council, title__in=COMMITMENTS)
    }
    for title, commitments in COMMITMENTS.items():
        contract = contracts.get(title)
        if contract is None:
            continue
        for code, quantity, returns in commitments:
            _commitment(contract, code, quantity, returns, manager)

    promised = Commitment.objects.filter(contract__organisation=council)
    returns = DeliveryReturn.objects.filter(commitment__contract__organisation=council)
    return [
        f"{promised.count()} social value commitments on {len(contracts)} contracts, "
        f"with {returns.count()} returns."
    ]
