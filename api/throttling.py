"""Rate limits for the API, counted in the cache (Redis): per address for anonymous
requests, per token for requests with one. The rates are in settings.REST_FRAMEWORK
(`KINDRED_API_ANONYMOUS_RATE`, `KINDRED_API_TOKEN_RATE`) and read on each request, so a
change of setting takes effect without a restart of the class."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from api.authentication import TokenClient


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]


class AnonymousRateThrottle(_SettingsRate):
    scope = "anonymous"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.user, TokenClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(_SettingsRate):
    scope = "token"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.user, TokenClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.token.pk}
