"""Journey: a commissioner writes about a problem the council has failed at before; the
"Learned before" panel brings back the failure story as they type; they pin it, and it is
on the commission page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from commissioning import services
from commissioning.specifications import services as spec_services
from contracts.models import LearningEntry
from learning import services as learning_services
from learning import vectors
from learning.demo import LESSONS
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILURE = LESSONS[0]  # "Dehumidifiers alone did not stop the mould"


@pytest.fixture
def specification(council: Any, commissioner: Any) -> Any:
    vectors.forget_cache()
    commission = services.commission_create(
        organisation=council,
        title="Tackling damp and mould with Brookside tenants",
        summary="Homes free of damp and mould, with tenants listened to.",
        by=commissioner,
    )
    for title, body, did_not_work, *_ in (FAILURE, LESSONS[12]):
        LearningEntry.objects.create(
            organisation=council, title=title, body=body, did_not_work=did_not_work
        )
    learning_services.lesson_index_sync()
    learning_services.lessons_embed_pending()
    return spec_services.specification_create(commission=commission, by=commissioner)


def test_the_panel_finds_the_failure_story_and_it_is_pinned(
    page: Any, live_server: Any, commissioner: Any, specification: Any
) -> None:
    sign_in(page, live_server, commissioner)
    page.goto(
        f"{live_server.url}/commissioning/commissions/{specification.commission_id}/specification/"
    )
    section = page.locator("section.kindred-spec-section").first
    panel = section.locator(".kindred-learned-before")
    expect(panel.get_by_role("heading", name="Learned before")).to_be_visible()

    section.get_by_label("Text", exact=True).fill(
        "Tenants keep finding black spots on bedroom walls each winter."
    )
    expect(panel).to_contain_text(FAILURE[0])
    expect(panel).to_contain_text("Did not work")
    assert_accessible(page)

    panel.get_by_role("button", name=f"We considered this: pin it ({FAILURE[0]})").click()
    expect(page.get_by_text("is pinned to this commission")).to_be_visible()
    expect(page).to_have_url(
        f"{live_server.url}/commissioning/commissions/{specification.commission_id}/specification/"
    )

    page.goto(f"{live_server.url}/commissioning/commissions/{specification.commission_id}/")
    pinned = page.get_by_test_id("pinned-lesson")
    expect(pinned).to_contain_text(FAILURE[0])
    expect(pinned).to_contain_text("Cite it as")
    assert_accessible(page)
