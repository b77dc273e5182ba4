"""A commission's public page, signed out: what is bought and why, the public's comments,
and what the council changed because of them. The comment form, its email link, and the
abuse it must withstand."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentPhase, CommentStatus, PublicComment
from commissioning.public_voice import services
from commissioning.specifications.services import specification_version_issue
from tests.commissioning.factories import (
    CommissionFactory,
    MissionFactory,
    NeedFactory,
    PublicCommentFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)
from tests.contracts.factories import ContractFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('owned')</script>"


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_tasks() -> Any:
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture
def mission(council):
    return MissionFactory(organisation=council, title="Everyone eats well")


@pytest.fixture
def commission(council, commissioner, mission):
    commission = CommissionFactory(
        organisation=council,
        owner=commissioner,
        title="Community food hubs",
        summary="Internal note: keep this under budget.",
        budget_max=240000,
        public_summary="We want food hubs that residents help to run.",
        published_at=timezone.now(),
        invite_views_in=[CommentPhase.BEFORE_AWARD],
    )
    commission.missions.add(mission)
    return commission


def _url(commission) -> str:
    return reverse("home:public_commission", args=[commission.pk])


def _feed(commission) -> str:
    return reverse("home:public_commission_feed", args=[commission.pk])


def _form(**overrides: Any) -> dict[str, str]:
    return {
        "display_name": "Amira",
        "email": "amira@example.com",
        "body": "Please open on Saturday mornings.",
        "website": "",
        **overrides,
    }


def test_the_page_says_what_is_bought_and_why_and_nothing_internal(client, commission, council):
    need = NeedFactory(organisation=council, title="Fresh food is hard to find")
    commission.needs.add(need)
    contract = ContractFactory(
        organisation=council,
        commission=commission,
        title="Food hubs in Kestrel",
        provider=OrganisationFactory(kind="supplier", name="Common Table CIC"),
    )
    response = client.get(_url(commission))
    assertContains(response, "We want food hubs that residents help to run.")
    assertContains(response, "Everyone eats well")
    assertContains(response, "Fresh food is hard to find")
    assertContains(response, reverse("home:public_contract", args=[contract.pk]))
    assertNotContains(response, "Internal note")
    assertNotContains(response, "240,000")


def test_an_unpublished_commission_is_not_found(client, council):
    commission = CommissionFactory(organisation=council, public_summary="Draft words.")
    assert client.get(_url(commission)).status_code == 404
    assert client.get(_feed(commission)).status_code == 404


def test_listed_on_the_council_and_mission_pages_when_published(
    client, commission, council, mission
):
    hidden_away = CommissionFactory(organisation=council, title="Not yet public")
    hidden_away.missions.add(mission)
    for url in (
        reverse("home:public_council", args=[council.slug]),
        reverse("home:public_mission", args=[mission.pk]),
    ):
        response = client.get(url)
        assertContains(response, _url(commission))
        assertNotContains(response, "Not yet public")


def test_a_comment_is_sent_confirmed_by_email_and_waits_for_moderation(
    client, commission, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(commission), _form(), follow=True)
    assertContains(response, "Check your email")
    comment = PublicComment.objects.get()
    assert comment.status == CommentStatus.UNCONFIRMED
    path = re.search(r"https?://[^/\s]+(/public/comments/confirm/\S+/)", mail.outbox[0].body)[1]
    # Opening the link confirms nothing (mail scanners open links); the button does.
    assertContains(client.get(path), "Confirm my comment")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNCONFIRMED
    response = client.post(path, follow=True)
    assertContains(response, "Your comment is confirmed")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    # Not on the page until the council publishes it.
    assertNotContains(client.get(_url(commission)), "Please open on Saturday mornings.")


def test_a_broken_link_says_so(client):
    url = reverse("home:public_comment_confirm", args=["not-a-real-token"])
    response = client.get(url)
    assert response.status_code == 400
    assertContains(response, "This link does not work", status_code=400)


def test_a_form_with_errors_keeps_what_was_typed(client, commission):
    response = client.post(_url(commission), _form(email="not-an-email"))
    assertContains(response, "There is a problem")
    assertContains(response, "Enter an email address in the correct format")
    assertContains(response, "Please open on Saturday mornings.")
    assert not PublicComment.objects.exists()


def test_an_email_address_longer_than_can_be_kept_is_refused_with_the_limit(client, commission):
    """Once a server error: a real-looking address of 300 characters passed the form."""
    too_long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".uk"
    response = client.post(_url(commission), _form(email=too_long))
    assertContains(response, "Your email address must be 254 characters or fewer")
    assertContains(response, "Please open on Saturday mornings.")
    assert not PublicComment.objects.exists()
    with pytest.raises(services.DomainError, match="254 characters or fewer"):
        services.comment_submit(
            commission=commission, display_name="Amira", email=too_long, body="Hi.", ip="1.2.3.4"
        )
    assert not PublicComment.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_drops_what_scripts_send(client, commission):
    response = client.get(_url(commission))
    assertContains(response, 'class="kindred-honeypot" aria-hidden="true"')
    assertContains(response, 'tabindex="-1"')
    response = client.post(_url(commission), _form(website="http://spam.example"), follow=True)
    assertContains(response, "Check your email")
    assert not PublicComment.objects.exists()
    assert not mail.outbox


def test_fifty_posts_a_minute_from_one_address_are_throttled_with_a_clear_error(client, commission):
    statuses = []
    # The clock stands still, so the fifty fall in one minute's window however slow the run.
    with time_machine.travel("2027-03-01 10:00:05+00:00", tick=False):
        for n in range(50):
            response = client.post(_url(commission), _form(body=f"Comment number {n}"))
            statuses.append(response.status_code)
    assert PublicComment.objects.count() == 5
    assert statuses[:5] == [302] * 5
    assertContains(response, "You have sent too many comments in a short time")


def test_no_form_where_the_page_does_not_ask_for_views(client, commission):
    commission.invite_views_in = [CommentPhase.AFTER]
    commission.save()
    response = client.get(_url(commission))
    assertNotContains(response, "Send comment")
    assert client.post(_url(commission), _form()).status_code == 404
    assert not PublicComment.objects.exists()


def test_scripts_in_comments_and_replies_are_shown_as_text(client, commission, commissioner):
    comment = PublicCommentFactory(
        commission=commission, status="published", display_name=f"Eve {SCRIPT}", body=SCRIPT
    )
    services.comment_reply(comment=comment, reply=f"Reply {SCRIPT}", by=commissioner)
    for url in (_url(commission), _feed(commission)):
        response = client.get(url)
        assertNotContains(response, SCRIPT)
        assertContains(response, "&lt;script&gt;alert(")


def test_only_the_display_name_is_public(client, commission):
    PublicCommentFactory(
        commission=commission, status="published", display_name="Amira", email="amira@example.com"
    )
    for url in (_url(commission), _feed(commission)):
        response = client.get(url)
        assertContains(response, "Amira")
        assertNotContains(response, "amira@example.com")


def test_a_hidden_comment_is_gone_from_every_public_page_and_the_feed(
    client, commission, commissioner, council, mission
):
    comment = PublicCommentFactory(
        commission=commission, status="published", body="Rude words about a named officer."
    )
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification)
    specification_version_issue(
        specification=specification,
        change_note="Opening hours changed.",
        answers=[comment],
        by=commissioner,
    )
    assertContains(client.get(_url(commission)), "Rude words about a named officer.")
    assertContains(client.get(_feed(commission)), "Rude words about a named officer.")
    services.comment_hide(comment=comment, reason="Names an officer.", by=commissioner)
    for url in (
        _url(commission),
        _feed(commission),
        reverse("home:public_council", args=[council.slug]),
        reverse("home:public_mission", args=[mission.pk]),
    ):
        response = client.get(url)
        assertNotContains(response, "Rude words about a named officer.")
        assertNotContains(response, "Names an officer.")


def test_what_we_heard_and_what_we_changed(client, commission, commissioner, council):
    need = NeedFactory(organisation=council, title="Fresh food is hard to find")
    commission.needs.add(need)
    comment = PublicCommentFactory(
        commission=commission, status="published", body="Open on Saturday mornings, please."
    )
    services.comment_reply(comment=comment, reply="We will ask bidders for this.", by=commissioner)
    services.comment_to_evidence(comment=comment, need=need, by=commissioner)
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification)
    specification_version_issue(
        specification=specification,
        change_note="Hubs must open on Saturday mornings.",
        answers=[comment],
        by=commissioner,
    )
    response = client.get(_url(commission))
    assertContains(response, "What we heard, and what we changed")
    assertContains(response, "Hubs must open on Saturday mornings.")
    assertContains(response, f'href="#comment-{comment.pk}"')
    assertContains(response, "We will ask bidders for this.")
    assertContains(response, "The council uses this as evidence for: Fresh food is hard to find")


@pytest.mark.parametrize("comments", [1, 12])
def test_the_page_costs_the_same_queries_however_many_comments(
    client, commission, commissioner, council, comments, django_assert_max_num_queries
):
    need = NeedFactory(organisation=council)
    commission.needs.add(need)
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification)
    made = [
        PublicCommentFactory(commission=commission, status="published") for _ in range(comments)
    ]
    for comment in made:
        services.comment_to_evidence(comment=comment, need=need, by=commissioner)
    for number in range(2):
        specification_version_issue(
            specification=specification,
            change_note=f"Change {number}",
            answers=made,
            by=commissioner,
        )
    with django_assert_max_num_queries(16):
        assert client.get(_url(commission)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(_feed(commission)).status_code == 200
