"""The supplier portal: find opportunities (public) and manage saved searches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from accounts.models import Organisation
from core.errors import DomainError
from core.paging import page_of
from dialogue import selectors, services
from dialogue.forms import SavedSearchForm
from dialogue.models import SavedSearch
from dialogue.search_page import opportunity_search


def _saving_organisation(request: HttpRequest) -> Organisation | None:
    """The supplier organisation a saved search belongs to, if this person may save one."""
    organisation = getattr(request, "organisation", None)
    if organisation and permissions.can(request.user, "saved_search.create", organisation):
        return organisation
    return None


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    context = {
        "found": opportunity_search(request, now=timezone.now()),
        "query_string": request.GET.urlencode(),
        "may_save": request.user.is_authenticated and _saving_organisation(request) is not None,
        "save_form": SavedSearchForm(),
    }
    return render(request, "dialogue/opportunity_list.html", context)


@require_POST
@login_required
def saved_search_create(request: HttpRequest) -> HttpResponse:
    organisation = _saving_organisation(request)
    if organisation is None:
        raise Http404
    form = SavedSearchForm(request.POST)
    query_string = request.POST.get("query_string", "")
    if form.is_valid():
        try:
            services.saved_search_create(
                user=request.user,
                organisation=organisation,
                name=form.cleaned_data["name"],
                query_string=query_string,
            )
        except DomainError as error:
            form.add_error("name", str(error))
        else:
            messages.success(
                request,
                f"Search saved. We will email you when new opportunities match “{form.cleaned_data['name']}”.",
            )
            return redirect("dialogue:saved_search_list")
    return render(
        request,
        "dialogue/saved_search_form.html",
        {"form": form, "query_string": query_string},
    )


@require_GET
@login_required
def saved_search_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.saved_searches_for(user=request.user))
    return render(request, "dialogue/saved_search_list.html", {"page": page})


def _get_saved_search_for(request: HttpRequest, pk: int) -> SavedSearch:
    saved = selectors.saved_searches_for(user=request.user).filter(pk=pk).first()
    if saved is None:
        raise Http404
    return saved


@require_http_methods(["GET", "POST"])
@login_required
def saved_search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _get_saved_search_for(request, pk)
    if request.method == "POST":
        services.saved_search_delete(saved_search=saved, by=request.user)
        messages.success(request, f"Saved search “{saved.name}” deleted.")
        return redirect("dialogue:saved_search_list")
    return render(request, "dialogue/saved_search_delete.html", {"saved": saved})
