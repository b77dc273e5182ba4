"""Lots: a draft tender can be split into lots, which are fixed once it is published."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.errors import DomainError
from procurement import services

pytestmark = pytest.mark.django_db


def test_commissioner_adds_lots_to_a_draft(client, commissioner, draft_tender):
    client.force_login(commissioner)
    client.post(
        reverse("procurement:lot_add", args=[draft_tender.pk]),
        {"lot-title": "Kestrel estate hub", "lot-estimated_value": "90000"},
    )
    assert list(draft_tender.lots.values_list("title", flat=True)) == ["Kestrel estate hub"]
    page = client.get(reverse("procurement:tender_detail", args=[draft_tender.pk])).content.decode()
    assert "Kestrel estate hub" in page


def test_lot_titles_are_unique_and_fixed_after_publishing(commissioner, draft_tender, open_tender):
    services.lot_add(tender=draft_tender, title="North", by=commissioner)
    with pytest.raises(DomainError, match="already a lot"):
        services.lot_add(tender=draft_tender, title="north", by=commissioner)
    with pytest.raises(DomainError, match="before the tender is published"):
        services.lot_add(tender=open_tender, title="South", by=commissioner)


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_managers_add_lots(person, request, draft_tender):
    with pytest.raises(PermissionDenied):
        services.lot_add(tender=draft_tender, title="North", by=request.getfixturevalue(person))


def test_a_bid_for_a_tender_with_lots_must_cover_one(
    client, commissioner, council, supplier_org, supplier_user
):
    from procurement.models import BidStatus
    from tests.procurement.factories import (
        BidAnswerFactory,
        BidFactory,
        TenderFactory,
        TenderQuestionFactory,
    )

    tender = TenderFactory(organisation=council, created_by=commissioner)
    question = TenderQuestionFactory(tender=tender)
    north = services.lot_add(tender=tender, title="North", by=commissioner)
    services.lot_add(tender=tender, title="South", by=commissioner)
    services.tender_publish(tender=tender, by=commissioner)
    bid = BidFactory(tender=tender, supplier=supplier_org)
    BidAnswerFactory(bid=bid, question=question, text="Our answer.")
    with pytest.raises(DomainError, match="at least one lot"):
        services.bid_submit(bid=bid, by=supplier_user)
    client.force_login(supplier_user)
    page = client.get(reverse("procurement:bid_edit", args=[tender.pk])).content.decode()
    assert "Which lots are you bidding for?" in page
    client.post(
        reverse("procurement:bid_part_add", args=[bid.pk, "lots"]), {"lots-lots": [north.pk]}
    )
    assert list(bid.bid_lots.values_list("lot__title", flat=True)) == ["North"]
    services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


def test_a_refused_lot_comes_back_with_the_reason_and_the_typing(
    client, commissioner, draft_tender
):
    services.lot_add(tender=draft_tender, title="North", by=commissioner)
    client.force_login(commissioner)

    response = client.post(
        reverse("procurement:lot_add", args=[draft_tender.pk]),
        {"lot-title": "north", "lot-description": "Kestrel and Heron", "lot-estimated_value": "9k"},
    )

    assertContains(response, "There is a problem")
    assertContains(response, "Enter the estimated value as a number")
    assertContains(response, 'value="north"')
    assertContains(response, "Kestrel and Heron</textarea>")
    assertContains(response, 'value="9k"')
    assert draft_tender.lots.count() == 1

    response = client.post(
        reverse("procurement:lot_add", args=[draft_tender.pk]), {"lot-title": "north"}
    )

    assertContains(response, "There is already a lot called “north”")
    assertContains(response, 'value="north"')
