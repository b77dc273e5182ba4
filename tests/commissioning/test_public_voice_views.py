"""The council's pages for a commission's public page and the public's comments."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentStatus, Commission, EvidenceItem
from tests.commissioning.factories import (
    CommissionFactory,
    NeedFactory,
    PublicCommentFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def commission(council, commissioner):
    return CommissionFactory(
        organisation=council,
        owner=commissioner,
        public_summary="We want food hubs that residents help to run.",
        published_at=timezone.now(),
        invite_views_in=["before_award"],
    )


def test_writing_the_public_page_checks_its_plain_language(client, commissioner, council):
    commission = CommissionFactory(organisation=council)
    client.force_login(commissioner)
    url = reverse("commissioning:public_page_edit", args=[commission.pk])
    response = client.get(url)
    assertContains(response, "Plain-language check")
    assertContains(response, 'hx-post="/commissioning/plain-language/check/"')
    response = client.post(url, {"public_summary": "", "publish": "on"})
    assertContains(response, "Write a public summary before you publish the page.")
    response = client.post(
        url,
        {
            "public_summary": "We will buy food hubs. Residents will help run them.",
            "publish": "on",
            "invite_views_in": ["before_award", "during"],
        },
    )
    assert response.status_code == 302
    commission.refresh_from_db()
    assert commission.is_public and commission.invite_views_in == ["before_award", "during"]
    response = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    assertContains(response, "It asks the public for views now")
    assertContains(response, reverse("home:public_commission", args=[commission.pk]))


def test_the_queue_lists_waiting_comments_and_filters_by_status(client, commissioner, commission):
    PublicCommentFactory(commission=commission, body="Waiting one")
    PublicCommentFactory(commission=commission, status="published", body="Published one")
    client.force_login(commissioner)
    url = reverse("commissioning:public_comment_list", args=[commission.pk])
    response = client.get(url)
    assertContains(response, "Waiting one")
    assertNotContains(response, "Published one")
    assertContains(client.get(f"{url}?status=published"), "Published one")


def test_a_moderator_publishes_replies_hides_and_uses_a_comment(
    client, commissioner, commission, council
):
    need = NeedFactory(organisation=council, title="Fresh food is hard to find")
    commission.needs.add(need)
    SpecificationFactory(commission=commission)
    comment = PublicCommentFactory(commission=commission)
    client.force_login(commissioner)
    args = [commission.pk, comment.pk]
    client.post(reverse("commissioning:public_comment_publish", args=args))
    client.post(reverse("commissioning:public_comment_reply", args=args), {"reply": "Thank you."})
    client.post(reverse("commissioning:public_comment_evidence", args=args), {"need": need.pk})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.reply == "Thank you."
    assert EvidenceItem.objects.get(from_comment=comment).need == need
    response = client.get(reverse("commissioning:public_comment_detail", args=args))
    assertContains(response, "Cite it in the change note")
    response = client.post(reverse("commissioning:public_comment_hide", args=args), {"reason": ""})
    assertContains(response, "Say why you are hiding this comment")
    client.post(reverse("commissioning:public_comment_hide", args=args), {"reason": "Advert."})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN


def test_a_comment_on_a_commission_with_the_longest_title_becomes_evidence(
    client, commissioner, commission, council
):
    """Once a server error: the evidence's source named the whole title, past its column."""
    Commission.objects.filter(pk=commission.pk).update(title="Food hubs " + "x" * 190)
    need = NeedFactory(organisation=council)
    commission.needs.add(need)
    comment = PublicCommentFactory(commission=commission, status="published")
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:public_comment_evidence", args=[commission.pk, comment.pk]),
        {"need": need.pk},
        follow=True,
    )
    assertContains(response, "Added as community voice evidence")
    evidence = EvidenceItem.objects.get(from_comment=comment, need=need)
    assert len(evidence.source) == 200
    assert evidence.source.startswith("Comment on the public page of Food hubs xxx")
    assert evidence.source.endswith("…")


def test_a_specification_version_cites_a_comment_from_the_issue_form(
    client, commissioner, commission
):
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification)
    comment = PublicCommentFactory(commission=commission, status="published", display_name="Amira")
    client.force_login(commissioner)
    url = reverse("commissioning:specification_detail", args=[commission.pk])
    response = client.get(f"{url}?cite={comment.pk}")
    assertContains(response, "Comments from the public this version answers")
    assertContains(
        response, f'value="{comment.pk}" id="id_answers_0" class="govuk-checkboxes__input" checked'
    )
    client.post(
        reverse("commissioning:specification_issue", args=[commission.pk]),
        {"change_note": "Open on Saturdays.", "answers": [comment.pk]},
    )
    version = specification.versions.get()
    assert list(version.answers_comments.all()) == [comment]


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("other_commissioner", 404)])
def test_moderation_is_for_the_owning_councils_managers(client, request, commission, who, status):
    comment = PublicCommentFactory(commission=commission)
    client.force_login(request.getfixturevalue(who))
    args = [commission.pk, comment.pk]
    assert (
        client.get(reverse("commissioning:public_comment_list", args=[commission.pk])).status_code
        == status
    )
    assert (
        client.post(reverse("commissioning:public_comment_publish", args=args)).status_code
        == status
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


@pytest.mark.parametrize("comments", [1, 15])
def test_the_queue_costs_the_same_queries_however_many_comments(
    client, commissioner, commission, comments, django_assert_max_num_queries
):
    for _ in range(comments):
        PublicCommentFactory(commission=commission)
    client.force_login(commissioner)
    url = reverse("commissioning:public_comment_list", args=[commission.pk])
    with django_assert_max_num_queries(12):
        assertContains(client.get(url), "Waiting for moderation")
