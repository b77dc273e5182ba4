"""Header navigation by role, the organisation switcher and the unread count."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse

from accounts import permissions, selectors
from accounts.models import BUYER_STAFF_ROLES, OrganisationKind, Role


def _navigation_items(roles: frozenset[str], kind: str | None) -> tuple[tuple[str, str], ...]:
    return _items_for(roles, kind, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))


def _public_items() -> tuple[tuple[str, str], ...]:
    return _public_items_for(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))


# The menus depend only on the role, the kind of organisation and where the URLs are
# mounted, so each process works them out once rather than reversing seven URLs a page.
@lru_cache(maxsize=64)
def _items_for(
    roles: frozenset[str], kind: str | None, script_prefix: str, urlconf: Any
) -> tuple[tuple[str, str], ...]:
    items = [("Dashboard", reverse("home:dashboard"))]
    is_supplier = kind == OrganisationKind.SUPPLIER
    if kind == OrganisationKind.PUBLIC_BODY and (roles & BUYER_STAFF_ROLES or Role.VIEWER in roles):
        items += [
            ("Missions", reverse("commissioning:mission_list")),
            ("Needs", reverse("commissioning:need_list")),
            ("Commissions", reverse("commissioning:commission_list")),
            ("Tenders", reverse("procurement:tender_list")),
            ("Contracts", reverse("contracts:contract_list")),
        ]
    if is_supplier:
        items += [
            ("Opportunities", reverse("dialogue:opportunity_list")),
            ("Our bids", reverse("procurement:my_bids")),
            ("Our contracts", reverse("contracts:contract_list")),
            ("Returns and check-ins", reverse("social_value:provider_waiting")),
        ]
    return tuple(items)


@lru_cache(maxsize=8)
def _public_items_for(script_prefix: str, urlconf: Any) -> tuple[tuple[str, str], ...]:
    return (
        ("Opportunities", reverse("dialogue:opportunity_list")),
        ("What we bought", reverse("home:public_index")),
        ("What we learned", reverse("contracts:learning_public")),
    )


def _mark_active(items: tuple[tuple[str, str], ...], path: str) -> list[dict[str, Any]]:
    # The longest matching prefix is the section this page belongs to.
    best = max((href for _, href in items if path.startswith(href)), key=len, default=None)
    return [{"label": label, "href": href, "active": href == best} for label, href in items]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"service_navigation": _mark_active(_public_items(), request.path)}
    organisation = getattr(request, "organisation", None)
    roles = (
        permissions.roles_by_organisation(user).get(organisation.pk, frozenset())
        if (organisation)
        else frozenset()
    )
    return {
        "service_navigation": _mark_active(
            _navigation_items(roles, organisation.kind if organisation else None),
            request.path,
        ),
        "current_roles": roles,
        "switchable_organisations": selectors.organisations_for(user),
        "unread_notifications": selectors.unread_notification_count(user),
    }
