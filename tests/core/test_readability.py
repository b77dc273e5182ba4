"""The readability check is pure text processing: no database, no glossary."""

from core.readability import EMPTY, LONG_SENTENCE_WORDS, readability


def test_plain_text_reads_easily_with_a_reading_age():
    result = readability("We cook meals. Children eat them. Parents help too.")
    assert result.label == "Easy to read"
    assert result.sentence_count == 3
    assert result.reading_age is not None and result.reading_age >= 5
    assert result.long_sentences == []


def test_long_sentences_are_listed():
    long_one = " ".join(["word"] * (LONG_SENTENCE_WORDS + 1)) + "."
    result = readability(f"A short one. {long_one}")
    assert result.long_sentences == [long_one]


def test_no_words_has_no_score():
    result = readability("  ")
    assert result.is_empty
    assert result.label == EMPTY
    assert result.reading_ease is None and result.reading_age is None
