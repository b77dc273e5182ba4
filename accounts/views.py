"""Organisation switcher, notifications, invitations and audit pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions, selectors, services
from accounts.forms import InvitationForm, PublicBodyDetailsForm
from accounts.middleware import SESSION_KEY
from accounts.models import Invitation, Organisation
from accounts.registration import public_body_details_update
from core.errors import DomainError
from core.forms import submit_form
from core.paging import page_of


@require_POST
@login_required
def switch_organisation(request: HttpRequest) -> HttpResponse:
    organisations = {org.pk: org for org in selectors.organisations_for(request.user)}
    try:
        chosen = int(request.POST.get("organisation", ""))
    except ValueError:
        chosen = 0
    if chosen not in organisations:
        messages.error(request, "Choose one of your organisations.")
    else:
        request.session[SESSION_KEY] = chosen
        messages.success(request, f"You are now acting for {organisations[chosen]}.")
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "home:dashboard"
    return redirect(next_url)


@require_http_methods(["GET", "POST"])
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        messages.success(request, "All notifications are marked as read.")
        return redirect("accounts:notifications")
    page = page_of(request, selectors.notifications_for(request.user))
    return render(request, "accounts/notifications.html", {"page": page})


@require_GET
@login_required
def audit_log(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise Http404
    target = get_object_or_404(model, pk=object_id)
    if not permissions.can(request.user, "audit.view", target):
        raise Http404
    page = page_of(request, selectors.audit_events_for(target), 50)
    return render(request, "accounts/audit_log.html", {"target": target, "page": page})


def _organisation_for_admin(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can(request.user, "organisation.view", organisation):
        raise Http404
    return organisation


@require_http_methods(["GET", "POST"])
@login_required
def organisation_people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_admin(request, slug)
    may_manage = permissions.can(request.user, "organisation.manage", organisation)
    form = InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if form.is_valid():
            try:
                services.invitation_create(
                    organisation=organisation, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error("role", str(error))
            else:
                messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
                return redirect("accounts:organisation_people", slug=slug)
    context = {
        "organisation": organisation,
        "memberships": organisation.memberships.select_related("user").order_by("user__email"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("-created_at"),
        "form": form,
        "may_manage": may_manage,
    }
    return render(request, "accounts/organisation_people.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def organisation_details(request: HttpRequest, slug: str) -> HttpResponse:
    """A public body's administrator changes its details (the postcode)."""
    organisation = _organisation_for_admin(request, slug)
    if not organisation.is_public_body or not permissions.can(
        request.user, "organisation.manage", organisation
    ):
        raise Http404
    form = PublicBodyDetailsForm(request.POST or None, initial={"postcode": organisation.postcode})
    if request.method == "POST" and submit_form(
        form,
        lambda data: public_body_details_update(organisation=organisation, by=request.user, **data),
    ):
        messages.success(request, "Organisation details saved.")
        return redirect("accounts:organisation_people", slug=slug)
    return render(
        request, "accounts/organisation_details.html", {"form": form, "organisation": organisation}
    )


@require_http_methods(["GET", "POST"])
@login_required
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("organisation").filter(token=token).first()
    if invitation is None:
        raise Http404
    if request.method == "POST":
        try:
            services.invitation_accept(token=token, user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            request.session[SESSION_KEY] = invitation.organisation_id
            messages.success(request, f"You have joined {invitation.organisation}.")
            return redirect("home:dashboard")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})
