"""Record ids typed into a query string or a posted field."""

from __future__ import annotations

# A BigAutoField's largest id has 19 digits; a longer string names no record (and int()
# refuses strings of thousands of digits outright).
MAX_ID_DIGITS = 19


def id_from(value: str | None) -> int | None:
    """The id `value` spells, or None when it spells none. Only decimal digits count:
    str.isdigit() also passes "²", which int() cannot read."""
    if value and value.isdecimal() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None
