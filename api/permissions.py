"""The API reads and never writes; the organisation's own records follow the rules in
accounts/permissions.py (`api.own_records`, `api.own_buying_records`)."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework import permissions as drf_permissions
from rest_framework.request import Request

from accounts import permissions


class ReadOnly(drf_permissions.BasePermission):
    """GET, HEAD and OPTIONS only: anything else is 405, for everyone, before any rule is
    asked (so a POST without a token is not told to sign in first)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method not in drf_permissions.SAFE_METHODS:
            raise exceptions.MethodNotAllowed(request.method)
        return True


class OwnRecords(ReadOnly):
    """A token of the organisation whose records these are (401 without a token)."""

    action = "api.own_records"
    message = "Only a token of this organisation may read its own records."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not super().has_permission(request, view):
            return False
        client = request.user
        organisation = getattr(client, "organisation", None)
        return organisation is not None and permissions.can(client, self.action, organisation)


class OwnBuyingRecords(OwnRecords):
    action = "api.own_buying_records"
    message = "Only a public body has tenders and commissions: use a public body's token."
