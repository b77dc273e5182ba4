"""Journey: a service user's voice in a check-in. The contract manager asks a person who
uses the service from the check-in page; a real Celery worker sends the email; the person,
signed out in a browser of their own, opens the link from the email, tells their story and
rates the service; the story shows on the contract page, anonymised. The link then says it
has been used. Every page is checked with axe.
"""

from __future__ import annotations

import datetime
import re
import time
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from contracts.models import VoiceInvitation
from tests.browser.conftest import assert_accessible, sign_in
from tests.contracts.factories import CheckInFactory, ContractFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ADDRESS = "amina@example.com"
STORY = "My mentor helped me write my first CV, and I start at the bakery on Monday."


def _email_to(address: str, *, within: float = 20.0) -> Any:
    """The email the worker sends, once it has sent it."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = [message for message in mail.outbox if address in message.to]
        if found:
            return found[0]
        time.sleep(0.1)
    raise AssertionError(f"No email to {address} within {within} seconds")


def test_a_service_users_voice_from_the_emailed_link_shows_on_the_contract_page(
    page: Any,
    live_server: Any,
    celery_worker: Any,
    council: Any,
    supplier_org: Any,
    contract_manager: Any,
) -> None:
    contract = ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        title="Mentoring into work",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2030, 1, 1),
    )
    checkin = CheckInFactory(contract=contract, held_on=datetime.date(2026, 12, 20))

    sign_in(page, live_server, contract_manager)
    page.goto(live_server.url + reverse("contracts:checkin_detail", args=[contract.pk, checkin.pk]))
    assert_accessible(page)
    page.get_by_label("Email addresses of people who use the service").fill(ADDRESS)
    page.get_by_role("button", name="Send the emails").click()
    expect(page.get_by_text("1 person has been asked.")).to_be_visible()
    assert_accessible(page)

    message = _email_to(ADDRESS)
    assert message.subject == "How is Mentoring into work going for you?"
    link = re.search(r"https?://[^/\s]+(/contracts/your-say/\S+/)", message.body)
    assert link, message.body
    # The address was used to send the email, then forgotten.
    assert VoiceInvitation.objects.get().email == ""

    # The person who uses the service: no account, a browser of their own.
    person = page.context.browser.new_context().new_page()
    person.goto(live_server.url + link.group(1))
    expect(person.get_by_role("heading", level=1)).to_have_text("How is it going for you?")
    assert_accessible(person)
    person.get_by_label("How is it going for you?").fill(STORY)
    for question, answer in (
        ("I am treated with respect", "5 - very much"),
        ("The service is reliable", "4"),
        ("It makes a difference in my life", "5 - very much"),
    ):
        group = person.get_by_role("group", name=re.compile(question))
        group.get_by_label(answer, exact=True).check()
    person.get_by_label("You can show my story on the council's public website").check()
    person.get_by_role("button", name="Send").click()
    expect(person.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(person)

    # The link works once.
    person.goto(live_server.url + link.group(1))
    expect(person.get_by_role("heading", level=1)).to_have_text("This link has been used")
    assert_accessible(person)
    person.context.close()

    # The contract manager sees the voice on the contract page, with no name or address.
    page.goto(live_server.url + reverse("contracts:contract_detail", args=[contract.pk]))
    expect(page.get_by_text(STORY)).to_be_visible()
    expect(page.get_by_text("A person who uses the service").first).to_be_visible()
    expect(page.get_by_text("Average rating from 1 person who uses the service")).to_be_visible()
    assert ADDRESS not in page.content()
    assert_accessible(page)
