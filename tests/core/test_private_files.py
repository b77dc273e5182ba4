"""Every private download leaves through core.private_files: as an attachment, never
sniffed, never cached, with the stored bytes unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from procurement.models import BidAttachment, FeedbackLetter
from reports.models import Report, ReportStatus
from tests.commissioning.factories import EvidenceItemFactory, NeedFactory
from tests.contracts.factories import ContractFactory
from tests.dialogue.factories import DialogueRoundFactory, OutlineSubmissionFactory
from tests.procurement.factories import BidFactory, PublishedTenderFactory, TenderFactory
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

pytestmark = pytest.mark.django_db

BODY = b"%PDF-1.4 private bytes"
PDF = "application/pdf"
UNKNOWN = "application/octet-stream"

Fixture = Callable[[str], Any]


@dataclass(frozen=True)
class Download:
    """One private download, built in the council of tests/conftest.py."""

    person: Any  # who may read it
    url: str
    stored: Any  # the stored file (a FieldFile)
    filename: str  # how the name it is sent with begins
    content_type: str


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


def _store(field_file: Any, name: str) -> Any:
    field_file.save(name, ContentFile(BODY), save=True)
    return field_file


def need_evidence(fixture: Fixture) -> Download:
    evidence = EvidenceItemFactory(
        need=NeedFactory(organisation=fixture("council")), kind="document", summary="Food survey"
    )
    return Download(
        person=fixture("commissioner"),
        url=reverse("commissioning:evidence_download", args=[evidence.pk]),
        stored=_store(evidence.document, "survey.pdf"),
        filename="food-survey.pdf",
        content_type=PDF,
    )


def round_outline(fixture: Fixture) -> Download:
    dialogue_round = DialogueRoundFactory(tender__organisation=fixture("council"), status="open")
    outline = OutlineSubmissionFactory(
        round=dialogue_round,
        supplier=fixture("supplier_org"),
        attachment_name="plan.pdf",
        submitted_at=timezone.now(),
    )
    return Download(
        person=fixture("commissioner"),
        url=reverse("dialogue:round_outline_file", args=[dialogue_round.pk, outline.supplier_id]),
        stored=_store(outline.attachment, "plan.pdf"),
        filename="plan.pdf",
        content_type=UNKNOWN,
    )


def bid_attachment(fixture: Fixture) -> Download:
    bid = BidFactory(
        tender=PublishedTenderFactory(organisation=fixture("council")),
        supplier=fixture("supplier_org"),
    )
    attachment = BidAttachment(bid=bid, original_name="plan.pdf", size=len(BODY))
    stored = _store(attachment.file, "plan.pdf")
    return Download(
        person=fixture("supplier_user"),
        url=reverse("procurement:attachment_download", args=[bid.pk, attachment.pk]),
        stored=stored,
        filename="plan.pdf",
        content_type=UNKNOWN,
    )


def _ready_report(fixture: Fixture, target: Any, kind: str) -> Report:
    report = Report.objects.create(
        organisation=fixture("council"),
        requested_by=fixture("commissioner"),
        kind=kind,
        title="Community food hubs",
        target=target,
        status=ReportStatus.READY,
    )
    _store(report.file, "report.pdf")
    return report


def feedback_letter(fixture: Fixture) -> Download:
    tender = TenderFactory(organisation=fixture("council"), status="standstill")
    bid = BidFactory(tender=tender, supplier=fixture("supplier_org"), status="submitted")
    report = _ready_report(fixture, bid, "feedback_letter")
    FeedbackLetter.objects.create(bid=bid, report=report)
    return Download(
        person=fixture("supplier_user"),
        url=reverse("procurement:feedback_letter", args=[bid.pk]),
        stored=report.file,
        filename=f"feedback-{tender.reference.lower()}-",
        content_type=PDF,
    )


def report_pdf(fixture: Fixture) -> Download:
    tender = PublishedTenderFactory(organisation=fixture("council"))
    report = _ready_report(fixture, tender, "tender_pack")
    return Download(
        person=fixture("commissioner"),
        url=reverse("reports:download", args=[report.pk]),
        stored=report.file,
        filename="community-food-hubs.pdf",
        content_type=PDF,
    )


def social_value_evidence(fixture: Fixture) -> Download:
    contract = ContractFactory(organisation=fixture("council"), provider=fixture("supplier_org"))
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=contract), evidence_file_name="payroll.pdf"
    )
    return Download(
        person=fixture("contract_manager"),
        url=reverse("social_value:evidence_download", args=[delivery_return.pk]),
        stored=_store(delivery_return.evidence_file, "payroll.pdf"),
        filename="payroll.pdf",
        content_type=PDF,
    )


@pytest.fixture(
    params=[
        pytest.param(need_evidence, id="need-evidence"),
        pytest.param(round_outline, id="round-outline"),
        pytest.param(bid_attachment, id="bid-attachment"),
        pytest.param(feedback_letter, id="feedback-letter"),
        pytest.param(report_pdf, id="report"),
        pytest.param(social_value_evidence, id="social-value-evidence"),
    ]
)
def download(request: pytest.FixtureRequest) -> Download:
    """Each of the six views that serve a private file, with a file stored for it."""
    return request.param(request.getfixturevalue)


def test_private_download_is_an_uncached_attachment_that_is_not_sniffed(
    client: Any, download: Download
) -> None:
    client.force_login(download.person)
    response = client.get(download.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BODY
    disposition = response["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="{download.filename}'), disposition
    assert response["Content-Type"] == download.content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_file_missing_from_storage_is_not_found(client: Any, download: Download) -> None:
    default_storage.delete(download.stored.name)
    client.force_login(download.person)
    assert client.get(download.url).status_code == 404
