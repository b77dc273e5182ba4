"""How each kind of past material looks as a GOV.UK tag (registered in `apps.py`)."""

from __future__ import annotations

from core.status_tags import register
from learning.models import LessonKind, LessonText, PinnedLesson

register(
    LessonKind,
    {
        LessonKind.LEARNING: "blue",
        LessonKind.STORY: "turquoise",
        LessonKind.WAS_HARD: "orange",
        LessonKind.WITHDRAWAL: "pink",
        LessonKind.INSIGHT: "purple",
        LessonKind.CLARIFICATION: "light-blue",
        LessonKind.CONCERN: "yellow",
    },
    fields=((LessonText, "kind"), (PinnedLesson, "kind")),
)
