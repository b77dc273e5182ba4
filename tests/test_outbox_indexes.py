"""Each outbox sweep (`core.broker.outbox_sweep`, five of them every minute from beat) reads
its rows through a partial index whose condition is the sweep's own: only the rows whose
work is still to do are in it, so a sweep costs the same with a million done rows as with
none (README, "Faults").

The sweep's real query is captured as it runs, then explained with sequential scans
ruled out: PostgreSQL can then pick the partial index only if the query's WHERE clause
implies the index's condition, which is what a change to either would break. (On a
nearly empty test table the planner would rightly read the table instead, so the plan
it would choose unprompted says nothing here; the README gives the plans measured on
large tables.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.services import notification_emails_catch_up
from commissioning.public_voice.services import comment_confirmations_catch_up
from contracts.voices.services import voice_invitations_catch_up
from procurement.lived_experience import lived_experience_invitations_catch_up
from reports.services import reports_waiting_resend

pytestmark = pytest.mark.django_db

SWEEPS: dict[str, tuple[Callable[[], Any], str, str]] = {
    "notification emails": (
        notification_emails_catch_up,
        "accounts_notification",
        "notification_unemailed_idx",
    ),
    "reports": (
        lambda: reports_waiting_resend(send=lambda pk: True),
        "reports_report",
        "report_unfinished_idx",
    ),
    "check-in voice invitations": (
        voice_invitations_catch_up,
        "contracts_voiceinvitation",
        "voice_invitation_unsent_idx",
    ),
    "public comment confirmations": (
        comment_confirmations_catch_up,
        "commissioning_publiccomment",
        "public_comment_unsent_idx",
    ),
    "lived-experience invitations": (
        lived_experience_invitations_catch_up,
        "procurement_panelmember",
        "panel_invitation_unsent_idx",
    ),
}


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


def _sweep_query(sweep: Callable[[], Any], table: str) -> str:
    """The SQL of the sweep's read of `table`, as it ran (nothing is due, so it sends
    nothing)."""
    with CaptureQueriesContext(connection) as queries:
        assert sweep() == 0
    reads = [query["sql"] for query in queries if f'FROM "{table}"' in query["sql"]]
    assert len(reads) == 1, reads
    return reads[0]


@pytest.mark.parametrize("name", SWEEPS)
def test_outbox_sweep_reads_through_its_partial_index(name: str) -> None:
    sweep, table, index = SWEEPS[name]
    sql = _sweep_query(sweep, table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0][0]["Plan"]
    used = {node.get("Index Name") for node in _plan_nodes(plan)}
    assert index in used, (sql, plan)


@pytest.mark.parametrize("name", SWEEPS)
def test_outbox_index_holds_only_the_rows_still_to_do(name: str) -> None:
    # The index is partial (it has a condition), so the rows whose work is done are not
    # in it; the condition itself is held to the sweep by the test above.
    _, table, index = SWEEPS[name]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            [table, index],
        )
        (definition,) = cursor.fetchone()
    assert " WHERE " in definition, definition
