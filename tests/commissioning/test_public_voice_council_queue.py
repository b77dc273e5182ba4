"""The council-wide moderation queue, and the plain-language warning on the public summary."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentStatus
from tests.commissioning.factories import CommissionFactory, PublicCommentFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("commissioning:council_comment_queue")
HARD = (
    "Notwithstanding the aforementioned considerations, the commissioning authority "
    "anticipates the establishment of multifunctional community infrastructure "
    "facilitating intergenerational nutritional education, collaborative consumption "
    "opportunities and comprehensive neighbourhood regeneration initiatives."
)


def _published(organisation, title):
    return CommissionFactory(
        organisation=organisation,
        title=title,
        public_summary="We want food hubs.",
        published_at=timezone.now(),
        invite_views_in=["before_award"],
    )


@pytest.fixture
def comments(council, other_council):
    hubs = _published(council, "Community food hubs")
    damp = _published(council, "Damp and mould")
    theirs = _published(other_council, "Southvale meals")
    return {
        "hubs": PublicCommentFactory(commission=hubs, body="Open on Saturdays, please."),
        "damp": PublicCommentFactory(commission=damp, body="Fix the fans first."),
        "published": PublicCommentFactory(
            commission=damp, status="published", body="Thank you for asking."
        ),
        "theirs": PublicCommentFactory(commission=theirs, body="Southvale resident here."),
    }


def test_the_queue_lists_waiting_comments_across_the_councils_commissions_only(
    client, commissioner, comments
):
    client.force_login(commissioner)
    response = client.get(QUEUE)
    assertContains(response, "Open on Saturdays, please.")
    assertContains(response, "Fix the fans first.")
    assertContains(response, "Community food hubs")
    assertContains(response, "Waiting for moderation (2)")
    assertNotContains(response, "Thank you for asking.")
    assertNotContains(response, "Southvale resident here.")
    response = client.get(QUEUE, {"status": "published"})
    assertContains(response, "Thank you for asking.")
    assertNotContains(response, "Fix the fans first.")


def test_publishing_from_the_queue_comes_back_to_it(client, commissioner, comments):
    client.force_login(commissioner)
    comment = comments["hubs"]
    url = reverse("commissioning:public_comment_publish", args=[comment.commission_id, comment.pk])
    response = client.post(url, {"next": f"{QUEUE}?page=1"})
    assert response.status_code == 302 and response.url == f"{QUEUE}?page=1"
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    # Anywhere else is ignored: the comment's own page instead.
    other = comments["damp"]
    url = reverse("commissioning:public_comment_publish", args=[other.commission_id, other.pk])
    response = client.post(url, {"next": "https://evil.example/commissioning/public-comments/"})
    assert response.url == reverse(
        "commissioning:public_comment_detail", args=[other.commission_id, other.pk]
    )


def test_hide_and_reply_are_linked_from_the_queue(client, commissioner, comments):
    client.force_login(commissioner)
    comment = comments["hubs"]
    response = client.get(QUEUE)
    detail = reverse(
        "commissioning:public_comment_detail", args=[comment.commission_id, comment.pk]
    )
    assertContains(response, f'href="{detail}"')
    assertContains(response, "Hide or reply")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("council_admin", 200),
        ("commissioner", 200),
        ("viewer", 403),
        ("evaluator", 403),
        ("contract_manager", 403),
        ("other_commissioner", 200),  # their own council's queue, without Northbridge's
        ("supplier_user", 404),
    ],
)
def test_only_the_councils_managers_moderate(client, request, comments, who, status):
    client.force_login(request.getfixturevalue(who))
    response = client.get(QUEUE)
    assert response.status_code == status
    if who == "other_commissioner":
        assertContains(response, "Southvale resident here.")
        assertNotContains(response, "Open on Saturdays")
    elif status == 200:
        assertContains(response, "Open on Saturdays")


def test_a_commissioner_role_held_in_a_supplier_grants_nothing(client, supplier_org, comments):
    person = MembershipFactory(organisation=supplier_org, role="commissioner").user
    client.force_login(person)
    assert client.get(QUEUE).status_code == 404


def test_signed_out_is_sent_to_sign_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("size", [1, 15])
def test_the_queue_costs_the_same_queries_however_many(
    client, commissioner, council, size, django_assert_max_num_queries
):
    for n in range(size):
        PublicCommentFactory(
            commission=_published(council, f"Commission {n}"), body=f"Comment {n}", reply="Hi"
        )
    client.force_login(commissioner)
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE)
    assertContains(response, f"Comment {size - 1}")


# --- The public summary's plain-language check ------------------------------------------------
def test_a_hard_to_read_summary_is_published_with_a_warning(client, commissioner, council):
    commission = CommissionFactory(organisation=council)
    client.force_login(commissioner)
    url = reverse("commissioning:public_page_edit", args=[commission.pk])
    response = client.post(url, {"public_summary": HARD, "publish": "on"}, follow=True)
    assertContains(response, "Public page published.")
    assertContains(response, "Check the public summary: it is hard to read")
    commission.refresh_from_db()
    assert commission.is_public
    # The check shows beside the summary while it is written, with the saved text.
    response = client.get(url)
    assertContains(response, "Hard to read")


def test_a_plain_summary_gets_no_warning(client, commissioner, council):
    commission = CommissionFactory(organisation=council)
    client.force_login(commissioner)
    url = reverse("commissioning:public_page_edit", args=[commission.pk])
    response = client.post(
        url,
        {"public_summary": "We will buy food hubs. Residents will help run them.", "publish": "on"},
        follow=True,
    )
    assertContains(response, "Public page published.")
    assertNotContains(response, "Check the public summary")
