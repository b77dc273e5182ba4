"""How an API token's state looks as a GOV.UK tag (registered in `apps.py`)."""

from __future__ import annotations

from api.models import TokenState
from core.status_tags import register

register(TokenState, {TokenState.LIVE: "green", TokenState.REVOKED: "grey"})
