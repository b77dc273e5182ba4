"""Per-request context: the organisation a person is acting for, and the staff MFA rule."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from accounts import permissions, selectors
from accounts.models import Organisation

SESSION_KEY = "current_organisation_id"


def _current_organisation(request: HttpRequest) -> Organisation | None:
    if not request.user.is_authenticated:
        return None
    organisations = {org.pk: org for org in selectors.organisations_for(request.user)}
    chosen = request.session.get(SESSION_KEY)
    if chosen in organisations:
        return organisations[chosen]
    return next(iter(organisations.values()), None)


class CurrentOrganisationMiddleware:
    """Sets `request.organisation`: the one chosen in the switcher, or the first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = SimpleLazyObject(lambda: _current_organisation(request))
        return self.get_response(request)


MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/assets/", "/healthz", "/admin/logout")
MFA_SESSION_KEY = "staff_mfa_confirmed"


class RequireStaffMFAMiddleware:
    """Buyer-side staff must set up an authenticator app before using the service."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        if not settings.KINDRED_REQUIRE_STAFF_MFA or not request.user.is_authenticated:
            return False
        if request.path.startswith(MFA_EXEMPT_PREFIXES) or request.session.get(MFA_SESSION_KEY):
            return False
        if not permissions.is_buyer_staff(request.user):
            return False
        from allauth.mfa.models import Authenticator

        if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
            request.session[MFA_SESSION_KEY] = True
            return False
        return True
