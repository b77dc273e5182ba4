"""What a person sees first: their organisation's current work, by role."""

from __future__ import annotations

from typing import Any

from accounts.models import Organisation, User


def dashboard_for(user: User, organisation: Organisation | None) -> dict[str, Any]:
    return {"organisation": organisation}
