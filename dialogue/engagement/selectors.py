"""Reads for market engagement pages, each with a constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Organisation, User
from commissioning.models import (
    Commission,
    Requirement,
    RequirementKind,
    SpecificationSection,
)
from core.ids import id_from
from dialogue.models import (
    EngagementAnswer,
    EngagementQuestion,
    EngagementResponse,
    EngagementStatus,
    EventSignup,
    MarketEngagement,
    MarketInsight,
)

SECTION_PREFIX = "section"
REQUIREMENT_PREFIX = "requirement"


def engagements_open(*, now: datetime.datetime) -> QuerySet[MarketEngagement]:
    """Engagements taking responses now, the soonest deadline first, for the public list."""
    return (
        MarketEngagement.objects.filter(status=EngagementStatus.OPEN, response_deadline__gt=now)
        .select_related("organisation")
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("response_deadline", "pk")
    )


def engagement_get(pk: int) -> MarketEngagement | None:
    return (
        MarketEngagement.objects.select_related("organisation", "commission").filter(pk=pk).first()
    )


def engagement_questions(engagement: MarketEngagement) -> list[EngagementQuestion]:
    """The questions in order, with the specification item each is about."""
    questions = list(
        engagement.questions.select_related("section", "requirement").order_by("position", "pk")
    )
    for question in questions:
        question.engagement = engagement
    return questions


def engagements_for_commission(commission: Commission) -> list[MarketEngagement]:
    return list(
        commission.market_engagements.annotate(
            response_count=Count("responses", filter=Q(responses__submitted_at__isnull=False))
        ).order_by("-created_at", "-pk")
    )


def signup_count(engagement: MarketEngagement) -> int:
    return engagement.signups.count()


def signup_of(engagement: MarketEngagement, user: User) -> EventSignup | None:
    if not user.is_authenticated:
        return None
    return engagement.signups.filter(user=user).first()


def signups_for(engagement: MarketEngagement) -> list[EventSignup]:
    """Who is coming to the event, for the buyer."""
    return list(engagement.signups.select_related("supplier", "user"))


def response_of(engagement: MarketEngagement, supplier: Organisation) -> EngagementResponse | None:
    """A supplier's response (draft or sent) with its answers."""
    return (
        EngagementResponse.objects.filter(engagement=engagement, supplier=supplier)
        .prefetch_related("answers")
        .first()
    )


def response_get(pk: int) -> EngagementResponse | None:
    return (
        EngagementResponse.objects.select_related(
            "engagement__organisation", "supplier", "submitted_by"
        )
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=EngagementAnswer.objects.select_related("question").order_by(
                    "question__position", "question__pk"
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )


def sent_response_count(engagement: MarketEngagement) -> int:
    return engagement.responses.filter(submitted_at__isnull=False).count()


@dataclass
class QuestionAnswers:
    question: EngagementQuestion
    number: int
    answers: list[EngagementAnswer] = field(default_factory=list)


def responses_by_question(engagement: MarketEngagement) -> list[QuestionAnswers]:
    """Every sent answer, grouped under its question, in two queries however many
    suppliers responded. Drafts are never included."""
    groups = {
        question.pk: QuestionAnswers(question=question, number=number)
        for number, question in enumerate(engagement_questions(engagement), start=1)
    }
    answers = (
        EngagementAnswer.objects.filter(
            response__engagement=engagement, response__submitted_at__isnull=False
        )
        .exclude(text="")
        .select_related("response__supplier")
        .order_by("question_id", "response__supplier__name", "pk")
    )
    for answer in answers:
        if answer.question_id in groups:
            groups[answer.question_id].answers.append(answer)
    return list(groups.values())


def answers_sent(engagement: MarketEngagement) -> list[EngagementAnswer]:
    """Sent answers, for the checkboxes of an insight."""
    return list(
        EngagementAnswer.objects.filter(
            response__engagement=engagement, response__submitted_at__isnull=False
        )
        .exclude(text="")
        .select_related("response__supplier", "question")
        .order_by("question__position", "question_id", "response__supplier__name", "pk")
    )


def insights_for(engagement: MarketEngagement, *, tag: str = "") -> list[MarketInsight]:
    """The engagement's insights (optionally with one tag), with the answers they draw on."""
    insights = engagement.insights.select_related(
        "section", "requirement", "cited_in_version", "created_by"
    ).prefetch_related(
        Prefetch(
            "answers",
            queryset=EngagementAnswer.objects.select_related("response__supplier", "question"),
        )
    )
    if tag:
        insights = insights.filter(tags__contains=[tag])
    return list(insights.order_by("created_at", "pk"))


def insight_tags(engagement: MarketEngagement) -> list[str]:
    """Every tag used on the engagement's insights, in alphabetical order."""
    tags: set[str] = set()
    for tag_list in engagement.insights.values_list("tags", flat=True):
        tags.update(tag_list)
    return sorted(tags)


# --- Items of the commission's specification ----------------------------------------------
def spec_item_choices(commission: Commission) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for linking to the commission's specification: requirements open
    for dialogue first, then the other requirements, then the sections."""
    requirements = list(
        Requirement.objects.filter(section__specification__commission=commission)
        .select_related("section")
        .order_by("section__position", "position", "pk")
    )
    sections = list(
        SpecificationSection.objects.filter(specification__commission=commission).order_by(
            "position", "pk"
        )
    )
    open_items = [
        (f"{REQUIREMENT_PREFIX}:{r.pk}", f"Open for dialogue: {_short(r.text)}")
        for r in requirements
        if r.kind == RequirementKind.OPEN_FOR_DIALOGUE
    ]
    other_items = [
        (f"{REQUIREMENT_PREFIX}:{r.pk}", f"{r.get_kind_display()}: {_short(r.text)}")
        for r in requirements
        if r.kind != RequirementKind.OPEN_FOR_DIALOGUE
    ]
    section_items = [(f"{SECTION_PREFIX}:{s.pk}", f"Section: {s.heading}") for s in sections]
    groups = [
        ("Requirements open for dialogue", open_items),
        ("Other requirements", other_items),
        ("Sections", section_items),
    ]
    return [(label, items) for label, items in groups if items]


def spec_item_get(
    commission: Commission, key: str
) -> tuple[SpecificationSection | None, Requirement | None]:
    """The section or requirement a choice key names, only within this commission's
    specification; (None, None) for no link or an unknown key."""
    prefix, _, typed = (key or "").partition(":")
    pk = id_from(typed)
    if pk is None:
        return None, None
    if prefix == SECTION_PREFIX:
        section = SpecificationSection.objects.filter(
            specification__commission=commission, pk=pk
        ).first()
        return section, None
    if prefix == REQUIREMENT_PREFIX:
        requirement = Requirement.objects.filter(
            section__specification__commission=commission, pk=pk
        ).first()
        return None, requirement
    return None, None


def _short(text: str, length: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
