"""What the council learned, gathered in one table so it can be found again by meaning.

`LessonText` is derived data, like a search index: one row per piece of past material
(a learning entry, one side's check-in story or "what was hard", a supplier's withdrawal
reason, a market insight, a clarification question, an evaluator's concern), rebuilt from
its source by `learning.services.lesson_index_refresh`. `PinnedLesson` is the
commissioner's own record that a commission considered one of them, and keeps a copy of
what it said, so it stays readable even if the source changes or goes.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from accounts.models import Organisation
from commissioning.models import Commission
from core.formatting import uk_date


class LessonKind(models.TextChoices):
    LEARNING = "learning", "Learning entry"
    STORY = "story", "Check-in story"
    WAS_HARD = "was_hard", "What was hard"
    WITHDRAWAL = "withdrawal", "Withdrawal reason"
    INSIGHT = "insight", "Market insight"
    CLARIFICATION = "clarification", "Clarification question"
    CONCERN = "concern", "Evaluation concern"


class LessonText(models.Model):
    """One piece of past material, flattened so search, filters and ranking read one table."""

    # "<source>:<id>[:<part>]", for example "checkin:12:was_hard": stable while the source lives.
    source_key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=LessonKind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # Shared by its council with every other council (only learning entries can be).
    is_public = models.BooleanField(default=False)
    did_not_work = models.BooleanField(default=False)
    title = models.CharField(max_length=300)
    text = models.TextField()
    source_label = models.CharField(max_length=300)
    dated = models.DateField()
    url = models.CharField(max_length=300, blank=True)
    mission_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    missions_label = models.CharField(max_length=500, blank=True)
    # The places and every place above them, so a filter on an area finds its wards too.
    place_ids = ArrayField(models.IntegerField(), default=list, blank=True)
    places_label = models.CharField(max_length=500, blank=True)
    search_vector = SearchVectorField(null=True)
    # What the embedding was computed from; a change clears the embedding.
    text_hash = models.CharField(max_length=64)
    # float32 little-endian, `learning.embedding.DIMENSIONS` values, unit length.
    embedding = models.BinaryField(null=True, editable=False)
    embedded_at = models.DateTimeField(null=True, blank=True, editable=False)
    indexed_at = models.DateTimeField()

    class Meta:
        ordering = ["-dated", "-pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="lesson_search_gin"),
            GinIndex(fields=["mission_ids"], name="lesson_missions_gin"),
            GinIndex(fields=["place_ids"], name="lesson_places_gin"),
            models.Index(fields=["organisation", "is_public"], name="lesson_visibility_idx"),
            models.Index(fields=["embedded_at"], name="lesson_embedded_idx"),
            # The embedding queue: rows whose text changed since they were embedded.
            models.Index(
                fields=["indexed_at"],
                condition=models.Q(embedding__isnull=True),
                name="lesson_unembedded_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LessonIndexState(models.Model):
    """One row: counters that tell each process's copy of the vectors it is out of date
    (`learning/vectors.py`), so a search never has to count the index to find out."""

    # Rows were embedded: read the newly embedded ones.
    embedded_version = models.PositiveBigIntegerField(default=0)
    # Rows were removed, or changed council or visibility: read everything again.
    reload_version = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Learning index state {self.embedded_version}/{self.reload_version}"


class PinnedLesson(models.Model):
    """ "We considered this": a past lesson a commission's team has taken into account."""

    commission = models.ForeignKey(
        Commission, on_delete=models.CASCADE, related_name="pinned_lessons"
    )
    source_key = models.CharField(max_length=80)
    lesson = models.ForeignKey(
        LessonText, on_delete=models.SET_NULL, null=True, blank=True, related_name="pins"
    )
    kind = models.CharField(max_length=20, choices=LessonKind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField()
    source_label = models.CharField(max_length=300)
    dated = models.DateField()
    url = models.CharField(max_length=300, blank=True)
    did_not_work = models.BooleanField(default=False)
    # Which council the lesson came from, when not the commission's own.
    from_organisation = models.CharField(max_length=200, blank=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    pinned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pinned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "source_key"], name="lesson_pinned_once_per_commission"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def organisation_id(self) -> int:
        return self.commission.organisation_id

    @property
    def citation(self) -> str:
        """How a change note cites it."""
        return f"{self.title} ({self.source_label}, {uk_date(self.dated)})"
