"""An organisation administrator's page for its API tokens: make one (shown once), see
which are in use, revoke one. Mounted under the organisation's pages
(/organisations/<slug>/api-tokens/)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from api import selectors, services
from api.forms import TokenForm
from core.breadcrumbs import Crumb
from core.forms import submit_form
from core.views import run_and_redirect


def _organisation_for_tokens(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, or 404 for anyone but its administrators."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can(request.user, "api_token.manage", organisation):
        raise Http404
    return organisation


def _breadcrumbs(organisation: Organisation) -> list[Crumb]:
    return [
        Crumb(
            f"People in {organisation.name}",
            reverse("accounts:organisation_people", args=[organisation.slug]),
        )
    ]


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def token_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_tokens(request, slug)
    form = TokenForm(request.POST or None)
    created: list[services.NewToken] = []
    if request.method == "POST" and submit_form(
        form,
        lambda data: created.append(
            services.api_token_create(organisation=organisation, by=request.user, **data)
        ),
    ):
        # Shown on this response only and never stored: no redirect, no session.
        return render(
            request,
            "api/token_created.html",
            {
                "organisation": organisation,
                "new": created[0],
                "breadcrumbs": _breadcrumbs(organisation),
            },
        )
    return render(
        request,
        "api/token_list.html",
        {
            "organisation": organisation,
            "tokens": selectors.tokens_for(organisation),
            "form": form,
            "breadcrumbs": _breadcrumbs(organisation),
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_for_tokens(request, slug)
    token = selectors.token_get(organisation, pk)
    if token is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.api_token_revoke(token=token, by=request.user),
        success=f"Token “{token.name}” revoked. It no longer works.",
        to="api_tokens:token_list",
        slug=organisation.slug,
    )
