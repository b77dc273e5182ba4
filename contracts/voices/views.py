"""The page a person who uses the service reaches from their email: no account, one answer
per link. Everything else about voices is on the check-in page (contracts/views.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from contracts.voices import services
from contracts.voices.forms import VoiceForm
from core.forms import submit_form


def _link_problem(request: HttpRequest, *, expired: bool) -> HttpResponse:
    return render(request, "contracts/voice_link_problem.html", {"expired": expired}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def voice_give(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding a genuine, unused, unexpired link may answer; nobody else sees a form."""
    try:
        invitation = services.voice_invitation_for_token(token)
    except services.VoiceLinkExpired:
        return _link_problem(request, expired=True)
    except services.VoiceLinkUsed:
        return _link_problem(request, expired=False)
    if invitation is None:
        raise Http404
    form = VoiceForm(request.POST or None)
    if request.method == "POST":
        if submit_form(
            form,
            lambda data: services.voice_give(
                token=token,
                story=data["story"],
                ratings=form.ratings(),
                share_publicly=data["share_publicly"],
            ),
        ):
            return redirect("contracts:voice_thanks")
        # The same link answered in another tab meanwhile: say so, not a form error.
        invitation.refresh_from_db(fields=["answered"])
        if invitation.answered:
            return _link_problem(request, expired=False)
    contract = invitation.checkin.contract
    return render(
        request,
        "contracts/voice_give.html",
        {"form": form, "contract": contract, "expires_at": invitation.expires_at},
    )


@require_GET
def voice_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "contracts/voice_thanks.html")
