"""The evaluation report: a summary first, then one appendix per question, made the way
the worker makes it. A small tender here; the large one is benchmarks/evaluation_report.py."""

from __future__ import annotations

import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from benchmarks.evaluation_report import build_tender
from procurement import evaluation
from procurement.report_kinds import _evaluation_report_context, _feedback_letter_context
from reports import services
from reports.selectors import report_target_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderated(evaluating, commissioner, evaluator):
    """Two bids, two questions, two evaluators: on the social value question the two
    evaluators are 3 points apart for Good Food Co-op; everything is moderated."""
    quality, social = evaluating.questions.order_by("position", "pk")
    bids = {bid.supplier.name: bid for bid in evaluating.bids.all()}
    given = {
        # supplier -> question -> (evaluator's, commissioner's)
        "Good Food Co-op": {quality: (4, 4), social: (1, 4)},
        "Big Catering plc": {quality: (3, 2), social: (3, 3)},
    }
    for name, answers in given.items():
        for person, index in ((evaluator, 0), (commissioner, 1)):
            evaluation.scores_record(
                bid=bids[name],
                scores={
                    question.pk: (scores[index], f"{person.full_name} on {name}, q{question.pk}.")
                    for question, scores in answers.items()
                },
                by=person,
            )
    for person in (evaluator, commissioner):
        evaluation.scores_submit(tender=evaluating, by=person)
    evaluation.concern_raise(
        bid=bids["Big Catering plc"], question=quality, text="Weekend cover is thin.", by=evaluator
    )
    for name, answers in given.items():
        for question in answers:
            evaluation.consensus_record(
                bid=bids[name],
                question=question,
                score=3,
                rationale=f"Agreed for {name} on question {question.position}.",
                moderation_note="Discussed the spread." if name == "Good Food Co-op" else "",
                by=commissioner,
            )
    return evaluating


def _made(tender, commissioner) -> str:
    """The report's text after its cover (which lists the contents), made as the worker
    makes it."""
    report = services.report_request(
        kind="evaluation_report", target=tender, requested_by=commissioner
    )
    report = services.report_render(report_id=report.pk)
    assert report.error == ""
    with report.file.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    assert report.page_count == len(reader.pages)
    assert "Contents" in reader.pages[0].extract_text()
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages[1:]))


def test_the_summary_comes_before_an_appendix_for_every_question(moderated, commissioner):
    text = _made(moderated, commissioner)
    summary = text.index("Summary")
    appendices = text.index("Appendices: the scores for each question", summary)
    for heading in ("Ranking", "Moderation, question by question", "Panel and declarations"):
        assert summary < text.index(heading, summary) < appendices
    questions = list(moderated.questions.order_by("position", "pk"))
    starts = [text.index(f"Question {number}", appendices) for number in (1, 2)]
    assert starts == sorted(starts)
    for question, start in zip(questions, starts, strict=True):
        assert question.text in text[start:]
    # The ranking gives each bid's weighted points per criterion, and its total.
    ranking = text[text.index("Ranking", summary) : text.index("Moderation, question", summary)]
    assert "Quality (60%)" in ranking and "Social value (20%)" in ranking
    assert "Price (20%)" in ranking and "Good Food Co-op" in ranking


def test_appendices_give_independent_scores_compactly_and_reasons_where_they_differ(
    moderated, commissioner
):
    context = _evaluation_report_context(moderated)
    assert [column.name for column in context["evaluators"]] == [
        "Eva Evaluator",
        "Chidi Commissioner",
    ]
    html = render_to_string("reports/pdf/evaluation_report.html", context)
    social = context["appendices"][1]
    apart = next(row for row in social.rows if row.bid.supplier.name == "Good Food Co-op")
    assert apart.scores_text == "1 · 4" and apart.apart
    # The summary counts it; its evaluators' own reasons are printed, keyed E1 and E2.
    assert (social.agreed, social.apart, social.notes) == (2, 1, 1)
    assert "E1 gave 1: Eva Evaluator on Good Food Co-op" in html
    assert "Moderator\u2019s note: Discussed the spread." in html
    assert "Concern (E1): Weekend cover is thin." in html
    # Close scores: the agreed reasons only.
    assert "Agreed for Big Catering plc on question" in html
    assert "Eva Evaluator on Big Catering plc" not in html


def test_only_the_buyers_managers_may_have_the_report_and_letters_stay_anonymous(
    moderated, commissioner, evaluator, supplier_user
):
    for person in (evaluator, supplier_user):
        assert (
            report_target_for(person, kind="evaluation_report", object_id=str(moderated.pk)) is None
        )
        with pytest.raises(PermissionDenied):
            services.report_request(kind="evaluation_report", target=moderated, requested_by=person)
    bid = moderated.bids.get(supplier__name="Good Food Co-op")
    letter = render_to_string("reports/pdf/feedback_letter.html", _feedback_letter_context(bid))
    assert "Agreed for Good Food Co-op" in letter
    for private in ("Eva Evaluator", "Chidi Commissioner", "Discussed the spread."):
        assert private not in letter


def test_the_report_reads_the_same_number_of_queries_whatever_its_size():
    counts = []
    for bidders, questions, evaluators in ((2, 2, 2), (5, 4, 3)):
        tender = build_tender(
            bidders=bidders,
            questions=questions,
            evaluators=evaluators,
            reference=f"SIZE-{bidders}",
        )
        with CaptureQueriesContext(connection) as queries:
            context = _evaluation_report_context(tender)
        assert len(context["appendices"]) == questions
        assert sum(len(a.rows) for a in context["appendices"]) == bidders * questions
        counts.append(len(queries))
    assert counts[0] == counts[1]
