"""The demo shows public commission pages for every mission, with comments in each state."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentStatus, Commission, EvidenceItem, Mission, PublicComment
from home import demo_data

pytestmark = pytest.mark.django_db


def test_every_mission_has_a_public_commission_with_comments_in_each_state(client):
    demo_data.load()
    for mission in Mission.objects.filter(organisation__slug="northbridge"):
        published = Commission.objects.filter(missions=mission, published_at__isnull=False)
        assert published.exists(), mission.title
        response = client.get(reverse("home:public_mission", args=[mission.pk]))
        assertContains(response, reverse("home:public_commission", args=[published[0].pk]))
    assert set(PublicComment.objects.values_list("status", flat=True)) == set(CommentStatus.values)
    assert EvidenceItem.objects.filter(from_comment__isnull=False).exists()
    food = Commission.objects.get(title__startswith="Community food hubs on the Kestrel")
    response = client.get(reverse("home:public_commission", args=[food.pk]))
    assertContains(response, "Version 2 of the specification makes the Real Living Wage")
    assertContains(response, "We changed the specification (version 2")
    assertNotContains(response, "Cheap loans")
    # Waiting, published, hidden, and published with the council's reply.
    assert PublicComment.objects.filter(status=CommentStatus.PUBLISHED).exclude(reply="").exists()
    # Signed out: every mission's commission asks for views, and the search finds by type.
    response = client.get(reverse("home:public_have_your_say"))
    for mission in Mission.objects.filter(organisation__slug="northbridge"):
        commission = Commission.objects.filter(missions=mission, published_at__isnull=False)[0]
        assertContains(response, reverse("home:public_commission", args=[commission.pk]))
    assertNotContains(response, "Cheap loans")
    response = client.get(reverse("home:public_what_we_buy"), {"provider_type": "vcse"})
    assertContains(response, "Common Table CIC")
    assertNotContains(response, "Amberline Services plc")
    assertNotContains(response, "Cheap loans")
    # That loading again changes nothing is tested with the whole demo, counting comments
    # too, in tests/test_seed_demo.py.
