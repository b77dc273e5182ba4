"""Evaluation details: a declaration naming the bidders, moderation only once the whole
panel has scored, the ranking hidden until quality scores are agreed, and abnormally low
prices flagged for the buyer to investigate."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from core.errors import DomainError
from procurement import evaluation
from procurement.models import PanelMember

pytestmark = pytest.mark.django_db


# --- 1. The declaration names the bidders ---------------------------------------------------
def test_declaration_page_names_the_bidders_and_records_them(
    client, closed_tender, commissioner, evaluator, supplier_org, other_supplier_org
):
    evaluation.panel_member_add(tender=closed_tender, evaluator=evaluator, by=commissioner)
    client.force_login(evaluator)
    url = reverse("procurement:declaration", args=[closed_tender.pk])
    response = client.get(url)
    assertContains(response, supplier_org.name)
    assertContains(response, other_supplier_org.name)
    assert client.post(url, {"has_conflict": "no"}).status_code == 302
    seat = PanelMember.objects.get(tender=closed_tender, evaluator=evaluator)
    assert sorted(seat.declared_bidders) == sorted([supplier_org.name, other_supplier_org.name])


def test_sealed_bids_keep_their_bidders_secret_from_the_declaration(
    client, submitted_bid, commissioner, evaluator, supplier_org
):
    tender = submitted_bid.tender
    evaluation.panel_member_add(tender=tender, evaluator=evaluator, by=commissioner)
    client.force_login(evaluator)
    url = reverse("procurement:declaration", args=[tender.pk])
    response = client.get(url)
    assertContains(response, "The bids are sealed")
    # No form, and no name of a bidder, before the bids are opened.
    assertNotContains(response, supplier_org.name)
    assertNotContains(response, "Sign declaration")
    page = client.get(reverse("procurement:evaluation", args=[tender.pk]))
    assertContains(page, "Once the bids are opened")
    response = client.post(url, {"has_conflict": "no"})
    assertContains(response, "You can declare once the bids are opened")
    assert PanelMember.objects.get(tender=tender, evaluator=evaluator).declared_at is None


def test_declaring_before_opening_is_refused(submitted_bid, commissioner, evaluator):
    tender = submitted_bid.tender
    evaluation.panel_member_add(tender=tender, evaluator=evaluator, by=commissioner)
    with pytest.raises(DomainError, match="once the bids are opened"):
        evaluation.conflict_declare(tender=tender, has_conflict=False, by=evaluator)
