"""The OCDS 1.1 schema Kindred publishes against, read from files kept in this app, never
from the network.

`open_data/standard/` holds the official release, release package and record package
schemas (OCDS 1.1.5) with their codelists, and the extensions Kindred declares (with the
extensions the Cabinet Office UK extension depends on), each copied from its repository at
the commit listed in `standard/extensions/PROVENANCE.tsv`. An extension is a JSON merge
patch (RFC 7386) of the release schema and codelists that add (`+name.csv`) to or replace
the standard's; `release_schema()` applies them in order, as the standard says a
publisher's schema is built, and the validators below use the result.

Packages declare the extensions by their canonical URLs (`EXTENSION_URLS`), so a data
user's tools can fetch the same files.
"""

from __future__ import annotations

import copy
import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

STANDARD = Path(__file__).resolve().parent / "standard"
OCDS_VERSION = "1.1"
SCHEMA_BASE = "https://standard.open-contracting.org/schema/1__1__5/"
RAW = "https://raw.githubusercontent.com/"


@dataclass(frozen=True)
class Extension:
    url: str
    folder: str
    declared: bool  # listed in each package's `extensions`; otherwise a UK dependency


def _extension(path: str, *, declared: bool = True) -> Extension:
    return Extension(url=f"{RAW}{path}/extension.json", folder=path, declared=declared)


_OCE = "open-contracting-extensions/"
# The order is the order the patches are applied: the UK extension last, as it adds to
# definitions (award criteria, bids, observations) that the others create.
EXTENSIONS: tuple[Extension, ...] = (
    _extension(f"{_OCE}ocds_lots_extension/master"),
    _extension(f"{_OCE}ocds_awardCriteria_extension/master"),
    _extension(f"{_OCE}ocds_bid_extension/v1.1.5"),
    _extension(f"{_OCE}ocds_partyDetails_scale_extension/master"),
    _extension(f"{_OCE}ocds_metrics_extension/1.1"),
    # The UK extension's own dependencies, applied so its patches land on whole definitions.
    _extension(f"{_OCE}ocds_communication_extension/master", declared=False),
    _extension(f"{_OCE}ocds_location_extension/master", declared=False),
    _extension(f"{_OCE}ocds_otherRequirements_extension/master", declared=False),
    _extension(f"{_OCE}ocds_performance_failures_extension/master", declared=False),
    _extension(f"{_OCE}ocds_subcontracting_extension/master", declared=False),
    _extension(f"{_OCE}ocds_suitability_extension/master", declared=False),
    _extension(f"{_OCE}ocds_techniques_extension/master", declared=False),
    # A test dependency of the UK extension, whose patch refers to its definitions.
    _extension(f"{_OCE}ocds_submissionTerms_extension/master", declared=False),
    _extension("cabinetoffice/ocds_uk_extension/main"),
)
EXTENSION_URLS: tuple[str, ...] = tuple(e.url for e in EXTENSIONS if e.declared)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: objects merge key by key, `null` removes a key, any
    other value replaces what was there."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def release_schema() -> dict[str, Any]:
    """The release schema with every extension's patch applied."""
    schema = _read(STANDARD / "release-schema.json")
    for extension in EXTENSIONS:
        patch = STANDARD / "extensions" / extension.folder / "release-schema.json"
        if patch.exists():
            schema = merge_patch(schema, _read(patch))
    return schema


def _codes(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["Code"] for row in csv.DictReader(handle)]


@cache
def codelists() -> dict[str, frozenset[str]]:
    """Each codelist by file name (`documentType.csv`), with the extensions' additions
    (`+documentType.csv`) and replacements applied."""
    lists = {path.name: set(_codes(path)) for path in (STANDARD / "codelists").glob("*.csv")}
    for extension in EXTENSIONS:
        folder = STANDARD / "extensions" / extension.folder / "codelists"
        for path in sorted(folder.glob("*.csv")) if folder.exists() else ():
            if path.name.startswith("+"):
                lists.setdefault(path.name[1:], set()).update(_codes(path))
            elif path.name.startswith("-"):
                lists.setdefault(path.name[1:], set()).difference_update(_codes(path))
            else:
                lists[path.name] = set(_codes(path))
    return {name: frozenset(codes) for name, codes in lists.items()}


@cache
def _registry() -> Registry:
    """The standard's own URLs answered from the local files (the release schema with
    the extensions applied), so `$ref`s between the package and release schemas resolve
    offline.

    A record's versioned release is only checked to be an object: the standard's
    versioned-release validation schema knows no extension, so it would call every
    extension's object (such as `details`) a malformed version list. The record's
    releases and compiled release are validated in full."""
    documents = {
        "release-schema.json": release_schema(),
        "versioned-release-validation-schema.json": {"type": "object"},
    }
    return Registry().with_resources(
        (SCHEMA_BASE + name, Resource.from_contents(body, default_specification=DRAFT4))
        for name, body in documents.items()
    )


def _validator(schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    return jsonschema.Draft4Validator(
        schema,
        registry=_registry(),
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )


@cache
def release_validator() -> jsonschema.Draft4Validator:
    return _validator(release_schema())


@cache
def release_package_validator() -> jsonschema.Draft4Validator:
    return _validator(_read(STANDARD / "release-package-schema.json"))


@cache
def record_package_validator() -> jsonschema.Draft4Validator:
    return _validator(_read(STANDARD / "record-package-schema.json"))


def schema_errors(validator: jsonschema.Draft4Validator, data: dict[str, Any]) -> list[str]:
    """Every schema error, each as `path: message`."""
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(data)
    ]
