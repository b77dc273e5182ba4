"""A worker killed mid-PDF, for real: a `celery worker` process of the test's own is sent
SIGKILL while it makes a report, and another is started. The report is made on the retry,
once, with one file.

What makes it true: tasks are acknowledged only when they end (CELERY_TASK_ACKS_LATE), so
the killed worker's task stays in Redis unacknowledged and is handed out again after the
visibility timeout (CELERY_VISIBILITY_TIMEOUT, one second for the second worker here, ten
minutes in production); a report found half made is made again from the start; and its
file is written under one name per report. Both workers and the Redis are the test's own
(tests/faults.py), on the test's database and media folder.
"""

from __future__ import annotations

import pytest
from django.db import connection

from reports import services
from reports.models import Report, ReportStatus
from tests.faults import WorkerProcess, database_url, wait_until

pytestmark = [pytest.mark.faults, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_report_whose_worker_is_killed_mid_pdf_is_made_once_by_the_next_worker(
    own_redis, private_media, tender, commissioner
):
    def worker(**environment: str) -> WorkerProcess:
        return WorkerProcess(
            database=database_url(connection.settings_dict),
            broker=own_redis.url,
            media_root=private_media,
            **environment,
        )

    # The first worker takes a minute over each PDF: it is killed long before it ends.
    # Each worker takes seconds to start (many more on a busy machine): the test waits
    # for it to consume its queue, so that the waits below time only what they are about.
    doomed = worker(KINDRED_TEST_RENDER_SECONDS="60").start()
    try:
        doomed.wait_until_ready()
        report = services.report_request(
            kind="tender_pack", target=tender, requested_by=commissioner
        )
        wait_until(
            lambda: Report.objects.get(pk=report.pk).status == ReportStatus.RENDERING,
            "the first worker to start making the PDF",
        )
    finally:
        doomed.kill()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RENDERING
    assert list(private_media.rglob("*.pdf")) == []

    fresh = worker(CELERY_VISIBILITY_TIMEOUT="1").start()
    try:
        fresh.wait_until_ready()
        report = wait_until(
            lambda: (finished := Report.objects.get(pk=report.pk)).is_finished and finished,
            "the second worker to finish the report",
        )
    finally:
        fresh.stop()

    assert report.status == ReportStatus.READY, report.error
    assert [
        path.relative_to(private_media).as_posix()
        for path in private_media.rglob("*")
        if path.is_file()
    ] == [report.file.name]
    assert (private_media / report.file.name).read_bytes().startswith(b"%PDF")
