"""A direct award: no competition, so the reason is required and published."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.errors import DomainError
from procurement import services, tender_settings
from procurement.models import DirectAward, Procedure, TenderStatus
from tests.commissioning.factories import CommissionFactory, SpecificationVersionFactory
from tests.dates import datetime_fields

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REASON = "Only Riverside Care holds the registration for this specialist respite service."


def _create(council, commissioner, **extra):
    commission = CommissionFactory(organisation=council)
    version = SpecificationVersionFactory(specification__commission=commission)
    return services.tender_create(
        commission=commission,
        specification_version=version,
        title="Specialist respite",
        summary="Respite care.",
        procedure=Procedure.DIRECT_AWARD,
        submission_deadline=timezone.now() + 10 * DAY,
        by=commissioner,
        **extra,
    )


def test_a_direct_award_cannot_be_created_without_a_justification(council, commissioner):
    with pytest.raises(DomainError, match="without a competition"):
        _create(council, commissioner, direct_award_justification="   ")


def test_a_direct_award_records_its_justification(council, commissioner):
    tender = _create(council, commissioner, direct_award_justification=f" {REASON} ")
    assert tender.direct_award_justification == REASON


def test_other_procedures_need_no_justification(council, commissioner):
    commission = CommissionFactory(organisation=council)
    version = SpecificationVersionFactory(specification__commission=commission)
    tender = services.tender_create(
        commission=commission,
        specification_version=version,
        title="Open",
        summary="Open.",
        procedure=Procedure.OPEN,
        submission_deadline=timezone.now() + 10 * DAY,
        by=commissioner,
    )
    assert tender.direct_award_justification == ""


def test_publishing_a_direct_award_without_a_justification_is_refused(draft_tender, commissioner):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    with pytest.raises(DomainError, match="without a competition"):
        services.tender_publish(tender=draft_tender, by=commissioner)
    draft_tender.refresh_from_db()
    assert draft_tender.status == TenderStatus.DRAFT


def test_a_direct_award_with_a_justification_and_a_named_supplier_publishes(
    draft_tender, commissioner, supplier_org
):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    draft_tender = tender_settings.tender_justification_update(
        tender=draft_tender, justification=REASON, by=commissioner
    )
    DirectAward.objects.create(tender=draft_tender, supplier=supplier_org, grounds=["urgency"])
    tender = services.tender_publish(tender=draft_tender, by=commissioner)
    assert tender.status == TenderStatus.PUBLISHED
    assert AuditEvent.objects.filter(verb="justification changed").exists()


def test_justification_cannot_be_blanked_or_changed_once_published(
    draft_tender, open_tender, commissioner
):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    with pytest.raises(DomainError, match="without a competition"):
        tender_settings.tender_justification_update(
            tender=draft_tender, justification="", by=commissioner
        )
    with pytest.raises(DomainError, match="before the tender is published"):
        tender_settings.tender_justification_update(
            tender=open_tender, justification=REASON, by=commissioner
        )


# --- Views -----------------------------------------------------------------------------------
def test_create_form_requires_a_justification_for_a_direct_award(client, council, commissioner):
    commission = CommissionFactory(organisation=council)
    version = SpecificationVersionFactory(specification__commission=commission)
    client.force_login(commissioner)
    response = client.post(
        reverse("procurement:tender_create", args=[commission.pk]),
        {
            "specification_version": version.pk,
            "title": "Respite",
            "summary": "Respite care.",
            "procedure": "direct_award",
            **datetime_fields("submission_deadline", timezone.now() + 10 * DAY),
        },
    )
    assert response.status_code == 200
    assert "Explain why the contract is being awarded directly" in response.text
    assert 'href="#id_direct_award_justification"' in response.text


def test_the_public_tender_page_shows_the_justification(client, open_tender):
    open_tender.procedure = Procedure.DIRECT_AWARD
    open_tender.direct_award_justification = REASON
    open_tender.save()
    response = client.get(reverse("procurement:tender_detail", args=[open_tender.pk]))
    assert response.status_code == 200
    assert "Why there is no competition" in response.text
    assert REASON in response.text


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("commissioner", 200),
        ("council_admin", 200),
        ("evaluator", 404),
        ("other_commissioner", 404),
        ("supplier_user", 404),
    ],
)
def test_justification_page_is_for_the_buyers_managers(
    client, draft_tender, request, person, status
):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    client.force_login(request.getfixturevalue(person))
    url = reverse("procurement:tender_justification", args=[draft_tender.pk])
    assert client.get(url).status_code == status


def test_posting_the_justification_saves_it(client, draft_tender, commissioner):
    draft_tender.procedure = Procedure.DIRECT_AWARD
    draft_tender.save()
    client.force_login(commissioner)
    url = reverse("procurement:tender_justification", args=[draft_tender.pk])
    assert client.post(url, {"justification": REASON}).status_code == 302
    draft_tender.refresh_from_db()
    assert draft_tender.direct_award_justification == REASON
