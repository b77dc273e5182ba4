"""Evaluation pages: who may see and do what, the whole journey through the pages, and
query counts at realistic volumes."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Membership, Role
from procurement import award, evaluation
from procurement.models import (
    Bid,
    BidAnswer,
    ConsensusScore,
    FeedbackLetter,
    PanelMember,
    Score,
    TenderQuestion,
    TenderStatus,
)
from tests.dates import date_fields
from tests.factories import OrganisationFactory, UserFactory
from tests.procurement.factories import PublishedTenderFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "commissioner",
    "evaluator_cleared",
    "evaluator_undeclared",
    "evaluator_conflicted",
    "other_commissioner",
    "supplier_user",
    "other_supplier_user",
    "anonymous",
]


@pytest.fixture
def people(request, closed_tender, commissioner, council):
    """Every role of the matrix, with the evaluators in the three declaration states."""
    made = {}
    for name, state in [
        ("evaluator_cleared", "clear"),
        ("evaluator_undeclared", None),
        ("evaluator_conflicted", "conflict"),
    ]:
        user = UserFactory(full_name=name.replace("_", " ").title())
        Membership.objects.create(user=user, organisation=council, role=Role.EVALUATOR)
        evaluation.panel_member_add(tender=closed_tender, evaluator=user, by=commissioner)
        if state:
            evaluation.conflict_declare(
                tender=closed_tender,
                has_conflict=state == "conflict",
                details="I used to work there." if state == "conflict" else "",
                by=user,
            )
        made[name] = user
    for name in ["commissioner", "other_commissioner", "supplier_user", "other_supplier_user"]:
        made[name] = request.getfixturevalue(name)
    return made


def _as(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


def _status(response):
    if response.status_code == 302 and "/accounts/login/" in response.url:
        return "login"
    return response.status_code


EVALUATION_PAGE = {
    "commissioner": 200,
    "evaluator_cleared": 200,
    "evaluator_undeclared": 200,
    "evaluator_conflicted": 200,
    "other_commissioner": 404,
    "supplier_user": 404,
    "other_supplier_user": 404,
    "anonymous": "login",
}


@pytest.mark.parametrize("role", ROLES)
def test_evaluation_page_by_role(role, client, people, closed_tender):
    response = _as(client, people, role).get(
        reverse("procurement:evaluation", args=[closed_tender.pk])
    )
    assert _status(response) == EVALUATION_PAGE[role]
    if response.status_code == 200:
        page = response.content.decode()
        sees_bids = role in {"commissioner", "evaluator_cleared"}
        assert (
            reverse("procurement:bid_detail", args=[closed_tender.bids.first().pk]) in page
            or reverse("procurement:bid_score", args=[closed_tender.bids.first().pk]) in page
        ) is sees_bids
        assert ("Ranking" in page) is (role == "commissioner")


SCORE_PAGE = {
    "commissioner": 404,  # not on the panel in this fixture
    "evaluator_cleared": 200,
    "evaluator_undeclared": 404,
    "evaluator_conflicted": 404,
    "other_commissioner": 404,
    "supplier_user": 404,
    "other_supplier_user": 404,
    "anonymous": "login",
}


@pytest.mark.parametrize("role", ROLES)
def test_scoring_page_only_for_cleared_panel_members(role, client, people, closed_tender):
    bid = closed_tender.bids.first()
    response = _as(client, people, role).get(reverse("procurement:bid_score", args=[bid.pk]))
    assert _status(response) == SCORE_PAGE[role]


BID_PAGE = {
    "commissioner": 200,
    "evaluator_cleared": 200,
    "evaluator_undeclared": 404,
    "evaluator_conflicted": 404,
    "other_commissioner": 404,
    "other_supplier_user": 404,
    "anonymous": "login",
}


@pytest.mark.parametrize("role", list(BID_PAGE))
def test_bid_content_needs_a_clean_declaration(role, client, people, closed_tender, supplier_org):
    bid = closed_tender.bids.get(supplier=supplier_org)
    response = _as(client, people, role).get(reverse("procurement:bid_detail", args=[bid.pk]))
    assert _status(response) == BID_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_moderation_hides_others_scores_until_own_are_submitted(
    role, client, people, closed_tender, commissioner
):
    evaluation.tender_start_evaluation(tender=closed_tender, by=commissioner)
    question = closed_tender.questions.first()
    url = reverse("procurement:moderation", args=[closed_tender.pk, question.pk])
    response = _as(client, people, role).get(url)
    expected = {"commissioner": 200, "anonymous": "login"}.get(role, 404)
    assert _status(response) == expected
    if role == "evaluator_cleared":
        # After submitting their own scores, the evaluator may see everyone's.
        cleared = people["evaluator_cleared"]
        for bid in closed_tender.bids.all():
            evaluation.scores_record(
                bid=bid,
                scores={q.pk: (3, "Fine") for q in closed_tender.questions.all()},
                by=cleared,
            )
        evaluation.scores_submit(tender=closed_tender, by=cleared)
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_criteria_page_is_for_the_buyer(role, client, people, closed_tender):
    response = _as(client, people, role).get(
        reverse("procurement:tender_criteria", args=[closed_tender.pk])
    )
    buyer = role in {
        "commissioner",
        "evaluator_cleared",
        "evaluator_undeclared",
        "evaluator_conflicted",
    }
    assert _status(response) == (200 if buyer else "login" if role == "anonymous" else 404)


@pytest.mark.parametrize("role", ["evaluator_cleared", "other_commissioner", "supplier_user"])
def test_only_managers_make_award_decisions(role, client, people, closed_tender):
    response = _as(client, people, role).post(
        reverse("procurement:award_decision", args=[closed_tender.pk]), {"rationale": "Mine"}
    )
    assert response.status_code == 404
    closed_tender.refresh_from_db()
    assert closed_tender.award_decided_at is None


# --- The whole journey through the pages -----------------------------------------------------
def test_evaluation_journey_through_the_pages(
    client, closed_tender, commissioner, evaluator, supplier_user, other_supplier_user, mailoutbox
):
    tender = closed_tender
    client.force_login(commissioner)
    client.post(reverse("procurement:panel_add", args=[tender.pk]), {"evaluator": evaluator.pk})
    client.post(reverse("procurement:panel_add", args=[tender.pk]), {"evaluator": commissioner.pk})
    assert PanelMember.objects.filter(tender=tender).count() == 2
    declaration = reverse("procurement:declaration", args=[tender.pk])
    assert client.post(declaration, {"has_conflict": "no"}).status_code == 302
    client.post(reverse("procurement:evaluation_start", args=[tender.pk]))
    tender.refresh_from_db()
    assert tender.status == TenderStatus.EVALUATION

    questions = list(tender.questions.all())
    bids = list(tender.bids.order_by("pk"))
    for user, score in [(evaluator, 2), (commissioner, 5)]:
        client.force_login(user)
        if user == evaluator:
            client.post(declaration, {"has_conflict": "no"})
        for bid in bids:
            data = {}
            for question in questions:
                data[f"score_{question.pk}"] = str(score)
                data[f"rationale_{question.pk}"] = "Evidence given."
            response = client.post(reverse("procurement:bid_score", args=[bid.pk]), data)
            assert response.status_code == 302, response.content.decode()[:3000]
        client.post(reverse("procurement:scores_submit", args=[tender.pk]))
    assert Score.objects.filter(bid__tender=tender).count() == 2 * 2 * 2

    client.force_login(commissioner)
    for question in questions:
        url = reverse("procurement:moderation", args=[tender.pk, question.pk])
        page = client.get(url).content.decode()
        assert "differ by 3 points" in page
        for bid in bids:
            response = client.post(
                url,
                {
                    "bid": bid.pk,
                    f"b{bid.pk}-score": "4",
                    f"b{bid.pk}-rationale": "Clear plan with local partners.",
                },
            )
            assert response.status_code == 302
    assert ConsensusScore.objects.filter(bid__tender=tender).count() == 4
    client.post(
        reverse("procurement:award_decision", args=[tender.pk]), {"rationale": "Best value."}
    )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.AWARD_DECISION
    client.post(
        reverse("procurement:award_notice_publish", args=[tender.pk]),
        {"summary": "Awarded to the best bid."},
    )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.STANDSTILL

    # The letters are made by the worker once the transaction commits; run it here.
    assert award.feedback_letters_issue(tender_id=tender.pk) == 2
    assert len(mailoutbox) >= 2
    assert all(m.attachments for m in mailoutbox if "feedback" in m.subject.lower())
    letter = FeedbackLetter.objects.get(
        bid__supplier__name=supplier_user.memberships.get().organisation.name
    )
    url = reverse("procurement:feedback_letter", args=[letter.bid.pk])
    assert client.get(url).status_code == 200  # the buyer
    client.force_login(supplier_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        "Download the feedback letter"
        in client.get(reverse("procurement:bid_detail", args=[letter.bid.pk])).content.decode()
    )
    client.force_login(other_supplier_user)
    assert client.get(url).status_code == 404

    client.force_login(commissioner)
    with time_machine.travel(tender.standstill_ends_on + datetime.timedelta(days=1)):
        response = client.post(
            reverse("procurement:tender_award", args=[tender.pk]),
            {
                **date_fields("start_date", datetime.date(2027, 1, 4)),
                **date_fields("end_date", datetime.date(2029, 1, 3)),
            },
        )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.AWARDED
    assert tender.contracts.get().provider_id == tender.winning_bid.supplier_id


# --- Query counts --------------------------------------------------------------------------
@pytest.fixture
def big_tender(council, commissioner):
    """50 bidders x 20 questions x 5 evaluators, all scored."""
    tender = PublishedTenderFactory(organisation=council, created_by=commissioner)
    quality = tender.criteria.get(kind="quality")
    questions = TenderQuestion.objects.bulk_create(
        TenderQuestion(tender=tender, text=f"Question {n}", position=n, criterion=quality)
        for n in range(20)
    )
    suppliers = [OrganisationFactory(kind="supplier", name=f"Bidder {n:02d}") for n in range(50)]
    bids = Bid.objects.bulk_create(
        Bid(tender=tender, supplier=supplier, status="submitted") for supplier in suppliers
    )
    BidAnswer.objects.bulk_create(
        BidAnswer(bid=bid, question=question, text="An answer.")
        for bid in bids
        for question in questions
    )
    evaluators = []
    for n in range(5):
        user = UserFactory(full_name=f"Evaluator {n}")
        Membership.objects.create(user=user, organisation=council, role=Role.EVALUATOR)
        evaluators.append(user)
    PanelMember.objects.bulk_create(
        PanelMember(tender=tender, evaluator=user, declared_at=tender.submission_deadline)
        for user in evaluators
    )
    Score.objects.bulk_create(
        Score(
            bid=bid, question=question, evaluator=user, score=(bid.pk + user.pk) % 6, rationale="R"
        )
        for bid in bids
        for question in questions
        for user in evaluators
    )
    return tender


def test_moderation_page_queries_stay_constant(
    client, big_tender, commissioner, django_assert_max_num_queries
):
    from django.utils import timezone

    type(big_tender).objects.filter(pk=big_tender.pk).update(
        status="evaluation",
        submission_deadline=timezone.now() - datetime.timedelta(days=2),
        bids_opened_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(commissioner)
    question = big_tender.questions.first()
    url = reverse("procurement:moderation", args=[big_tender.pk, question.pk])
    # Every bid's part drawn (none kept yet): 12 queries with them all kept.
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Independent scores") == 25


def test_evaluation_page_queries_stay_constant(
    client, big_tender, commissioner, django_assert_max_num_queries
):
    from django.utils import timezone

    type(big_tender).objects.filter(pk=big_tender.pk).update(
        status="evaluation",
        submission_deadline=timezone.now() - datetime.timedelta(days=2),
        bids_opened_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(commissioner)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("procurement:evaluation", args=[big_tender.pk]))
    assert response.status_code == 200
    assert "Bidder 49" in response.content.decode()


def test_tender_page_bid_list_queries_stay_constant(
    client, big_tender, commissioner, django_assert_max_num_queries
):
    from django.utils import timezone

    type(big_tender).objects.filter(pk=big_tender.pk).update(
        status="closed",
        submission_deadline=timezone.now() - datetime.timedelta(days=2),
        bids_opened_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(commissioner)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("procurement:tender_detail", args=[big_tender.pk]))
    assert response.content.decode().count("Bidder ") >= 50


# --- Writes refused to everyone but the buyer's managers ------------------------------------
MANAGER_POSTS = [
    ("panel_add", {}),
    ("evaluation_start", {}),
    ("award_decision", {"rationale": "Mine"}),
    ("award_notice_publish", {"summary": "Mine"}),
    (
        "tender_award",
        {
            **date_fields("start_date", datetime.date(2027, 1, 1)),
            **date_fields("end_date", datetime.date(2028, 1, 1)),
        },
    ),
]


@pytest.mark.parametrize(("name", "data"), MANAGER_POSTS)
@pytest.mark.parametrize(
    "role",
    [
        "evaluator_cleared",
        "evaluator_conflicted",
        "other_commissioner",
        "supplier_user",
        "anonymous",
    ],
)
def test_manager_actions_are_refused_to_everyone_else(
    role, name, data, client, people, closed_tender
):
    before = (closed_tender.status, PanelMember.objects.count())
    response = _as(client, people, role).post(
        reverse(f"procurement:{name}", args=[closed_tender.pk]), data
    )
    assert _status(response) == ("login" if role == "anonymous" else 404)
    closed_tender.refresh_from_db()
    assert (closed_tender.status, PanelMember.objects.count()) == before


FEEDBACK = {
    "commissioner": 200,
    "evaluator_cleared": 404,
    "evaluator_undeclared": 404,
    "evaluator_conflicted": 404,
    "other_commissioner": 404,
    "supplier_user": 200,
    "other_supplier_user": 404,
    "anonymous": "login",
}


@pytest.mark.parametrize("role", ROLES)
def test_feedback_letter_only_for_its_bidder_and_the_buyer(
    role, client, people, closed_tender, supplier_org, settings, tmp_path
):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from reports.models import Report

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }
    bid = closed_tender.bids.get(supplier=supplier_org)
    type(closed_tender).objects.filter(pk=closed_tender.pk).update(status="standstill")
    report = Report.objects.create(
        kind="feedback_letter",
        title="Feedback",
        target_type=ContentType.objects.get_for_model(bid),
        target_id=str(bid.pk),
    )
    report.file.save("letter.pdf", ContentFile(b"%PDF-1.4 letter"), save=True)
    FeedbackLetter.objects.create(bid=bid, report=report)
    response = _as(client, people, role).get(reverse("procurement:feedback_letter", args=[bid.pk]))
    assert _status(response) == FEEDBACK[role]


def test_standstill_job_moves_the_tender_once_and_reminds_once(
    evaluating, commissioner, evaluator, council_admin
):
    from accounts.models import Notification
    from procurement import tasks

    type(evaluating).objects.filter(pk=evaluating.pk).update(
        status="standstill", standstill_ends_on=datetime.date(2026, 5, 14)
    )
    with time_machine.travel(datetime.datetime(2026, 5, 14, 20, tzinfo=datetime.UTC), tick=False):
        assert tasks.end_standstill_periods() == 0
    with time_machine.travel(datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC), tick=False):
        assert tasks.end_standstill_periods() == 1
        assert tasks.end_standstill_periods() == 0
    evaluating.refresh_from_db()
    assert evaluating.status == TenderStatus.READY_TO_AWARD
    reminded = set(
        Notification.objects.filter(key__startswith="standstill-ended").values_list(
            "recipient_id", flat=True
        )
    )
    assert reminded == {commissioner.pk, council_admin.pk}
