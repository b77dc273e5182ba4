"""The plain-language analysis: readability, long sentences, jargon and the glossary."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from commissioning.models import GlossaryTerm
from commissioning.plain_language.analysis import (
    analyse,
    glossary_for,
    score_snapshot,
    score_specification,
)
from core.readability import EMPTY

pytestmark = pytest.mark.django_db

EASY = "We want every child to eat well. Food should be fresh. It should be cheap. Kids like it."
HARD = (
    "The commissioning organisation shall operationalise holistic multidisciplinary "
    "interventions notwithstanding contractual stipulations, facilitating comprehensive, "
    "integrated, person-centred collaborative arrangements across heterogeneous stakeholder "
    "organisations, institutional partnerships and community infrastructure."
)


def _term(term: str, plain: str) -> SimpleNamespace:
    return SimpleNamespace(term=term, plain_alternative=plain)


def test_easy_text_scores_higher_and_a_lower_grade_than_hard_text() -> None:
    easy, hard = analyse(EASY), analyse(HARD)
    assert easy.reading_ease > hard.reading_ease
    assert easy.grade < hard.grade
    assert easy.label == "Easy to read"
    assert hard.label == "Hard to read"


def test_counts_words_and_sentences() -> None:
    result = analyse(EASY)
    assert result.word_count == 18
    assert result.sentence_count == 4


def test_lists_sentences_over_25_words_only() -> None:
    result = analyse(f"{EASY} {HARD}")
    assert result.long_sentences == [HARD]


def test_empty_text_has_no_score() -> None:
    result = analyse("   ")
    assert result.is_empty
    assert result.reading_ease is None
    assert result.label == EMPTY


def test_jargon_matches_whole_words_case_insensitively() -> None:
    glossary = [_term("leverage", "use"), _term("SLA", "agreed service level")]
    result = analyse("We will Leverage the sla. Leveraged slants do not count.", glossary)
    assert [(hit.term, hit.count) for hit in result.jargon] == [("leverage", 1), ("SLA", 1)]
    assert result.jargon[0].plain_alternative == "use"


def test_jargon_matches_multi_word_terms_across_spaces_and_line_breaks() -> None:
    glossary = [_term("going forward", "from now on"), _term("value for money", "good value")]
    result = analyse("Going\nforward we want value  for money.", glossary)
    assert {hit.term for hit in result.jargon} == {"going forward", "value for money"}


def test_glossary_for_includes_starter_terms_and_the_organisations_own(
    council: Any, other_council: Any
) -> None:
    GlossaryTerm.objects.create(term="Zebra crossing", plain_alternative="crossing")
    GlossaryTerm.objects.create(organisation=council, term="Yak shaving", plain_alternative="x")
    GlossaryTerm.objects.create(organisation=other_council, term="Xylophone", plain_alternative="y")
    terms = {term.term for term in glossary_for(council)}
    assert {"Zebra crossing", "Yak shaving"} <= terms
    assert "Xylophone" not in terms


def test_organisation_term_overrides_the_starter_term(council: Any) -> None:
    GlossaryTerm.objects.update_or_create(
        organisation=None, term="leverage", defaults={"plain_alternative": "use"}
    )
    GlossaryTerm.objects.create(organisation=council, term="Leverage", plain_alternative="draw on")
    matching = [term for term in glossary_for(council) if term.term.lower() == "leverage"]
    assert [term.plain_alternative for term in matching] == ["draw on"]
    result = analyse("We leverage assets.", glossary_for(council))
    assert result.jargon[0].plain_alternative == "draw on"


def test_starter_glossary_ships_with_common_procurement_jargon() -> None:
    terms = {term.term.lower() for term in glossary_for(None)}
    assert {"leverage", "deliverables", "sla", "tupe", "kpi", "going forward"} <= terms
    assert len(terms) >= 40


def test_score_snapshot_reads_bodies_and_requirements_and_tolerates_missing_keys() -> None:
    assert score_snapshot({}) is None
    assert score_snapshot({"sections": [{"heading": "Empty"}]}) is None
    snapshot = {
        "sections": [
            {"body": EASY},
            {"body": "", "requirements": [{"kind": "preference", "text": "Hot meals daily"}]},
        ]
    }
    assert score_snapshot(snapshot) is not None


def test_score_specification_uses_section_bodies_and_requirements(
    specification: Any, django_assert_max_num_queries: Any
) -> None:
    from commissioning.models import Requirement, SpecificationSection

    section = SpecificationSection.objects.create(
        specification=specification, kind="background", heading="Background", body=HARD
    )
    Requirement.objects.create(section=section, kind="non_negotiable", text=HARD)
    with django_assert_max_num_queries(2):
        score = score_specification(specification)
    assert score is not None and score < 40


def test_jargon_matches_plurals_and_does_not_count_words_inside_a_longer_term() -> None:
    glossary = [_term("KPI", "measure"), _term("key", "important"), _term("key risk", "risk")]
    result = analyse("Our KPIs cover each key risk. Key dates follow.", glossary)
    assert {(hit.term, hit.count) for hit in result.jargon} == {
        ("KPI", 1),
        ("key risk", 1),
        ("key", 1),
    }
