"""The moderation page keeps each bid's drawn part in the cache (procurement/moderation_sections.py):
every change to what a part shows shows at once, each kind of viewer gets their own part,
no CSRF token is ever kept, the page works with no cache at all, and it reads the same
number of queries for 2 bids as for 30, whether its parts are kept or drawn."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware.csrf import _unmask_cipher_token
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Membership, Role
from procurement import evaluation, selectors
from procurement.models import (
    Bid,
    BidAnswer,
    Lot,
    PanelMember,
    Score,
    Tender,
    TenderQuestion,
)
from tests.factories import OrganisationFactory
from tests.procurement.factories import TenderQuestionFactory
from tests.procurement.test_evaluation_details import _score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderated(evaluating: Any, commissioner: Any, evaluator: Any) -> Any:
    """The evaluating tender with both panel members' scores submitted."""
    cache.clear()
    _score_all(evaluating, commissioner, 4)
    _score_all(evaluating, evaluator, 1)
    return evaluating


def _url(tender: Any, question: Any = None) -> str:
    question = question or tender.questions.order_by("position", "pk").first()
    return reverse("procurement:moderation", args=[tender.pk, question.pk])


def _as(client: Any, person: Any, url: str) -> Any:
    client.force_login(person)
    return client.get(url)


# --- Every change shows at once ------------------------------------------------------------
def test_a_changed_score_shows_at_once(client: Any, moderated: Any, commissioner: Any) -> None:
    url = _url(moderated)
    assertNotContains(_as(client, commissioner, url), "Reasons changed after a call.")
    # Written without any service, signal or cache call: the page still sees it.
    Score.objects.filter(bid__tender=moderated, evaluator=commissioner).update(
        score=2, rationale="Reasons changed after a call."
    )
    page = client.get(url)
    assertContains(page, "Reasons changed after a call.", count=2)
    assertNotContains(page, "differ by")


def test_a_consensus_concern_answer_and_names_show_at_once(
    client: Any, moderated: Any, commissioner: Any, evaluator: Any, supplier_org: Any
) -> None:
    url = _url(moderated)
    question = moderated.questions.order_by("position", "pk").first()
    bid = moderated.bids.get(supplier=supplier_org)
    assertContains(_as(client, commissioner, url), "Our answer.", count=2)

    evaluation.concern_raise(bid=bid, question=question, text="Staffing looks thin.", by=evaluator)
    BidAnswer.objects.filter(bid=bid, question=question).update(text="A fuller answer.")
    type(evaluator).objects.filter(pk=evaluator.pk).update(full_name="Eva Renamed")
    type(supplier_org).objects.filter(pk=supplier_org.pk).update(name="Renamed Co-op")
    page = client.get(url)
    assertContains(page, "Staffing looks thin. (Eva Renamed)")
    assertContains(page, "A fuller answer.")
    assertContains(page, "Eva Renamed", count=3)  # two scores and the concern
    assertContains(page, "Renamed Co-op")

    agreed = {"bid": bid.pk, f"b{bid.pk}-score": "3", f"b{bid.pk}-rationale": "Agreed, talked."}
    assert client.post(url, agreed).status_code == 302
    assertContains(client.get(url), "Agreed, talked.</textarea>")


def test_a_lived_experience_label_shows_at_once(
    client: Any, moderated: Any, commissioner: Any, evaluator: Any
) -> None:
    url = _url(moderated)
    assertNotContains(_as(client, commissioner, url), "Lived-experience member")
    PanelMember.objects.filter(tender=moderated, evaluator=evaluator).update(
        kind="lived_experience"
    )
    assertContains(client.get(url), "Lived-experience member", count=2)


# --- Each viewer gets their own part ---------------------------------------------------------
@pytest.mark.parametrize("first", ["commissioner", "evaluator"])
def test_the_buyer_and_an_evaluator_each_get_their_own_parts(
    client: Any, moderated: Any, commissioner: Any, evaluator: Any, first: str
) -> None:
    question = moderated.questions.order_by("position", "pk").first()
    for bid in moderated.bids.all():
        evaluation.consensus_record(
            bid=bid,
            question=question,
            score=3,
            rationale="What the bidder reads.",
            moderation_note="Only the buyer reads this note.",
            by=commissioner,
        )
    url = _url(moderated)
    people = {"commissioner": commissioner, "evaluator": evaluator}
    order = [first, *(name for name in people if name != first)]
    for name in order:
        page = _as(client, people[name], url)
        if name == "commissioner":
            assertContains(page, "Save consensus", count=2)
            assertContains(page, "Only the buyer reads this note.", count=2)
        else:
            assertContains(page, "Consensus: 3.", count=2)
            assertNotContains(page, "Save consensus")
            assertNotContains(page, "Only the buyer reads this note.")
            assertNotContains(page, "csrfmiddlewaretoken")


def test_an_evaluator_who_has_not_submitted_still_gets_nothing(
    client: Any, evaluating: Any, commissioner: Any, evaluator: Any
) -> None:
    cache.clear()
    _score_all(evaluating, commissioner, 4)
    url = _url(evaluating)
    assertContains(_as(client, commissioner, url), "Our answer.")
    assert _as(client, evaluator, url).status_code == 404


# --- Forms and tokens ------------------------------------------------------------------------
def _tokens(page: Any) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())


def test_each_session_gets_its_own_csrf_token_and_none_is_kept(
    client: Any, moderated: Any, commissioner: Any, django_user_model: Any
) -> None:
    from django.test import Client

    url = _url(moderated)
    other = django_user_model.objects.create_user(email="second@example.org", password="x")
    Membership.objects.create(
        user=other, organisation=moderated.organisation, role=Role.COMMISSIONER
    )
    secrets = []
    for person, browser in [(commissioner, Client()), (other, Client())]:
        page = _as(browser, person, url)
        tokens = _tokens(page)
        assert len(tokens) == 2  # one form a bid
        secret = browser.cookies["csrftoken"].value
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}
        secrets.append(secret)
    assert secrets[0] != secrets[1]
    assert not any(b"csrfmiddlewaretoken" in kept for kept in cache._cache.values())
    assert any(b"Our answer." in kept for kept in cache._cache.values()), "parts are kept"


def test_a_form_sent_back_with_errors_is_drawn_with_them_then_forgotten(
    client: Any, moderated: Any, commissioner: Any, supplier_org: Any
) -> None:
    url = _url(moderated)
    bid = moderated.bids.get(supplier=supplier_org)
    _as(client, commissioner, url)
    response = client.post(
        url, {"bid": bid.pk, f"b{bid.pk}-score": "2", f"b{bid.pk}-rationale": ""}
    )
    assertContains(response, "Give the reasons for the consensus score", count=2)
    assertContains(response, f'id="id_b{bid.pk}-score_2" class="govuk-radios__input" checked')
    page = client.get(url)
    assertNotContains(page, "Give the reasons for the consensus score")
    assertNotContains(page, 'class="govuk-radios__input" checked')


def test_the_page_works_with_no_cache(
    client: Any, moderated: Any, commissioner: Any, settings: Any
) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    url = _url(moderated)
    for _ in range(2):
        page = _as(client, commissioner, url)
        assertContains(page, "Independent scores", count=2)
        assertContains(page, "Save consensus", count=2)


# --- Queries: the same for 2 bids as for 30, parts kept or drawn ----------------------------
def _add_bids(tender: Any, panel: list[Any], count: int) -> None:
    questions = list(tender.questions.all())
    bids = Bid.objects.bulk_create(
        Bid(tender=tender, supplier=OrganisationFactory(kind="supplier"), status="submitted")
        for _ in range(count)
    )
    BidAnswer.objects.bulk_create(
        BidAnswer(bid=bid, question=question, text="An answer.")
        for bid in bids
        for question in questions
    )
    Score.objects.bulk_create(
        Score(bid=bid, question=question, evaluator=person, score=3, rationale="R")
        for bid in bids
        for question in questions
        for person in panel
    )


def _queries(client: Any, url: str) -> tuple[int, int]:
    """Queries for the page with every part drawn, then with every part kept."""
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured))
    return counts[0], counts[1]


def test_queries_are_the_same_for_2_bids_and_30(
    client: Any,
    moderated: Any,
    commissioner: Any,
    evaluator: Any,
    django_assert_max_num_queries: Any,
) -> None:
    url = _url(moderated)
    client.force_login(commissioner)
    client.get(url)  # the session and content types, read once
    cache.clear()
    small = _queries(client, url)
    _add_bids(moderated, [commissioner, evaluator], 28)
    cache.clear()
    with django_assert_max_num_queries(13):
        page = client.get(url)
    assertContains(page, "Independent scores", count=25)
    cache.clear()
    assert _queries(client, url) == small
    # Kept parts save the four reads of scores, consensus, concerns and answers.
    assert small[1] == small[0] - 4


def test_bids_are_counted_with_their_page_and_every_page_is_reached(
    client: Any, moderated: Any, commissioner: Any, evaluator: Any
) -> None:
    """The page counts its bids in the query that reads them (core.paging.page_read_counted):
    30 bids make two pages, the second has the last 5, and a number out of range or not a
    number still gives a page."""
    _add_bids(moderated, [commissioner, evaluator], 28)
    url = _url(moderated)
    client.force_login(commissioner)
    first = client.get(url)
    assertContains(first, "Independent scores", count=25)
    assertContains(first, "?page=2")
    assert first.context["page"].paginator.count == 30
    second = client.get(f"{url}?page=2")
    assertContains(second, "Independent scores", count=5)
    assert second.context["page"].number == 2
    assert client.get(f"{url}?page=9").context["page"].number == 2
    assert client.get(f"{url}?page=x").context["page"].number == 1
    # As Django's Paginator.get_page: a number below 1 gives the last page.
    assert client.get(f"{url}?page=0").context["page"].number == 2
    assert client.get(f"{url}?page=-1").context["page"].number == 2
    assertContains(client.get(f"{url}?page=9"), "Independent scores", count=5)


# --- The tender and its questions, read as SQL -----------------------------------------------
def test_the_tender_is_read_with_its_questions_in_order_as_the_orm_reads_them(
    moderated: Any, evaluator: Any
) -> None:
    """selectors.tender_for_moderation reads the tender and its questions as SQL, in two
    queries: every field as the ORM reads it, the questions in their order (position, then
    id), each with its criterion (or none) and the tender, whether the tender has lots and
    how many of the panel are still to submit."""
    TenderQuestionFactory(tender=moderated, position=0, criterion=None, text="No criterion.")
    TenderQuestionFactory(tender=moderated, position=0, text="Same position, later id.")
    PanelMember.objects.filter(tender=moderated, evaluator=evaluator).update(
        scores_submitted_at=None
    )
    stored = Tender.objects.get(pk=moderated.pk)
    expected = list(stored.questions.select_related("criterion").order_by("position", "pk"))
    assert expected[0].criterion is None
    with CaptureQueriesContext(connection) as captured:
        read = selectors.tender_for_moderation(moderated.pk)
        for field in Tender._meta.concrete_fields:
            assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
        assert (read.has_lots, read.panel_waiting_total) == (False, 1)
        questions = read.moderation_questions
        assert [q.pk for q in questions] == [q.pk for q in expected]
        for question, stored_question in zip(questions, expected, strict=True):
            for field in TenderQuestion._meta.concrete_fields:
                assert getattr(question, field.attname) == getattr(stored_question, field.attname)
            assert question.tender is read
            assert (question.criterion and question.criterion.name) == (
                stored_question.criterion and stored_question.criterion.name
            )
    assert len(captured) == 2  # nothing read lazily
    assert selectors.tender_for_moderation(0) is None
    Lot.objects.create(tender=moderated, title="North")
    assert selectors.tender_for_moderation(moderated.pk).has_lots is True


def test_the_other_questions_are_linked_by_number(
    client: Any, moderated: Any, commissioner: Any
) -> None:
    """Each other question's link, made from the current one's, is the one reverse()
    gives; the current question is not linked."""
    questions = list(moderated.questions.order_by("position", "pk"))
    assert len(questions) >= 2
    current = questions[1]
    page = _as(client, commissioner, _url(moderated, current))
    for number, question in enumerate(questions, start=1):
        link = (
            f'<li><a class="govuk-link" href="'
            f'{reverse("procurement:moderation", args=[moderated.pk, question.pk])}">'
            f"Question {number}</a></li>"
        )
        if question == current:
            assertNotContains(page, link, html=False)
        else:
            assertContains(page, link, count=1)
