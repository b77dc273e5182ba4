"""Which release of Kindred is running, as a short digest, for the keys of what pages keep
drawn in the shared cache.

The shared cache (Redis) outlives a deployment, and several pages keep HTML there: the
mission page, the opportunities search, the moderation page, the contract page and the
charts. Their keys say which records' versions they show, but not which code drew them,
so after a release that changed a template or the code that draws a page, a page would
serve what the earlier release drew until it expired. Every such key carries
`release_digest()`, so a new release never reads what an earlier one kept.

The digest covers what draws pages: every template and every Python module of the
project's own packages, the versions of the installed libraries (Django's form widgets,
the chart renderer), the static files' manifest when there is one (kept HTML names
hashed static files), and KINDRED_RELEASE when the deployment sets it. It is read once
per process (about 700 small files, a few tens of milliseconds), when first needed.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed

# Top-level folders that hold Python packages but draw no page.
_NOT_DRAWING = frozenset({"tests", "benchmarks"})
_MANIFEST = "staticfiles.json"


def _drawing_files(base: Path) -> list[Path]:
    """The templates and the Python modules of every package of the project, in a fixed
    order (a new app is found by its __init__.py, with nothing to register)."""
    files = sorted((base / "templates").glob("**/*.html"))
    for package in sorted(base.iterdir()):
        if package.name in _NOT_DRAWING or not (package / "__init__.py").is_file():
            continue
        files += sorted(package.glob("**/*.py"))
        files += sorted(package.glob("templates/**/*.html"))
    manifest = Path(settings.STATIC_ROOT) / _MANIFEST
    if manifest.is_file():
        files.append(manifest)
    return files


def _libraries() -> list[str]:
    """The installed libraries and their versions, from the names of their metadata
    folders ("Django-6.1.3.dist-info"): a listing, where reading each one's metadata
    would take ten times as long."""
    # A set: a folder named twice on the path (by one kind of process only) counts once.
    return sorted(
        {
            found.name
            for folder in map(Path, sys.path)
            if folder.is_dir()
            for found in folder.glob("*.dist-info")
        }
    )


@functools.cache
def release_digest() -> str:
    """A digest of what draws Kindred's pages in this process: a new release (new
    templates, code, libraries or static files) gives a new digest."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256(settings.KINDRED_RELEASE.encode())
    for path in _drawing_files(base):
        # The name too: a template moved or renamed draws differently.
        digest.update(str(path.relative_to(base) if path.is_relative_to(base) else path).encode())
        digest.update(path.read_bytes())
    digest.update("\n".join(_libraries()).encode())
    return digest.hexdigest()[:16]


def _forget_on_change(*, setting: str, **kwargs: Any) -> None:
    # Tests that set another release (or point at other files) see a new digest.
    if setting in {"KINDRED_RELEASE", "BASE_DIR", "STATIC_ROOT"}:
        release_digest.cache_clear()


setting_changed.connect(_forget_on_change, dispatch_uid="core-release-digest")
