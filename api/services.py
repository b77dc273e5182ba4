"""Making and revoking an organisation's API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import audit_record
from api.models import ApiToken
from core.errors import DomainError

TOKEN_START = "kindred_"  # noqa: S105  (what every token starts with, not a secret)
PREFIX_LENGTH = 14
LIVE_TOKENS_MAX = 20


def token_digest(token: str) -> str:
    """The SHA-256 of a token: what is stored and looked up. A token carries 256 random
    bits, so a fast hash is enough (there is no password to guess)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


@transaction.atomic
def api_token_create(*, organisation: Organisation, name: str, by: User) -> NewToken:
    """An administrator of the organisation makes a read-only token for its systems. The
    secret is returned once; only its digest is kept. At most twenty live tokens each."""
    permissions.require(by, "api_token.manage", organisation)
    name = name.strip()
    if not name:
        raise DomainError("Enter what the token is for", field="name")
    if organisation.api_tokens.filter(revoked_at__isnull=True).count() >= LIVE_TOKENS_MAX:
        raise DomainError(
            f"{organisation.name} already has {LIVE_TOKENS_MAX} tokens in use. Revoke one "
            "you no longer need first",
            field="name",
        )
    secret = TOKEN_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        digest=token_digest(secret),
        created_by=by,
    )
    audit_record(actor=by, verb="created", target=token, changes={"name": name})
    return NewToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """An administrator of the token's organisation stops it working, at once and for
    good. Revoking twice is refused, so the record keeps who revoked it first."""
    permissions.require(by, "api_token.manage", token.organisation)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError("This token has already been revoked.")
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=by, verb="revoked", target=token, changes={"name": token.name})
    return token
