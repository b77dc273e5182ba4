"""Writes for a commission's public page and the public's comments on it.

A commissioner writes a public summary (apart from the internal one), publishes the page
and chooses in which phases it asks for views. Anyone may then comment without an
account: the comment waits unconfirmed until its writer follows the link emailed to them,
then for the council's moderation (publish, or hide with a reason; reply as the council).
A published comment can become evidence for a need (community voice) or be cited by a
specification version ("what we heard, what we changed").

Abuse: a hidden honeypot field, and rate limits per email address and per IP address
counted in the shared cache (`core.ratelimit`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from accounts import lifecycle, permissions
from accounts.models import User
from accounts.services import audit_record, notification_send
from commissioning.models import (
    CommentPhase,
    CommentStatus,
    Commission,
    EvidenceItem,
    EvidenceKind,
    Need,
    PublicComment,
)
from commissioning.public_voice.privacy import withdrawal_text
from core import ratelimit
from core.broker import enqueue_on_commit, outbox_sweep
from core.errors import DomainError
from core.formatting import uk_date
from core.forms import MAX_EMAIL_LENGTH

# How long the confirmation link works.
CONFIRMATION_LIFETIME = datetime.timedelta(days=3)
CONFIRMATION_SALT = "kindred.public-comment.confirm"

# Per email address and per IP address: a person may send a few comments in a minute, a
# script sending fifty is stopped at the fifth; a day's cap stops a slow, steady flood.
PER_EMAIL_MINUTE = ratelimit.Limit("comment-email-minute", 5, 60)
PER_IP_MINUTE = ratelimit.Limit("comment-ip-minute", 5, 60)
PER_EMAIL_DAY = ratelimit.Limit("comment-email-day", 30, 24 * 60 * 60)
PER_IP_DAY = ratelimit.Limit("comment-ip-day", 100, 24 * 60 * 60)
TOO_MANY = "You have sent too many comments in a short time. Wait a minute, then try again."

MAX_COMMENT_LENGTH = 2000


# --- The public page ---------------------------------------------------------------------
@transaction.atomic
def commission_public_page_update(
    *,
    commission: Commission,
    public_summary: str,
    publish: bool,
    invite_views_in: Iterable[str],
    by: User,
) -> Commission:
    """Set what the public page says and whether it is published and asks for views.

    Only the council's commissioners and administrators may. A published page needs a
    public summary: it is what the public reads about what is being bought and why, so it
    is written for them and never copied from internal notes. Unpublishing hides the page
    (and its comments) from the public; nothing is deleted.
    """
    permissions.require(by, "commissioning.edit", commission)
    commission = Commission.objects.select_for_update().get(pk=commission.pk)
    public_summary = public_summary.strip()
    phases = [phase for phase in CommentPhase.values if phase in set(invite_views_in)]
    if publish and not public_summary:
        raise DomainError(
            "Write a public summary before you publish the page.", field="public_summary"
        )
    changes: dict[str, list] = {}
    if commission.public_summary != public_summary:
        changes["public_summary"] = [commission.public_summary, public_summary]
        commission.public_summary = public_summary
    if commission.invite_views_in != phases:
        changes["invite_views_in"] = [commission.invite_views_in, phases]
        commission.invite_views_in = phases
    if publish != commission.is_public:
        changes["published"] = [commission.is_public, publish]
        commission.published_at = timezone.now() if publish else None
    if changes:
        commission.save(
            update_fields=["public_summary", "invite_views_in", "published_at", "updated_at"]
        )
        audit_record(actor=by, verb="public page updated", target=commission, changes=changes)
    return commission


# --- Comments from the public ------------------------------------------------------------
def _within_limits(*, email: str, ip: str) -> bool:
    """Count the attempt per minute; only one let through counts towards the day's cap,
    so a burst that was stopped does not also shut the address out for the day."""
    return ratelimit.hit_all([(PER_EMAIL_MINUTE, email), (PER_IP_MINUTE, ip)]) and (
        ratelimit.hit_all([(PER_EMAIL_DAY, email), (PER_IP_DAY, ip)])
    )


@transaction.atomic
def comment_submit(
    *,
    commission: Commission,
    display_name: str,
    email: str,
    body: str,
    ip: str,
    honeypot: str = "",
) -> PublicComment | None:
    """Take a comment from a member of the public, and email them a link to confirm it.

    Only on a published commission that asks for views in the phase it is in. Each email
    address and each IP address may send 5 comments a minute (and 30 or 100 a day): one
    more is refused with a message saying to wait. A form whose hidden honeypot field was
    filled in came from a script: it is counted, then dropped without a word (None), so the
    script learns nothing. The comment waits, unconfirmed and unseen, until the link in
    the email is followed (`comment_confirm`).
    """
    permissions.require(AnonymousUser(), "commission.comment", commission)
    email = email.strip().lower()
    if not _within_limits(email=email, ip=ip):
        raise DomainError(TOO_MANY)
    if honeypot.strip():
        return None
    display_name = " ".join(display_name.split())
    body = body.strip()
    if not display_name:
        raise DomainError("Enter the name to show with your comment.", field="display_name")
    if not body:
        raise DomainError("Enter your comment.", field="body")
    if len(email) > MAX_EMAIL_LENGTH:
        raise DomainError(
            f"Your email address must be {MAX_EMAIL_LENGTH} characters or fewer.", field="email"
        )
    if len(body) > MAX_COMMENT_LENGTH:
        raise DomainError(
            f"Your comment must be {MAX_COMMENT_LENGTH:,} characters or fewer.", field="body"
        )
    comment = PublicComment.objects.create(
        commission=commission,
        phase=commission.comment_phase,
        display_name=display_name,
        email=email,
        body=body,
    )
    # The audit trail names the display name only: the email address stays on the comment.
    audit_record(
        actor=None,
        verb="public comment received",
        target=comment,
        changes={"display_name": display_name},
        organisation=commission.organisation,
    )
    from commissioning.tasks import send_comment_confirmation

    # Redis being down must not turn a saved comment into an error page.
    enqueue_on_commit(send_comment_confirmation, comment.pk)
    return comment


def confirmation_token(comment: PublicComment) -> str:
    return signing.dumps({"comment": comment.pk}, salt=CONFIRMATION_SALT)


def comment_for_token(token: str) -> PublicComment:
    """The comment a confirmation link is for; refused if the link is altered or expired."""
    try:
        data = signing.loads(
            token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_LIFETIME.total_seconds()
        )
    except signing.SignatureExpired:
        raise DomainError(
            "This link has expired. Links work for 3 days. Send your comment again."
        ) from None
    except signing.BadSignature:
        raise DomainError("This link does not work. Check you copied all of it.") from None
    comment = (
        PublicComment.objects.select_related("commission", "commission__organisation")
        .filter(pk=data.get("comment"))
        .first()
    )
    if comment is None:
        raise DomainError("This comment no longer exists.")
    return comment


@transaction.atomic
def comment_confirmation_send(*, comment_id: int) -> bool:
    """Email the writer the link that confirms their comment, once (safe to run twice)."""
    comment = (
        PublicComment.objects.select_for_update(of=("self",))
        .select_related("commission", "commission__organisation")
        .filter(pk=comment_id)
        .first()
    )
    # Withdrawn or erased before a late or retried task ran: nothing to confirm.
    if comment is None:
        return False
    if comment.confirmation_sent_at is not None or comment.status != CommentStatus.UNCONFIRMED:
        return False
    link = settings.SITE_URL + reverse(
        "home:public_comment_confirm", args=[confirmation_token(comment)]
    )
    expires = uk_date(timezone.now() + CONFIRMATION_LIFETIME)
    send_mail(
        subject=f"[Kindred] Confirm your comment on {comment.commission.title}",
        message=(
            f"You commented on “{comment.commission.title}”, a page of "
            f"{comment.commission.organisation.name}.\n\n"
            f"Confirm your comment: {link}\n\n"
            f"The link works until {expires}. Once you confirm, the council reads your "
            "comment before it is published. Only the name you chose is shown, never your "
            "email address.\n\nIf you did not write this comment, ignore this email.\n\n"
            + withdrawal_text(comment)
        ),
        from_email=None,
        recipient_list=[comment.email],
    )
    comment.confirmation_sent_at = timezone.now()
    comment.save(update_fields=["confirmation_sent_at"])
    return True


# A writer who has heard nothing for a day has likely given up or sent their comment again.
CONFIRMATION_OUTBOX_HORIZON = datetime.timedelta(days=1)


def comment_confirmations_catch_up() -> int:
    """The outbox sweep: email the confirmation link for every unconfirmed comment whose
    email never went (the broker was down when it was written, or its task was lost).
    Each is sent once, however often this runs beside the comments' own tasks."""
    return outbox_sweep(
        PublicComment.objects.filter(
            status=CommentStatus.UNCONFIRMED, confirmation_sent_at__isnull=True
        ),
        lambda pk: comment_confirmation_send(comment_id=pk),
        horizon=CONFIRMATION_OUTBOX_HORIZON,
    )


# A comment waits unconfirmed until its writer follows the emailed link, then for
# moderation; a moderator publishes or hides it, and may change their mind either way.
# Its writer may withdraw it from any confirmed status, for good (`privacy.comment_withdraw`).
COMMENT_ALLOWED: dict[str, set[str]] = {
    CommentStatus.UNCONFIRMED: {CommentStatus.PENDING},
    CommentStatus.PENDING: {CommentStatus.PUBLISHED, CommentStatus.HIDDEN, CommentStatus.WITHDRAWN},
    CommentStatus.PUBLISHED: {CommentStatus.HIDDEN, CommentStatus.WITHDRAWN},
    CommentStatus.HIDDEN: {CommentStatus.PUBLISHED, CommentStatus.WITHDRAWN},
    CommentStatus.WITHDRAWN: set(),
}


def comment_transition(
    *, comment: PublicComment, to: str, by: User | None, reason: str = ""
) -> PublicComment:
    """The only place a comment's status changes. The council's commissioners and
    administrators moderate; the writer's confirmation moves it with no person (by=None).
    Hiding needs a reason, which the council keeps; publishing clears it."""
    reason = reason.strip()
    also: dict = {}
    if by is not None:
        also |= {"moderated_by": by, "moderated_at": timezone.now()}
    if to == CommentStatus.HIDDEN:
        if not reason:
            raise DomainError("Say why you are hiding this comment.", field="reason")
        also["hidden_reason"] = reason
    elif to == CommentStatus.PUBLISHED:
        also |= {"hidden_reason": "", "published_at": comment.published_at or timezone.now()}
    elif to == CommentStatus.PENDING:
        also["confirmed_at"] = timezone.now()
    elif to == CommentStatus.WITHDRAWN:
        # Withdrawing erases the writer's address at once (`privacy.comment_withdraw`).
        now = timezone.now()
        also |= {"withdrawn_at": now, "email": "", "email_erased_at": now}
    return lifecycle.transition(
        comment,
        to=to,
        allowed=COMMENT_ALLOWED,
        by=by,
        action="public_comment.moderate",
        changes={"reason": reason} if reason else None,
        also=also,
        noun="comment",
    )


@transaction.atomic
def comment_confirm(*, token: str) -> PublicComment:
    """Confirm a comment from the link emailed to its writer; it then waits for
    moderation and the commission's owner is told. Following the link again changes
    nothing. An altered or expired link (3 days) is refused."""
    comment = comment_for_token(token)
    if comment.status != CommentStatus.UNCONFIRMED:
        return comment
    comment = comment_transition(comment=comment, to=CommentStatus.PENDING, by=None)
    commission = comment.commission
    if commission.owner_id:
        notification_send(
            recipient=commission.owner,
            key=f"public-comment-{comment.pk}-to-moderate",
            subject=f"A comment on {commission.title} is waiting for moderation",
            body=f"{comment.display_name} commented on the public page of {commission.title}.",
            url=reverse("commissioning:public_comment_detail", args=[commission.pk, comment.pk]),
        )
    return comment


def comment_publish(*, comment: PublicComment, by: User) -> PublicComment:
    """Publish a comment on the commission's public page and in its feed."""
    return comment_transition(comment=comment, to=CommentStatus.PUBLISHED, by=by)


def comment_hide(*, comment: PublicComment, reason: str, by: User) -> PublicComment:
    """Hide a comment from every public page and the feed, saying why (kept internal)."""
    return comment_transition(comment=comment, to=CommentStatus.HIDDEN, by=by, reason=reason)


@transaction.atomic
def comment_reply(*, comment: PublicComment, reply: str, by: User) -> PublicComment:
    """Reply as the council. The reply shows under the comment while it is published; an
    empty reply removes it. A comment still unconfirmed cannot be answered."""
    permissions.require(by, "public_comment.moderate", comment)
    comment = PublicComment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == CommentStatus.UNCONFIRMED:
        raise DomainError("You can reply once the writer has confirmed their comment.")
    if comment.status == CommentStatus.WITHDRAWN:
        raise DomainError("The writer withdrew this comment, so it cannot be answered.")
    reply = reply.strip()
    if len(reply) > MAX_COMMENT_LENGTH:
        raise DomainError(
            f"Your reply must be {MAX_COMMENT_LENGTH:,} characters or fewer.", field="reply"
        )
    before = comment.reply
    comment.reply = reply
    comment.replied_by = by if reply else None
    comment.replied_at = timezone.now() if reply else None
    comment.save(update_fields=["reply", "replied_by", "replied_at", "updated_at"])
    audit_record(actor=by, verb="replied", target=comment, changes={"reply": [before, reply]})
    return comment


@transaction.atomic
def comment_to_evidence(*, comment: PublicComment, need: Need, by: User) -> EvidenceItem:
    """Turn a published comment into community-voice evidence for one of the needs the
    commission answers. The evidence quotes the comment and names only its display name;
    doing it twice for the same need changes nothing."""
    permissions.require(by, "public_comment.moderate", comment)
    permissions.require(by, "commissioning.edit", need)
    if not comment.is_published:
        raise DomainError("Publish the comment before you use it as evidence.")
    if not comment.commission.needs.filter(pk=need.pk).exists():
        raise DomainError("Choose one of the needs this commission answers.", field="need")
    existing = EvidenceItem.objects.filter(need=need, from_comment=comment).first()
    if existing is not None:
        return existing
    evidence = EvidenceItem.objects.create(
        need=need,
        kind=EvidenceKind.COMMUNITY_VOICE,
        summary=comment.body,
        # A commission's title may take the whole column; the link to the comment is kept.
        source=Truncator(f"Comment on the public page of {comment.commission.title}").chars(
            EvidenceItem._meta.get_field("source").max_length
        ),
        source_date=timezone.localdate(comment.created_at),
        attribution=f"{comment.display_name}, a member of the public",
        from_comment=comment,
        created_by=by,
    )
    audit_record(
        actor=by,
        verb="used as evidence",
        target=comment,
        changes={"need": need.title},
    )
    return evidence
