"""Market engagement services: the lifecycle, questions tied to the specification, the
event's capacity, deadlines, private responses, insights and the version that cites them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from commissioning.models import Requirement, SpecificationVersion
from core.errors import DomainError
from dialogue.engagement import services
from dialogue.models import (
    EngagementAnswer,
    EngagementResponse,
    EngagementStatus,
    EventSignup,
    MarketEngagement,
)
from tests.commissioning.factories import (
    CommissionFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)
from tests.dialogue.factories import EngagementQuestionFactory

pytestmark = pytest.mark.django_db


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def commission(council: Any) -> Any:
    return CommissionFactory(organisation=council, title="Community food hubs")


@pytest.fixture
def section(commission: Any) -> Any:
    specification = SpecificationFactory(commission=commission)
    return SpecificationSectionFactory(
        specification=specification, kind="requirements", heading="Requirements"
    )


@pytest.fixture
def open_requirement(section: Any) -> Requirement:
    return Requirement.objects.create(
        section=section, kind="open_for_dialogue", text="How residents share in running hubs."
    )


def make_engagement(commission: Any, by: Any, **overrides: Any) -> MarketEngagement:
    fields = {
        "title": "Food hubs: tell us what would work",
        "brief": "We want community food hubs that residents help to run.",
        "response_deadline": in_days(14),
        **overrides,
    }
    return services.engagement_create(commission=commission, by=by, **fields)


def open_engagement(commission: Any, by: Any, questions: int = 2, **overrides: Any):
    engagement = make_engagement(commission, by, **overrides)
    for number in range(questions):
        services.question_add(
            engagement=engagement, by=by, text=f"Question {number + 1}?", word_limit=10
        )
    return services.engagement_open(engagement=engagement, by=by)


# --- Creating and opening ------------------------------------------------------------------
def test_commissioner_creates_a_draft_engagement_with_an_event(commission, commissioner):
    engagement = make_engagement(
        commission,
        commissioner,
        event_starts_at=in_days(7),
        event_location="Kestrel Community Centre, NB1 2AA",
        event_capacity=30,
    )
    assert engagement.status == EngagementStatus.DRAFT
    assert engagement.organisation_id == commission.organisation_id
    assert engagement.has_event and engagement.event_capacity == 30
    assert AuditEvent.objects.filter(verb="market engagement created").exists()


@pytest.mark.parametrize("who", ["evaluator", "viewer", "supplier_user", "other_commissioner"])
def test_only_the_councils_managers_create_an_engagement(request, commission, who):
    with pytest.raises(PermissionDenied):
        make_engagement(commission, request.getfixturevalue(who))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "  "}, "Enter a title"),
        ({"brief": ""}, "Enter a brief"),
        ({"response_deadline": None}, "Enter the deadline"),
        ({"response_deadline": in_days(-1)}, "must be in the future"),
        ({"event_location": "Town hall"}, "Enter the date and time of the event"),
        ({"event_starts_at": in_days(3)}, "Enter where the event is"),
        ({"event_starts_at": in_days(-3), "event_location": "Hall"}, "event must be in the future"),
    ],
)
def test_bad_details_are_refused_with_a_clear_message(commission, commissioner, overrides, message):
    with pytest.raises(DomainError, match=message):
        make_engagement(commission, commissioner, **overrides)


def test_opening_needs_a_question_and_a_future_deadline(commission, commissioner):
    engagement = make_engagement(commission, commissioner)
    with pytest.raises(DomainError, match="at least one question"):
        services.engagement_open(engagement=engagement, by=commissioner)
    services.question_add(engagement=engagement, by=commissioner, text="What works?")
    late = pytest.raises(DomainError, match="deadline for responses has passed")
    with time_machine.travel(in_days(15)), late:
        services.engagement_open(engagement=engagement, by=commissioner)
    opened = services.engagement_open(engagement=engagement, by=commissioner)
    assert opened.status == EngagementStatus.OPEN and opened.opened_at is not None


@pytest.mark.parametrize(
    ("word_limit", "message"),
    [(9, "10 words or more"), (5001, "5,000 words or fewer"), (2**31, "5,000 words or fewer")],
)
def test_a_questions_word_limit_is_refused_outside_10_to_5000_words(
    commission, commissioner, word_limit, message
):
    engagement = make_engagement(commission, commissioner)
    with pytest.raises(DomainError, match=message):
        services.question_add(
            engagement=engagement, by=commissioner, text="What works?", word_limit=word_limit
        )
    assert not engagement.questions.exists()
    question = services.question_add(
        engagement=engagement, by=commissioner, text="What works?", word_limit=5000
    )
    assert question.word_limit == 5000


def test_an_open_engagement_cannot_be_edited(commission, commissioner):
    engagement = open_engagement(commission, commissioner)
    with pytest.raises(DomainError, match="cannot change"):
        services.question_add(engagement=engagement, by=commissioner, text="Another?")
    with pytest.raises(DomainError, match="cannot change"):
        services.engagement_update(
            engagement=engagement,
            by=commissioner,
            title="New",
            brief="New",
            response_deadline=in_days(20),
        )


def test_a_question_links_only_to_its_own_specification(
    commission, commissioner, section, open_requirement, council
):
    engagement = make_engagement(commission, commissioner)
    question = services.question_add(
        engagement=engagement, by=commissioner, text="How?", requirement=open_requirement
    )
    assert question.requirement == open_requirement
    elsewhere = SpecificationSectionFactory(
        specification=SpecificationFactory(commission=CommissionFactory(organisation=council))
    )
    with pytest.raises(DomainError, match="this commission's specification"):
        services.question_add(engagement=engagement, by=commissioner, text="?", section=elsewhere)
    with pytest.raises(DomainError, match="not both"):
        services.question_add(
            engagement=engagement,
            by=commissioner,
            text="?",
            section=section,
            requirement=open_requirement,
        )


def test_removing_a_question_from_a_draft(commission, commissioner):
    engagement = make_engagement(commission, commissioner)
    question = services.question_add(engagement=engagement, by=commissioner, text="How?")
    services.question_remove(question=question, by=commissioner)
    assert not engagement.questions.exists()


# --- The event -----------------------------------------------------------------------------
def test_the_event_fills_up_and_a_cancelled_place_frees_it(
    commission, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    engagement = open_engagement(
        commission,
        commissioner,
        event_starts_at=in_days(5),
        event_location="Hall",
        event_capacity=1,
    )
    services.event_signup(
        engagement=engagement, supplier=supplier_org, by=supplier_user, access_needs="Step-free"
    )
    with pytest.raises(DomainError, match="already signed up"):
        services.event_signup(engagement=engagement, supplier=supplier_org, by=supplier_user)
    with pytest.raises(DomainError, match="The event is full"):
        services.event_signup(
            engagement=engagement, supplier=other_supplier_org, by=other_supplier_user
        )
    services.event_signup_cancel(engagement=engagement, by=supplier_user)
    services.event_signup(
        engagement=engagement, supplier=other_supplier_org, by=other_supplier_user
    )
    assert list(EventSignup.objects.values_list("user", flat=True)) == [other_supplier_user.pk]
    assert Notification.objects.filter(recipient=other_supplier_user).count() == 1


def test_only_a_suppliers_own_people_sign_up_for_it(
    commission, commissioner, supplier_org, other_supplier_user, evaluator, council
):
    engagement = open_engagement(
        commission,
        commissioner,
        event_starts_at=in_days(5),
        event_online_url="https://meet.example",
    )
    with pytest.raises(PermissionDenied):
        services.event_signup(engagement=engagement, supplier=supplier_org, by=other_supplier_user)
    with pytest.raises(PermissionDenied):
        services.event_signup(engagement=engagement, supplier=council, by=evaluator)


def test_no_sign_up_without_an_event_or_after_it_starts(
    commission, commissioner, supplier_org, supplier_user
):
    engagement = open_engagement(commission, commissioner)
    with pytest.raises(DomainError, match="no event"):
        services.event_signup(engagement=engagement, supplier=supplier_org, by=supplier_user)
    with_event = open_engagement(
        commission, commissioner, event_starts_at=in_days(2), event_location="Hall"
    )
    started = pytest.raises(DomainError, match="already started")
    with time_machine.travel(in_days(3)), started:
        services.event_signup(engagement=with_event, supplier=supplier_org, by=supplier_user)


# --- Responses -----------------------------------------------------------------------------
def test_a_supplier_saves_a_draft_over_several_visits_then_sends_it_once(
    commission, commissioner, supplier_org, supplier_user
):
    engagement = open_engagement(commission, commissioner)
    first, second = engagement.questions.all()
    services.response_save_answers(
        engagement=engagement,
        supplier=supplier_org,
        answers={first.pk: "Shared vans."},
        by=supplier_user,
    )
    response = services.response_save_answers(
        engagement=engagement,
        supplier=supplier_org,
        answers={first.pk: "Shared vans.", second.pk: "Local growers."},
        by=supplier_user,
    )
    assert EngagementResponse.objects.count() == 1
    assert response.answers.count() == 2
    services.response_submit(response=response, by=supplier_user)
    response.refresh_from_db()
    assert response.submitted_at is not None and response.submitted_by == supplier_user
    with pytest.raises(DomainError, match="cannot be changed or sent again"):
        services.response_submit(response=response, by=supplier_user)
    with pytest.raises(DomainError, match="cannot be changed or sent again"):
        services.response_save_answers(
            engagement=engagement, supplier=supplier_org, answers={first.pk: ""}, by=supplier_user
        )
    assert EngagementAnswer.objects.get(question=first).text == "Shared vans."
    assert Notification.objects.filter(recipient=supplier_user).count() == 1
    assert Notification.objects.filter(recipient=commissioner).count() == 1


def test_too_many_words_saves_nothing_and_says_which_answer(
    commission, commissioner, supplier_org, supplier_user
):
    engagement = open_engagement(commission, commissioner)
    first, second = engagement.questions.all()
    services.response_save_answers(
        engagement=engagement, supplier=supplier_org, answers={first.pk: "Kept."}, by=supplier_user
    )
    with pytest.raises(services.AnswersInvalid) as error:
        services.response_save_answers(
            engagement=engagement,
            supplier=supplier_org,
            answers={first.pk: "Changed.", second.pk: "word " * 11},
            by=supplier_user,
        )
    assert error.value.errors == {
        second.pk: "Your answer to question 2 must be 10 words or fewer. It is 11 words."
    }
    assert EngagementAnswer.objects.get(question=first).text == "Kept."


def test_an_empty_response_cannot_be_sent(commission, commissioner, supplier_org, supplier_user):
    engagement = open_engagement(commission, commissioner)
    response = services.response_save_answers(
        engagement=engagement, supplier=supplier_org, answers={}, by=supplier_user
    )
    with pytest.raises(DomainError, match="Answer at least one question"):
        services.response_submit(response=response, by=supplier_user)


def test_responses_are_refused_after_the_deadline(
    commission, commissioner, supplier_org, supplier_user
):
    engagement = open_engagement(commission, commissioner)
    question = engagement.questions.first()
    response = services.response_save_answers(
        engagement=engagement,
        supplier=supplier_org,
        answers={question.pk: "Yes."},
        by=supplier_user,
    )
    with time_machine.travel(engagement.response_deadline + datetime.timedelta(minutes=1)):
        with pytest.raises(DomainError, match="The deadline for responses was"):
            services.response_save_answers(
                engagement=engagement,
                supplier=supplier_org,
                answers={question.pk: "Late."},
                by=supplier_user,
            )
        with pytest.raises(DomainError, match="The deadline for responses was"):
            services.response_submit(response=response, by=supplier_user)
    assert EngagementAnswer.objects.get().text == "Yes."


def test_responses_are_refused_once_closed_or_before_opening(
    commission, commissioner, supplier_org, supplier_user
):
    draft = make_engagement(commission, commissioner)
    with pytest.raises(DomainError, match="not open yet"):
        services.response_save_answers(
            engagement=draft, supplier=supplier_org, answers={}, by=supplier_user
        )
    engagement = open_engagement(commission, commissioner)
    services.engagement_close(engagement=engagement, by=commissioner)
    with pytest.raises(DomainError, match="closed"):
        services.response_save_answers(
            engagement=engagement, supplier=supplier_org, answers={}, by=supplier_user
        )


def test_a_supplier_cannot_answer_for_another(
    commission, commissioner, supplier_org, other_supplier_user
):
    engagement = open_engagement(commission, commissioner)
    with pytest.raises(PermissionDenied):
        services.response_save_answers(
            engagement=engagement, supplier=supplier_org, answers={}, by=other_supplier_user
        )


def test_answers_to_another_engagements_questions_are_refused(
    commission, commissioner, supplier_org, supplier_user
):
    engagement = open_engagement(commission, commissioner)
    stranger = EngagementQuestionFactory()
    with pytest.raises(DomainError, match="not part of this engagement"):
        services.response_save_answers(
            engagement=engagement,
            supplier=supplier_org,
            answers={stranger.pk: "Hello."},
            by=supplier_user,
        )


# --- Insights and the version that cites them ----------------------------------------------
def sent_answer(engagement: Any, supplier: Any, person: Any, text: str) -> EngagementAnswer:
    question = engagement.questions.first()
    response = services.response_save_answers(
        engagement=engagement, supplier=supplier, answers={question.pk: text}, by=person
    )
    services.response_submit(response=response, by=person)
    return response.answers.get()


def test_tags_are_trimmed_lower_case_and_not_repeated():
    assert services.tags_parse(" Pricing, premises ,PRICING,, Small   Providers") == [
        "pricing",
        "premises",
        "small providers",
    ]


def test_an_insight_draws_on_sent_answers_and_links_to_a_requirement(
    commission, commissioner, supplier_org, supplier_user, open_requirement
):
    engagement = open_engagement(commission, commissioner)
    answer = sent_answer(engagement, supplier_org, supplier_user, "Let tenants run the rota.")
    insight = services.insight_add(
        engagement=engagement,
        by=commissioner,
        text="Residents want a say in opening hours.",
        tags="Governance, residents",
        answers=[answer],
        requirement=open_requirement,
    )
    assert insight.tags == ["governance", "residents"]
    assert list(insight.answers.all()) == [answer]
    assert insight.requirement == open_requirement


def test_an_insight_cannot_draw_on_a_draft_answer(
    commission, commissioner, supplier_org, supplier_user
):
    engagement = open_engagement(commission, commissioner)
    question = engagement.questions.first()
    response = services.response_save_answers(
        engagement=engagement,
        supplier=supplier_org,
        answers={question.pk: "Draft."},
        by=supplier_user,
    )
    with pytest.raises(DomainError, match="Choose answers that suppliers sent"):
        services.insight_add(
            engagement=engagement, by=commissioner, text="x", answers=response.answers.all()
        )


@pytest.mark.parametrize("who", ["evaluator", "viewer", "supplier_user"])
def test_only_managers_add_insights(request, commission, commissioner, who):
    engagement = open_engagement(commission, commissioner)
    with pytest.raises(PermissionDenied):
        services.insight_add(
            engagement=engagement, by=request.getfixturevalue(who), text="Learned."
        )


def test_a_new_version_cites_the_chosen_insights_once(
    commission, commissioner, section, open_requirement
):
    engagement = open_engagement(commission, commissioner)
    pricing = services.insight_add(
        engagement=engagement, by=commissioner, text="Prices must suit low incomes.", tags="pricing"
    )
    other = services.insight_add(engagement=engagement, by=commissioner, text="Unused.")
    version = services.version_issue_citing_insights(
        engagement=engagement,
        insights=[pricing],
        change_note="We opened pricing to dialogue.",
        by=commissioner,
    )
    assert version.change_note == (
        "We opened pricing to dialogue.\n\nMarket feedback:\n- Prices must suit low incomes."
    )
    pricing.refresh_from_db()
    other.refresh_from_db()
    assert pricing.cited_in_version == version and other.cited_in_version is None
    assert list(version.market_insights.all()) == [pricing]
    with pytest.raises(DomainError, match="already acted on"):
        services.version_issue_citing_insights(
            engagement=engagement, insights=[pricing], change_note="Again.", by=commissioner
        )
    assert SpecificationVersion.objects.count() == 1


def test_an_insight_named_twice_is_cited_once(commission, commissioner, section, open_requirement):
    engagement = open_engagement(commission, commissioner)
    insight = services.insight_add(engagement=engagement, by=commissioner, text="Smaller lots.")
    version = services.version_issue_citing_insights(
        engagement=engagement, insights=[insight, insight], change_note="Lots.", by=commissioner
    )
    assert version.change_note == "Lots.\n\nMarket feedback:\n- Smaller lots."
    assert list(version.market_insights.all()) == [insight]


def test_a_version_needs_insights_a_note_and_a_specification(commission, commissioner):
    engagement = open_engagement(commission, commissioner)
    insight = services.insight_add(engagement=engagement, by=commissioner, text="Learned.")
    with pytest.raises(DomainError, match="at least one insight"):
        services.version_issue_citing_insights(
            engagement=engagement, insights=[], change_note="x", by=commissioner
        )
    with pytest.raises(DomainError, match="change note"):
        services.version_issue_citing_insights(
            engagement=engagement, insights=[insight], change_note=" ", by=commissioner
        )
    with pytest.raises(DomainError, match="no specification"):
        services.version_issue_citing_insights(
            engagement=engagement, insights=[insight], change_note="x", by=commissioner
        )


def test_insights_of_another_engagement_cannot_be_cited(commission, commissioner, section):
    engagement = open_engagement(commission, commissioner)
    other = open_engagement(commission, commissioner)
    insight = services.insight_add(engagement=other, by=commissioner, text="Elsewhere.")
    with pytest.raises(DomainError, match="from this market engagement"):
        services.version_issue_citing_insights(
            engagement=engagement, insights=[insight], change_note="x", by=commissioner
        )
