"""Public pages about what councils bought and what it achieved; no sign-in needed."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from commissioning.public_voice import privacy
from commissioning.public_voice import services as public_voice
from commissioning.public_voice.forms import HONEYPOT, CommentForm
from core.breadcrumbs import Crumb
from core.errors import DomainError
from core.forms import submit_form
from core.paging import page_of
from home import public, selectors
from home.forms import AskingFilterForm, BuyingSearchForm


def _crumbs(*items: tuple[str, str]) -> list[Crumb]:
    return [Crumb("What councils bought", reverse("home:public_index"))] + [
        Crumb(text, href) for text, href in items
    ]


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """Every council, linking to its missions."""
    context = {
        "councils": public.public_councils(),
        "inviting": public.commissions_inviting_views(),
    }
    return render(request, "home/public/index.html", context)


@require_GET
def public_what_we_buy(request: HttpRequest) -> HttpResponse:
    """Published commissions and awarded contracts in one list, searched by words and
    filtered by council, mission, place and provider type (a GET form: the address keeps
    the search, and it works without JavaScript)."""
    form = BuyingSearchForm(request.GET or None, options=selectors.buying_filter_options())
    filters = form.filters() if request.GET else selectors.BuyingFilters()
    page = page_of(request, selectors.what_we_buy(filters))
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": selectors.buying_rows(page),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "home/public/what_we_buy.html", context)


@require_GET
def public_have_your_say(request: HttpRequest) -> HttpResponse:
    """Every published commission asking for the public's views now, with a filter by
    council and by phase (before the award, during the service, after it)."""
    councils = [(council.pk, council.name) for council in selectors.councils_asking_for_views()]
    form = AskingFilterForm(request.GET or None, councils=councils)
    chosen = form.values() if request.GET else {}
    page = page_of(request, selectors.commissions_asking_for_views(**chosen))
    context = {"form": form, "page": page, "breadcrumbs": _crumbs()}
    return render(request, "home/public/have_your_say.html", context)


@require_GET
def public_council(request: HttpRequest, slug: str) -> HttpResponse:
    council = public.public_council(slug)
    if council is None:
        raise Http404
    context = {"view": public.public_council_page(council), "breadcrumbs": _crumbs()}
    return render(request, "home/public/council.html", context)


@require_GET
def public_mission(request: HttpRequest, pk: int) -> HttpResponse:
    mission = public.public_mission(pk)
    if mission is None:
        raise Http404
    page = page_of(request, public.public_contracts(mission))
    council = mission.organisation
    context = {
        "view": public.public_mission_page(mission, contracts=page),
        "breadcrumbs": _crumbs((council.name, reverse("home:public_council", args=[council.slug]))),
    }
    return render(request, "home/public/mission.html", context)


@require_GET
def public_contract(request: HttpRequest, pk: int) -> HttpResponse:
    contract = public.public_contract(pk)
    if contract is None:
        raise Http404
    council = contract.organisation
    context = {
        "view": public.public_contract_page(contract),
        "breadcrumbs": _crumbs((council.name, reverse("home:public_council", args=[council.slug]))),
    }
    return render(request, "home/public/contract.html", context)


def _commission_crumbs(commission) -> list[Crumb]:
    council = commission.organisation
    return _crumbs((council.name, reverse("home:public_council", args=[council.slug])))


@require_http_methods(["GET", "POST"])
def public_commission(request: HttpRequest, pk: int) -> HttpResponse:
    """What the council is buying and why, what the public said and what changed; with a
    comment form while the commission asks for views. A sent comment waits for its
    writer to confirm it by email."""
    commission = public.public_commission(pk)
    if commission is None:
        raise Http404
    form = CommentForm(request.POST or None) if commission.invites_views else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if submit_form(
            form,
            lambda data: public_voice.comment_submit(
                commission=commission,
                display_name=data["display_name"],
                email=data["email"],
                body=data["body"],
                honeypot=data[HONEYPOT],
                ip=get_adapter().get_client_ip(request),
            ),
        ):
            messages.success(
                request,
                "Check your email. We have sent you a link to confirm your comment. "
                "The council reads it before it is published.",
            )
            return redirect(f"{reverse('home:public_commission', args=[pk])}#comments")
    page = page_of(request, public.published_comments(commission))
    context = {
        "view": public.public_commission_page(commission, comments=page),
        "form": form,
        "privacy": privacy.privacy_terms(),
        "breadcrumbs": _commission_crumbs(commission),
    }
    return render(request, "home/public/commission.html", context)


@require_http_methods(["GET", "POST"])
def public_comment_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link emailed to a comment's writer. Opening it asks them to press a button, so
    a mail scanner that follows links confirms nothing; the button confirms."""
    error = comment = None
    try:
        comment = public_voice.comment_for_token(token)
        if request.method == "POST":
            comment = public_voice.comment_confirm(token=token)
            messages.success(
                request,
                "Thank you. Your comment is confirmed. The council will read it before it "
                "is published.",
            )
            return redirect(
                f"{reverse('home:public_commission', args=[comment.commission_id])}#comments"
            )
    except DomainError as refusal:
        error = str(refusal)
    context = {
        "comment": comment,
        "error": error,
        "withdrawal_token": privacy.withdrawal_token(comment) if comment else "",
    }
    return render(
        request, "home/public/comment_confirm.html", context, status=400 if error else 200
    )


@require_http_methods(["GET", "POST"])
def public_comment_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """The withdrawal link in the confirmation email; it works at any time. Opening it asks
    the writer to press a button (so a mail scanner that follows links withdraws nothing);
    the button withdraws the comment and erases their email address."""
    error = comment = None
    try:
        comment = privacy.comment_for_withdrawal(token)
        if request.method == "POST":
            privacy.comment_withdraw(token=token)
            messages.success(
                request,
                "Your comment is withdrawn. It is no longer on the public page, and we have "
                "deleted your email address.",
            )
            if public.public_commission(comment.commission_id) is None:
                return redirect("home:public_index")
            return redirect("home:public_commission", comment.commission_id)
    except DomainError as refusal:
        error = str(refusal)
    context = {"comment": comment, "error": error}
    return render(
        request, "home/public/comment_withdraw.html", context, status=400 if error else 200
    )
