"""A commission's public page and the public's comments: publishing, confirming by email,
rate limits, moderation, and turning a comment into evidence or a change note."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import AuditEvent, Notification
from commissioning.models import (
    CommentPhase,
    CommentStatus,
    CommissionStatus,
    EvidenceKind,
    PublicComment,
)
from commissioning.public_voice import services
from commissioning.specifications.services import specification_version_issue
from core.errors import DomainError
from tests.commissioning.factories import (
    CommissionFactory,
    NeedFactory,
    PublicCommentFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Rate-limit counts live in the cache, which outlives a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def eager_tasks() -> Any:
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


@pytest.fixture
def commission(council, commissioner):
    return CommissionFactory(
        organisation=council,
        owner=commissioner,
        title="Community food hubs",
        summary="Internal: budget pressure means we must keep this under £200k.",
        public_summary="We want food hubs on the estates that residents help to run.",
        published_at=timezone.now(),
        invite_views_in=[CommentPhase.BEFORE_AWARD],
    )


def _submit(commission, **overrides: Any) -> PublicComment | None:
    fields = {
        "display_name": "Amira",
        "email": "amira@example.com",
        "body": "Please open on Saturdays.",
        "ip": "203.0.113.9",
    }
    return services.comment_submit(commission=commission, **{**fields, **overrides})


# --- The public page ---------------------------------------------------------------------
def test_a_page_is_published_only_with_a_public_summary(council, commissioner):
    commission = CommissionFactory(organisation=council)
    with pytest.raises(DomainError, match="Write a public summary") as refused:
        services.commission_public_page_update(
            commission=commission,
            public_summary=" ",
            publish=True,
            invite_views_in=[],
            by=commissioner,
        )
    assert refused.value.field == "public_summary"
    services.commission_public_page_update(
        commission=commission,
        public_summary="What we buy and why.",
        publish=True,
        invite_views_in=["after", "before_award", "nonsense"],
        by=commissioner,
    )
    commission.refresh_from_db()
    assert commission.is_public
    assert commission.invite_views_in == ["before_award", "after"]
    event = AuditEvent.objects.filter(verb="public page updated").latest("pk")
    assert event.changes["published"] == [False, True]


def test_unpublishing_keeps_the_summary(commission, commissioner):
    services.commission_public_page_update(
        commission=commission,
        public_summary=commission.public_summary,
        publish=False,
        invite_views_in=[],
        by=commissioner,
    )
    commission.refresh_from_db()
    assert not commission.is_public
    assert commission.public_summary.startswith("We want food hubs")


@pytest.mark.parametrize("who", ["viewer", "evaluator", "other_commissioner"])
def test_only_the_councils_managers_write_the_public_page(request, commission, who):
    with pytest.raises(PermissionDenied):
        services.commission_public_page_update(
            commission=commission,
            public_summary="Changed",
            publish=True,
            invite_views_in=[],
            by=request.getfixturevalue(who),
        )


@pytest.mark.parametrize(
    ("status", "phase"),
    [
        (CommissionStatus.SCOPING, CommentPhase.BEFORE_AWARD),
        (CommissionStatus.IN_PROCUREMENT, CommentPhase.BEFORE_AWARD),
        (CommissionStatus.IN_DELIVERY, CommentPhase.DURING),
        (CommissionStatus.UNDER_REVIEW, CommentPhase.AFTER),
        (CommissionStatus.CLOSED, None),
    ],
)
def test_the_phase_follows_the_commissions_status(commission, status, phase):
    commission.status = status
    assert commission.comment_phase == phase
    assert commission.invites_views == (phase == CommentPhase.BEFORE_AWARD)


# --- Comments ----------------------------------------------------------------------------
def test_a_comment_waits_unconfirmed_and_its_writer_gets_a_link(
    commission, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = _submit(commission, email=" Amira@Example.com ")
    assert comment.status == CommentStatus.UNCONFIRMED
    assert comment.email == "amira@example.com"
    assert comment.phase == CommentPhase.BEFORE_AWARD
    assert [message.to for message in mailoutbox] == [["amira@example.com"]]
    assert "/public/comments/confirm/" in mailoutbox[0].body
    comment.refresh_from_db()
    assert comment.confirmation_sent_at is not None
    # Sending again (a retried task) sends nothing.
    assert services.comment_confirmation_send(comment_id=comment.pk) is False
    assert len(mailoutbox) == 1
    # Nor does one for a comment deleted meanwhile (withdrawn, or erased unconfirmed).
    assert services.comment_confirmation_send(comment_id=comment.pk + 1000) is False
    assert len(mailoutbox) == 1
    event = AuditEvent.objects.filter(verb="public comment received").latest("pk")
    assert "amira@example.com" not in str(event.changes)


def test_confirmations_left_unsent_by_a_broker_outage_go_out_once_from_the_sweep(
    commission, mailoutbox
):
    # Written while the broker was down: the comments are saved, no email went.
    waiting = _submit(commission, email="amira@example.com")
    too_recent = _submit(commission, email="bea@example.com")
    stale = _submit(commission, email="cal@example.com")
    already_confirmed = _submit(commission, email="dev@example.com")
    now = timezone.now()
    PublicComment.objects.exclude(pk=too_recent.pk).update(
        created_at=now - datetime.timedelta(minutes=5)
    )
    PublicComment.objects.filter(pk=stale.pk).update(created_at=now - datetime.timedelta(days=2))
    PublicComment.objects.filter(pk=already_confirmed.pk).update(status=CommentStatus.PENDING)

    assert services.comment_confirmations_catch_up() == 1
    assert services.comment_confirmations_catch_up() == 0

    assert [message.to for message in mailoutbox] == [["amira@example.com"]]
    waiting.refresh_from_db()
    assert waiting.confirmation_sent_at is not None


@pytest.mark.parametrize(
    "change",
    [
        {"published_at": None},
        {"invite_views_in": [CommentPhase.DURING]},
        {"status": CommissionStatus.CLOSED, "invite_views_in": list(CommentPhase.values)},
    ],
    ids=["unpublished", "not-asking-in-this-phase", "closed"],
)
def test_no_comment_where_the_page_does_not_ask(commission, change):
    for name, value in change.items():
        setattr(commission, name, value)
    commission.save()
    with pytest.raises(PermissionDenied):
        _submit(commission)
    assert not PublicComment.objects.exists()


def test_a_filled_honeypot_is_dropped_without_a_word(commission, mailoutbox):
    assert _submit(commission, honeypot="http://spam.example") is None
    assert not PublicComment.objects.exists()


def test_fifty_comments_a_minute_from_one_email_are_throttled(commission):
    accepted = refused = 0
    with time_machine.travel("2027-03-01 10:00:05+00:00", tick=False):
        for n in range(50):
            try:
                _submit(commission, ip=f"198.51.100.{n}", body=f"Comment {n}")
                accepted += 1
            except DomainError as error:
                assert str(error) == services.TOO_MANY
                refused += 1
    assert (accepted, refused) == (5, 45)
    assert PublicComment.objects.count() == 5
    # A minute later the address may comment again.
    with time_machine.travel("2027-03-01 10:01:10+00:00", tick=False):
        _submit(commission, ip="198.51.100.200")
    assert PublicComment.objects.count() == 6


def test_fifty_comments_a_minute_from_one_ip_address_are_throttled(commission):
    refused = 0
    with time_machine.travel("2027-03-01 10:00:05+00:00", tick=False):
        for n in range(50):
            try:
                _submit(commission, email=f"person{n}@example.com")
            except DomainError:
                refused += 1
    assert refused == 45
    assert PublicComment.objects.count() == 5


def test_throttled_through_redis(commission, settings):
    """The limits are counted in the shared cache: Redis, as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "kindred-test-ratelimit",
        }
    }
    from django.core.cache import caches

    caches["default"].clear()
    try:
        refused = 0
        with time_machine.travel("2027-03-01 10:00:05+00:00", tick=False):
            for n in range(50):
                try:
                    _submit(commission, ip=f"192.0.2.{n}", email="flood@example.com")
                except DomainError:
                    refused += 1
        assert refused == 45
    finally:
        caches["default"].clear()


def test_confirming_moves_the_comment_to_moderation_and_tells_the_owner(commission, commissioner):
    comment = _submit(commission)
    token = services.confirmation_token(comment)
    confirmed = services.comment_confirm(token=token)
    assert confirmed.status == CommentStatus.PENDING
    assert confirmed.confirmed_at is not None
    notification = Notification.objects.get(recipient=commissioner)
    assert "waiting for moderation" in notification.subject
    # Following the link again changes nothing and notifies nobody again.
    assert services.comment_confirm(token=token).status == CommentStatus.PENDING
    assert Notification.objects.count() == 1


def test_an_altered_or_expired_link_confirms_nothing(commission):
    comment = _submit(commission)
    token = services.confirmation_token(comment)
    with pytest.raises(DomainError, match="does not work"):
        services.comment_confirm(token=token[:-2] + "xx")
    later = timezone.now() + datetime.timedelta(days=4)
    with time_machine.travel(later), pytest.raises(DomainError, match="expired"):
        services.comment_confirm(token=token)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UNCONFIRMED


# --- Moderation --------------------------------------------------------------------------
def test_a_moderator_publishes_hides_with_a_reason_and_replies(commission, commissioner):
    comment = PublicCommentFactory(commission=commission)
    services.comment_publish(comment=comment, by=commissioner)
    comment.refresh_from_db()
    assert comment.is_published and comment.published_at and comment.moderated_by == commissioner
    with pytest.raises(DomainError, match="Say why"):
        services.comment_hide(comment=comment, reason="  ", by=commissioner)
    services.comment_hide(comment=comment, reason="It names a member of staff.", by=commissioner)
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "It names a member of staff."
    services.comment_reply(comment=comment, reply="Thank you. We will.", by=commissioner)
    comment.refresh_from_db()
    assert comment.reply == "Thank you. We will." and comment.replied_by == commissioner


def test_an_unconfirmed_comment_cannot_be_answered(commission, commissioner):
    comment = PublicCommentFactory(commission=commission, status="unconfirmed", confirmed_at=None)
    with pytest.raises(DomainError, match="confirmed"):
        services.comment_reply(comment=comment, reply="Hello", by=commissioner)


@pytest.mark.parametrize("who", ["viewer", "evaluator", "contract_manager", "other_commissioner"])
def test_only_the_councils_managers_moderate(request, commission, who):
    comment = PublicCommentFactory(commission=commission)
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.comment_publish(comment=comment, by=person)
    with pytest.raises(PermissionDenied):
        services.comment_reply(comment=comment, reply="Hello", by=person)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING and comment.reply == ""


# --- Using what was heard ----------------------------------------------------------------
def test_a_published_comment_becomes_community_voice_evidence(commission, commissioner, council):
    need = NeedFactory(organisation=council, title="Fresh food is hard to find")
    commission.needs.add(need)
    comment = PublicCommentFactory(commission=commission, status="published", display_name="Amira")
    evidence = services.comment_to_evidence(comment=comment, need=need, by=commissioner)
    assert evidence.kind == EvidenceKind.COMMUNITY_VOICE
    assert evidence.summary == comment.body
    assert evidence.attribution == "Amira, a member of the public"
    assert comment.email not in f"{evidence.attribution} {evidence.source}"
    assert services.comment_to_evidence(comment=comment, need=need, by=commissioner) == evidence


def test_evidence_only_from_a_published_comment_for_the_commissions_own_need(
    commission, commissioner, council
):
    need = NeedFactory(organisation=council)
    commission.needs.add(need)
    pending = PublicCommentFactory(commission=commission)
    with pytest.raises(DomainError, match="Publish the comment"):
        services.comment_to_evidence(comment=pending, need=need, by=commissioner)
    published = PublicCommentFactory(commission=commission, status="published")
    other_need = NeedFactory(organisation=council)
    with pytest.raises(DomainError, match="needs this commission answers"):
        services.comment_to_evidence(comment=published, need=other_need, by=commissioner)


def test_a_version_cites_published_comments_of_its_own_commission_only(
    commission, commissioner, council
):
    specification = SpecificationFactory(commission=commission)
    SpecificationSectionFactory(specification=specification)
    published = PublicCommentFactory(commission=commission, status="published")
    pending = PublicCommentFactory(commission=commission)
    elsewhere = PublicCommentFactory(
        commission=CommissionFactory(
            organisation=council, public_summary="x", published_at=timezone.now()
        ),
        status="published",
    )
    for wrong in (pending, elsewhere):
        with pytest.raises(DomainError, match="only published comments on this commission"):
            specification_version_issue(
                specification=specification,
                change_note="Opening hours",
                answers=[wrong],
                by=commissioner,
            )
    version = specification_version_issue(
        specification=specification,
        change_note="Hubs now open on Saturday mornings.",
        answers=[published],
        by=commissioner,
    )
    assert list(version.answers_comments.all()) == [published]


def test_the_confirmation_email_names_no_one_but_the_writer(
    commission, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(commission)
    link = re.search(r"https?://\S+/public/comments/confirm/\S+/", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    assert "Internal" not in mailoutbox[0].body
