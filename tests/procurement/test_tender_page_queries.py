"""The tender page reads a constant number of rows whatever the tender holds, and reads
conditions, changes and award notices only when the tender has some."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from procurement.models import Criterion, Lot
from tests.factories import MembershipFactory, OrganisationFactory
from tests.procurement.factories import BidFactory, TenderParticipantFactory, TenderQuestionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # content types and other per-process reads
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow(tender, count: int) -> None:
    quality = tender.criteria.get(kind="quality", parent=None)
    for n in range(count):
        TenderQuestionFactory(tender=tender, text=f"Question {n}?")
        supplier = OrganisationFactory(kind="supplier")
        BidFactory(tender=tender, supplier=supplier, status="submitted")
        Criterion.objects.create(
            tender=tender, parent=quality, kind="quality", name=f"Part {n}", weight=1, position=n
        )


@pytest.mark.parametrize(("viewer", "most"), [("supplier_user", 7), ("commissioner", 8)])
def test_tender_page_runs_the_same_queries_at_two_sizes(
    request, client, open_tender, supplier_org, viewer, most
):
    """For a bidder with a draft bid and taking part: the session, the person, the
    memberships, the tender (with the bid and taking part), its questions and its criteria,
    and the unread count. For the tender's buyer, the dialogue panel's count of questions
    waiting instead of the bid and taking part."""
    BidFactory(tender=open_tender, supplier=supplier_org)
    TenderParticipantFactory(tender=open_tender, supplier=supplier_org)
    client.force_login(request.getfixturevalue(viewer))
    url = reverse("procurement:tender_detail", args=[open_tender.pk])
    few = _queries(client, url)
    _grow(open_tender, 20)
    assert _queries(client, url) == few
    assert few <= most


def test_the_buyer_sees_how_many_bids_are_in_and_no_bidder_sees_another(
    client, open_tender, commissioner, supplier_org, supplier_user, other_supplier_org
):
    BidFactory(tender=open_tender, supplier=supplier_org, status="submitted")
    BidFactory(tender=open_tender, supplier=other_supplier_org, status="submitted")
    BidFactory(tender=open_tender, supplier=OrganisationFactory(kind="supplier"))
    url = reverse("procurement:tender_detail", args=[open_tender.pk])
    client.force_login(commissioner)
    assert client.get(url).context["view"].submitted_bid_count == 2
    client.force_login(supplier_user)
    response = client.get(url)
    assert response.context["view"].supplier_bid.supplier_id == supplier_org.pk
    assert response.context["view"].submitted_bid_count is None
    assertNotContains(response, other_supplier_org.name)


def test_a_bidder_reads_its_own_bid_and_taking_part_with_the_tender_and_no_one_elses(
    client, open_tender, supplier_org, supplier_user, other_supplier_org
):
    """The tender is read joined to the viewer's supplier's bid and taking part: each is
    that supplier's, whatever other suppliers hold, and neither costs a query of its own."""
    TenderParticipantFactory(tender=open_tender, supplier=other_supplier_org)
    BidFactory(tender=open_tender, supplier=other_supplier_org, status="submitted")
    url = reverse("procurement:tender_detail", args=[open_tender.pk])
    client.force_login(supplier_user)
    response = client.get(url)
    assert response.context["view"].supplier_bid is None
    assertContains(response, "Start your bid")
    assertContains(response, "Take part in this tender")
    assertNotContains(response, other_supplier_org.name)
    without = _queries(client, url)
    own = BidFactory(tender=open_tender, supplier=supplier_org)
    TenderParticipantFactory(tender=open_tender, supplier=supplier_org)
    response = client.get(url)
    assert response.context["view"].supplier_bid == own
    assertContains(response, "Continue your bid")
    assertContains(response, f"{supplier_org.name} is taking part")
    assertNotContains(response, other_supplier_org.name)
    # Without its own taking part the panel looks for another supplier to join as.
    assert _queries(client, url) < without


def test_a_second_supplier_member_sees_only_their_own_bid(client, open_tender, supplier_org):
    other = OrganisationFactory(kind="supplier", name="Rival Bidders Ltd")
    BidFactory(tender=open_tender, supplier=other, status="submitted")
    person = MembershipFactory(organisation=supplier_org, role="supplier").user
    client.force_login(person)
    response = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assertContains(response, "Start your bid")
    assertNotContains(response, "Rival Bidders Ltd")


def test_a_bidder_does_not_see_the_buyers_panel(client, open_tender, supplier_user):
    """The bidder's page reads the tender without its commission, specification version
    and opener, which only the buyer's panel shows."""
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assertContains(response, "Start your bid")
    assertNotContains(response, "Manage this tender")
    assertNotContains(response, open_tender.commission.title)


def test_a_bidder_who_is_also_the_buyers_staff_still_sees_the_buyers_panel(
    client, open_tender, supplier_org
):
    """Acting for a supplier reads the tender as a bidder's page does; the buyer's panel
    this person may also see reads what it shows when it shows it."""
    person = MembershipFactory(organisation=supplier_org, role="supplier").user
    MembershipFactory(user=person, organisation=open_tender.organisation, role="commissioner")
    client.force_login(person)
    session = client.session
    session["current_organisation_id"] = supplier_org.pk
    session.save()
    response = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assert response.context["view"].supplier == supplier_org
    assertContains(response, "Manage this tender")
    assertContains(response, open_tender.commission.title)
    assertContains(response, f"Specification version {open_tender.specification_version.number}")


def test_the_lots_are_read_only_when_the_tender_has_some(client, open_tender, supplier_user):
    """Most tenders have no lots: their page does not read any. A tender with lots reads
    them in one query, whatever their number, and shows them."""
    client.force_login(supplier_user)
    url = reverse("procurement:tender_detail", args=[open_tender.pk])
    without = _queries(client, url)
    Lot.objects.create(tender=open_tender, title="North lot", position=1)
    with_one = _queries(client, url)
    assert with_one == without + 1
    assertContains(client.get(url), "North lot")
    Lot.objects.create(tender=open_tender, title="South lot", position=2)
    assert _queries(client, url) == with_one
    assertContains(client.get(url), "South lot")
