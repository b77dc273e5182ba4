"""Bad input, generated, on a supplier's bid and on the evaluators' forms: whatever is
typed or posted, the page answers with the form and its errors or writes exactly what
the rules say — never a server error, never half a bid or half a set of scores. Each test
also carries examples that must save, so the saving branch is always checked; the
helpers and settings are shared with `tests/test_bad_input.py` (`tests/bad_input.py`)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from contracts.models import Contract
from core.text import word_count
from procurement import award, lived_experience, services
from procurement.models import (
    Bid,
    BidAttachment,
    BidCommitment,
    BidLot,
    BidStatus,
    Concern,
    Lot,
    PanelMember,
    PriceLine,
    Score,
    TenderChange,
    TenderQuestion,
    TenderStatus,
)
from tests.bad_input import (
    ANY_TEXT,
    DATE_PART,
    EXAMPLES,
    FILE_CONTENT,
    FILE_NAME,
    ID_FIELD,
    NUMBER_TEXT,
    SCORE_FIELD,
    TEXT,
    as_posted,
    name_of,
    refused,
)
from tests.commissioning.factories import SpecificationVersionFactory
from tests.dates import date_fields, datetime_fields
from tests.procurement.factories import TenderFactory, TenderQuestionFactory
from tests.procurement.test_lot_award import _moderate_equally
from tests.social_value.factories import MeasureFactory

pytestmark = pytest.mark.django_db

# What the bid page's buttons post as `action`, or anything else.
ACTION = st.one_of(st.sampled_from(["submit", "save"]), ANY_TEXT)


# --- A supplier's answers: saving a draft and submitting ----------------------------------
@pytest.fixture
def questions(open_tender: Any) -> list[TenderQuestion]:
    """The open tender's two questions: one of up to 20 words, one of up to 10."""
    TenderQuestionFactory(tender=open_tender, text="What will residents pay?", word_limit=10)
    return list(open_tender.questions.order_by("pk"))


def _answers(questions: list[TenderQuestion], *texts: str) -> dict[str, str]:
    return {f"answer_{question.pk}": text for question, text in zip(questions, texts, strict=True)}


@EXAMPLES
@example(action="submit", first=" We will hold open sessions on each estate. ", second="Nothing.")
@example(
    action="save",
    first="",
    second="Far more than ten words, kept as a draft, to shorten another day.",
)
@given(action=ACTION, first=TEXT, second=TEXT)
def test_bid_answers_form(
    client,
    open_tender,
    questions,
    supplier_org,
    supplier_user,
    action: str,
    first: str,
    second: str,
) -> None:
    client.force_login(supplier_user)
    # Each example starts with no bid.
    Bid.objects.filter(tender=open_tender).delete()
    response = client.post(
        reverse("procurement:bid_edit", args=[open_tender.pk]),
        {"action": action, **_answers(questions, first, second)},
    )
    bids = Bid.objects.filter(tender=open_tender, supplier=supplier_org)
    if "\x00" in first + second:
        # A NUL character cannot be stored: the form says so and nothing is written.
        assert refused(response)
        assert not bids.exists()
        return
    # Anything else is kept as a draft exactly as typed, even over the word limit.
    bid = bids.get()
    typed = {question.pk: text for question, text in zip(questions, (first, second), strict=True)}
    assert {answer.question_id: answer.text for answer in bid.answers.all()} == typed
    complete = all(
        text.strip() and word_count(text) <= question.word_limit
        for question, text in zip(questions, (first, second), strict=True)
    )
    if action == "submit" and complete:
        assert response.status_code == 302, response.status_code
        assert bid.status == BidStatus.SUBMITTED
    elif action == "submit":
        # Refused, saying which answer to change; the draft is kept to change it.
        assert refused(response)
        assert bid.status == BidStatus.DRAFT
    else:
        assert response.status_code == 302, response.status_code
        assert bid.status == BidStatus.DRAFT


@EXAMPLES
@example(seconds=-1, had_draft=True, action="submit", text="We will listen first.")
@example(seconds=0, had_draft=True, action="save", text="We will listen first.")
@example(seconds=0, had_draft=False, action="submit", text="We will listen first.")
@given(
    seconds=st.one_of(st.integers(min_value=-3, max_value=3), st.integers(-3600, 3600)),
    had_draft=st.booleans(),
    action=ACTION,
    text=TEXT,
)
def test_bid_at_the_deadline(
    client,
    open_tender,
    supplier_org,
    supplier_user,
    seconds: int,
    had_draft: bool,
    action: str,
    text: str,
) -> None:
    """From the deadline on, nothing is written, whatever is posted, and the page says
    why; a second before it, the draft is saved or the bid submitted."""
    question = open_tender.questions.get()
    Bid.objects.filter(tender=open_tender).delete()
    if had_draft:
        bid = services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)
        services.bid_save_answers(bid=bid, answers={question.pk: "Kept."}, by=supplier_user)
    bids = Bid.objects.filter(tender=open_tender, supplier=supplier_org)
    moment = open_tender.submission_deadline + datetime.timedelta(seconds=seconds)
    with time_machine.travel(moment, tick=False):
        client.force_login(supplier_user)
        response = client.post(
            reverse("procurement:bid_edit", args=[open_tender.pk]),
            {"action": action, f"answer_{question.pk}": text},
        )
    if seconds < 0:
        assert response.status_code in (200, 302), response.status_code
        return
    if "\x00" not in text:
        assert refused(response)
        assert "The deadline for bids was" in response.content.decode()
    assert response.status_code == 200, response.status_code
    if had_draft:
        bid = bids.get()
        assert bid.status == BidStatus.DRAFT
        assert [answer.text for answer in bid.answers.all()] == ["Kept."]
    else:
        assert not bids.exists()


@EXAMPLES
@example(reason=" We cannot staff the weekend sessions. ")
@example(reason="")
@given(reason=TEXT)
def test_bid_withdrawal_form(client, submitted_bid, supplier_user, reason: str) -> None:
    """Withdrawn with the reason as typed, or refused and still submitted."""
    Bid.objects.filter(pk=submitted_bid.pk).update(
        status=BidStatus.SUBMITTED, withdrawn_at=None, withdrawal_reason=""
    )
    client.force_login(supplier_user)
    response = client.post(
        reverse("procurement:bid_withdraw", args=[submitted_bid.pk]), {"reason": reason}
    )
    bid = Bid.objects.get(pk=submitted_bid.pk)
    if refused(response):
        assert (bid.status, bid.withdrawn_at, bid.withdrawal_reason) == (
            BidStatus.SUBMITTED,
            None,
            "",
        )
    else:
        assert (bid.status, bid.withdrawal_reason) == (BidStatus.WITHDRAWN, reason.strip())
        assert bid.withdrawn_at is not None


# --- The parts of a bid besides its answers -----------------------------------------------
@pytest.fixture
def draft_bid(open_tender, supplier_org, supplier_user) -> Bid:
    return services.bid_start(tender=open_tender, supplier=supplier_org, by=supplier_user)


@EXAMPLES
@example(item=" Running the hubs for a year ", quantity=" 3 ", unit_price="1200.50")
# Past the largest contract value: refused, not a server error at the award.
@example(item="Hubs", quantity="9999999999.99", unit_price="999999999999.99")
@given(item=TEXT, quantity=NUMBER_TEXT, unit_price=NUMBER_TEXT)
def test_price_line_form(
    client, draft_bid, supplier_user, item: str, quantity: str, unit_price: str
) -> None:
    client.force_login(supplier_user)
    before = set(PriceLine.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "price"]),
        {"price-item": item, "price-quantity": quantity, "price-unit_price": unit_price},
    )
    added = PriceLine.objects.exclude(pk__in=before)
    if refused(response):
        assert not added.exists()
    else:
        line = added.get()
        assert line.bid_id == draft_bid.pk
        assert line.item == item.strip()
        assert (line.quantity, line.unit_price) == (Decimal(quantity), Decimal(unit_price))


@pytest.fixture
def measures() -> dict[str, Any]:
    return {
        "in use": MeasureFactory(code="bad-input-jobs", name="Local jobs", unit="people"),
        "retired": MeasureFactory(code="bad-input-old", name="Old measure", is_active=False),
    }


@EXAMPLES
@example(measure="in use", quantity="12", note=" Over the three years ")
@given(
    measure=st.one_of(st.sampled_from(["in use", "retired"]), ID_FIELD),
    quantity=NUMBER_TEXT,
    note=TEXT,
)
def test_commitment_form(
    client, draft_bid, supplier_user, measures, measure: str, quantity: str, note: str
) -> None:
    client.force_login(supplier_user)
    BidCommitment.objects.filter(bid=draft_bid).delete()
    chosen = measures.get(measure)
    response = client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "commitment"]),
        {
            "commitment-measure": str(chosen.pk) if chosen else measure,
            "commitment-quantity": quantity,
            "commitment-note": note,
        },
    )
    offered = BidCommitment.objects.filter(bid=draft_bid)
    if refused(response):
        assert not offered.exists()
    else:
        # Any measure in use, by its number.
        commitment = offered.get()
        assert commitment.measure.is_active
        assert commitment.measure.pk == (chosen.pk if chosen else int(measure))
        assert (commitment.quantity, commitment.note) == (Decimal(quantity), note.strip())


@EXAMPLES
@example(name="Our method statement.pdf", content=b"%PDF-1.7\n%%EOF")
@example(name="Références été 2027.txt", content="Café menu, £3.50".encode())
@given(name=FILE_NAME, content=FILE_CONTENT)
def test_attachment_form(client, draft_bid, supplier_user, name: str, content: bytes) -> None:
    client.force_login(supplier_user)
    before = {attachment.pk: attachment.file.name for attachment in draft_bid.attachments.all()}
    response = client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "attachment"]),
        {"attachment-upload": SimpleUploadedFile(name, content)},
    )
    attached = BidAttachment.objects.filter(bid=draft_bid).exclude(pk__in=before)
    if refused(response):
        assert not attached.exists()
    else:
        attachment = attached.get()
        assert attachment.size == len(content)
        assert 0 < len(attachment.original_name) <= 200
        with attachment.file.open("rb") as stored:
            assert stored.read() == content
        # Removed again, so that the limit of attachments per bid is never reached.
        attachment.file.delete(save=False)
        attachment.delete()


@pytest.fixture
def lots(open_tender) -> dict[str, Lot]:
    """The open tender in two lots, and a lot of another tender."""
    return {
        "north": Lot.objects.create(tender=open_tender, title="North", position=1),
        "south": Lot.objects.create(tender=open_tender, title="South", position=2),
        "elsewhere": Lot.objects.create(tender=TenderFactory(), title="Elsewhere"),
    }


@EXAMPLES
@example(chosen=["south"], limit=None)
@example(chosen=["north", "south"], limit=2)
@given(
    chosen=st.lists(st.one_of(st.sampled_from(["north", "south", "elsewhere"]), ID_FIELD)),
    limit=st.sampled_from([None, 1, 2]),
)
def test_lot_choice_form(
    client, draft_bid, supplier_user, lots, chosen: list[str], limit: int | None
) -> None:
    """The bid starts with North chosen and priced; what is posted replaces the choice
    (and North's price goes with North), or nothing changes."""
    client.force_login(supplier_user)
    type(draft_bid.tender).objects.filter(pk=draft_bid.tender_id).update(max_lots_per_bid=limit)
    BidLot.objects.filter(bid=draft_bid).delete()
    BidLot.objects.create(bid=draft_bid, lot=lots["north"])
    PriceLine.objects.filter(bid=draft_bid).delete()
    PriceLine.objects.create(bid=draft_bid, lot=lots["north"], item="North", unit_price=10)
    response = client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "lots"]),
        {"lots-lots": [str(lots[key].pk) if key in lots else key for key in chosen]},
    )
    covered = set(BidLot.objects.filter(bid=draft_bid).values_list("lot__title", flat=True))
    priced = set(PriceLine.objects.filter(bid=draft_bid).values_list("lot__title", flat=True))
    if refused(response):
        assert (covered, priced) == ({"North"}, {"North"})
    else:
        assert covered == {lots[key].title for key in chosen}
        assert priced == covered & {"North"}


# --- Evaluation: the declaration and the scores -------------------------------------------
# What a yes-or-no question's radio buttons post, or anything else.
YES_OR_NO = st.one_of(st.sampled_from(["yes", "no", ""]), ANY_TEXT)


@EXAMPLES
@example(answer="no", details="")
@example(answer="yes", details=" My sister runs Good Food Co-op. ")
@given(answer=YES_OR_NO, details=TEXT)
def test_conflict_declaration_form(
    client, closed_tender, commissioner, evaluator, answer: str, details: str
) -> None:
    seat = PanelMember.objects.get_or_create(
        tender=closed_tender, evaluator=evaluator, defaults={"added_by": commissioner}
    )[0]
    # Each example starts undeclared.
    PanelMember.objects.filter(pk=seat.pk).update(
        declared_at=None, has_conflict=False, declaration="", declared_bidders=[]
    )
    client.force_login(evaluator)
    response = client.post(
        reverse("procurement:declaration", args=[closed_tender.pk]),
        {"has_conflict": answer, "details": details},
    )
    seat.refresh_from_db()
    if refused(response):
        assert (seat.declared_at, seat.declaration, seat.declared_bidders) == (None, "", [])
    else:
        assert seat.declared_at is not None
        assert (seat.has_conflict, seat.declaration) == (answer == "yes", details.strip())
        assert sorted(seat.declared_bidders) == ["Big Catering plc", "Good Food Co-op"]


def _score_fields(questions: list[Any], *typed: str) -> dict[str, str]:
    """The score and reasons boxes of each question, in order: score, reasons, score, …"""
    fields = {}
    for number, question in enumerate(questions):
        fields[f"score_{question.pk}"] = typed[2 * number]
        fields[f"rationale_{question.pk}"] = typed[2 * number + 1]
    return fields


def _scores_after(
    response: Any, evaluator: Any, earlier: dict[int, tuple[int, str]], typed: dict[int, tuple]
) -> None:
    """Refused: the scores as they were. Saved: each question given a score has it, with
    its reasons; a question left without a score keeps what it had."""
    saved = {
        score.question_id: (score.score, score.rationale)
        for score in Score.objects.filter(evaluator=evaluator)
    }
    if refused(response):
        assert saved == earlier
    else:
        expected = dict(earlier)
        for question_id, (score, reasons) in typed.items():
            if score:
                expected[question_id] = (int(score), reasons.strip())
        assert saved == expected


@EXAMPLES
@example(first="3", first_reasons=" Names the estates. ", second="", second_reasons="")
@example(first="0", first_reasons="No answer.", second="4", second_reasons="Clear plan.")
@given(first=SCORE_FIELD, first_reasons=TEXT, second=SCORE_FIELD, second_reasons=TEXT)
def test_score_form(
    client,
    evaluating,
    evaluator,
    supplier_org,
    first: str,
    first_reasons: str,
    second: str,
    second_reasons: str,
) -> None:
    """An evaluator's scores for one bid, both questions at once, over a score given
    before: all are saved or none."""
    bid = evaluating.bids.get(supplier=supplier_org)
    questions = list(evaluating.questions.order_by("pk"))
    Score.objects.filter(evaluator=evaluator).delete()
    Score.objects.create(
        bid=bid, question=questions[0], evaluator=evaluator, score=2, rationale="Earlier."
    )
    client.force_login(evaluator)
    response = client.post(
        reverse("procurement:bid_score", args=[bid.pk]),
        _score_fields(questions, first, first_reasons, second, second_reasons),
    )
    typed = {questions[0].pk: (first, first_reasons), questions[1].pk: (second, second_reasons)}
    _scores_after(response, evaluator, {questions[0].pk: (2, "Earlier.")}, typed)


@EXAMPLES
@example(real_question=True, question="", text=" The staffing plan names no cook. ")
@given(real_question=st.booleans(), question=ID_FIELD, text=TEXT)
def test_concern_form(
    client,
    evaluating,
    evaluator,
    supplier_org,
    real_question: bool,
    question: str,
    text: str,
) -> None:
    """A concern about one answer: raised as typed, or refused with none raised."""
    bid = evaluating.bids.get(supplier=supplier_org)
    about = evaluating.questions.order_by("pk").first()
    Concern.objects.filter(bid=bid).delete()
    client.force_login(evaluator)
    response = client.post(
        reverse("procurement:concern_raise", args=[bid.pk]),
        {"question": str(about.pk) if real_question else question, "text": text},
    )
    raised = Concern.objects.filter(bid=bid)
    if refused(response):
        assert not raised.exists()
    else:
        concern = raised.get()
        assert concern.question.tender_id == evaluating.pk
        assert (concern.raised_by, concern.text) == (evaluator, text.strip())


# --- The lived-experience member: account, declaration, scores ----------------------------
@pytest.fixture
def invited(evaluating, commissioner) -> PanelMember:
    """A person with lived experience added to the panel for the quality question."""
    return lived_experience.lived_experience_member_add(
        tender=evaluating,
        full_name="Pat Lewis",
        email="pat@example.com",
        questions=[evaluating.questions.get(text="How will you involve residents?")],
        by=commissioner,
    )


@EXAMPLES
@example(name=" Pat Lewis ", password=" a long walk home ", same=True)
@given(name=TEXT, password=TEXT, same=st.booleans())
def test_lived_experience_account_form(
    client, invited, name: str, password: str, same: bool
) -> None:
    """The emailed link, signed out: a name and a password typed twice."""
    person = invited.evaluator
    # Each example starts from the link as sent.
    person.set_unusable_password()
    person.full_name = "Pat Lewis"
    person.save()
    PanelMember.objects.filter(pk=invited.pk).update(invitation_token=invited.invitation_token)
    client.logout()
    response = client.post(
        reverse("procurement:lived_experience_join", args=[invited.invitation_token]),
        {"full_name": name, "password1": password, "password2": password if same else "x"},
    )
    person.refresh_from_db()
    token = PanelMember.objects.get(pk=invited.pk).invitation_token
    if refused(response):
        assert not person.has_usable_password()
        assert (person.full_name, token) == ("Pat Lewis", invited.invitation_token)
    else:
        # The password as typed, spaces and all: the sign-in page takes it as typed.
        assert person.check_password(password)
        assert (person.full_name, token) == (name.strip(), None)


@EXAMPLES
@example(answer="no", connections="")
@example(answer="yes", connections=" I volunteer at the food bank. ")
@given(answer=YES_OR_NO, connections=TEXT)
def test_lived_experience_declaration_form(client, invited, answer: str, connections: str) -> None:
    person = invited.evaluator
    PanelMember.objects.filter(pk=invited.pk).update(
        declared_at=None, connections_named_at=None, declaration="", declared_bidders=[]
    )
    client.force_login(person)
    response = client.post(
        reverse("procurement:lived_experience_declaration", args=[invited.tender_id]),
        {"has_connections": answer, "connections": connections},
    )
    seat = PanelMember.objects.get(pk=invited.pk)
    if refused(response):
        assert (seat.declared_at, seat.connections_named_at, seat.declaration) == (None, None, "")
    elif answer == "yes":
        # Named connections wait for the commissioner's check.
        assert (seat.declared_at, seat.declaration) == (None, connections.strip())
        assert seat.connections_named_at is not None
    else:
        assert (seat.connections_named_at, seat.declaration) == (None, "")
        assert seat.declared_at is not None


@pytest.fixture
def member(invited) -> Any:
    """The lived-experience member, cleared to score: they named no connections."""
    lived_experience.lived_experience_declare(
        tender=invited.tender, has_connections=False, by=invited.evaluator
    )
    return invited.evaluator


@EXAMPLES
@example(score="3", reasons=" Residents lead. ", other="", other_reasons="")
@given(score=SCORE_FIELD, reasons=TEXT, other=SCORE_FIELD, other_reasons=TEXT)
def test_lived_experience_score_form(
    client, evaluating, member, score: str, reasons: str, other: str, other_reasons: str
) -> None:
    """The member scores bid A on their one question; a score posted for the question
    that is not theirs is not taken."""
    mine = evaluating.questions.get(text="How will you involve residents?")
    not_mine = evaluating.questions.exclude(pk=mine.pk).get()
    Score.objects.filter(evaluator=member).delete()
    client.force_login(member)
    response = client.post(
        reverse("procurement:lived_experience_score", args=[evaluating.pk, "A"]),
        _score_fields([mine, not_mine], score, reasons, other, other_reasons),
    )
    _scores_after(response, member, {}, {mine.pk: (score, reasons)})


# --- The award decision and the award -----------------------------------------------------
@pytest.fixture
def moderated(evaluating, commissioner, evaluator) -> Any:
    """The evaluating tender with a consensus score on every answer: ready to decide."""
    _moderate_equally(evaluating, commissioner, evaluator)
    return evaluating


@EXAMPLES
@example(rationale=" Best value for residents, and the strongest plan for the estates. ")
@example(rationale="")
@given(rationale=TEXT)
def test_award_decision_form(client, moderated, commissioner, rationale: str) -> None:
    """Decided for the highest-ranked bid with the reasons as typed, or refused with the
    tender still in evaluation and no winner."""
    tenders = type(moderated).objects.filter(pk=moderated.pk)
    tenders.update(
        status=TenderStatus.EVALUATION,
        winning_bid=None,
        award_decided_at=None,
        award_decided_by=None,
        award_rationale="",
    )
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:award_decision", args=[moderated.pk]), {"rationale": rationale}
    )
    tender = tenders.get()
    # Refused exactly when there are no reasons, or a NUL character (it cannot be stored).
    assert refused(response) == (not rationale.strip() or "\x00" in rationale)
    if refused(response):
        assert (tender.status, tender.winning_bid, tender.award_decided_at) == (
            TenderStatus.EVALUATION,
            None,
            None,
        )
        assert tender.award_rationale == ""
    else:
        assert tender.status == TenderStatus.AWARD_DECISION
        assert tender.winning_bid == award.tender_results(moderated)[0].bid
        assert (tender.award_rationale, tender.award_decided_by) == (
            rationale.strip(),
            commissioner,
        )


# A date's day, month or year as typed: mostly a plausible number, or anything.
DATE_BOX = st.one_of(st.integers(min_value=0, max_value=2100).map(str), DATE_PART)


@pytest.fixture
def standstill_over(moderated, commissioner) -> Any:
    """Decided, and its standstill ended yesterday: the contract may be awarded."""
    award.award_decision_make(tender=moderated, rationale="Best value.", by=commissioner)
    type(moderated).objects.filter(pk=moderated.pk).update(
        status=TenderStatus.STANDSTILL,
        standstill_ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    return type(moderated).objects.get(pk=moderated.pk)


@EXAMPLES
@example(start=("1", "6", "2027"), end=(" 31 ", "5", "2029"))
@example(start=("1", "6", "2027"), end=("31", "5", "2026"))
@given(start=st.tuples(DATE_BOX, DATE_BOX, DATE_BOX), end=st.tuples(DATE_BOX, DATE_BOX, DATE_BOX))
def test_award_form(
    client,
    standstill_over,
    commissioner,
    start: tuple[str, str, str],
    end: tuple[str, str, str],
) -> None:
    """The contract is entered in the register with the dates as typed and the tender
    awarded, or refused with no contract and the tender (and its commission) as they were."""
    tenders = type(standstill_over).objects.filter(pk=standstill_over.pk)
    Contract.objects.filter(tender=standstill_over).delete()
    tenders.update(status=TenderStatus.STANDSTILL, awarded_at=None)
    commissions = type(standstill_over.commission).objects.filter(pk=standstill_over.commission_id)
    commissions.update(status=standstill_over.commission.status)
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_award", args=[standstill_over.pk]),
        {**date_fields("start_date", start), **date_fields("end_date", end)},
    )
    contracts = Contract.objects.filter(tender=standstill_over)
    tender = tenders.get()
    if (start, end) == (("1", "6", "2027"), (" 31 ", "5", "2029")):
        assert response.status_code == 302, "The example that must save was refused."
    if refused(response):
        assert not contracts.exists()
        assert (tender.status, tender.awarded_at) == (TenderStatus.STANDSTILL, None)
        assert commissions.get().status == standstill_over.commission.status
    else:
        contract = contracts.get()
        typed = [datetime.date(int(y), int(m), int(d)) for d, m, y in (start, end)]
        assert [contract.start_date, contract.end_date] == typed
        assert contract.provider == standstill_over.winning_bid.supplier
        assert tender.status == TenderStatus.AWARDED


# --- The buyer changing a published tender ------------------------------------------------
TENDER_DETAILS = (
    "submission_deadline",
    "clarification_deadline",
    "summary",
    "specification_version_id",
    "estimated_value",
)


@pytest.fixture
def versions(open_tender) -> dict[str, Any]:
    """The tender's own specification version, a later one, and another specification's."""
    own = open_tender.specification_version
    return {
        "same": own,
        "later": SpecificationVersionFactory(
            specification=own.specification, number=own.number + 1
        ),
        "other": SpecificationVersionFactory(),
    }


def _typed_moment(name: str, typed: int | tuple[str, ...] | None, from_: Any) -> dict[str, str]:
    """A deadline's boxes: empty, `typed` days after `from_` (as the page shows a moment),
    or exactly what was typed in the day, month, year and time boxes."""
    if typed is None or isinstance(typed, int):
        moment = None if typed is None else from_ + datetime.timedelta(days=typed)
        return datetime_fields(name, moment)
    return {f"{name}_{number}": part for number, part in enumerate(typed)}


# A deadline as typed: some days from the one it had (or from now), or anything in the boxes.
DEADLINE = st.one_of(
    st.integers(min_value=-40, max_value=400),
    st.tuples(DATE_PART, DATE_PART, DATE_PART, st.sampled_from(["5pm", "9:30am", "25pm", ""])),
)


def _change_example(**typed: Any) -> Any:
    """An example for the change form: the tender sent back as shown, but for `typed`."""
    shown = {"passed": False, "reopen": False, "bid": 0, "questions": None, "summary": ""}
    return example(**shown | {"version": "same", "value": "", **typed})


@EXAMPLES
@_change_example(
    bid=7,
    summary=" Run community food hubs on four estates. ",
    version="later",
    value="125000",
    reason=" More time for small providers. ",
)
@_change_example(passed=True, reopen=True, bid=30, questions=20, reason="Asked for more time.")
@_change_example(value="9999999999999999", reason="A value too large to keep.")
@_change_example(
    bid=("31", "12", "9999", "11pm"),
    questions=("31", "12", "9999", "9:30am"),
    reason="The furthest deadline the boxes take.",
)
@given(
    passed=st.booleans(),
    reopen=st.booleans(),
    bid=st.one_of(st.just(0), DEADLINE),
    questions=st.one_of(st.none(), DEADLINE),
    summary=st.one_of(st.just(""), TEXT),
    version=st.one_of(st.sampled_from(["same", "later", "other"]), ID_FIELD),
    value=st.one_of(st.just(""), NUMBER_TEXT),
    reason=TEXT,
)
def test_tender_change_form(
    client,
    open_tender,
    versions,
    commissioner,
    passed: bool,
    reopen: bool,
    bid: int | tuple[str, ...],
    questions: int | tuple[str, ...] | None,
    summary: str,
    version: str,
    value: str,
    reason: str,
) -> None:
    """The tender takes every detail as typed, with one entry in its change log naming
    exactly what changed, or is refused with every detail as it was and no entry. `bid` 0
    and an empty summary send back what the form showed."""
    tenders = type(open_tender).objects.filter(pk=open_tender.pk)
    # Each example starts from the tender as published, its bid deadline to come or passed.
    was = timezone.now() + datetime.timedelta(days=-1 if passed else 14)
    tenders.update(
        status=TenderStatus.PUBLISHED,
        submission_deadline=was,
        clarification_deadline=None,
        summary="Run community food hubs on three estates.",
        specification_version=versions["same"],
        estimated_value=None,
    )
    TenderChange.objects.filter(tender=open_tender).delete()
    before = tenders.values(*TENDER_DETAILS).get()
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_change", args=[open_tender.pk]),
        {
            **_typed_moment("submission_deadline", bid, was),
            **_typed_moment("clarification_deadline", questions, timezone.now()),
            "reopen": "on" if reopen else "",
            "summary": summary or before["summary"],
            "specification_version": as_posted(versions, version),
            "estimated_value": value,
            "reason": reason,
        },
    )
    logged = TenderChange.objects.filter(tender=open_tender)
    after = tenders.values(*TENDER_DETAILS).get()
    if reason.startswith(" More time") or (passed, reopen, bid) == (True, True, 30):
        assert response.status_code == 302, "The examples that must save were refused."
    if refused(response):
        assert after == before
        assert not logged.exists()
        return
    change = logged.get()
    assert change.reason == reason.strip()
    assert {row["field"] for row in change.changes} == {
        field.removesuffix("_id") for field in TENDER_DETAILS if after[field] != before[field]
    }
    assert after["summary"] == (summary or before["summary"]).strip()
    assert after["specification_version_id"] == versions[name_of(versions, version)].pk
    assert after["estimated_value"] == (Decimal(value) if value.strip() else None)
    if isinstance(bid, int):
        # To the minute: the time box holds no seconds.
        assert abs(after["submission_deadline"] - (was + datetime.timedelta(days=bid))) < (
            datetime.timedelta(minutes=1)
        )
    assert after["submission_deadline"] > timezone.now()
    if after["clarification_deadline"] is not None:
        assert after["clarification_deadline"] <= after["submission_deadline"]
