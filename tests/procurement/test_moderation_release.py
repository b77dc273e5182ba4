"""Each bid's kept part of the moderation page (procurement/moderation_sections.py) is
kept under the release that drew it: a new release draws it again rather than serve
what an earlier release kept."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from core.release import release_digest
from procurement import moderation_sections, selectors
from tests.procurement.test_evaluation_details import _score_all
from tests.release import next_release

pytestmark = pytest.mark.django_db

EARLIER = "Drawn by the earlier release"


def _keys(tender: Any, question: Any) -> list[str]:
    read = selectors.tender_for_moderation(tender.pk)
    bids, _ = selectors.moderation_bids(read, question, offset=0, limit=25)
    return [moderation_sections._key(tender, question, bid, True) for bid in bids]


def test_parts_kept_by_an_earlier_release_are_not_served_by_the_next(
    settings: Any, client: Any, evaluating: Any, commissioner: Any, evaluator: Any
) -> None:
    cache.clear()
    _score_all(evaluating, commissioner, 4)
    _score_all(evaluating, evaluator, 1)
    question = evaluating.questions.order_by("position", "pk").first()
    url = reverse("procurement:moderation", args=[evaluating.pk, question.pk])
    client.force_login(commissioner)
    assert client.get(url).status_code == 200
    earlier = _keys(evaluating, question)
    assert earlier and all(release_digest() in key for key in earlier)
    # Everything a part shows is in its key, so only other markup (an earlier release's
    # templates) could differ: stand in for what the earlier release drew.
    for key in earlier:
        head, form = cache.get(key)
        cache.set(key, (f"<p>{EARLIER}</p>{head}", form))
    assertContains(client.get(url), EARLIER)

    next_release(settings)
    assert set(_keys(evaluating, question)).isdisjoint(earlier)
    response = client.get(url)
    assertNotContains(response, EARLIER)
    assertContains(response, "Independent scores")
