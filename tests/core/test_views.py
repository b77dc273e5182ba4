"""The view helper that runs a service and redirects with a banner."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from core.errors import DomainError
from core.views import run_and_redirect


@pytest.fixture
def request_():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _banners(request) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(request)]


def test_success_shows_the_banner_built_from_the_result(request_):
    response = run_and_redirect(
        request_, lambda: "Lot 1", success=lambda lot: f"{lot} added.", to="/tenders/1/"
    )
    assert response.status_code == 302 and response.url == "/tenders/1/"
    assert _banners(request_) == [("success", "Lot 1 added.")]


def test_a_refusal_shows_why_and_still_redirects(request_):
    def refuse() -> None:
        raise DomainError("This tender is closed.")

    response = run_and_redirect(
        request_, refuse, success="Never shown.", to="procurement:tender_detail", pk=7
    )
    assert response.url == "/tenders/7/"
    assert _banners(request_) == [("error", "This tender is closed.")]
