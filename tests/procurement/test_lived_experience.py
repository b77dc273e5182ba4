"""Lived-experience panel members: added by the commissioner for chosen questions, an
account from an emailed link, a declaration that names their own connections, anonymised
answers to their questions only, and their scores on the moderation page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import User
from core.broker import OUTBOX_GRACE
from core.errors import DomainError
from procurement import evaluation, lived_experience
from procurement.lived_experience_pages import bid_letter, redact
from procurement.models import BidAnswer, PanelMember, Score, TenderQuestion
from tests.factories import UserFactory
from tests.procurement.factories import BidAnswerFactory, BidFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long walk home"
EMAIL = "pat@example.com"


def _questions(tender: Any) -> tuple[TenderQuestion, TenderQuestion]:
    return (
        tender.questions.get(text="How will you involve residents?"),
        tender.questions.get(text="What social value?"),
    )


def _name_the_bidders_in_their_answers(tender: Any) -> None:
    for answer in BidAnswer.objects.filter(bid__tender=tender).select_related("bid__supplier"):
        answer.text = f"At {answer.bid.supplier.name} we ask residents first."
        answer.save()


def _add(tender: Any, commissioner: Any, **fields: Any) -> PanelMember:
    residents, _ = _questions(tender)
    values = {"full_name": "Pat Lewis", "email": EMAIL, "questions": [residents], **fields}
    return lived_experience.lived_experience_member_add(tender=tender, by=commissioner, **values)


@pytest.fixture
def member(evaluating: Any, commissioner: Any) -> Any:
    """A cleared lived-experience member of the evaluating tender, for its quality
    question only, with an account set up from the link."""
    _name_the_bidders_in_their_answers(evaluating)
    seat = _add(evaluating, commissioner)
    lived_experience.lived_experience_account_set_up(
        token=seat.invitation_token, full_name="Pat Lewis", password=PASSWORD
    )
    lived_experience.lived_experience_declare(
        tender=evaluating, has_connections=False, by=seat.evaluator
    )
    seat.evaluator.refresh_from_db()
    return seat.evaluator


def _letters(tender: Any) -> dict[str, Any]:
    bids = tender.bids.filter(status="submitted").order_by("pk")
    return {bid_letter(index): bid for index, bid in enumerate(bids)}


# --- Adding a member -------------------------------------------------------------------------
def test_a_new_person_gets_an_account_with_no_role_and_an_emailed_link(
    evaluating: Any, commissioner: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    with django_capture_on_commit_callbacks() as callbacks:
        seat = _add(evaluating, commissioner)
    assert len(callbacks) == 1, "the invitation email is queued after the commit"
    person = seat.evaluator
    assert seat.is_lived_experience
    assert not person.has_usable_password()
    assert not person.memberships.exists()
    assert list(seat.questions.all()) == [_questions(evaluating)[0]]

    lived_experience.lived_experience_invitation_send(seat_id=seat.pk)
    (message,) = mailoutbox
    assert message.to == [EMAIL]
    link = reverse("procurement:lived_experience_join", args=[seat.invitation_token])
    assert link in message.body
    for name in ("Good Food Co-op", "Big Catering plc"):
        assert name not in message.body


def test_the_link_is_emailed_once_and_the_sweep_sends_one_the_broker_lost(
    evaluating: Any, commissioner: Any, mailoutbox: list
) -> None:
    sent = _add(evaluating, commissioner)
    assert lived_experience.lived_experience_invitation_send(seat_id=sent.pk)
    assert not lived_experience.lived_experience_invitation_send(seat_id=sent.pk)
    lost = _add(evaluating, commissioner, email="robin@example.com")
    # Too recent: its own task may still be on its way.
    assert lived_experience.lived_experience_invitations_catch_up() == 0
    PanelMember.objects.filter(pk=lost.pk).update(added_at=timezone.now() - OUTBOX_GRACE)
    assert lived_experience.lived_experience_invitations_catch_up() == 1
    assert lived_experience.lived_experience_invitations_catch_up() == 0
    assert [message.to for message in mailoutbox] == [[EMAIL], ["robin@example.com"]]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("council_staff", "Add them to the panel as an evaluator"),
        ("bidder", "belongs to a supplier taking part"),
        ("no_questions", "Choose at least one question"),
        ("price_question", "quality or social value"),
        ("other_tender_question", "quality or social value"),
        ("twice", "already on the panel"),
    ],
)
def test_who_and_which_questions_may_be_added(
    evaluating: Any,
    commissioner: Any,
    evaluator: Any,
    supplier_user: Any,
    open_tender: Any,
    case: str,
    expected: str,
) -> None:
    fields: dict[str, Any] = {}
    if case == "council_staff":
        fields["email"] = evaluator.email
    elif case == "bidder":
        fields["email"] = supplier_user.email
    elif case == "no_questions":
        fields["questions"] = []
    elif case == "price_question":
        price = evaluating.criteria.get(kind="price")
        fields["questions"] = [
            TenderQuestion.objects.create(tender=evaluating, text="Price?", criterion=price)
        ]
    elif case == "other_tender_question":
        fields["questions"] = [open_tender.questions.get()]
    elif case == "twice":
        _add(evaluating, commissioner)
    with pytest.raises(DomainError, match=expected):
        _add(evaluating, commissioner, **fields)


def test_only_the_buyers_managers_add_a_member(evaluating: Any, evaluator: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _add(evaluating, evaluator)


def test_someone_with_an_account_is_told_in_the_service(evaluating: Any, commissioner: Any) -> None:
    person = UserFactory(email="sam@example.com")
    seat = _add(evaluating, commissioner, email="SAM@example.com")
    assert seat.evaluator == person
    assert seat.invitation_token is None
    assert person.notifications.get().url == reverse(
        "procurement:lived_experience_panel", args=[evaluating.pk]
    )


def test_the_commissioner_adds_a_member_through_the_page(
    client: Any, evaluating: Any, commissioner: Any
) -> None:
    residents, social = _questions(evaluating)
    client.force_login(commissioner)
    url = reverse("procurement:lived_experience_add", args=[evaluating.pk])
    page = client.get(url)
    assertContains(page, residents.text)
    response = client.post(url, {"full_name": "Pat Lewis", "email": EMAIL})
    assertContains(response, "Choose at least one question for them to score")
    response = client.post(
        url, {"full_name": "Pat Lewis", "email": EMAIL, "questions": [social.pk]}
    )
    assert response.status_code == 302
    assert PanelMember.objects.get(evaluator__email=EMAIL).questions.get() == social
    overview = client.get(reverse("procurement:evaluation", args=[evaluating.pk]))
    assertContains(overview, "Lived-experience member")


def test_an_email_address_longer_than_can_be_kept_is_refused_with_the_limit(
    client: Any, evaluating: Any, commissioner: Any
) -> None:
    """Once a server error: the new account's email column keeps 254 characters."""
    residents, _ = _questions(evaluating)
    too_long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".uk"
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:lived_experience_add", args=[evaluating.pk]),
        {"full_name": "Pat Lewis", "email": too_long, "questions": [residents.pk]},
    )
    assertContains(response, "The email address must be 254 characters or fewer")
    assertContains(response, "Pat Lewis")
    with pytest.raises(DomainError, match="254 characters or fewer"):
        _add(evaluating, commissioner, email=too_long)
    assert not PanelMember.objects.filter(tender=evaluating, evaluator__full_name="Pat Lewis")
    assert not User.objects.filter(full_name="Pat Lewis").exists()


# --- The account from the link ---------------------------------------------------------------
def test_the_link_sets_up_the_account_signs_in_and_works_once(
    client: Any, evaluating: Any, commissioner: Any
) -> None:
    seat = _add(evaluating, commissioner)
    url = reverse("procurement:lived_experience_join", args=[seat.invitation_token])
    assertContains(client.get(url), "Set up your account")
    refused = client.post(
        url, {"full_name": "Pat", "password1": PASSWORD, "password2": "something else"}
    )
    assertContains(refused, "The passwords do not match")
    short = client.post(url, {"full_name": "Pat", "password1": "abc", "password2": "abc"})
    assertContains(short, "This password is too short")
    response = client.post(
        url, {"full_name": "Pat Lewis", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.url == reverse("procurement:lived_experience_panel", args=[evaluating.pk])
    assertContains(client.get(response.url), "Your questions")
    client.logout()
    assert client.login(email=EMAIL, password=PASSWORD)
    assert client.get(url).status_code == 404, "used once"


def test_a_password_with_spaces_at_either_end_signs_in_as_typed(
    client: Any, evaluating: Any, commissioner: Any
) -> None:
    """The sign-in page takes a password as typed, so the link keeps its spaces too
    (before, it stripped them and the person could not sign in with what they typed)."""
    seat = _add(evaluating, commissioner)
    typed = f"  {PASSWORD} "
    url = reverse("procurement:lived_experience_join", args=[seat.invitation_token])
    response = client.post(url, {"full_name": "Pat Lewis", "password1": typed, "password2": typed})
    assert response.status_code == 302
    client.logout()
    signed_in = client.post(reverse("account_login"), {"login": EMAIL, "password": typed})
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(seat.evaluator.pk)


def test_an_expired_link_sets_up_nothing(evaluating: Any, commissioner: Any) -> None:
    seat = _add(evaluating, commissioner)
    PanelMember.objects.filter(pk=seat.pk).update(
        invitation_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(DomainError, match="expired"):
        lived_experience.lived_experience_account_set_up(
            token=seat.invitation_token, full_name="Pat", password=PASSWORD
        )
    seat.evaluator.refresh_from_db()
    assert not seat.evaluator.has_usable_password()


def test_the_commissioner_sends_a_new_link_when_the_first_expired(
    client: Any, evaluating: Any, commissioner: Any, mailoutbox: list
) -> None:
    seat = _add(evaluating, commissioner)
    lived_experience.lived_experience_invitation_send(seat_id=seat.pk)
    expired_on = timezone.now() - datetime.timedelta(days=1)
    PanelMember.objects.filter(pk=seat.pk).update(invitation_expires_at=expired_on)
    first = seat.invitation_token
    client.force_login(commissioner)
    page = client.get(reverse("procurement:evaluation", args=[evaluating.pk]))
    assertContains(page, "Has not set up their account yet")
    assertContains(page, "expired")
    assertContains(page, "Send a new link")

    response = client.post(
        reverse("procurement:lived_experience_invitation_renew", args=[evaluating.pk, seat.pk]),
        follow=True,
    )
    assertContains(response, "We are emailing Pat Lewis a new link")
    seat.refresh_from_db()
    assert seat.invitation_token != first
    assert seat.invitation_expires_at > timezone.now() + datetime.timedelta(days=13)
    # The earlier link no longer works; the new one is emailed, once.
    assert lived_experience.seat_for_invitation(first) is None
    assert lived_experience.lived_experience_invitation_send(seat_id=seat.pk)
    assert not lived_experience.lived_experience_invitation_send(seat_id=seat.pk)
    assert len(mailoutbox) == 2
    assert reverse("procurement:lived_experience_join", args=[seat.invitation_token]) in (
        mailoutbox[-1].body
    )
    lived_experience.lived_experience_account_set_up(
        token=seat.invitation_token, full_name="Pat Lewis", password=PASSWORD
    )


def test_no_new_link_once_the_account_is_set_up_or_for_anyone_but_the_buyers_managers(
    evaluating: Any, commissioner: Any, evaluator: Any, member: Any
) -> None:
    seat = PanelMember.objects.get(tender=evaluating, evaluator=member)
    with pytest.raises(DomainError, match="set up their account already"):
        lived_experience.lived_experience_invitation_renew(seat=seat, by=commissioner)
    waiting = _add(evaluating, commissioner, email="robin@example.com")
    with pytest.raises(PermissionDenied):
        lived_experience.lived_experience_invitation_renew(seat=waiting, by=evaluator)
    waiting.refresh_from_db()
    assert waiting.invitation_sent_at is None and waiting.awaiting_account


# --- The declaration -------------------------------------------------------------------------
def test_named_connections_wait_for_the_commissioners_check(
    client: Any, evaluating: Any, commissioner: Any
) -> None:
    seat = _add(evaluating, commissioner)
    person = seat.evaluator
    client.force_login(person)
    declaration = reverse("procurement:lived_experience_declaration", args=[evaluating.pk])
    page = client.get(declaration)
    for name in ("Good Food Co-op", "Big Catering plc"):
        assertNotContains(page, name)
    client.post(declaration, {"has_connections": "yes", "connections": "I volunteer at Oak Lodge."})
    seat.refresh_from_db()
    assert seat.awaiting_check and not seat.is_cleared
    panel = client.get(reverse("procurement:lived_experience_panel", args=[evaluating.pk]))
    assertContains(panel, "The council is checking them")
    assertNotContains(panel, "Bid A")

    client.force_login(commissioner)
    overview = client.get(reverse("procurement:evaluation", args=[evaluating.pk]))
    assertContains(overview, "I volunteer at Oak Lodge.")
    check = reverse("procurement:lived_experience_check", args=[evaluating.pk, seat.pk])
    client.post(check, {f"check{seat.pk}-has_conflict": "no"})
    seat.refresh_from_db()
    assert seat.is_cleared
    assert person.notifications.filter(key=f"panel-checked:{seat.pk}").exists()


def test_a_conflict_found_in_the_check_takes_the_member_off_the_tender(
    client: Any, evaluating: Any, commissioner: Any
) -> None:
    seat = _add(evaluating, commissioner)
    lived_experience.lived_experience_declare(
        tender=evaluating,
        has_connections=True,
        connections="My son works at Good Food Co-op.",
        by=seat.evaluator,
    )
    lived_experience.lived_experience_connections_check(
        seat=seat, has_conflict=True, by=commissioner
    )
    client.force_login(seat.evaluator)
    panel = reverse("procurement:lived_experience_panel", args=[evaluating.pk])
    assert client.get(panel).status_code == 404


def test_naming_connections_needs_the_names(evaluating: Any, commissioner: Any) -> None:
    seat = _add(evaluating, commissioner)
    with pytest.raises(DomainError, match="Name the organisations"):
        lived_experience.lived_experience_declare(
            tender=evaluating, has_connections=True, by=seat.evaluator
        )


# --- Reading and scoring, anonymised ---------------------------------------------------------
def test_the_member_sees_letters_and_their_question_only(
    client: Any, evaluating: Any, member: Any
) -> None:
    residents, social = _questions(evaluating)
    client.force_login(member)
    panel = client.get(reverse("procurement:lived_experience_panel", args=[evaluating.pk]))
    assertContains(panel, "Bid A")
    assertContains(panel, "Bid B")
    assertContains(panel, residents.text)
    for hidden in ("Good Food Co-op", "Big Catering plc", social.text):
        assertNotContains(panel, hidden)

    page = client.get(reverse("procurement:lived_experience_score", args=[evaluating.pk, "A"]))
    assertContains(page, "Score Bid A")
    assertContains(page, "At [the bidder] we ask residents first.")
    for hidden in ("Good Food Co-op", "Big Catering plc", social.text, "Price schedule", "£"):
        assertNotContains(page, hidden)


def test_the_member_scores_with_the_tenders_descriptors_and_submits(
    client: Any, evaluating: Any, member: Any
) -> None:
    residents, _ = _questions(evaluating)
    client.force_login(member)
    for letter in ("A", "B"):
        url = reverse("procurement:lived_experience_score", args=[evaluating.pk, letter])
        assertContains(client.get(url), "3: ")
        client.post(
            url, {f"score_{residents.pk}": "3", f"rationale_{residents.pk}": "They ask first."}
        )
    assert Score.objects.filter(evaluator=member).count() == 2
    client.post(reverse("procurement:lived_experience_submit", args=[evaluating.pk]))
    seat = PanelMember.objects.get(evaluator=member)
    assert seat.scores_submitted_at is not None, "two answers were all theirs to score"


def test_a_member_cannot_score_another_question(evaluating: Any, member: Any) -> None:
    _, social = _questions(evaluating)
    bid = _letters(evaluating)["A"]
    with pytest.raises(DomainError, match="not yours to score"):
        evaluation.scores_record(bid=bid, scores={social.pk: (4, "Good.")}, by=member)


def test_a_bid_that_answers_none_of_their_questions_is_not_theirs(
    client: Any, evaluating: Any, member: Any
) -> None:
    client.force_login(member)
    assert (
        client.get(
            reverse("procurement:lived_experience_score", args=[evaluating.pk, "Z"])
        ).status_code
        == 404
    )


def test_redact_takes_out_every_bidder_name_whatever_its_case() -> None:
    text = "good food co-op and Good Food Co-op Ltd work with Big Catering plc."
    assert redact(text, ["Good Food Co-op", "Big Catering plc"]) == (
        "[the bidder] and [the bidder] Ltd work with [the bidder]."
    )
    assert [bid_letter(n) for n in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]


# --- Who may open what -----------------------------------------------------------------------
def test_a_member_gets_no_evaluator_or_buyer_page(
    client: Any, evaluating: Any, member: Any
) -> None:
    residents, _ = _questions(evaluating)
    bid = _letters(evaluating)["A"]
    client.force_login(member)
    for name, args in [
        ("procurement:evaluation", [evaluating.pk]),
        ("procurement:declaration", [evaluating.pk]),
        ("procurement:moderation", [evaluating.pk, residents.pk]),
        ("procurement:bid_score", [bid.pk]),
        ("procurement:bid_detail", [bid.pk]),
        ("procurement:tender_bidders", [evaluating.pk]),
        ("procurement:lived_experience_add", [evaluating.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [
        ("procurement:scores_submit", [evaluating.pk]),
        ("procurement:concern_raise", [bid.pk]),
        ("procurement:panel_add", [evaluating.pk]),
    ]:
        assert client.post(reverse(name, args=args)).status_code == 404, name


def test_the_buyers_people_get_no_member_page(
    client: Any, evaluating: Any, member: Any, commissioner: Any, evaluator: Any
) -> None:
    for person in (commissioner, evaluator):
        client.force_login(person)
        for name, args in [
            ("procurement:lived_experience_panel", [evaluating.pk]),
            ("procurement:lived_experience_declaration", [evaluating.pk]),
            ("procurement:lived_experience_score", [evaluating.pk, "A"]),
        ]:
            assert client.get(reverse(name, args=args)).status_code == 404, name


def test_a_member_of_one_tender_sees_nothing_of_another(
    client: Any, member: Any, open_tender: Any
) -> None:
    client.force_login(member)
    panel = reverse("procurement:lived_experience_panel", args=[open_tender.pk])
    assert client.get(panel).status_code == 404


# --- Moderation --------------------------------------------------------------------------------
def test_their_scores_are_moderated_with_the_others_and_labelled(
    client: Any, evaluating: Any, member: Any, commissioner: Any, evaluator: Any
) -> None:
    residents, social = _questions(evaluating)
    for letter, bid in _letters(evaluating).items():
        evaluation.scores_record(
            bid=bid, scores={residents.pk: (2, f"Member on {letter}.")}, by=member
        )
    client.force_login(commissioner)
    moderation = reverse("procurement:moderation", args=[evaluating.pk, residents.pk])
    assertContains(client.get(moderation), "panel members have not submitted")
    for person in (evaluator, commissioner):
        for bid in _letters(evaluating).values():
            evaluation.scores_record(
                bid=bid,
                scores={residents.pk: (4, "Good."), social.pk: (4, "Good.")},
                by=person,
            )
        evaluation.scores_submit(tender=evaluating, by=person)
    assert evaluation.moderation_waiting_reason(evaluating), "the member has not sent theirs"
    evaluation.scores_submit(tender=evaluating, by=member)
    assert evaluation.moderation_waiting_reason(evaluating) == ""
    page = client.get(moderation)
    assertContains(page, "Member on A.")
    assertContains(page, "Lived-experience member", count=2)
    assertNotContains(
        client.get(reverse("procurement:moderation", args=[evaluating.pk, social.pk])),
        "Lived-experience member",
    )


# --- Query counts ------------------------------------------------------------------------------
def test_member_pages_read_a_constant_number_of_queries(
    client: Any,
    evaluating: Any,
    member: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from tests.factories import OrganisationFactory

    residents, _ = _questions(evaluating)
    for number in range(12):
        bid = BidFactory(
            tender=evaluating,
            supplier=OrganisationFactory(kind="supplier", name=f"Supplier {number}"),
            status="submitted",
        )
        BidAnswerFactory(bid=bid, question=residents, text=f"Supplier {number} answers.")
    client.force_login(member)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("procurement:lived_experience_panel", args=[evaluating.pk]))
    assertContains(response, "Bid N")
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("procurement:lived_experience_score", args=[evaluating.pk, "N"])
        )
    assertContains(response, "[the bidder] answers.")
    assertNotContains(response, "Supplier 11")


def test_the_evaluation_report_labels_their_seat_and_scores(evaluating: Any, member: Any) -> None:
    from django.template.loader import render_to_string

    from procurement.report_kinds import _evaluation_report_context

    residents, _ = _questions(evaluating)
    evaluation.scores_record(
        bid=_letters(evaluating)["A"], scores={residents.pk: (3, "Kind words.")}, by=member
    )
    html = render_to_string(
        "reports/pdf/evaluation_report.html", _evaluation_report_context(evaluating)
    )
    assert "E3 (lived-experience member) gave 3: Kind words." in html
    assert "Pat Lewis (lived-experience member)" in html


def test_evaluation_needs_an_evaluator_not_only_a_lived_experience_member(
    closed_tender: Any, commissioner: Any
) -> None:
    seat = _add(closed_tender, commissioner)
    lived_experience.lived_experience_declare(
        tender=closed_tender, has_connections=False, by=seat.evaluator
    )
    with pytest.raises(DomainError, match="At least one evaluator"):
        evaluation.tender_start_evaluation(tender=closed_tender, by=commissioner)


def test_the_add_page_reads_a_constant_number_of_queries(
    client: Any, evaluating: Any, commissioner: Any, django_assert_max_num_queries: Any
) -> None:
    from tests.procurement.factories import TenderQuestionFactory

    for number in range(15):
        TenderQuestionFactory(tender=evaluating, text=f"Question {number}?")
    client.force_login(commissioner)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("procurement:lived_experience_add", args=[evaluating.pk]))
    assertContains(response, "Question 14?")
