"""Pages for market engagement.

The list of open engagements and each open engagement's page are public. A draft is seen
only by the council. Responses are private: a supplier sees its own, the buyer's staff
see the ones that were sent, and anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from commissioning.plain_language.analysis import Analysis, analyse, glossary_for
from commissioning.views import _get_commission_for
from core.errors import DomainError
from core.forms import submit_form
from core.paging import page_of
from core.views import run_and_redirect
from dialogue.engagement import selectors, services
from dialogue.engagement.forms import (
    AnswersForm,
    EngagementForm,
    InsightForm,
    IssueVersionForm,
    QuestionForm,
    SignupForm,
)
from dialogue.models import EngagementResponse, EngagementStatus, MarketEngagement


# --- Finding records the person may see ----------------------------------------------------
def _get_engagement_for(request: HttpRequest, pk: int) -> MarketEngagement:
    """An engagement the person may see: any opened one, or a draft of their own council."""
    engagement = selectors.engagement_get(pk)
    if engagement is None or not permissions.can(request.user, "engagement.view", engagement):
        raise Http404
    return engagement


def _get_managed_engagement_for(request: HttpRequest, pk: int) -> MarketEngagement:
    engagement = _get_engagement_for(request, pk)
    if not permissions.can(request.user, "engagement.manage", engagement):
        raise PermissionDenied("Only the council's commissioners can change this engagement.")
    return engagement


def _get_insights_engagement_for(request: HttpRequest, pk: int) -> MarketEngagement:
    """Responses and insights are the buyer's staff's only; nobody else learns they exist."""
    engagement = _get_engagement_for(request, pk)
    if not permissions.can(request.user, "engagement.insights", engagement):
        raise Http404
    return engagement


def _get_response_for(request: HttpRequest, pk: int) -> EngagementResponse:
    response = selectors.response_get(pk)
    if response is None or not permissions.can(request.user, "engagement_response.read", response):
        raise Http404
    return response


def _acting_supplier(request: HttpRequest) -> Organisation | None:
    """The supplier the person is acting for, if they may act for it in the portal."""
    organisation = getattr(request, "organisation", None)
    if organisation and permissions.can(request.user, "supplier.act", organisation):
        return organisation
    return None


# --- Public pages ------------------------------------------------------------------------
@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.engagements_open(now=timezone.now()))
    return render(request, "dialogue/engagement/engagement_list.html", {"page": page})


@require_GET
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_engagement_for(request, pk)
    return _detail_page(request, engagement)


def _detail_page(
    request: HttpRequest,
    engagement: MarketEngagement,
    *,
    question_form: QuestionForm | None = None,
    signup_form: SignupForm | None = None,
) -> HttpResponse:
    user = request.user
    may_manage = permissions.can(user, "engagement.manage", engagement)
    may_see_responses = permissions.can(user, "engagement.insights", engagement)
    supplier = _acting_supplier(request) if user.is_authenticated else None
    if supplier is not None and supplier.pk == engagement.organisation_id:
        supplier = None
    draft = engagement.status == EngagementStatus.DRAFT
    if may_manage and draft and question_form is None:
        question_form = QuestionForm(
            item_choices=selectors.spec_item_choices(engagement.commission)
        )
    places_taken = selectors.signup_count(engagement) if engagement.has_event else 0
    context = {
        "engagement": engagement,
        "questions": selectors.engagement_questions(engagement),
        "may_manage": may_manage,
        "may_see_responses": may_see_responses,
        "accepting": services.accepting_responses(engagement),
        "supplier": supplier,
        "response": selectors.response_of(engagement, supplier) if supplier else None,
        "signup": selectors.signup_of(engagement, user) if supplier else None,
        "signup_form": signup_form or SignupForm(),
        "places_taken": places_taken,
        "event_full": engagement.event_capacity is not None
        and places_taken >= engagement.event_capacity,
        "event_upcoming": engagement.has_event and engagement.event_starts_at > timezone.now(),
        "question_form": question_form if may_manage and draft else None,
        "signups": selectors.signups_for(engagement) if may_see_responses else [],
        "sent_count": selectors.sent_response_count(engagement) if may_see_responses else 0,
        # The brief's plain English check, for the buyer while it can still change.
        "brief_check": _brief_check(engagement.brief, engagement.organisation_id)
        if may_manage and draft
        else None,
    }
    return render(request, "dialogue/engagement/engagement_detail.html", context)


# --- The commissioner's pages --------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def engagement_create(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    if not permissions.can(request.user, "engagement.manage", commission):
        raise PermissionDenied("Only the council's commissioners can ask the market for views.")
    form = EngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            engagement = services.engagement_create(
                commission=commission, by=request.user, **form.details()
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Draft market engagement created. Add your questions.")
            return redirect("dialogue:engagement_detail", pk=engagement.pk)
    return _form_page(request, form, commission=commission, engagement=None)


def _form_page(
    request: HttpRequest,
    form: EngagementForm,
    *,
    commission: Any,
    engagement: MarketEngagement | None,
) -> HttpResponse:
    """The engagement form, with the brief's plain English check as it stands."""
    context = {
        "form": form,
        "commission": commission,
        "engagement": engagement,
        "brief_check": _brief_check(form["brief"].value() or "", commission.organisation_id),
    }
    return render(request, "dialogue/engagement/engagement_form.html", context)


def _brief_check(brief: str, organisation_id: int) -> Analysis:
    return analyse(brief, glossary_for(organisation_id))


@require_http_methods(["GET", "POST"])
@login_required
def engagement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_managed_engagement_for(request, pk)
    initial = {
        "title": engagement.title,
        "brief": engagement.brief,
        "response_deadline": engagement.response_deadline,
        "event_starts_at": engagement.event_starts_at,
        "event_location": engagement.event_location,
        "event_online_url": engagement.event_online_url,
        "event_capacity": engagement.event_capacity,
    }
    form = EngagementForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.engagement_update(
            engagement=engagement, by=request.user, **form.details()
        ),
    ):
        messages.success(request, "Market engagement saved.")
        return redirect("dialogue:engagement_detail", pk=engagement.pk)
    return _form_page(request, form, commission=engagement.commission, engagement=engagement)


@require_POST
@login_required
def engagement_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_managed_engagement_for(request, pk)
    form = QuestionForm(
        request.POST, item_choices=selectors.spec_item_choices(engagement.commission)
    )
    if form.is_valid():
        section, requirement = selectors.spec_item_get(
            engagement.commission, form.cleaned_data["item"]
        )
        try:
            services.question_add(
                engagement=engagement,
                by=request.user,
                text=form.cleaned_data["text"],
                guidance=form.cleaned_data["guidance"],
                word_limit=form.cleaned_data["word_limit"],
                section=section,
                requirement=requirement,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question added.")
            return redirect("dialogue:engagement_detail", pk=engagement.pk)
    return _detail_page(request, engagement, question_form=form)


@require_POST
@login_required
def engagement_question_remove(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    engagement = _get_managed_engagement_for(request, pk)
    question = engagement.questions.filter(pk=question_pk).first()
    if question is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.question_remove(question=question, by=request.user),
        success="Question removed.",
        to="dialogue:engagement_detail",
        pk=engagement.pk,
    )


@require_POST
@login_required
def engagement_open(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_managed_engagement_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.engagement_open(engagement=engagement, by=request.user),
        success="The market engagement is open. Suppliers can now respond.",
        to="dialogue:engagement_detail",
        pk=engagement.pk,
    )


@require_POST
@login_required
def engagement_close(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_managed_engagement_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.engagement_close(engagement=engagement, by=request.user),
        success="The market engagement is closed to new responses.",
        to="dialogue:engagement_detail",
        pk=engagement.pk,
    )


# --- The supplier's pages ------------------------------------------------------------------
def _supplier_for(request: HttpRequest, engagement: MarketEngagement) -> Organisation:
    supplier = _acting_supplier(request)
    if supplier is None or supplier.pk == engagement.organisation_id:
        raise PermissionDenied("Sign in as a supplier to take part in market engagement.")
    return supplier


@require_POST
@login_required
def engagement_signup(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_engagement_for(request, pk)
    supplier = _supplier_for(request, engagement)
    form = SignupForm(request.POST)
    if submit_form(
        form,
        lambda data: services.event_signup(
            engagement=engagement,
            supplier=supplier,
            by=request.user,
            access_needs=data["access_needs"],
        ),
    ):
        messages.success(request, "You have a place at the event.")
        return redirect("dialogue:engagement_detail", pk=engagement.pk)
    return _detail_page(request, engagement, signup_form=form)


@require_POST
@login_required
def engagement_signup_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_engagement_for(request, pk)
    return run_and_redirect(
        request,
        lambda: services.event_signup_cancel(engagement=engagement, by=request.user),
        success="You have given up your place at the event.",
        to="dialogue:engagement_detail",
        pk=engagement.pk,
    )


@require_http_methods(["GET", "POST"])
@login_required
def engagement_respond(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_engagement_for(request, pk)
    supplier = _supplier_for(request, engagement)
    response = selectors.response_of(engagement, supplier)
    if request.method == "GET":
        if response is not None and response.submitted_at is not None:
            return redirect("dialogue:engagement_response_detail", pk=response.pk)
        if not services.accepting_responses(engagement):
            messages.error(request, "This market engagement is not taking responses.")
            return redirect("dialogue:engagement_detail", pk=engagement.pk)
    questions = selectors.engagement_questions(engagement)
    saved = (
        {answer.question_id: answer.text for answer in response.answers.all()} if response else {}
    )
    form = AnswersForm(
        request.POST or None,
        questions=questions,
        initial={f"answer_{question_id}": text for question_id, text in saved.items()},
    )
    # A late or repeated POST still reaches the services, which say exactly why it is
    # refused; the form keeps what the person typed.
    if request.method == "POST" and form.is_valid():
        sending = request.POST.get("action") == "send"
        try:
            response = services.response_save_answers(
                engagement=engagement, supplier=supplier, answers=form.answers(), by=request.user
            )
            if sending:
                services.response_submit(response=response, by=request.user)
        except services.AnswersInvalid as error:
            form.add_question_errors(error.errors)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            if sending:
                messages.success(request, "Your response has been sent to the buyer.")
                return redirect("dialogue:engagement_response_detail", pk=response.pk)
            messages.success(request, "Your draft has been saved. You can come back to it.")
            return redirect("dialogue:engagement_respond", pk=engagement.pk)
    context = {
        "engagement": engagement,
        "supplier": supplier,
        "response": response,
        "form": form,
    }
    return render(request, "dialogue/engagement/engagement_respond.html", context)


@require_GET
@login_required
def engagement_response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = _get_response_for(request, pk)
    context = {
        "response": response,
        "engagement": response.engagement,
        "answers": list(response.answers.all()),
        "is_supplier": permissions.can(request.user, "supplier.act", response.supplier),
    }
    return render(request, "dialogue/engagement/engagement_response_detail.html", context)


# --- Responses and insights, for the buyer -------------------------------------------------
@require_GET
@login_required
def engagement_responses(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_insights_engagement_for(request, pk)
    context = {
        "engagement": engagement,
        "groups": selectors.responses_by_question(engagement),
        "sent_count": selectors.sent_response_count(engagement),
        "may_manage": permissions.can(request.user, "engagement.manage", engagement),
    }
    return render(request, "dialogue/engagement/engagement_responses.html", context)


def _insight_form(engagement: MarketEngagement, data: Any = None) -> InsightForm:
    questions = selectors.engagement_questions(engagement)
    return InsightForm(
        data,
        answers=selectors.answers_sent(engagement),
        question_numbers={question.pk: number for number, question in enumerate(questions, 1)},
        item_choices=selectors.spec_item_choices(engagement.commission),
    )


@require_http_methods(["GET", "POST"])
@login_required
def engagement_insight_add(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_insights_engagement_for(request, pk)
    if not permissions.can(request.user, "engagement.manage", engagement):
        raise PermissionDenied("Only the council's commissioners can record insights.")
    form = _insight_form(engagement, request.POST or None)
    if request.method == "POST" and form.is_valid():
        section, requirement = selectors.spec_item_get(
            engagement.commission, form.cleaned_data["item"]
        )
        try:
            services.insight_add(
                engagement=engagement,
                by=request.user,
                text=form.cleaned_data["text"],
                tags=form.cleaned_data["tags"],
                answers=form.chosen_answers(),
                section=section,
                requirement=requirement,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Insight added.")
            return redirect("dialogue:engagement_insights", pk=engagement.pk)
    return render(
        request,
        "dialogue/engagement/engagement_insight_form.html",
        {"engagement": engagement, "form": form},
    )


def _insights_page(
    request: HttpRequest, engagement: MarketEngagement, issue_form: IssueVersionForm | None = None
) -> HttpResponse:
    tag = request.GET.get("tag", "").strip().lower()
    insights = selectors.insights_for(engagement, tag=tag)
    may_manage = permissions.can(request.user, "engagement.manage", engagement)
    uncited = [
        insight for insight in selectors.insights_for(engagement) if not insight.cited_in_version_id
    ]
    if may_manage and issue_form is None:
        issue_form = IssueVersionForm(insights=uncited)
    context = {
        "engagement": engagement,
        "insights": insights,
        "tags": selectors.insight_tags(engagement),
        "tag": tag,
        "may_manage": may_manage,
        "issue_form": issue_form if may_manage and uncited else None,
    }
    return render(request, "dialogue/engagement/engagement_insights.html", context)


@require_GET
@login_required
def engagement_insights(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_insights_engagement_for(request, pk)
    return _insights_page(request, engagement)


@require_POST
@login_required
def engagement_version_issue(request: HttpRequest, pk: int) -> HttpResponse:
    engagement = _get_insights_engagement_for(request, pk)
    if not permissions.can(request.user, "engagement.manage", engagement):
        raise PermissionDenied("Only the council's commissioners can issue a version.")
    uncited = [
        insight for insight in selectors.insights_for(engagement) if not insight.cited_in_version_id
    ]
    form = IssueVersionForm(request.POST, insights=uncited)
    if form.is_valid():
        try:
            version = services.version_issue_citing_insights(
                engagement=engagement,
                insights=form.chosen_insights(),
                change_note=form.cleaned_data["change_note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Version {version.number} issued, citing the market feedback."
            )
            return redirect(
                "commissioning:specification_version_detail",
                pk=engagement.commission_id,
                number=version.number,
            )
    return _insights_page(request, engagement, issue_form=form)
