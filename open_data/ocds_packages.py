"""Release packages (streamed) and record packages (merged with `ocdsmerge`).

A release package is written piece by piece: the package's metadata, then each release as
it is built, a chunk of processes at a time (`open_data.ocds.iter_processes`), so the bulk
export of every process holds one chunk in memory whatever the installation's size. The
chunks are all read in one REPEATABLE READ transaction, so the package is one consistent
snapshot however long it takes. The management command `ocds_export` and
`GET /open-data/ocds/releases.json` both write this same stream.

A record is built with the Open Contracting Partnership's reference merge library: the
compiled release (the latest state) and the versioned release (every value with the
release that set it), from the process's releases and the merge rules of the release schema
with Kindred's extensions applied.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import ocdsmerge
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from open_data.ocds import LICENSE, Process, absolute, iso, iter_processes, process
from open_data.ocds_schema import EXTENSION_URLS, OCDS_VERSION, release_schema


def _metadata(uri: str) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": list(EXTENSION_URLS),
        "publishedDate": iso(timezone.now()),
        "publisher": {"name": settings.KINDRED_OCDS_PUBLISHER, "uri": settings.SITE_URL},
        "license": LICENSE,
    }


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def release_package_uri(ocid: str | None = None) -> str:
    if ocid is None:
        return absolute(reverse("open_data:ocds_releases"))
    return absolute(reverse("open_data:ocds_process_releases", args=[ocid]))


def release_package_stream(processes: Iterable[Process], *, uri: str) -> Iterator[str]:
    """One release package, as pieces of JSON text, holding the releases of these
    processes. Nothing is held but the process being written (and its chunk)."""
    head = _dump(_metadata(uri))
    yield head[:-1] + ',"releases":['
    first = True
    for each in processes:
        for release in each.releases:
            yield ("" if first else ",\n") + _dump(release)
            first = False
    yield "]}\n"


def bulk_release_package(*, ocid: str | None = None) -> Iterator[str]:
    """Every public process's releases (or one process's, by ocid), streamed, all read
    from one snapshot of the database."""
    with snapshot():
        yield from release_package_stream(iter_processes(ocid=ocid), uri=release_package_uri(ocid))


@contextmanager
def snapshot() -> Iterator[None]:
    """One read-only REPEATABLE READ transaction for the whole export: every chunk is read
    as the database stood at the first query, so a process that changes while a long
    export runs is written wholly as it was (never a new award beside an old tender, or a
    process in two chunks' states). Inside a transaction the caller already holds (a test,
    or a larger unit of work), that transaction's own view stands."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def release_package(releases: list[dict[str, Any]], *, uri: str) -> dict[str, Any]:
    """A small package held whole: one process's releases, or one notice's release."""
    return {**_metadata(uri), "releases": releases}


@cache
def _merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(schema=release_schema())


def record(each: Process) -> dict[str, Any]:
    merger = _merger()
    return {
        "ocid": each.ocid,
        "releases": each.releases,
        "compiledRelease": merger.create_compiled_release(each.releases),
        "versionedRelease": merger.create_versioned_release(each.releases),
    }


def record_package(ocid: str) -> dict[str, Any] | None:
    """The record package of one process, or None if no public process has this ocid."""
    each = process(ocid)
    if each is None:
        return None
    uri = absolute(reverse("open_data:ocds_process_record", args=[ocid]))
    return {
        **_metadata(uri),
        "packages": [release_package_uri(ocid)],
        "records": [record(each)],
    }
