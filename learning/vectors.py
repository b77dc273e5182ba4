"""Nearest lessons by meaning: pgvector where the server has it, numpy where it does not.

The embeddings are always kept in `LessonText.embedding` (float32 bytes). Where the
PostgreSQL server has the pgvector extension, migration 0002 also adds a `vector(256)`
column with an HNSW index, written beside the bytes, and the nearest rows come from the
index. Where it does not (the PostgreSQL 15 on the project's CI and development machines
has no pgvector package), each process keeps the vectors in one numpy matrix, ordered by
council and brought up to date when rows are embedded, and ranks the rows a council may
read with a matrix product over its own slice and the block of public rows.

Either way the result is only a list of candidate ids: the caller reads the rows back
through SQL with the viewer's visibility and filters applied, so a stale cache can
miss a row but never shows one the viewer may not see.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
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


STORE_SQL = f"UPDATE {TABLE} SET {VECTOR_COLUMN} = %s::vector WHERE id = %s"  # noqa: S608


def store_params(ids: list[int], matrix: np.ndarray) -> list[tuple[str, int]]:
    return [(_literal(vector), pk) for pk, vector in zip(ids, matrix, strict=True)]


def store_in_pgvector(lessons: list[Any], matrix: np.ndarray) -> None:
    """Copy a batch's vectors into the pgvector column, where there is one."""
    if not lessons or not pgvector_enabled():
        return
    with default_connection.cursor() as cursor:
        cursor.executemany(STORE_SQL, store_params([lesson.pk for lesson in lessons], matrix))


@dataclass
class _Matrix:
    """Every embedding, its rows ordered by council so one council's rows are one slice
    (scored without copying), and the public rows copied into a block of their own."""

    ids: np.ndarray  # int64
    organisations: np.ndarray  # int64, ascending
    public: np.ndarray  # bool
    vectors: np.ndarray  # float32, len(ids) x DIMENSIONS
    versions: tuple[int, int]
    latest: Any
    blocks: dict[int, tuple[int, int]] = field(default_factory=dict)
    public_positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    public_vectors: np.ndarray = field(
        default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32)
    )

    def __post_init__(self) -> None:
        order = np.argsort(self.organisations, kind="stable")
        self.ids = self.ids[order]
        self.organisations = self.organisations[order]
        self.public = self.public[order]
        self.vectors = np.ascontiguousarray(self.vectors[order])
        councils, starts, counts = np.unique(
            self.organisations, return_index=True, return_counts=True
        )
        self.blocks = {
            int(council): (int(start), int(start + count))
            for council, start, count in zip(councils, starts, counts, strict=True)
        }
        self.public_positions = np.flatnonzero(self.public)
        self.public_vectors = np.ascontiguousarray(self.vectors[self.public_positions])


_cache: dict[str, _Matrix] = {}
_cache_lock = threading.Lock()


def _rows(since: Any = None) -> list[tuple]:
    sql = (
        f"SELECT id, organisation_id, is_public, embedding, embedded_at FROM {TABLE} "  # noqa: S608
        "WHERE embedded_at IS NOT NULL"
    )
    params: list[Any] = []
    if since is not None:
        sql += " AND embedded_at > %s"
        params.append(since)
    with default_connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _arrays(rows: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    organisations = np.fromiter((row[1] for row in rows), dtype=np.int64, count=len(rows))
    public = np.fromiter((row[2] for row in rows), dtype=bool, count=len(rows))
    matrix = (
        np.frombuffer(b"".join(bytes(row[3]) for row in rows), dtype="<f4").reshape(
            len(rows), DIMENSIONS
        )
        if rows
        else np.zeros((0, DIMENSIONS), dtype=np.float32)
    )
    return ids, organisations, public, matrix


def _load(versions: tuple[int, int], cached: _Matrix | None) -> _Matrix:
    """Read only the rows embedded since the cached copy when nothing was removed or
    moved since; everything otherwise."""
    if cached is not None and cached.versions[1] == versions[1] and cached.latest is not None:
        rows = _rows(since=cached.latest)
        ids, organisations, public, matrix = _arrays(rows)
        keep = ~np.isin(cached.ids, ids)
        return _Matrix(
            np.concatenate([cached.ids[keep], ids]),
            np.concatenate([cached.organisations[keep], organisations]),
            np.concatenate([cached.public[keep], public]),
            np.concatenate([cached.vectors[keep], matrix]),
            versions,
            max([cached.latest, *(row[4] for row in rows)]),
        )
    rows = _rows()
    return _Matrix(*_arrays(rows), versions, max((row[4] for row in rows), default=None))


def _matrix() -> _Matrix:
    """The process's copy of every embedding, brought up to date when the index state
    says rows were embedded, removed or moved (one single-row read per search)."""
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT embedded_version, reload_version FROM learning_lessonindexstate")
        row = cursor.fetchone()
    versions = (int(row[0]), int(row[1])) if row else (0, 0)
    key = default_connection.settings_dict["NAME"]
    cached = _cache.get(key)
    if cached is not None and cached.versions == versions:
        return cached
    with _cache_lock:
        cached = _load(versions, _cache.get(key))
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
    query = query.astype(np.float32)
    # The councils' own rows are slices; other councils' public rows a block of their own.
    positions = []
    scores = []
    for council in sorted(set(organisation_ids)):
        start, end = matrix.blocks.get(council, (0, 0))
        if end > start:
            positions.append(np.arange(start, end))
            scores.append(matrix.vectors[start:end] @ query)
    if len(matrix.public_positions):
        others = ~np.isin(matrix.organisations[matrix.public_positions], organisation_ids)
        positions.append(matrix.public_positions[others])
        scores.append((matrix.public_vectors @ query)[others])
    if not positions:
        return []
    positions_all = np.concatenate(positions)
    scores_all = np.concatenate(scores)
    if candidate_ids is not None:
        wanted = np.isin(matrix.ids[positions_all], np.asarray(candidate_ids, dtype=np.int64))
        positions_all, scores_all = positions_all[wanted], scores_all[wanted]
    limit = min(limit, len(scores_all))
    if limit <= 0:
        return []
    top = np.argpartition(-scores_all, limit - 1)[:limit]
    top = top[np.argsort(-scores_all[top])]
    return [(int(matrix.ids[positions_all[i]]), float(scores_all[i])) for i in top]


def pgvector_query(
    query: np.ndarray, organisation_ids: list[int], limit: int, candidate_ids: list[int] | None
) -> tuple[str, list[Any]]:
    """The nearest-rows query for pgvector: ordered by cosine distance, so the HNSW index
    answers it."""
    literal = _literal(query)
    where = "(organisation_id = ANY(%s) OR is_public)"
    params: list[Any] = [literal, organisation_ids]
    if candidate_ids is not None:
        where += " AND id = ANY(%s)"
        params.append(candidate_ids)
    params += [literal, limit]
    sql = (
        f"SELECT id, 1 - ({VECTOR_COLUMN} <=> %s::vector) AS similarity FROM {TABLE} "  # noqa: S608
        f"WHERE {VECTOR_COLUMN} IS NOT NULL AND {where} "
        f"ORDER BY {VECTOR_COLUMN} <=> %s::vector LIMIT %s"
    )
    return sql, params


# The HNSW index is searched before the WHERE clause filters; a wider search keeps enough
# rows for a council that owns a small share of them.
EF_SEARCH_SQL = "SET LOCAL hnsw.ef_search = 200"


def _nearest_pgvector(
    query: np.ndarray, organisation_ids: list[int], limit: int, candidate_ids: list[int] | None
) -> list[tuple[int, float]]:
    sql, params = pgvector_query(query, organisation_ids, limit, candidate_ids)
    with transaction.atomic(), default_connection.cursor() as cursor:
        cursor.execute(EF_SEARCH_SQL)
        cursor.execute(sql, params)
        return [(row[0], float(row[1])) for row in cursor.fetchall()]
