"""The pgvector path, on the embedded PostgreSQL 16 (`pgserver`), which ships the extension.

The suite's own server (PostgreSQL 15 from Debian) has no pgvector package, so the rest of
the suite runs the numpy path; this module runs the same SQL that `learning/vectors.py`
and `learning/pgvector.py` run where the extension exists: adding the column and its HNSW
index, storing vectors, and ranking by cosine distance within what a council may read."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import environ
import numpy as np
import psycopg
import pytest

from config import devstack
from learning import embedding, pgvector, vectors

pytestmark = pytest.mark.embedded

TEXTS = [
    (1, 10, False, "Isolation of elderly residents on Saturdays and Sundays"),
    (2, 10, False, "Bus fares stopped young people attending training"),
    (3, 20, False, "Their private note: older residents alone on weekends"),
    (4, 20, True, "Shared by another council: pensioners lonely at the weekend"),
]


@pytest.fixture(scope="module")
def connection(server_folders: Path, pgserver_runtime_dir: Path) -> Iterator[psycopg.Connection]:
    # Outside pytest's temporary folder, as `server_tmp_path` (tests/conftest.py), for the
    # whole module.
    data_dir = Path(tempfile.mkdtemp(dir=server_folders)) / "pgdata"
    with devstack.embedded_postgres(data_dir, database="kindred_vectors") as url:
        config = environ.Env.db_url_config(url)
        with psycopg.connect(
            host=unquote(config["HOST"]),
            user=config["USER"],
            dbname=config["NAME"],
            autocommit=True,
        ) as conn:
            conn.execute(
                f"CREATE TABLE {pgvector.TABLE} (id int PRIMARY KEY, organisation_id int, "
                "is_public boolean, embedding bytea, embedded_at timestamptz)"
            )
            yield conn


def test_the_column_and_hnsw_index_are_added_where_the_extension_exists(
    connection: psycopg.Connection,
) -> None:
    assert pgvector.extension_available(connection)
    assert pgvector.add_vector_column(connection=connection)
    indexes = connection.execute(
        "SELECT indexdef FROM pg_indexes WHERE tablename = %s", [pgvector.TABLE]
    ).fetchall()
    assert any(
        "hnsw" in definition and "vector_cosine_ops" in definition for (definition,) in indexes
    )


def test_nearest_rows_by_meaning_within_what_the_council_may_read(
    connection: psycopg.Connection,
) -> None:
    pgvector.add_vector_column(connection=connection)
    matrix = embedding.embed([text for *_, text in TEXTS])
    for pk, organisation, public, _ in TEXTS:
        connection.execute(
            f"INSERT INTO {pgvector.TABLE} (id, organisation_id, is_public) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT (id) DO NOTHING",
            [pk, organisation, public],
        )
    with connection.cursor() as cursor:
        cursor.executemany(vectors.STORE_SQL, vectors.store_params([t[0] for t in TEXTS], matrix))
    query = embedding.embed(["older people left alone at weekends"])[0]
    sql, params = vectors.pgvector_query(query, [10], 10, None)
    with connection.transaction():
        connection.execute(vectors.EF_SEARCH_SQL)
        rows = connection.execute(sql, params).fetchall()
    ids = [pk for pk, _ in rows]
    assert 3 not in ids, "another council's private text"
    assert ids[0] in {1, 4}
    assert set(ids) == {1, 2, 4}
    similarities = [similarity for _, similarity in rows]
    assert similarities == sorted(similarities, reverse=True)
    expected = float(matrix[0] @ query)
    assert np.isclose(dict(rows)[1], expected, atol=1e-4)

    sql, params = vectors.pgvector_query(query, [10], 10, [2])
    assert [pk for pk, _ in connection.execute(sql, params).fetchall()] == [2]
