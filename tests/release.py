"""Deploying another release within a test: the release digest (core/release.py) changes
as it does when a template, a module or a library changes."""

from __future__ import annotations

from typing import Any

from core.release import release_digest


def next_release(settings: Any) -> str:
    """Name another release (KINDRED_RELEASE, which the digest reads with the code) and
    return its digest, checked to be new."""
    before = release_digest()
    settings.KINDRED_RELEASE = f"{settings.KINDRED_RELEASE}+next"
    after = release_digest()
    assert after != before
    return after
