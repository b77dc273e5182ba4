"""How social value's statuses look as GOV.UK tags (registered in `apps.py`)."""

from __future__ import annotations

from core.status_tags import register
from social_value.models import DeliveryReturn, ReturnStatus

register(
    ReturnStatus,
    {
        ReturnStatus.DUE: "yellow",
        ReturnStatus.SUBMITTED: "blue",
        ReturnStatus.QUERIED: "orange",
        ReturnStatus.VERIFIED: "green",
    },
    fields=((DeliveryReturn, "status"),),
)
