"""Ranking past lessons for a piece of text: by meaning, by shared words, or both.

Hybrid ranking fuses the two lists by reciprocal rank (each list gives a row
weight / (5 + its position)), so neither score's scale has to be tuned against the other;
a row both lists find comes first. When no lesson has a vector yet (the worker has not
caught up), or the model cannot be loaded, full-text search answers alone.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass
from typing import Literal

import numpy as np
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from learning import embedding, vectors
from learning.models import LessonText

logger = logging.getLogger(__name__)

Mode = Literal["hybrid", "semantic", "fulltext"]

# How many rows each list contributes before fusing.
CANDIDATES = 50
# A small constant lets the top of each list count (measured on the demo's query set by
# benchmarks/lessons.py: 60, the usual value, let weak full-text matches crowd out the
# rows found by meaning).
RRF_K = 5
# Shared words count for half as much as meaning: a commissioner's words rarely match the
# words of whoever wrote the lesson, and common words match much that is beside the point.
WORDS_WEIGHT = 0.5
# Below this cosine similarity a row found by meaning is noise, not a lesson (WordLlama's
# similarities run low: a good paraphrase scores about 0.2).
SEMANTIC_FLOOR = 0.1
# Full-text search uses the longest distinct words of the text (long words say more).
MAX_TERMS = 16
# Full-text ranks at most this many matching rows: common words match most of a large
# index, and ranking every match would cost more than the panel may take. Meaning, not
# shared words, carries the ranking (WORDS_WEIGHT), so ranking a sample is enough.
WORDS_RANKED = 500

_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")


@dataclass(frozen=True)
class Filters:
    mission_id: int | None = None
    place_id: int | None = None
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    did_not_work: bool = False

    @property
    def any(self) -> bool:
        return bool(
            self.mission_id
            or self.place_id
            or self.kind
            or self.date_from
            or self.date_to
            or self.did_not_work
        )


@dataclass
class Hit:
    lesson: LessonText
    score: float
    by_meaning: bool
    by_words: bool


def visible(organisation_ids: list[int], filters: Filters | None = None) -> QuerySet[LessonText]:
    """The lessons these councils may read: their own, and what others shared publicly."""
    lessons = LessonText.objects.filter(Q(organisation_id__in=organisation_ids) | Q(is_public=True))
    filters = filters or Filters()
    if filters.mission_id:
        lessons = lessons.filter(mission_ids__contains=[filters.mission_id])
    if filters.place_id:
        lessons = lessons.filter(place_ids__contains=[filters.place_id])
    if filters.kind:
        lessons = lessons.filter(kind=filters.kind)
    if filters.date_from:
        lessons = lessons.filter(dated__gte=filters.date_from)
    if filters.date_to:
        lessons = lessons.filter(dated__lte=filters.date_to)
    if filters.did_not_work:
        lessons = lessons.filter(did_not_work=True)
    return lessons


def _terms(text: str) -> list[str]:
    words = {word.lower() for word in _WORD.findall(text)}
    return sorted(words, key=lambda word: (-len(word), word))[:MAX_TERMS]


def by_words(lessons: QuerySet[LessonText], text: str, limit: int) -> list[int]:
    """PostgreSQL full-text search: rows sharing any of the text's words, best first."""
    terms = _terms(text)
    if not terms:
        return []
    query = SearchQuery(" | ".join(terms), search_type="raw", config="english")
    matching = lessons.filter(search_vector=query).order_by().values("pk")[:WORDS_RANKED]
    return list(
        LessonText.objects.filter(pk__in=matching)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-dated", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def query_vector(text: str) -> np.ndarray | None:
    try:
        return embedding.embed([text])[0]
    except Exception:
        # The model is in the package, so this means a broken install: say so, and let
        # full-text search answer rather than fail the page.
        logger.exception("Could not embed the query; ranking by shared words only")
        return None


def by_meaning(
    organisation_ids: list[int],
    text: str,
    limit: int,
    *,
    candidate_ids: list[int] | None = None,
) -> list[int]:
    vector = query_vector(text)
    if vector is None:
        return []
    return [
        pk
        for pk, similarity in vectors.nearest(
            vector, organisation_ids=organisation_ids, limit=limit, candidate_ids=candidate_ids
        )
        if similarity >= SEMANTIC_FLOOR
    ]


def fuse(meaning_ids: list[int], word_ids: list[int]) -> dict[int, float]:
    """Weighted reciprocal rank fusion of the two lists."""
    scores: dict[int, float] = {}
    for weight, ids in ((1.0, meaning_ids), (WORDS_WEIGHT, word_ids)):
        for position, pk in enumerate(ids):
            scores[pk] = scores.get(pk, 0.0) + weight / (RRF_K + position + 1)
    return scores


def search(
    text: str,
    *,
    organisation_ids: list[int],
    filters: Filters | None = None,
    limit: int = 5,
    mode: Mode = "hybrid",
    exclude_keys: frozenset[str] = frozenset(),
) -> list[Hit]:
    """The `limit` lessons most relevant to `text` that these councils may read."""
    text = text.strip()
    if not text:
        return []
    filters = filters or Filters()
    lessons = visible(organisation_ids, filters)
    if exclude_keys:
        lessons = lessons.exclude(source_key__in=exclude_keys)
    wide = max(CANDIDATES, limit)
    word_ids = by_words(lessons, text, wide) if mode != "semantic" else []
    meaning_ids: list[int] = []
    if mode != "fulltext":
        candidate_ids = (
            list(lessons.values_list("pk", flat=True)) if filters.any or exclude_keys else None
        )
        meaning_ids = by_meaning(organisation_ids, text, wide, candidate_ids=candidate_ids)
    scores = fuse(meaning_ids, word_ids)
    if not scores:
        return []
    best = sorted(scores, key=lambda pk: -scores[pk])
    # Read back through the visibility and filters: the vector cache may be stale.
    rows = lessons.select_related("organisation").in_bulk(best[: limit * 2])
    meaning, words = set(meaning_ids), set(word_ids)
    hits = [Hit(rows[pk], scores[pk], pk in meaning, pk in words) for pk in best if pk in rows]
    return hits[:limit]
