"""Checks on files suppliers attach to bids: size, extension and the content itself."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from accounts.errors import DomainError

ZIP_MAGIC = b"PK\x03\x04"
ALLOWED: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF",),
    "docx": (ZIP_MAGIC,),
    "xlsx": (ZIP_MAGIC,),
    "odt": (ZIP_MAGIC,),
    "ods": (ZIP_MAGIC,),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "csv": None,  # text: must decode as UTF-8
    "txt": None,
}


def check_upload(upload: UploadedFile) -> str:
    """Refuse a file that is too big or is not what its name says. Returns the extension."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    limit = settings.KINDRED_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise DomainError(f"The file must be smaller than {limit // (1024 * 1024)}MB.")
    if upload.size == 0:
        raise DomainError("The file is empty.")
    if extension not in ALLOWED:
        raise DomainError(
            "The file must be a PDF, Word, Excel, OpenDocument, PNG, JPEG, CSV or text file."
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = ALLOWED[extension]
    if signatures is None:
        try:
            b"".join(upload.chunks()).decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError("The file must be plain text.") from None
        finally:
            upload.seek(0)
    elif not any(head.startswith(signature) for signature in signatures):
        raise DomainError(f"The file is not a real .{extension} file.")
    return extension
