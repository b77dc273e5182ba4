"""Lots evaluated on their own terms: each lot's own weights (or the tender's), abnormally
low prices checked per lot, the conflict of interest declaration listing the bidders lot
by lot, and the evaluation report and feedback letters ranking each lot on its own."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent, Organisation
from core.errors import DomainError
from procurement import criteria, evaluation, price_checks, selectors, services
from procurement.models import (
    BidLot,
    ConsensusScore,
    Lot,
    LotStatus,
    LotWeight,
    PriceLine,
)
from procurement.report_kinds import _evaluation_report_context, _feedback_letter_context
from procurement.results import lot_results
from reports.pdf import html_to_pdf
from tests.procurement.factories import (
    BidFactory,
    TenderQuestionFactory,
)

pytestmark = pytest.mark.django_db


def _weights(lot, **by_kind):
    """Give `lot` its own top-level weights, e.g. quality=10, social_value=10, price=80."""
    Lot.objects.filter(pk=lot.pk).update(own_weights=True)
    lot.own_weights = True
    for kind, weight in by_kind.items():
        LotWeight.objects.update_or_create(
            lot=lot,
            criterion=lot.tender.criteria.get(kind=kind, parent=None),
            defaults={"weight": weight},
        )


def _agree(tender, scores_by_supplier):
    """Consensus scores straight in: each supplier's bid gets one score on every question,
    with reasons naming the supplier."""
    for bid in tender.bids.select_related("supplier"):
        for question in tender.questions.all():
            ConsensusScore.objects.update_or_create(
                bid=bid,
                question=question,
                defaults={
                    "score": scores_by_supplier[bid.supplier_id],
                    "rationale": f"Reasons for {bid.supplier.name}.",
                    "moderated_by": tender.created_by,
                },
            )


@pytest.fixture
def two_lot_draft(two_lot_open_tender):
    return two_lot_open_tender


# --- Choosing and checking a lot's weights ------------------------------------------------------
def test_a_lot_takes_its_own_weights_and_publication_checks_them(two_lot_draft, commissioner):
    north = two_lot_draft.lots.get(title="North")
    price = two_lot_draft.criteria.get(kind="price")
    quality = two_lot_draft.criteria.get(kind="quality")
    criteria.lot_weights_choose(lot=north, own=True, by=commissioner)
    north.refresh_from_db()
    # It starts from the tender's weights.
    assert [c.weight for c in criteria.lot_criteria(north) if not c.parent_id] == [60, 20, 20]
    criteria.lot_criterion_reweight(lot=north, criterion=price, weight=Decimal(50), by=commissioner)
    with pytest.raises(criteria.CriteriaInvalid, match="North: The weights of quality"):
        criteria.criteria_check(tender=two_lot_draft)
    criteria.lot_criterion_reweight(
        lot=north, criterion=quality, weight=Decimal(30), by=commissioner
    )
    criteria.criteria_check(tender=two_lot_draft)
    by_lot = criteria.criteria_by_lot(two_lot_draft, two_lot_draft.lots.all())
    south = two_lot_draft.lots.get(title="South")
    assert [c.weight for c in by_lot[north.pk] if not c.parent_id] == [30, 20, 50]
    assert [c.weight for c in by_lot[south.pk] if not c.parent_id] == [60, 20, 20]
    # The tender's own tree is untouched.
    assert price.weight == 20
    assert AuditEvent.objects.filter(verb="lot criterion reweighted").count() == 2


def test_a_lot_s_social_value_is_held_to_the_buyer_s_floor(two_lot_draft, commissioner):
    north = two_lot_draft.lots.get(title="North")
    criteria.lot_weights_choose(lot=north, own=True, by=commissioner)
    north.refresh_from_db()
    for kind, weight in (("social_value", 5), ("price", 35)):
        criteria.lot_criterion_reweight(
            lot=north,
            criterion=two_lot_draft.criteria.get(kind=kind),
            weight=Decimal(weight),
            by=commissioner,
        )
    assert criteria.lots_criteria_problems(two_lot_draft) == [
        "North: Social value must carry at least 10% of the total."
    ]
    with pytest.raises(DomainError):
        services.tender_publish(tender=two_lot_draft, by=commissioner)


def test_going_back_to_the_tender_s_weights_discards_the_lot_s_own(two_lot_draft, commissioner):
    north = two_lot_draft.lots.get(title="North")
    criteria.lot_weights_choose(lot=north, own=True, by=commissioner)
    north.refresh_from_db()
    criteria.lot_criterion_reweight(
        lot=north,
        criterion=two_lot_draft.criteria.get(kind="price"),
        weight=Decimal(90),
        by=commissioner,
    )
    criteria.lot_weights_choose(lot=north, own=False, by=commissioner)
    north.refresh_from_db()
    assert not LotWeight.objects.filter(lot=north).exists()
    assert [c.weight for c in criteria.lot_criteria(north) if not c.parent_id] == [60, 20, 20]
    with pytest.raises(DomainError, match="Choose its own weights first"):
        criteria.lot_criterion_reweight(
            lot=north,
            criterion=two_lot_draft.criteria.get(kind="price"),
            weight=Decimal(10),
            by=commissioner,
        )


def test_weights_cannot_change_once_the_tender_is_published(two_lot_draft, commissioner):
    north = two_lot_draft.lots.get(title="North")
    criteria.lot_weights_choose(lot=north, own=True, by=commissioner)
    north.refresh_from_db()
    services.tender_publish(tender=two_lot_draft, by=commissioner)
    north.refresh_from_db()
    with pytest.raises(DomainError, match="before the tender is published"):
        criteria.lot_weights_choose(lot=north, own=False, by=commissioner)
    with pytest.raises(DomainError, match="before the tender is published"):
        criteria.lot_criterion_reweight(
            lot=north,
            criterion=two_lot_draft.criteria.get(kind="price"),
            weight=Decimal(30),
            by=commissioner,
        )


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_the_buyer_s_managers_set_a_lot_s_weights(request, person, two_lot_draft):
    north = two_lot_draft.lots.get(title="North")
    with pytest.raises(PermissionDenied):
        criteria.lot_weights_choose(lot=north, own=True, by=request.getfixturevalue(person))


# --- Ranking a lot under its weights ------------------------------------------------------------
def test_each_lot_is_ranked_under_its_own_weights(lotted, supplier_org, other_supplier_org):
    """`supplier_org` answers far better (5 against 2) but is dearer for North (1,000
    against 800). Under the tender's weights (quality 60, social value 20, price 20) it
    wins North; under North's own weights, with price at 80%, the cheaper bid wins."""
    _agree(lotted, {supplier_org.pk: 5, other_supplier_org.pk: 2})
    north, south = lotted.lots.get(title="North"), lotted.lots.get(title="South")
    assert lot_results(north)[0].bid.supplier_id == supplier_org.pk
    _weights(north, quality=10, social_value=10, price=80)
    north_ranking = lot_results(north)
    assert north_ranking[0].bid.supplier_id == other_supplier_org.pk
    assert [(c.name, c.weight) for c in north_ranking[0].criteria] == [
        ("Quality", 10),
        ("Social value", 10),
        ("Price", 80),
    ]
    # Price 80 x 800/800 + quality 10 x 2/5 + social value 10 x 2/5.
    assert north_ranking[0].total == Decimal("88.00")
    # South keeps the tender's weights.
    assert [c.weight for c in lot_results(south)[0].criteria] == [60, 20, 20]


# --- Pages ------------------------------------------------------------------------------------
def test_buyer_sets_a_lot_s_weights_on_its_page(client, two_lot_draft, commissioner):
    north = two_lot_draft.lots.get(title="North")
    price = two_lot_draft.criteria.get(kind="price")
    url = reverse("procurement:lot_criteria", args=[two_lot_draft.pk, north.pk])
    client.force_login(commissioner)
    page = client.get(url)
    assertContains(page, "This lot is judged with the tender\u2019s")
    assertNotContains(page, f'name="c{price.pk}-weight"')
    response = client.post(url, {"action": "choose", "own_weights": "own"})
    assert response.status_code == 302
    page = client.get(url)
    assertContains(page, "This lot is judged with weights of its own")
    assertContains(page, f'name="c{price.pk}-weight"')
    # A weight out of range comes back beside its box, with the error summary.
    refused = client.post(
        url, {"action": "reweight", "criterion": price.pk, f"c{price.pk}-weight": "120"}
    )
    assertContains(refused, "The weight must be 100% or less", count=2)
    assertContains(refused, "<title>Error: ")
    # A criterion named by anything but its number is no criterion: not found, not an error.
    for posted in ("", "abc", "1.5"):
        tampered = client.post(url, {"action": "reweight", "criterion": posted})
        assert tampered.status_code == 404
        tender_page = reverse("procurement:tender_criteria", args=[two_lot_draft.pk])
        assert (
            client.post(tender_page, {"action": "remove", "criterion": posted}).status_code == 404
        )
    client.post(url, {"action": "reweight", "criterion": price.pk, f"c{price.pk}-weight": "40"})
    assert LotWeight.objects.get(lot=north, criterion=price).weight == 40
    page = client.get(url)
    assertContains(page, "The weights of quality, social value and price add up to 120%")
    # The tender's criteria page links each lot with its choice.
    criteria_page = client.get(reverse("procurement:tender_criteria", args=[two_lot_draft.pk]))
    assertContains(criteria_page, "North: its own weights")
    assertContains(criteria_page, "South: the tender\u2019s weights")
    assertContains(criteria_page, "North: The weights of quality, social value and price add up")


def test_a_published_tender_s_lot_weights_are_read_only(client, two_lot_draft, commissioner):
    north = two_lot_draft.lots.get(title="North")
    services.tender_publish(tender=two_lot_draft, by=commissioner)
    url = reverse("procurement:lot_criteria", args=[two_lot_draft.pk, north.pk])
    client.force_login(commissioner)
    page = client.get(url)
    assertContains(page, "not even through a tender change")
    assertNotContains(page, 'value="choose"')
    refused = client.post(url, {"action": "choose", "own_weights": "own"})
    assertContains(refused, "You can only change the criteria before the tender is published.")
    north.refresh_from_db()
    assert not north.own_weights


@pytest.mark.parametrize("person", ["supplier_user", "other_commissioner"])
def test_only_the_buyer_sees_the_lot_criteria_page(client, request, person, two_lot_draft):
    north = two_lot_draft.lots.get(title="North")
    services.tender_publish(tender=two_lot_draft, by=two_lot_draft.created_by)
    client.force_login(request.getfixturevalue(person))
    url = reverse("procurement:lot_criteria", args=[two_lot_draft.pk, north.pk])
    assert client.get(url).status_code == 404


def test_suppliers_see_each_lot_s_weights_on_the_tender_page(
    client, two_lot_draft, commissioner, supplier_user
):
    north = two_lot_draft.lots.get(title="North")
    _weights(north, quality=40, social_value=20, price=40)
    services.tender_publish(tender=two_lot_draft, by=commissioner)
    client.force_login(supplier_user)
    page = client.get(reverse("procurement:tender_detail", args=[two_lot_draft.pk]))
    assertContains(
        page, "Judged on quality 40%, social value 20%, price 40% (this lot\u2019s own weights)."
    )
    assertContains(
        page, "Judged on quality 60%, social value 20%, price 20% (the tender\u2019s weights)."
    )
    assertContains(page, "Some lots have weights of their own.")


def test_tender_page_with_lots_runs_a_fixed_number_of_queries(
    client, two_lot_draft, commissioner, supplier_user, django_assert_max_num_queries
):
    services.tender_publish(tender=two_lot_draft, by=commissioner)
    client.force_login(supplier_user)
    url = reverse("procurement:tender_detail", args=[two_lot_draft.pk])
    client.get(url)
    counts = []
    for number in range(2, 8):
        lot = Lot.objects.create(tender=two_lot_draft, title=f"Lot {number}", position=number)
        _weights(lot, quality=50, social_value=20, price=30)
    for _ in range(2):
        with django_assert_max_num_queries(60) as captured:
            response = client.get(url)
        assertContains(response, "Lot 7")
        counts.append(len(captured))
        Lot.objects.create(tender=two_lot_draft, title=f"More {len(counts)}", position=20)
    assert counts[0] == counts[1]


def test_lot_criteria_page_runs_a_fixed_number_of_queries(
    client, two_lot_draft, commissioner, django_assert_max_num_queries
):
    north = two_lot_draft.lots.get(title="North")
    _weights(north, quality=60, social_value=20, price=20)
    client.force_login(commissioner)
    url = reverse("procurement:lot_criteria", args=[two_lot_draft.pk, north.pk])
    quality = two_lot_draft.criteria.get(kind="quality")
    counts = []
    for size in (2, 8):
        for number in range(size):
            TenderQuestionFactory(tender=two_lot_draft, criterion=quality, text=f"Q {number}")
        with django_assert_max_num_queries(30) as captured:
            assertContains(client.get(url), "Weights for this lot")
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_lot_page_shows_the_lot_s_weights_in_its_ranking(
    client, lotted, commissioner, supplier_org, other_supplier_org
):
    _agree(lotted, {supplier_org.pk: 5, other_supplier_org.pk: 2})
    north = lotted.lots.get(title="North")
    _weights(north, quality=10, social_value=10, price=80)
    client.force_login(commissioner)
    page = client.get(reverse("procurement:lot_evaluation", args=[lotted.pk, north.pk]))
    assertContains(page, "This lot has weights of its own.")
    assertContains(page, "Price (80%)")
    assertContains(page, "this lot\u2019s weights")


# --- Abnormally low prices per lot --------------------------------------------------------------
@pytest.fixture
def three_bid_lots(lotted, commissioner):
    """A third bidder, far cheaper for North only: North 1,000 / 800 / 500 (median 800),
    South 500 / 900 / 880 (median 880). Its two prices added up (1,380) are not low
    against the others' totals (1,500 and 1,700)."""
    third = Organisation.objects.create(name="Cheap Co", slug="cheap-co", kind="supplier")
    north, south = lotted.lots.get(title="North"), lotted.lots.get(title="South")
    bid = BidFactory(tender=lotted, supplier=third, status="submitted")
    for lot, price in ((north, 500), (south, 880)):
        BidLot.objects.create(bid=bid, lot=lot)
        PriceLine.objects.create(bid=bid, lot=lot, item="Service", unit_price=price)
    return lotted


def test_abnormally_low_prices_are_checked_against_the_lot_s_own_prices(
    three_bid_lots, supplier_org
):
    north = three_bid_lots.lots.get(title="North")
    south = three_bid_lots.lots.get(title="South")
    north_check = price_checks.of_ranking(lot_results(north))
    assert north_check.median == 800
    assert [(low.key.supplier.name, low.price) for low in north_check.flagged] == [
        ("Cheap Co", 500)
    ]
    south_check = price_checks.of_ranking(lot_results(south))
    assert south_check.median == 880
    # South: 500 is more than 20% below 880, so it is the one flagged there.
    assert [low.key.supplier_id for low in south_check.flagged] == [supplier_org.pk]


def test_the_lot_page_flags_its_own_abnormally_low_prices(client, three_bid_lots, commissioner):
    north = three_bid_lots.lots.get(title="North")
    client.force_login(commissioner)
    page = client.get(reverse("procurement:lot_evaluation", args=[three_bid_lots.pk, north.pk]))
    assertContains(page, "1 bid has an abnormally low price.")
    assertContains(page, "median of the prices for this lot: £800.00")
    assertContains(page, "Cheap Co")


# --- Declaring conflicts of interest lot by lot ---------------------------------------------------
def test_the_declaration_lists_the_bidders_lot_by_lot(
    client, three_bid_lots, commissioner, council
):
    from tests.factories import MembershipFactory, UserFactory

    late = UserFactory()
    MembershipFactory(user=late, organisation=council, role="evaluator")
    evaluation.panel_member_add(tender=three_bid_lots, evaluator=late, by=commissioner)
    groups = selectors.bidders_by_lot(three_bid_lots)
    assert [(group.lot, group.bidders) for group in groups] == [
        ("North", ["Big Catering plc", "Cheap Co", "Good Food Co-op"]),
        ("South", ["Big Catering plc", "Cheap Co", "Good Food Co-op"]),
    ]
    client.force_login(late)
    page = client.get(reverse("procurement:declaration", args=[three_bid_lots.pk]))
    assertContains(page, "your declaration covers every bidder for every lot")
    assertContains(page, '<h3 class="govuk-heading-s">North</h3>')
    evaluation.conflict_declare(tender=three_bid_lots, has_conflict=False, by=late)
    event = AuditEvent.objects.filter(verb="no conflict declared").latest("pk")
    assert event.changes["bidders_by_lot"]["South"] == groups[1].bidders


# --- The evaluation report and feedback letters rank each lot on its own ---------------------
def _pdf_text(template: str, context: dict) -> str:
    reader = PdfReader(io.BytesIO(html_to_pdf(render_to_string(template, context))))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_the_evaluation_report_ranks_each_lot_on_its_own_prices_and_weights(
    three_bid_lots, supplier_org, other_supplier_org
):
    third = Organisation.objects.get(slug="cheap-co")
    _agree(three_bid_lots, {supplier_org.pk: 5, other_supplier_org.pk: 2, third.pk: 2})
    north = three_bid_lots.lots.get(title="North")
    _weights(north, quality=10, social_value=10, price=80)
    context = _evaluation_report_context(three_bid_lots)
    assert context["results"] == []  # no tender-wide ranking adding up lot prices
    north_section = context["lots"][0]
    assert [r.bid.supplier.name for r in north_section["results"]] == [
        "Cheap Co",
        "Good Food Co-op",
        "Big Catering plc",
    ]
    assert [r.price for r in north_section["results"]] == [500, 1000, 800]
    text = _pdf_text("reports/pdf/evaluation_report.html", context)
    assert "Lot: North" in text
    assert "Lot: South" in text
    assert "This lot\u2019s own weights: Quality 10%, Social value 10%, Price 80%" in text
    assert "The tender\u2019s weights: Quality 60%, Social value 20%, Price 20%" in text
    north_text = text[text.index("Lot: North") : text.index("Lot: South")]
    # Ranked on North's prices alone, cheapest first under North's weights.
    assert north_text.index("Cheap Co") < north_text.index("Big Catering plc")
    assert "£500.00" in north_text
    assert "£1,380.00" not in text  # never a bid's lot prices added up
    assert "Price for this lot" in north_text


def test_a_feedback_letter_shows_each_lot_s_weights_beside_its_winner(
    three_bid_lots, supplier_org, other_supplier_org
):
    third = Organisation.objects.get(slug="cheap-co")
    _agree(three_bid_lots, {supplier_org.pk: 5, other_supplier_org.pk: 2, third.pk: 2})
    north = three_bid_lots.lots.get(title="North")
    south = three_bid_lots.lots.get(title="South")
    _weights(north, quality=10, social_value=10, price=80)
    winner = three_bid_lots.bids.get(supplier=third)
    ours = three_bid_lots.bids.get(supplier=supplier_org)
    # The outcome as told to bidders; how standstill starts is award.py's business.
    Lot.objects.filter(pk=north.pk).update(status=LotStatus.STANDSTILL, winning_bid=winner)
    Lot.objects.filter(pk=south.pk).update(status=LotStatus.STANDSTILL, winning_bid=ours)
    context = _feedback_letter_context(ours)
    north_section = context["sections"][0]
    assert north_section["lot"].title == "North"
    assert [(row["criterion"].weight, row["winner_score"]) for row in north_section["rows"]] == [
        (10, Decimal("4.00")),
        (10, Decimal("4.00")),
        (80, Decimal("80.00")),
    ]
    text = _pdf_text("reports/pdf/feedback_letter.html", context)
    assert "This lot was judged with weights of its own: Quality 10%, Social value 10%, " in text
    assert "This lot was judged with the tender\u2019s weights: Quality 60%" in text
    north_text = text[text.index("Lot: North") : text.index("Lot: South")]
    assert "We have decided to award this lot to Cheap Co" in north_text
    assert "Reasons for Good Food Co-op." in north_text
    assert "The winning bid\u2019s score: 2 out of 5" in north_text
    assert "Reasons for Cheap Co." in north_text
