"""Handing work to Celery without letting a broker outage break the request.

What a task will do is always recorded in the database first, in the same transaction as
the change that asked for it (a notification not yet emailed, a report still queued):
that row is the outbox. After the transaction commits the task is sent to the broker
once, without retrying; if Redis is down the request still succeeds, and the periodic
sweeps (`accounts.send_unsent_emails`, `reports.requeue_waiting_reports`,
`contracts.send_unsent_voice_invitations`, `commissioning.send_unsent_comment_confirmations`,
`procurement.send_unsent_lived_experience_invitations`) send it when the broker is back,
each through `outbox_sweep`. Every task re-reads its row
under a lock and does nothing if the work is done, so a task sent twice (by the request
and by a sweep) still acts once.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, RedisError, OSError)


def enqueue(task: Any, *args: Any) -> bool:
    """Send a task now; False (and a warning) when the broker cannot take it."""
    try:
        # No result wanted: the outcome is in the row. (Asking for one would subscribe to
        # the result store too, which with Redis down retries for minutes, then fails.)
        task.apply_async(args=args, retry=False, ignore_result=True)
    except BROKER_ERRORS as error:
        logger.warning(
            "Broker unavailable (%s): %s%s stays in the outbox for the next sweep",
            error,
            task.name,
            args,
        )
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Send a task once the current transaction has committed (see `enqueue`)."""
    transaction.on_commit(lambda: enqueue(task, *args))


# A row's own task normally does its work within seconds; a sweep leaves it this long
# before stepping in, so that it does not race every task that is merely a little slow.
OUTBOX_GRACE = datetime.timedelta(minutes=2)
# One sweep handles at most this many rows; the rest wait for the next minute's sweep.
OUTBOX_BATCH = 500


def outbox_sweep(
    waiting: QuerySet,
    send: Callable[[int], Any],
    *,
    horizon: datetime.timedelta | None = None,
    grace: datetime.timedelta = OUTBOX_GRACE,
    batch: int = OUTBOX_BATCH,
    made_at: str = "created_at",
) -> int:
    """Call `send(pk)` for each row of `waiting` (the rows whose work is not done) that was
    made (its `made_at` field) more than `grace` ago and, with a `horizon`, less than
    `horizon` ago (older work is stale news), oldest first, at most `batch` of them.
    `send` must be safe to run twice (it locks the row and checks the work is still to
    do). Returns how many sends answered true."""
    now = timezone.now()
    rows = waiting.filter(**{f"{made_at}__lte": now - grace})
    if horizon is not None:
        rows = rows.filter(**{f"{made_at}__gte": now - horizon})
    ids = list(rows.order_by(made_at, "pk").values_list("pk", flat=True)[:batch])
    return sum(bool(send(pk)) for pk in ids)
