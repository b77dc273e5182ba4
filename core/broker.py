"""Handing work to Celery without letting a broker outage break the request.

What a task will do is always recorded in the database first, in the same transaction as
the change that asked for it (a notification not yet emailed, a report still queued):
that row is the outbox. After the transaction commits the task is sent to the broker
once, without retrying; if Redis is down the request still succeeds, and the periodic
sweeps (`accounts.send_unsent_emails`, `reports.requeue_waiting_reports`) send it when
the broker is back. Every task re-reads its row under a lock and does nothing if the work
is done, so a task sent twice (by the request and by a sweep) still acts once.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
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
