"""A commissioner reads the change log, compares two versions and checks their writing.

They open the change log, compare version 1 with version 2 inline and side by side, paste
text into the plain-language check and see jargon flagged, then add their own glossary
term and see the check flag it too. Every page is checked with axe.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from playwright.sync_api import expect

from commissioning import services
from commissioning.models import Specification, SpecificationVersion
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _section(heading: str, body: str, position: int, requirements: list | None = None) -> dict:
    return {
        "kind": heading.lower(),
        "heading": heading,
        "body": body,
        "position": position,
        "requirements": requirements or [],
        "outcomes": [],
    }


@pytest.fixture
def commission(council: Any, commissioner: Any):
    # Transactional tests empty the tables between tests, starter glossary included.
    starter = importlib.import_module("commissioning.migrations.0003_starter_glossary")
    starter.add_starter_terms(apps, None)
    mission = services.mission_create(
        organisation=council,
        title="Everyone eats well",
        statement="By 2030, everyone in Northbridge eats well every day.",
        by=commissioner,
    )
    commission = services.commission_create(
        organisation=council,
        title="Community food hubs",
        summary="Food hubs on three estates, run with residents.",
        missions=[mission],
        by=commissioner,
    )
    specification = Specification.objects.create(
        commission=commission, title="Community food hubs specification"
    )
    SpecificationVersion.objects.create(
        specification=specification,
        number=1,
        change_note="First version for the market",
        readability_score=58.0,
        issued_by=commissioner,
        snapshot={
            "sections": [
                _section("Background", "Families cannot buy food near home.", 1),
                _section(
                    "Requirements",
                    "",
                    2,
                    [{"kind": "non_negotiable", "text": "Open three days a week"}],
                ),
                _section("Budget", "Up to £90,000 a year.", 3),
            ]
        },
    )
    SpecificationVersion.objects.create(
        specification=specification,
        number=2,
        change_note="Changes after the market day",
        readability_score=64.0,
        issued_by=commissioner,
        snapshot={
            "sections": [
                _section("Background", "Families cannot buy fresh food near home.", 1),
                _section(
                    "Requirements",
                    "",
                    2,
                    [
                        {"kind": "non_negotiable", "text": "Open five days a week"},
                        {"kind": "preference", "text": "Food grown within 30 miles"},
                    ],
                ),
                _section("Timeline", "The hubs open in April 2027.", 3),
            ]
        },
    )
    return commission


def test_commissioner_compares_versions_and_checks_plain_language(
    page: Any, live_server: Any, commissioner: Any, commission: Any
) -> None:
    sign_in(page, live_server, commissioner)

    page.goto(f"{live_server.url}/commissioning/commissions/{commission.pk}/specification/changes/")
    expect(page.get_by_role("heading", level=1, name="Change log")).to_be_visible()
    expect(page.get_by_text("Changes after the market day")).to_be_visible()
    expect(page.get_by_role("button", name="Download version 2 as PDF")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Compare versions").click()
    expect(page.get_by_label("Compare version")).to_have_value("1")
    expect(page.get_by_label("with version")).to_have_value("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_text("2 changed, 1 added, 1 removed")).to_be_visible()
    inline = page.locator("#inline")
    expect(inline.locator("ins", has_text="fresh")).to_be_visible()
    expect(inline.locator("del", has_text="three")).to_be_visible()
    expect(inline.get_by_text("Food grown within 30 miles")).to_be_visible()
    side_by_side = page.locator("#side-by-side")
    expect(side_by_side.get_by_role("columnheader", name="Version 1")).to_be_visible()
    expect(side_by_side.locator("ins", has_text="five")).to_be_visible()
    expect(side_by_side.get_by_role("columnheader", name="Budget")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/commissioning/plain-language/")
    assert_accessible(page)
    page.get_by_label("Text to check").fill(
        "Going forward we will leverage our partners. We want moonshot thinking."
    )
    page.get_by_role("button", name="Check text").click()
    result = page.locator("#plain-language-result")
    expect(result.get_by_role("rowheader", name="going forward")).to_be_visible()
    expect(result.get_by_text("from now on, in future")).to_be_visible()
    expect(result.get_by_role("rowheader", name="moonshot")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/commissioning/glossary/")
    assert_accessible(page)
    page.get_by_role("button", name="Add a term").click()
    assert_accessible(page)
    page.get_by_label("Word or phrase to avoid").fill("moonshot")
    page.get_by_label("Plain alternative").fill("bold aim")
    page.get_by_role("button", name="Add term").click()
    expect(page.get_by_text("“moonshot” added to your glossary")).to_be_visible()
    expect(page.get_by_role("rowheader", name="moonshot")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Check some text").click()
    page.get_by_label("Text to check").fill("We want moonshot thinking.")
    page.get_by_role("button", name="Check text").click()
    result = page.locator("#plain-language-result")
    expect(result.get_by_role("rowheader", name="moonshot")).to_be_visible()
    expect(result.get_by_text("bold aim")).to_be_visible()
    assert_accessible(page)
