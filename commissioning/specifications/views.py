"""Pages for drafting, issuing and reading specifications.

People outside the owning organisation get 404, so they cannot learn a record exists.
People inside it who may read but not edit get 403 on the editing pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from commissioning import breadcrumbs
from commissioning.models import (
    Requirement,
    RequirementKind,
    SectionComment,
    SectionKind,
    Specification,
    SpecificationSection,
)
from commissioning.plain_language.analysis import analyse, glossary_for, score_specification
from commissioning.plain_language.forms import check_as_you_type
from commissioning.public_voice import selectors as public_voice_selectors
from commissioning.specifications import selectors, services
from commissioning.specifications.forms import (
    CommentForm,
    IssueVersionForm,
    MoveForm,
    RequirementForm,
    SectionAddForm,
    SectionForm,
)
from commissioning.views import _get_commission_for
from core.errors import DomainError
from core.forms import submit_form
from core.ids import id_from
from core.readability import label_for
from core.views import run_and_redirect

SPEC_PAGE = "commissioning/specification_detail.html"

# How the page explains each type of requirement to the reader (its tag colour is in
# commissioning/status_tags.py).
REQUIREMENT_GROUPS = (
    (RequirementKind.NON_NEGOTIABLE, "Must be met."),
    (RequirementKind.OPEN_FOR_DIALOGUE, "We want to discuss this with the market."),
    (RequirementKind.PREFERENCE, "We would like this."),
)


@dataclass
class RequirementGroup:
    kind: str
    label: str
    explanation: str
    requirements: list[Requirement] = field(default_factory=list)


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


def _section_form(section: SpecificationSection, data: Any = None) -> SectionForm:
    """The inline editing form; its textarea asks for the plain-language check as you type."""
    form = SectionForm(
        data,
        prefix=f"section-{section.pk}",
        initial={"heading": section.heading, "body": section.body, "revision": section.revision},
    )
    check_as_you_type(form.fields["body"].widget, section=section.pk)
    return form


def _requirement_groups(section: SpecificationSection) -> list[RequirementGroup]:
    groups = {
        kind: RequirementGroup(kind, RequirementKind(kind).label, explanation)
        for kind, explanation in REQUIREMENT_GROUPS
    }
    for requirement in section.requirements.all():
        groups[requirement.kind].requirements.append(requirement)
    return list(groups.values())


def _specification_page(
    request: HttpRequest,
    specification: Specification,
    *,
    issue_form: IssueVersionForm | None = None,
) -> HttpResponse:
    commission = specification.commission
    sections = selectors.specification_sections(specification)
    may_edit = permissions.can(request.user, "commissioning.edit", commission)
    may_comment = services.may_comment(request.user, commission)
    glossary = glossary_for(commission.organisation_id) if may_edit else []
    for section in sections:
        section.comment_list = list(section.comments.all())
        section.open_comments = [c for c in section.comment_list if c.resolved_at is None]
        section.resolved_comments = [c for c in section.comment_list if c.resolved_at]
        section.picked_outcomes = list(section.outcomes.all())
        if section.kind == SectionKind.REQUIREMENTS:
            section.requirement_groups = _requirement_groups(section)
        if may_edit:
            section.form = _section_form(section)
            section.analysis = analyse(section.body, glossary)
            section.result_id = f"plain-language-result-{section.pk}"
            if section.kind == SectionKind.REQUIREMENTS:
                section.requirement_form = RequirementForm(prefix=f"requirement-{section.pk}")
        if may_comment:
            section.comment_form = CommentForm(prefix=f"comment-{section.pk}")
    score = score_specification(specification)
    outcome_choices = (
        selectors.outcome_choices(commission)
        if may_edit and any(s.kind == SectionKind.OUTCOMES for s in sections)
        else []
    )
    context = {
        "breadcrumbs": breadcrumbs.commission(commission),
        "commission": commission,
        "specification": specification,
        "sections": sections,
        "first_section": sections[0] if sections else None,
        "last_section": sections[-1] if sections else None,
        "versions": list(specification.versions.all()),
        "may_edit": may_edit,
        "may_comment": may_comment,
        "outcome_choices": outcome_choices,
        "readability_score": score,
        "readability_label": label_for(score) if label_for and score is not None else "",
        "issue_form": issue_form or _issue_form(request, commission),
    }
    return render(request, SPEC_PAGE, context)


def _citable_comments(commission: Any) -> Any:
    """Published comments from the public on the commission, if it has any, for a new
    version to cite; None hides the question."""
    comments = public_voice_selectors.citable_comments(commission)
    return comments if comments.exists() else None


def _issue_form(request: HttpRequest, commission: Any, data: Any = None) -> IssueVersionForm:
    """The form that issues a version; `?cite=<comment id>` ticks a comment to cite (the
    moderation page links here with it)."""
    cite = id_from(request.GET.get("cite"))
    initial = {"answers": [cite]} if cite is not None else {}
    return IssueVersionForm(data, initial=initial, comments=_citable_comments(commission))


@require_GET
@login_required
def specification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _specification_page(request, _get_specification_for(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Save a section. htmx autosaves get the save status only; others get a page.

    On a conflict the person keeps what they typed, sees the other person's text, and
    their form now carries the latest revision, so saving again is a deliberate choice
    to replace it.
    """
    specification = _get_specification_for(request, pk)
    permissions.require(request.user, "commissioning.edit", specification.commission)
    section = _get_section_for(request, specification, section_pk)
    form = _section_form(section, request.POST or None)
    conflict = None
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_update(
                section=section,
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
                expected_revision=form.cleaned_data["revision"],
                by=request.user,
            )
            saved = True
        except services.EditConflict as error:
            conflict = error.section
            # Keep what the person typed, but let their next save go over the latest text.
            data = request.POST.copy()
            data[f"{form.prefix}-revision"] = str(conflict.revision)
            form = _section_form(section, data)
            form.is_valid()
            form.add_error(None, str(error))
        except DomainError as error:
            form.add_error(None, str(error))
    if request.htmx:
        return _save_status(request, section, form, conflict=conflict, saved=saved)
    if saved:
        messages.success(request, f"Section “{section.heading}” saved.")
        return redirect(f"{_specification_url(specification)}#section-{section.pk}")
    context = {
        "commission": specification.commission,
        "specification": specification,
        "section": section,
        "form": form,
        "conflict": conflict,
        "result_id": f"plain-language-result-{section.pk}",
        "analysis": analyse(
            form["body"].value() or "",
            glossary_for(specification.commission.organisation_id),
        ),
    }
    return render(request, "commissioning/section_form.html", context)


def _save_status(
    request: HttpRequest,
    section: SpecificationSection,
    form: SectionForm,
    *,
    conflict: SpecificationSection | None,
    saved: bool,
) -> HttpResponse:
    """The status line under an autosaving section, with the revision the next save uses."""
    if saved:
        revision = section.revision
    elif conflict is not None:
        revision = conflict.revision
    else:
        revision = request.POST.get(f"{form.prefix}-revision", section.revision)
    errors = [error for errors in form.errors.values() for error in errors]
    context = {
        "section": section,
        "revision": revision,
        "conflict": conflict,
        "typed_text": request.POST.get(f"{form.prefix}-body", ""),
        "save_errors": errors,
        "saved_at": timezone.localtime(section.updated_at) if saved else None,
    }
    return render(request, f"{SPEC_PAGE}#save-status", context)


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
    form = _issue_form(request, specification.commission, request.POST)
    if form.is_valid():
        try:
            version = services.specification_version_issue(
                specification=specification,
                change_note=form.cleaned_data["change_note"],
                answers=form.cleaned_data.get("answers") or (),
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
        "breadcrumbs": breadcrumbs.specification(specification.commission),
        "commission": specification.commission,
        "specification": specification,
        "version": version,
        "sections": selectors.version_sections(version),
    }
    return render(request, "commissioning/specification_version_detail.html", context)


def _section_url(specification: Specification, section_pk: int) -> str:
    return f"{_specification_url(specification)}#section-{section_pk}"


def _editable_section_for(
    request: HttpRequest, pk: int, section_pk: int
) -> tuple[Specification, SpecificationSection]:
    specification = _get_specification_for(request, pk)
    permissions.require(request.user, "commissioning.edit", specification.commission)
    return specification, _get_section_for(request, specification, section_pk)


@require_POST
@login_required
def section_move(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Choose whether to move the section up or down.")
        services.section_move(
            section=section, direction=form.cleaned_data["direction"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(_section_url(specification, section.pk))


@require_http_methods(["GET", "POST"])
@login_required
def section_delete(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    if request.method == "POST":
        return run_and_redirect(
            request,
            lambda: services.section_delete(section=section, by=request.user),
            success=f"Section “{section.heading}” deleted.",
            to=_specification_url(specification),
        )
    context = {
        "commission": specification.commission,
        "specification": specification,
        "section": section,
    }
    return render(request, "commissioning/specifications/section_delete.html", context)


@require_POST
@login_required
def section_outcomes(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    try:
        outcome_ids = [int(value) for value in request.POST.getlist("outcomes")]
        services.section_outcomes_set(section=section, outcome_ids=outcome_ids, by=request.user)
    except ValueError:
        messages.error(request, "Choose outcomes from the list.")
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Outcomes saved.")
    return redirect(_section_url(specification, section.pk))


def _requirement_page(
    request: HttpRequest,
    specification: Specification,
    section: SpecificationSection,
    form: RequirementForm,
    requirement: Requirement | None = None,
) -> HttpResponse:
    context = {
        "commission": specification.commission,
        "specification": specification,
        "section": section,
        "form": form,
        "requirement": requirement,
        "groups": REQUIREMENT_GROUPS,
    }
    return render(request, "commissioning/specifications/requirement_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def requirement_add(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """The spec page's inline form posts here; on a problem this page shows it."""
    specification, section = _editable_section_for(request, pk, section_pk)
    form = RequirementForm(request.POST or None, prefix=f"requirement-{section.pk}")
    if request.method == "POST" and submit_form(
        form, lambda data: services.requirement_add(section=section, by=request.user, **data)
    ):
        messages.success(request, "Requirement added.")
        return redirect(_section_url(specification, section.pk))
    return _requirement_page(request, specification, section, form)


def _get_requirement_for(section: SpecificationSection, requirement_pk: int) -> Requirement:
    requirement = selectors.requirement_get(section=section, pk=requirement_pk)
    if requirement is None:
        raise Http404
    return requirement


@require_http_methods(["GET", "POST"])
@login_required
def requirement_edit(
    request: HttpRequest, pk: int, section_pk: int, requirement_pk: int
) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    requirement = _get_requirement_for(section, requirement_pk)
    form = RequirementForm(
        request.POST or None,
        prefix=f"requirement-{section.pk}",
        initial={"kind": requirement.kind, "text": requirement.text},
    )
    if request.method == "POST" and submit_form(
        form,
        lambda data: services.requirement_update(requirement=requirement, by=request.user, **data),
    ):
        messages.success(request, "Requirement saved.")
        return redirect(_section_url(specification, section.pk))
    return _requirement_page(request, specification, section, form, requirement)


@require_POST
@login_required
def requirement_remove(
    request: HttpRequest, pk: int, section_pk: int, requirement_pk: int
) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    requirement = _get_requirement_for(section, requirement_pk)
    return run_and_redirect(
        request,
        lambda: services.requirement_delete(requirement=requirement, by=request.user),
        success="Requirement removed.",
        to=_section_url(specification, section.pk),
    )


@require_POST
@login_required
def requirement_move(
    request: HttpRequest, pk: int, section_pk: int, requirement_pk: int
) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    requirement = _get_requirement_for(section, requirement_pk)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("Choose whether to move the requirement up or down.")
        services.requirement_move(
            requirement=requirement, direction=form.cleaned_data["direction"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(_section_url(specification, section.pk))


@require_http_methods(["GET", "POST"])
@login_required
def comment_add(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """Any of the council's staff may comment; the spec page's inline form posts here."""
    specification = _get_specification_for(request, pk)
    if not services.may_comment(request.user, specification.commission):
        raise PermissionDenied
    section = _get_section_for(request, specification, section_pk)
    form = CommentForm(request.POST or None, prefix=f"comment-{section.pk}")
    if request.method == "POST" and submit_form(
        form, lambda data: services.comment_add(section=section, body=data["body"], by=request.user)
    ):
        messages.success(request, "Comment added.")
        return redirect(_section_url(specification, section.pk))
    context = {
        "commission": specification.commission,
        "specification": specification,
        "section": section,
        "form": form,
    }
    return render(request, "commissioning/specifications/comment_form.html", context)


def _get_comment_for(section: SpecificationSection, comment_pk: int) -> SectionComment:
    comment = selectors.comment_get(section=section, pk=comment_pk)
    if comment is None:
        raise Http404
    return comment


@require_POST
@login_required
def comment_resolve(
    request: HttpRequest, pk: int, section_pk: int, comment_pk: int
) -> HttpResponse:
    specification, section = _editable_section_for(request, pk, section_pk)
    comment = _get_comment_for(section, comment_pk)
    services.comment_resolve(comment=comment, by=request.user)
    messages.success(request, "Comment resolved.")
    return redirect(_section_url(specification, section.pk))
