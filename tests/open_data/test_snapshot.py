"""The bulk export reads one snapshot: a process changed while the export runs is written
as it stood when the export began.

This needs real commits from a second connection while the export's transaction is open,
so it runs outside the usual rolled-back test transaction (`transaction=True`).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connections

from open_data import ocds
from open_data.ocds_packages import bulk_release_package
from procurement.models import Tender
from tests.procurement.factories import PublishedTenderFactory


@pytest.mark.django_db(transaction=True)
def test_a_tender_renamed_during_the_export_keeps_its_title_from_when_the_export_began(
    council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = PublishedTenderFactory.create_batch(2, organisation=council)
    # One process a chunk, so the second tender is read by a later query than the first.
    monkeypatch.setattr(ocds, "CHUNK", 1)
    stream = bulk_release_package()
    written = []
    for piece in stream:
        written.append(piece)
        if ocds.ocid_for("tender", first.pk) in piece:
            break
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "UPDATE procurement_tender SET title = %s WHERE id = %s",
                ["Renamed while the export ran", second.pk],
            )
    finally:
        other.close()
    written.extend(stream)

    releases = json.loads("".join(written))["releases"]
    second_ocid = ocds.ocid_for("tender", second.pk)
    titles = {
        release["tender"]["title"]
        for release in releases
        if release["ocid"] == second_ocid and "title" in release.get("tender", {})
    }
    assert titles == {second.title}
    assert Tender.objects.get(pk=second.pk).title == "Renamed while the export ran"
