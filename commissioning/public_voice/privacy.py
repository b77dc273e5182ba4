"""The personal data a public comment holds, and how long it is kept (UK GDPR).

A comment holds its writer's email address and the display name they chose. UK GDPR
Article 5(1)(c) and (e) ask that personal data be limited to what is needed and kept no
longer than needed; Articles 17 and 21 let a person object and ask for erasure. So:

- the address is used to confirm the comment, then kept for a set time in case the
  council needs to reach the writer about it (a question, a complaint), then erased: the
  comment and its display name stay, so moderation, the feed and "what we heard, what we
  changed" are untouched (`PUBLIC_COMMENT_EMAIL_DAYS`, from confirmation);
- a comment never confirmed was never published and its link has expired: it is deleted,
  address and all (`PUBLIC_COMMENT_UNCONFIRMED_DAYS`, from when it was sent);
- the writer may withdraw the comment at any time, without an account, by a signed link
  in the confirmation email (it never expires): the comment leaves every public page and
  feed and its address is erased at once. The council keeps the text, marked withdrawn,
  as its record of what it was told; a change note that cited it keeps the council's own
  words but no longer quotes the comment. A comment still unconfirmed is deleted.

A Celery beat task (`commissioning.erase_expired_comment_data`) and the management
command `erase_expired_comment_data` run the sweep; both are safe to run again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.services import audit_record
from commissioning.models import CommentStatus, PublicComment
from core.errors import DomainError

WITHDRAWAL_SALT = "kindred.public-comment.withdraw"
# Rows changed per transaction by the sweep, so no lock is held for long.
SWEEP_BATCH = 500


@dataclass(frozen=True)
class PrivacyTerms:
    """The figures the comment form's privacy notice states, from the settings."""

    link_days: int
    unconfirmed_days: int
    email_days: int


def privacy_terms() -> PrivacyTerms:
    # services imports this module for the withdrawal link in its email.
    from commissioning.public_voice.services import CONFIRMATION_LIFETIME

    return PrivacyTerms(
        link_days=CONFIRMATION_LIFETIME.days,
        unconfirmed_days=settings.PUBLIC_COMMENT_UNCONFIRMED_DAYS,
        email_days=settings.PUBLIC_COMMENT_EMAIL_DAYS,
    )


# --- Withdrawal ----------------------------------------------------------------------------
def withdrawal_token(comment: PublicComment) -> str:
    return signing.dumps({"comment": comment.pk}, salt=WITHDRAWAL_SALT)


def withdrawal_text(comment: PublicComment) -> str:
    """The paragraph of the confirmation email that offers the withdrawal link."""
    link = settings.SITE_URL + reverse(
        "home:public_comment_withdraw", args=[withdrawal_token(comment)]
    )
    return (
        "You can withdraw your comment at any time. We then remove it from the public "
        f"page and delete your email address. You do not need an account: {link}"
    )


def comment_for_withdrawal(token: str) -> PublicComment:
    """The comment a withdrawal link is for. The link never expires: a person may withdraw
    at any time. An altered link is refused."""
    try:
        data = signing.loads(token, salt=WITHDRAWAL_SALT)
    except signing.BadSignature:
        raise DomainError("This link does not work. Check you copied all of it.") from None
    comment = (
        PublicComment.objects.select_related("commission", "commission__organisation")
        .filter(pk=data.get("comment"))
        .first()
    )
    if comment is None:
        raise DomainError(
            "This comment no longer exists. It was never confirmed, so we deleted it "
            "and your email address."
        )
    return comment


@transaction.atomic
def comment_withdraw(*, token: str) -> PublicComment | None:
    """Withdraw a comment by the link emailed to its writer, and erase their address.

    A confirmed comment leaves every public page and the feed for good (no moderator can
    publish it again); the council keeps its text and display name, marked withdrawn. A
    comment not yet confirmed is deleted (None). Following the link again changes nothing.
    """
    from commissioning.public_voice.services import comment_transition

    comment = comment_for_withdrawal(token)
    if comment.is_withdrawn:
        return comment
    if comment.is_unconfirmed:
        audit_record(
            actor=None,
            verb="public comment withdrawn before confirmation and deleted",
            target=comment,
            organisation=comment.commission.organisation,
        )
        comment.delete()
        return None
    return comment_transition(comment=comment, to=CommentStatus.WITHDRAWN, by=None)


# --- Retention -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SweepResult:
    deleted: int  # comments never confirmed, deleted
    erased: int  # email addresses erased from confirmed comments


def _in_batches(
    select_ids: Callable[[], QuerySet[PublicComment, int]], act: Callable[[list[int]], int]
) -> int:
    """Run `act` on the ids `select_ids` finds, a batch per transaction, until none are left."""
    done = 0
    while True:
        with transaction.atomic():
            ids = list(select_ids()[:SWEEP_BATCH])
            if not ids:
                return done
            done += act(ids)


def comment_data_erase_expired(*, now: datetime.datetime | None = None) -> SweepResult:
    """Delete comments never confirmed `PUBLIC_COMMENT_UNCONFIRMED_DAYS` after they were
    sent, and erase the email address of confirmed comments `PUBLIC_COMMENT_EMAIL_DAYS`
    after confirmation (the comment, its display name, status and citations stay).

    Works in batches of SWEEP_BATCH rows, each in its own transaction, and skips rows
    already done, so it is safe to stop, rerun or run twice at once.
    """
    now = now or timezone.now()
    unconfirmed_before = now - datetime.timedelta(days=settings.PUBLIC_COMMENT_UNCONFIRMED_DAYS)
    confirmed_before = now - datetime.timedelta(days=settings.PUBLIC_COMMENT_EMAIL_DAYS)

    def never_confirmed() -> QuerySet[PublicComment, int]:
        return PublicComment.objects.filter(
            status=CommentStatus.UNCONFIRMED, created_at__lt=unconfirmed_before
        ).values_list("pk", flat=True)

    def email_expired() -> QuerySet[PublicComment, int]:
        return (
            PublicComment.objects.exclude(email="")
            .filter(confirmed_at__lt=confirmed_before)
            .values_list("pk", flat=True)
        )

    deleted = _in_batches(
        never_confirmed,
        lambda ids: (
            PublicComment.objects.filter(pk__in=ids, status=CommentStatus.UNCONFIRMED)
            .delete()[1]
            .get("commissioning.PublicComment", 0)
        ),
    )
    # update() leaves updated_at alone: erasing an address is not news in the feed.
    erased = _in_batches(
        email_expired,
        lambda ids: (
            PublicComment.objects.filter(pk__in=ids)
            .exclude(email="")
            .update(email="", email_erased_at=now)
        ),
    )
    return SweepResult(deleted=deleted, erased=erased)
