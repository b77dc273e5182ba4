"""How contracts' statuses look as GOV.UK tags (registered in `apps.py`)."""

from __future__ import annotations

from contracts.models import CheckIn, CheckInStatus, Contract, ContractStatus
from core.status_tags import register

register(
    ContractStatus,
    {
        ContractStatus.MOBILISING: "light-blue",
        ContractStatus.ACTIVE: "green",
        ContractStatus.IN_EXTENSION: "yellow",
        ContractStatus.EXPIRED: "grey",
        ContractStatus.TERMINATED: "red",
    },
    fields=((Contract, "status"),),
)
register(
    CheckInStatus,
    {
        CheckInStatus.SCHEDULED: "light-blue",
        CheckInStatus.OPEN: "yellow",
        CheckInStatus.PUBLISHED: "green",
    },
    fields=((CheckIn, "status"),),
)
