"""Writes for market engagement: the brief and its questions, the event, suppliers'
responses, the insights the buyer draws from them, and the specification version that
acts on those insights.

Deadlines are moments (stored in UTC, shown in Europe/London) and the server enforces
them: nothing a supplier sends after the response deadline is accepted.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from accounts import lifecycle, permissions
from accounts.models import Organisation, User
from accounts.services import audit_record, notification_send
from commissioning.models import (
    Commission,
    CommissionStatus,
    Requirement,
    Specification,
    SpecificationSection,
    SpecificationVersion,
)
from commissioning.specifications.services import specification_version_issue
from core.errors import DomainError, InvalidTransition
from core.formatting import uk_datetime
from core.text import word_count
from dialogue.models import (
    EngagementAnswer,
    EngagementQuestion,
    EngagementResponse,
    EngagementStatus,
    EventSignup,
    MarketEngagement,
    MarketInsight,
)
from procurement.services import check_word_limit

# The whole lifecycle: a draft is opened to the market once, then closed once.
ALLOWED: dict[str, set[str]] = {
    EngagementStatus.DRAFT: {EngagementStatus.OPEN},
    EngagementStatus.OPEN: {EngagementStatus.CLOSED},
    EngagementStatus.CLOSED: set(),
}

MAX_TAGS = 10
TAG_LENGTH = 40
MARKET_FEEDBACK_HEADING = "Market feedback:"


class AnswersInvalid(DomainError):
    """One or more answers break a rule; `errors` maps each question's id to its message."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


# --- Helpers -----------------------------------------------------------------------------
def _require_manage(by: User, obj: MarketEngagement | Commission) -> None:
    permissions.require(by, "engagement.manage", obj)


def _locked(engagement: MarketEngagement) -> MarketEngagement:
    return (
        MarketEngagement.objects.select_for_update(of=("self",))
        .select_related("commission", "organisation")
        .get(pk=engagement.pk)
    )


def _require_draft(engagement: MarketEngagement) -> None:
    if engagement.status != EngagementStatus.DRAFT:
        raise DomainError(
            "This market engagement is open to the market, so its brief and questions "
            "cannot change."
        )


def accepting_responses(engagement: MarketEngagement, now: datetime.datetime | None = None) -> bool:
    """Open, and the response deadline has not passed."""
    now = now or timezone.now()
    return engagement.status == EngagementStatus.OPEN and now < engagement.response_deadline


def _require_accepting(engagement: MarketEngagement) -> None:
    if engagement.status == EngagementStatus.DRAFT:
        raise DomainError("This market engagement is not open yet.")
    if engagement.status == EngagementStatus.CLOSED:
        raise DomainError("This market engagement is closed. It no longer takes responses.")
    if timezone.now() >= engagement.response_deadline:
        raise DomainError(
            f"The deadline for responses was {uk_datetime(engagement.response_deadline)}. "
            "Responses can no longer be sent."
        )


def _require_supplier(by: User, supplier: Organisation, engagement: MarketEngagement) -> None:
    permissions.require(by, "supplier.act", supplier)
    if supplier.pk == engagement.organisation_id:
        raise DomainError("An organisation cannot respond to its own market engagement.")


# Far beyond any hall, and within the column that keeps it; the link as long as its column.
MAX_EVENT_PLACES = 100_000
MAX_LINK_LENGTH = 200


def _clean_details(
    *,
    title: str,
    brief: str,
    response_deadline: datetime.datetime | None,
    event_starts_at: datetime.datetime | None,
    event_location: str,
    event_online_url: str,
    event_capacity: int | None,
) -> dict[str, object]:
    title, brief = title.strip(), brief.strip()
    event_location, event_online_url = event_location.strip(), event_online_url.strip()
    now = timezone.now()
    if not title:
        raise DomainError("Enter a title for the market engagement.")
    if not brief:
        raise DomainError("Enter a brief that tells the market what you want to learn.")
    if response_deadline is None:
        raise DomainError("Enter the deadline for responses.")
    if response_deadline <= now:
        raise DomainError("The deadline for responses must be in the future.")
    has_event_details = bool(event_location or event_online_url or event_capacity)
    if event_starts_at is None and has_event_details:
        raise DomainError("Enter the date and time of the event, or remove the event details.")
    if event_starts_at is not None:
        if event_starts_at <= now:
            raise DomainError("The event must be in the future.")
        if not (event_location or event_online_url):
            raise DomainError("Enter where the event is, an online link, or both.")
    if event_capacity is not None and event_capacity < 1:
        raise DomainError("The number of places at the event must be 1 or more.")
    if event_capacity is not None and event_capacity > MAX_EVENT_PLACES:
        raise DomainError(f"The number of places must be {MAX_EVENT_PLACES:,} or fewer.")
    if len(event_online_url) > MAX_LINK_LENGTH:
        raise DomainError(f"The online link must be {MAX_LINK_LENGTH} characters or fewer.")
    return {
        "title": title,
        "brief": brief,
        "response_deadline": response_deadline,
        "event_starts_at": event_starts_at,
        "event_location": event_location,
        "event_online_url": event_online_url,
        "event_capacity": event_capacity if event_starts_at is not None else None,
    }


def _check_spec_item(
    commission_id: int,
    section: SpecificationSection | None,
    requirement: Requirement | None,
) -> None:
    """A question or insight may point at one item of the commission's own specification."""
    if section is not None and requirement is not None:
        raise DomainError("Link to a section or to a requirement, not both.")
    if section is not None:
        owner = Specification.objects.filter(pk=section.specification_id).values_list(
            "commission_id", flat=True
        )
        if list(owner) != [commission_id]:
            raise DomainError("Choose a section of this commission's specification.")
    if requirement is not None:
        owner = SpecificationSection.objects.filter(pk=requirement.section_id).values_list(
            "specification__commission_id", flat=True
        )
        if list(owner) != [commission_id]:
            raise DomainError("Choose a requirement of this commission's specification.")


# --- The engagement and its lifecycle ----------------------------------------------------
@transaction.atomic
def engagement_create(
    *,
    commission: Commission,
    by: User,
    title: str,
    brief: str,
    response_deadline: datetime.datetime | None,
    event_starts_at: datetime.datetime | None = None,
    event_location: str = "",
    event_online_url: str = "",
    event_capacity: int | None = None,
) -> MarketEngagement:
    """Start a draft market engagement on a commission.

    Only the buyer's commissioners and administrators may. The brief and title are
    needed, the response deadline must be in the future, and an event needs a date and
    time in the future and a place or an online link (or both).
    """
    _require_manage(by, commission)
    if commission.status == CommissionStatus.CLOSED:
        raise DomainError("This commission is closed, so it cannot ask the market for views.")
    fields = _clean_details(
        title=title,
        brief=brief,
        response_deadline=response_deadline,
        event_starts_at=event_starts_at,
        event_location=event_location,
        event_online_url=event_online_url,
        event_capacity=event_capacity,
    )
    engagement = MarketEngagement.objects.create(
        organisation_id=commission.organisation_id, commission=commission, created_by=by, **fields
    )
    audit_record(actor=by, verb="market engagement created", target=engagement)
    return engagement


@transaction.atomic
def engagement_update(
    *,
    engagement: MarketEngagement,
    by: User,
    title: str,
    brief: str,
    response_deadline: datetime.datetime | None,
    event_starts_at: datetime.datetime | None = None,
    event_location: str = "",
    event_online_url: str = "",
    event_capacity: int | None = None,
) -> MarketEngagement:
    """Change a draft's brief, deadline and event. Once open to the market it is fixed,
    so every supplier answers the same brief."""
    _require_manage(by, engagement)
    engagement = _locked(engagement)
    _require_draft(engagement)
    fields = _clean_details(
        title=title,
        brief=brief,
        response_deadline=response_deadline,
        event_starts_at=event_starts_at,
        event_location=event_location,
        event_online_url=event_online_url,
        event_capacity=event_capacity,
    )
    changes = {
        name: [str(getattr(engagement, name)), str(value)]
        for name, value in fields.items()
        if getattr(engagement, name) != value
    }
    for name, value in fields.items():
        setattr(engagement, name, value)
    engagement.save()
    audit_record(actor=by, verb="market engagement changed", target=engagement, changes=changes)
    return engagement


def engagement_transition(*, engagement: MarketEngagement, to: str, by: User) -> MarketEngagement:
    """The only place an engagement's status changes; records who moved it and when."""
    stamp = {EngagementStatus.OPEN: "opened_at", EngagementStatus.CLOSED: "closed_at"}.get(to)
    return lifecycle.transition(
        engagement,
        to=to,
        allowed=ALLOWED,
        by=by,
        action="engagement.manage",
        also={stamp: timezone.now()} if stamp else {},
    )


@transaction.atomic
def engagement_open(*, engagement: MarketEngagement, by: User) -> MarketEngagement:
    """Publish a draft to the market. It needs at least one question, a response
    deadline still in the future, and an event (if any) that has not started."""
    _require_manage(by, engagement)
    locked = _locked(engagement)
    if locked.status != EngagementStatus.DRAFT:
        raise InvalidTransition(
            locked.get_status_display(), EngagementStatus.OPEN.label, noun="market engagement"
        )
    if not locked.questions.exists():
        raise DomainError("Add at least one question for the market before you open it.")
    if locked.response_deadline <= timezone.now():
        raise DomainError(
            "The deadline for responses has passed. Change it to a future date, then open it."
        )
    if locked.event_starts_at is not None and locked.event_starts_at <= timezone.now():
        raise DomainError("The event date has passed. Change it, then open the engagement.")
    return engagement_transition(engagement=engagement, to=EngagementStatus.OPEN, by=by)


@transaction.atomic
def engagement_close(*, engagement: MarketEngagement, by: User) -> MarketEngagement:
    """Stop taking responses before the deadline. Submitted responses are kept."""
    return engagement_transition(engagement=engagement, to=EngagementStatus.CLOSED, by=by)


# --- Questions -----------------------------------------------------------------------------
@transaction.atomic
def question_add(
    *,
    engagement: MarketEngagement,
    by: User,
    text: str,
    guidance: str = "",
    word_limit: int = 300,
    section: SpecificationSection | None = None,
    requirement: Requirement | None = None,
) -> EngagementQuestion:
    """Add a question to a draft, optionally tied to one section or requirement of the
    commission's own specification (the part the answers should shape)."""
    _require_manage(by, engagement)
    engagement = _locked(engagement)
    _require_draft(engagement)
    text = text.strip()
    if not text:
        raise DomainError("Enter the question.")
    check_word_limit(word_limit)
    _check_spec_item(engagement.commission_id, section, requirement)
    last = engagement.questions.aggregate(last=Max("position"))["last"]
    question = EngagementQuestion.objects.create(
        engagement=engagement,
        text=text,
        guidance=guidance.strip(),
        word_limit=word_limit,
        position=(last or 0) + 1,
        section=section,
        requirement=requirement,
    )
    audit_record(
        actor=by, verb="question added", target=engagement, changes={"question": question.text}
    )
    return question


@transaction.atomic
def question_remove(*, question: EngagementQuestion, by: User) -> None:
    """Remove a question from a draft."""
    engagement = question.engagement
    _require_manage(by, engagement)
    engagement = _locked(engagement)
    _require_draft(engagement)
    audit_record(
        actor=by, verb="question removed", target=engagement, changes={"question": question.text}
    )
    question.delete()


# --- The event -----------------------------------------------------------------------------
@transaction.atomic
def event_signup(
    *,
    engagement: MarketEngagement,
    supplier: Organisation,
    by: User,
    access_needs: str = "",
) -> EventSignup:
    """Book one place at the event for the person signing up.

    One place per person. The engagement row is locked while places are counted, so two
    people booking the last place at once cannot both get it.
    """
    _require_supplier(by, supplier, engagement)
    engagement = _locked(engagement)
    if engagement.status != EngagementStatus.OPEN:
        raise DomainError("You can only sign up while the market engagement is open.")
    if engagement.event_starts_at is None:
        raise DomainError("This market engagement has no event to sign up for.")
    if engagement.event_starts_at <= timezone.now():
        raise DomainError("The event has already started, so you cannot sign up.")
    if engagement.signups.filter(user=by).exists():
        raise DomainError("You have already signed up for this event.")
    if (
        engagement.event_capacity is not None
        and engagement.signups.count() >= engagement.event_capacity
    ):
        raise DomainError("The event is full.")
    signup = EventSignup.objects.create(
        engagement=engagement, supplier=supplier, user=by, access_needs=access_needs.strip()
    )
    audit_record(actor=by, verb="signed up for event", target=engagement, organisation=supplier)
    notification_send(
        recipient=by,
        key=f"engagement-signup:{signup.pk}",
        subject=f"You have a place at the event for {engagement.title}",
        body=(
            f"The event starts on {uk_datetime(engagement.event_starts_at)}"
            f"{' at ' + engagement.event_location if engagement.event_location else ''}."
        ),
        url=reverse("dialogue:engagement_detail", args=[engagement.pk]),
    )
    return signup


@transaction.atomic
def event_signup_cancel(*, engagement: MarketEngagement, by: User) -> None:
    """Give up a place at the event, so someone else may have it."""
    engagement = _locked(engagement)
    signup = engagement.signups.filter(user=by).first()
    if signup is None:
        raise DomainError("You have not signed up for this event.")
    supplier = signup.supplier
    permissions.require(by, "supplier.act", supplier)
    signup.delete()
    audit_record(actor=by, verb="cancelled event place", target=engagement, organisation=supplier)


# --- Responses -----------------------------------------------------------------------------
def _check_word_limits(
    questions: Iterable[EngagementQuestion], answers: dict[int, str]
) -> dict[int, str]:
    errors: dict[int, str] = {}
    for number, question in enumerate(questions, start=1):
        words = word_count(answers.get(question.pk, ""))
        if words > question.word_limit:
            errors[question.pk] = (
                f"Your answer to question {number} must be {question.word_limit} words or "
                f"fewer. It is {words} words."
            )
    return errors


@transaction.atomic
def response_save_answers(
    *,
    engagement: MarketEngagement,
    supplier: Organisation,
    answers: dict[int, str],
    by: User,
) -> EngagementResponse:
    """Save a supplier's answers as a draft, to finish over several visits.

    Each answer keeps to its question's word limit; if any breaks it nothing is saved and
    every broken limit is reported at once. A sent response cannot change, and nothing is
    accepted after the deadline.
    """
    _require_supplier(by, supplier, engagement)
    engagement = MarketEngagement.objects.get(pk=engagement.pk)
    _require_accepting(engagement)
    response, created = EngagementResponse.objects.get_or_create(
        engagement=engagement, supplier=supplier
    )
    response = EngagementResponse.objects.select_for_update().get(pk=response.pk)
    if response.submitted_at is not None:
        raise DomainError(
            f"You sent your response on {uk_datetime(response.submitted_at)}. "
            "It cannot be changed or sent again."
        )
    questions = list(engagement.questions.all())
    if set(answers) - {question.pk for question in questions}:
        raise DomainError("Some answers are for questions that are not part of this engagement.")
    errors = _check_word_limits(questions, answers)
    if errors:
        raise AnswersInvalid(errors)
    existing = {answer.question_id: answer for answer in response.answers.all()}
    changed = []
    for question_id, text in answers.items():
        answer = existing.get(question_id)
        if answer is None:
            EngagementAnswer.objects.create(response=response, question_id=question_id, text=text)
            changed.append(question_id)
        elif answer.text != text:
            answer.text = text
            answer.save(update_fields=["text"])
            changed.append(question_id)
    response.save(update_fields=["updated_at"])
    audit_record(
        actor=by,
        verb="response started" if created else "response saved",
        target=response,
        changes={"questions": sorted(changed)},
        organisation=supplier,
    )
    return response


@transaction.atomic
def response_submit(*, response: EngagementResponse, by: User) -> EngagementResponse:
    """Send a response to the buyer, once, before the deadline.

    It needs at least one answer and every answer within its word limit. Once sent the
    buyer's staff can read it and it cannot change. The sender and the commissioner who
    opened the engagement are each notified once.
    """
    response = (
        EngagementResponse.objects.select_for_update(of=("self",))
        .select_related("engagement", "supplier")
        .get(pk=response.pk)
    )
    engagement = response.engagement
    _require_supplier(by, response.supplier, engagement)
    if response.submitted_at is not None:
        raise DomainError(
            f"You sent your response on {uk_datetime(response.submitted_at)}. "
            "It cannot be changed or sent again."
        )
    _require_accepting(engagement)
    answers = {answer.question_id: answer.text for answer in response.answers.all()}
    if not any(text.strip() for text in answers.values()):
        raise DomainError("Answer at least one question before you send your response.")
    errors = _check_word_limits(engagement.questions.all(), answers)
    if errors:
        raise AnswersInvalid(errors)
    response.submitted_at = timezone.now()
    response.submitted_by = by
    response.save(update_fields=["submitted_at", "submitted_by", "updated_at"])
    audit_record(actor=by, verb="response sent", target=response, organisation=response.supplier)
    notification_send(
        recipient=by,
        key=f"engagement-response-sent:{response.pk}",
        subject=f"Your response to {engagement.title} has been sent",
        body=(
            f"You sent {response.supplier}'s response to {engagement.organisation}. "
            "Only the buyer can read it."
        ),
        url=reverse("dialogue:engagement_response_detail", args=[response.pk]),
    )
    if engagement.created_by_id is not None:
        notification_send(
            recipient=engagement.created_by,
            key=f"engagement-response-received:{response.pk}",
            subject=f"{response.supplier} responded to {engagement.title}",
            body=(
                f"{response.supplier} sent its response to your market engagement. "
                "Read it with the other responses, grouped by question."
            ),
            url=reverse("dialogue:engagement_responses", args=[engagement.pk]),
        )
    return response


# --- Insights ----------------------------------------------------------------------------
def tags_parse(raw: str | Iterable[str]) -> list[str]:
    """Comma-separated tags as a list: trimmed, lower case, single-spaced, no repeats."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw)
    tags: list[str] = []
    for part in parts:
        tag = re.sub(r"\s+", " ", part).strip().lower()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


@transaction.atomic
def insight_add(
    *,
    engagement: MarketEngagement,
    by: User,
    text: str,
    tags: str | Iterable[str] = "",
    answers: Iterable[EngagementAnswer] = (),
    section: SpecificationSection | None = None,
    requirement: Requirement | None = None,
) -> MarketInsight:
    """Record what the buyer learned from the market, with tags, the sent answers it draws
    on, and the section or requirement of the specification it should change."""
    _require_manage(by, engagement)
    text = text.strip()
    if not text:
        raise DomainError("Enter what you learned from the market.")
    tag_list = tags_parse(tags)
    if len(tag_list) > MAX_TAGS:
        raise DomainError(f"Use {MAX_TAGS} tags or fewer.")
    if any(len(tag) > TAG_LENGTH for tag in tag_list):
        raise DomainError(f"Each tag must be {TAG_LENGTH} characters or fewer.")
    answers = list(answers)
    answer_ids = {answer.pk for answer in answers}
    valid = set(
        EngagementAnswer.objects.filter(
            pk__in=answer_ids,
            response__engagement=engagement,
            response__submitted_at__isnull=False,
        ).values_list("pk", flat=True)
    )
    if valid != answer_ids:
        raise DomainError("Choose answers that suppliers sent to this engagement.")
    _check_spec_item(engagement.commission_id, section, requirement)
    insight = MarketInsight.objects.create(
        engagement=engagement,
        text=text,
        tags=tag_list,
        section=section,
        requirement=requirement,
        created_by=by,
    )
    insight.answers.set(answers)
    audit_record(
        actor=by,
        verb="insight added",
        target=engagement,
        changes={"insight": text, "tags": tag_list},
    )
    return insight


def change_note_with_feedback(change_note: str, insights: Iterable[MarketInsight]) -> str:
    """The change note, then a "Market feedback:" list of the insights it acted on."""
    lines = [change_note.strip(), "", MARKET_FEEDBACK_HEADING]
    lines += [f"- {insight.text}" for insight in insights]
    return "\n".join(lines)


@transaction.atomic
def version_issue_citing_insights(
    *,
    engagement: MarketEngagement,
    insights: Iterable[MarketInsight],
    change_note: str,
    by: User,
) -> SpecificationVersion:
    """Issue the commission's next specification version because of market feedback.

    The change note says what changed, followed by the insights that caused it, and each
    insight records the version that acted on it. An insight is acted on once.
    """
    _require_manage(by, engagement)
    # An insight named twice is acted on once, not taken for one of another engagement.
    insights = list({insight.pk: insight for insight in insights}.values())
    if not insights:
        raise DomainError("Choose at least one insight that this version acts on.")
    if not change_note.strip():
        raise DomainError("Enter a change note that says what changed and why.")
    locked = list(
        MarketInsight.objects.select_for_update()
        .filter(pk__in=[insight.pk for insight in insights])
        .order_by("created_at", "pk")
    )
    if len(locked) != len(insights) or any(i.engagement_id != engagement.pk for i in locked):
        raise DomainError("Choose insights from this market engagement.")
    if any(insight.cited_in_version_id is not None for insight in locked):
        raise DomainError("Some of these insights were already acted on by an earlier version.")
    specification = Specification.objects.filter(commission_id=engagement.commission_id).first()
    if specification is None:
        raise DomainError("This commission has no specification yet. Start it first.")
    version = specification_version_issue(
        specification=specification,
        change_note=change_note_with_feedback(change_note, locked),
        by=by,
    )
    MarketInsight.objects.filter(pk__in=[insight.pk for insight in locked]).update(
        cited_in_version=version
    )
    audit_record(
        actor=by,
        verb="version issued from market feedback",
        target=engagement,
        changes={"version": version.number, "insights": [insight.pk for insight in locked]},
    )
    return version
