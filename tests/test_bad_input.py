"""Bad input, generated: whatever a person types into the main forms, the page answers
with the form and its errors or saves exactly one record — never a server error, and never
half a record. Hypothesis generates the input (any Unicode text, NUL characters, very long
strings, numbers and dates that are not numbers or dates) and shrinks any failure to the
smallest input that shows it."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from accounts.models import User
from benchmarks.evaluation_report import build_tender
from commissioning.models import (
    CommentPhase,
    CommentStatus,
    Commission,
    EvidenceItem,
    EvidenceKind,
    Mission,
    Need,
    PublicComment,
    Requirement,
    SectionKind,
)
from commissioning.public_voice.services import MAX_COMMENT_LENGTH
from commissioning.specifications import services as specification_services
from contracts.models import (
    CheckIn,
    CheckInContribution,
    Contract,
    ContractStatus,
    Decision,
    ExtensionOption,
    HealthRating,
    Kpi,
    KpiReading,
    Modification,
    RecommissioningDecision,
)
from contracts.services import add_months
from dialogue.models import Clarification
from procurement.models import ConsensusScore, Tender
from social_value import services as social_value_services
from social_value.models import Commitment, DeliveryReturn, ReturnStatus
from tests.bad_input import (
    ANY_TEXT,
    DATE_PART,
    EXAMPLES,
    ID_FIELD,
    NUMBER_TEXT,
    SCORE_FIELD,
    TEXT,
    refused,
)
from tests.commissioning.factories import (
    CommissionFactory,
    NeedFactory,
    PublicCommentFactory,
    SpecificationVersionFactory,
)
from tests.contracts.factories import ContractFactory
from tests.dates import date_fields, datetime_fields
from tests.procurement.factories import PublishedTenderFactory
from tests.social_value.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _answers_or_saves_one(
    client: Any, url: str, data: dict[str, str], model: type[Model], title: str
) -> None:
    before = model.objects.count()
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
        assert model.objects.count() == before
    else:
        assert model.objects.count() == before + 1
        saved = model.objects.order_by("-pk").first()
        assert saved.title == title.strip()


@EXAMPLES
@given(title=TEXT, description=TEXT, group=TEXT)
def test_need_form(client, commissioner, title: str, description: str, group: str) -> None:
    client.force_login(commissioner)
    _answers_or_saves_one(
        client,
        reverse("commissioning:need_create"),
        {"title": title, "description": description, "population_group": group},
        Need,
        title,
    )


@EXAMPLES
@given(title=TEXT, summary=TEXT, category=TEXT, low=NUMBER_TEXT, high=NUMBER_TEXT)
def test_commission_form(
    client, commissioner, title: str, summary: str, category: str, low: str, high: str
) -> None:
    client.force_login(commissioner)
    data = {
        "title": title,
        "summary": summary,
        "spend_category": category,
        "budget_min": low,
        "budget_max": high,
    }
    _answers_or_saves_one(
        client, reverse("commissioning:commission_create"), data, Commission, title
    )


@EXAMPLES
@given(title=TEXT, statement=TEXT, day=DATE_PART, month=DATE_PART, year=DATE_PART)
def test_mission_form(
    client, commissioner, title: str, statement: str, day: str, month: str, year: str
) -> None:
    client.force_login(commissioner)
    data = {
        "title": title,
        "statement": statement,
        "target_date_0": day,
        "target_date_1": month,
        "target_date_2": year,
    }
    _answers_or_saves_one(client, reverse("commissioning:mission_create"), data, Mission, title)


def _tender_form(commissioner: Any) -> Callable[..., dict[str, str]]:
    commission = CommissionFactory(organisation=commissioner.memberships.first().organisation)
    version = SpecificationVersionFactory(specification__commission=commission)
    deadline = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=40)

    def data(**typed: str) -> dict[str, str]:
        return {
            "specification_version": str(version.pk),
            "procedure": "open",
            **datetime_fields("submission_deadline", deadline),
            **typed,
        }

    data.commission = commission  # type: ignore[attr-defined]
    return data


@EXAMPLES
@given(title=TEXT, summary=TEXT, value=NUMBER_TEXT, documents=NUMBER_TEXT, hour=ANY_TEXT)
def test_tender_form(
    client, commissioner, title: str, summary: str, value: str, documents: str, hour: str
) -> None:
    client.force_login(commissioner)
    form = _tender_form(commissioner)
    data = form(
        title=title,
        summary=summary,
        estimated_value=value,
        documents_requested=documents,
        submission_deadline_3=hour,
    )
    url = reverse("procurement:tender_create", args=[form.commission.pk])
    _answers_or_saves_one(client, url, data, Tender, title)


# --- Moderation: the consensus form -------------------------------------------------------
@pytest.fixture
def moderating() -> Tender:
    """A tender in evaluation whose one evaluator has submitted, nothing agreed yet."""
    tender = build_tender(bidders=1, questions=1, evaluators=1, reference="BAD-INPUT-1")
    ConsensusScore.objects.filter(bid__tender=tender).delete()
    return tender


@EXAMPLES
@given(real_bid=st.booleans(), bid=ID_FIELD, score=SCORE_FIELD, rationale=TEXT, note=TEXT)
def test_consensus_form(
    client, moderating, real_bid: bool, bid: str, score: str, rationale: str, note: str
) -> None:
    client.force_login(User.objects.get(email="commissioner@bench-report.example"))
    answer = moderating.bids.get()
    question = moderating.questions.get()
    ConsensusScore.objects.filter(bid=answer).delete()
    prefix = f"b{answer.pk}"
    response = client.post(
        reverse("procurement:moderation", args=[moderating.pk, question.pk]),
        {
            "bid": str(answer.pk) if real_bid else bid,
            f"{prefix}-score": score,
            f"{prefix}-rationale": rationale,
            f"{prefix}-moderation_note": note,
        },
    )
    # Another bid, or no number at all: not found. Otherwise the form, or one agreed score.
    assert response.status_code in (200, 302, 404), response.status_code
    agreed = ConsensusScore.objects.filter(bid=answer, question=question)
    if response.status_code == 302:
        saved = agreed.get()
        assert (saved.score, saved.rationale) == (int(score), rationale.strip())
    else:
        assert not agreed.exists()
        if response.status_code == 200:
            assert "There is a problem" in response.content.decode()


# --- Contract management: KPIs and their readings -----------------------------------------
@pytest.fixture
def managed_contract(council, supplier_org, contract_manager) -> Contract:
    return ContractFactory(
        organisation=council,
        provider=supplier_org,
        status=ContractStatus.ACTIVE,
        contract_manager=contract_manager,
    )


@EXAMPLES
@example(name=" Meals served ", measure="Till count", target="2,000", frequency="quarterly")
@given(name=TEXT, measure=TEXT, target=TEXT, frequency=st.one_of(ANY_TEXT, st.just("quarterly")))
def test_kpi_form(
    client, managed_contract, contract_manager, name: str, measure: str, target: str, frequency: str
) -> None:
    client.force_login(contract_manager)
    before = Kpi.objects.count()
    response = client.post(
        reverse("contracts:kpi_create", args=[managed_contract.pk]),
        {"name": name, "measure": measure, "target": target, "frequency": frequency},
    )
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
        assert Kpi.objects.count() == before
    else:
        saved = Kpi.objects.filter(contract=managed_contract).order_by("-pk").first()
        assert Kpi.objects.count() == before + 1
        assert (saved.name, saved.measure) == (name.strip(), measure.strip())


@EXAMPLES
@example(real_kpi=True, kpi="", period="Summer 2027", value=" 1,900 ")
@given(real_kpi=st.booleans(), kpi=ID_FIELD, period=TEXT, value=TEXT)
def test_kpi_reading_form(
    client, managed_contract, contract_manager, real_kpi: bool, kpi: str, period: str, value: str
) -> None:
    client.force_login(contract_manager)
    measured = Kpi.objects.get_or_create(
        contract=managed_contract,
        name="Meals served",
        defaults={"measure": "Till count", "target": "2,000", "frequency": "quarterly"},
    )[0]
    before = KpiReading.objects.count()
    response = client.post(
        reverse("contracts:reading_add", args=[managed_contract.pk]),
        {"kpi": str(measured.pk) if real_kpi else kpi, "period": period, "value": value},
    )
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
        assert KpiReading.objects.count() == before
    else:
        assert KpiReading.objects.count() == before + 1
        assert measured.readings.order_by("-pk").first().value == value.strip()


# --- A supplier's clarification question --------------------------------------------------
@pytest.fixture
def open_tender(council, commissioner) -> Tender:
    now = timezone.now()
    return PublishedTenderFactory(
        organisation=council,
        created_by=commissioner,
        clarification_deadline=now + datetime.timedelta(days=7),
        submission_deadline=now + datetime.timedelta(days=14),
    )


@EXAMPLES
@example(question=" Is TUPE likely to apply? ")
@given(question=TEXT)
def test_clarification_question_form(client, open_tender, supplier_user, question: str) -> None:
    client.force_login(supplier_user)
    # Each example starts with no question asked (a repeat is refused as already sent).
    Clarification.objects.filter(tender=open_tender).delete()
    response = client.post(
        reverse("dialogue:clarification_ask", args=[open_tender.pk]), {"question": question}
    )
    assert response.status_code in (200, 302), response.status_code
    asked = Clarification.objects.filter(tender=open_tender)
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
        assert not asked.exists()
    else:
        assert asked.get().question == question.strip()


# --- One side's part of a check-in ----------------------------------------------------------
@EXAMPLES
# Two that must save (generated input is rarely valid in every field at once).
@example(submit=True, story=" Met every week. ", went_well="", score="4", comment="Calls back.")
@example(submit=False, story="", went_well="Kept to time.", score="", comment="")
@given(
    submit=st.booleans(),
    story=TEXT,
    went_well=TEXT,
    score=SCORE_FIELD,
    comment=TEXT,
)
def test_checkin_contribution_form(
    client,
    managed_contract,
    contract_manager,
    submit: bool,
    story: str,
    went_well: str,
    score: str,
    comment: str,
) -> None:
    client.force_login(contract_manager)
    checkin = CheckIn.objects.get_or_create(
        contract=managed_contract, held_on=datetime.date(2026, 7, 1)
    )[0]
    # Each example starts with nothing written for the buyer's side.
    CheckInContribution.objects.filter(checkin=checkin).delete()
    response = client.post(
        reverse("contracts:checkin_contribute", args=[managed_contract.pk, checkin.pk]),
        {
            "side": "buyer",
            "submit": "yes" if submit else "",
            "buyer-story": story,
            "buyer-went_well": went_well,
            "buyer-trust_score": score,
            "buyer-trust_comment": comment,
        },
    )
    assert response.status_code in (200, 302), response.status_code
    written = CheckInContribution.objects.filter(checkin=checkin, side="buyer")
    if response.status_code == 200:
        assert "There is a problem" in response.content.decode()
        assert not written.exists()
        assert not HealthRating.objects.filter(contribution__checkin=checkin).exists()
    else:
        part = written.get()
        assert (part.story, part.went_well) == (story.strip(), went_well.strip())
        assert (part.submitted_at is not None) == submit
        rating = part.ratings.filter(dimension="trust").first()
        assert (rating.score if rating else None) == (int(score) if score else None)


# --- A specification: its sections and requirements ----------------------------------------
@pytest.fixture
def specification(council, commissioner) -> Any:
    commission = CommissionFactory(organisation=council, owner=commissioner)
    return specification_services.specification_create(commission=commission, by=commissioner)


SECTION_KIND = st.one_of(st.sampled_from(SectionKind.values), ANY_TEXT)


@EXAMPLES
@example(kind="constraints", heading=" Working hours ", body="Open 8am to 8pm.")
@example(kind="budget", heading="", body="")
@given(kind=SECTION_KIND, heading=TEXT, body=TEXT)
def test_specification_section_add_form(
    client, specification, commissioner, kind: str, heading: str, body: str
) -> None:
    client.force_login(commissioner)
    before = set(specification.sections.values_list("pk", flat=True))
    response = client.post(
        reverse("commissioning:section_add", args=[specification.commission_id]),
        {"kind": kind, "heading": heading, "body": body},
    )
    added = specification.sections.exclude(pk__in=before)
    if refused(response):
        assert not added.exists()
    else:
        section = added.get()
        # An empty heading takes the name of the kind of section.
        assert section.heading == (heading.strip() or SectionKind(kind).label)
        assert (section.kind, section.body) == (kind, body.strip())


@EXAMPLES
@example(real_revision=True, revision="", heading=" Background ", body="Why we buy this.")
@given(real_revision=st.booleans(), revision=ID_FIELD, heading=TEXT, body=TEXT)
def test_specification_section_edit_form(
    client,
    specification,
    commissioner,
    real_revision: bool,
    revision: str,
    heading: str,
    body: str,
) -> None:
    """Saved over the revision the person started from, or refused (the revision moved
    on, or the input is wrong) with the section as it was."""
    client.force_login(commissioner)
    section = specification.sections.order_by("position").first()
    before = (section.heading, section.body, section.revision)
    prefix = f"section-{section.pk}"
    response = client.post(
        reverse("commissioning:section_edit", args=[specification.commission_id, section.pk]),
        {
            f"{prefix}-heading": heading,
            f"{prefix}-body": body,
            f"{prefix}-revision": str(section.revision) if real_revision else revision,
        },
    )
    section.refresh_from_db()
    if refused(response):
        assert (section.heading, section.body, section.revision) == before
    else:
        assert (section.heading, section.body) == (heading.strip(), body.strip())
        assert section.revision == before[2] + 1


@EXAMPLES
@example(kind="open_for_dialogue", text=" Opening hours at weekends. ")
@given(kind=st.one_of(st.sampled_from(["non_negotiable", "preference"]), ANY_TEXT), text=TEXT)
def test_requirement_form(client, specification, commissioner, kind: str, text: str) -> None:
    client.force_login(commissioner)
    section = specification.sections.get(kind=SectionKind.REQUIREMENTS)
    before = set(Requirement.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("commissioning:requirement_add", args=[specification.commission_id, section.pk]),
        {f"requirement-{section.pk}-kind": kind, f"requirement-{section.pk}-text": text},
    )
    added = Requirement.objects.exclude(pk__in=before)
    if refused(response):
        assert not added.exists()
    else:
        requirement = added.get()
        assert (requirement.section, requirement.kind) == (section, kind)
        assert requirement.text == text.strip()


# --- A comment from the public, signed out ----------------------------------------------------
@pytest.fixture
def asking_for_views(council, commissioner) -> Commission:
    return CommissionFactory(
        organisation=council,
        owner=commissioner,
        public_summary="Food hubs on the estates that residents help to run.",
        published_at=timezone.now(),
        invite_views_in=[CommentPhase.BEFORE_AWARD],
    )


@EXAMPLES
@example(name=" Amira ", email="Amira@Example.com", body=" Please open on Saturdays. ", website="")
@given(
    name=TEXT,
    email=st.one_of(st.emails(), ANY_TEXT),
    body=TEXT,
    website=st.one_of(st.just(""), ANY_TEXT),
)
def test_public_comment_form(
    client, asking_for_views, name: str, email: str, body: str, website: str
) -> None:
    from django.core.cache import cache

    # The limits on comments a minute are counted in the cache: each example starts afresh.
    cache.clear()
    before = set(PublicComment.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("home:public_commission", args=[asking_for_views.pk]),
        {"display_name": name, "email": email, "body": body, "website": website},
    )
    added = PublicComment.objects.exclude(pk__in=before)
    if refused(response):
        assert not added.exists()
    elif website.strip():
        # Filled in by a script: dropped without a word.
        assert not added.exists()
    else:
        comment = added.get()
        assert (comment.display_name, comment.body) == (" ".join(name.split()), body.strip())
        assert comment.email == email.strip().lower()
        assert comment.confirmed_at is None


# --- The council's answer to a comment: a reply, or hiding it -----------------------------------
@pytest.fixture
def published_comment(asking_for_views) -> PublicComment:
    return PublicCommentFactory(commission=asking_for_views, status=CommentStatus.PUBLISHED)


@EXAMPLES
@example(reply=" Thank you: we will ask providers about Saturday mornings. ")
@example(reply="")
@given(reply=TEXT)
def test_public_comment_reply_form(client, published_comment, commissioner, reply: str) -> None:
    """The reply is saved as typed (an empty one removes the reply there was), or refused
    with the earlier reply kept."""
    comments = PublicComment.objects.filter(pk=published_comment.pk)
    comments.update(reply="An earlier reply.", replied_by=commissioner, replied_at=timezone.now())
    client.force_login(commissioner)
    response = client.post(
        reverse(
            "commissioning:public_comment_reply",
            args=[published_comment.commission_id, published_comment.pk],
        ),
        {"reply": reply},
    )
    comment = comments.get()
    # Refused exactly when it is too long or has a NUL character (it cannot be stored).
    assert refused(response) == ("\x00" in reply or len(reply.strip()) > MAX_COMMENT_LENGTH)
    if refused(response):
        assert (comment.reply, comment.replied_by) == ("An earlier reply.", commissioner)
    else:
        assert comment.reply == reply.strip()
        assert (comment.replied_by, comment.replied_at is None) == (
            (commissioner, False) if reply.strip() else (None, True)
        )


@EXAMPLES
@example(reason=" It names a member of staff. ")
@example(reason=" ")
@given(reason=TEXT)
def test_public_comment_hide_form(client, published_comment, commissioner, reason: str) -> None:
    """Hidden with the reason as typed, or refused and still published."""
    comments = PublicComment.objects.filter(pk=published_comment.pk)
    comments.update(
        status=CommentStatus.PUBLISHED, hidden_reason="", moderated_by=None, moderated_at=None
    )
    client.force_login(commissioner)
    response = client.post(
        reverse(
            "commissioning:public_comment_hide",
            args=[published_comment.commission_id, published_comment.pk],
        ),
        {"reason": reason},
    )
    comment = comments.get()
    # Refused exactly when there is no reason, it is over 500 characters, or has a NUL.
    assert refused(response) == (
        not reason.strip() or "\x00" in reason or len(reason.strip()) > 500
    )
    if refused(response):
        assert (comment.status, comment.hidden_reason, comment.moderated_by) == (
            CommentStatus.PUBLISHED,
            "",
            None,
        )
    else:
        assert (comment.status, comment.hidden_reason) == (CommentStatus.HIDDEN, reason.strip())
        assert comment.moderated_by == commissioner


# --- A published comment used as evidence for a need ------------------------------------------
# What a comment and its commission may hold, as their forms let them be saved.
STORED_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
STORED_LINE = STORED_TEXT.map(lambda text: " ".join(text.split()))


def _stored(limit: int) -> st.SearchStrategy[str]:
    return STORED_LINE.map(lambda text: text[:limit]).filter(bool)


@EXAMPLES
@example(
    title="Food hubs", name="Amira", body=" Open on Saturdays. ", status="published", need="own"
)
@example(title="F" * 200, name="N" * 60, body="B" * 4000, status="published", need="own")
@given(
    title=_stored(200),
    name=_stored(60),
    body=STORED_TEXT.filter(str.strip),
    status=st.sampled_from(CommentStatus.values),
    need=st.one_of(st.sampled_from(["own", "the council's other"]), ID_FIELD),
)
def test_public_comment_evidence_form(
    client,
    asking_for_views,
    council,
    commissioner,
    title: str,
    name: str,
    body: str,
    status: str,
    need: str,
) -> None:
    """A published comment becomes one piece of community-voice evidence quoting it, for a
    need the commission answers; anything else is refused with no evidence added."""
    Commission.objects.filter(pk=asking_for_views.pk).update(title=title)
    # A withdrawn comment keeps no email address.
    email = "" if status == CommentStatus.WITHDRAWN else "amira@example.com"
    comment = PublicCommentFactory(
        commission=asking_for_views, display_name=name, body=body, status=status, email=email
    )
    answered = NeedFactory(organisation=council)
    asking_for_views.needs.add(answered)
    other = NeedFactory(organisation=council)
    chosen = {"own": str(answered.pk), "the council's other": str(other.pk)}.get(need, need)
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:public_comment_evidence", args=[asking_for_views.pk, comment.pk]),
        {"need": chosen},
    )
    added = EvidenceItem.objects.filter(from_comment=comment)
    assert refused(response) == (chosen != str(answered.pk) or status != "published")
    if refused(response):
        assert not added.exists()
    else:
        evidence = added.get()
        assert (evidence.need, evidence.kind) == (answered, EvidenceKind.COMMUNITY_VOICE)
        assert evidence.summary == body
        assert evidence.attribution == f"{name}, a member of the public"
        assert title[:100] in evidence.source


# --- A change to a contract -------------------------------------------------------------------
@EXAMPLES
@example(description=" Two more sites. ", reason="Demand grew.", value="15000.50", year="2027")
@example(description="Cut back.", reason="Budget.", value="-120000", year="2027")
@example(description="Grown.", reason="A new borough.", value="999999999999.99", year="2027")
@given(description=TEXT, reason=TEXT, value=NUMBER_TEXT, year=DATE_PART)
def test_contract_change_form(
    client,
    managed_contract,
    contract_manager,
    description: str,
    reason: str,
    value: str,
    year: str,
) -> None:
    """Logged with the contract's value changed by as much, or refused with both as they
    were; the contract starts each example at £120,000."""
    client.force_login(contract_manager)
    Contract.objects.filter(pk=managed_contract.pk).update(value=Decimal(120_000))
    before = set(Modification.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("contracts:modification_create", args=[managed_contract.pk]),
        {
            **date_fields("made_on", ("3", "3", year)),
            "description": description,
            "reason": reason,
            "value_change": value,
        },
    )
    added = Modification.objects.exclude(pk__in=before)
    contract_value = Contract.objects.get(pk=managed_contract.pk).value
    if refused(response):
        assert not added.exists()
        assert contract_value == 120_000
    else:
        change = added.get()
        assert (change.description, change.reason) == (description.strip(), reason.strip())
        assert change.value_change == Decimal(value)
        assert contract_value == 120_000 + Decimal(value)


# --- A contract's extension options and the decision on what happens when it ends ----------
@EXAMPLES
@example(months=" 12 ", description=" Only if the hubs stay open. ")
@example(months="120", description="")
@given(months=NUMBER_TEXT, description=TEXT)
def test_extension_option_form(
    client, managed_contract, contract_manager, months: str, description: str
) -> None:
    """Added with the months and conditions as typed, or refused with none added."""
    client.force_login(contract_manager)
    ExtensionOption.objects.filter(contract=managed_contract).delete()
    response = client.post(
        reverse("contracts:extension_option_create", args=[managed_contract.pk]),
        {"months": months, "description": description},
    )
    options = ExtensionOption.objects.filter(contract=managed_contract)
    if (months, description) in {(" 12 ", " Only if the hubs stay open. "), ("120", "")}:
        assert response.status_code == 302, "The examples that must save were refused."
    if refused(response):
        assert not options.exists()
    else:
        option = options.get()
        assert option.months == int(months) and 1 <= option.months <= 120
        assert (option.description, option.used_at) == (description.strip(), None)


# An option as a URL names it: the contract's own, another contract's, or any number.
OPTION = st.one_of(
    st.sampled_from(["own", "another contract's"]),
    st.integers(min_value=0, max_value=10**30).map(str),
)


@EXAMPLES
@example(status="active", option="own", used=False, months=12, ends=datetime.date(2028, 3, 31))
@example(status="active", option="own", used=False, months=1, ends=datetime.date(9999, 12, 1))
@given(
    status=st.sampled_from(ContractStatus.values),
    option=OPTION,
    used=st.booleans(),
    months=st.integers(min_value=1, max_value=120),
    ends=st.dates(min_value=datetime.date(2026, 4, 1)),
)
def test_extension_option_use(
    client,
    managed_contract,
    contract_manager,
    status: str,
    option: str,
    used: bool,
    months: int,
    ends: datetime.date,
) -> None:
    """Taking up an option: the contract runs on by its months, once, only while active or
    already extended by another option, and only within the calendar (a date holds years up to 9999); otherwise refused with the
    contract and the option as they were. Another contract's option is not found."""
    client.force_login(contract_manager)
    contracts = Contract.objects.filter(pk=managed_contract.pk)
    contracts.update(status=status, end_date=ends)
    ExtensionOption.objects.filter(contract=managed_contract).delete()
    own = ExtensionOption.objects.create(
        contract=managed_contract, months=months, used_at=timezone.now() if used else None
    )
    elsewhere = ExtensionOption.objects.create(contract=ContractFactory(), months=months)
    option_pk = {"own": own.pk, "another contract's": elsewhere.pk}.get(option, option)
    response = client.post(
        reverse("contracts:extension_option_use", args=[managed_contract.pk, option_pk])
    )
    contract = contracts.get()
    own.refresh_from_db()
    if option_pk != own.pk:
        assert response.status_code == 404
        assert (contract.status, contract.end_date, own.used_at is None) == (status, ends, not used)
        return
    assert response.status_code == 302, response.status_code
    # The banner this post added (those of earlier examples wait in the same session).
    shown = [message.level_tag for message in get_messages(response.wsgi_request)][-1:]
    fits = ends.year + (ends.month - 1 + months) // 12 <= datetime.MAXYEAR
    running = status in (ContractStatus.ACTIVE, ContractStatus.IN_EXTENSION)
    if running and not used and fits:
        assert shown == ["success"]
        assert contract.status == ContractStatus.IN_EXTENSION
        assert contract.end_date == add_months(ends, months) and contract.end_date > ends
        assert own.used_at is not None
    else:
        assert shown == ["error"]
        assert (contract.status, contract.end_date, own.used_at is None) == (status, ends, not used)


@EXAMPLES
@example(decision="reprocure", reason=" Demand has grown; a new tender will reach more. ")
@example(decision="stop", reason="")
@given(decision=st.one_of(st.sampled_from(Decision.values), ANY_TEXT), reason=TEXT)
def test_recommissioning_decision_form(
    client, managed_contract, contract_manager, decision: str, reason: str
) -> None:
    """Recorded as chosen with the reasons as typed, or refused with nothing recorded."""
    client.force_login(contract_manager)
    RecommissioningDecision.objects.filter(contract=managed_contract).delete()
    response = client.post(
        reverse("contracts:decision_create", args=[managed_contract.pk]),
        {"decision": decision, "reason": reason},
    )
    decisions = RecommissioningDecision.objects.filter(contract=managed_contract)
    # Refused exactly when the choice is not one of them or there are no reasons (or a NUL).
    valid = decision in Decision.values and reason.strip() and "\x00" not in reason
    assert refused(response) == (not valid)
    if refused(response):
        assert not decisions.exists()
    else:
        recorded = decisions.get()
        assert (recorded.decision, recorded.reason) == (decision, reason.strip())
        assert recorded.decided_by == contract_manager


# --- Social value: a promise on a contract and the provider's return ----------------------
@pytest.fixture
def measure() -> Any:
    return MeasureFactory(code="bad-input-meals", name="Meals cooked locally", unit="meals")


@EXAMPLES
@example(real_measure=True, chosen="", quantity="12", period=" Each year ")
@given(real_measure=st.booleans(), chosen=ID_FIELD, quantity=NUMBER_TEXT, period=TEXT)
def test_social_value_commitment_form(
    client,
    managed_contract,
    contract_manager,
    measure,
    real_measure: bool,
    chosen: str,
    quantity: str,
    period: str,
) -> None:
    client.force_login(contract_manager)
    Commitment.objects.filter(contract=managed_contract).delete()
    response = client.post(
        reverse("social_value:commitment_create", args=[managed_contract.pk]),
        {
            "measure": str(measure.pk) if real_measure else chosen,
            "quantity": quantity,
            "period": period,
        },
    )
    promised = Commitment.objects.filter(contract=managed_contract)
    if refused(response):
        assert not promised.exists()
    else:
        commitment = promised.get()
        assert commitment.measure.is_active
        assert commitment.measure.pk == (measure.pk if real_measure else int(chosen))
        assert (commitment.quantity, commitment.period) == (Decimal(quantity), period.strip())


@pytest.fixture
def return_due(managed_contract, contract_manager, measure) -> DeliveryReturn:
    commitment = social_value_services.commitment_add(
        contract=managed_contract, measure=measure, quantity=100, period="", by=contract_manager
    )
    social_value_services.returns_request(
        contract=managed_contract,
        period="April to June 2027",
        due_date=datetime.date(2027, 7, 1),
        by=contract_manager,
    )
    return commitment.returns.get()


@EXAMPLES
@example(quantity=" 40 ", evidence=" Till receipts. ")
@given(quantity=NUMBER_TEXT, evidence=TEXT)
def test_social_value_return_form(
    client, return_due, supplier_user, quantity: str, evidence: str
) -> None:
    """The provider's return: submitted with what was typed, or refused and still due."""
    client.force_login(supplier_user)
    DeliveryReturn.objects.filter(pk=return_due.pk).update(
        status=ReturnStatus.DUE, quantity_delivered=None, evidence="", submitted_at=None
    )
    response = client.post(
        reverse("social_value:return_detail", args=[return_due.pk]),
        {"action": "submit", "quantity_delivered": quantity, "evidence": evidence},
    )
    sent = DeliveryReturn.objects.get(pk=return_due.pk)
    if refused(response):
        assert (sent.status, sent.quantity_delivered, sent.evidence) == (ReturnStatus.DUE, None, "")
    else:
        assert sent.status == ReturnStatus.SUBMITTED
        assert (sent.quantity_delivered, sent.evidence) == (Decimal(quantity), evidence.strip())
