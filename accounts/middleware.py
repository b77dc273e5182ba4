"""Per-request context: the organisation a person is acting for, and the staff MFA rule."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
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


MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/assets/", "/healthz")
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def session_passed_mfa(request: HttpRequest) -> bool:
    """Whether this session gave a second factor: at sign-in or since, for this person.

    allauth records each step of a sign-in (password, security code) in the session, for
    the user who took it. A session opened some other way, or before the person added an
    authenticator app, has no such record.
    """
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


class RequireStaffMFAMiddleware:
    """Staff work only in a session that passed a second factor, not a password alone.

    Buyer staff need it on every page (when `KINDRED_REQUIRE_STAFF_MFA` is on); Django
    staff (`is_staff`) need it for the admin, always. Someone with an authenticator app is
    asked for a code and comes back; someone without one is sent to set one up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        # The session is read first: it costs no query, and it is the usual answer.
        if session_passed_mfa(request) or not self._needs_mfa(request):
            return None
        if is_mfa_enabled(request.user, SECOND_FACTORS):
            return redirect_to_login(request.get_full_path(), "mfa_reauthenticate")
        return redirect("mfa_activate_totp")

    def _needs_mfa(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return user.is_staff and match.url_name != "logout"
        if request.path.startswith(MFA_EXEMPT_PREFIXES):
            return False
        return settings.KINDRED_REQUIRE_STAFF_MFA and permissions.is_buyer_staff(user)
