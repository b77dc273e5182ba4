"""The tender page's read, written as SQL (`procurement.tender_sql`): the same rows, values
and order the ORM reads, related rows read with it costing no query, and a bidder's own
bid and taking part and nobody else's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from procurement import selectors
from procurement.models import Bid, Criterion, Tender, TenderParticipant, TenderQuestion
from tests.procurement.factories import BidFactory, TenderParticipantFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db


def _values(instance: Model) -> dict[str, object]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def _as_the_orm_reads(instance: Model) -> dict[str, object]:
    return _values(type(instance).objects.get(pk=instance.pk))


@pytest.fixture
def opened_tender(open_tender, commissioner):
    """An opened tender with scoring words (a JSON column), a sub-criterion and questions
    added out of their order, one scored under a criterion."""
    open_tender.score_descriptors = ["None", "Weak", "Fair", "Good", "Strong", "Excellent"]
    open_tender.estimated_value = Decimal("125000.50")
    open_tender.bids_opened_at = timezone.now()
    open_tender.bids_opened_by = commissioner
    open_tender.save()
    quality = open_tender.criteria.get(kind="quality")
    child = Criterion.objects.create(
        tender=open_tender, parent=quality, kind="quality", name="Reach", weight=100, position=0
    )
    TenderQuestionFactory(tender=open_tender, text="Last?", position=9, criterion=child)
    open_tender.questions.update(position=5)  # the fixture's one question
    TenderQuestionFactory(tender=open_tender, text="First?", position=0, criterion=None)
    return open_tender


def test_the_tender_and_what_it_shows_read_as_the_orm_reads_them(
    opened_tender, commissioner, django_assert_num_queries
):
    tender = selectors.tender_get(opened_tender.pk)
    assert _values(tender) == _as_the_orm_reads(tender)
    assert tender.score_descriptors[-1] == "Excellent"
    with django_assert_num_queries(0):
        related = [
            tender.organisation,
            tender.commission,
            tender.specification_version,
            tender.bids_opened_by,
        ]
        questions = list(tender.questions.all())
        criteria = list(tender.criteria.all())
        scored_under = [question.criterion for question in questions]
        assert all(question.tender is tender for question in questions)
        assert tender.questions.count() == 3 and tender.criteria.exists()
    assert tender.bids_opened_by == commissioner
    for row in related + questions + criteria + [c for c in scored_under if c]:
        assert _values(row) == _as_the_orm_reads(row)
    assert questions == list(TenderQuestion.objects.filter(tender=opened_tender))
    assert questions[0].text == "First?" and scored_under[0] is None
    assert [q.text for q in questions] == ["First?", "How will you involve residents?", "Last?"]
    assert [c.name if c else None for c in scored_under] == [None, "Quality", "Reach"]
    assert criteria == list(Criterion.objects.filter(tender=opened_tender))


def test_the_facts_read_with_the_tender_count_only_what_they_say(
    opened_tender, supplier_org, other_supplier_org
):
    BidFactory(tender=opened_tender, supplier=supplier_org, status="submitted")
    BidFactory(tender=opened_tender, supplier=other_supplier_org)
    tender = selectors.tender_get(opened_tender.pk)
    assert tender.submitted_bid_total == 1
    assert (tender.has_lots, tender.has_conditions, tender.has_changes) == (False, False, False)
    assert not tender.has_award_notices


def test_a_bidder_reads_its_own_bid_and_taking_part_and_never_another_suppliers(
    opened_tender, supplier_org, other_supplier_org, django_assert_num_queries
):
    theirs = BidFactory(tender=opened_tender, supplier=other_supplier_org, status="submitted")
    TenderParticipantFactory(tender=opened_tender, supplier=other_supplier_org)
    tender = selectors.tender_get(opened_tender.pk, buyer_panel=False, supplier=supplier_org)
    own = selectors.own_rows(tender, supplier_org)
    assert (own.bid, own.participant) == (None, None)

    mine = BidFactory(tender=opened_tender, supplier=supplier_org)
    taking_part = TenderParticipantFactory(tender=opened_tender, supplier=supplier_org)
    tender = selectors.tender_get(opened_tender.pk, buyer_panel=False, supplier=supplier_org)
    own = selectors.own_rows(tender, supplier_org)
    assert (own.bid.pk, own.participant.pk) == (mine.pk, taking_part.pk)
    assert _values(own.bid) == _values(Bid.objects.get(pk=mine.pk))
    assert _values(own.participant) == _values(TenderParticipant.objects.get(pk=taking_part.pk))
    with django_assert_num_queries(0):
        assert own.bid.tender is tender and own.participant.tender is tender
        assert own.bid.supplier is supplier_org and own.participant.supplier is supplier_org
    assert selectors.own_rows(tender, other_supplier_org) is None

    tender = selectors.tender_get(opened_tender.pk, buyer_panel=False, supplier=other_supplier_org)
    assert selectors.own_rows(tender, other_supplier_org).bid.pk == theirs.pk


def test_a_bidders_read_leaves_the_buyers_panel_to_be_read_when_shown(
    opened_tender, supplier_org, django_assert_num_queries
):
    tender = selectors.tender_get(opened_tender.pk, buyer_panel=False, supplier=supplier_org)
    with django_assert_num_queries(1):
        assert tender.commission == opened_tender.commission


def test_a_question_asked_of_the_read_questions_beyond_all_goes_to_the_database(opened_tender):
    tender = selectors.tender_get(opened_tender.pk)
    later = TenderQuestionFactory(tender=opened_tender, text="Added since?", position=20)
    read = list(tender.questions.all())  # the rows read with the tender
    assert read and later not in read
    assert list(tender.questions.filter(text="Added since?")) == [later]
    assert tender.criteria.filter(name="Reach").exists()


def test_a_tender_that_is_not_there_reads_as_none(client, opened_tender, supplier_user):
    missing = Tender.objects.order_by("-pk").first().pk + 1
    assert selectors.tender_get(missing) is None
    client.force_login(supplier_user)
    assert client.get(reverse("procurement:tender_detail", args=[missing])).status_code == 404
