"""The council's side of a commission's public page: writing and publishing it, and
moderating the public's comments.

People outside the owning council get 404; the council's people who may read its
commissioning but not moderate (viewers, evaluators, contract managers) get 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from commissioning import breadcrumbs
from commissioning.models import CommentStatus, Commission, PublicComment
from commissioning.plain_language.analysis import analyse, glossary_for
from commissioning.public_voice import selectors, services
from commissioning.public_voice.forms import (
    EvidenceForm,
    HideForm,
    PublicPageForm,
    ReplyForm,
    summary_warning,
)
from commissioning.views import _get_commission_for, _organisation_for
from core.breadcrumbs import Crumb
from core.forms import submit_form
from core.paging import page_of
from core.views import run_and_redirect


def _get_moderated_commission(request: HttpRequest, pk: int) -> Commission:
    commission = _get_commission_for(request, pk)
    permissions.require(request.user, "public_comment.moderate", commission)
    return commission


def _get_comment_for(request: HttpRequest, pk: int, comment_pk: int) -> PublicComment:
    commission = _get_moderated_commission(request, pk)
    comment = selectors.comment_get(commission, comment_pk)
    if comment is None:
        raise Http404
    return comment


def _queue_crumbs(commission: Commission) -> list[Crumb]:
    url = reverse("commissioning:public_comment_list", args=[commission.pk])
    return [*breadcrumbs.commission(commission), Crumb("Comments from the public", url)]


@require_http_methods(["GET", "POST"])
@login_required
def public_page_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the public summary (checked for plain language as it is typed), publish the
    page and choose when it asks for views."""
    commission = _get_commission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", commission)
    form = PublicPageForm(
        request.POST or None,
        initial={
            "public_summary": commission.public_summary,
            "publish": commission.is_public,
            "invite_views_in": commission.invite_views_in,
        },
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.commission_public_page_update(
            commission=commission, by=request.user, **data
        ),
    ):
        messages.success(
            request,
            "Public page published."
            if form.cleaned_data["publish"]
            else "Public page saved. It is not published.",
        )
        warning = summary_warning(
            analyse(form.cleaned_data["public_summary"], glossary_for(commission.organisation_id))
        )
        if warning:
            messages.warning(request, warning)
        return redirect(f"{reverse('commissioning:commission_detail', args=[pk])}#public-page")
    context = {
        "breadcrumbs": breadcrumbs.commission(commission),
        "commission": commission,
        "form": form,
        "summary_check": analyse(
            form["public_summary"].value() or "", glossary_for(commission.organisation_id)
        ),
    }
    return render(request, "commissioning/public_voice/public_page_form.html", context)


def _status_asked(request: HttpRequest) -> str:
    """The status a queue shows (`?status=`); waiting for moderation unless one is named."""
    status = request.GET.get("status", CommentStatus.PENDING)
    return status if status in CommentStatus.values else CommentStatus.PENDING


@require_GET
@login_required
def council_comment_queue(request: HttpRequest) -> HttpResponse:
    """The council's moderation queue: the comments in one status across all of its
    commissions, those waiting first and oldest first. Only the council's commissioners
    and administrators, acting for the council, see it; its other staff get 403 and anyone
    acting for another organisation 404."""
    organisation = _organisation_for(request)
    permissions.require(request.user, "public_comment.moderate", organisation)
    status = _status_asked(request)
    context = {
        "status": CommentStatus(status),
        "counts": selectors.council_status_counts(organisation, status),
        "page": page_of(request, selectors.council_moderation_queue(organisation, status)),
        "may_publish": CommentStatus.PUBLISHED in services.COMMENT_ALLOWED[status],
        "may_answer": status not in (CommentStatus.UNCONFIRMED, CommentStatus.WITHDRAWN),
    }
    return render(request, "commissioning/public_voice/council_queue.html", context)


@require_GET
@login_required
def public_comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The moderation queue: the commission's comments in one status, waiting ones first."""
    commission = _get_moderated_commission(request, pk)
    status = _status_asked(request)
    context = {
        "breadcrumbs": breadcrumbs.commission(commission),
        "commission": commission,
        "status": CommentStatus(status),
        "counts": selectors.status_counts(commission, status),
        "page": page_of(request, selectors.moderation_queue(commission, status)),
    }
    return render(request, "commissioning/public_voice/comment_list.html", context)


def _comment_page(
    request: HttpRequest,
    comment: PublicComment,
    *,
    hide_form: HideForm | None = None,
    reply_form: ReplyForm | None = None,
    evidence_form: EvidenceForm | None = None,
) -> HttpResponse:
    commission = comment.commission
    needs = selectors.commission_needs(commission)
    context = {
        "breadcrumbs": _queue_crumbs(commission),
        "commission": commission,
        "comment": comment,
        "hide_form": hide_form or HideForm(),
        "reply_form": reply_form or ReplyForm(initial={"reply": comment.reply}),
        "evidence_form": evidence_form or EvidenceForm(needs=needs),
        "has_needs": needs.exists(),
        "has_specification": hasattr(commission, "specification"),
        "may_publish": CommentStatus.PUBLISHED in services.COMMENT_ALLOWED[comment.status],
        "may_hide": CommentStatus.HIDDEN in services.COMMENT_ALLOWED[comment.status],
        "may_reply": comment.status not in (CommentStatus.UNCONFIRMED, CommentStatus.WITHDRAWN),
    }
    return render(request, "commissioning/public_voice/comment_detail.html", context)


@require_GET
@login_required
def public_comment_detail(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    return _comment_page(request, _get_comment_for(request, pk, comment_pk))


def _detail_url(comment: PublicComment) -> str:
    return reverse("commissioning:public_comment_detail", args=[comment.commission_id, comment.pk])


def _back_to_queue(request: HttpRequest) -> str:
    """The council's queue page the button was pressed on (`next`, the same site's queue
    only), so moderating from the queue comes back to it; else ''."""
    queue = reverse("commissioning:council_comment_queue")
    back = request.POST.get("next", "")
    if back.startswith(queue) and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return back
    return ""


@require_POST
@login_required
def public_comment_publish(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _get_comment_for(request, pk, comment_pk)
    return run_and_redirect(
        request,
        lambda: services.comment_publish(comment=comment, by=request.user),
        success="Comment published on the public page.",
        to=_back_to_queue(request) or _detail_url(comment),
    )


@require_POST
@login_required
def public_comment_hide(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _get_comment_for(request, pk, comment_pk)
    form = HideForm(request.POST)
    if submit_form(
        form,
        lambda data: services.comment_hide(comment=comment, reason=data["reason"], by=request.user),
    ):
        messages.success(request, "Comment hidden. It is no longer on the public page.")
        return redirect(_detail_url(comment))
    return _comment_page(request, comment, hide_form=form)


@require_POST
@login_required
def public_comment_reply(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _get_comment_for(request, pk, comment_pk)
    form = ReplyForm(request.POST)
    if submit_form(
        form,
        lambda data: services.comment_reply(comment=comment, reply=data["reply"], by=request.user),
    ):
        messages.success(request, "Reply saved.")
        return redirect(_detail_url(comment))
    return _comment_page(request, comment, reply_form=form)


@require_POST
@login_required
def public_comment_evidence(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _get_comment_for(request, pk, comment_pk)
    form = EvidenceForm(request.POST, needs=selectors.commission_needs(comment.commission))
    if submit_form(
        form,
        lambda data: services.comment_to_evidence(
            comment=comment, need=data["need"], by=request.user
        ),
    ):
        messages.success(
            request, f"Added as community voice evidence for “{form.cleaned_data['need']}”."
        )
        return redirect(_detail_url(comment))
    return _comment_page(request, comment, evidence_form=form)
