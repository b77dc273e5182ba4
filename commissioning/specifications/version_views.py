"""The change log of a specification and the comparison of any two of its versions.

Anyone who may read the commission may read these; people outside its organisation get 404.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts import permissions
from commissioning import breadcrumbs
from commissioning.models import Commission
from commissioning.specifications import versions
from core.breadcrumbs import Crumb
from core.paging import page_of


def _get_commission_for(request: HttpRequest, pk: int) -> Commission:
    commission = (
        Commission.objects.select_related("organisation", "specification").filter(pk=pk).first()
    )
    if commission is None or not permissions.can(request.user, "commissioning.view", commission):
        raise Http404
    return commission


class CompareForm(forms.Form):
    from_number = forms.TypedChoiceField(label="Compare version", coerce=int)
    to_number = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(number, f"Version {number}") for number in numbers]
        for name in ("from_number", "to_number"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = "Choose a version that exists"

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("from_number") is not None and cleaned.get("from_number") == cleaned.get(
            "to_number"
        ):
            self.add_error("to_number", "Choose two different versions")
        return cleaned

    def add_prefix(self, field_name: str) -> str:
        # The page's address reads ?from=1&to=2, which people can share.
        return {"from_number": "from", "to_number": "to"}.get(field_name, field_name)


def _breadcrumbs(commission: Commission, specification: object) -> list[Crumb]:
    if specification is None:
        return breadcrumbs.commission(commission)
    return breadcrumbs.specification(commission)


@require_GET
@login_required
def specification_changelog(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    specification = versions.specification_of(commission)
    page = page_of(request, versions.versions_for(specification))
    rows = [
        (version, versions.readability_of(version), f"Download version {version.number} as PDF")
        for version in page
    ]
    context = {
        "breadcrumbs": _breadcrumbs(commission, specification),
        "commission": commission,
        "specification": specification,
        "page": page,
        "rows": rows,
    }
    return render(request, "commissioning/versions/changelog.html", context)


@require_GET
@login_required
def specification_compare(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _get_commission_for(request, pk)
    specification = versions.specification_of(commission)
    numbers = versions.version_numbers(specification)
    comparison = older = newer = None
    if len(numbers) >= 2 and not {"from", "to"} & set(request.GET):
        # With no choice made yet, show what changed in the latest version.
        form = CompareForm({"from": numbers[1], "to": numbers[0]}, numbers=numbers)
    else:
        form = CompareForm(request.GET, numbers=numbers)
    if len(numbers) >= 2 and form.is_valid():
        chosen = versions.versions_by_number(
            specification, [form.cleaned_data["from_number"], form.cleaned_data["to_number"]]
        )
        older = chosen[form.cleaned_data["from_number"]]
        newer = chosen[form.cleaned_data["to_number"]]
        comparison = versions.compare_snapshots(older.snapshot, newer.snapshot)
    context = {
        "breadcrumbs": _breadcrumbs(commission, specification),
        "commission": commission,
        "specification": specification,
        "numbers": numbers,
        "form": form,
        "older": older,
        "newer": newer,
        "older_score": versions.readability_of(older) if older else None,
        "newer_score": versions.readability_of(newer) if newer else None,
        "comparison": comparison,
        "newer_pdf_label": f"Download version {newer.number} as PDF" if newer else "",
    }
    return render(request, "commissioning/versions/compare.html", context)
