"""Lived-experience panel members: people who use services like the one being bought, with
no role at the council, who score chosen questions of a tender alongside its evaluators.

How they take part:
- A commissioner adds them with a name, an email address and the questions they will
  score. Someone new to Kindred gets an emailed link to set up an account (a name and a
  password, nothing else): no organisation, no role. Someone who already has an account
  is told in the service.
- They never see who bid. Their declaration of interests therefore names the
  organisations they are connected to (where they work, volunteer, or get support)
  instead of answering "do you know these bidders?"; if they name none they are cleared
  at once, and if they name some, the commissioner checks them against the bidders and
  either clears them or records a conflict, which takes them off the tender.
- They read the answers to their questions only, as "Bid A", "Bid B"..., with every
  bidder's name taken out of the text, and score them with the tender's descriptors.
  Their scores join the moderation page with the evaluators', labelled, and count for
  moderation waiting like anyone else's.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import permissions
from accounts.models import Membership, User
from accounts.services import account_set_up_from_link, audit_record, notification_send
from core.broker import enqueue_on_commit, outbox_sweep
from core.errors import DomainError
from core.formatting import uk_date
from core.forms import MAX_EMAIL_LENGTH
from procurement import selectors
from procurement.evaluation import require_panel_open
from procurement.models import (
    Bid,
    CriterionKind,
    PanelKind,
    PanelMember,
    Tender,
    TenderParticipant,
    TenderQuestion,
)

INVITATION_LIFETIME = datetime.timedelta(days=14)
CONNECTIONS_MAX = 2000


def new_invitation_link() -> tuple[str, datetime.datetime]:
    """A link for a member to set up their account: its token, and until when it works."""
    return secrets.token_urlsafe(32), timezone.now() + INVITATION_LIFETIME


def _panel_url(tender: Tender) -> str:
    return reverse("procurement:lived_experience_panel", args=[tender.pk])


@transaction.atomic
def lived_experience_member_add(
    *,
    tender: Tender,
    full_name: str,
    email: str,
    questions: list[TenderQuestion],
    by: User,
) -> PanelMember:
    """Add a person with lived experience to a tender's panel, to score chosen questions.

    Only the buyer's commissioners and administrators, and only until evaluation ends.
    The questions must be the tender's own and not about price. The person must hold no
    role at the buying council (its staff join as evaluators) and belong to no supplier
    taking part in or bidding for the tender. Someone without an account is emailed a
    link to set one up, valid for 14 days.
    """
    permissions.require(by, "tender.manage", tender)
    require_panel_open(tender)
    full_name = full_name.strip()
    email = email.strip().lower()
    if not full_name:
        raise DomainError("Enter the person's name", field="full_name")
    if not email:
        raise DomainError("Enter the person's email address", field="email")
    if len(email) > MAX_EMAIL_LENGTH:
        raise DomainError(
            f"The email address must be {MAX_EMAIL_LENGTH} characters or fewer", field="email"
        )
    if not questions:
        raise DomainError("Choose at least one question for them to score", field="questions")
    if any(
        question.tender_id != tender.pk
        or (question.criterion is not None and question.criterion.kind == CriterionKind.PRICE)
        for question in questions
    ):
        raise DomainError("Choose questions about quality or social value", field="questions")
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        memberships = Membership.objects.filter(user=user)
        if memberships.filter(organisation_id=tender.organisation_id).exists():
            raise DomainError(
                f"{email} works for {tender.organisation}. Add them to the panel as an evaluator.",
                field="email",
            )
        suppliers = TenderParticipant.objects.filter(tender=tender).values("supplier_id")
        bidders = Bid.objects.filter(tender=tender).values("supplier_id")
        if (
            memberships.filter(organisation_id__in=suppliers).exists()
            or memberships.filter(organisation_id__in=bidders).exists()
        ):
            raise DomainError(
                f"{email} belongs to a supplier taking part in this tender.", field="email"
            )
        if PanelMember.objects.filter(tender=tender, evaluator=user).exists():
            raise DomainError(f"{email} is already on the panel.", field="email")
    else:
        # No password yet: the emailed link sets one.
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    needs_account = not user.has_usable_password()
    token, expires_at = new_invitation_link() if needs_account else (None, None)
    seat = PanelMember.objects.create(
        tender=tender,
        evaluator=user,
        kind=PanelKind.LIVED_EXPERIENCE,
        added_by=by,
        invitation_token=token,
        invitation_expires_at=expires_at,
    )
    seat.questions.set(questions)
    audit_record(
        actor=by,
        verb="lived-experience member added",
        target=tender,
        changes={"member": user.pk, "questions": sorted(q.pk for q in questions)},
    )
    if needs_account:
        from procurement.tasks import send_lived_experience_invitation

        enqueue_on_commit(send_lived_experience_invitation, seat.pk)
    else:
        notification_send(
            recipient=user,
            key=f"panel-added:{seat.pk}",
            subject=f"You are on the panel for {tender.title}",
            body=(
                f"{tender.organisation} has asked you to score some answers for this tender, "
                "as a person with lived experience. First, tell us about any organisations "
                "you are connected to."
            ),
            url=_panel_url(tender),
        )
    return seat


@transaction.atomic
def lived_experience_invitation_send(*, seat_id: int) -> bool:
    """Email the link to set up an account, once, while it can still be used (safe to run
    twice: from the request's task and from the outbox sweep)."""
    seat = (
        PanelMember.objects.select_for_update(of=("self",))
        .select_related("tender__organisation", "evaluator")
        .filter(pk=seat_id, invitation_token__isnull=False, invitation_sent_at__isnull=True)
        .first()
    )
    if seat is None:
        return False
    link = settings.SITE_URL + reverse(
        "procurement:lived_experience_join", args=[seat.invitation_token]
    )
    send_mail(
        subject=f"[Kindred] Help {seat.tender.organisation} choose who runs a service",
        message=(
            f"{seat.tender.organisation} would like you to join the panel that reads the "
            f"bids for “{seat.tender.title}”, because of your own experience.\n\n"
            "You will read some answers, without the names of the organisations that wrote "
            "them, and give each a score.\n\n"
            f"Set up your account: {link}\n\n"
            f"The link works until {uk_date(seat.invitation_expires_at)}."
        ),
        from_email=None,
        recipient_list=[seat.evaluator.email],
    )
    seat.invitation_sent_at = timezone.now()
    seat.save(update_fields=["invitation_sent_at"])
    return True


@transaction.atomic
def lived_experience_invitation_renew(*, seat: PanelMember, by: User) -> PanelMember:
    """Email a lived-experience member a new link to set up their account, for 14 days,
    when the first expired or went astray; the earlier link stops working. Only the
    buyer's commissioners and administrators, while the panel is open and the person has
    not set up their account."""
    permissions.require(by, "tender.manage", seat.tender)
    require_panel_open(seat.tender)
    seat = (
        PanelMember.objects.select_for_update(of=("self",))
        .select_related("evaluator")
        .get(pk=seat.pk, kind=PanelKind.LIVED_EXPERIENCE)
    )
    if not seat.awaiting_account or seat.evaluator.has_usable_password():
        raise DomainError(f"{seat.evaluator} has set up their account already: they can sign in.")
    seat.invitation_token, seat.invitation_expires_at = new_invitation_link()
    seat.invitation_sent_at = None
    seat.save(update_fields=["invitation_token", "invitation_expires_at", "invitation_sent_at"])
    audit_record(
        actor=by,
        verb="lived-experience member sent a new link",
        target=seat.tender,
        changes={"member": seat.evaluator_id},
    )
    from procurement.tasks import send_lived_experience_invitation

    enqueue_on_commit(send_lived_experience_invitation, seat.pk)
    return seat


def lived_experience_invitations_catch_up() -> int:
    """The outbox sweep: email every link that never went (the broker was down when the
    member was added, or the task was lost) while it can still be used. Each goes once."""
    return outbox_sweep(
        PanelMember.objects.filter(
            invitation_token__isnull=False,
            invitation_sent_at__isnull=True,
            invitation_expires_at__gt=timezone.now(),
        ),
        lambda pk: lived_experience_invitation_send(seat_id=pk),
        made_at="added_at",
    )


def seat_for_invitation(token: str) -> PanelMember | None:
    """The seat an emailed link is for, while it can still be used."""
    seat = (
        PanelMember.objects.select_related("tender", "evaluator")
        .filter(invitation_token=token, kind=PanelKind.LIVED_EXPERIENCE)
        .first()
    )
    if seat is None or seat.invitation_expires_at is None or seat.invitation_expired:
        return None
    return seat


@transaction.atomic
def lived_experience_account_set_up(*, token: str, full_name: str, password: str) -> PanelMember:
    """Set up a lived-experience member's account from the emailed link: their name and a
    password. The link works once, for 14 days; it then leads to the sign-in page."""
    seat = seat_for_invitation(token)
    if seat is None:
        raise DomainError("This link has expired or has been used. Ask the council for a new one.")
    account_set_up_from_link(user=seat.evaluator, full_name=full_name, password=password)
    # Every seat waiting for this person's account (other tenders' too) now has one.
    PanelMember.objects.filter(evaluator=seat.evaluator, invitation_token__isnull=False).update(
        invitation_token=None
    )
    return seat


def _own_seat(tender: Tender, user: User) -> PanelMember:
    seat = (
        PanelMember.objects.select_for_update()
        .filter(tender=tender, evaluator=user, kind=PanelKind.LIVED_EXPERIENCE)
        .first()
    )
    if seat is None:
        raise DomainError("You are not on the panel for this tender.")
    return seat


@transaction.atomic
def lived_experience_declare(
    *, tender: Tender, has_connections: bool, connections: str = "", by: User
) -> PanelMember:
    """A lived-experience member's declaration of interests, once the bids are opened.

    They never see who bid, so they name the organisations they are connected to instead.
    Naming none signs the declaration at once (the bidders' names are recorded with it,
    as for evaluators, for the audit; the member is not shown them). Naming some waits
    for the commissioner to check them against the bidders. Once made, it cannot change.
    """
    seat = _own_seat(tender, by)
    if seat.declared_at is not None or seat.connections_named_at is not None:
        raise DomainError("You have already made your declaration for this tender.")
    if tender.bids_opened_at is None:
        raise DomainError("You can make your declaration once the bids are opened.")
    connections = connections.strip()
    if has_connections and not connections:
        raise DomainError("Name the organisations and say how you know them", field="connections")
    if len(connections) > CONNECTIONS_MAX:
        raise DomainError(f"Keep to {CONNECTIONS_MAX:,} characters or fewer", field="connections")
    now = timezone.now()
    seat.declaration = connections if has_connections else ""
    if has_connections:
        seat.connections_named_at = now
        seat.save(update_fields=["declaration", "connections_named_at"])
        if seat.added_by is not None:
            notification_send(
                recipient=seat.added_by,
                key=f"panel-connections:{seat.pk}",
                subject=f"Check {by}'s connections for {tender.title}",
                body=(
                    f"{by} named organisations they are connected to. Check them against "
                    "the bidders before they can score."
                ),
                url=reverse("procurement:evaluation", args=[tender.pk]),
            )
    else:
        seat.declared_at = now
        seat.declared_bidders = selectors.bidders_to_declare(tender)
        seat.save(update_fields=["declaration", "declared_at", "declared_bidders"])
    audit_record(
        actor=by,
        verb="connections named" if has_connections else "no connections declared",
        target=tender,
        changes={"member": by.pk, "connections": seat.declaration},
    )
    return seat


@transaction.atomic
def lived_experience_connections_check(
    *, seat: PanelMember, has_conflict: bool, by: User
) -> PanelMember:
    """The commissioner checks the organisations a lived-experience member named against
    the bidders. No conflict: the declaration is signed and they may score. A conflict:
    it is recorded and they take no further part in this tender, as for an evaluator."""
    tender = seat.tender
    permissions.require(by, "tender.manage", tender)
    seat = PanelMember.objects.select_for_update().get(pk=seat.pk)
    if not seat.awaiting_check:
        raise DomainError("There is nothing to check for this panel member.")
    seat.declared_at = timezone.now()
    seat.has_conflict = has_conflict
    seat.declared_bidders = selectors.bidders_to_declare(tender)
    seat.save(update_fields=["declared_at", "has_conflict", "declared_bidders"])
    audit_record(
        actor=by,
        verb="connections checked: conflict" if has_conflict else "connections checked: clear",
        target=tender,
        changes={"member": seat.evaluator_id, "bidders": seat.declared_bidders},
    )
    notification_send(
        recipient=seat.evaluator,
        key=f"panel-checked:{seat.pk}",
        subject=f"Your declaration for {tender.title}",
        body=(
            "One of the organisations you named is bidding, so you will not score this "
            "tender. Thank you for telling us."
            if has_conflict
            else "The council has checked your declaration. You can now read and score answers."
        ),
        url="" if has_conflict else _panel_url(tender),
    )
    return seat
