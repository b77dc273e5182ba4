"""A Celery worker process for the fault tests: `python -m tests.fault_worker QUEUE`.

The worker is the deployed one (prefork, late acknowledgement), with one child and no
gossip, so that it starts in a couple of seconds. With KINDRED_TEST_RENDER_SECONDS set,
each PDF takes that many seconds longer to make, so that a test can kill the worker
while it is making one. With KINDRED_TEST_WORKER_READY_FILE set, the worker creates that
file once it consumes its queue (`WorkerProcess.wait_until_ready`).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from config.celery import app  # noqa: E402
from reports import pdf  # noqa: E402

_slower_by = float(os.environ.get("KINDRED_TEST_RENDER_SECONDS", "0"))
if _slower_by:
    _html_to_pdf = pdf.html_to_pdf

    def _slow_html_to_pdf(*args: object, **kwargs: object) -> bytes:
        time.sleep(_slower_by)
        return _html_to_pdf(*args, **kwargs)

    pdf.html_to_pdf = _slow_html_to_pdf

_ready_file = os.environ.get("KINDRED_TEST_WORKER_READY_FILE")
if _ready_file:
    from celery.signals import worker_ready

    @worker_ready.connect
    def _say_ready(**kwargs: object) -> None:
        # The test waits for this file, not for a guessed number of seconds.
        Path(_ready_file).touch()


if __name__ == "__main__":
    app.worker_main(
        [
            "--quiet",  # no banner in the test's output
            "worker",
            *("--queues", sys.argv[1], "--pool", "prefork", "--concurrency", "1"),
            *("--loglevel", "warning", "--without-gossip", "--without-mingle"),
            "--without-heartbeat",
        ]
    )
