"""Reads for the learning pages: the "Learned before" panel, the search page, pins."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from accounts import permissions
from commissioning.models import Commission, Mission, Place
from learning.models import LessonText, PinnedLesson
from learning.search import Filters, Hit, search, visible

PANEL_SIZE = 5
SEARCH_SIZE = 50


@dataclass
class LessonItem:
    """One lesson as a page shows it: where it came from, and whether it is the viewer's."""

    lesson: LessonText
    own: bool
    url: str
    by_meaning: bool = False
    by_words: bool = False
    pinned: bool = False

    @property
    def from_organisation(self) -> str:
        return "" if self.own else self.lesson.organisation.name


def _item(
    hit_or_lesson: Hit | LessonText, organisation_ids: list[int], pinned: set[str]
) -> LessonItem:
    lesson = hit_or_lesson.lesson if isinstance(hit_or_lesson, Hit) else hit_or_lesson
    own = lesson.organisation_id in organisation_ids
    # Another council's record is not ours to open; its public learning page is.
    url = lesson.url if own else reverse("contracts:learning_public")
    return LessonItem(
        lesson=lesson,
        own=own,
        url=url,
        by_meaning=getattr(hit_or_lesson, "by_meaning", False),
        by_words=getattr(hit_or_lesson, "by_words", False),
        pinned=lesson.source_key in pinned,
    )


@dataclass
class LearnedBeforePanel:
    commission: Commission
    query: str
    items: list[LessonItem]
    may_pin: bool
    # The name of the form field whose text the panel follows as the person types.
    field: str = ""
    target: str = "learned-before"
    # Where pinning returns to: the page the panel is on.
    next_url: str = ""
    # The heading level of the panel on its page; its items' headings are one below.
    level: int = 3
    # Filled in by the browser once the panel scrolls into view (a page with many
    # sections would otherwise rank past learning once per section before showing).
    lazy: bool = False
    # What to search while the followed field is empty (a section's heading).
    fallback: str = ""

    @property
    def item_level(self) -> int:
        return self.level + 1


def learned_before_panel(
    *,
    user: Any,
    commission: Commission,
    text: str,
    field: str = "",
    target: str = "",
    next_url: str = "",
    lazy: bool = False,
    fallback: str = "",
) -> LearnedBeforePanel | None:
    """What the council (and others, publicly) learned that bears on `text`; None for
    anyone who may not search its learning (suppliers, other councils, viewers). A lazy
    panel runs no search: the browser asks for its items when it comes into view."""
    if not permissions.can(user, "learning.search", commission):
        return None
    organisation_ids = [commission.organisation_id]
    text = text.strip() or fallback
    if lazy:
        hits, pinned = [], set()
    else:
        pinned = set(commission.pinned_lessons.values_list("source_key", flat=True))
        hits = search(text, organisation_ids=organisation_ids, limit=PANEL_SIZE)
    return LearnedBeforePanel(
        commission=commission,
        query=text,
        items=[_item(hit, organisation_ids, pinned) for hit in hits],
        may_pin=permissions.can(user, "learning.pin", commission),
        field=field,
        target=target or "learned-before",
        next_url=next_url,
        lazy=lazy,
        fallback=fallback,
    )


@dataclass
class SearchPage:
    query: str
    items: list[LessonItem] = field(default_factory=list)
    browse: QuerySet[LessonText] | None = None
    organisation_ids: list[int] = field(default_factory=list)

    def browse_item(self, lesson: LessonText) -> LessonItem:
        return _item(lesson, self.organisation_ids, set())


def search_page(*, user: Any, text: str, filters: Filters) -> SearchPage:
    """Ranked results for a search; the newest lessons first when there is only filters."""
    organisation_ids = permissions.learning_organisation_ids(user)
    if not text.strip():
        return SearchPage(
            query="",
            browse=visible(organisation_ids, filters).select_related("organisation"),
            organisation_ids=organisation_ids,
        )
    hits = search(text, organisation_ids=organisation_ids, filters=filters, limit=SEARCH_SIZE)
    return SearchPage(
        query=text,
        items=[_item(hit, organisation_ids, set()) for hit in hits],
        organisation_ids=organisation_ids,
    )


def filter_options(user: Any) -> dict[str, list[tuple[int, str]]]:
    organisation_ids = permissions.learning_organisation_ids(user)
    return {
        "mission": list(
            Mission.objects.filter(organisation_id__in=organisation_ids)
            .order_by("title")
            .values_list("pk", "title")
        ),
        "place": list(
            Place.objects.filter(organisation_id__in=organisation_ids)
            .order_by("name")
            .values_list("pk", "name")
        ),
    }


def pinned_for(commission: Commission) -> list[PinnedLesson]:
    return list(commission.pinned_lessons.select_related("pinned_by"))


def lesson_for(user: Any, commission: Commission, pk: int) -> LessonText | None:
    """A lesson the commission's council may read (its own, or another's public one)."""
    return (
        visible([commission.organisation_id]).filter(pk=pk).select_related("organisation").first()
    )


def may_pin(user: Any, commission: Commission) -> bool:
    return permissions.can(user, "learning.pin", commission)
