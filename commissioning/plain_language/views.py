"""The plain-language check (a page and an htmx endpoint) and the glossary pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import BUYER_STAFF_ROLES, Organisation
from commissioning.models import GlossaryTerm
from commissioning.plain_language import services
from commissioning.plain_language.analysis import analyse, glossary_for
from commissioning.plain_language.forms import CheckForm, GlossaryTermForm
from core.errors import DomainError
from core.paging import page_of

RESULT_TEMPLATE = "commissioning/plain_language/_result.html"


def _organisation_for(request: HttpRequest, *, edit: bool = False) -> Organisation:
    """The organisation the person acts for, if they may read (or edit) its commissioning."""
    organisation = request.organisation
    if not organisation or not permissions.can(request.user, "commissioning.view", organisation):
        raise Http404
    if edit:
        permissions.require(request.user, "commissioning.edit", organisation)
    return organisation


def _staff_organisation_for(request: HttpRequest) -> Organisation:
    """The check is a drafting tool: buyer staff only, not read-only viewers or suppliers."""
    organisation = _organisation_for(request)
    if not permissions.buyer_role(request.user, organisation.pk, *BUYER_STAFF_ROLES):
        raise PermissionDenied("Only council staff can use the plain-language check.")
    return organisation


def _get_own_term_for(request: HttpRequest, pk: int) -> GlossaryTerm:
    organisation = _organisation_for(request, edit=True)
    term = GlossaryTerm.objects.filter(pk=pk, organisation=organisation).first()
    if term is None:
        raise Http404
    return term


def _result_id(section: int | None) -> str:
    return f"plain-language-result-{section}" if section else "plain-language-result"


@require_POST
@login_required
def plain_language_check(request: HttpRequest) -> HttpResponse:
    """Check some text and return the result panel, for the editor to swap in as you type."""
    organisation = _staff_organisation_for(request)
    form = CheckForm(request.POST)
    section = None
    if form.is_valid():
        text, section = form.cleaned_data["text"], form.cleaned_data["section"]
    else:
        # An empty box is not an error while drafting: it simply has nothing to score yet.
        text = request.POST.get("text", "")[:100_000]
    context = {
        "analysis": analyse(text, glossary_for(organisation)),
        "result_id": _result_id(section),
    }
    return render(request, RESULT_TEMPLATE, context)


@require_http_methods(["GET", "POST"])
@login_required
def plain_language_check_page(request: HttpRequest) -> HttpResponse:
    organisation = _staff_organisation_for(request)
    analysis = None
    if request.method == "POST":
        form = CheckForm(request.POST)
        if form.is_valid():
            analysis = analyse(form.cleaned_data["text"], glossary_for(organisation))
    else:
        form = CheckForm()
    context = {"form": form, "analysis": analysis, "result_id": _result_id(None)}
    return render(request, "commissioning/plain_language/check.html", context)


@require_GET
@login_required
def glossary_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request)
    # The organisation's own terms first: they are the ones people come here to change.
    terms = sorted(glossary_for(organisation), key=lambda term: term.organisation_id is None)
    context = {
        "organisation": organisation,
        "page": page_of(request, terms),
        "can_edit": permissions.can(request.user, "commissioning.edit", organisation),
        "can_check": permissions.buyer_role(request.user, organisation.pk, *BUYER_STAFF_ROLES),
    }
    return render(request, "commissioning/plain_language/glossary_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def glossary_add(request: HttpRequest) -> HttpResponse:
    organisation = _organisation_for(request, edit=True)
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.glossary_term_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("term", str(error))
        else:
            messages.success(request, f"“{term.term}” added to your glossary")
            return redirect("commissioning:glossary_list")
    context = {"form": form, "title": "Add a glossary term", "button": "Add term"}
    return render(request, "commissioning/plain_language/glossary_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def glossary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    glossary_term = _get_own_term_for(request, pk)
    form = GlossaryTermForm(request.POST or None, instance=glossary_term)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_update(
                glossary_term=glossary_term, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error("term", str(error))
        else:
            messages.success(request, "Glossary term saved")
            return redirect("commissioning:glossary_list")
    context = {"form": form, "title": "Change a glossary term", "button": "Save changes"}
    return render(request, "commissioning/plain_language/glossary_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def glossary_remove(request: HttpRequest, pk: int) -> HttpResponse:
    glossary_term = _get_own_term_for(request, pk)
    if request.method == "POST":
        services.glossary_term_delete(glossary_term=glossary_term, by=request.user)
        messages.success(request, f"“{glossary_term.term}” removed from your glossary")
        return redirect("commissioning:glossary_list")
    return render(
        request, "commissioning/plain_language/glossary_remove.html", {"term": glossary_term}
    )
