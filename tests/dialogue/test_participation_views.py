"""Participation pages: who may see which thread, withdrawal and insight, and what each costs."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from dialogue.models import TenderMessage
from dialogue.participation import services
from procurement import services as procurement_services
from procurement.models import TenderParticipant, WithdrawalReason
from tests.commissioning.factories import MissionFactory, SpecificationVersionFactory
from tests.dialogue.factories import spec_snapshot
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import PublishedTenderFactory, TenderFactory

pytestmark = pytest.mark.django_db

SECRET = "Our unit cost is 41 pounds an hour."
SECRET_REASON = "Our insurer will not cover the indemnity."


@pytest.fixture
def tender(council, commissioner):
    return PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        specification_version__number=1,
        specification_version__snapshot=spec_snapshot("Run three food hubs on the estates."),
    )


@pytest.fixture
def participant(tender, supplier_org, supplier_user):
    return procurement_services.participant_join(
        tender=tender, supplier=supplier_org, by=supplier_user
    )


@pytest.fixture
def other_participant(tender, other_supplier_org, other_supplier_user):
    return procurement_services.participant_join(
        tender=tender, supplier=other_supplier_org, by=other_supplier_user
    )


def _url(name, tender, *args):
    return reverse(f"dialogue:{name}", args=[tender.pk, *args])


def _new_supplier_participant(tender):
    supplier = OrganisationFactory(kind="supplier", supplier_type="small")
    person = UserFactory()
    MembershipFactory(user=person, organisation=supplier, role="supplier")
    return procurement_services.participant_join(
        tender=tender, supplier=supplier, by=person
    ), person


# --- Signed out ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    ["participant_join", "participant_withdraw", "participant_messages", "market_shaping_tender"],
)
def test_signed_out_people_are_sent_to_sign_in(client, tender, name):
    response = client.get(_url(name, tender))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Taking part -----------------------------------------------------------------------------
def test_a_supplier_takes_part(client, tender, supplier_org, supplier_user):
    client.force_login(supplier_user)
    assert client.get(_url("participant_join", tender)).status_code == 200
    response = client.post(_url("participant_join", tender), {"supplier": supplier_org.pk})
    assert response.status_code == 302
    assert response["Location"] == _url("specification_changes", tender)
    assert TenderParticipant.objects.filter(tender=tender, supplier=supplier_org).exists()


def test_a_person_in_two_suppliers_chooses_which_takes_part(
    client, tender, supplier_org, supplier_user
):
    second = OrganisationFactory(kind="supplier", name="Second Supplier Ltd")
    MembershipFactory(user=supplier_user, organisation=second, role="supplier")
    client.force_login(supplier_user)
    response = client.post(_url("participant_join", tender), {})
    assert response.status_code == 200
    assert "Choose the organisation that is taking part" in response.content.decode()
    client.post(_url("participant_join", tender), {"supplier": second.pk})
    assert list(TenderParticipant.objects.values_list("supplier_id", flat=True)) == [second.pk]


def test_buyer_staff_cannot_take_part(client, tender, commissioner):
    client.force_login(commissioner)
    assert client.post(_url("participant_join", tender)).status_code == 404


def test_a_draft_tender_cannot_be_joined(client, council, supplier_user):
    draft = TenderFactory(organisation=council)
    client.force_login(supplier_user)
    assert client.get(_url("participant_join", draft)).status_code == 404


# --- Withdrawing -----------------------------------------------------------------------------
def test_withdrawal_form_keeps_what_was_typed_when_the_reason_is_missing(
    client, tender, participant, supplier_user
):
    client.force_login(supplier_user)
    response = client.post(_url("participant_withdraw", tender), {"detail": "We merged."})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose why you are withdrawing" in content
    assert "We merged." in content
    participant.refresh_from_db()
    assert participant.withdrawn_at is None


def test_another_reason_needs_words_on_the_form(client, tender, participant, supplier_user):
    client.force_login(supplier_user)
    response = client.post(_url("participant_withdraw", tender), {"reason": "other"})
    assert "Tell the buyer why you are withdrawing" in response.content.decode()


def test_a_supplier_withdraws_and_sees_the_summary(client, tender, participant, supplier_user):
    client.force_login(supplier_user)
    response = client.post(
        _url("participant_withdraw", tender), {"reason": "risk", "detail": SECRET_REASON}
    )
    assert response.status_code == 302
    page = client.get(_url("participant_withdraw", tender)).content.decode()
    assert "You withdrew on" in page
    assert "too much risk is transferred to the provider" in page
    assert SECRET_REASON in page


def test_another_supplier_never_sees_a_withdrawal(
    client, tender, participant, other_participant, supplier_user, other_supplier_user
):
    procurement_services.participant_withdraw(
        participant=participant, reason="risk", detail=SECRET_REASON, by=supplier_user
    )
    client.force_login(other_supplier_user)
    for name in ("participant_withdraw", "participant_messages", "specification_changes"):
        assertNotContains(client.get(_url(name, tender)), SECRET_REASON)
    assert client.get(_url("market_shaping_tender", tender)).status_code == 404


def test_a_supplier_not_taking_part_gets_404_on_withdraw_and_messages(
    client, tender, participant, other_supplier_user
):
    client.force_login(other_supplier_user)
    assert client.get(_url("participant_withdraw", tender)).status_code == 404
    assert client.get(_url("participant_messages", tender)).status_code == 404


# --- Messages -----------------------------------------------------------------------------------
def test_supplier_sends_a_message_and_sees_their_thread(client, tender, participant, supplier_user):
    client.force_login(supplier_user)
    response = client.post(_url("participant_messages", tender), {"body": SECRET})
    assert response.status_code == 302
    assert SECRET in client.get(_url("participant_messages", tender)).content.decode()


def test_an_empty_or_long_message_keeps_the_form(client, tender, participant, supplier_user):
    client.force_login(supplier_user)
    response = client.post(_url("participant_messages", tender), {"body": "x" * 5001})
    assert "5,000 characters or fewer" in response.content.decode()
    assert not TenderMessage.objects.exists()


def test_other_supplier_never_reads_another_suppliers_thread(
    client, tender, participant, other_participant, supplier_user, other_supplier_user
):
    services.message_send(participant=participant, body=SECRET, by=supplier_user)
    client.force_login(other_supplier_user)
    assertNotContains(client.get(_url("participant_messages", tender)), SECRET)
    assert client.get(_url("participant_thread", tender, participant.pk)).status_code == 404
    client.post(_url("participant_thread", tender, participant.pk), {"body": "Sneaky"})
    assert not TenderMessage.objects.filter(body="Sneaky").exists()


def test_buyer_lists_threads_and_replies(client, tender, participant, supplier_user, commissioner):
    services.message_send(participant=participant, body=SECRET, by=supplier_user)
    client.force_login(commissioner)
    listing = client.get(_url("participant_messages", tender)).content.decode()
    assert participant.supplier.name in listing
    assert SECRET in listing
    url = _url("participant_thread", tender, participant.pk)
    assert SECRET in client.get(url).content.decode()
    response = client.post(url, {"body": "Yes, that is fine."})
    assert response.status_code == 302
    assert TenderMessage.objects.filter(from_buyer=True, body="Yes, that is fine.").exists()


def test_a_council_viewer_cannot_read_or_reply(client, tender, participant, supplier_user, viewer):
    services.message_send(participant=participant, body=SECRET, by=supplier_user)
    client.force_login(viewer)
    assert client.get(_url("participant_thread", tender, participant.pk)).status_code == 404
    # Not a buyer who handles messages, nor a participant: the message list is not theirs.
    assertNotContains(client.get(_url("participant_messages", tender)), SECRET, status_code=404)


def test_an_evaluator_reads_but_cannot_reply(client, tender, participant, supplier_user, evaluator):
    services.message_send(participant=participant, body=SECRET, by=supplier_user)
    client.force_login(evaluator)
    url = _url("participant_thread", tender, participant.pk)
    assert SECRET in client.get(url).content.decode()
    assert client.post(url, {"body": "Hello"}).status_code == 404


def test_buyer_thread_list_costs_the_same_however_many_threads(
    client, tender, commissioner, django_assert_max_num_queries
):
    for _ in range(3):
        participant, person = _new_supplier_participant(tender)
        services.message_send(participant=participant, body="Hello", by=person)
    client.force_login(commissioner)
    client.get(_url("participant_messages", tender))
    for _ in range(25):
        participant, person = _new_supplier_participant(tender)
        services.message_send(participant=participant, body="Hello", by=person)
        services.message_send(participant=participant, body="Hi", by=commissioner)
    with django_assert_max_num_queries(12):
        response = client.get(_url("participant_messages", tender))
    assert response.content.decode().count('class="govuk-table__row"') == 1 + 28


def test_a_thread_costs_the_same_however_many_messages(
    client, tender, participant, supplier_user, commissioner, django_assert_max_num_queries
):
    for number in range(40):
        author = commissioner if number % 2 else supplier_user
        services.message_send(participant=participant, body=f"Message {number}", by=author)
    client.force_login(commissioner)
    with django_assert_max_num_queries(12):
        response = client.get(_url("participant_thread", tender, participant.pk))
    assert "Message 39" in response.content.decode()


# --- Specification changes -----------------------------------------------------------------------
def _issue_v2(tender):
    v2 = SpecificationVersionFactory(
        specification=tender.specification_version.specification,
        number=2,
        change_note="Dialogue showed that four hubs are needed.",
        snapshot=spec_snapshot("Run four food hubs on the estates."),
    )
    tender.specification_version = v2
    tender.save(update_fields=["specification_version"])
    return v2


def test_participant_sees_changes_since_last_seen_and_marks_them_read(
    client, tender, participant, supplier_user
):
    _issue_v2(tender)
    client.force_login(supplier_user)
    page = client.get(_url("specification_changes", tender)).content.decode()
    assert "Changes since version 1" in page
    assert "Dialogue showed that four hubs are needed." in page
    assert '<del><span class="govuk-visually-hidden">[removed: </span>three' in page
    assert "[added: </span>four" in page
    response = client.post(_url("participant_version_seen", tender))
    assert response.status_code == 302
    response = client.get(_url("specification_changes", tender))
    assertContains(response, "No changes to read")
    assertNotContains(response, "[added: ")
    participant.refresh_from_db()
    assert participant.last_seen_version.number == 2


def test_council_sees_every_version(client, tender, commissioner):
    _issue_v2(tender)
    client.force_login(commissioner)
    page = client.get(_url("specification_changes", tender)).content.decode()
    assert "Every issued version" in page
    assert "Version 1" in page and "Version 2" in page


def test_public_sees_the_current_version_only(client, tender):
    _issue_v2(tender)
    response = client.get(_url("specification_changes", tender))
    assertContains(response, "Run four food hubs")
    assertNotContains(response, "Changes since")
    assertNotContains(response, "Every issued version")


def test_a_draft_specification_page_is_404_for_outsiders(client, council, supplier_user):
    draft = TenderFactory(organisation=council)
    assert client.get(_url("specification_changes", draft)).status_code == 404
    client.force_login(supplier_user)
    assert client.get(_url("specification_changes", draft)).status_code == 404


def test_another_supplier_cannot_mark_as_read(client, tender, participant, other_supplier_user):
    client.force_login(other_supplier_user)
    assert client.post(_url("participant_version_seen", tender)).status_code == 404


# --- Market-shaping insight ----------------------------------------------------------------------
def test_council_sees_who_withdrew_and_why(
    client, tender, participant, supplier_user, commissioner
):
    procurement_services.participant_withdraw(
        participant=participant, reason="risk", detail=SECRET_REASON, by=supplier_user
    )
    client.force_login(commissioner)
    page = client.get(_url("market_shaping_tender", tender)).content.decode()
    assert SECRET_REASON in page
    assert WithdrawalReason.RISK.label in page
    assert "Co-operative" in page


@pytest.mark.parametrize(
    ("person", "status"),
    [("viewer", 200), ("evaluator", 200), ("supplier_user", 404), ("other_commissioner", 404)],
)
def test_market_shaping_is_for_council_members_only(
    client, tender, participant, person, status, request
):
    client.force_login(request.getfixturevalue(person))
    assert client.get(_url("market_shaping_tender", tender)).status_code == status


def test_mission_market_shaping_aggregates_its_tenders(
    client, council, tender, commissioner, supplier_user, participant
):
    mission = MissionFactory(organisation=council)
    tender.commission.missions.add(mission)
    procurement_services.participant_withdraw(
        participant=participant, reason="timescale", detail="", by=supplier_user
    )
    url = reverse("dialogue:market_shaping_mission", args=[mission.pk])
    client.force_login(commissioner)
    page = client.get(url).content.decode()
    assert tender.title in page
    assert WithdrawalReason.TIMESCALE.label in page
    client.force_login(supplier_user)
    assert client.get(url).status_code == 404


def test_market_shaping_pages_cost_the_same_however_many_withdraw(
    client, council, tender, commissioner, django_assert_max_num_queries
):
    mission = MissionFactory(organisation=council)
    tender.commission.missions.add(mission)
    client.force_login(commissioner)
    tender_url = _url("market_shaping_tender", tender)
    mission_url = reverse("dialogue:market_shaping_mission", args=[mission.pk])
    for _ in range(30):
        participant, person = _new_supplier_participant(tender)
        procurement_services.participant_withdraw(
            participant=participant, reason="bid_cost", detail="Too costly.", by=person
        )
    with django_assert_max_num_queries(12):
        assert client.get(tender_url).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(mission_url).status_code == 200
