"""What the generated-input tests post (`tests/test_bad_input.py` and each app's
`test_bad_input.py`): any text a browser can send, numbers and ids that are not numbers,
and the hypothesis settings they share.

    @EXAMPLES
    @example(title=" A title that must save ")
    @given(title=TEXT)
    def test_thing_form(client, ..., title: str) -> None: ...
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Any text a browser can send (no lone surrogates: they cannot be encoded as UTF-8).
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)
LONG_TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1000, max_size=3000)
TEXT = st.one_of(ANY_TEXT, LONG_TEXT, st.sampled_from(["", " ", "\x00", "<script>x</script>"]))
NUMBER_TEXT = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    ANY_TEXT,
)
DATE_PART = st.one_of(st.integers(min_value=-5, max_value=10_000).map(str), ANY_TEXT)
# A hidden or chosen record's id as posted: a number that may name nothing, or any text.
ID_FIELD = st.one_of(st.integers(min_value=-10, max_value=10**30).map(str), ANY_TEXT)
SCORE_FIELD = st.one_of(st.integers(min_value=-3, max_value=9).map(str), ANY_TEXT)

# A file as a browser sends it: any name with any extension (a browser sends the name
# without its folder, and the test client refuses any other), and any content, or the
# start of a real PDF or text file.
FILE_NAME = st.one_of(
    st.tuples(ANY_TEXT, st.sampled_from([".pdf", ".txt", ".PDF", ".exe", ".pdf.exe", ""])).map(
        "".join
    ),
    ANY_TEXT,
).filter(lambda name: name not in {"", ".", ".."} and os.path.basename(name) == name)
FILE_CONTENT = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=300).map(lambda rest: b"%PDF-1.7\n" + rest),
    ANY_TEXT.map(str.encode),
)


# How many inputs each test tries: few on every run, to keep the suite quick; set
# KINDRED_BAD_INPUT_EXAMPLES (say to 500) to search harder after changing a form or service.
EXAMPLES = settings(
    max_examples=int(os.environ.get("KINDRED_BAD_INPUT_EXAMPLES", "25")),
    deadline=None,
    # The examples share the test's transaction; each one checks its own difference.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def refused(response: Any) -> bool:
    """The form came back with its errors (status 200); anything but a redirect or that
    (a server error above all) fails the test."""
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
        return True
    return False


def as_posted(records: Mapping[str, Any], choice: str) -> str:
    """What a form posts for a choice: the id of the record of that name, or the choice as
    typed (any text, or a number that may name nothing)."""
    return str(records[choice].pk) if choice in records else choice


def name_of(records: Mapping[str, Any], choice: str) -> str:
    """The name of the record a choice stands for, also when it was typed as a number that
    happens to be that record's id; otherwise the choice itself."""
    names = {str(record.pk): name for name, record in records.items()}
    return choice if choice in records else names.get(choice, choice)
