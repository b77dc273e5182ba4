"""Pages for registering a supplier organisation and keeping its profile up to date."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from accounts import permissions
from accounts.middleware import SESSION_KEY
from accounts.models import Organisation, SupplierType
from accounts.registration import (
    DESCRIPTION_WORD_LIMIT,
    PROFILE_FIELDS,
    ProfileInvalid,
    supplier_organisation_register,
    supplier_profile_update,
)
from core.readability import readability


class SupplierProfileForm(forms.Form):
    name = forms.CharField(label="Organisation name", max_length=200)
    supplier_type = forms.ChoiceField(
        label="Type of organisation",
        choices=SupplierType.choices,
        widget=forms.RadioSelect,
    )
    staff_count = forms.IntegerField(
        label="Number of staff",
        help_text="Count part-time staff as one each. Do not count volunteers.",
        min_value=0,
        max_value=10_000_000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
    )
    postcode = forms.CharField(
        label="Registered postcode",
        max_length=10,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )
    places_served = forms.CharField(
        label="Places you work in",
        help_text="For example, Northbridge, the Riverside estate, all of Yorkshire",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    company_number = forms.CharField(
        label="Company number (if you have one)",
        help_text="8 characters, for example 01234567 or SC123456",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    charity_number = forms.CharField(
        label="Charity number (if you have one)",
        help_text="For example, 1234567, SC012345 or NIC100002",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    living_wage_accredited = forms.BooleanField(
        label="We are an accredited Living Wage employer", required=False
    )
    description = forms.CharField(
        label="What your organisation does",
        help_text=f"In plain English, in {DESCRIPTION_WORD_LIMIT} words or fewer. Buyers read this.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def profile_or_errors(self, service: Any, **kwargs: Any) -> Organisation | None:
        """Call a profile service; its field errors are shown against the form's fields."""
        try:
            return service(**kwargs, **self.cleaned_data)
        except ProfileInvalid as invalid:
            for field, message in invalid.errors.items():
                self.add_error(field, message)
        return None


def _supplier_for_admin(request: HttpRequest, slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug, kind="supplier").first()
    if organisation is None or not permissions.can(request.user, "organisation.view", organisation):
        raise Http404
    return organisation


@require_http_methods(["GET", "POST"])
@login_required
def supplier_register(request: HttpRequest) -> HttpResponse:
    form = SupplierProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.profile_or_errors(supplier_organisation_register, user=request.user)
        if organisation is not None:
            request.session[SESSION_KEY] = organisation.pk
            messages.success(
                request, f"{organisation.name} is registered. You are its administrator."
            )
            return redirect("accounts:supplier_profile", slug=organisation.slug)
    return render(request, "accounts/registration/register.html", {"form": form})


@require_GET
@login_required
def supplier_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _supplier_for_admin(request, slug)
    context = {
        "organisation": organisation,
        "may_manage": permissions.can(request.user, "organisation.manage", organisation),
        "readability": readability(organisation.description) if organisation.description else None,
    }
    return render(request, "accounts/registration/profile.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def supplier_profile_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _supplier_for_admin(request, slug)
    if not permissions.can(request.user, "organisation.manage", organisation):
        raise Http404
    initial = {name: getattr(organisation, name) for name in PROFILE_FIELDS}
    form = SupplierProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        updated = form.profile_or_errors(
            supplier_profile_update, organisation=organisation, by=request.user
        )
        if updated is not None:
            messages.success(request, "Profile updated.")
            return redirect("accounts:supplier_profile", slug=updated.slug)
    return render(
        request, "accounts/registration/edit.html", {"form": form, "organisation": organisation}
    )


urlpatterns = [
    path("register/", supplier_register, name="supplier_register"),
    path("<slug:slug>/", supplier_profile, name="supplier_profile"),
    path("<slug:slug>/edit/", supplier_profile_edit, name="supplier_profile_edit"),
]
