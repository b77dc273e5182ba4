"""The contract register, contract pages, check-ins and status changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from contracts import charts, page_cache, selectors, services
from contracts.forms import (
    ActionForm,
    AssessmentForm,
    CheckInForm,
    ContractEditForm,
    ContractForm,
    ContributionForm,
    DecisionForm,
    DraftContributionForm,
    ExtendForm,
    ExtensionOptionForm,
    KpiForm,
    KpiReadingForm,
    LearningForm,
    ModificationForm,
    RegisterFilterForm,
    ScheduleForm,
    TerminateForm,
)
from contracts.models import CheckIn, CheckInStatus, Contract, ContractStatus, Side
from contracts.voices import selectors as voice_selectors
from contracts.voices import services as voice_services
from contracts.voices.forms import InviteVoicesForm
from core.csv_export import csv_response
from core.errors import DomainError
from core.formatting import uk_date
from core.forms import add_domain_error, submit_form
from core.ids import id_from
from core.paging import page_of
from core.versioned_cache import kept
from core.views import run_and_redirect


def _organisation_for_register(request: HttpRequest) -> Organisation:
    organisation = request.organisation
    # The middleware wraps the organisation lazily, so test its truth, not identity.
    if not organisation or not permissions.can(request.user, "contract.list", organisation):
        raise Http404
    return organisation


def _get_contract_for(
    request: HttpRequest, pk: int, get: Callable[[int], Contract | None] = selectors.contract_get
) -> Contract:
    """The contract, or 404 for anyone outside the buyer or the provider."""
    contract = get(pk)
    if contract is None or not permissions.can(request.user, "contract.view", contract):
        raise Http404
    return contract


def _register_filters(
    request: HttpRequest, organisation: Organisation
) -> tuple[RegisterFilterForm, selectors.RegisterFilters]:
    form = RegisterFilterForm(request.GET or None, organisation=organisation)
    filters = form.filters() if request.GET else selectors.RegisterFilters()
    return form, filters


def _register_filter_html(form: RegisterFilterForm, organisation: Organisation) -> SafeString:
    """The register's search box and filters as HTML. Asked nothing (no query string), they
    show only the organisation's choices, so they are drawn once and kept beside those
    choices, under their version (contracts/register_choices.py marks it changed)."""

    def draw() -> str:
        return render_to_string("contracts/includes/_register_filters.html", {"form": form})

    if form.is_bound:  # the query string fills them in, or has errors to show
        return mark_safe(draw())  # noqa: S308 - drawn by the template language, escaped
    part = f"blank-filters:{get_language()}:{organisation.is_supplier}"
    html = kept(selectors.register_choices_name(organisation.pk), draw, part=part)
    return mark_safe(html)  # noqa: S308 - drawn by the template language, escaped


def _register_table_html(
    request: HttpRequest, organisation: Organisation, filters: selectors.RegisterFilters
) -> SafeString:
    """The register's list of contracts as HTML: its count, a page of rows, the page links.
    A buyer's register asked nothing (no search, filter or page) is what nearly every visit
    sees, the same for everyone at the buyer: it is drawn once and kept, under a version
    that contracts/register_table.py moves on whenever something it shows is written."""

    def draw() -> str:
        page = page_of(request, selectors.register_page(organisation, filters=filters))
        download = request.GET.copy()
        download.pop("page", None)
        context = {
            "organisation": organisation,
            "filters": filters,
            "page": page,
            "download_query": download.urlencode(),
        }
        return render_to_string(
            "contracts/contract_list.html#register-table", context, request=request
        )

    if request.GET or organisation.is_supplier:
        return mark_safe(draw())  # noqa: S308 - drawn by the template language, escaped
    name = selectors.register_table_name(organisation.pk)
    html = kept(name, draw, part=f"first-page:{get_language()}")
    return mark_safe(html)  # noqa: S308 - drawn by the template language, escaped


@require_GET
@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for_register(request)
    form, filters = _register_filters(request, organisation)
    context = {
        "organisation": organisation,
        "form": form,
        "filter_form": _register_filter_html(form, organisation),
        "table": _register_table_html(request, organisation, filters),
        "may_create": organisation.is_public_body
        and permissions.can(request.user, "contract.manage", organisation),
    }
    return render(request, "contracts/contract_list.html", context)


REGISTER_CSV_HEADER = [
    "Title",
    "Kind of agreement",
    "Status",
    "Buyer",
    "Provider",
    "Provider type",
    "Contract manager",
    "Value (£)",
    "Start date",
    "End date",
    "Missions",
    "Open actions",
    "Link",
]


@require_GET
@login_required
def contract_list_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Exactly the contracts the register shows with the same filters, every page of them,
    streamed so the download holds one row in memory at a time."""
    organisation = _organisation_for_register(request)
    _, filters = _register_filters(request, organisation)
    contracts = selectors.register_rows(organisation, filters=filters)
    site = settings.SITE_URL

    def rows() -> Iterator[list[object]]:
        for contract in contracts.iterator(chunk_size=500):
            yield [
                contract.title,
                contract.get_kind_display(),
                contract.get_status_display(),
                contract.organisation.name,
                contract.provider_display,
                contract.provider.get_supplier_type_display() if contract.provider_id else "",
                str(contract.contract_manager) if contract.contract_manager_id else "",
                contract.value,
                contract.start_date.isoformat(),
                contract.end_date.isoformat(),
                "; ".join(contract.mission_titles),
                contract.open_action_count,
                site + reverse("contracts:contract_detail", args=[contract.pk]),
            ]

    filename = f"contracts-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return csv_response(filename, REGISTER_CSV_HEADER, rows())


@require_http_methods(["GET", "POST"])
@login_required
def contract_create(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    if (
        not organisation
        or not organisation.is_public_body
        or not permissions.can(request.user, "contract.manage", organisation)
    ):
        raise Http404
    form = ContractForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, f"{contract.title} is added to the contract register.")
            return redirect("contracts:contract_detail", pk=contract.pk)
    return render(
        request, "contracts/contract_form.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
@login_required
def contract_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = ContractEditForm(
        request.POST or None,
        initial=ContractEditForm.initial_for(contract),
        organisation=contract.organisation,
    )
    return _handle(
        request,
        contract,
        form,
        lambda: services.contract_update(
            contract=contract, by=request.user, **form.service_fields()
        ),
        success="The contract is updated.",
        title="Change the contract",
        submit_label="Save changes",
        intro="Changes are recorded in the contract's history. A new value needs a reason.",
    )


def _readable_sides(request: HttpRequest, contract: Contract) -> set[str]:
    return services.sides_read_by(request.user, contract)


# Each check-in shows both sides' stories and ratings in full, so the contract page lists
# the latest few and pages through the rest.
CHECKINS_PER_PAGE = 10


def _sections_key(
    request: HttpRequest, contract: Contract, viewer: page_cache.Viewer
) -> str | None:
    """Where the sections are kept for this viewer and page of check-ins; None when they
    should be drawn afresh (other query parameters, which the page links keep)."""
    page = request.GET.get("page", "1")
    if set(request.GET) - {"page"} or not (page.isdecimal() and len(page) <= 4):
        return None
    return page_cache.sections_key(contract.pk, viewer=viewer, page=page)


def _render_detail(
    request: HttpRequest,
    contract: Contract,
    *,
    checkin_form: CheckInForm | None = None,
    extend_form: ExtendForm | None = None,
    terminate_form: TerminateForm | None = None,
) -> HttpResponse:
    viewer = page_cache.Viewer.of(request.user, contract)
    bound = next(
        (form for form in (checkin_form, extend_form, terminate_form) if form is not None), None
    )
    # A form sent back with its errors is drawn afresh; a plain view may come from the cache.
    key = None if bound is not None else _sections_key(request, contract, viewer)
    version, sections = page_cache.kept_sections(key, contract.pk) if key else (None, None)
    if sections is None:
        shown = selectors.contract_page_get(contract)
        if shown is None:  # deleted since
            raise Http404
        sections = render_to_string(
            "contracts/contract_detail.html#contract-sections",
            _sections_context(
                request,
                shown,
                viewer,
                error_form=bound,
                checkin_form=checkin_form,
                extend_form=extend_form,
                terminate_form=terminate_form,
            ),
            request=request,
        )
        if key and version is not None:
            page_cache.keep_sections(key, version, sections)
    context: dict[str, Any] = {
        "contract": contract,
        "error_form": bound,
        "is_provider_view": contract.provider_id is not None
        and bool(request.organisation)
        and request.organisation.pk == contract.provider_id,
        # Drawn from the template above, which escapes what people wrote.
        "sections": mark_safe(page_cache.with_csrf_token(request, sections)),  # noqa: S308
    }
    return render(request, "contracts/contract_detail.html", context)


def _sections_context(
    request: HttpRequest,
    contract: Contract,
    viewer: page_cache.Viewer,
    *,
    error_form: forms.Form | None,
    checkin_form: CheckInForm | None,
    extend_form: ExtendForm | None,
    terminate_form: TerminateForm | None,
) -> dict[str, Any]:
    """What the page's sections show, for this viewer; drawn with a placeholder for the
    CSRF token (page_cache.with_csrf_token puts the viewer's own in)."""
    next_statuses = services.ALLOWED[contract.status] if viewer.may_manage else set()
    checkins = page_of(request, selectors.checkins_for(contract), per_page=CHECKINS_PER_PAGE)
    for checkin in checkins.object_list:
        checkin.visible = selectors.visible_contributions(checkin, set(viewer.readable_sides))
    kpis = list(contract.kpis.all())
    return {
        "csrf_token": page_cache.CSRF_PLACEHOLDER,
        "contract": contract,
        "error_form": error_form,
        "checkins": checkins,
        "may_manage": viewer.may_manage,
        "may_write_checkin": viewer.may_write_checkin,
        "checkin_form": checkin_form or CheckInForm(),
        "may_start": ContractStatus.ACTIVE in next_statuses,
        "may_extend": ContractStatus.IN_EXTENSION in next_statuses,
        "may_expire": ContractStatus.EXPIRED in next_statuses,
        "may_terminate": ContractStatus.TERMINATED in next_statuses,
        "extend_form": extend_form or ExtendForm(),
        "terminate_form": terminate_form or TerminateForm(),
        "open_actions": list(selectors.open_actions_for(contract)),
        "kpis": kpis,
        # The page keeps its drawn charts in the cache under this version, so the charts
        # are read and drawn only when it changes (see contract_detail.html).
        "charts_version": selectors.charts_version(contract, kpis),
        "charts": SimpleLazyObject(partial(charts.contract_charts, contract, kpis)),
        "voices": voice_selectors.contract_voices(contract),
        "may_see_indicators": viewer.may_see_indicators,
        "kpis_missing": services.kpis_missing(contract, len(kpis)),
        "assessment": selectors.latest_assessment(contract),
        "learning": list(selectors.learning_for_contract(contract, reader=request.user)[:5]),
        "decision": next(iter(contract.recommissioning_decisions.all()), None),
        "unused_options": [o for o in contract.extension_options.all() if o.used_at is None],
    }


@require_GET
@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_contract_for(request, pk, selectors.contract_access_get))


@require_POST
@login_required
def checkin_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, "checkin.write", contract):
        raise Http404
    form = CheckInForm(request.POST)
    if submit_form(
        form,
        lambda data: services.checkin_record(
            contract=contract,
            held_on=data["held_on"],
            ratings=form.ratings(),
            by=request.user,
            **form.contribution_fields(),
        ),
    ):
        messages.success(request, "Your check-in is recorded.")
        return redirect("contracts:contract_detail", pk=contract.pk)
    return _render_detail(request, contract, checkin_form=form)


def _form_page(
    request: HttpRequest,
    contract: Contract,
    form: forms.Form,
    *,
    title: str,
    submit_label: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "contracts/form_page.html",
        {
            "contract": contract,
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "intro": intro,
        },
    )


def _managed_contract(request: HttpRequest, pk: int, action: str = "contract.manage") -> Contract:
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, action, contract):
        raise Http404
    return contract


def _handle(
    request: HttpRequest,
    contract: Contract,
    form: forms.Form,
    call: Callable[[], object],
    *,
    success: str,
    title: str,
    submit_label: str,
    intro: str = "",
    next_url: str = "",
) -> HttpResponse:
    """Run a service for a valid form, or show the form again with every problem."""
    if request.method == "POST" and submit_form(form, lambda data: call()):
        messages.success(request, success)
        return redirect(next_url or reverse("contracts:contract_detail", args=[contract.pk]))
    return _form_page(request, contract, form, title=title, submit_label=submit_label, intro=intro)


@require_http_methods(["GET", "POST"])
@login_required
def checkin_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = ScheduleForm(request.POST or None, initial={"count": 1})
    return _handle(
        request,
        contract,
        form,
        lambda: services.checkin_schedule(contract=contract, by=request.user, **form.cleaned_data),
        success="The check-ins are in the diary.",
        title="Schedule check-ins",
        submit_label="Schedule check-ins",
        intro="Both sides will be reminded 7 days and 1 day before each check-in.",
    )


def _get_checkin_for(request: HttpRequest, contract: Contract, checkin_pk: int) -> CheckIn:
    checkin = selectors.checkin_get(contract, checkin_pk)
    if checkin is None:
        raise Http404
    return checkin


def _render_checkin(
    request: HttpRequest,
    contract: Contract,
    checkin: CheckIn,
    *,
    contribution_form: forms.Form | None = None,
    action_form: ActionForm | None = None,
    reading_form: KpiReadingForm | None = None,
    invite_form: InviteVoicesForm | None = None,
) -> HttpResponse:
    sides_written = services.sides_written_by(request.user, contract)
    visible = selectors.visible_contributions(checkin, _readable_sides(request, contract))
    by_side = {c.side: c for c in checkin.contributions.all()}
    writable = []
    if not checkin.is_published:
        for side in sides_written:
            existing = by_side.get(side)
            if existing is not None and existing.is_submitted:
                continue
            if contribution_form is not None and request.POST.get("side") == side:
                form = contribution_form
            else:
                initial = {}
                if existing is not None:
                    initial = {
                        name: getattr(existing, name)
                        for name in (
                            "story",
                            "went_well",
                            "was_hard",
                            "learning",
                            "outcome_contribution",
                        )
                    }
                    for rating in existing.ratings.all():
                        initial[f"{rating.dimension}_score"] = str(rating.score)
                        initial[f"{rating.dimension}_comment"] = rating.comment
                form = ContributionForm(initial=initial, prefix=side)
            form.side = side
            form.side_label = Side(side).label
            writable.append(form)
    waiting_for = [
        Side(side).label
        for side in Side.values
        if not (by_side.get(side) and by_side[side].is_submitted)
    ]
    may_write = permissions.can(request.user, "checkin.write", contract)
    kpis = contract.kpis.all()
    context = {
        "contract": contract,
        "checkin": checkin,
        "visible": visible,
        "writable": writable,
        "waiting_for": waiting_for,
        "carried_forward": list(selectors.open_actions_for(contract, before=checkin)),
        "raised_here": list(selectors.actions_raised_in(checkin)),
        "may_write": may_write,
        "may_learn": permissions.can(request.user, "contract.manage", contract),
        "may_publish": permissions.can(request.user, "contract.manage", contract)
        and checkin.status == CheckInStatus.OPEN
        and any(c.is_submitted for c in by_side.values()),
        "action_form": action_form or ActionForm(),
        "reading_form": reading_form or KpiReadingForm(kpis=kpis),
        "has_kpis": bool(kpis),
        "readings": list(checkin.kpi_readings.select_related("kpi")),
        "voices": voice_selectors.checkin_voices(checkin),
        "may_invite_voices": permissions.can(request.user, "checkin.invite_voices", checkin),
        "invite_form": invite_form or InviteVoicesForm(),
        "error_form": contribution_form or action_form or reading_form or invite_form,
    }
    return render(request, "contracts/checkin_detail.html", context)


@require_GET
@login_required
def checkin_detail(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    contract = _get_contract_for(request, pk)
    return _render_checkin(request, contract, _get_checkin_for(request, contract, checkin_pk))


@require_POST
@login_required
def checkin_contribute(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk, "checkin.write")
    checkin = _get_checkin_for(request, contract, checkin_pk)
    side = request.POST.get("side", "")
    if side not in services.sides_written_by(request.user, contract):
        raise Http404
    submit = request.POST.get("submit") == "yes"
    form_class = ContributionForm if submit else DraftContributionForm
    form = form_class(request.POST, prefix=side)
    if submit_form(
        form,
        lambda data: services.checkin_contribute(
            checkin=checkin,
            side=side,
            ratings=form.ratings(),
            submit=submit,
            by=request.user,
            **form.contribution_fields(),
        ),
    ):
        messages.success(
            request,
            "Your part of the check-in is submitted."
            if submit
            else "Your draft is saved. Only your side can see it.",
        )
        return redirect("contracts:checkin_detail", pk=contract.pk, checkin_pk=checkin.pk)
    return _render_checkin(request, contract, checkin, contribution_form=form)


@require_POST
@login_required
def checkin_publish(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    checkin = _get_checkin_for(request, contract, checkin_pk)
    return run_and_redirect(
        request,
        lambda: services.checkin_publish(checkin=checkin, by=request.user),
        success="The check-in is shared with both sides.",
        to="contracts:checkin_detail",
        pk=contract.pk,
        checkin_pk=checkin.pk,
    )


@require_POST
@login_required
def voices_invite(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    checkin = _get_checkin_for(request, contract, checkin_pk)
    form = InviteVoicesForm(request.POST)
    asked: list[int] = []
    if submit_form(
        form,
        lambda data: asked.append(
            voice_services.voices_invite(
                checkin=checkin,
                emails=voice_services.parse_addresses(data["emails"]),
                by=request.user,
            )
        ),
    ):
        count = asked[0]
        messages.success(
            request,
            f"{count} {'person has' if count == 1 else 'people have'} been asked."
            if count
            else "Everyone on the list had already been asked about this check-in.",
        )
        return redirect(
            reverse("contracts:checkin_detail", args=[contract.pk, checkin.pk]) + "#voices"
        )
    return _render_checkin(request, contract, checkin, invite_form=form)


@require_POST
@login_required
def action_create(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk, "checkin.write")
    checkin = _get_checkin_for(request, contract, checkin_pk)
    form = ActionForm(request.POST)
    if submit_form(
        form,
        lambda data: services.action_add(
            contract=contract, raised_in=checkin, by=request.user, **data
        ),
    ):
        messages.success(request, "The action is added.")
        return redirect("contracts:checkin_detail", pk=contract.pk, checkin_pk=checkin.pk)
    return _render_checkin(request, contract, checkin, action_form=form)


@require_POST
@login_required
def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk, "checkin.write")
    action = contract.actions.filter(pk=action_pk).first()
    if action is None:
        raise Http404
    services.action_complete(action=action, by=request.user)
    messages.success(request, "The action is marked as done.")
    next_url = request.POST.get("next", "")
    if next_url.startswith(f"/contracts/{contract.pk}/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts=None
    ):
        return redirect(next_url)
    return redirect("contracts:contract_detail", pk=contract.pk)


@require_POST
@login_required
def reading_create(request: HttpRequest, pk: int, checkin_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk, "checkin.write")
    checkin = _get_checkin_for(request, contract, checkin_pk)
    form = KpiReadingForm(request.POST, kpis=contract.kpis.all())
    if submit_form(
        form, lambda data: services.kpi_reading_record(checkin=checkin, by=request.user, **data)
    ):
        messages.success(request, "The reading is recorded.")
        return redirect("contracts:checkin_detail", pk=contract.pk, checkin_pk=checkin.pk)
    return _render_checkin(request, contract, checkin, reading_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def kpi_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = KpiForm(request.POST or None)
    return _handle(
        request,
        contract,
        form,
        lambda: services.kpi_add(contract=contract, by=request.user, **form.cleaned_data),
        success="The KPI is added.",
        title="Add a KPI",
        submit_label="Add the KPI",
        intro="Contracts worth more than £5 million need at least 3 KPIs.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def reading_add(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk, "checkin.write")
    form = KpiReadingForm(request.POST or None, kpis=contract.kpis.all())
    return _handle(
        request,
        contract,
        form,
        lambda: services.kpi_reading_record(by=request.user, **form.cleaned_data),
        success="The reading is recorded.",
        title="Enter a KPI reading",
        submit_label="Record the reading",
    )


@require_http_methods(["GET", "POST"])
@login_required
def assessment_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = AssessmentForm(request.POST or None, kpis=list(contract.kpis.all()))
    return _handle(
        request,
        contract,
        form,
        lambda: services.assessment_record(
            contract=contract,
            period=form.cleaned_data["period"],
            assessed_on=form.cleaned_data["assessed_on"],
            narrative=form.cleaned_data["narrative"],
            ratings=form.ratings(),
            by=request.user,
        ),
        success="The performance assessment is recorded.",
        title="Assess performance",
        submit_label="Record the assessment",
        intro="Rate each KPI at least once a year and at the end of the contract.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def modification_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = ModificationForm(request.POST or None, initial={"value_change": 0})
    return _handle(
        request,
        contract,
        form,
        lambda: services.modification_record(
            contract=contract, by=request.user, **form.cleaned_data
        ),
        success="The change is logged.",
        title="Log a change to the contract",
        submit_label="Log the change",
    )


@require_http_methods(["GET", "POST"])
@login_required
def extension_option_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = ExtensionOptionForm(request.POST or None)
    return _handle(
        request,
        contract,
        form,
        lambda: services.extension_option_add(
            contract=contract, by=request.user, **form.cleaned_data
        ),
        success="The extension option is added.",
        title="Add an extension option",
        submit_label="Add the option",
    )


@require_POST
@login_required
def extension_option_use(request: HttpRequest, pk: int, option_pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    option = contract.extension_options.filter(pk=option_pk).first()
    if option is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.extension_option_use(option=option, by=request.user),
        success="The contract is extended.",
        to="contracts:contract_detail",
        pk=contract.pk,
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    form = DecisionForm(request.POST or None)
    return _handle(
        request,
        contract,
        form,
        lambda: services.recommissioning_decide(
            contract=contract, by=request.user, **form.cleaned_data
        ),
        success="The decision is recorded.",
        title="Decide what happens next",
        submit_label="Record the decision",
        intro=f"The contract ends on {uk_date(contract.end_date)}.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def learning_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = _managed_contract(request, pk)
    # An entry drawn from a check-in keeps the link to it.
    checkin_id = id_from(request.POST.get("checkin") or request.GET.get("checkin"))
    checkin = contract.checkins.filter(pk=checkin_id).first() if checkin_id is not None else None
    form = LearningForm(request.POST or None, organisation=contract.organisation)
    return _handle(
        request,
        contract,
        form,
        lambda: services.learning_record(
            organisation=contract.organisation,
            contract=contract,
            checkin=checkin,
            commission=contract.commission,
            by=request.user,
            **form.cleaned_data,
        ),
        success="The learning is added to the log.",
        title="Add to the learning log",
        submit_label="Add to the learning log",
        intro="Record what did not work as well as what did, so others can learn from it.",
    )


@require_GET
def learning_public(request: HttpRequest) -> HttpResponse:
    """What public bodies have learned and chose to share, for anyone, signed in or not."""
    page = page_of(request, selectors.learning_public())
    return render(request, "contracts/learning_public.html", {"page": page})


@require_GET
@login_required
def learning_list(request: HttpRequest) -> HttpResponse:
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "commissioning.view", organisation):
        raise Http404
    page = page_of(request, selectors.learning_for(organisation))
    return render(
        request, "contracts/learning_list.html", {"organisation": organisation, "page": page}
    )


@require_POST
@login_required
def contract_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a contract on: start, extend, mark as expired or end early."""
    contract = _get_contract_for(request, pk)
    if not permissions.can(request.user, "contract.manage", contract):
        raise Http404
    to = request.POST.get("to", "")
    extend_form = terminate_form = None
    try:
        if to == ContractStatus.ACTIVE:
            services.contract_start(contract=contract, by=request.user)
        elif to == ContractStatus.EXPIRED:
            services.contract_expire(contract=contract, by=request.user)
        elif to == ContractStatus.IN_EXTENSION:
            extend_form = ExtendForm(request.POST)
            if not extend_form.is_valid():
                return _render_detail(request, contract, extend_form=extend_form)
            services.contract_extend(contract=contract, by=request.user, **extend_form.cleaned_data)
        elif to == ContractStatus.TERMINATED:
            terminate_form = TerminateForm(request.POST)
            if not terminate_form.is_valid():
                return _render_detail(request, contract, terminate_form=terminate_form)
            services.contract_terminate(
                contract=contract, by=request.user, **terminate_form.cleaned_data
            )
        else:
            raise Http404
    except PermissionDenied:
        raise Http404 from None
    except DomainError as error:
        form = extend_form or terminate_form
        if form is None:
            messages.error(request, str(error))
            return redirect("contracts:contract_detail", pk=contract.pk)
        add_domain_error(form, error)
        return _render_detail(
            request, contract, extend_form=extend_form, terminate_form=terminate_form
        )
    contract.refresh_from_db(fields=["status"])
    messages.success(request, f"The contract is now {contract.get_status_display().lower()}.")
    return redirect("contracts:contract_detail", pk=contract.pk)
