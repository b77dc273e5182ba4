"""Nearest lessons by meaning: pgvector where the server has it, numpy where it does not.

The embeddings are always kept in `LessonText.embedding` (float32 bytes). Where the
PostgreSQL server has the pgvector extension, migration 0002 also adds a `vector(256)`
column with an HNSW index, written beside the bytes, and the nearest rows come from the
index. Where it does not (the PostgreSQL 15 on the project's CI and development machines
has no pgvector package), each process keeps the vectors in one numpy matrix, reloaded
when the embedded rows change, and ranks them with a single matrix product: 100,000
vectors take a few milliseconds.

Either way the result is only a list of candidate ids: the caller reads the rows back
through SQL with the viewer's visibility and filters applied, so a stale cache can
miss a row but never shows one the viewer may not see.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection as default_connection
from django.db import transaction

from learning.embedding import DIMENSIONS

TABLE = "learning_lessontext"
VECTOR_COLUMN = "embedding_vector"

_pgvector: dict[str, bool] = {}


def pgvector_enabled(connection: Any = None) -> bool:
    """Does the lesson table have the pgvector column (added only where the extension
    exists)? Asked once per process and database."""
    connection = connection or default_connection
    key = connection.settings_dict["NAME"]
    if key not in _pgvector:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s "
                "AND column_name = %s",
                [TABLE, VECTOR_COLUMN],
            )
            _pgvector[key] = cursor.fetchone() is not None
    return _pgvector[key]


def forget_pgvector() -> None:
    _pgvector.clear()


def _literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{value:.7g}" for value in vector) + "]"


def store_in_pgvector(lessons: list[Any], matrix: np.ndarray) -> None:
    """Copy a batch's vectors into the pgvector column, where there is one."""
    if not lessons or not pgvector_enabled():
        return
    with default_connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TABLE} SET {VECTOR_COLUMN} = %s::vector WHERE id = %s",  # noqa: S608
            [(_literal(vector), lesson.pk) for lesson, vector in zip(lessons, matrix, strict=True)],
        )


@dataclass
class _Matrix:
    ids: np.ndarray  # int64, sorted
    organisations: np.ndarray  # int64
    public: np.ndarray  # bool
    vectors: np.ndarray  # float32, len(ids) x DIMENSIONS
    count: int
    latest: Any


_cache: dict[str, _Matrix] = {}
_cache_lock = threading.Lock()


def _load(count: int, latest: Any) -> _Matrix:
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, organisation_id, is_public, embedding FROM {TABLE} "  # noqa: S608
            "WHERE embedding IS NOT NULL ORDER BY id"
        )
        rows = cursor.fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    organisations = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    public = np.fromiter((row[2] for row in rows), dtype=bool, count=len(rows))
    vectors = (
        np.frombuffer(b"".join(bytes(row[3]) for row in rows), dtype="<f4").reshape(
            len(rows), DIMENSIONS
        )
        if rows
        else np.zeros((0, DIMENSIONS), dtype=np.float32)
    )
    return _Matrix(ids, organisations, public, vectors, count, latest)


def _matrix() -> _Matrix:
    """The process's copy of every embedding, reloaded when rows were embedded or removed."""
    with default_connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), max(embedded_at) FROM {TABLE} "  # noqa: S608
            "WHERE embedding IS NOT NULL"
        )
        count, latest = cursor.fetchone()
    key = default_connection.settings_dict["NAME"]
    cached = _cache.get(key)
    if cached is not None and cached.count == count and cached.latest == latest:
        return cached
    with _cache_lock:
        cached = _load(count, latest)
        _cache[key] = cached
    return cached


def forget_cache() -> None:
    _cache.clear()


def nearest(
    query: np.ndarray,
    *,
    organisation_ids: list[int],
    limit: int,
    candidate_ids: list[int] | None = None,
) -> list[tuple[int, float]]:
    """The `limit` rows most similar to `query` (cosine), among those the organisations
    own or that are public, and among `candidate_ids` when given. (id, similarity) pairs."""
    if pgvector_enabled():
        return _nearest_pgvector(query, organisation_ids, limit, candidate_ids)
    matrix = _matrix()
    if not len(matrix.ids):
        return []
    mask = matrix.public | np.isin(matrix.organisations, organisation_ids)
    if candidate_ids is not None:
        mask &= np.isin(matrix.ids, np.asarray(candidate_ids, dtype=np.int64))
    positions = np.flatnonzero(mask)
    if not len(positions):
        return []
    scores = matrix.vectors[positions] @ query.astype(np.float32)
    top = np.argpartition(-scores, limit)[:limit] if len(scores) > limit else np.arange(len(scores))
    top = top[np.argsort(-scores[top])]
    return [(int(matrix.ids[positions[i]]), float(scores[i])) for i in top]


def _nearest_pgvector(
    query: np.ndarray, organisation_ids: list[int], limit: int, candidate_ids: list[int] | None
) -> list[tuple[int, float]]:
    where = "(organisation_id = ANY(%s) OR is_public)"
    literal = _literal(query)
    params: list[Any] = [literal, organisation_ids]
    if candidate_ids is not None:
        where += " AND id = ANY(%s)"
        params.append(candidate_ids)
    params += [literal, limit]
    with transaction.atomic(), default_connection.cursor() as cursor:
        # The HNSW index is searched before the WHERE clause filters; a wider search keeps
        # enough rows for a council that owns a small share of them.
        cursor.execute("SET LOCAL hnsw.ef_search = 200")
        cursor.execute(
            f"SELECT id, 1 - ({VECTOR_COLUMN} <=> %s::vector) AS similarity FROM {TABLE} "  # noqa: S608
            f"WHERE {VECTOR_COLUMN} IS NOT NULL AND {where} "
            f"ORDER BY {VECTOR_COLUMN} <=> %s::vector LIMIT %s",
            params,
        )
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
