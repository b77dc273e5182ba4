import pytest

from core.text import word_count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        (None, 0),
        ("One two  three\nfour", 4),
        ("We don't use long-term jargon.", 5),
        # A dash or bullet on its own is punctuation, not a word.
        ("Housing - and care\n• support", 4),
        # Letters outside A to Z belong to the word they are in.
        ("A café in Ynys Môn", 5),
        ("\u2018Quoted\u2019 words, isn\u2019t it", 4),
    ],
)
def test_word_count(text, count):
    assert word_count(text) == count
