"""Turning report HTML into PDF bytes with WeasyPrint, reading only local static files.

WeasyPrint takes most of a second to import, so it is imported on first use and kept
for the life of the worker process. Its URL fetcher is replaced so that a report can
never make a network request: stylesheets and images come from the static files. While
it works, Python's cyclic garbage collector runs less often (`collecting_less`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import mimetypes
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from pypdf import PdfReader

# Relative URLs in report templates resolve against this made-up origin, so the fetcher
# can tell the service's own files from anything else.
BASE_URL = "https://kindred.invalid/"
_HOST = urlsplit(BASE_URL).hostname


class ReportResourceRefused(ValueError):
    """A report asked for something other than one of the service's static files."""


def static_file_path(url: str) -> Path | None:
    """The local file behind a static URL of this service, or None if there is none."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.hostname != _HOST:
        return None
    path = unquote(parts.path)
    if not path.startswith(settings.STATIC_URL):
        return None
    name = path.removeprefix(settings.STATIC_URL)
    if ".." in Path(name).parts:
        return None
    # Collected (possibly hashed) files first, as in production; then the source folders.
    try:
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except NotImplementedError:
        pass
    found = finders.find(name)
    return Path(found) if found else None


@functools.cache
def _weasyprint() -> tuple[Any, type]:
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_path(url)
            if path is None:
                raise ReportResourceRefused(f"Reports may only use the service's own files: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return weasyprint, StaticFilesFetcher


# Objects made, less those freed, before the youngest generation is collected: Python's
# default is 700.
RENDERING_GC_THRESHOLD = (50_000, 20, 100)


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Run the cyclic garbage collector less often until the block ends.

    WeasyPrint makes millions of short-lived objects in reference cycles (each box
    knows its parent and its children). At the default threshold the collector ran
    thousands of times while a 132-page evaluation report was laid out, each pass
    walking every object still alive: an eighth to a quarter of the time, and more on
    each later report the same worker made. The garbage it leaves is collected as
    usual once the threshold is back. The threshold is the process's, so a report made
    beside another in a second thread may get the default back early: only slower.
    """
    before = gc.get_threshold()
    gc.set_threshold(*RENDERING_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def html_to_pdf(html: str) -> bytes:
    weasyprint, fetcher_class = _weasyprint()
    with collecting_less():
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher_class())
        return document.write_pdf()


def count_pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)
