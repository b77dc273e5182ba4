"""Journey: a signed-out person comments on a commission's public page and confirms the
comment from the link a real Celery worker emails them; the commissioner publishes it,
replies as the council and cites it in the change note of a new specification version;
the public page then shows "what we heard, and what we changed". Every page is checked
with axe, and the comment's <script> stays text (a run script would also break the
Content Security Policy, which fails the journey)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.commissioning.factories import (
    CommissionFactory,
    MissionFactory,
    NeedFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

COMMENT = "Please open on Saturday mornings. <script>alert('hi')</script>"


def _confirmation_path(timeout: float = 20.0) -> str:
    """The path of the link in the confirmation email, once the worker has sent it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mail.outbox:
            found = re.search(r"https?://[^/\s]+(/public/comments/confirm/\S+/)", message.body)
            if found:
                return found[1]
        time.sleep(0.2)
    raise AssertionError("No confirmation email was sent")


def test_a_comment_from_the_public_changes_the_specification(
    page: Any, live_server: Any, celery_worker: Any, council: Any, commissioner: Any
) -> None:
    from django.core.cache import cache

    cache.clear()
    mission = MissionFactory(organisation=council, title="Everyone eats well")
    need = NeedFactory(organisation=council, title="Fresh food is hard to find")
    commission = CommissionFactory(
        organisation=council,
        owner=commissioner,
        title="Community food hubs",
        public_summary="We want food hubs on the estates that residents help to run.",
        published_at=timezone.now(),
        invite_views_in=["before_award"],
    )
    commission.missions.add(mission)
    commission.needs.add(need)
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification, body="Hubs open on weekdays.")
    public_url = f"{live_server.url}/public/commissions/{commission.pk}/"

    # A signed-out resident finds the commission from the mission's public page.
    page.goto(f"{live_server.url}/public/missions/{mission.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Community food hubs").click()
    expect(page.get_by_role("heading", name="What we are buying and why")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name to show with your comment").fill("Amira")
    page.get_by_label("Email address").fill("amira@example.com")
    page.get_by_label("Your comment", exact=True).fill(COMMENT)
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_text("Check your email")).to_be_visible()
    assert_accessible(page)

    # The link in the email asks them to confirm; the button confirms.
    page.goto(live_server.url + _confirmation_path())
    assert_accessible(page)
    page.get_by_role("button", name="Confirm my comment").click()
    expect(page.get_by_text("Your comment is confirmed")).to_be_visible()
    expect(page.locator("#comments")).to_be_visible()
    assert "Please open on Saturday mornings" not in page.locator("main").inner_text()

    # The commissioner moderates it: publish, reply, and cite it in a change note.
    staff = page.context.browser.new_context().new_page()
    sign_in(staff, live_server, commissioner)
    staff.goto(f"{live_server.url}/commissioning/commissions/{commission.pk}/")
    staff.get_by_role("link", name="Comments from the public").click()
    assert_accessible(staff)
    staff.get_by_role("link", name=re.compile(r"^Amira")).click()
    assert_accessible(staff)
    expect(staff.locator("#comment-body")).to_contain_text("<script>alert('hi')</script>")
    staff.get_by_role("button", name="Publish the comment").click()
    expect(staff.get_by_text("Comment published on the public page.")).to_be_visible()
    staff.get_by_label("Reply as the council").fill(
        "Thank you, Amira. The hubs will open on Saturdays."
    )
    staff.get_by_role("button", name="Save reply").click()
    expect(staff.get_by_text("Reply saved.")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role(
        "link", name="Cite it in the change note of the next specification version"
    ).click()
    expect(staff.get_by_label(re.compile("^Amira:"))).to_be_checked()
    staff.get_by_label("Change note").fill(
        "Residents asked for weekend opening: hubs now open on Saturday mornings."
    )
    staff.get_by_role("button", name="Issue version 1").click()
    expect(staff.get_by_text("Version 1 issued.")).to_be_visible()
    assert_accessible(staff)
    staff.context.close()

    # The public page shows what was heard and what changed.
    page.goto(public_url)
    heard = page.locator("#heard-changed-1")
    expect(heard).to_contain_text("Amira")
    expect(heard).to_contain_text("hubs now open on Saturday mornings")
    expect(page.locator("#comments")).to_be_visible()
    main = page.locator("main")
    expect(main).to_contain_text("Thank you, Amira. The hubs will open on Saturdays.")
    expect(main).to_contain_text("<script>alert('hi')</script>")
    expect(main).not_to_contain_text("amira@example.com")
    assert_accessible(page)
