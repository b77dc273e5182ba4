from __future__ import annotations

from typing import Any

import pytest

from procurement.models import TenderStatus
from tests.reports.factories import make_tender


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> Any:
    """Reports are written to a throwaway folder, not the project's media folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def tender(council: Any):
    return make_tender(council)


@pytest.fixture
def draft_tender(council: Any):
    return make_tender(council, status=TenderStatus.DRAFT, title="A draft not yet published")
