"""Helpers for journeys in real Chromium: signing in and axe-core checks."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page: Any) -> None:
    """Fail with every axe-core violation (WCAG 2.2 AA) on the current page."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert not violations, f"{page.url}\n{results.generate_report()}"


def sign_in(page: Any, live_server: Any, user: Any, password: str = TEST_PASSWORD) -> None:
    """Sign in through the real sign-in form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def axe_check():
    return assert_accessible


@pytest.fixture(autouse=True)
def reference_data(transactional_db: Any) -> None:
    """Load what migrations load (starter glossary, social value measures) before each journey.

    Journeys run in transactional tests, which empty every table between tests; the
    loaders are idempotent, so this is safe whether or not the rows survived.
    """
    from importlib import import_module

    from django.apps import apps

    import_module("commissioning.migrations.0003_starter_glossary").add_starter_terms(apps, None)
    import_module("social_value.migrations.0002_load_kindred_measures").load_measures(apps, None)
