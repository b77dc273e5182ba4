"""The plain-language check on a market engagement's brief: live as it is typed (htmx),
and without JavaScript on the refused form and on the draft's page once saved."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.engagement import services
from dialogue.models import MarketEngagement
from tests.commissioning.factories import CommissionFactory
from tests.dates import datetime_fields

pytestmark = pytest.mark.django_db
JARGON = "We will leverage synergies with the market."


def _in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def commission(council):
    return CommissionFactory(organisation=council, title="Community food hubs")


def test_the_brief_is_checked_as_it_is_typed(client, commission, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("dialogue:engagement_create", args=[commission.pk]))
    assertContains(response, f'hx-post="{reverse("commissioning:plain_language_check")}"')
    assertContains(response, 'hx-target="#plain-language-result"')
    assertContains(response, 'id="plain-language-result"')
    assertContains(response, "commissioning/autosave.js")


def test_a_refused_form_shows_the_check_of_the_brief_as_typed(client, commission, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_create", args=[commission.pk]),
        {
            "title": "Food hubs",
            "brief": JARGON,
            **datetime_fields("response_deadline", _in_days(-1)),
        },
    )
    assertContains(response, "must be in the future")
    assertContains(response, "Jargon to replace")
    assertContains(response, "leverage")
    assert not MarketEngagement.objects.exists()


def test_the_draft_page_shows_the_check_to_its_buyer_only(
    client, commission, commissioner, supplier_user
):
    engagement = services.engagement_create(
        commission=commission,
        by=commissioner,
        title="Food hubs",
        brief=JARGON,
        response_deadline=_in_days(14),
    )
    url = reverse("dialogue:engagement_detail", args=[engagement.pk])
    client.force_login(commissioner)
    response = client.get(url)
    assertContains(response, 'id="plain-language-result-brief"')
    assertContains(response, "Jargon to replace")
    edit = client.get(reverse("dialogue:engagement_edit", args=[engagement.pk]))
    assertContains(edit, "Jargon to replace")
    services.question_add(engagement=engagement, by=commissioner, text="What works?", word_limit=50)
    services.engagement_open(engagement=engagement, by=commissioner)
    # Open to the market, the brief is fixed: no check, for anyone.
    assertNotContains(client.get(url), "Plain-language check")
    client.force_login(supplier_user)
    assertNotContains(client.get(url), "Plain-language check")
