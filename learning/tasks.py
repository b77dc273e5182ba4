"""Background jobs for the learning index."""

from __future__ import annotations

from celery import shared_task

from learning import services


@shared_task(name="learning.embed_lessons")
def embed_lessons() -> int:
    """Embed every new or changed lesson, in batches (queued whenever text changes)."""
    return services.lessons_embed_pending()


@shared_task(name="learning.sync_index")
def sync_index() -> int:
    """Hourly: rebuild the index from its sources, to repair anything a signal missed."""
    return services.lesson_index_sync()
