"""Checks on the tests themselves."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# `assert "x" not in <response>.content` (or `.content.decode()`, or `.text`) at the end of
# the expression. Playwright's `page.content()` is a method call and is not matched.
BARE_ABSENCE = re.compile(r"\bnot in\b.*\.(?:content(?:\.decode\([^)]*\))?|text)\s*(?:#.*)?$")


def test_absence_on_a_page_is_checked_with_assert_not_contains() -> None:
    """A bare `assert "Secret" not in response.content.decode()` also passes when the page
    is a redirect to sign in, a 404 or a 500, so it can pass without testing anything.
    pytest-django's `assertNotContains(response, "Secret")` checks the status too (200,
    or the `status_code=` given where the page rightly answers something else).

    The scan is by line, so it is simple and cannot break on new syntax; it finds the
    usual shape, not every way of writing the same check."""
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if BARE_ABSENCE.search(line)
    ]
    assert not offenders, (
        "Check absence with pytest_django.asserts.assertNotContains(response, text), which "
        "also checks the status:\n" + "\n".join(offenders)
    )
