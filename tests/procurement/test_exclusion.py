"""Exclusion and debarment: a supplier declares against the exclusion grounds before it
bids; the buyer reads the declarations of its own tender's suppliers and may exclude one
with a reason; a supplier on the operator's debarment list cannot join, bid or win."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import Notification
from core.errors import DomainError
from procurement import exclusion, services
from procurement.exclusion_grounds import BY_CODE, GROUNDS
from procurement.models import Bid, BidStatus, Debarment, ExclusionDeclaration, TenderParticipant
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    ExclusionDeclarationFactory,
    no_grounds,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_supplier() -> Any:
    """A supplier that has made no declaration yet, with one person acting for it."""
    supplier = OrganisationFactory(name="Fresh Start Kitchens", kind="supplier")
    user = UserFactory()
    MembershipFactory(user=user, organisation=supplier, role="supplier")
    return supplier, user


def _answered_bid(tender: Any, supplier: Any) -> Bid:
    bid = BidFactory(tender=tender, supplier=supplier)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Open sessions.")
    return bid


def _declaration_post(**changes: str) -> dict[str, str]:
    data = {ground.code: "no" for ground in GROUNDS}
    data.update(changes)
    return data


# --- The grounds ---------------------------------------------------------------------------
def test_every_ground_has_a_plain_explanation_and_a_citation():
    kinds = {ground.kind for ground in GROUNDS}
    assert kinds == {"mandatory", "discretionary"}
    for ground in GROUNDS:
        assert ground.explanation and ground.citation.startswith("Schedule ")
        assert ground.citation.startswith("Schedule 6" if ground.is_mandatory else "Schedule 7")
    assert len(BY_CODE) == len(GROUNDS)


# --- Declaration ---------------------------------------------------------------------------
def test_supplier_without_a_declaration_cannot_submit_a_bid(open_tender, new_supplier):
    supplier, user = new_supplier
    bid = _answered_bid(open_tender, supplier)
    with pytest.raises(DomainError, match="Declare whether any exclusion grounds apply"):
        services.bid_submit(bid=bid, by=user)
    exclusion.declaration_submit(supplier=supplier, answers=no_grounds(), by=user)
    services.bid_submit(bid=bid, by=user)
    assert Bid.objects.get(pk=bid.pk).status == BidStatus.SUBMITTED


def test_a_declaration_lapses_after_six_months(new_supplier):
    supplier, user = new_supplier
    exclusion.declaration_submit(supplier=supplier, answers=no_grounds(), by=user)
    later = timezone.now() + exclusion.DECLARATION_VALID_FOR + datetime.timedelta(hours=1)
    assert exclusion.declaration_current(supplier, now=later) is None
    with time_machine.travel(later - datetime.timedelta(days=2), tick=False):
        assert exclusion.declaration_current(supplier) is not None


def test_a_ground_that_applies_needs_its_details(new_supplier):
    supplier, user = new_supplier
    answers = no_grounds()
    answers["insolvency"] = {"applies": True, "details": " ", "self_cleaning": ""}
    with pytest.raises(DomainError, match="Give the details") as error:
        exclusion.declaration_submit(supplier=supplier, answers=answers, by=user)
    assert error.value.field == "insolvency_details"
    answers.pop("bribery")
    with pytest.raises(DomainError, match="Bribery and corruption"):
        exclusion.declaration_submit(supplier=supplier, answers=answers, by=user)
    assert not ExclusionDeclaration.objects.filter(supplier=supplier).exists()


def test_only_the_suppliers_people_may_declare(new_supplier, supplier_user):
    supplier, _ = new_supplier
    with pytest.raises(PermissionDenied):
        exclusion.declaration_submit(supplier=supplier, answers=no_grounds(), by=supplier_user)
    assert not ExclusionDeclaration.objects.filter(supplier=supplier).exists()


def test_declaration_page_saves_answers_and_keeps_them_on_error(client, new_supplier):
    supplier, user = new_supplier
    client.force_login(user)
    url = reverse("procurement:exclusion_declaration")
    response = client.get(url)
    assertContains(response, "You have no current declaration")
    assertContains(response, BY_CODE["modern_slavery"].explanation)
    response = client.post(url, _declaration_post(insolvency="yes"))
    assertContains(response, "Give the details of “Insolvency or bankruptcy”")
    assert not ExclusionDeclaration.objects.filter(supplier=supplier).exists()
    response = client.post(
        url,
        _declaration_post(
            insolvency="yes",
            insolvency_details="A winding-up petition in 2024, dismissed.",
            insolvency_self_cleaning="Paid the creditor in full.",
        ),
    )
    assert response.status_code == 302
    declaration = ExclusionDeclaration.objects.get(supplier=supplier)
    assert declaration.grounds_applying == ["insolvency"]
    assertContains(client.get(url), "It is current until")


def test_bid_page_links_to_the_declaration_when_none_is_current(client, open_tender, new_supplier):
    supplier, user = new_supplier
    client.force_login(user)
    response = client.get(reverse("procurement:bid_edit", args=[open_tender.pk]))
    assertContains(response, reverse("procurement:exclusion_declaration"))
    ExclusionDeclarationFactory(supplier=supplier)
    response = client.get(reverse("procurement:bid_edit", args=[open_tender.pk]))
    assertNotContains(response, 'id="declaration-needed"')


def test_buyer_cannot_open_the_declaration_page(client, commissioner):
    client.force_login(commissioner)
    assert client.get(reverse("procurement:exclusion_declaration")).status_code == 404


# --- The buyer's check and exclusion ---------------------------------------------------------
@pytest.fixture
def declared_ground(supplier_org, supplier_user):
    answers = no_grounds()
    answers["labour_market"] = {
        "applies": True,
        "details": "Minimum wage penalty in 2025.",
        "self_cleaning": "Arrears paid in full.",
    }
    return exclusion.declaration_submit(supplier=supplier_org, answers=answers, by=supplier_user)


def test_buyer_sees_declarations_of_its_tenders_suppliers(
    client, open_tender, supplier_org, supplier_user, commissioner, declared_ground
):
    services.participant_join(tender=open_tender, supplier=supplier_org, by=supplier_user)
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_bidders", args=[open_tender.pk]))
    assertContains(response, "Minimum wage penalty in 2025.")
    assertContains(response, "Arrears paid in full.")
    assertContains(response, "Not on the list")


def test_another_council_cannot_see_the_declarations(
    client, open_tender, supplier_org, supplier_user, other_commissioner, declared_ground
):
    services.participant_join(tender=open_tender, supplier=supplier_org, by=supplier_user)
    client.force_login(other_commissioner)
    response = client.get(reverse("procurement:tender_bidders", args=[open_tender.pk]))
    assert response.status_code == 404


def test_bidders_page_runs_a_constant_number_of_queries(
    client, open_tender, commissioner, django_assert_max_num_queries
):
    for number in range(25):
        supplier = OrganisationFactory(kind="supplier", company_number=f"0{number:07d}")
        ExclusionDeclarationFactory(supplier=supplier)
        TenderParticipant.objects.create(tender=open_tender, supplier=supplier)
    exclusion.debarment_add(name="Someone Else Ltd", reason="Fraud.")
    client.force_login(commissioner)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("procurement:tender_bidders", args=[open_tender.pk]))
    assert response.status_code == 200


def test_excluded_supplier_is_told_why_and_its_bid_is_not_evaluated(
    client, submitted_bid, supplier_org, supplier_user, commissioner
):
    tender = submitted_bid.tender
    participant = TenderParticipant.objects.create(tender=tender, supplier=supplier_org)
    client.force_login(commissioner)
    url = reverse("procurement:participant_exclude", args=[tender.pk, participant.pk])
    response = client.post(url, {f"x{participant.pk}-reason": ""})
    assertContains(response, "Give the reason for excluding the supplier")
    response = client.post(url, {f"x{participant.pk}-reason": "Mandatory ground: fraud in 2025."})
    assert response.status_code == 302
    submitted_bid.refresh_from_db()
    assert submitted_bid.status == BidStatus.EXCLUDED
    notice = Notification.objects.get(recipient=supplier_user, subject__contains="excluded")
    assert "fraud in 2025" in notice.body
    with pytest.raises(DomainError, match="excluded Good Food Co-op from this tender"):
        services.bid_submit(bid=submitted_bid, by=supplier_user)
    with pytest.raises(DomainError, match="excluded"):
        services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:bid_edit", args=[tender.pk]))
    assert response.status_code == 403
    assertContains(response, "fraud in 2025", status_code=403)
    with pytest.raises(DomainError, match="already excluded"):
        exclusion.participant_exclude(
            tender=tender, participant=participant, reason="Again.", by=commissioner
        )


def test_only_the_tenders_managers_may_exclude(
    open_tender, supplier_org, supplier_user, other_commissioner, viewer
):
    participant = services.participant_join(
        tender=open_tender, supplier=supplier_org, by=supplier_user
    )
    for person in (other_commissioner, viewer, supplier_user):
        with pytest.raises(PermissionDenied):
            exclusion.participant_exclude(
                tender=open_tender, participant=participant, reason="No.", by=person
            )
    participant.refresh_from_db()
    assert not participant.is_excluded


# --- Debarment ---------------------------------------------------------------------------------
def test_debarred_supplier_cannot_join_bid_or_submit(open_tender, supplier_org, supplier_user):
    bid = _answered_bid(open_tender, supplier_org)
    supplier_org.company_number = "01234567"
    supplier_org.save()
    entry = exclusion.debarment_add(
        name="A different name", company_number="01234567", reason="Fraud."
    )
    for attempt in (
        lambda: services.participant_join(
            tender=open_tender, supplier=supplier_org, by=supplier_user
        ),
        lambda: services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user),
        lambda: services.bid_submit(bid=bid, by=supplier_user),
    ):
        with pytest.raises(DomainError, match="on the debarment list"):
            attempt()
    exclusion.debarment_remove(pk=entry.pk)
    services.bid_submit(bid=bid, by=supplier_user)


def test_debarment_matches_by_name_or_charity_number_and_ends(supplier_org):
    supplier_org.charity_number = "1100123"
    supplier_org.save()
    assert exclusion.debarment_for(supplier_org) is None
    exclusion.debarment_add(name="good food co-op", reason="Fraud.")
    assert exclusion.debarment_for(supplier_org) is not None
    Debarment.objects.all().delete()
    exclusion.debarment_add(
        name="Other", charity_number="1100123", reason="Fraud.", ends_on=datetime.date(2020, 1, 1)
    )
    assert exclusion.debarment_for(supplier_org) is None


def test_buyer_sees_the_debarment_flag(
    client, open_tender, supplier_org, supplier_user, commissioner
):
    services.participant_join(tender=open_tender, supplier=supplier_org, by=supplier_user)
    exclusion.debarment_add(name=supplier_org.name, reason="Convicted of bribery.")
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_bidders", args=[open_tender.pk]))
    assertContains(response, "Debarred")
    assertContains(response, "Convicted of bribery.")


def test_debarment_command_adds_lists_and_removes():
    out = StringIO()
    call_command(
        "debarment",
        "add",
        "Shortcut Ltd",
        "--reason",
        "Fraud.",
        "--company-number",
        "123",
        stdout=out,
    )
    entry = Debarment.objects.get()
    assert entry.company_number == "123"
    out = StringIO()
    call_command("debarment", "list", stdout=out)
    assert "Shortcut Ltd (company 123)" in out.getvalue()
    call_command("debarment", "remove", str(entry.pk), stdout=StringIO())
    out = StringIO()
    call_command("debarment", "list", stdout=out)
    assert "Shortcut Ltd" not in out.getvalue()
    with pytest.raises(CommandError, match="no debarment"):
        call_command("debarment", "remove", str(entry.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("debarment", "add", "X", "--reason", "Y", "--ends-on", "soon")
