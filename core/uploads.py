"""Checks for every file people upload (evidence, bid attachments, social value returns).

A file is accepted only when its extension is on the list AND its first bytes match
that kind of file, so a program renamed to "report.pdf" is refused. Files are stored
under a generated name in private media and served only by a permission-checked view.
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat

from core.errors import DomainError


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str


FILE_KINDS: dict[str, FileKind] = {
    "pdf": FileKind("PDF", "application/pdf"),
    "docx": FileKind(
        "Word document",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": FileKind(
        "Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "odt": FileKind("OpenDocument text", "application/vnd.oasis.opendocument.text"),
    "ods": FileKind("OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"),
    "png": FileKind("PNG image", "image/png"),
    "jpg": FileKind("JPEG image", "image/jpeg"),
    "jpeg": FileKind("JPEG image", "image/jpeg"),
    "csv": FileKind("CSV file", "text/csv"),
    "txt": FileKind("text file", "text/plain"),
}

EVIDENCE_EXTENSIONS = tuple(FILE_KINDS)

# What must be inside the zip container of each office format.
_ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_OPENDOCUMENT_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


class UploadRejected(DomainError):
    """The file is too big, empty, or not the kind of file it claims to be."""


def extension_of(name: str) -> str:
    return os.path.splitext(name)[1].lower().lstrip(".")


def accepted_list(extensions: tuple[str, ...] = EVIDENCE_EXTENSIONS) -> str:
    """The extensions people may upload, for hint text: "PDF, DOCX, ... or TXT"."""
    names = [extension.upper() for extension in extensions if extension != "jpeg"]
    return ", ".join(names[:-1]) + " or " + names[-1]


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _looks_like(extension: str, data: bytes) -> bool:
    if extension == "pdf":
        return data.startswith(b"%PDF-")
    if extension == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if extension in ("csv", "txt"):
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if extension in _ZIP_MEMBERS or extension in _OPENDOCUMENT_MIMETYPES:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if extension in _ZIP_MEMBERS:
                    return _ZIP_MEMBERS[extension] in names
                return (
                    "mimetype" in names
                    and archive.read("mimetype").strip() == _OPENDOCUMENT_MIMETYPES[extension]
                )
        except zipfile.BadZipFile:
            return False
    return False


def check_upload(upload: UploadedFile, *, extensions: tuple[str, ...] = EVIDENCE_EXTENSIONS) -> str:
    """Return the file's extension if it is an allowed kind, not too big, and really that kind.

    Raises UploadRejected with a message that tells the person what to do instead.
    """
    limit = settings.KINDRED_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise UploadRejected(f"The file must be smaller than {filesizeformat(limit)}.")
    if not upload.size:
        raise UploadRejected("The selected file is empty.")
    extension = extension_of(upload.name or "")
    if extension not in extensions:
        raise UploadRejected(f"The selected file must be a {accepted_list(extensions)}.")
    if not _looks_like(extension, _read_all(upload)):
        raise UploadRejected(
            f"The selected file is not a real {FILE_KINDS[extension].label}. "
            "Check the file and upload it again."
        )
    return extension


def private_name(folder: str, extension: str) -> str:
    """A generated storage name, so nothing a person typed ends up in a file path."""
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def private_name_for(folder: str, filename: str) -> str:
    """A generated storage name keeping only the extension of the name given, for a
    FileField's `upload_to`: the person's own file name is kept only for display."""
    return private_name(folder, extension_of(filename) or "bin")


def content_type_for(name: str) -> str:
    kind = FILE_KINDS.get(extension_of(name))
    return kind.content_type if kind else "application/octet-stream"


def delete_after_commit(file: FieldFile) -> None:
    """Delete a stored file once the transaction that stops using it commits. Deleting it
    at once would lose the file if the transaction rolled back and the record kept it."""
    if not file:
        return
    stored, storage = file.name, file.storage
    transaction.on_commit(lambda: storage.delete(stored))
