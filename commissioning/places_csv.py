"""Reading a CSV file of places and checking every row before anything is saved.

Columns: name, kind, parent, code (parent and code may be empty). A parent may be a
place that already exists or one further down the file. Row numbers in messages are
the spreadsheet's own, so the header is row 1 and the first place is row 2.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from commissioning.models import PlaceKind

REQUIRED_COLUMNS = ("name", "kind")
KNOWN_COLUMNS = ("name", "kind", "parent", "code")
MAX_ROWS = 5000

# A place sits inside a place of a broader kind: an authority holds areas, areas hold
# wards, wards hold neighbourhoods. Skipping a level (a ward straight in an authority) is fine.
KIND_RANK = {
    PlaceKind.AUTHORITY: 0,
    PlaceKind.AREA: 1,
    PlaceKind.WARD: 2,
    PlaceKind.NEIGHBOURHOOD: 3,
}


@dataclass(frozen=True)
class PlaceRow:
    row: int
    name: str
    kind: str
    parent: str
    code: str


@dataclass(frozen=True)
class ExistingPlace:
    name: str
    kind: str
    parent: str


class PlacesCsvInvalid(Exception):
    """The file cannot be imported; `errors` lists every problem, each saying which row."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


def kind_from_text(text: str) -> str | None:
    """Accept a kind by its value or its label, in any case: "ward", "Ward"."""
    wanted = text.strip().lower()
    for kind in PlaceKind:
        if wanted in (kind.value, kind.label.lower()):
            return kind.value
    return None


def nesting_problem(*, child_kind: str, parent_kind: str) -> str | None:
    """Why a place of one kind cannot sit inside another, or None when it can."""
    if KIND_RANK[PlaceKind(child_kind)] > KIND_RANK[PlaceKind(parent_kind)]:
        return None
    child_label = PlaceKind(child_kind).label.lower()
    parent_label = PlaceKind(parent_kind).label.lower()
    return f"{_a(child_label)} cannot be inside {_a(parent_label)}"


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def read_rows(data: bytes) -> list[PlaceRow]:
    """Parse the file into rows, or raise PlacesCsvInvalid for a file that is not usable."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlacesCsvInvalid(["The file must be a CSV file saved as UTF-8."]) from None
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise PlacesCsvInvalid(["The file is empty."]) from None
    except csv.Error:
        raise PlacesCsvInvalid(["The file must be a CSV file."]) from None
    columns = [column.strip().lower() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise PlacesCsvInvalid(
            [
                "The first row must name the columns: name, kind, parent, code. "
                f"The file has no {' or '.join(missing)} column."
            ]
        )
    index = {column: columns.index(column) for column in KNOWN_COLUMNS if column in columns}
    rows: list[PlaceRow] = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise PlacesCsvInvalid([f"The file can have at most {MAX_ROWS} places."])

            def cell(column: str, values: list[str] = values) -> str:
                position = index.get(column)
                if position is None or position >= len(values):
                    return ""
                return values[position].strip()

            rows.append(
                PlaceRow(
                    row=number,
                    name=cell("name"),
                    kind=cell("kind"),
                    parent=cell("parent"),
                    code=cell("code"),
                )
            )
    except csv.Error:
        raise PlacesCsvInvalid(["The file must be a CSV file."]) from None
    if not rows:
        raise PlacesCsvInvalid(["The file has no places in it, only the first row."])
    return rows


def check_rows(rows: list[PlaceRow], existing: dict[str, ExistingPlace]) -> list[PlaceRow]:
    """Check every row against the others and the places already saved.

    `existing` maps lower-cased names to the organisation's saved places. Returns the rows
    with kinds normalised; raises PlacesCsvInvalid listing every bad row.
    """
    errors: list[str] = []
    checked: list[PlaceRow] = []
    seen: dict[str, int] = {}
    for row in rows:
        problems = []
        if not row.name:
            problems.append("enter a name")
        elif len(row.name) > 120:
            problems.append("the name must be 120 characters or fewer")
        elif row.name.lower() in seen:
            problems.append(f"“{row.name}” is already on row {seen[row.name.lower()]}")
        kind = kind_from_text(row.kind)
        if kind is None:
            problems.append(
                "the kind must be authority, area, ward or neighbourhood"
                if row.kind
                else "enter a kind (authority, area, ward or neighbourhood)"
            )
        if len(row.code) > 20:
            problems.append("the code must be 20 characters or fewer")
        if row.name and row.name.lower() not in seen:
            seen[row.name.lower()] = row.row
        if problems:
            errors.append(f"Row {row.row}: {_sentence(problems)}.")
        else:
            checked.append(
                PlaceRow(row=row.row, name=row.name, kind=kind, parent=row.parent, code=row.code)
            )
    if errors:
        raise PlacesCsvInvalid(errors)

    # The hierarchy after the import: saved places, overlaid by the file.
    final: dict[str, tuple[str, str, str]] = {
        key: (place.name, place.kind, place.parent.lower()) for key, place in existing.items()
    }
    for row in checked:
        final[row.name.lower()] = (row.name, row.kind, row.parent.lower())
    row_of = {row.name.lower(): row.row for row in checked}

    for row in checked:
        problems = []
        parent_key = row.parent.lower()
        if parent_key == row.name.lower():
            problems.append("a place cannot be inside itself")
        elif parent_key and parent_key not in final:
            problems.append(f"there is no place called “{row.parent}” in the file or already saved")
        elif parent_key:
            if _in_a_loop(row.name.lower(), final):
                problems.append(f"“{row.parent}” is inside “{row.name}”, so this makes a loop")
            elif problem := nesting_problem(child_kind=row.kind, parent_kind=final[parent_key][1]):
                problems.append(problem)
        # Saved places inside this one must still fit if the file changes its kind.
        for key, (name, kind, parent) in final.items():
            problem = (
                nesting_problem(child_kind=kind, parent_kind=row.kind)
                if parent == row.name.lower() and key not in row_of
                else None
            )
            if problem:
                problems.append(f"{name} is inside it and {problem}")
        if problems:
            errors.append(f"Row {row.row}: {_sentence(problems)}.")
    if errors:
        raise PlacesCsvInvalid(errors)
    return checked


def _in_a_loop(start: str, final: dict[str, tuple[str, str, str]]) -> bool:
    seen = {start}
    current = final[start][2]
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = final.get(current, ("", "", ""))[2]
    return False


def _sentence(problems: list[str]) -> str:
    text = "; ".join(problems)
    return text[0].upper() + text[1:]
