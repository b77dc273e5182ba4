"""Pages for past learning: the staff search, the "Learned before" panel, pinning."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts import permissions
from commissioning import breadcrumbs
from commissioning.models import SpecificationSection
from commissioning.views import _get_commission_for
from core.ids import id_from
from core.paging import page_of
from core.views import run_and_redirect
from learning import selectors, services
from learning.forms import LessonSearchForm
from learning.models import PinnedLesson


@require_GET
@login_required
def lesson_search(request: HttpRequest) -> HttpResponse:
    """Search everything the council learned, with the filters; staff of a council only."""
    if not permissions.learning_organisation_ids(request.user):
        raise PermissionDenied
    form = LessonSearchForm(request.GET or None, options=selectors.filter_options(request.user))
    filters = form.filters()
    text = (form.cleaned_data.get("q") or "").strip() if form.is_bound else ""
    search = selectors.search_page(user=request.user, text=text, filters=filters)
    page = page_of(request, search.browse if search.browse is not None else search.items)
    if search.browse is not None:
        page.object_list = [search.browse_item(lesson) for lesson in page.object_list]
    context = {"form": form, "search": search, "page": page, "filtered": filters.any}
    return render(request, "learning/search.html", context)


def _query_text(request: HttpRequest, pk: int) -> tuple[str, str]:
    """The text to find learning for, and the name of the field it came from: what the
    person is typing (htmx sends the field named in `field`), a typed search (`q`), or a
    saved specification section (`section`)."""
    field = request.GET.get("field", "")
    if field and field in request.GET:
        typed = request.GET[field].strip() or request.GET.get("fallback", "")
        return typed[:4000], field
    if request.GET.get("q"):
        return request.GET["q"][:4000], ""
    section_pk = id_from(request.GET.get("section"))
    if section_pk is not None:
        section = SpecificationSection.objects.filter(
            pk=section_pk, specification__commission_id=pk
        ).first()
        if section is not None:
            return f"{section.heading}\n{section.body}", ""
    return "", ""


@require_GET
@login_required
@vary_on_headers("HX-Request")
def learned_before(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel's answer as the person types (htmx), or a page of its own without
    JavaScript ("Find past learning")."""
    commission = _get_commission_for(request, pk)
    text, field = _query_text(request, pk)
    panel = selectors.learned_before_panel(
        user=request.user,
        commission=commission,
        text=text,
        field=field,
        target=request.GET.get("target", "")[:60],
        fallback=request.GET.get("fallback", "")[:300],
        # Pinning from the panel returns to the page it is on, not to this answer.
        next_url=(request.htmx.current_url_abs_path if request.htmx else "")
        or request.get_full_path(),
    )
    if panel is None:
        raise PermissionDenied
    level = request.GET.get("level", "")
    panel.level = int(level) if level in {"2", "3", "4"} else 2
    if request.htmx:
        return render(request, "learning/includes/_panel_results.html", {"panel": panel})
    context = {
        "breadcrumbs": breadcrumbs.commission(commission),
        "commission": commission,
        "panel": panel,
        "back": _safe_next(request, reverse("commissioning:commission_detail", args=[pk])),
    }
    return render(request, "learning/learned_before.html", context)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@login_required
def lesson_pin(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    lesson_pk = id_from(request.POST.get("lesson"))
    lesson = (
        selectors.lesson_for(request.user, commission, lesson_pk) if lesson_pk is not None else None
    )
    if lesson is None:
        raise Http404
    return run_and_redirect(
        request,
        lambda: services.lesson_pin(commission=commission, lesson=lesson, by=request.user),
        success=lambda pin: (
            f"“{pin.title}” is pinned to this commission as something you considered."
        ),
        to=_safe_next(request, reverse("commissioning:commission_detail", args=[pk])),
    )


@require_POST
@login_required
def lesson_unpin(request: HttpRequest, pk: int) -> HttpResponse:
    pin = get_object_or_404(PinnedLesson.objects.select_related("commission"), pk=pk)
    commission = _get_commission_for(request, pin.commission_id)
    return run_and_redirect(
        request,
        lambda: services.lesson_unpin(pin=pin, by=request.user),
        success=f"“{pin.title}” is no longer pinned.",
        to=reverse("commissioning:commission_detail", args=[commission.pk]),
    )
