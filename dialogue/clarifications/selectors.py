"""Reads for clarification questions: the log on a tender and one question."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from accounts import permissions
from accounts.models import BUYER_STAFF_ROLES, Organisation, User
from dialogue.models import Clarification, ClarificationStatus
from procurement.models import Tender


@dataclass
class ClarificationLog:
    """What one person may see of a tender's clarifications.

    `published` is the anonymised log every participant sees, in log order. `own` holds
    the person's supplier's questions not (yet) in the log. `everything` is the buyer's
    view, with who asked; it is empty for anyone else.
    """

    tender: Tender
    published: list[Clarification] = field(default_factory=list)
    own: list[Clarification] = field(default_factory=list)
    everything: list[Clarification] = field(default_factory=list)
    sees_log: bool = False
    is_buyer_staff: bool = False
    may_answer: bool = False

    @property
    def awaiting_count(self) -> int:
        return sum(1 for c in self.everything if c.status == ClarificationStatus.AWAITING_ANSWER)


def tender_for_clarifications(pk: int) -> Tender | None:
    return Tender.objects.select_related("organisation").filter(pk=pk).first()


def clarification_log_for(
    *, tender: Tender, user: User, supplier: Organisation | None
) -> ClarificationLog:
    """The log as `user` may see it. `supplier` is the supplier the person acts for, if any:
    its own unpublished questions are shown to it. A constant number of queries."""
    log = ClarificationLog(tender=tender)
    # The buyer's staff read every question (the `clarification.read` rule); viewers and
    # suppliers read the published log.
    log.is_buyer_staff = permissions.buyer_role(user, tender.organisation_id, *BUYER_STAFF_ROLES)
    log.may_answer = permissions.can(user, "tender.manage", tender)
    log.sees_log = permissions.can(user, "tender.dialogue_view", tender)
    clarifications = Clarification.objects.filter(tender=tender)
    if log.is_buyer_staff:
        log.everything = list(
            clarifications.select_related("supplier", "asked_by", "answered_by").order_by(
                "asked_at", "pk"
            )
        )
        log.published = sorted(
            (c for c in log.everything if c.status == ClarificationStatus.PUBLISHED),
            key=lambda c: c.log_number or 0,
        )
        return log
    if log.sees_log:
        log.published = list(
            clarifications.filter(status=ClarificationStatus.PUBLISHED).order_by("log_number")
        )
    if supplier is not None:
        log.own = list(
            clarifications.filter(supplier=supplier)
            .exclude(status=ClarificationStatus.PUBLISHED)
            .order_by("asked_at", "pk")
        )
    return log


def clarification_get(pk: int) -> Clarification | None:
    return (
        Clarification.objects.select_related("tender__organisation", "supplier", "asked_by")
        .filter(pk=pk)
        .first()
    )


def waiting_for_answer_count(tender: Tender) -> int:
    """How many of the tender's questions wait for the buyer's answer: the buyer's staff see
    it on the tender page, so it is written as SQL (the ORM's count took longer to build
    than to run)."""
    with connection.cursor() as cursor:
        cursor.execute(_WAITING, [tender.pk, ClarificationStatus.AWAITING_ANSWER.value])
        return cursor.fetchone()[0]


_WAITING = (
    f"SELECT count(*) FROM {Clarification._meta.db_table}"  # noqa: S608 - the table name from the model
    " WHERE tender_id = %s AND status = %s"
)
