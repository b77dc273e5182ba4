"""Helpers for journeys in real Chromium: signing in, axe-core checks, and a journey that
fails when a page breaks the Content Security Policy."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


def assert_accessible(page: Any) -> None:
    """Fail with every axe-core violation (WCAG 2.2 AA) on the current page."""
    # Only violations come back: listing every passing node as well takes axe longer
    # than the checks themselves on a long page.
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
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


# Runs in every page before the page's own scripts; the binding reports back to the test.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.kindredCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "an inline resource"}` +
    ` on ${event.documentURI} (line ${event.lineNumber}) ${event.sample}`
  );
});
"""


def _watch_for_csp_violations(context: Any, violations: list[str]) -> None:
    """Record every Content Security Policy violation in a browser context's pages.

    Chromium reports each refusal twice: as a console error and as a
    `securitypolicyviolation` event. Either is enough to fail the journey.
    """
    context.expose_binding("kindredCspViolation", lambda source, text: violations.append(text))
    context.add_init_script(_REPORT_CSP_VIOLATIONS)

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    context.on("console", on_console)


@pytest.fixture(autouse=True)
def fail_on_csp_violation(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Fail a journey if any of its pages broke the Content Security Policy: a refused
    inline script or style, an eval (htmx filters and hx-on need one), a resource from
    elsewhere. The pages run under the production policy (config/settings.py)."""
    if "page" not in request.fixturenames:
        yield
        return
    violations: list[str] = []
    page = request.getfixturevalue("page")
    _watch_for_csp_violations(page.context, violations)
    # Journeys with a second person open their own context: watch those too.
    browser = page.context.browser
    new_context = browser.new_context

    def new_watched_context(*args: Any, **kwargs: Any) -> Any:
        context = new_context(*args, **kwargs)
        _watch_for_csp_violations(context, violations)
        return context

    monkeypatch.setattr(browser, "new_context", new_watched_context)
    yield
    # A round trip to the browser delivers any report still on its way.
    with contextlib.suppress(PlaywrightError):
        page.evaluate("undefined")
    if violations:
        pytest.fail(
            "Content Security Policy violations:\n" + "\n".join(dict.fromkeys(violations)),
            pytrace=False,
        )


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
