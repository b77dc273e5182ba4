"""Keep the opportunity index current the moment a tender is saved.

The index is derived data, like a cache, so a receiver is the right hook: procurement
does not need to know search exists. The refresh runs after the commit and never fails
the request that saved the tender; the every-minute sync job repairs anything missed
(including changes made with queryset.update(), which sends no signal).

Kept searches of the opportunities page (dialogue/search_page.py) show the names of
buyers, missions and places, so saving or deleting one of those draws them again.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Organisation
from commissioning.models import Mission, Place
from procurement.models import Tender

logger = logging.getLogger(__name__)


def _refresh_quietly(tender_id: int) -> None:
    from dialogue.services import opportunity_index_refresh

    try:
        opportunity_index_refresh(tender_id=tender_id)
    except Exception:
        logger.exception("Could not refresh the search row of tender %s", tender_id)


@receiver(post_save, sender=Tender, dispatch_uid="dialogue.refresh_opportunity_index")
def tender_saved(sender: type[Tender], instance: Tender, **kwargs: Any) -> None:
    tender_id = instance.pk
    transaction.on_commit(lambda: _refresh_quietly(tender_id))


def _names_changed(sender: Any, **kwargs: Any) -> None:
    # Kept searches name buyers, missions and places (dialogue/search_page.py).
    from dialogue.search_page import opportunities_changed

    opportunities_changed()


for _model in (Organisation, Mission, Place):
    post_save.connect(
        _names_changed, sender=_model, dispatch_uid=f"dialogue.names.{_model.__name__}"
    )
    post_delete.connect(
        _names_changed, sender=_model, dispatch_uid=f"dialogue.names.gone.{_model.__name__}"
    )
