"""Checks of published OCDS data that the JSON schema cannot express.

- release ids are unique (within each ocid, and so across the package);
- every ocid starts with this installation's prefix;
- every date carries a time zone offset;
- codes come from their codelists (with the extensions' additions);
- every organisation a release names (buyer, suppliers, tenderers) is in its `parties`;
- every contract points at an award its process publishes.

`release_errors` runs over an iterable of releases once, holding only ids per ocid, so a
bulk export of any size can be checked as it streams.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings

from open_data.ocds_schema import codelists

OFFSET = re.compile(r"(?:[+-]\d\d:\d\d|Z)$")
DATE_KEYS = frozenset({"date", "datePublished", "dateModified", "dateSigned", "publishedDate"})

# (path of keys from the release, codelist); `[]` walks each item of a list.
CODED: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tag", "[]"), "releaseTag.csv"),
    (("initiationType",), "initiationType.csv"),
    (("parties", "[]", "roles", "[]"), "partyRole.csv"),
    (("tender", "status"), "tenderStatus.csv"),
    (("tender", "procurementMethod"), "method.csv"),
    (("tender", "mainProcurementCategory"), "procurementCategory.csv"),
    (("tender", "submissionMethod", "[]"), "submissionMethod.csv"),
    (("tender", "value", "currency"), "currency.csv"),
    (("tender", "lots", "[]", "status"), "tenderStatus.csv"),
    (("tender", "lots", "[]", "awardCriteria", "criteria", "[]", "type"), "awardCriterionType.csv"),
    (
        ("tender", "lots", "[]", "awardCriteria", "criteria", "[]", "numbers", "[]", "weight"),
        "criterionWeight.csv",
    ),
    (("tender", "documents", "[]", "documentType"), "documentType.csv"),
    (("planning", "documents", "[]", "documentType"), "documentType.csv"),
    (("awards", "[]", "status"), "awardStatus.csv"),
    (("awards", "[]", "value", "currency"), "currency.csv"),
    (("awards", "[]", "documents", "[]", "documentType"), "documentType.csv"),
    (("contracts", "[]", "status"), "contractStatus.csv"),
    (("contracts", "[]", "value", "currency"), "currency.csv"),
    (("contracts", "[]", "documents", "[]", "documentType"), "documentType.csv"),
    (("contracts", "[]", "implementation", "documents", "[]", "documentType"), "documentType.csv"),
    (("bids", "statistics", "[]", "measure"), "bidStatistics.csv"),
    (("relatedProcesses", "[]", "relationship", "[]"), "relatedProcess.csv"),
    (("relatedProcesses", "[]", "scheme"), "relatedProcessScheme.csv"),
)


def _values(data: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield data
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        for item in data if isinstance(data, list) else ():
            yield from _values(item, rest)
    elif isinstance(data, dict) and head in data:
        yield from _values(data[head], rest)


def _dates(data: Any, where: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}/{key}"
            if isinstance(value, str) and (key in DATE_KEYS or key.endswith("Date")):
                yield here, value
            else:
                yield from _dates(value, here)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _dates(item, f"{where}/{index}")


def _references(release: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    if "buyer" in release:
        yield "buyer", release["buyer"]
    for path in (("tender", "procuringEntity"),):
        for value in _values(release, path):
            yield "/".join(path), value
    for value in _values(release, ("tender", "tenderers", "[]")):
        yield "tender/tenderers", value
    for value in _values(release, ("awards", "[]", "suppliers", "[]")):
        yield "awards/suppliers", value


def release_errors(releases: Iterable[dict[str, Any]]) -> list[str]:
    """Everything wrong with these releases that the schema does not catch."""
    errors: list[str] = []
    lists = codelists()
    prefix = f"{settings.KINDRED_OCID_PREFIX}-"
    seen: dict[str, set[str]] = defaultdict(set)
    awards: dict[str, set[str]] = defaultdict(set)
    pointers: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for release in releases:
        ocid, rid = release.get("ocid", ""), release.get("id", "")
        if not ocid.startswith(prefix):
            errors.append(f"{rid}: ocid {ocid!r} does not start with {prefix!r}")
        if rid in seen[ocid]:
            errors.append(f"{rid}: release id used twice in {ocid}")
        seen[ocid].add(rid)
        for where, value in _dates(release):
            if not OFFSET.search(value):
                errors.append(f"{rid}{where}: {value!r} has no time zone offset")
        for path, codelist in CODED:
            for value in _values(release, path):
                if value not in lists[codelist]:
                    errors.append(f"{rid}: {'/'.join(path)} {value!r} is not in {codelist}")
        parties = {party.get("id") for party in release.get("parties", [])}
        for where, reference in _references(release):
            if reference.get("id") not in parties:
                errors.append(f"{rid}: {where} {reference.get('id')!r} is not in parties")
        awards[ocid].update(award["id"] for award in release.get("awards", []))
        for contract in release.get("contracts", []):
            pointers[ocid].add((rid, contract.get("id"), contract.get("awardID")))
    for ocid, contracts in pointers.items():
        for rid, contract_id, award_id in sorted(contracts, key=str):
            if award_id not in awards[ocid]:
                errors.append(
                    f"{rid}: contract {contract_id} points at award {award_id!r}, "
                    f"which {ocid} does not publish"
                )
    return errors
