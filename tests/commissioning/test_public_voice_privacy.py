"""How long a public comment's personal data is kept, and withdrawing a comment (UK GDPR):
the retention sweep, its task and command, and the withdrawal link."""

from __future__ import annotations

import datetime
import re
from io import StringIO
from typing import Any

import pytest
from django.core import signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from commissioning.models import CommentStatus, EvidenceItem, PublicComment
from commissioning.public_voice import privacy, services
from commissioning.specifications.services import specification_version_issue
from commissioning.tasks import erase_expired_comment_data
from core.errors import DomainError
from tests.commissioning.factories import (
    MissionFactory,
    NeedFactory,
    PublicCommentFactory,
    SpecificationFactory,
    SpecificationSectionFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _retention(settings: Any) -> None:
    settings.PUBLIC_COMMENT_UNCONFIRMED_DAYS = 7
    settings.PUBLIC_COMMENT_EMAIL_DAYS = 90


def _aged(comment: PublicComment, *, sent: datetime.timedelta, confirmed=None) -> PublicComment:
    now = timezone.now()
    PublicComment.objects.filter(pk=comment.pk).update(
        created_at=now - sent, confirmed_at=None if confirmed is None else now - confirmed
    )
    comment.refresh_from_db()
    return comment


# --- Retention -----------------------------------------------------------------------------
def test_the_sweep_deletes_unconfirmed_comments_and_erases_expired_addresses():
    unconfirmed_old = _aged(PublicCommentFactory(status="unconfirmed"), sent=8 * DAY)
    unconfirmed_new = _aged(PublicCommentFactory(status="unconfirmed"), sent=6 * DAY)
    expired = _aged(
        PublicCommentFactory(status="published", reply="Thank you."),
        sent=100 * DAY,
        confirmed=91 * DAY,
    )
    kept = _aged(PublicCommentFactory(status="pending"), sent=89 * DAY, confirmed=89 * DAY)
    updated_at = expired.updated_at

    result = privacy.comment_data_erase_expired()

    assert result == privacy.SweepResult(deleted=1, erased=1)
    assert not PublicComment.objects.filter(pk=unconfirmed_old.pk).exists()
    assert PublicComment.objects.get(pk=unconfirmed_new.pk).email
    expired.refresh_from_db()
    # The comment stays as it was, with its display name and reply; only the address goes.
    assert (expired.email, expired.status, expired.reply) == ("", "published", "Thank you.")
    assert expired.display_name.startswith("Resident")
    assert expired.email_erased_at is not None
    assert expired.updated_at == updated_at  # not news in the feed
    assert PublicComment.objects.get(pk=kept.pk).email
    # Running again changes nothing.
    assert privacy.comment_data_erase_expired() == privacy.SweepResult(deleted=0, erased=0)


def test_the_sweep_works_in_batches(monkeypatch):
    monkeypatch.setattr(privacy, "SWEEP_BATCH", 2)
    for _ in range(5):
        _aged(PublicCommentFactory(status="unconfirmed"), sent=8 * DAY)
        _aged(PublicCommentFactory(status="hidden"), sent=95 * DAY, confirmed=95 * DAY)
    assert privacy.comment_data_erase_expired() == privacy.SweepResult(deleted=5, erased=5)
    assert not PublicComment.objects.exclude(email="").exists()


def test_the_periods_come_from_the_settings(settings):
    settings.PUBLIC_COMMENT_EMAIL_DAYS = 10
    comment = _aged(PublicCommentFactory(status="pending"), sent=11 * DAY, confirmed=11 * DAY)
    assert privacy.privacy_terms() == privacy.PrivacyTerms(
        link_days=3, unconfirmed_days=7, email_days=10
    )
    assert erase_expired_comment_data() == {"deleted": 0, "erased": 1}
    comment.refresh_from_db()
    assert comment.email == ""


def test_an_erased_comment_still_serves_as_evidence_and_citation(commissioner, council):
    comment = PublicCommentFactory(status="published", commission__organisation=council)
    need = NeedFactory(organisation=comment.commission.organisation)
    comment.commission.needs.add(need)
    services.comment_to_evidence(comment=comment, need=need, by=commissioner)
    specification = SpecificationFactory(commission=comment.commission)
    SpecificationSectionFactory(specification=specification)
    version = specification_version_issue(
        specification=specification, change_note="Saturdays.", answers=[comment], by=commissioner
    )
    _aged(comment, sent=100 * DAY, confirmed=100 * DAY)
    privacy.comment_data_erase_expired()
    assert list(version.answers_comments.all()) == [comment]
    assert EvidenceItem.objects.get(from_comment=comment).attribution.startswith(
        comment.display_name
    )


def test_the_operators_command_reports_what_it_did():
    _aged(PublicCommentFactory(status="unconfirmed"), sent=30 * DAY)
    out = StringIO()
    call_command("erase_expired_comment_data", stdout=out)
    assert "Deleted 1 comments never confirmed (after 7 days); erased 0" in out.getvalue()


def test_beat_runs_the_sweep():
    from config.celery import app

    app.loader.import_default_modules()
    app.finalize()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "commissioning.erase_expired_comment_data" in scheduled


# --- Withdrawal ----------------------------------------------------------------------------
@pytest.mark.parametrize("status", ["pending", "published", "hidden"])
def test_a_writer_withdraws_a_confirmed_comment_and_its_address_is_erased(status):
    comment = PublicCommentFactory(status=status)
    withdrawn = privacy.comment_withdraw(token=privacy.withdrawal_token(comment))
    comment.refresh_from_db()
    assert comment == withdrawn
    assert comment.status == CommentStatus.WITHDRAWN
    assert comment.email == "" and comment.withdrawn_at and comment.email_erased_at
    assert comment.body  # the council keeps its record of what it was told
    # Following the link again changes nothing; no moderator can bring it back.
    assert privacy.comment_withdraw(token=privacy.withdrawal_token(comment)) == comment
    assert services.COMMENT_ALLOWED[CommentStatus.WITHDRAWN] == set()


def test_withdrawing_an_unconfirmed_comment_deletes_it():
    comment = PublicCommentFactory(status="unconfirmed", confirmed_at=None)
    assert privacy.comment_withdraw(token=privacy.withdrawal_token(comment)) is None
    assert not PublicComment.objects.filter(pk=comment.pk).exists()
    with pytest.raises(DomainError, match="no longer exists"):
        privacy.comment_withdraw(token=privacy.withdrawal_token(comment))


def test_a_withdrawal_link_cannot_be_forged_or_reused_from_the_confirmation_link():
    comment = PublicCommentFactory()
    forged = signing.dumps({"comment": comment.pk}, salt="something else")
    for token in (forged, services.confirmation_token(comment), "nonsense"):
        with pytest.raises(DomainError, match="does not work"):
            privacy.comment_withdraw(token=token)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


def test_a_withdrawn_comment_cannot_be_answered(commissioner, council):
    comment = PublicCommentFactory(status="published", commission__organisation=council)
    privacy.comment_withdraw(token=privacy.withdrawal_token(comment))
    with pytest.raises(DomainError, match="withdrew"):
        services.comment_reply(comment=comment, reply="Thanks", by=commissioner)


def test_evidence_from_a_withdrawn_comment_says_so_and_is_no_longer_the_latest(
    client, commissioner, council
):
    comment = PublicCommentFactory(
        status="published", commission__organisation=council, body="Saturday opening, please."
    )
    need = NeedFactory(organisation=council)
    mission = MissionFactory(organisation=council)
    need.missions.add(mission)
    comment.commission.needs.add(need)
    services.comment_to_evidence(comment=comment, need=need, by=commissioner)
    client.force_login(commissioner)
    need_page = reverse("commissioning:need_detail", args=[need.pk])
    mission_page = reverse("commissioning:mission_detail", args=[mission.pk])
    response = client.get(need_page)
    assertContains(response, "Saturday opening, please.")
    assertNotContains(response, "withdrew this comment")
    assertContains(client.get(mission_page), "Saturday opening, please.")

    privacy.comment_withdraw(token=privacy.withdrawal_token(comment))
    # The council keeps its record, marked; the mission no longer quotes it as the latest.
    response = client.get(need_page)
    assertContains(response, "Saturday opening, please.")
    assertContains(response, "Its writer withdrew this comment on")
    response = client.get(mission_page)
    assertContains(response, "1 need, backed by 1 piece of evidence")
    assertNotContains(response, "Saturday opening, please.")


def test_the_confirmation_email_offers_the_withdrawal_link(mailoutbox):
    comment = PublicCommentFactory(status="unconfirmed", confirmed_at=None)
    services.comment_confirmation_send(comment_id=comment.pk)
    link = re.search(r"/public/comments/withdraw/(\S+)/", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    assert privacy.comment_for_withdrawal(link[1]) == comment
    assert "withdraw your comment at any time" in mailoutbox[0].body
