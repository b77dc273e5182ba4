"""Pages for missions, needs, commissions and specifications.

People outside the owning organisation get 404, so they cannot learn a record exists.
People inside it who may read but not edit get 403 on the editing pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.errors import DomainError
from accounts.models import Organisation
from commissioning import selectors, services
from commissioning.forms import (
    CommissionForm,
    CommissionTransitionForm,
    MissionEditForm,
    MissionForm,
    NeedForm,
)
from commissioning.models import (
    Commission,
    Mission,
    Need,
)

PAGE_SIZE = 25


def _page(request: HttpRequest, queryset: QuerySet) -> Page:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _organisation_for(request: HttpRequest, *, edit: bool = False) -> Organisation:
    """The organisation the person is acting for, if they may read (or edit) its work."""
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "commissioning.view", organisation):
        raise Http404
    if edit:
        permissions.require(request.user, "commissioning.edit", organisation)
    return organisation


def _visible(request: HttpRequest, obj: object | None) -> None:
    if obj is None or not permissions.can(request.user, "commissioning.view", obj):
        raise Http404


def _get_mission_for(request: HttpRequest, pk: int) -> Mission:
    mission = selectors.mission_get(pk)
    _visible(request, mission)
    return mission


def _get_need_for(request: HttpRequest, pk: int) -> Need:
    need = selectors.need_get(pk)
    _visible(request, need)
    return need


def _get_commission_for(request: HttpRequest, pk: int) -> Commission:
    commission = selectors.commission_get(pk)
    _visible(request, commission)
    return commission


# --- Missions --------------------------------------------------------------------------
@require_GET
@login_required
def mission_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    context = {
        "page": _page(request, selectors.missions_for(organisation)),
        "may_edit": permissions.can(request.user, "commissioning.edit", organisation),
    }
    return render(request, "commissioning/mission_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def mission_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    form = MissionForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            mission = services.mission_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Mission “{mission}” created.")
            return redirect("commissioning:mission_detail", pk=mission.pk)
    return render(request, "commissioning/mission_form.html", {"form": form, "mission": None})


@require_GET
@login_required
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _get_mission_for(request, pk)
    context = {
        "mission": mission,
        "may_edit": permissions.can(request.user, "commissioning.edit", mission),
        **selectors.mission_detail(mission),
    }
    return render(request, "commissioning/mission_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _get_mission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", mission)
    initial = {name: getattr(mission, name) for name in services.MISSION_EDITABLE_FIELDS}
    form = MissionEditForm(request.POST or None, initial=initial, organisation=mission.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(mission=mission, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Mission updated.")
            return redirect("commissioning:mission_detail", pk=mission.pk)
    return render(request, "commissioning/mission_form.html", {"form": form, "mission": mission})


# --- Needs -----------------------------------------------------------------------------
@require_GET
@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    context = {
        "page": _page(request, selectors.needs_for(organisation)),
        "may_edit": permissions.can(request.user, "commissioning.edit", organisation),
    }
    return render(request, "commissioning/need_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    initial = {}
    if mission_pk := request.GET.get("mission", ""):
        initial["missions"] = [mission_pk] if mission_pk.isdigit() else []
    form = NeedForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Need “{need}” recorded.")
            return redirect("commissioning:need_detail", pk=need.pk)
    return render(request, "commissioning/need_form.html", {"form": form})


@require_GET
@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = _get_need_for(request, pk)
    context = {
        "need": need,
        "may_edit": permissions.can(request.user, "commissioning.edit", need),
    }
    return render(request, "commissioning/need_detail.html", context)


# --- Commissions -----------------------------------------------------------------------
@require_GET
@login_required
def commission_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    context = {
        "page": _page(request, selectors.commissions_for(organisation)),
        "may_edit": permissions.can(request.user, "commissioning.edit", organisation),
    }
    return render(request, "commissioning/commission_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def commission_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    initial = {}
    if need_pk := request.GET.get("need", ""):
        initial["needs"] = [need_pk] if need_pk.isdigit() else []
    form = CommissionForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            commission = services.commission_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Commission “{commission}” started.")
            return redirect("commissioning:commission_detail", pk=commission.pk)
    return render(request, "commissioning/commission_form.html", {"form": form})


def _commission_page(
    request: HttpRequest, commission: Commission, transition_form: CommissionTransitionForm
) -> HttpResponse:
    context = {
        **selectors.commission_detail(commission),
        "may_edit": permissions.can(request.user, "commissioning.edit", commission),
        "transition_form": transition_form,
    }
    return render(request, "commissioning/commission_detail.html", context)


@require_GET
@login_required
def commission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    form = CommissionTransitionForm(allowed=services.commission_next_statuses(commission))
    return _commission_page(request, commission, form)


@require_POST
@login_required
def commission_transition(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", commission)
    form = CommissionTransitionForm(
        request.POST, allowed=services.commission_next_statuses(commission)
    )
    if form.is_valid():
        try:
            commission = services.commission_transition(
                commission=commission, to=form.cleaned_data["to"], by=request.user
            )
        except DomainError as error:
            form.add_error("to", str(error))
        else:
            messages.success(
                request, f"The commission is now “{commission.get_status_display().lower()}”."
            )
            return redirect("commissioning:commission_detail", pk=commission.pk)
    return _commission_page(request, commission, form)


# --- Specifications --------------------------------------------------------------------
