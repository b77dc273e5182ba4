"""Market engagement pages: who sees what, what each form does with bad input, and
constant query counts on the list and grouped-responses pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts import permissions
from commissioning.models import Requirement
from core.errors import DomainError
from dialogue.engagement import services
from dialogue.models import EngagementAnswer, EngagementResponse, MarketEngagement, MarketInsight
from tests.commissioning.factories import (
    CommissionFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)
from tests.dates import datetime_fields
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("dialogue:engagement_list")


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def commission(council: Any) -> Any:
    return CommissionFactory(organisation=council, title="Community food hubs")


@pytest.fixture
def requirements(commission: Any) -> dict[str, Requirement]:
    section = SpecificationSectionFactory(
        specification=SpecificationFactory(commission=commission),
        kind="requirements",
        heading="Requirements",
    )
    return {
        "fixed": Requirement.objects.create(
            section=section, kind="non_negotiable", text="Open five days a week.", position=1
        ),
        "open": Requirement.objects.create(
            section=section, kind="open_for_dialogue", text="How prices are set.", position=2
        ),
    }


def make_open(commission: Any, by: Any, *, questions: int = 2, **fields: Any) -> MarketEngagement:
    engagement = services.engagement_create(
        commission=commission,
        by=by,
        title=fields.pop("title", "Food hubs: tell us what would work"),
        brief="We want hubs that residents help to run.",
        response_deadline=in_days(14),
        **fields,
    )
    for number in range(questions):
        services.question_add(
            engagement=engagement, by=by, text=f"Question {number + 1}?", word_limit=10
        )
    return services.engagement_open(engagement=engagement, by=by)


def send(engagement: Any, supplier: Any, person: Any, text: str = "Shared vans.") -> Any:
    answers = {question.pk: f"{text} {question.pk}" for question in engagement.questions.all()}
    response = services.response_save_answers(
        engagement=engagement, supplier=supplier, answers=answers, by=person
    )
    return services.response_submit(response=response, by=person)


def detail_url(engagement: Any) -> str:
    return reverse("dialogue:engagement_detail", args=[engagement.pk])


# --- Public pages --------------------------------------------------------------------------
def test_anyone_can_read_open_engagements_without_signing_in(client, commission, commissioner):
    engagement = make_open(
        commission,
        commissioner,
        event_starts_at=in_days(5),
        event_location="Kestrel Community Centre",
        event_capacity=30,
    )
    page = client.get(LIST_URL).content.decode()
    assert engagement.title in page and "Northbridge Council" in page
    page = client.get(detail_url(engagement)).content.decode()
    assert "We want hubs that residents help to run." in page
    assert "Question 1?" in page and "Kestrel Community Centre" in page
    assert "0 of 30 taken" in page
    assert "Sign in" in page


def test_a_draft_is_hidden_from_the_public_and_suppliers(
    client, commission, commissioner, supplier_user, viewer
):
    draft = services.engagement_create(
        commission=commission,
        by=commissioner,
        title="Secret draft",
        brief="Not yet.",
        response_deadline=in_days(10),
    )
    assertNotContains(client.get(LIST_URL), "Secret draft")
    assert client.get(detail_url(draft)).status_code == 404
    client.force_login(supplier_user)
    assert client.get(detail_url(draft)).status_code == 404
    client.force_login(viewer)
    assert client.get(detail_url(draft)).status_code == 200


def test_past_deadlines_and_closed_engagements_are_not_listed(client, commission, commissioner):
    closed = make_open(commission, commissioner, title="Closed one")
    services.engagement_close(engagement=closed, by=commissioner)
    late = make_open(commission, commissioner, title="Late one")
    MarketEngagement.objects.filter(pk=late.pk).update(response_deadline=in_days(-1))
    make_open(commission, commissioner, title="Still open")
    response = client.get(LIST_URL)
    assertContains(response, "Still open")
    assertNotContains(response, "Closed one")
    assertNotContains(response, "Late one")


def test_the_list_costs_the_same_queries_for_many_engagements(
    client, commissioner, council, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for _ in range(count):
            buyer = OrganisationFactory(kind="public_body")
            MembershipFactory(organisation=buyer, user=commissioner, role="commissioner")
            permissions.forget_roles(commissioner)
            make_open(CommissionFactory(organisation=buyer), commissioner)

    add(3)
    with django_assert_max_num_queries(4):
        assert client.get(LIST_URL).status_code == 200
    add(27)
    with django_assert_max_num_queries(4):
        page = client.get(LIST_URL).content.decode()
    assert "30 engagements open for responses" in page
    assert 'aria-label="Pagination"' in page


# --- The commissioner's pages --------------------------------------------------------------
def test_commissioner_creates_an_engagement_from_the_commission_page(
    client, commission, commissioner
):
    client.force_login(commissioner)
    page = client.get(reverse("commissioning:commission_detail", args=[commission.pk]))
    create_url = reverse("dialogue:engagement_create", args=[commission.pk])
    assert create_url in page.content.decode()
    response = client.post(
        create_url,
        {
            "title": "Food hubs",
            "brief": "Tell us what works.",
            **datetime_fields("response_deadline", in_days(10)),
            **datetime_fields("event_starts_at", in_days(4)),
            "event_online_url": "https://meet.example/hubs",
            "event_capacity": "30",
        },
    )
    engagement = MarketEngagement.objects.get()
    assert response.status_code == 302 and response.url == detail_url(engagement)
    assert engagement.event_capacity == 30 and engagement.status == "draft"


def test_a_past_deadline_is_refused_and_keeps_what_was_typed(client, commission, commissioner):
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_create", args=[commission.pk]),
        {
            "title": "Food hubs",
            "brief": "My careful brief.",
            **datetime_fields("response_deadline", in_days(-1)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be in the future" in page and "My careful brief." in page
    typed = datetime_fields("response_deadline", in_days(-1))
    assertContains(response, f'name="response_deadline_0" value="{typed["response_deadline_0"]}"')
    assertContains(response, f'name="response_deadline_3" value="{typed["response_deadline_3"]}"')
    assert not MarketEngagement.objects.exists()


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("event_capacity", "3000000000", "The number of places must be 100,000 or fewer"),
        (
            "event_online_url",
            "https://meet.example/" + "a" * 180,
            "The online link must be 200 characters or fewer",
        ),
    ],
)
def test_more_places_or_a_longer_link_than_can_be_kept_is_refused_with_the_limit(
    client, commission, commissioner, field, typed, error
):
    """Once a server error: the database could not keep either."""
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_create", args=[commission.pk]),
        {
            "title": "Food hubs",
            "brief": "Tell us what works.",
            **datetime_fields("response_deadline", in_days(10)),
            **datetime_fields("event_starts_at", in_days(4)),
            "event_location": "Town hall",
            field: typed,
        },
    )
    assertContains(response, error)
    assert not MarketEngagement.objects.exists()
    with pytest.raises(DomainError, match=error):
        services.engagement_create(
            commission=commission,
            by=commissioner,
            title="Food hubs",
            brief="Tell us what works.",
            response_deadline=in_days(10),
            event_starts_at=in_days(4),
            event_location="Town hall",
            **{field: int(typed) if field == "event_capacity" else typed},
        )
    assert not MarketEngagement.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("evaluator", 403)])
def test_council_staff_who_cannot_manage_are_refused(request, client, commission, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("dialogue:engagement_create", args=[commission.pk])).status_code == (
        status
    )


def test_another_council_cannot_create_on_our_commission(client, commission, other_commissioner):
    client.force_login(other_commissioner)
    url = reverse("dialogue:engagement_create", args=[commission.pk])
    assert client.get(url).status_code == 404


def test_question_links_list_open_for_dialogue_requirements_first(
    client, commission, commissioner, requirements
):
    engagement = services.engagement_create(
        commission=commission,
        by=commissioner,
        title="Food hubs",
        brief="Tell us.",
        response_deadline=in_days(10),
    )
    client.force_login(commissioner)
    page = client.get(detail_url(engagement)).content.decode()
    assert page.index("How prices are set.") < page.index("Open five days a week.")
    response = client.post(
        reverse("dialogue:engagement_question_add", args=[engagement.pk]),
        {
            "text": "How should prices work?",
            "word_limit": "300",
            "item": f"requirement:{requirements['open'].pk}",
        },
    )
    assert response.status_code == 302
    assert engagement.questions.get().requirement == requirements["open"]
    client.post(reverse("dialogue:engagement_open", args=[engagement.pk]))
    engagement.refresh_from_db()
    assert engagement.status == "open"


def test_a_question_cannot_link_to_another_commissions_requirement(
    client, commission, commissioner, council
):
    foreign = Requirement.objects.create(
        section=SpecificationSectionFactory(
            specification=SpecificationFactory(commission=CommissionFactory(organisation=council))
        ),
        kind="open_for_dialogue",
        text="Elsewhere.",
    )
    engagement = services.engagement_create(
        commission=commission, by=commissioner, title="T", brief="B", response_deadline=in_days(9)
    )
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_question_add", args=[engagement.pk]),
        {"text": "Q?", "word_limit": "300", "item": f"requirement:{foreign.pk}"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not engagement.questions.exists()


def test_opening_without_questions_says_why(client, commission, commissioner):
    engagement = services.engagement_create(
        commission=commission, by=commissioner, title="T", brief="B", response_deadline=in_days(9)
    )
    client.force_login(commissioner)
    response = client.post(reverse("dialogue:engagement_open", args=[engagement.pk]), follow=True)
    assert "Add at least one question" in response.content.decode()


def test_viewer_cannot_open_or_close(client, commission, commissioner, viewer):
    engagement = make_open(commission, commissioner)
    client.force_login(viewer)
    assert (
        client.post(reverse("dialogue:engagement_close", args=[engagement.pk])).status_code == 403
    )
    engagement.refresh_from_db()
    assert engagement.status == "open"


# --- The supplier's pages ------------------------------------------------------------------
def test_anonymous_people_can_read_but_not_respond(client, commission, commissioner):
    engagement = make_open(commission, commissioner)
    response = client.get(reverse("dialogue:engagement_respond", args=[engagement.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(reverse("dialogue:engagement_signup", args=[engagement.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_council_staff_cannot_respond_to_their_own_engagement(client, commission, commissioner):
    engagement = make_open(commission, commissioner)
    client.force_login(commissioner)
    assert client.get(reverse("dialogue:engagement_respond", args=[engagement.pk])).status_code == (
        403
    )


def test_a_supplier_drafts_hits_a_word_limit_keeps_the_text_and_sends_once(
    client, commission, commissioner, supplier_org, supplier_user
):
    engagement = make_open(commission, commissioner)
    first, second = engagement.questions.all()
    url = reverse("dialogue:engagement_respond", args=[engagement.pk])
    client.force_login(supplier_user)
    response = client.post(url, {f"answer_{first.pk}": "Shared vans.", "action": "save"})
    assert response.status_code == 302
    assert "Shared vans." in client.get(url).content.decode()

    long_text = "many " * 11 + "unique-marker"
    response = client.post(
        url,
        {f"answer_{first.pk}": "Shared vans.", f"answer_{second.pk}": long_text, "action": "save"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "must be 10 words or fewer. It is 12 words." in page
    assert "unique-marker" in page

    response = client.post(
        url,
        {
            f"answer_{first.pk}": "Shared vans.",
            f"answer_{second.pk}": "Local food.",
            "action": "send",
        },
    )
    sent = EngagementResponse.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("dialogue:engagement_response_detail", args=[sent.pk])
    assert sent.submitted_at is not None

    response = client.post(
        url, {f"answer_{first.pk}": "Second go.", f"answer_{second.pk}": "", "action": "send"}
    )
    page = response.content.decode()
    assert "It cannot be changed or sent again." in page and "Second go." in page
    assert EngagementAnswer.objects.get(question=first).text == "Shared vans."
    assert client.get(url).status_code == 302


def test_responses_after_the_deadline_are_refused_and_the_text_is_kept(
    client, commission, commissioner, supplier_user
):
    engagement = make_open(commission, commissioner)
    question = engagement.questions.first()
    MarketEngagement.objects.filter(pk=engagement.pk).update(
        response_deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    client.force_login(supplier_user)
    url = reverse("dialogue:engagement_respond", args=[engagement.pk])
    response = client.post(url, {f"answer_{question.pk}": "Too late text.", "action": "send"})
    page = response.content.decode()
    assert "The deadline for responses was" in page and "Too late text." in page
    assert not EngagementResponse.objects.exists()


def test_the_event_full_message(
    client, commission, commissioner, supplier_user, other_supplier_user
):
    engagement = make_open(
        commission,
        commissioner,
        event_starts_at=in_days(3),
        event_location="Hall",
        event_capacity=1,
    )
    url = reverse("dialogue:engagement_signup", args=[engagement.pk])
    client.force_login(supplier_user)
    response = client.post(url, {"access_needs": "A hearing loop"}, follow=True)
    assert "You have a place at the event." in response.content.decode()
    client.force_login(other_supplier_user)
    assert "The event is full." in client.get(detail_url(engagement)).content.decode()
    response = client.post(url, {})
    assert "The event is full." in response.content.decode()
    client.force_login(supplier_user)
    client.post(reverse("dialogue:engagement_signup_cancel", args=[engagement.pk]))
    assert not engagement.signups.exists()


def test_another_supplier_gets_404_on_a_response(
    client, commission, commissioner, supplier_org, supplier_user, other_supplier_user
):
    engagement = make_open(commission, commissioner)
    sent = send(engagement, supplier_org, supplier_user, "Private idea")
    url = reverse("dialogue:engagement_response_detail", args=[sent.pk])
    client.force_login(supplier_user)
    assertContains(client.get(url), "Private idea")
    client.force_login(other_supplier_user)
    assertNotContains(client.get(url), "Private idea", status_code=404)
    assert client.get(
        reverse("dialogue:engagement_responses", args=[engagement.pk])
    ).status_code == (404)


def test_the_buyer_cannot_read_a_draft_response(
    client, commission, commissioner, supplier_org, supplier_user
):
    engagement = make_open(commission, commissioner)
    question = engagement.questions.first()
    draft = services.response_save_answers(
        engagement=engagement,
        supplier=supplier_org,
        answers={question.pk: "Draft idea"},
        by=supplier_user,
    )
    client.force_login(commissioner)
    assert (
        client.get(reverse("dialogue:engagement_response_detail", args=[draft.pk])).status_code
        == 404
    )
    response = client.get(reverse("dialogue:engagement_responses", args=[engagement.pk]))
    assertNotContains(response, "Draft idea")


# --- Responses and insights ------------------------------------------------------------------
def test_evaluator_sees_responses_grouped_by_question_but_viewer_does_not(
    client, commission, commissioner, evaluator, viewer, supplier_org, supplier_user
):
    engagement = make_open(commission, commissioner)
    send(engagement, supplier_org, supplier_user, "Grouped answer")
    url = reverse("dialogue:engagement_responses", args=[engagement.pk])
    client.force_login(evaluator)
    response = client.get(url)
    page = response.content.decode()
    assert "Grouped answer" in page and supplier_org.name in page and "Co-operative" in page
    assert page.index("Question 1?") < page.index("Question 2?")
    assertNotContains(response, "Add an insight")
    client.force_login(viewer)
    assert client.get(url).status_code == 404


def test_grouped_responses_cost_the_same_queries_for_many_suppliers(
    client, commission, commissioner, django_assert_max_num_queries
):
    engagement = make_open(commission, commissioner, questions=3)

    def respond(count: int) -> None:
        for _ in range(count):
            supplier = OrganisationFactory(kind="supplier", supplier_type="micro")
            person = UserFactory()
            MembershipFactory(organisation=supplier, user=person, role="supplier")
            send(engagement, supplier, person)

    respond(2)
    client.force_login(commissioner)
    url = reverse("dialogue:engagement_responses", args=[engagement.pk])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    respond(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "17 suppliers sent a response" in page


def test_commissioner_adds_a_tagged_insight_and_filters_by_tag(
    client, commission, commissioner, supplier_org, supplier_user, requirements
):
    engagement = make_open(commission, commissioner)
    sent = send(engagement, supplier_org, supplier_user)
    answer = sent.answers.first()
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_insight_add", args=[engagement.pk]),
        {
            "text": "Families need prices agreed with them.",
            "tags": "Pricing, Low Income",
            "answers": [str(answer.pk)],
            "item": f"requirement:{requirements['open'].pk}",
        },
    )
    assert response.status_code == 302
    insight = MarketInsight.objects.get()
    assert insight.tags == ["pricing", "low income"]
    assert list(insight.answers.all()) == [answer]
    services.insight_add(
        engagement=engagement, by=commissioner, text="Premises too small.", tags="premises"
    )
    url = reverse("dialogue:engagement_insights", args=[engagement.pk])
    response = client.get(url, {"tag": "pricing"})
    card = '<h3 class="govuk-summary-card__title">'
    assertContains(response, f"{card}Families need prices agreed with them.")
    assertNotContains(response, f"{card}Premises too small.")
    assertContains(response, 'govuk-tag govuk-tag--light-blue govuk-!-margin-right-1">pricing')


def test_insight_with_no_text_keeps_the_tags_typed(client, commission, commissioner):
    engagement = make_open(commission, commissioner)
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_insight_add", args=[engagement.pk]),
        {"text": "", "tags": "kept-tag"},
    )
    page = response.content.decode()
    assert "Enter what you learned from the market" in page and "kept-tag" in page


def test_issuing_a_version_citing_insights_shows_them_on_the_version_page(
    client, commission, commissioner, requirements
):
    engagement = make_open(commission, commissioner)
    insight = services.insight_add(
        engagement=engagement, by=commissioner, text="Agree prices with families.", tags="pricing"
    )
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_version_issue", args=[engagement.pk]),
        {"insights": [str(insight.pk)], "change_note": "Pricing is now open for dialogue."},
    )
    version_url = reverse("commissioning:specification_version_detail", args=[commission.pk, 1])
    assert response.status_code == 302 and response.url == version_url
    page = client.get(version_url).content.decode()
    assert "Market feedback this version acted on" in page
    assert "Agree prices with families." in page
    insight.refresh_from_db()
    assert insight.cited_in_version.number == 1


def test_issuing_without_choosing_insights_says_so(client, commission, commissioner, requirements):
    engagement = make_open(commission, commissioner)
    services.insight_add(engagement=engagement, by=commissioner, text="Learned.")
    client.force_login(commissioner)
    response = client.post(
        reverse("dialogue:engagement_version_issue", args=[engagement.pk]),
        {"change_note": "My note stays."},
    )
    page = response.content.decode()
    assert "Choose at least one insight" in page and "My note stays." in page


def test_commissioner_edits_a_draft_and_removes_a_question(client, commission, commissioner):
    engagement = services.engagement_create(
        commission=commission, by=commissioner, title="T", brief="B", response_deadline=in_days(9)
    )
    question = services.question_add(engagement=engagement, by=commissioner, text="Gone?")
    client.force_login(commissioner)
    url = reverse("dialogue:engagement_edit", args=[engagement.pk])
    saved = datetime_fields("response_deadline", engagement.response_deadline)
    response = client.get(url)
    assertContains(response, 'value="T"')
    for box in ("response_deadline_0", "response_deadline_2", "response_deadline_3"):
        assertContains(response, f'name="{box}" value="{saved[box]}"')
    response = client.post(
        url,
        {
            "title": "Better title",
            "brief": "Better brief.",
            **datetime_fields("response_deadline", in_days(12)),
        },
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.title == "Better title"
    client.post(reverse("dialogue:engagement_question_remove", args=[engagement.pk, question.pk]))
    assert not engagement.questions.exists()


def test_closing_stops_responses_and_says_so(client, commission, commissioner, supplier_user):
    engagement = make_open(commission, commissioner)
    client.force_login(commissioner)
    response = client.post(reverse("dialogue:engagement_close", args=[engagement.pk]), follow=True)
    assert "closed to new responses" in response.content.decode()
    client.force_login(supplier_user)
    page = client.get(detail_url(engagement)).content.decode()
    assert "no longer taking responses" in page
    response = client.get(reverse("dialogue:engagement_respond", args=[engagement.pk]), follow=True)
    assert "not taking responses" in response.content.decode()
