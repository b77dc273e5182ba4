"""Recall@5 on the demo's lessons, asked for in other words (`recall_pairs.py`).

`benchmarks/lessons.py` prints the same figures; this test holds a floor under them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import Organisation
from learning import vectors
from learning.models import LessonText
from tests.learning.recall_pairs import PAIRS, recall_at

pytestmark = pytest.mark.django_db

# Words that carry no meaning of their own.
STOP = {
    "were",
    "with",
    "that",
    "they",
    "their",
    "from",
    "what",
    "when",
    "have",
    "each",
    "could",
    "more",
    "than",
}


def _words(text: str) -> set[str]:
    # The first five letters, so "meals" and "meal" count as one word.
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{4,}", text)} - STOP


def test_recall_at_5_on_the_demo(settings: Any) -> None:
    settings.DEBUG = True
    vectors.forget_cache()
    call_command("seed_demo")
    # Each query asks for a demo lesson in other words.
    lessons = {
        title: f"{title} {text}" for title, text in LessonText.objects.values_list("title", "text")
    }
    assert len(PAIRS) >= 40
    for query, title in PAIRS:
        assert title in lessons, title
        shared = _words(query) & _words(lessons[title])
        assert not shared, (query, shared)

    council = Organisation.objects.get(slug="northbridge").pk
    semantic, _ = recall_at([council], "semantic")
    hybrid, _ = recall_at([council], "hybrid")
    fulltext, _ = recall_at([council], "fulltext")
    assert semantic >= 0.55
    assert hybrid >= 0.55
    # Meaning is the point: the queries share no words with their lessons.
    assert hybrid > fulltext + 0.3
