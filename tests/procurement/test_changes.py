"""Changing a published tender: one service that checks the deadlines together, records
the change (old and new, why, who, when), tells every participant once, and a page."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import AuditEvent, Notification
from core.errors import DomainError
from procurement import changes
from procurement.models import TenderChange, TenderStatus
from tests.commissioning.factories import SpecificationVersionFactory
from tests.dates import datetime_fields
from tests.procurement.factories import TenderParticipantFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _change(tender: Any, by: Any, **overrides: Any) -> TenderChange:
    values = {
        "reason": "Suppliers asked for more time over the holidays.",
        "submission_deadline": tender.submission_deadline,
        "clarification_deadline": tender.clarification_deadline,
        "summary": tender.summary,
        "specification_version": tender.specification_version,
        "estimated_value": tender.estimated_value,
        **overrides,
    }
    return changes.tender_change_make(tender=tender, by=by, **values)


@pytest.fixture
def published_long_ago(open_tender: Any) -> Any:
    """Published 30 days ago, so the minimum tendering period is behind it."""
    open_tender.published_at = timezone.now() - 30 * DAY
    open_tender.save()
    return open_tender


# --- The service -----------------------------------------------------------------------------
def test_extending_both_deadlines_records_old_and_new_values(open_tender, commissioner):
    new_submission = open_tender.submission_deadline + 7 * DAY
    new_questions = open_tender.submission_deadline + 2 * DAY
    change = _change(
        open_tender,
        commissioner,
        submission_deadline=new_submission,
        clarification_deadline=new_questions,
    )
    open_tender.refresh_from_db()
    assert open_tender.submission_deadline == new_submission
    assert open_tender.clarification_deadline == new_questions
    fields = {row["field"]: row for row in change.changes}
    assert set(fields) == {"submission_deadline", "clarification_deadline"}
    assert fields["clarification_deadline"]["old"] == "Until the bid deadline"
    assert change.made_by == commissioner
    assert change.reason == "Suppliers asked for more time over the holidays."
    assert AuditEvent.objects.filter(verb="tender changed").count() == 1


def test_the_question_deadline_that_blocked_a_new_bid_deadline_moves_with_it(
    open_tender, commissioner
):
    """The dead end from the issue: a bid deadline before the question deadline is
    refused; changing both together is accepted."""
    open_tender.clarification_deadline = open_tender.submission_deadline - DAY
    open_tender.published_at = timezone.now() - 30 * DAY
    open_tender.save()
    earlier = open_tender.submission_deadline - 3 * DAY
    with pytest.raises(DomainError, match="on or before the bid deadline") as refused:
        _change(open_tender, commissioner, submission_deadline=earlier)
    assert refused.value.field == "clarification_deadline"
    _change(
        open_tender,
        commissioner,
        submission_deadline=earlier,
        clarification_deadline=earlier - 2 * DAY,
    )
    open_tender.refresh_from_db()
    assert open_tender.submission_deadline == earlier


def test_extending_after_bids_are_in_keeps_them(open_tender, commissioner, submitted_bid):
    _change(open_tender, commissioner, submission_deadline=open_tender.submission_deadline + DAY)
    submitted_bid.refresh_from_db()
    assert submitted_bid.status == "submitted"


def test_bringing_a_deadline_forward_after_bids_are_in_is_refused(
    published_long_ago, commissioner, submitted_bid
):
    with pytest.raises(DomainError, match="1 bid has been submitted"):
        _change(
            published_long_ago,
            commissioner,
            submission_deadline=published_long_ago.submission_deadline - DAY,
        )
    with pytest.raises(DomainError, match="cannot bring a deadline forward"):
        _change(
            published_long_ago,
            commissioner,
            clarification_deadline=timezone.now() + DAY,
        )


def test_the_bid_deadline_cannot_be_shorter_than_the_time_promised(open_tender, commissioner):
    # Published just now as an open procedure: 25 days are promised.
    with pytest.raises(DomainError, match="at least 25 days from publication") as refused:
        _change(open_tender, commissioner, submission_deadline=timezone.now() + 10 * DAY)
    assert refused.value.field == "submission_deadline"


def test_a_shorter_deadline_within_the_promise_and_before_any_bid_is_allowed(
    published_long_ago, commissioner
):
    earlier = published_long_ago.submission_deadline - 2 * DAY
    _change(published_long_ago, commissioner, submission_deadline=earlier)
    published_long_ago.refresh_from_db()
    assert published_long_ago.submission_deadline == earlier


def test_deadlines_must_be_in_the_future(open_tender, commissioner):
    with pytest.raises(DomainError, match="must be in the future"):
        _change(open_tender, commissioner, clarification_deadline=timezone.now() - DAY)


def test_after_the_deadline_a_new_one_needs_the_decision_to_reopen(
    open_tender, commissioner, submitted_bid
):
    later = open_tender.submission_deadline + 5 * DAY
    with time_machine.travel(open_tender.submission_deadline + DAY, tick=False):
        with pytest.raises(DomainError, match="choose to reopen") as refused:
            _change(open_tender, commissioner, submission_deadline=later)
        assert refused.value.field == "reopen"
        change = _change(open_tender, commissioner, submission_deadline=later, reopen=True)
        open_tender.refresh_from_db()
        assert open_tender.is_open_for_bids
    assert change.reopened
    submitted_bid.refresh_from_db()
    assert submitted_bid.status == "submitted"


def test_summary_value_and_a_later_specification_version_change(
    open_tender, commissioner, django_capture_on_commit_callbacks
):
    later = SpecificationVersionFactory(
        specification=open_tender.specification_version.specification,
        number=open_tender.specification_version.number + 1,
    )
    with django_capture_on_commit_callbacks(execute=True):
        change = _change(
            open_tender,
            commissioner,
            summary="Run community food hubs on four estates.",
            specification_version=later,
            estimated_value=Decimal("125000"),
        )
    rows = {row["field"]: (row["old"], row["new"]) for row in change.changes}
    assert rows["specification_version"][1] == f"Version {later.number}"
    assert rows["estimated_value"] == ("Not given", "£125,000")
    open_tender.refresh_from_db()
    assert open_tender.specification_version == later
    assert open_tender.opportunity_index.summary == "Run community food hubs on four estates."


def test_a_version_of_another_specification_is_refused(open_tender, commissioner):
    with pytest.raises(DomainError, match="later version of this tender"):
        _change(open_tender, commissioner, specification_version=SpecificationVersionFactory())


def test_nothing_changed_and_no_reason_are_refused(open_tender, commissioner):
    with pytest.raises(DomainError, match="Nothing has changed"):
        _change(open_tender, commissioner)
    with pytest.raises(DomainError, match="Say why"):
        _change(open_tender, commissioner, reason="  ", summary="New words.")


@pytest.mark.parametrize(
    "status", [TenderStatus.DRAFT, TenderStatus.CLOSED, TenderStatus.AWARDED, "cancelled"]
)
def test_only_a_tender_open_to_suppliers_can_change(open_tender, commissioner, status):
    type(open_tender).objects.filter(pk=open_tender.pk).update(status=status)
    with pytest.raises(DomainError, match="only while it is open to suppliers"):
        _change(open_tender, commissioner, summary="New words.")


@pytest.mark.parametrize("person", ["evaluator", "viewer", "other_commissioner", "supplier_user"])
def test_only_the_buyers_managers_change_a_tender(open_tender, request, person):
    with pytest.raises(PermissionDenied):
        _change(open_tender, request.getfixturevalue(person), summary="New words.")


def test_every_participant_is_told_once_and_withdrawn_ones_are_not(
    open_tender, commissioner, supplier_org, supplier_user, other_supplier_org, other_supplier_user
):
    TenderParticipantFactory(tender=open_tender, supplier=supplier_org)
    TenderParticipantFactory(
        tender=open_tender,
        supplier=other_supplier_org,
        withdrawn_at=timezone.now(),
        withdrawal_reason="capacity",
    )
    change = _change(open_tender, commissioner, summary="New words.")
    notes = Notification.objects.filter(key__startswith=f"tender-change:{change.pk}:")
    assert [note.recipient for note in notes] == [supplier_user]
    assert "Why: Suppliers asked for more time" in notes.get().body
    # Sending again for the same change tells nobody twice.
    assert changes._notify_participants(change=change, tender=open_tender) == 0


def test_a_bidder_is_told(open_tender, commissioner, submitted_bid, supplier_user):
    TenderParticipantFactory(tender=open_tender, supplier=submitted_bid.supplier)
    change = _change(
        open_tender, commissioner, submission_deadline=open_tender.submission_deadline + DAY
    )
    assert Notification.objects.filter(key=f"tender-change:{change.pk}:{supplier_user.pk}").exists()


# --- Pages -----------------------------------------------------------------------------------
def _form(tender: Any, **overrides: Any) -> dict[str, Any]:
    return {
        **datetime_fields("submission_deadline", tender.submission_deadline),
        **datetime_fields("clarification_deadline", tender.clarification_deadline),
        "summary": tender.summary,
        "specification_version": tender.specification_version_id,
        "estimated_value": "",
        "reason": "More time for small providers.",
        **overrides,
    }


def test_the_form_opens_with_the_tender_as_it_is(client, open_tender, commissioner):
    client.force_login(commissioner)
    response = client.get(reverse("procurement:tender_change", args=[open_tender.pk]))
    assertContains(response, open_tender.summary)
    assertContains(response, "The rules for deadlines")
    assertNotContains(response, "Reopen the tender")


def test_sending_the_form_unchanged_except_a_reason_says_nothing_changed(
    client, open_tender, commissioner, submitted_bid
):
    """The deadline box holds minutes only; sent back as shown it is not a change (and
    so not a shortening, which bids would forbid)."""
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_change", args=[open_tender.pk]), _form(open_tender)
    )
    assertContains(response, "Nothing has changed")


def test_a_refused_change_comes_back_beside_the_field_with_what_was_typed(
    client, open_tender, commissioner
):
    client.force_login(commissioner)
    soon = datetime_fields("submission_deadline", timezone.now() + 10 * DAY)
    response = client.post(
        reverse("procurement:tender_change", args=[open_tender.pk]),
        _form(open_tender, **soon, reason="Typed reason stays."),
    )
    assertContains(response, "at least 25 days from publication")
    assertContains(response, 'href="#id_submission_deadline')
    assertContains(response, "Typed reason stays.")
    assert not TenderChange.objects.exists()


def test_a_change_shows_in_the_change_log_on_the_public_page(client, open_tender, commissioner):
    client.force_login(commissioner)
    later = datetime_fields("submission_deadline", open_tender.submission_deadline + 7 * DAY)
    response = client.post(
        reverse("procurement:tender_change", args=[open_tender.pk]), _form(open_tender, **later)
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assertContains(page, "Changes since publication")
    assertContains(page, "Why: More time for small providers.")
    assertContains(page, "Bid deadline")
    # The public sees the council's change, not which officer made it.
    assertNotContains(page, f"by {commissioner}")


def test_the_buyer_sees_the_change_button_and_who_changed_it(client, open_tender, commissioner):
    _change(open_tender, commissioner, summary="New words.")
    client.force_login(commissioner)
    page = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assertContains(page, reverse("procurement:tender_change", args=[open_tender.pk]))
    assertContains(page, f"by {commissioner}")


def test_after_the_deadline_the_form_offers_to_reopen(client, open_tender, commissioner):
    with time_machine.travel(open_tender.submission_deadline + DAY, tick=False):
        client.force_login(commissioner)
        response = client.get(reverse("procurement:tender_change", args=[open_tender.pk]))
    assertContains(response, "Reopen the tender to bids")


def test_the_tender_page_runs_a_constant_number_of_queries_with_many_changes(
    client, open_tender, commissioner, django_assert_max_num_queries
):
    for number in range(30):
        _change(open_tender, commissioner, summary=f"Version {number} of the words.")
    client.force_login(commissioner)
    url = reverse("procurement:tender_detail", args=[open_tender.pk])
    client.get(url)
    with django_assert_max_num_queries(40):
        assertContains(client.get(url), "Version 29 of the words.")
