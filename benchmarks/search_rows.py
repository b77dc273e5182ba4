"""Search columns for generated opportunity rows, built in one statement."""

from __future__ import annotations

from typing import Any

# The same weights as dialogue's opportunity_index_refresh (A title, B summary, C the
# specification's first section), for every row that has none yet.
FILL_SEARCH_VECTORS = """
    UPDATE dialogue_opportunityindex AS o
       SET search_vector =
           setweight(to_tsvector('english', o.title), 'A')
        || setweight(to_tsvector('english', o.summary), 'B')
        || setweight(to_tsvector('english', v.snapshot->'sections'->0->>'body'), 'C')
      FROM procurement_tender t
      JOIN commissioning_specificationversion v ON v.id = t.specification_version_id
     WHERE t.id = o.tender_id AND o.search_vector IS NULL
"""


def fill_search_vectors(cursor: Any) -> None:
    cursor.execute(FILL_SEARCH_VECTORS)
    cursor.execute("ANALYZE dialogue_opportunityindex")
