"""The one way a view runs a service for a button that is not a form: call it; if it
refuses, show why in the error banner, else show the success banner; then redirect.
(A form's version, where the error goes beside the field, is `core.forms.submit_form`.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect

from core.errors import DomainError
from core.ids import id_from


def run_and_redirect(
    request: HttpRequest,
    action: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    to: str,
    **url_kwargs: Any,
) -> HttpResponseRedirect:
    """`to` is a URL or a URL name (with `url_kwargs`); `success` may be built from what
    the service returned:

        return run_and_redirect(
            request,
            lambda: services.tender_publish(tender=tender, by=request.user),
            success="Tender published. Suppliers can now bid.",
            to="procurement:tender_detail",
            pk=tender.pk,
        )
    """
    try:
        result = action()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(to, **url_kwargs)


def posted_pk(request: HttpRequest, field: str) -> int:
    """The id a form names in a hidden field or a button's value. Anything but a number
    asks for no record: a 404, not a database error."""
    pk = id_from(request.POST.get(field))
    if pk is None:
        raise Http404
    return pk
