"""Writes: keeping the learning index current, embedding it, and pinning lessons."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from commissioning.models import Commission
from core.errors import DomainError
from learning import embedding, vectors
from learning.models import LessonIndexState, LessonText, PinnedLesson
from learning.sources import BY_PREFIX, SOURCES, Row, place_ids_with_ancestors

# Rows embedded per batch: one model call and one bulk write each.
EMBED_BATCH = 512


def _text_hash(row: Row) -> str:
    return hashlib.sha256(f"{row.title}\n{row.text}".encode()).hexdigest()


def _bump(*, embedded: bool = False, reload: bool = False) -> None:
    """Tell every process's vector cache what changed (see `learning/vectors.py`).

    The counters move by a random step, so two histories never reach the same numbers
    (a rolled-back transaction, a restored backup) and a cache cannot mistake one for
    the other."""
    if not LessonIndexState.objects.filter(pk=1).update(
        embedded_version=F("embedded_version") + (secrets.randbelow(2**30) + 1 if embedded else 0),
        reload_version=F("reload_version") + (secrets.randbelow(2**30) + 1 if reload else 0),
    ):
        LessonIndexState.objects.get_or_create(pk=1)


def _write(rows: list[Row], now) -> list[int]:
    """Upsert index rows; a row whose text changed loses its embedding (to be recomputed)."""
    if not rows:
        return []
    existing = {
        lesson.source_key: lesson
        for lesson in LessonText.objects.filter(
            source_key__in=[row.source_key for row in rows]
        ).only("pk", "source_key", "text_hash", "organisation_id", "is_public")
    }
    changed: list[int] = []
    moved = False
    for row in rows:
        text_hash = _text_hash(row)
        fields = {
            "kind": row.kind,
            "organisation_id": row.organisation_id,
            "is_public": row.is_public,
            "did_not_work": row.did_not_work,
            "title": row.title[:300],
            "text": row.text,
            "source_label": row.source_label[:300],
            "dated": row.dated,
            "url": row.url,
            "mission_ids": sorted({pk for pk, _ in row.missions}),
            "missions_label": ", ".join(title for _, title in row.missions)[:500],
            "place_ids": place_ids_with_ancestors([pk for pk, _ in row.places]),
            "places_label": ", ".join(name for _, name in row.places)[:500],
            "indexed_at": now,
        }
        before = existing.get(row.source_key)
        if before is None:
            lesson = LessonText.objects.create(
                source_key=row.source_key, text_hash=text_hash, **fields
            )
            changed.append(lesson.pk)
            continue
        if (before.organisation_id, before.is_public) != (row.organisation_id, row.is_public):
            moved = True
        if before.text_hash != text_hash:
            fields.update(text_hash=text_hash, embedding=None, embedded_at=None)
            changed.append(before.pk)
        LessonText.objects.filter(pk=before.pk).update(**fields)
    if moved:
        _bump(reload=True)
    if changed:
        LessonText.objects.filter(pk__in=changed).update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("text", weight="B", config="english")
        )
    return changed


@transaction.atomic
def lesson_index_refresh(*, prefix: str, ids: Iterable[int]) -> int:
    """Bring the index rows of these source records up to date; drop rows whose record
    is gone or no longer indexed (a check-in taken back, a part left empty). Safe to run
    any number of times. Returns how many rows need (re)embedding; those are queued."""
    ids = sorted(set(ids))
    source = BY_PREFIX[prefix]
    rows = list(source.rows(ids))
    keep = {row.source_key for row in rows}
    stale = LessonText.objects.filter(
        source_key__regex=rf"^{prefix}:({'|'.join(str(i) for i in ids) or '0'})(:|$)"
    ).exclude(source_key__in=keep)
    if stale.delete()[0]:
        _bump(reload=True)
    changed = _write(rows, timezone.now())
    if changed:
        _queue_embedding()
    return len(changed)


def lesson_index_sync(*, batch: int = 2000) -> int:
    """Rebuild the whole index from every source (after a deploy, or nightly as a repair).

    Returns how many rows need (re)embedding; they are queued for the worker."""
    total = 0
    now = timezone.now()
    seen: set[str] = set()
    for source in SOURCES:
        ids = list(source.model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                rows = list(source.rows(ids[start : start + batch]))
                seen.update(row.source_key for row in rows)
                total += len(_write(rows, now))
    if LessonText.objects.exclude(source_key__in=seen).delete()[0]:
        _bump(reload=True)
    if total:
        _queue_embedding()
    return total


def _queue_embedding() -> None:
    from learning.tasks import embed_lessons

    transaction.on_commit(embed_lessons.delay)


def lessons_embed_pending(*, batch_size: int = EMBED_BATCH, limit: int | None = None) -> int:
    """Embed rows whose text is new or changed, a batch at a time. Two workers never take
    the same rows (SKIP LOCKED); a row changed while being embedded keeps its new text's
    hash and is embedded again. Returns how many rows were embedded."""
    done = 0
    while limit is None or done < limit:
        with transaction.atomic():
            batch = list(
                LessonText.objects.filter(embedding__isnull=True)
                .order_by("indexed_at", "pk")
                .select_for_update(skip_locked=True)
                .only("pk", "title", "text", "text_hash")[:batch_size]
            )
            if not batch:
                break
            matrix = embedding.embed([f"{lesson.title}. {lesson.text}" for lesson in batch])
            now = timezone.now()
            for lesson, vector in zip(batch, matrix, strict=True):
                lesson.embedding = embedding.to_bytes(vector)
                lesson.embedded_at = now
            LessonText.objects.bulk_update(batch, ["embedding", "embedded_at"])
            vectors.store_in_pgvector(batch, matrix)
            _bump(embedded=True)
        done += len(batch)
    return done


# --- Pinning ------------------------------------------------------------------------------
@transaction.atomic
def lesson_pin(*, commission: Commission, lesson: LessonText, by: User) -> PinnedLesson:
    """Record that the commission's team considered a past lesson. The commission's
    managers may pin what they may read: their council's own material, or what another
    council shared publicly. Pinning twice changes nothing."""
    permissions.require(by, "learning.pin", commission)
    if lesson.organisation_id != commission.organisation_id and not lesson.is_public:
        raise DomainError("That lesson was not found.")
    pin, created = PinnedLesson.objects.get_or_create(
        commission=commission,
        source_key=lesson.source_key,
        defaults={
            "lesson": lesson,
            "kind": lesson.kind,
            "title": lesson.title,
            "text": lesson.text,
            "source_label": lesson.source_label,
            "dated": lesson.dated,
            "url": lesson.url if lesson.organisation_id == commission.organisation_id else "",
            "did_not_work": lesson.did_not_work,
            "from_organisation": (
                ""
                if lesson.organisation_id == commission.organisation_id
                else lesson.organisation.name
            ),
            "pinned_by": by,
        },
    )
    if created:
        audit_record(
            actor=by, verb="lesson pinned", target=commission, changes={"lesson": pin.title}
        )
    return pin


@transaction.atomic
def lesson_unpin(*, pin: PinnedLesson, by: User) -> None:
    """Take a pinned lesson off the commission."""
    permissions.require(by, "learning.pin", pin.commission)
    audit_record(
        actor=by, verb="lesson unpinned", target=pin.commission, changes={"lesson": pin.title}
    )
    pin.delete()


def pgvector_available() -> bool:
    return vectors.pgvector_enabled(connection)
