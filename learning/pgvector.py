"""Adding and removing the pgvector column, where the server offers the extension."""

from __future__ import annotations

from typing import Any

from learning.embedding import DIMENSIONS

TABLE = "learning_lessontext"
COLUMN = "embedding_vector"


def extension_available(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None


def add_vector_column(
    apps: Any = None, schema_editor: Any = None, *, connection: Any = None
) -> bool:
    """Add the column and its HNSW index if the extension exists; True if it is there.

    Rows embedded before the column existed lose their embedding, so the worker embeds
    them again into both (PostgreSQL cannot read float32 bytes as a vector)."""
    connection = connection or schema_editor.connection
    if not extension_available(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {COLUMN} vector({DIMENSIONS})"
        )
        cursor.execute(
            f"UPDATE {TABLE} SET embedding = NULL, embedded_at = NULL "  # noqa: S608
            f"WHERE {COLUMN} IS NULL"
        )
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS lesson_vector_hnsw ON {TABLE} "
            f"USING hnsw ({COLUMN} vector_cosine_ops)"
        )
    return True


def drop_vector_column(apps: Any = None, schema_editor: Any = None) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {COLUMN}")
