"""Pages for drafting, issuing and reading specifications.

People outside the owning organisation get 404, so they cannot learn a record exists.
People inside it who may read but not edit get 403 on the editing pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.errors import DomainError
from commissioning.models import (
    Specification,
    SpecificationSection,
)
from commissioning.specifications import selectors, services
from commissioning.specifications.forms import (
    IssueVersionForm,
    SectionAddForm,
    SectionForm,
)
from commissioning.views import _get_commission_for


def _get_specification_for(request: HttpRequest, pk: int) -> Specification:
    """The specification of commission `pk`."""
    specification = selectors.specification_for(_get_commission_for(request, pk))
    if specification is None:
        raise Http404
    return specification


def _get_section_for(
    request: HttpRequest, specification: Specification, section_pk: int
) -> SpecificationSection:
    section = selectors.section_get(specification=specification, pk=section_pk)
    if section is None:
        raise Http404
    return section


@require_POST
@login_required
def specification_create(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    permissions.require(request.user, "commissioning.edit", commission)
    try:
        services.specification_create(commission=commission, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("commissioning:commission_detail", pk=commission.pk)
    messages.success(request, "Specification started. Write each section, then issue it.")
    return redirect("commissioning:specification_detail", pk=commission.pk)


def _specification_page(
    request: HttpRequest,
    specification: Specification,
    *,
    issue_form: IssueVersionForm | None = None,
) -> HttpResponse:
    sections = selectors.specification_sections(specification)
    may_edit = permissions.can(request.user, "commissioning.edit", specification.commission)
    context = {
        "commission": specification.commission,
        "specification": specification,
        "sections": [
            (
                section,
                SectionForm(
                    prefix=f"section-{section.pk}",
                    initial={
                        "heading": section.heading,
                        "body": section.body,
                        "revision": section.revision,
                    },
                ),
            )
            for section in sections
        ],
        "versions": list(specification.versions.all()),
        "may_edit": may_edit,
        "issue_form": issue_form or IssueVersionForm(),
    }
    return render(request, "commissioning/specification_detail.html", context)


@require_GET
@login_required
def specification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _specification_page(request, _get_specification_for(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    specification = _get_specification_for(request, pk)
    permissions.require(request.user, "commissioning.edit", specification.commission)
    section = _get_section_for(request, specification, section_pk)
    prefix = f"section-{section.pk}"
    initial = {"heading": section.heading, "body": section.body, "revision": section.revision}
    form = SectionForm(request.POST or None, prefix=prefix, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                section=section,
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
                expected_revision=form.cleaned_data["revision"],
                by=request.user,
            )
        except services.EditConflict as error:
            conflict = error.section
            # Keep what the person typed, but let their next save go over the latest text.
            data = request.POST.copy()
            data[f"{prefix}-revision"] = str(conflict.revision)
            form = SectionForm(data, prefix=prefix)
            form.is_valid()
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Section “{form.cleaned_data['heading']}” saved.")
            return redirect(f"{_specification_url(specification)}#section-{section.pk}")
    context = {
        "commission": specification.commission,
        "specification": specification,
        "section": section,
        "form": form,
        "conflict": conflict,
    }
    return render(request, "commissioning/section_form.html", context)


def _specification_url(specification: Specification) -> str:
    return reverse("commissioning:specification_detail", args=[specification.commission_id])


@require_http_methods(["GET", "POST"])
@login_required
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _get_specification_for(request, pk)
    permissions.require(request.user, "commissioning.edit", specification.commission)
    form = SectionAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(
                specification=specification, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Section “{section}” added.")
            return redirect(f"{_specification_url(specification)}#section-{section.pk}")
    context = {
        "commission": specification.commission,
        "specification": specification,
        "form": form,
    }
    return render(request, "commissioning/section_add.html", context)


@require_POST
@login_required
def specification_issue(request: HttpRequest, pk: int) -> HttpResponse:
    specification = _get_specification_for(request, pk)
    permissions.require(request.user, "commissioning.edit", specification.commission)
    form = IssueVersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.specification_version_issue(
                specification=specification,
                change_note=form.cleaned_data["change_note"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error("change_note", str(error))
        else:
            messages.success(request, f"Version {version.number} issued.")
            return redirect(f"{_specification_url(specification)}#versions")
    return _specification_page(request, specification, issue_form=form)


@require_GET
@login_required
def specification_version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    specification = _get_specification_for(request, pk)
    version = selectors.version_get(specification=specification, number=number)
    if version is None:
        raise Http404
    context = {
        "commission": specification.commission,
        "specification": specification,
        "version": version,
        "sections": version.snapshot.get("sections", []),
    }
    return render(request, "commissioning/specification_version_detail.html", context)
