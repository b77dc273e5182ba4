"""The one way a private file (a bid, evidence, an outline, a report) leaves Kindred.

Private files live under generated names in media that has no URL (see core/uploads.py);
a view checks who is asking, then hands the file to `private_file_response`, which always:

- sends it as a download (`Content-Disposition: attachment`), so a file is never shown as a
  page on Kindred's own address, where an HTML or SVG file could run script;
- forbids type guessing (`X-Content-Type-Options: nosniff`), so the browser keeps to the
  declared type;
- keeps it out of every cache (`Cache-Control: private, no-store`), so a shared computer or
  a proxy does not keep a copy of a bid or a feedback letter.
"""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse, Http404

# A type a browser will not render: the safe choice when the view does not know better.
DEFAULT_CONTENT_TYPE = "application/octet-stream"


def private_file_response(
    file: File, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """A download of a stored private file; a file missing from storage is a 404.

    Call it only after the view has checked that the person may read the file.
    """
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type or DEFAULT_CONTENT_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
