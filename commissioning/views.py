"""Pages for missions, needs, commissions and specifications.

People outside the owning organisation get 404, so they cannot learn a record exists.
People inside it who may read but not edit get 403 on the editing pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from commissioning import breadcrumbs, places_csv, selectors, services, trends
from commissioning.forms import (
    EVIDENCE_FORMS,
    CommissionForm,
    IndicatorForm,
    MissionForm,
    NeedForm,
    OutcomeForm,
    PlaceForm,
    PlaceImportForm,
    TransitionForm,
)
from commissioning.models import (
    Commission,
    EvidenceItem,
    EvidenceKind,
    Indicator,
    IndicatorReading,
    Mission,
    Need,
    Outcome,
    Place,
)
from core import uploads
from core.errors import DomainError
from core.formatting import uk_date
from core.forms import add_domain_error, submit_form
from core.ids import id_from
from core.paging import page_of
from core.private_files import private_file_response


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


def _get_outcome_for(request: HttpRequest, pk: int) -> Outcome:
    outcome = selectors.outcome_get(pk)
    _visible(request, outcome and outcome.mission)
    return outcome


def _get_indicator_for(request: HttpRequest, pk: int) -> Indicator:
    indicator = selectors.indicator_get(pk)
    _visible(request, indicator and indicator.outcome.mission)
    return indicator


def _get_place_for(request: HttpRequest, pk: int) -> Place:
    place = selectors.place_get(pk)
    _visible(request, place)
    return place


def _get_evidence_for(request: HttpRequest, pk: int) -> EvidenceItem:
    evidence = selectors.evidence_get(pk)
    _visible(request, evidence and evidence.need)
    return evidence


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
        "page": page_of(request, selectors.missions_for(organisation)),
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
            add_domain_error(form, error)
        else:
            messages.success(request, f"Mission “{mission}” created.")
            return redirect("commissioning:mission_detail", pk=mission.pk)
    return render(request, "commissioning/mission_form.html", {"form": form, "mission": None})


def _mission_page(
    request: HttpRequest, mission: Mission, transition_form: TransitionForm | None = None
) -> HttpResponse:
    allowed = services.mission_next_statuses(mission)
    context = {
        "breadcrumbs": breadcrumbs.missions(),
        "mission": mission,
        "may_edit": permissions.can(request.user, "commissioning.edit", mission),
        "transition_form": transition_form or TransitionForm(noun="mission", allowed=allowed),
        **selectors.mission_detail(mission),
    }
    return render(request, "commissioning/mission_detail.html", context)


def _status_change(
    request: HttpRequest,
    record: Mission | Commission,
    *,
    noun: str,
    allowed: list[tuple[str, str]],
    move: Callable[[str], Mission | Commission],
    page: Callable[[HttpRequest, Any, TransitionForm], HttpResponse],
) -> HttpResponse:
    """Move a mission or commission to the status chosen; a refused move is shown beside
    the choice, on the record's page."""
    form = TransitionForm(request.POST, noun=noun, allowed=allowed)
    if form.is_valid():
        try:
            record = move(form.cleaned_data["to"])
        except DomainError as error:
            form.add_error("to", str(error))
        else:
            status = record.get_status_display().lower()
            messages.success(request, f"The {noun} is now “{status}”.")
            return redirect(f"commissioning:{noun}_detail", pk=record.pk)
    return page(request, record, form)


@require_GET
@login_required
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _mission_page(request, _get_mission_for(request, pk))


@require_POST
@login_required
def mission_transition(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _get_mission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", mission)
    return _status_change(
        request,
        mission,
        noun="mission",
        allowed=services.mission_next_statuses(mission),
        move=lambda to: services.mission_transition(mission=mission, to=to, by=request.user),
        page=_mission_page,
    )


@require_http_methods(["GET", "POST"])
@login_required
def mission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _get_mission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", mission)
    initial = {name: getattr(mission, name) for name in services.MISSION_EDITABLE_FIELDS}
    form = MissionForm(request.POST or None, initial=initial, organisation=mission.organisation)
    if request.method == "POST" and submit_form(
        form, lambda data: services.mission_update(mission=mission, by=request.user, **data)
    ):
        messages.success(request, "Mission updated.")
        return redirect("commissioning:mission_detail", pk=mission.pk)
    return render(request, "commissioning/mission_form.html", {"form": form, "mission": mission})


# --- Needs -----------------------------------------------------------------------------
@require_GET
@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    mission = selectors.mission_filter(organisation, request.GET.get("mission"))
    place, covered = selectors.place_filter(organisation, request.GET.get("place"))
    context = {
        "mission": mission,
        "place": place,
        "page": page_of(
            request, selectors.needs_for(organisation, mission=mission, places=covered)
        ),
        "may_edit": permissions.can(request.user, "commissioning.edit", organisation),
    }
    return render(request, "commissioning/need_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def need_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    initial = {}
    if typed := request.GET.get("mission", ""):
        mission_pk = id_from(typed)
        initial["missions"] = [mission_pk] if mission_pk is not None else []
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
        "breadcrumbs": breadcrumbs.needs(),
        "need": need,
        "evidence": selectors.evidence_base(list(need.evidence.all())),
        "may_edit": permissions.can(request.user, "commissioning.edit", need),
    }
    return render(request, "commissioning/need_detail.html", context)


# --- Commissions -----------------------------------------------------------------------
@require_GET
@login_required
def commission_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    mission = selectors.mission_filter(organisation, request.GET.get("mission"))
    place, covered = selectors.place_filter(organisation, request.GET.get("place"))
    context = {
        "mission": mission,
        "place": place,
        "page": page_of(
            request, selectors.commissions_for(organisation, mission=mission, places=covered)
        ),
        "may_edit": permissions.can(request.user, "commissioning.edit", organisation),
    }
    return render(request, "commissioning/commission_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def commission_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    initial = selectors.commission_initial_from_need(organisation, request.GET.get("need", ""))
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
    request: HttpRequest, commission: Commission, transition_form: TransitionForm | None = None
) -> HttpResponse:
    allowed = services.commission_next_statuses(commission)
    context = {
        "breadcrumbs": breadcrumbs.commissions(),
        **selectors.commission_detail(commission),
        "may_edit": permissions.can(request.user, "commissioning.edit", commission),
        "transition_form": transition_form or TransitionForm(noun="commission", allowed=allowed),
    }
    return render(request, "commissioning/commission_detail.html", context)


@require_GET
@login_required
def commission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _commission_page(request, _get_commission_for(request, pk))


@require_POST
@login_required
def commission_transition(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", commission)
    return _status_change(
        request,
        commission,
        noun="commission",
        allowed=services.commission_next_statuses(commission),
        move=lambda to: services.commission_transition(
            commission=commission, to=to, by=request.user
        ),
        page=_commission_page,
    )


# --- Outcomes framework ------------------------------------------------------------------
def _mission_anchor(mission: Mission, anchor: str = "outcomes") -> HttpResponse:
    return redirect(f"{reverse('commissioning:mission_detail', args=[mission.pk])}#{anchor}")


@require_http_methods(["GET", "POST"])
@login_required
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    mission = _get_mission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", mission)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_create(mission=mission, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Outcome “{outcome}” added.")
            return _mission_anchor(mission, f"outcome-{outcome.pk}")
    context = {"form": form, "mission": mission, "outcome": None}
    return render(request, "commissioning/outcome_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _get_outcome_for(request, pk)
    permissions.require(request.user, "commissioning.edit", outcome.mission)
    initial = {name: getattr(outcome, name) for name in services.OUTCOME_EDITABLE_FIELDS}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit_form(
        form, lambda data: services.outcome_update(outcome=outcome, by=request.user, **data)
    ):
        messages.success(request, "Outcome updated.")
        return _mission_anchor(outcome.mission, f"outcome-{outcome.pk}")
    context = {"form": form, "mission": outcome.mission, "outcome": outcome}
    return render(request, "commissioning/outcome_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def outcome_delete(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _get_outcome_for(request, pk)
    mission = outcome.mission
    permissions.require(request.user, "commissioning.edit", mission)
    error = ""
    if request.method == "POST":
        try:
            services.outcome_delete(outcome=outcome, by=request.user)
        except DomainError as problem:
            error = str(problem)
        else:
            messages.success(request, f"Outcome “{outcome.title}” removed.")
            return _mission_anchor(mission)
    context = {
        "title": f"Remove the outcome “{outcome.title}”?",
        "warning": "Its indicators and their readings will be removed too.",
        "button": "Remove outcome",
        "back_url": reverse("commissioning:mission_detail", args=[mission.pk]),
        "error": error,
    }
    return render(request, "commissioning/confirm_remove.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _get_outcome_for(request, pk)
    permissions.require(request.user, "commissioning.edit", outcome.mission)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form, lambda data: services.indicator_create(outcome=outcome, by=request.user, **data)
    ):
        messages.success(request, f"Indicator added to “{outcome}”.")
        return _mission_anchor(outcome.mission, f"outcome-{outcome.pk}")
    context = {"form": form, "outcome": outcome, "mission": outcome.mission, "indicator": None}
    return render(request, "commissioning/indicator_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _get_indicator_for(request, pk)
    outcome = indicator.outcome
    permissions.require(request.user, "commissioning.edit", outcome.mission)
    initial = {name: getattr(indicator, name) for name in services.INDICATOR_EDITABLE_FIELDS}
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and submit_form(
        form, lambda data: services.indicator_update(indicator=indicator, by=request.user, **data)
    ):
        messages.success(request, "Indicator updated.")
        return _mission_anchor(outcome.mission, f"outcome-{outcome.pk}")
    context = {"form": form, "outcome": outcome, "mission": outcome.mission, "indicator": indicator}
    return render(request, "commissioning/indicator_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = _get_indicator_for(request, pk)
    mission = indicator.outcome.mission
    permissions.require(request.user, "commissioning.edit", mission)
    if request.method == "POST":
        services.indicator_delete(indicator=indicator, by=request.user)
        messages.success(request, f"Indicator “{indicator.name}” removed.")
        return _mission_anchor(mission, f"outcome-{indicator.outcome_id}")
    context = {
        "title": f"Remove the indicator “{indicator.name}”?",
        "warning": "Its readings will be removed too, and contract KPIs will no longer feed it.",
        "button": "Remove indicator",
        "back_url": reverse("commissioning:mission_detail", args=[mission.pk]),
        "error": "",
    }
    return render(request, "commissioning/confirm_remove.html", context)


# --- Indicator readings and trend --------------------------------------------------------
READINGS_PAGE_SIZE = 50


@require_GET
@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator's trend (chart and table), whether it is on track, and its readings.
    The contracts behind each reading come through contracts' indicator_contracts tag."""
    indicator = _get_indicator_for(request, pk)
    trend = selectors.indicator_trends([indicator.pk])[indicator.pk]
    page = page_of(request, selectors.indicator_readings(indicator), READINGS_PAGE_SIZE)
    for reading in page.object_list:
        reading.may_change = permissions.can(request.user, "indicator_reading.change", reading)
    context = {
        "breadcrumbs": breadcrumbs.outcome(indicator.outcome),
        "indicator": indicator,
        "outcome": indicator.outcome,
        "mission": indicator.outcome.mission,
        "trend": trend,
        "chart": trends.trend_chart(trend),
        "page": page,
        "may_record": permissions.can(request.user, "indicator.record", indicator.outcome.mission),
        "may_edit": permissions.can(request.user, "commissioning.edit", indicator.outcome.mission),
    }
    return render(request, "commissioning/indicator_detail.html", context)


def _get_reading_for(request: HttpRequest, pk: int) -> IndicatorReading:
    reading = selectors.reading_get(pk)
    _visible(request, reading and reading.indicator.outcome.mission)
    return reading


@require_http_methods(["GET", "POST"])
@login_required
def indicator_reading_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reading = _get_reading_for(request, pk)
    permissions.require(request.user, "indicator_reading.change", reading)
    indicator_url = reverse("commissioning:indicator_detail", args=[reading.indicator_id])
    if request.method == "POST":
        services.indicator_reading_delete(reading=reading, by=request.user)
        messages.success(request, "Reading removed.")
        return redirect(f"{indicator_url}#readings")
    context = {
        "title": f"Remove the reading of {reading.value.normalize():f} on {uk_date(reading.date)}?",
        "warning": "It will no longer count towards the trend.",
        "button": "Remove reading",
        "back_url": indicator_url,
        "error": "",
    }
    return render(request, "commissioning/confirm_remove.html", context)


# --- Needs: changes and evidence ---------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = _get_need_for(request, pk)
    permissions.require(request.user, "commissioning.edit", need)
    initial = {
        "title": need.title,
        "description": need.description,
        "population_group": need.population_group,
        "missions": list(need.missions.all()),
        "places": list(need.places.all()),
    }
    form = NeedForm(request.POST or None, initial=initial, organisation=need.organisation)
    if request.method == "POST" and submit_form(
        form, lambda data: services.need_update(need=need, by=request.user, **data)
    ):
        messages.success(request, "Need updated.")
        return redirect("commissioning:need_detail", pk=need.pk)
    return render(request, "commissioning/need_form.html", {"form": form, "need": need})


EVIDENCE_HEADINGS = {
    "statement": "Add a statement",
    "data-point": "Add a data point",
    "link": "Add a link",
    "document": "Upload a document",
    "community-voice": "Add what a resident said",
}


@require_http_methods(["GET", "POST"])
@login_required
def evidence_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    need = _get_need_for(request, pk)
    permissions.require(request.user, "commissioning.edit", need)
    form_class = EVIDENCE_FORMS.get(kind)
    if form_class is None:
        raise Http404
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.evidence_add(
            need=need, kind=form_class.kind, by=request.user, **data
        ),
    ):
        messages.success(request, "Evidence added.")
        return redirect(f"{reverse('commissioning:need_detail', args=[need.pk])}#evidence")
    context = {
        "form": form,
        "need": need,
        "heading": EVIDENCE_HEADINGS[kind],
        "multipart": form.is_multipart(),
    }
    return render(request, "commissioning/evidence_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def evidence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _get_evidence_for(request, pk)
    need = evidence.need
    permissions.require(request.user, "commissioning.edit", need)
    if request.method == "POST":
        services.evidence_remove(evidence=evidence, by=request.user)
        messages.success(request, "Evidence removed.")
        return redirect(f"{reverse('commissioning:need_detail', args=[need.pk])}#evidence")
    context = {
        "title": "Remove this evidence?",
        "quote": evidence.summary,
        "warning": "An uploaded file is deleted too." if evidence.document else "",
        "button": "Remove evidence",
        "back_url": reverse("commissioning:need_detail", args=[need.pk]),
        "error": "",
    }
    return render(request, "commissioning/confirm_remove.html", context)


@require_GET
@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = _get_evidence_for(request, pk)
    if evidence.kind != EvidenceKind.DOCUMENT or not evidence.document:
        raise Http404
    extension = uploads.extension_of(evidence.document.name)
    return private_file_response(
        evidence.document,
        filename=f"{slugify(evidence.summary)[:60] or 'evidence'}.{extension}",
        content_type=uploads.content_type_for(evidence.document.name),
    )


# --- Places ------------------------------------------------------------------------------
@require_GET
@login_required
def place_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    context = {
        "breadcrumbs": breadcrumbs.missions(),
        "tree": selectors.places_tree(organisation),
        "may_edit": permissions.can(request.user, "commissioning.edit", organisation),
    }
    return render(request, "commissioning/place_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def place_create(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    initial = {}
    if typed := request.GET.get("parent", ""):
        initial["parent"] = id_from(typed)
    form = PlaceForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.place_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Place “{place}” added.")
            return redirect("commissioning:place_detail", pk=place.pk)
    return render(request, "commissioning/place_form.html", {"form": form, "place": None})


@require_http_methods(["GET", "POST"])
@login_required
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = _get_place_for(request, pk)
    permissions.require(request.user, "commissioning.edit", place)
    initial = {name: getattr(place, name) for name in services.PLACE_EDITABLE_FIELDS}
    form = PlaceForm(
        request.POST or None, initial=initial, organisation=place.organisation, place=place
    )
    if request.method == "POST" and submit_form(
        form, lambda data: services.place_update(place=place, by=request.user, **data)
    ):
        messages.success(request, "Place updated.")
        return redirect("commissioning:place_detail", pk=place.pk)
    return render(request, "commissioning/place_form.html", {"form": form, "place": place})


@require_http_methods(["GET", "POST"])
@login_required
def place_import(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    form = PlaceImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.places_import(
                organisation=organisation, data=form.cleaned_data["file"], by=request.user
            )
        except places_csv.PlacesCsvInvalid as invalid:
            form.add_error(
                "file", "Nothing was imported. Fix these rows and upload the file again:"
            )
            for error in invalid.errors:
                form.add_error("file", error)
        except DomainError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"Places imported: {len(result.created)} added, {len(result.updated)} changed.",
            )
            return redirect("commissioning:place_list")
    return render(request, "commissioning/place_import.html", {"form": form})


@require_GET
@login_required
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = _get_place_for(request, pk)
    detail = selectors.place_detail(place)
    context = {
        "breadcrumbs": breadcrumbs.places(detail["ancestors"]),
        "place": place,
        "may_edit": permissions.can(request.user, "commissioning.edit", place),
        **detail,
    }
    return render(request, "commissioning/place_detail.html", context)
