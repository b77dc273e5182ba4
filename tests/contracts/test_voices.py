"""A third voice in check-ins: people who use the service answer through an emailed link."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import CheckInStatus, ServiceUserVoice, VoiceInvitation
from contracts.voices import selectors, services
from contracts.voices.services import VoiceInvalid, VoiceLinkExpired, VoiceLinkUsed
from home.missions import mission_progress
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import CheckInFactory, ContractFactory

pytestmark = pytest.mark.django_db

NOW = "2027-07-01 12:00:00+01:00"
GOOD = {"respect": 5, "reliable": 4, "difference": 3}
FORM = {
    "story": "The staff know my name and the bus is on time.",
    "respect": "5",
    "reliable": "4",
    "difference": "3",
}


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    return ContractFactory(
        organisation=council,
        provider=supplier_org,
        contract_manager=contract_manager,
        title="Day centre",
    )


@pytest.fixture
def checkin(contract):
    return CheckInFactory(contract=contract, held_on=datetime.date(2027, 6, 30))


def _invite_and_send(checkin, by, emails=("amina@example.com",)):
    """Invite through the service, then run the email task's service for each invitation,
    as the worker would. Returns the links in the emails sent."""
    services.voices_invite(checkin=checkin, emails=list(emails), by=by)
    for invitation in VoiceInvitation.objects.filter(sent_at__isnull=True):
        services.voice_invitation_send(invitation_id=invitation.pk)
    return [re.search(r"https?://\S+/your-say/\S+/", m.body).group(0) for m in mail.outbox]


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


# --- Asking ------------------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_invitations_queue_one_email_each_then_forget_the_address(
    checkin, contract_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        asked = services.voices_invite(
            checkin=checkin, emails=["a@example.com", "b@example.com"], by=contract_manager
        )
    assert asked == 2
    assert len(callbacks) == 2  # one email task each, sent once the change is saved
    for invitation in VoiceInvitation.objects.all():
        assert services.voice_invitation_send(invitation_id=invitation.pk) is True
        # Safe to run twice: the second run has no address to send to.
        assert services.voice_invitation_send(invitation_id=invitation.pk) is False
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert "How is Day centre going for you?" in mail.outbox[0].subject
    assert set(VoiceInvitation.objects.values_list("email", flat=True)) == {""}
    assert all(len(h) == 64 for h in VoiceInvitation.objects.values_list("email_hash", flat=True))


def test_invitations_left_unsent_by_a_broker_outage_go_out_once_from_the_sweep(
    checkin, contract_manager
):
    # Asked while the broker was down: the rows are saved, no email went.
    services.voices_invite(
        checkin=checkin, emails=["a@example.com", "b@example.com"], by=contract_manager
    )
    assert mail.outbox == []
    # Too recent for the sweep: the invitations' own tasks may still be on their way.
    assert services.voice_invitations_catch_up() == 0
    earlier = datetime.datetime.now(tz=datetime.UTC) - datetime.timedelta(minutes=5)
    VoiceInvitation.objects.update(created_at=earlier)
    assert services.voice_invitations_catch_up() == 2
    assert services.voice_invitations_catch_up() == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_the_same_address_is_not_asked_twice_about_a_checkin(checkin, contract_manager):
    assert services.voices_invite(checkin=checkin, emails=["a@example.com"], by=contract_manager)
    services.voice_invitation_send(invitation_id=VoiceInvitation.objects.get().pk)
    again = services.voices_invite(
        checkin=checkin, emails=["A@Example.com".lower(), "c@example.com"], by=contract_manager
    )
    assert again == 1
    assert VoiceInvitation.objects.count() == 2


def test_addresses_are_parsed_and_a_bad_one_is_named():
    assert services.parse_addresses("a@example.com\nB@example.com, a@example.com") == [
        "a@example.com",
        "b@example.com",
    ]
    with pytest.raises(VoiceInvalid, match="not-an-address"):
        services.parse_addresses("a@example.com\nnot-an-address")


def test_only_the_buyers_contract_managers_may_ask(checkin, supplier_user, viewer):
    for person in (supplier_user, viewer):
        with pytest.raises(PermissionDenied):
            services.voices_invite(checkin=checkin, emails=["a@example.com"], by=person)


def test_a_shared_checkin_takes_no_more_invitations(contract, contract_manager):
    shared = CheckInFactory(contract=contract, status=CheckInStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.voices_invite(checkin=shared, emails=["a@example.com"], by=contract_manager)


# --- Answering ---------------------------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_a_link_works_once_and_keeps_no_trace_of_the_person(checkin, contract_manager):
    [link] = _invite_and_send(checkin, contract_manager)
    voice = services.voice_give(token=_token(link), story=" It helps. ", ratings=GOOD)
    assert (voice.story, voice.respect, voice.reliable, voice.difference) == ("It helps.", 5, 4, 3)
    assert voice.share_publicly is False
    assert VoiceInvitation.objects.get().answered is True
    with pytest.raises(VoiceLinkUsed):
        services.voice_give(token=_token(link), story="Again", ratings=GOOD)
    assert ServiceUserVoice.objects.count() == 1
    # Nothing on the answer points back to the address or the invitation.
    fields = {f.name for f in ServiceUserVoice._meta.get_fields()}
    assert not fields & {"email", "email_hash", "invitation", "name"}


def test_an_expired_link_is_refused(checkin, contract_manager):
    with time_machine.travel(NOW, tick=False):
        [link] = _invite_and_send(checkin, contract_manager)
    with (
        time_machine.travel("2027-07-30 12:00:00+01:00", tick=False),
        pytest.raises(VoiceLinkExpired),
    ):
        services.voice_give(token=_token(link), story="", ratings=GOOD)


@time_machine.travel(NOW, tick=False)
def test_every_rating_is_needed_and_from_1_to_5(checkin, contract_manager):
    [link] = _invite_and_send(checkin, contract_manager)
    with pytest.raises(VoiceInvalid, match="reliable"):
        services.voice_give(token=_token(link), story="", ratings={"respect": 4, "difference": 2})
    with pytest.raises(VoiceInvalid, match="1 to 5"):
        services.voice_give(token=_token(link), story="", ratings={**GOOD, "respect": 6})
    assert not ServiceUserVoice.objects.exists()


def test_a_forged_token_matches_nothing():
    assert services.voice_invitation_for_token("1:forged:token") is None


# --- The page the person reaches ---------------------------------------------------------
@time_machine.travel(NOW, tick=False)
def test_the_person_answers_on_a_page_without_an_account(client, checkin, contract_manager):
    [link] = _invite_and_send(checkin, contract_manager)
    url = reverse("contracts:voice_give", args=[_token(link)])
    page = client.get(url)
    assertContains(page, "How is it going for you?")
    assertContains(page, "Day centre")

    response = client.post(url, {**FORM, "share_publicly": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("contracts:voice_thanks")
    assert ServiceUserVoice.objects.get().share_publicly is True

    used = client.get(url)
    assertContains(used, "This link has been used", status_code=410)
    assertNotContains(used, "How is it going for you?", status_code=410)


@time_machine.travel(NOW, tick=False)
def test_a_form_with_a_missing_rating_keeps_what_was_typed(client, checkin, contract_manager):
    [link] = _invite_and_send(checkin, contract_manager)
    url = reverse("contracts:voice_give", args=[_token(link)])
    response = client.post(url, {**FORM, "difference": ""})
    assertContains(response, "There is a problem")
    assertContains(response, "Choose a number for")
    assertContains(response, "The staff know my name")
    assert not ServiceUserVoice.objects.exists()


def test_an_expired_link_gives_a_clear_page(client, checkin, contract_manager):
    with time_machine.travel(NOW, tick=False):
        [link] = _invite_and_send(checkin, contract_manager)
    with time_machine.travel("2027-08-15 12:00:00+01:00", tick=False):
        response = client.get(reverse("contracts:voice_give", args=[_token(link)]))
    assertContains(response, "This link has expired", status_code=410)


def test_a_made_up_link_is_not_found(client):
    assert client.get(reverse("contracts:voice_give", args=["made-up"])).status_code == 404


# --- Where the voice shows ---------------------------------------------------------------
def _voice(checkin, *, story="It helps me get out.", share=False, scores=(5, 4, 3)):
    return ServiceUserVoice.objects.create(
        checkin=checkin,
        story=story,
        respect=scores[0],
        reliable=scores[1],
        difference=scores[2],
        share_publicly=share,
        given_on=datetime.date(2027, 6, 29),
    )


def test_checkin_page_shows_voices_beside_both_sides_anonymously(client, checkin, supplier_user):
    _voice(checkin, scores=(5, 4, 2))
    _voice(checkin, story="", scores=(4, 4, 5))
    client.force_login(supplier_user)
    response = client.get(
        reverse("contracts:checkin_detail", args=[checkin.contract.pk, checkin.pk])
    )
    assertContains(response, "What people who use the service say")
    assertContains(response, "A person who uses the service")
    assertContains(response, "It helps me get out.")
    assertContains(response, "Average rating from 2 people who use the service")
    assertContains(response, "4.5")
    # Only the council's managers ask people.
    assertNotContains(response, "Send the emails")


def test_contract_manager_asks_from_the_checkin_page(
    client, checkin, contract_manager, django_capture_on_commit_callbacks
):
    client.force_login(contract_manager)
    url = reverse("contracts:voices_invite", args=[checkin.contract.pk, checkin.pk])
    with django_capture_on_commit_callbacks():
        response = client.post(url, {"emails": "a@example.com\nb@example.com"}, follow=True)
    assertContains(response, "2 people have been asked.")
    assertContains(response, "2 people asked, 0 answered.")

    bad = client.post(url, {"emails": "a@example.com\nnonsense"})
    assertContains(bad, "There is a problem")
    assertContains(bad, "“nonsense” is not an email address")
    assert VoiceInvitation.objects.count() == 2


def test_contract_page_shows_averages_and_latest_stories(client, checkin, viewer):
    _voice(checkin, story="Friendly and on time.")
    client.force_login(viewer)
    response = client.get(reverse("contracts:contract_detail", args=[checkin.contract.pk]))
    assertContains(response, "Friendly and on time.")
    assertContains(response, "1 person who uses the service said how it is going.")
    assertContains(response, "It makes a difference in my life")


def test_public_contract_page_shows_only_consented_stories_of_shared_checkins(
    client, contract, checkin
):
    shared = CheckInFactory(contract=contract, status=CheckInStatus.PUBLISHED)
    _voice(shared, story="Shared and agreed.", share=True)
    _voice(shared, story="Shared, not agreed.", share=False)
    _voice(checkin, story="Agreed, check-in not shared.", share=True)
    response = client.get(reverse("home:public_contract", args=[contract.pk]))
    assertContains(response, "Shared and agreed.")
    assertNotContains(response, "Shared, not agreed.")
    assertNotContains(response, "Agreed, check-in not shared.")
    assertContains(response, "Average rating from 1 person who uses the service")


def test_mission_page_shows_stories_from_shared_checkins(council, contract, checkin, commissioner):
    mission = MissionFactory(organisation=council)
    contract.missions.add(mission)
    shared = CheckInFactory(contract=contract, status=CheckInStatus.PUBLISHED)
    _voice(shared, story="Shared story.")
    _voice(checkin, story="Not yet shared.")
    stories = [v.story for v in mission_progress(mission, reader=commissioner).voice_stories]
    assert stories == ["Shared story."]


def test_contract_summary_averages_every_checkin(contract, checkin):
    _voice(checkin, scores=(5, 5, 5))
    _voice(CheckInFactory(contract=contract), scores=(3, 4, 1))
    summary = selectors.contract_voices(contract)
    assert summary.count == 2
    assert [str(row.average) for row in summary.averages] == ["4.0", "4.5", "3.0"]


def _add_voices(contract, checkin, count):
    for n in range(count):
        other = CheckInFactory(contract=contract, status=CheckInStatus.PUBLISHED)
        _voice(other, story=f"Story {n}", share=True)
        _voice(checkin, story=f"Story {n}")
        VoiceInvitation.objects.create(
            checkin=checkin,
            email_hash=f"hash-{checkin.pk}-{n}-{VoiceInvitation.objects.count()}",
            expires_at="2030-01-01T00:00Z",
        )


def test_voice_pages_run_the_same_number_of_queries_at_two_sizes(
    client, contract, checkin, commissioner
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contracts import page_cache

    client.force_login(commissioner)
    urls = [
        reverse("contracts:contract_detail", args=[contract.pk]),
        reverse("contracts:checkin_detail", args=[contract.pk, checkin.pk]),
        reverse("home:public_contract", args=[contract.pk]),
    ]

    def counts() -> list[int]:
        # The contract page's kept sections are drawn afresh each time (as on the first
        # view after a change), so the reads they make are counted at both sizes.
        page_cache.sections_changed([contract.pk])
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    _add_voices(contract, checkin, 1)
    counts()  # warms the caches (content types) that the first visit fills
    small = counts()
    _add_voices(contract, checkin, 8)
    assert counts() == small
