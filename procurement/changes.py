"""Changing a published tender: its deadlines, summary, specification version or value.

The Procurement Act 2023 (section 31) lets a buyer change a procurement's terms before
the deadline for tenders, and asks it to look at its time limits again when it does.
Kindred makes every change through one service, `tender_change_make`, which checks both
deadlines together, records what changed (old and new, why, who, when) in the tender's
change log and tells every supplier taking part, once.

The rules for deadlines, in the order they are checked:

- a deadline that changes must be in the future, and the deadline for questions must be
  on or before the bid deadline;
- moving a deadline later is always allowed, also after bids are in: submitted bids are
  kept, and their suppliers may withdraw and resubmit them until the new deadline;
- moving a deadline earlier is refused once any bid has been submitted, because those
  suppliers planned around it;
- the bid deadline may never be earlier than the minimum time promised when the tender
  was published (`MINIMUM_TENDERING_DAYS` after publication: section 54 of the Act
  sets minimum tendering periods, and Kindred holds every procedure to the figure here);
- once the bid deadline has passed, the tender can take a new one only if the buyer
  decides to reopen it (and the bids are not yet opened).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record, notification_send
from commissioning.models import SpecificationVersion
from core.errors import DomainError
from core.formatting import uk_datetime
from procurement.models import (
    BidStatus,
    DirectAward,
    Procedure,
    Tender,
    TenderChange,
    TenderStatus,
)
from procurement.selectors import participations_in_process, supplier_people

# Tenders still open to the market: the only ones that can change.
CHANGEABLE_STATUSES = frozenset(
    {TenderStatus.PUBLISHED, TenderStatus.DIALOGUE, TenderStatus.FINAL_SUBMISSIONS}
)
MINIMUM_TENDERING_DAYS = {
    Procedure.OPEN: 25,
    Procedure.COMPETITIVE_FLEXIBLE: 25,
    Procedure.BELOW_THRESHOLD: 10,
    Procedure.DIRECT_AWARD: 0,
}
REASON_MAX = 2000

LABELS = {
    "clarification_deadline": "Deadline for questions",
    "submission_deadline": "Bid deadline",
    "summary": "Summary",
    "specification_version": "Specification version",
    "estimated_value": "Estimated value",
}


def _shown(field: str, value: Any) -> str:
    """A value as the change log shows it."""
    if value is None or value == "":
        return "Until the bid deadline" if field == "clarification_deadline" else "Not given"
    if isinstance(value, datetime.datetime):
        return uk_datetime(value)
    if isinstance(value, SpecificationVersion):
        return f"Version {value.number}"
    if isinstance(value, Decimal):
        return f"£{value:,.0f}"
    return str(value)


def minimum_deadline(tender: Tender) -> datetime.datetime | None:
    """The earliest bid deadline suppliers were promised when the tender was published."""
    if tender.published_at is None:
        return None
    days = MINIMUM_TENDERING_DAYS.get(tender.procedure, 0)
    return tender.published_at + datetime.timedelta(days=days)


def _check_deadlines(
    *,
    tender: Tender,
    submission_deadline: datetime.datetime,
    clarification_deadline: datetime.datetime | None,
    reopen: bool,
    now: datetime.datetime,
) -> None:
    """Every deadline rule at once, against the tender as it stands (see the module)."""
    submission_changed = submission_deadline != tender.submission_deadline
    clarification_changed = clarification_deadline != tender.clarification_deadline
    if tender.deadline_passed:
        if tender.bids_opened_at is not None:
            raise DomainError("The bids have been opened, so the tender cannot take new deadlines.")
        if not submission_changed and (clarification_changed or reopen):
            raise DomainError(
                "Set a new bid deadline in the future to reopen the tender.",
                field="submission_deadline",
            )
        if submission_changed and not reopen:
            raise DomainError(
                f"The bid deadline passed on {uk_datetime(tender.submission_deadline)}. "
                "To set a new one, choose to reopen the tender.",
                field="reopen",
            )
    if submission_changed and submission_deadline <= now:
        raise DomainError("The bid deadline must be in the future.", field="submission_deadline")
    if (
        clarification_changed
        and clarification_deadline is not None
        and clarification_deadline <= now
    ):
        raise DomainError(
            "The deadline for questions must be in the future.", field="clarification_deadline"
        )
    if clarification_deadline is not None and clarification_deadline > submission_deadline:
        raise DomainError(
            "The deadline for questions must be on or before the bid deadline, "
            f"{uk_datetime(submission_deadline)}.",
            field="clarification_deadline",
        )
    earlier_bid = submission_deadline < tender.submission_deadline
    earlier_questions = clarification_changed and (
        clarification_deadline is not None
        and (
            tender.clarification_deadline is None
            or clarification_deadline < tender.clarification_deadline
        )
    )
    if earlier_bid or earlier_questions:
        submitted = tender.bids.filter(status=BidStatus.SUBMITTED).count()
        if submitted:
            field = "submission_deadline" if earlier_bid else "clarification_deadline"
            raise DomainError(
                f"{submitted} bid{'s have' if submitted != 1 else ' has'} been submitted, so you "
                "cannot bring a deadline forward. You can only move it later.",
                field=field,
            )
    promised = minimum_deadline(tender)
    if earlier_bid and promised is not None and submission_deadline < promised:
        raise DomainError(
            "Suppliers were promised at least "
            f"{MINIMUM_TENDERING_DAYS.get(tender.procedure, 0)} days from publication to bid, "
            f"so the bid deadline cannot be earlier than {uk_datetime(promised)}.",
            field="submission_deadline",
        )


@transaction.atomic
def tender_change_make(
    *,
    tender: Tender,
    reason: str,
    submission_deadline: datetime.datetime,
    clarification_deadline: datetime.datetime | None,
    summary: str,
    specification_version: SpecificationVersion,
    estimated_value: Decimal | None,
    reopen: bool = False,
    by: User,
) -> TenderChange:
    """Change a published tender and record the change in its change log.

    Only the buyer's commissioners and administrators, only while the tender is open to
    the market (published, in dialogue or taking final bids), and only with a reason.
    The deadlines are checked together (see the module's rules); a new specification
    version must be a later issued version of the same specification. Nothing changed is
    refused. Each person who acts for a supplier taking part (or named in a direct award)
    is told once, in Kindred and by email.
    """
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status not in CHANGEABLE_STATUSES:
        raise DomainError(
            f"This tender is {tender.get_status_display().lower()}. You can change a tender "
            "only while it is open to suppliers."
        )
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why you are changing the tender.", field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"The reason must be {REASON_MAX:,} characters or fewer.", field="reason")
    summary = summary.strip()
    if not summary:
        raise DomainError("Enter a summary of the tender.", field="summary")
    current_version = tender.specification_version
    if specification_version.pk != current_version.pk and (
        specification_version.specification_id != current_version.specification_id
        or specification_version.number < current_version.number
    ):
        raise DomainError(
            "Choose a later version of this tender's specification.",
            field="specification_version",
        )
    now = timezone.now()
    was_closed_to_bids = tender.deadline_passed
    _check_deadlines(
        tender=tender,
        submission_deadline=submission_deadline,
        clarification_deadline=clarification_deadline,
        reopen=reopen,
        now=now,
    )
    wanted = {
        "submission_deadline": submission_deadline,
        "clarification_deadline": clarification_deadline,
        "summary": summary,
        "specification_version": specification_version,
        "estimated_value": estimated_value,
    }
    rows = []
    for field, new in wanted.items():
        old = getattr(tender, field)
        if old != new:
            rows.append(
                {
                    "field": field,
                    "label": LABELS[field],
                    "old": _shown(field, old),
                    "new": _shown(field, new),
                }
            )
            setattr(tender, field, new)
    if not rows:
        raise DomainError("Nothing has changed. Change at least one detail, or cancel.")
    tender.save(update_fields=[*(row["field"] for row in rows), "updated_at"])
    change = TenderChange.objects.create(
        tender=tender, changes=rows, reason=reason, reopened=was_closed_to_bids, made_by=by
    )
    audit_record(
        actor=by,
        verb="tender changed",
        target=tender,
        changes={row["field"]: [row["old"], row["new"]] for row in rows} | {"reason": reason},
    )
    _notify_participants(change=change, tender=tender)
    return change


def _notify_participants(*, change: TenderChange, tender: Tender) -> int:
    """Tell each person acting for a supplier in the tender, once per change."""
    supplier_ids = set(
        participations_in_process().filter(tender=tender).values_list("supplier_id", flat=True)
    )
    named = DirectAward.objects.filter(tender=tender).values_list("supplier_id", flat=True).first()
    if named is not None:
        supplier_ids.add(named)
    what = "; ".join(f"{row['label']}: {row['old']} → {row['new']}" for row in change.changes)
    url = reverse("procurement:tender_detail", args=[tender.pk]) + "#changes"
    sent = 0
    for supplier, person in supplier_people(sorted(supplier_ids)):
        notification = notification_send(
            recipient=person,
            key=f"tender-change:{change.pk}:{person.pk}",
            subject=f"{tender.title} has changed",
            body=(
                f"{tender.organisation} changed {tender.title} ({tender.reference}), which "
                f"{supplier} is taking part in. {what}. Why: {change.reason}"
            ),
            url=url,
        )
        sent += notification is not None
    return sent


# --- Reads -----------------------------------------------------------------------------------
def changes_for(tender: Tender) -> QuerySet[TenderChange]:
    """A tender's change log, newest first, with who made each change."""
    return TenderChange.objects.filter(tender=tender).select_related("made_by")


def later_versions_for(tender: Tender) -> QuerySet[SpecificationVersion]:
    """The versions a tender may move to: its own and any later issued version."""
    return SpecificationVersion.objects.filter(
        specification_id=tender.specification_version.specification_id,
        number__gte=tender.specification_version.number,
    ).order_by("-number")
