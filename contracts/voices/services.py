"""A third voice in check-ins: people who use the service say how it is going.

The contract manager asks people by email. Each gets a signed link that works once and
expires; it needs no account. What they say is kept with no name, no address and no link
back to the invitation, so it cannot be traced to a person. The address itself is kept
only until the email is sent; a keyed hash of it stays, so nobody is asked twice about the
same check-in.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from accounts.services import audit_record
from contracts.models import CheckIn, ServiceUserVoice, UserDimension, VoiceInvitation
from core.broker import enqueue_on_commit, outbox_sweep
from core.errors import DomainError
from core.formatting import uk_date

# Long enough to fit around a life; short enough that an old email is not an open door.
VOICE_LINK_LIFETIME = datetime.timedelta(days=28)
# One request asks at most this many people, so a pasted address book cannot flood anyone.
MAX_INVITATIONS_AT_ONCE = 100
VOICE_STORY_MAX = 2000
_SALT = "contracts.voice"


class VoiceInvalid(DomainError):
    """A broken rule about asking for, or giving, a voice."""


class VoiceLinkExpired(VoiceInvalid):
    """The link is genuine but too old."""


class VoiceLinkUsed(VoiceInvalid):
    """The link is genuine but has been used already."""


def email_hash(email: str) -> str:
    """A keyed hash of an address: the same address always gives the same hash, but the
    hash cannot be turned back into the address without the site's secret key."""
    key = f"{_SALT}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


def voice_token(invitation: VoiceInvitation) -> str:
    """The secret in the link: the invitation's number, signed with the time of signing."""
    return signing.dumps(invitation.pk, salt=_SALT, compress=True)


def voice_invitation_for_token(token: str) -> VoiceInvitation | None:
    """The invitation a link is for, or None for a link Kindred did not make.

    Raises `VoiceLinkExpired` for a genuine link that is too old, and `VoiceLinkUsed` for
    one that has already been answered.
    """
    try:
        pk = signing.loads(token, salt=_SALT, max_age=VOICE_LINK_LIFETIME)
    except signing.SignatureExpired:
        raise VoiceLinkExpired("This link has expired.") from None
    except signing.BadSignature:
        return None
    invitation = (
        VoiceInvitation.objects.select_related("checkin__contract__organisation")
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        return None
    if invitation.answered:
        raise VoiceLinkUsed("This link has been used.")
    if invitation.expires_at <= timezone.now():
        raise VoiceLinkExpired("This link has expired.")
    return invitation


def parse_addresses(text: str) -> list[str]:
    """Email addresses from a list typed or pasted one a line (commas and spaces also
    separate them), lower-cased and without repeats. Raises for any that is not an
    address, naming it."""
    found: list[str] = []
    for raw in text.replace(",", " ").replace(";", " ").split():
        address = raw.strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            raise VoiceInvalid(
                f"“{raw[:80]}” is not an email address. Enter addresses like name@example.com.",
                field="emails",
            ) from None
        if address not in found:
            found.append(address)
    return found


@transaction.atomic
def voices_invite(*, checkin: CheckIn, emails: list[str], by: User) -> int:
    """Ask people who use the service how it is going, for one check-in.

    The buyer's contract managers may, until the check-in is shared. An address already
    asked about this check-in is not asked again. Each email goes out from the worker with
    its own link; the address is then forgotten. Returns how many were newly asked.
    """
    checkin = CheckIn.objects.select_related("contract").get(pk=checkin.pk)
    permissions.require(by, "checkin.invite_voices", checkin)
    if not emails:
        raise VoiceInvalid("Enter at least one email address.", field="emails")
    if len(emails) > MAX_INVITATIONS_AT_ONCE:
        raise VoiceInvalid(f"Ask up to {MAX_INVITATIONS_AT_ONCE} people at a time.", field="emails")
    hashes = {email_hash(email): email for email in emails}
    asked = set(
        VoiceInvitation.objects.filter(checkin=checkin, email_hash__in=hashes).values_list(
            "email_hash", flat=True
        )
    )
    expires_at = timezone.now() + VOICE_LINK_LIFETIME
    invitations = VoiceInvitation.objects.bulk_create(
        VoiceInvitation(
            checkin=checkin,
            email=email,
            email_hash=digest,
            invited_by=by,
            expires_at=expires_at,
        )
        for digest, email in hashes.items()
        if digest not in asked
    )
    # The audit log keeps how many were asked, never who.
    audit_record(
        actor=by,
        verb="voices invited",
        target=checkin,
        changes={"invited": len(invitations), "already_asked": len(asked)},
        organisation=checkin.contract.organisation,
    )
    from contracts.tasks import send_voice_invitation

    # The unsent invitations are the outbox: a broker outage does not break the request.
    for invitation in invitations:
        enqueue_on_commit(send_voice_invitation, invitation.pk)
    return len(invitations)


@transaction.atomic
def voice_invitation_send(*, invitation_id: int) -> bool:
    """Email one invitation with its link, then forget the address (safe to run twice:
    an invitation already sent has no address left to send to)."""
    invitation = (
        VoiceInvitation.objects.select_for_update(of=("self",))
        .select_related("checkin__contract__organisation")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.sent_at is not None or not invitation.email:
        return False
    contract = invitation.checkin.contract
    link = settings.SITE_URL + reverse("contracts:voice_give", args=[voice_token(invitation)])
    send_mail(
        subject=f"How is {contract.title} going for you?",
        message=(
            f"{contract.organisation.name} would like to hear from you about "
            f"{contract.title}, provided by {contract.provider_display}.\n\n"
            "Tell us how it is going for you. It takes about 5 minutes. You do not need "
            "an account, and we do not ask for your name.\n\n"
            f"{link}\n\n"
            f"The link works once, until {uk_date(invitation.expires_at)}.\n\n"
            "We have not kept your email address: we used it only to send you this email."
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )
    invitation.email = ""
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["email", "sent_at"])
    return True


@transaction.atomic
def voice_give(
    *,
    token: str,
    story: str,
    ratings: dict[str, int | None],
    share_publicly: bool = False,
) -> ServiceUserVoice:
    """Someone who uses the service says how it is going, through their link.

    The link works once and only until it expires. Each of the three ratings is from 1 to
    5 and all are needed; the story is optional. Nothing about the person is kept, and the
    answer is not linked to the invitation: only the invitation is marked as answered.
    """
    invitation = voice_invitation_for_token(token)
    if invitation is None:
        raise VoiceInvalid("This link is not one we sent.")
    # Lock, then look again: two tabs sending at once must not both count.
    invitation = VoiceInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered:
        raise VoiceLinkUsed("This link has been used.")
    for value, label in UserDimension.choices:
        score = ratings.get(value)
        if score is None:
            raise VoiceInvalid(f"Choose a number for “{label}”.", field=value)
        if not 1 <= int(score) <= 5:
            raise VoiceInvalid("Choose a number from 1 to 5.", field=value)
    story = story.strip()
    if len(story) > VOICE_STORY_MAX:
        raise VoiceInvalid(
            f"Your story must be {VOICE_STORY_MAX:,} characters or fewer.", field="story"
        )
    voice = ServiceUserVoice.objects.create(
        checkin_id=invitation.checkin_id,
        story=story,
        share_publicly=bool(share_publicly and story),
        given_on=timezone.localdate(),
        **{value: int(ratings[value]) for value in UserDimension.values},
    )
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    audit_record(
        actor=None,
        verb="voice given",
        target=invitation.checkin,
        changes={"share_publicly": voice.share_publicly},
        organisation=invitation.checkin.contract.organisation,
    )
    return voice


def voice_invitations_catch_up() -> int:
    """The outbox sweep: send every invitation whose email never went (the broker was down
    when it was made, or its task was lost) while its link is still good. Each is sent
    once, however often this runs beside the invitations' own tasks."""
    return outbox_sweep(
        VoiceInvitation.objects.filter(sent_at__isnull=True, expires_at__gt=timezone.now()).exclude(
            email=""
        ),
        lambda pk: voice_invitation_send(invitation_id=pk),
    )
