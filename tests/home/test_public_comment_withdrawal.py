"""Signed out: the privacy notice on the comment form, the withdrawal link and what a
withdrawn comment leaves behind on the public pages, the feed and the council's pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentPhase, CommentStatus, PublicComment
from commissioning.public_voice import privacy, services
from commissioning.specifications.services import specification_version_issue
from tests.commissioning.factories import (
    CommissionFactory,
    MissionFactory,
    PublicCommentFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)

pytestmark = pytest.mark.django_db

WORDS = "Staff should be paid enough to live on."


@pytest.fixture
def mission(council):
    return MissionFactory(organisation=council, title="Everyone eats well")


@pytest.fixture
def commission(council, commissioner, mission):
    commission = CommissionFactory(
        organisation=council,
        owner=commissioner,
        public_summary="We want food hubs that residents help to run.",
        published_at=timezone.now(),
        invite_views_in=[CommentPhase.BEFORE_AWARD],
    )
    commission.missions.add(mission)
    return commission


def _withdraw_url(comment: PublicComment) -> str:
    return reverse("home:public_comment_withdraw", args=[privacy.withdrawal_token(comment)])


def test_the_comment_form_says_what_is_kept_why_for_how_long_and_how_to_withdraw(
    client, commission, settings
):
    settings.PUBLIC_COMMENT_UNCONFIRMED_DAYS = 5
    settings.PUBLIC_COMMENT_EMAIL_DAYS = 30
    response = client.get(reverse("home:public_commission", args=[commission.pk]))
    assertContains(response, "We delete your email address 30 days after you confirm", count=2)
    assertContains(response, "we delete it and your email address after 5 days")
    assertContains(response, "The link works for 3 days.")
    assertContains(response, "To withdraw your comment, use the link in the email we send you.")
    assertContains(response, f"{commission.organisation.name} keeps the name you choose")


def test_the_confirmation_page_links_to_withdrawal(client, commission):
    comment = PublicCommentFactory(commission=commission, status="unconfirmed", confirmed_at=None)
    url = reverse("home:public_comment_confirm", args=[services.confirmation_token(comment)])
    assertContains(client.get(url), _withdraw_url(comment))
    services.comment_confirm(token=services.confirmation_token(comment))
    response = client.get(url)
    assertContains(response, "You have already confirmed this comment.")
    assertContains(response, _withdraw_url(comment))


def test_a_writer_withdraws_a_published_comment_and_it_leaves_every_public_page(
    client, commission, commissioner, council, mission
):
    comment = PublicCommentFactory(commission=commission, status="published", body=WORDS)
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification)
    specification_version_issue(
        specification=specification,
        change_note="Every bidder must pay the Real Living Wage.",
        answers=[comment],
        by=commissioner,
    )
    page = reverse("home:public_commission", args=[commission.pk])
    feed = reverse("home:public_commission_feed", args=[commission.pk])
    assertContains(client.get(page), WORDS, count=2)  # the comment, and quoted in the change
    # Opening the link withdraws nothing (mail scanners open links); the button does.
    assertContains(client.get(_withdraw_url(comment)), "Withdraw my comment")
    comment.refresh_from_db()
    assert comment.is_published and comment.email
    response = client.post(_withdraw_url(comment), follow=True)
    assertContains(response, "Your comment is withdrawn.")
    comment.refresh_from_db()
    assert (comment.status, comment.email) == (CommentStatus.WITHDRAWN, "")
    for url in (
        page,
        feed,
        reverse("home:public_council", args=[council.slug]),
        reverse("home:public_mission", args=[mission.pk]),
        reverse("home:public_have_your_say"),
    ):
        assertNotContains(client.get(url), WORDS)
    # The council's change note stays; the withdrawn words are not quoted.
    response = client.get(page)
    assertContains(response, "Every bidder must pay the Real Living Wage.")
    assertContains(response, "1 comment, since withdrawn by its writer")
    assertNotContains(response, f"#comment-{comment.pk}")
    # The link again says it is done, and changes nothing.
    assertContains(client.get(_withdraw_url(comment)), "You have withdrawn this comment.")


def test_the_council_sees_a_withdrawn_comment_as_withdrawn(client, commission, commissioner):
    comment = PublicCommentFactory(commission=commission, status="published", body=WORDS)
    privacy.comment_withdraw(token=privacy.withdrawal_token(comment))
    client.force_login(commissioner)
    queue = reverse("commissioning:public_comment_list", args=[commission.pk])
    assertContains(client.get(f"{queue}?status=withdrawn"), WORDS)
    assertContains(client.get(queue), "Withdrawn by its writer (1)")
    detail = reverse("commissioning:public_comment_detail", args=[commission.pk, comment.pk])
    response = client.get(detail)
    assertContains(response, "Its writer withdrew this comment.")
    assertContains(response, 'id="email-erased"')
    assertNotContains(response, "Publish the comment")
    assertNotContains(response, "Reply as the council")
    # A moderator cannot bring it back.
    client.post(reverse("commissioning:public_comment_publish", args=[commission.pk, comment.pk]))
    comment.refresh_from_db()
    assert comment.is_withdrawn


def test_withdrawing_an_unconfirmed_comment_deletes_it(client, commission):
    comment = PublicCommentFactory(commission=commission, status="unconfirmed", confirmed_at=None)
    assertContains(client.get(_withdraw_url(comment)), "we delete your comment")
    response = client.post(_withdraw_url(comment), follow=True)
    assertContains(response, "Your comment is withdrawn.")
    assert not PublicComment.objects.filter(pk=comment.pk).exists()
    response = client.get(_withdraw_url(comment))
    assertContains(response, "This comment no longer exists.", status_code=400)


def test_a_broken_withdrawal_link_says_so(client):
    response = client.get(reverse("home:public_comment_withdraw", args=["not-a-real-token"]))
    assertContains(response, "This link does not work", status_code=400)


def test_the_withdrawal_page_costs_a_few_queries(client, commission, django_assert_max_num_queries):
    comment = PublicCommentFactory(commission=commission, status="published")
    with django_assert_max_num_queries(6):
        assert client.get(_withdraw_url(comment)).status_code == 200
