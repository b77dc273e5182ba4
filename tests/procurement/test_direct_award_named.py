"""A direct award names its supplier and Schedule 5 grounds, publishes a transparency
notice instead of inviting bids, admits only that supplier, and skips the competitive
evaluation for a record of checks before the same standstill and contract as any tender."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent, Notification
from contracts.models import Contract
from core.errors import DomainError
from dialogue import selectors as dialogue_selectors
from dialogue.models import OpportunityIndex
from dialogue.services import opportunity_index_refresh, opportunity_index_sync
from home.dashboard import open_opportunity_count
from procurement import award_notices, direct_award, services
from procurement.models import (
    BidStatus,
    FeedbackLetter,
    PriceLine,
    Procedure,
    TenderStatus,
    TransparencyNotice,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REASON = "Only Good Food Co-op holds the kitchen licence on the estate."
CHECKS = {
    "exclusion": (True, "Checked the debarment list and their declaration: nothing applies."),
    "conflicts": (True, "No officer has links with the supplier."),
    "value_for_money": (True, "Price is 4% under the last contract, uplifted for inflation."),
    "capacity": (True, "Accounts and insurance seen; staff in place."),
}


@pytest.fixture
def draft_direct(draft_tender: Any, commissioner: Any, supplier_org: Any) -> Any:
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.estimated_value = 48000
    draft_tender.save()
    direct_award.direct_award_set(
        tender=draft_tender,
        supplier=supplier_org,
        grounds=["exclusive_rights", "urgency"],
        justification=REASON,
        by=commissioner,
    )
    draft_tender.refresh_from_db()
    return draft_tender


@pytest.fixture
def published_direct(draft_direct: Any, commissioner: Any) -> Any:
    return services.tender_publish(tender=draft_direct, by=commissioner)


@pytest.fixture
def offer(published_direct: Any, supplier_org: Any, supplier_user: Any) -> Any:
    bid = services.bid_start(tender=published_direct, supplier=supplier_org, by=supplier_user)
    question = published_direct.questions.get()
    services.bid_save_answers(bid=bid, answers={question.pk: "Our offer."}, by=supplier_user)
    PriceLine.objects.create(bid=bid, item="Running the kitchen", quantity=1, unit_price=46000)
    return services.bid_submit(bid=bid, by=supplier_user)


# --- Naming the supplier and the grounds ------------------------------------------------------
def test_the_supplier_grounds_and_justification_are_recorded(draft_direct, supplier_org):
    record = direct_award.direct_award_for(draft_direct)
    assert record.supplier == supplier_org
    assert record.grounds == ["exclusive_rights", "urgency"]
    assert "(paragraph 5)" in record.ground_labels()[0]
    draft_direct.refresh_from_db()
    assert draft_direct.direct_award_justification == REASON
    assert AuditEvent.objects.filter(verb="direct award set").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"grounds": []}, "at least one ground"),
        ({"grounds": ["made_up"]}, "from the list"),
        ({"justification": "  "}, "how the grounds apply"),
    ],
)
def test_naming_needs_grounds_from_the_list_and_a_justification(
    draft_direct, commissioner, supplier_org, change, message
):
    values = {"supplier": supplier_org, "grounds": ["urgency"], "justification": REASON} | change
    with pytest.raises(DomainError, match=message):
        direct_award.direct_award_set(tender=draft_direct, by=commissioner, **values)


def test_only_a_supplier_organisation_can_be_named(draft_direct, commissioner, council):
    with pytest.raises(DomainError, match="registered supplier") as refused:
        direct_award.direct_award_set(
            tender=draft_direct,
            supplier=council,
            grounds=["urgency"],
            justification=REASON,
            by=commissioner,
        )
    assert refused.value.field == "supplier"


def test_the_supplier_cannot_change_once_published(published_direct, commissioner, supplier_org):
    with pytest.raises(DomainError, match="only before publishing"):
        direct_award.direct_award_set(
            tender=published_direct,
            supplier=supplier_org,
            grounds=["urgency"],
            justification=REASON,
            by=commissioner,
        )


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_the_buyers_managers_name_the_supplier(draft_direct, supplier_org, request, person):
    with pytest.raises(PermissionDenied):
        direct_award.direct_award_set(
            tender=draft_direct,
            supplier=supplier_org,
            grounds=["urgency"],
            justification=REASON,
            by=request.getfixturevalue(person),
        )


def test_a_direct_award_without_a_named_supplier_cannot_be_published(draft_tender, commissioner):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.direct_award_justification = REASON
    draft_tender.save()
    with pytest.raises(DomainError, match="Name the supplier"):
        services.tender_publish(tender=draft_tender, by=commissioner)


# --- Publishing: a transparency notice, not an opportunity -----------------------------------
def test_publishing_issues_the_transparency_notice(published_direct, supplier_org):
    notice = TransparencyNotice.objects.get(tender=published_direct)
    assert notice.supplier_name == supplier_org.name
    assert notice.grounds == ["exclusive_rights", "urgency"]
    assert notice.justification == REASON
    assert notice.estimated_value == 48000
    assert notice.published_at == published_direct.published_at


def test_the_named_supplier_is_asked_for_its_offer_once(
    supplier_user, other_supplier_user, commissioner, request
):
    # Its people exist before the direct award is published.
    published_direct = request.getfixturevalue("published_direct")
    notes = Notification.objects.filter(
        key__startswith=f"direct-award-invited:{published_direct.pk}:"
    )
    assert [note.recipient for note in notes] == [supplier_user]
    assert "Submit Good Food Co-op's offer by" in notes.get().body
    direct_award.transparency_notice_issue(tender=published_direct, by=commissioner)
    assert notes.count() == 1


def test_a_direct_award_never_appears_in_the_opportunity_search(published_direct, open_tender):
    assert opportunity_index_refresh(tender_id=published_direct.pk) is None
    opportunity_index_refresh(tender_id=open_tender.pk)
    opportunity_index_sync()
    assert not OpportunityIndex.objects.filter(tender=published_direct).exists()
    found = dialogue_selectors.opportunities_search(
        filters=dialogue_selectors.OpportunityFilters(), now=timezone.now()
    )
    assert [row.tender_id for row in found] == [open_tender.pk]
    assert open_opportunity_count() == 1


def test_a_stale_search_row_is_swept_and_never_listed(published_direct, open_tender):
    row = opportunity_index_refresh(tender_id=open_tender.pk)
    OpportunityIndex.objects.filter(pk=row.pk).update(procedure=Procedure.DIRECT_AWARD)
    found = dialogue_selectors.opportunities_search(
        filters=dialogue_selectors.OpportunityFilters(), now=timezone.now()
    )
    assert list(found) == []
    assert opportunity_index_sync() >= 1


def test_the_opportunities_page_offers_no_direct_award_filter(client, published_direct):
    response = client.get(reverse("dialogue:opportunity_list"))
    assertNotContains(response, published_direct.title)
    assertNotContains(response, 'value="direct_award"')


# --- Only the named supplier ------------------------------------------------------------------
def test_no_other_supplier_may_start_join_or_submit(
    published_direct, other_supplier_org, other_supplier_user
):
    with pytest.raises(DomainError, match="awarded directly to one named supplier"):
        services.bid_start(
            tender=published_direct, supplier=other_supplier_org, by=other_supplier_user
        )
    with pytest.raises(DomainError, match="awarded directly to one named supplier"):
        services.participant_join(
            tender=published_direct, supplier=other_supplier_org, by=other_supplier_user
        )


def test_a_bid_slipped_in_by_another_supplier_still_cannot_be_submitted(
    published_direct, other_supplier_org, other_supplier_user
):
    from tests.procurement.factories import BidFactory

    bid = BidFactory(tender=published_direct, supplier=other_supplier_org)
    with pytest.raises(DomainError, match="cannot take part or make an offer"):
        services.bid_submit(bid=bid, by=other_supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


def test_the_named_supplier_submits_its_offer(offer, supplier_org):
    assert offer.status == BidStatus.SUBMITTED
    assert offer.supplier == supplier_org


def test_another_supplier_gets_a_clear_refusal_page(client, published_direct, other_supplier_user):
    client.force_login(other_supplier_user)
    url = reverse("procurement:bid_edit", args=[published_direct.pk])
    for response in (client.get(url), client.post(url, {"action": "submit"})):
        assert response.status_code == 403
        assert "You cannot bid for this contract" in response.text
        assert "Read the transparency notice" in response.text
    assert not published_direct.bids.exists()


def test_the_tender_page_tells_other_suppliers_and_shows_the_named_one_the_form(
    client, published_direct, supplier_user, other_supplier_user
):
    url = reverse("procurement:tender_detail", args=[published_direct.pk])
    bid_url = reverse("procurement:bid_edit", args=[published_direct.pk])
    client.force_login(other_supplier_user)
    page = client.get(url)
    assertContains(page, "Only that supplier can make an offer")
    assertNotContains(page, bid_url)
    assertNotContains(page, "Take part")
    client.force_login(supplier_user)
    page = client.get(url)
    assertContains(page, bid_url)
    assertContains(page, "Your offer")


def test_signed_out_visitors_are_not_invited_to_bid(client, published_direct):
    page = client.get(reverse("procurement:tender_detail", args=[published_direct.pk]))
    assertContains(page, "Read the transparency notice")
    assertNotContains(page, "Sign in to bid")


# --- The public notice ------------------------------------------------------------------------
def test_the_transparency_notice_is_public_and_plain(client, published_direct, supplier_org):
    page = client.get(reverse("procurement:transparency_notice", args=[published_direct.pk]))
    assertContains(page, f"intends to award this contract directly to {supplier_org.name}")
    assertContains(page, "(paragraph 13)")
    assertContains(page, REASON)
    assertContains(page, "£48,000")
    listing = client.get(reverse("procurement:transparency_notice_list"))
    assertContains(listing, published_direct.title)


def test_a_draft_has_no_public_notice(client, draft_direct):
    url = reverse("procurement:transparency_notice", args=[draft_direct.pk])
    assert client.get(url).status_code == 404


def test_the_notice_list_runs_a_constant_number_of_queries(
    client, commissioner, council, supplier_org, django_assert_max_num_queries
):
    from tests.procurement.factories import PublishedTenderFactory

    for _ in range(30):
        tender = PublishedTenderFactory(organisation=council, procedure=Procedure.DIRECT_AWARD)
        TransparencyNotice.objects.create(
            tender=tender, supplier_name=supplier_org.name, grounds=["urgency"], justification="x"
        )
    with django_assert_max_num_queries(8):
        assertContains(client.get(reverse("procurement:transparency_notice_list")), "Page")


# --- Checks instead of an evaluation, then the award path -------------------------------------
def test_checks_before_the_offer_is_in_are_refused(published_direct, commissioner):
    with pytest.raises(DomainError, match="has not submitted its offer"):
        direct_award.direct_award_checks_record(
            tender=published_direct, checks=CHECKS, rationale="Value.", by=commissioner
        )


@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"capacity": (False, "Seen.")}, "capacity_checked"),
        ({"conflicts": (True, " ")}, "conflicts_notes"),
    ],
)
def test_every_check_must_be_confirmed_with_a_note(
    offer, published_direct, commissioner, missing, field
):
    with pytest.raises(DomainError) as refused:
        direct_award.direct_award_checks_record(
            tender=published_direct, checks=CHECKS | missing, rationale="Value.", by=commissioner
        )
    assert refused.value.field == field
    published_direct.refresh_from_db()
    assert published_direct.status == TenderStatus.PUBLISHED


def test_the_buyer_reads_the_offer_before_the_deadline(client, offer, commissioner, evaluator):
    url = reverse("procurement:bid_detail", args=[offer.pk])
    client.force_login(commissioner)
    assertContains(client.get(url), "Our offer.")
    client.force_login(evaluator)
    assert client.get(url).status_code == 404


def test_checks_decide_the_award_and_the_same_path_makes_the_contract(
    offer, published_direct, commissioner, supplier_org
):
    tender = direct_award.direct_award_checks_record(
        tender=published_direct, checks=CHECKS, rationale="Good value.", by=commissioner
    )
    assert tender.status == TenderStatus.AWARD_DECISION
    assert tender.winning_bid == offer
    record = direct_award.direct_award_for(tender)
    assert record.value_for_money_notes.startswith("Price is 4% under")
    assert record.checks_recorded_by == commissioner
    award_notices.award_notice_publish(tender=tender, summary="Awarded directly.", by=commissioner)
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL
    assert not FeedbackLetter.objects.filter(bid__tender=tender).exists()
    with time_machine.travel(tender.standstill_ends_on + 2 * DAY):
        tender = direct_award.direct_award_contract(
            tender=tender,
            start_date=tender.standstill_ends_on + 7 * DAY,
            end_date=tender.standstill_ends_on + 400 * DAY,
            by=commissioner,
        )
    assert tender.status == TenderStatus.AWARDED
    contract = Contract.objects.get(tender=tender)
    assert contract.provider == supplier_org
    assert contract.value == 46000


def test_an_ordinary_tender_cannot_use_the_direct_award_checks(closed_tender, commissioner):
    with pytest.raises(DomainError, match="Only a direct award"):
        direct_award.direct_award_checks_record(
            tender=closed_tender, checks=CHECKS, rationale="x", by=commissioner
        )


# --- The buyer's page -------------------------------------------------------------------------
def _checks_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"rationale": "Good value for a licence only they hold."}
    for name, (confirmed, notes) in CHECKS.items():
        if confirmed:
            data[f"{name}_checked"] = "on"
        data[f"{name}_notes"] = notes
    return data | overrides


def test_the_buyer_names_the_supplier_through_the_page(
    client, draft_tender, commissioner, supplier_org
):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    client.force_login(commissioner)
    url = reverse("procurement:direct_award", args=[draft_tender.pk])
    assertContains(client.get(url), "(paragraph 15)")
    refused = client.post(url, {"supplier": supplier_org.pk, "justification": "Kept text."})
    assertContains(refused, "Choose at least one ground")
    assertContains(refused, "Kept text.")
    response = client.post(
        url, {"supplier": supplier_org.pk, "grounds": ["artistic"], "justification": REASON}
    )
    assert response.status_code == 302
    assert direct_award.direct_award_for(draft_tender).grounds == ["artistic"]


def test_a_refused_check_comes_back_beside_the_field(client, offer, published_direct, commissioner):
    client.force_login(commissioner)
    data = _checks_post()
    del data["capacity_checked"]
    response = client.post(
        reverse("procurement:direct_award_checks", args=[published_direct.pk]), data
    )
    assertContains(response, "Confirm this check")
    assertContains(response, 'href="#id_capacity_checked"')
    assertContains(response, "Accounts and insurance seen")


def test_the_page_takes_the_buyer_from_checks_to_contract(
    client, offer, published_direct, commissioner
):
    client.force_login(commissioner)
    page = reverse("procurement:direct_award", args=[published_direct.pk])
    assertContains(client.get(page), "Record your checks")
    response = client.post(
        reverse("procurement:direct_award_checks", args=[published_direct.pk]), _checks_post()
    )
    assert response.status_code == 302
    assertContains(client.get(page), "Publish the contract award notice")
    notice_page = reverse("procurement:award_notice_publish", args=[published_direct.pk])
    assertContains(client.get(notice_page), "no assessment summaries to send")
    client.post(notice_page, {"summary": "Awarded directly to the named supplier."})
    published_direct.refresh_from_db()
    assert published_direct.status == TenderStatus.STANDSTILL
    assertContains(client.get(page), "Award the contract")
    refused = client.post(
        reverse("procurement:direct_award_contract", args=[published_direct.pk]),
        {"start_date": "2027-01-01", "end_date": "2028-01-01"},
    )
    assertContains(refused, "Standstill ends")


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("commissioner", 200),
        ("evaluator", 404),
        ("other_commissioner", 404),
        ("supplier_user", 404),
    ],
)
def test_the_direct_award_page_is_for_the_buyers_managers(
    client, published_direct, request, person, status
):
    client.force_login(request.getfixturevalue(person))
    url = reverse("procurement:direct_award", args=[published_direct.pk])
    assert client.get(url).status_code == status


def test_an_open_tender_has_no_direct_award_page(client, open_tender, commissioner):
    client.force_login(commissioner)
    url = reverse("procurement:direct_award", args=[open_tender.pk])
    assert client.get(url).status_code == 404
