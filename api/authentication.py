"""Requests with an API token act as the token's organisation, reading only.

A token is sent as `Authorization: Bearer <token>`. It is looked up by its digest; a
revoked or unknown token is refused with 401, never read as "anonymous", so a client
whose token was revoked learns it at once instead of quietly getting less.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from accounts.models import Organisation
from api.models import ApiToken
from api.services import token_digest

# How stale "last used" may get before a request writes it again: one write per token
# per window, not one per request.
LAST_USED_WINDOW = datetime.timedelta(minutes=5)


@dataclass(eq=False)
class TokenClient:
    """Who a request with a token is: the token's organisation, with no person behind it.

    It has no roles, so every permission rule about people answers no; only the API's
    own rules (`api.own_records`, `api.own_buying_records`) look at its organisation.
    """

    token: ApiToken

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    @property
    def organisation(self) -> Organisation:
        return self.token.organisation

    @property
    def api_organisation_id(self) -> int:
        return self.token.organisation_id

    def __str__(self) -> str:
        return f"API token {self.token.prefix}… of {self.token.organisation.name}"


class OrganisationTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[TokenClient, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as: Authorization: Bearer <token>"
            )
        try:
            secret = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid.") from None
        token = (
            ApiToken.objects.select_related("organisation")
            .filter(digest=token_digest(secret), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid, or was revoked.")
        now = timezone.now()
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_WINDOW:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return TokenClient(token), token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'
