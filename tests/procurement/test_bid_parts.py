"""Price schedules, social value commitments and attachments on a bid."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.errors import DomainError
from procurement import bid_parts, services
from social_value.models import Measure
from tests.procurement.factories import BidFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


@pytest.fixture
def draft_bid(open_tender, supplier_org):
    return BidFactory(tender=open_tender, supplier=supplier_org)


@pytest.fixture
def measure(db):
    return Measure.objects.first() or Measure.objects.create(
        theme="wellbeing", code="volunteer-hours", name="Volunteer hours", unit="hours"
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "base_url": None},
        },
    }


def test_price_schedule_adds_up(draft_bid, supplier_user):
    from procurement.results import bid_price

    bid_parts.price_line_add(
        bid=draft_bid,
        item="Hub staff",
        quantity=Decimal(2),
        unit_price=Decimal(500),
        by=supplier_user,
    )
    bid_parts.price_line_add(
        bid=draft_bid, item="Food", quantity=Decimal(1), unit_price=Decimal(250), by=supplier_user
    )
    assert bid_price(draft_bid) == Decimal(1250)


def test_other_supplier_cannot_change_a_bid(draft_bid, other_supplier_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        bid_parts.price_line_add(
            bid=draft_bid,
            item="X",
            quantity=Decimal(1),
            unit_price=Decimal(1),
            by=other_supplier_user,
        )


def test_parts_cannot_change_after_the_deadline(draft_bid, supplier_user, measure):
    with (
        time_machine.travel(draft_bid.tender.submission_deadline + DAY),
        pytest.raises(DomainError, match="deadline"),
    ):
        bid_parts.bid_commitment_add(
            bid=draft_bid, measure=measure, quantity=Decimal(10), by=supplier_user
        )


def test_a_commitment_is_offered_once_per_measure(draft_bid, supplier_user, measure):
    bid_parts.bid_commitment_add(
        bid=draft_bid, measure=measure, quantity=Decimal(10), by=supplier_user
    )
    with pytest.raises(DomainError, match="already offer"):
        bid_parts.bid_commitment_add(
            bid=draft_bid, measure=measure, quantity=Decimal(5), by=supplier_user
        )


def test_attachment_is_checked_and_stored_under_a_generated_name(draft_bid, supplier_user):
    attachment = bid_parts.attachment_add(
        bid=draft_bid, upload=SimpleUploadedFile("../../plan.pdf", PDF), by=supplier_user
    )
    assert attachment.original_name == "plan.pdf"
    assert "plan" not in attachment.file.name
    assert attachment.file.name.startswith(f"private/bids/{draft_bid.pk}/")


def test_a_removed_attachment_loses_its_file_only_once_the_removal_is_saved(
    draft_bid, supplier_user, django_capture_on_commit_callbacks
):
    attachment = bid_parts.attachment_add(
        bid=draft_bid, upload=SimpleUploadedFile("plan.pdf", PDF), by=supplier_user
    )
    storage, stored = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks() as callbacks:
        bid_parts.attachment_remove(attachment=attachment, by=supplier_user)
    assert storage.exists(stored), "a removal that could still be rolled back keeps the file"
    for callback in callbacks:
        callback()
    assert not storage.exists(stored)
    assert not draft_bid.attachments.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.pdf", b"MZ not a pdf", "not a real PDF"),
        ("plan.exe", b"MZ", "must be a PDF"),
        ("notes.txt", b"\xff\xfe\xfa", "not a real text file"),
    ],
)
def test_attachments_that_are_not_what_they_say_are_refused(
    name, content, message, draft_bid, supplier_user
):
    with pytest.raises(DomainError, match=message):
        bid_parts.attachment_add(
            bid=draft_bid, upload=SimpleUploadedFile(name, content), by=supplier_user
        )


def test_attachment_too_big_is_refused(draft_bid, supplier_user, settings):
    settings.KINDRED_MAX_UPLOAD_BYTES = 10
    with pytest.raises(DomainError, match="smaller than"):
        bid_parts.attachment_add(
            bid=draft_bid, upload=SimpleUploadedFile("a.pdf", PDF), by=supplier_user
        )


@pytest.mark.parametrize(
    ("person", "before", "after"),
    [
        ("supplier_user", 200, 200),
        ("commissioner", 404, 200),
        ("council_admin", 404, 200),
        ("evaluator", 404, 404),
        ("other_commissioner", 404, 404),
        ("other_supplier_user", 404, 404),
    ],
)
def test_attachment_download_is_sealed_until_opening(
    person, before, after, client, request, draft_bid, supplier_user, commissioner
):
    attachment = bid_parts.attachment_add(
        bid=draft_bid, upload=SimpleUploadedFile("plan.pdf", PDF), by=supplier_user
    )
    draft_bid.status = "submitted"
    draft_bid.save()
    url = reverse("procurement:attachment_download", args=[draft_bid.pk, attachment.pk])
    client.force_login(request.getfixturevalue(person))
    response = client.get(url)
    assert response.status_code == before
    if before == 200:
        assert response["X-Content-Type-Options"] == "nosniff"
    with time_machine.travel(draft_bid.tender.submission_deadline + DAY):
        services.bids_open(tender=draft_bid.tender, by=commissioner)
        client.force_login(request.getfixturevalue(person))
        assert client.get(url).status_code == after


def test_supplier_adds_parts_through_the_bid_page(client, draft_bid, supplier_user, measure):
    client.force_login(supplier_user)
    client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "price"]),
        {"price-item": "Hub staff", "price-quantity": "1", "price-unit_price": "900"},
    )
    client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "commitment"]),
        {"commitment-measure": measure.pk, "commitment-quantity": "40"},
    )
    client.post(
        reverse("procurement:bid_part_add", args=[draft_bid.pk, "attachment"]),
        {"attachment-upload": SimpleUploadedFile("plan.pdf", PDF)},
    )
    page = client.get(reverse("procurement:bid_edit", args=[draft_bid.tender_id])).content.decode()
    assert "Hub staff" in page
    assert measure.name in page
    assert "plan.pdf" in page


# --- A refused part comes back with the error and what was typed ----------------------------
def _add_part(client, bid, part, data):
    return client.post(reverse("procurement:bid_part_add", args=[bid.pk, part]), data)


def test_a_price_line_with_a_bad_price_keeps_what_was_typed(client, draft_bid, supplier_user):
    client.force_login(supplier_user)

    response = _add_part(
        client,
        draft_bid,
        "price",
        {"price-item": "Hub staff", "price-quantity": "3", "price-unit_price": "nine hundred"},
    )

    assertContains(response, "There is a problem")
    assertContains(response, 'href="#id_price-unit_price">Enter the price as a number')
    assertContains(response, 'id="id_price-unit_price-error"')
    assertContains(response, 'value="Hub staff"')
    assertContains(response, 'value="3"')
    assertContains(response, 'value="nine hundred"')
    assert not draft_bid.price_lines.exists()


def test_a_price_line_below_zero_says_so(client, draft_bid, supplier_user):
    client.force_login(supplier_user)

    response = _add_part(
        client,
        draft_bid,
        "price",
        {"price-item": "Hub staff", "price-quantity": "0", "price-unit_price": "-5"},
    )

    assertContains(response, "The quantity must be more than 0")
    assertContains(response, "The price must be £0 or more")
    assert not draft_bid.price_lines.exists()


def test_a_price_that_would_take_the_bid_past_a_contracts_largest_value_is_refused(
    client, draft_bid, supplier_user
):
    """The winning bid's price becomes the contract's value, which stops at
    £999,999,999,999.99: a price past it is refused here, where the supplier can fix it,
    instead of failing the award with a server error."""
    bid_parts.price_line_add(
        bid=draft_bid,
        item="Hub staff",
        quantity=Decimal(1),
        unit_price=Decimal("999999999999.00"),
        by=supplier_user,
    )
    client.force_login(supplier_user)

    response = _add_part(
        client,
        draft_bid,
        "price",
        {"price-item": "Food", "price-quantity": "1", "price-unit_price": "1"},
    )

    assertContains(response, "total price must be £999,999,999,999.99 or less")
    assert draft_bid.price_lines.count() == 1


def test_a_refused_commitment_keeps_what_was_typed(client, draft_bid, supplier_user, measure):
    client.force_login(supplier_user)

    response = _add_part(
        client,
        draft_bid,
        "commitment",
        {"commitment-measure": measure.pk, "commitment-quantity": "0", "commitment-note": "Y1"},
    )

    assertContains(response, 'href="#id_commitment-quantity">The amount must be more than 0')
    assertContains(response, f'value="{measure.pk}" selected')
    assertContains(response, 'value="Y1"')
    assert not draft_bid.commitments.exists()


def test_a_repeated_commitment_is_refused_beside_the_measure(
    client, draft_bid, supplier_user, measure
):
    bid_parts.bid_commitment_add(bid=draft_bid, measure=measure, quantity=5, by=supplier_user)
    client.force_login(supplier_user)

    response = _add_part(
        client,
        draft_bid,
        "commitment",
        {"commitment-measure": measure.pk, "commitment-quantity": "12"},
    )

    assertContains(response, 'id="id_commitment-measure-error"')
    assertContains(response, "You already offer")
    assertContains(response, 'value="12"')
    assert draft_bid.commitments.get().quantity == 5


def test_the_bid_answers_form_still_posts_to_the_bid_page_after_a_refused_part(
    client, draft_bid, supplier_user
):
    client.force_login(supplier_user)

    response = _add_part(client, draft_bid, "price", {"price-item": ""})

    edit_url = reverse("procurement:bid_edit", args=[draft_bid.tender_id])
    assertContains(response, f'action="{edit_url}"')
    assertContains(response, "Enter what the price is for")


# --- Removing a part through the bid page ---------------------------------------------
def _remove_url(bid, part: str, part_pk: int) -> str:
    return reverse("procurement:bid_part_remove", args=[bid.pk, part, part_pk])


def test_supplier_removes_a_price_line_and_returns_to_that_part(client, draft_bid, supplier_user):
    line = bid_parts.price_line_add(
        bid=draft_bid, item="Food", quantity=Decimal(1), unit_price=Decimal(250), by=supplier_user
    )
    client.force_login(supplier_user)
    response = client.post(_remove_url(draft_bid, "price", line.pk))
    assert response.status_code == 302
    assert response.url == f"{reverse('procurement:bid_edit', args=[draft_bid.tender_id])}#price"
    assert [str(message) for message in get_messages(response.wsgi_request)] == ["Removed."]
    assert not draft_bid.price_lines.exists()


def test_removing_an_unknown_part_or_another_bids_line_is_not_found(
    client, draft_bid, supplier_user, other_supplier_org
):
    other = BidFactory(tender=draft_bid.tender, supplier=other_supplier_org)
    line = bid_parts.price_line_add(
        bid=draft_bid, item="Food", quantity=Decimal(1), unit_price=Decimal(250), by=supplier_user
    )
    client.force_login(supplier_user)
    assert client.post(_remove_url(draft_bid, "lots", line.pk)).status_code == 404
    assert client.post(_remove_url(draft_bid, "commitment", line.pk)).status_code == 404
    assert client.post(_remove_url(other, "price", line.pk)).status_code == 404
    assert draft_bid.price_lines.exists()
