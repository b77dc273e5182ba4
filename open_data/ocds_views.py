"""The OCDS endpoints and the notice pages: public, no sign-in, read only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.breadcrumbs import Crumb
from open_data import notices
from open_data.ocds import absolute, process
from open_data.ocds_packages import (
    bulk_release_package,
    record_package,
    release_package,
    release_package_uri,
)

JSON = "application/json"


def _json(data: object) -> JsonResponse:
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def ocds_releases(request: HttpRequest) -> StreamingHttpResponse:
    """Every public release in one package, streamed as it is built."""
    response = StreamingHttpResponse(bulk_release_package(), content_type=JSON)
    response["Content-Disposition"] = 'inline; filename="releases.json"'
    return response


@require_GET
def ocds_process_releases(request: HttpRequest, ocid: str) -> JsonResponse:
    each = process(ocid)
    if each is None:
        raise Http404
    return _json(release_package(each.releases, uri=release_package_uri(ocid)))


@require_GET
def ocds_process_record(request: HttpRequest, ocid: str) -> JsonResponse:
    package = record_package(ocid)
    if package is None:
        raise Http404
    return _json(package)


@require_GET
def notice(request: HttpRequest, release_id: str) -> HttpResponse:
    """A Procurement Act notice in plain words."""
    page = notices.notice_page(release_id)
    if page is None:
        raise Http404
    return render(
        request,
        "open_data/notice.html",
        {
            "view": page,
            "breadcrumbs": [Crumb("Home", reverse("home"))],
        },
    )


@require_GET
def notice_json(request: HttpRequest, release_id: str) -> JsonResponse:
    """The notice as Find a Tender reads it: a release package holding its release."""
    found = notices.release_with_notice(release_id)
    if found is None:
        raise Http404
    _, release, _ = found
    uri = absolute(reverse("open_data:notice_json", args=[release_id]))
    return _json(release_package([release], uri=uri))
