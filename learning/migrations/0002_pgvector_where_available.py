"""Where the PostgreSQL server has the pgvector extension, add a vector column with an
HNSW index beside the float32 bytes, and copy what is there. Where it has not (the
PostgreSQL 15 of the project's CI has no pgvector package), nothing changes and ranking
uses numpy (`learning/vectors.py`). Decided when the migration runs: installing pgvector
later and running `manage.py learning_index --pgvector` adds the column then."""

from django.db import migrations

from learning.pgvector import add_vector_column, drop_vector_column


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_lesson_index_and_pins")]

    operations = [migrations.RunPython(add_vector_column, drop_vector_column)]
