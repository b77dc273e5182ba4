"""The tender page object: what each viewer may do, decided in one place."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from procurement.pages import tender_page
from tests.procurement.factories import BidFactory

pytestmark = pytest.mark.django_db


def test_buyer_may_edit_a_draft_but_not_see_its_evaluation(draft_tender: Any, commissioner: Any):
    page = tender_page(tender=draft_tender, user=commissioner, supplier=None)
    assert page.is_buyer and page.may_manage
    assert page.may_add_question and page.may_change_justification and page.may_publish
    assert not page.may_close and not page.may_open_bids
    assert not page.may_see_evaluation
    assert page.submitted_bid_count == 0
    # Draft questions carry their plain English check.
    assert all(check is not None for _, check in page.question_rows)


def test_published_tender_is_no_longer_editable(open_tender: Any, commissioner: Any):
    page = tender_page(tender=open_tender, user=commissioner, supplier=None)
    assert not page.may_add_question and not page.may_change_justification
    assert not page.may_publish
    assert page.may_close and page.may_open_bids and page.may_cancel
    assert page.may_see_evaluation
    assert all(check is None for _, check in page.question_rows)


def test_viewer_sees_but_may_not_manage(open_tender: Any, viewer: Any):
    page = tender_page(tender=open_tender, user=viewer, supplier=None)
    assert page.is_buyer
    assert not any(
        [page.may_manage, page.may_publish, page.may_close, page.may_open_bids, page.may_cancel]
    )


def test_supplier_sees_its_own_bid_and_no_buyer_panel(
    open_tender: Any, supplier_user: Any, supplier_org: Any
):
    bid = BidFactory(tender=open_tender, supplier=supplier_org, status="submitted")
    page = tender_page(tender=open_tender, user=supplier_user, supplier=supplier_org)
    assert not page.is_buyer and not page.may_manage
    assert page.submitted_bid_count is None and page.bids == []
    assert page.supplier == supplier_org and page.supplier_bid == bid
    assert page.supplier_bid_submitted


def test_the_buyer_is_never_a_bidder_on_its_own_tender(open_tender: Any, council: Any):
    page = tender_page(tender=open_tender, user=AnonymousUser(), supplier=council)
    assert page.supplier is None and page.supplier_bid is None
