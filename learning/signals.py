"""Keep the learning index current the moment its material is saved.

The index is derived data, like the opportunity index (`dialogue/signals.py`), so a
receiver is the right hook: the apps that hold the material need not know it is searched.
The rows refresh after the commit and never fail the request that saved the record; the
embedding of changed text runs on the worker, in batches (`learning.tasks.embed_lessons`);
the hourly sync repairs anything missed (queryset.update() sends no signal).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from contracts.models import CheckIn, CheckInContribution, LearningEntry
from dialogue.models import Clarification, MarketInsight
from procurement.models import FINISHED_STATUSES, Concern, Tender, TenderParticipant

logger = logging.getLogger(__name__)


def _refresh_quietly(prefix: str, ids: list[int]) -> None:
    from learning.services import lesson_index_refresh

    try:
        lesson_index_refresh(prefix=prefix, ids=ids)
    except Exception:
        logger.exception("Could not refresh the learning index for %s %s", prefix, ids)


def _on_commit(prefix: str, ids: list[int]) -> None:
    if ids:
        transaction.on_commit(lambda: _refresh_quietly(prefix, ids))


def _connect(model: type, prefix: str) -> None:
    def changed(sender: type, instance: Any, **kwargs: Any) -> None:
        _on_commit(prefix, [instance.pk])

    for signal in (post_save, post_delete):
        signal.connect(
            changed, sender=model, weak=False, dispatch_uid=f"learning.{prefix}.{signal}"
        )


_connect(LearningEntry, "learning")
_connect(CheckInContribution, "checkin")
_connect(TenderParticipant, "withdrawal")
_connect(MarketInsight, "insight")
_connect(Clarification, "clarification")
_connect(Concern, "concern")


def _checkin_saved(sender: type, instance: CheckIn, **kwargs: Any) -> None:
    """A check-in is indexed once shared; its contributions follow its status."""
    _on_commit("checkin", list(instance.contributions.values_list("pk", flat=True)))


def _tender_saved(sender: type, instance: Tender, **kwargs: Any) -> None:
    """Evaluators' concerns are indexed once the tender is finished."""
    if instance.status in FINISHED_STATUSES:
        _on_commit(
            "concern",
            list(Concern.objects.filter(bid__tender=instance).values_list("pk", flat=True)),
        )


post_save.connect(_checkin_saved, sender=CheckIn, dispatch_uid="learning.checkin_status")
post_save.connect(_tender_saved, sender=Tender, dispatch_uid="learning.tender_status")
