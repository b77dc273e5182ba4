"""Refusals, missing pages and server errors show GOV.UK pages in the service layout."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error
from pytest_django.asserts import assertNotContains

from config import error_pages

pytestmark = pytest.mark.django_db


def _heading(html: str) -> str:
    start = html.index('<h1 class="govuk-heading-l">') + len('<h1 class="govuk-heading-l">')
    return html[start : html.index("</h1>", start)]


def test_a_refusal_shows_the_govuk_permission_page(client: Any, supplier_user: Any) -> None:
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:tender_list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert _heading(html) == "You do not have permission to see this page"
    assert "govuk-template" in html
    assertNotContains(response, "403 Forbidden", status_code=403)


def test_a_missing_page_shows_the_govuk_not_found_page(client: Any, commissioner: Any) -> None:
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:mission_detail", args=[987654]))
    assert response.status_code == 404
    html = response.content.decode()
    assert _heading(html) == "Page not found"
    assert "Go to the Kindred home page" in html


def test_an_unknown_address_shows_the_not_found_page_to_anyone(client: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _heading(response.content.decode()) == "Page not found"


def test_the_server_error_page_renders_without_a_request_context() -> None:
    # Django's server_error renders 500.html with an empty context (no context processors,
    # no user): the page and the base layout must not depend on them.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert _heading(html) == "Sorry, there is a problem with the service"
    assert "govuk-template" in html


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_out_of_reach_shows_the_govuk_service_unavailable_page(error: type) -> None:
    try:
        raise error("connection to server on socket failed: No such file or directory")
    except error:
        response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert _heading(html) == "Sorry, the service is unavailable"
    assert "govuk-template" in html


def test_any_other_error_shows_the_server_error_page() -> None:
    try:
        raise ValueError("a bug")
    except ValueError:
        response = error_pages.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert _heading(response.content.decode()) == "Sorry, there is a problem with the service"
