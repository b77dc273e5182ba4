"""Conditions of participation (Procurement Act 2023, section 22): the buyer sets them on a
draft tender, suppliers answer them, the buyer passes or fails each supplier with a reason;
a supplier that fails is told once and refused, and a final tender needs a pass."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent, Notification
from core.errors import DomainError
from procurement import conditions, services
from procurement.models import (
    BidStatus,
    ConditionKind,
    Procedure,
    TenderParticipant,
    TenderStatus,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import (
    BidAnswerFactory,
    BidFactory,
    ExclusionDeclarationFactory,
    PublishedTenderFactory,
    TenderFactory,
    TenderQuestionFactory,
)

pytestmark = pytest.mark.django_db
QUESTION = "Are you registered as a food business with your local council?"
PASS = "Yes, with the name of the council you are registered with."
FAIL_REASON = "You are not registered as a food business anywhere."


def _add(tender: Any, by: Any, question: str = QUESTION) -> Any:
    return conditions.condition_add(
        tender=tender, kind=ConditionKind.LEGAL, question=question, pass_description=PASS, by=by
    )


@pytest.fixture
def in_dialogue(
    council, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    """A competitive flexible tender in dialogue, with one condition, both suppliers
    taking part and having answered it."""
    draft = TenderFactory(
        organisation=council, created_by=commissioner, procedure=Procedure.COMPETITIVE_FLEXIBLE
    )
    condition = _add(draft, commissioner)
    type(draft).objects.filter(pk=draft.pk).update(status=TenderStatus.DIALOGUE)
    draft.refresh_from_db()
    TenderQuestionFactory(tender=draft, word_limit=50)
    for supplier, person in (
        (supplier_org, supplier_user),
        (other_supplier_org, other_supplier_user),
    ):
        conditions.conditions_answer_as(
            tender=draft, supplier=supplier, answers={condition.pk: "Yes, Northbridge."}, by=person
        )
    return draft


def _participant(tender: Any, supplier: Any) -> TenderParticipant:
    return TenderParticipant.objects.get(tender=tender, supplier=supplier)


def _assess_url(tender: Any, participant: TenderParticipant) -> str:
    return reverse("procurement:participant_conditions_assess", args=[tender.pk, participant.pk])


def _final_bid(tender: Any, supplier: Any) -> Any:
    bid = BidFactory(tender=tender, supplier=supplier)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Our final tender.")
    return bid


def _open_final(tender: Any) -> Any:
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.FINAL_SUBMISSIONS)
    tender.refresh_from_db()
    return tender


# --- The buyer sets them ---------------------------------------------------------------------
def test_buyer_sets_conditions_on_a_draft_and_they_are_fixed_once_published(
    client, council, commissioner
):
    tender = TenderFactory(organisation=council, created_by=commissioner)
    client.force_login(commissioner)
    url = reverse("procurement:tender_conditions", args=[tender.pk])
    response = client.post(url, {"kind": "legal", "question": "", "pass_description": ""})
    assertContains(response, "Enter the question the supplier answers")
    assertContains(response, "Say what a pass looks like")
    response = client.post(
        url, {"kind": "technical", "question": QUESTION, "pass_description": PASS}
    )
    assert response.status_code == 302
    condition = tender.conditions.get()
    assert (condition.kind, condition.question, condition.pass_description) == (
        "technical",
        QUESTION,
        PASS,
    )
    assert AuditEvent.objects.filter(verb="condition of participation added").count() == 1
    response = client.post(
        reverse("procurement:condition_remove", args=[tender.pk, condition.pk]), follow=True
    )
    assertContains(response, "Condition of participation removed")
    assert not tender.conditions.exists()
    assert AuditEvent.objects.filter(verb="condition of participation removed").count() == 1

    condition = _add(tender, commissioner)
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.PUBLISHED)
    tender.refresh_from_db()
    with pytest.raises(DomainError, match="fixed once the tender is published"):
        _add(tender, commissioner, "Another question?")
    with pytest.raises(DomainError, match="fixed once the tender is published"):
        conditions.condition_remove(condition=condition, by=commissioner)
    response = client.get(url)
    assertContains(response, "its conditions are fixed")
    assertNotContains(response, "Add condition")


def test_only_the_buyers_managers_set_conditions(council, commissioner, supplier_user, viewer):
    tender = TenderFactory(organisation=council, created_by=commissioner)
    for person in (supplier_user, viewer):
        with pytest.raises(Exception, match="permission"):
            _add(tender, person)


def test_the_public_tender_page_shows_the_conditions_in_plain_language(client, in_dialogue):
    response = client.get(reverse("procurement:tender_detail", args=[in_dialogue.pk]))
    assertContains(response, "Conditions of participation")
    assertContains(response, QUESTION)
    assertContains(response, f"To pass: {PASS}")
    assertContains(response, "a pass or a fail, not a score")


# --- The supplier answers --------------------------------------------------------------------
def test_supplier_answers_when_it_takes_part_and_may_change_answers_until_assessed(
    client, council, commissioner, supplier_org, supplier_user
):
    tender = TenderFactory(organisation=council, created_by=commissioner)
    condition = _add(tender, commissioner)
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.PUBLISHED)
    client.force_login(supplier_user)
    response = client.post(
        reverse("dialogue:participant_join", args=[tender.pk]), {"supplier": supplier_org.pk}
    )
    assert response.url == reverse("procurement:conditions_answer", args=[tender.pk])
    url = reverse("procurement:conditions_answer", args=[tender.pk])
    response = client.get(url)
    assertContains(response, QUESTION)
    response = client.post(url, {f"condition_{condition.pk}": ""})
    assertContains(response, "Answer condition 1")
    response = client.post(url, {f"condition_{condition.pk}": "Yes, with Northbridge."})
    assert response.status_code == 302
    participant = _participant(tender, supplier_org)
    assert participant.conditions_answered_at is not None
    response = client.post(url, {f"condition_{condition.pk}": "Yes, with Northbridge Council."})
    assert response.status_code == 302
    assert participant.condition_answers.get().text == "Yes, with Northbridge Council."
    page = client.get(reverse("procurement:tender_detail", args=[tender.pk]))
    assertContains(page, "The buyer has not checked your answers yet")


def test_a_bid_cannot_be_submitted_before_the_conditions_are_answered(
    client, council, commissioner, supplier_org, supplier_user
):
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    TenderQuestionFactory(tender=tender, word_limit=50)
    condition = conditions.ParticipationCondition.objects.create(
        tender=tender, kind="financial", question="Insured?", pass_description="Yes."
    )
    bid = services.bid_start(tender=tender, supplier=supplier_org, by=supplier_user)
    BidAnswerFactory(bid=bid, question=tender.questions.get(), text="Our answer.")
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:bid_edit", args=[tender.pk]))
    assertContains(response, "Answer the conditions of participation before you submit")
    with pytest.raises(DomainError, match="Answer the conditions of participation"):
        services.bid_submit(bid=bid, by=supplier_user)
    conditions.conditions_answer(
        participant=_participant(tender, supplier_org),
        answers={condition.pk: "Yes."},
        by=supplier_user,
    )
    # In a single-stage tender the buyer assesses after the deadline: the bid goes in.
    services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED


def test_a_supplier_sees_where_it_stands_not_where_another_does(
    client, in_dialogue, commissioner, supplier_org, supplier_user, other_supplier_org
):
    """The tender page reads the viewer's own standing with the tender: another
    supplier's failure, and its reason, stay with that supplier."""
    conditions.conditions_assess(
        tender=in_dialogue,
        participant=_participant(in_dialogue, other_supplier_org),
        passed=False,
        reason=FAIL_REASON,
        by=commissioner,
    )
    client.force_login(supplier_user)
    response = client.get(reverse("procurement:tender_detail", args=[in_dialogue.pk]))
    assert response.context["view"].supplier_conditions.participant.supplier == supplier_org
    assertContains(response, "The buyer has not checked your answers yet")
    assertNotContains(response, FAIL_REASON)
    assertNotContains(response, other_supplier_org.name)


# --- The buyer assesses ----------------------------------------------------------------------
def test_failed_supplier_is_told_once_refused_and_its_bid_excluded(
    client, in_dialogue, commissioner, other_supplier_org, other_supplier_user
):
    participant = _participant(in_dialogue, other_supplier_org)
    bid = BidFactory(tender=in_dialogue, supplier=other_supplier_org)
    client.force_login(commissioner)
    page = client.get(reverse("procurement:tender_bidders", args=[in_dialogue.pk]))
    assertContains(page, "Yes, Northbridge.")
    assertContains(page, f"Pass or fail {other_supplier_org.name}")
    url = _assess_url(in_dialogue, participant)
    response = client.post(
        url, {f"c{participant.pk}-result": "fail", f"c{participant.pk}-reason": ""}
    )
    assertContains(response, "Give the reason for your decision")
    response = client.post(
        url, {f"c{participant.pk}-result": "fail", f"c{participant.pk}-reason": FAIL_REASON}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.failed_conditions and participant.conditions_reason == FAIL_REASON
    bid.refresh_from_db()
    assert bid.status == BidStatus.EXCLUDED
    notices = Notification.objects.filter(
        recipient=other_supplier_user, subject__contains="does not meet the conditions"
    )
    assert notices.count() == 1 and FAIL_REASON in notices.get().body
    event = AuditEvent.objects.get(verb="conditions of participation assessed")
    assert event.changes["result"] == "fail" and event.changes["reason"] == FAIL_REASON
    # Once only: a second decision is refused and nobody is told again.
    with pytest.raises(DomainError, match="already assessed"):
        conditions.conditions_assess(
            tender=in_dialogue, participant=participant, passed=True, reason="Oops", by=commissioner
        )
    assert notices.count() == 1
    # The single bid gate refuses it everywhere, and the bid page says why.
    with pytest.raises(DomainError, match=FAIL_REASON):
        services.bid_start(tender=in_dialogue, supplier=other_supplier_org, by=other_supplier_user)
    client.force_login(other_supplier_user)
    response = client.get(reverse("procurement:bid_edit", args=[in_dialogue.pk]))
    assertContains(response, FAIL_REASON, status_code=403)
    response = client.get(reverse("procurement:conditions_answer", args=[in_dialogue.pk]))
    assertContains(response, "does not meet the conditions of participation")
    assertNotContains(response, "Send your answers")
    page = client.get(reverse("procurement:tender_detail", args=[in_dialogue.pk]))
    assertContains(page, FAIL_REASON)


def test_a_final_tender_needs_a_pass_when_the_tender_has_conditions(
    in_dialogue, commissioner, supplier_org, supplier_user
):
    tender = _open_final(in_dialogue)
    bid = _final_bid(tender, supplier_org)
    with pytest.raises(DomainError, match="has not yet checked your answers"):
        services.bid_submit(bid=bid, by=supplier_user)
    conditions.conditions_assess(
        tender=tender,
        participant=_participant(tender, supplier_org),
        passed=True,
        reason="Registered with Northbridge.",
        by=commissioner,
    )
    services.bid_submit(bid=bid, by=supplier_user)
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUBMITTED
    assert Notification.objects.filter(
        recipient=supplier_user, subject__contains="meets the conditions"
    ).exists()


def test_the_buyer_assesses_only_answered_suppliers_still_in_the_process(
    council, commissioner, supplier_org, supplier_user
):
    tender = TenderFactory(organisation=council, created_by=commissioner)
    _add(tender, commissioner)
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.PUBLISHED)
    tender.refresh_from_db()
    participant = services.participant_join(tender=tender, supplier=supplier_org, by=supplier_user)
    with pytest.raises(DomainError, match="has not answered"):
        conditions.conditions_assess(
            tender=tender, participant=participant, passed=True, reason="Fine.", by=commissioner
        )
    with pytest.raises(Exception, match="permission"):
        conditions.conditions_assess(
            tender=tender, participant=participant, passed=True, reason="Fine.", by=supplier_user
        )


def test_the_bidders_page_runs_a_fixed_number_of_queries(
    client, council, commissioner, django_assert_max_num_queries
):
    tender = TenderFactory(organisation=council, created_by=commissioner)
    first = _add(tender, commissioner)
    second = _add(tender, commissioner, "Do you hold insurance?")
    type(tender).objects.filter(pk=tender.pk).update(status=TenderStatus.DIALOGUE)
    tender.refresh_from_db()
    client.force_login(commissioner)
    url = reverse("procurement:tender_bidders", args=[tender.pk])

    def join(count: int) -> None:
        for _ in range(count):
            supplier = OrganisationFactory(kind="supplier")
            ExclusionDeclarationFactory(supplier=supplier)
            person = UserFactory()
            MembershipFactory(user=person, organisation=supplier, role="supplier")
            conditions.conditions_answer_as(
                tender=tender,
                supplier=supplier,
                answers={first.pk: "Yes.", second.pk: "Yes."},
                by=person,
            )

    join(2)
    with django_assert_max_num_queries(25) as small:
        assert client.get(url).status_code == 200
    join(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_direct_award_has_no_conditions_of_participation(council, commissioner):
    tender = TenderFactory(
        organisation=council, created_by=commissioner, procedure=Procedure.DIRECT_AWARD
    )
    with pytest.raises(DomainError, match="direct award records the checks"):
        _add(tender, commissioner)
