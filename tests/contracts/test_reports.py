"""The check-in summary and contract performance PDFs: who may ask, and what they hold."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from contracts.models import CheckInStatus
from reports import services as report_services
from reports.kinds import get_kind
from tests.contracts.factories import CheckInFactory, ContractFactory, ContributionFactory
from tests.social_value.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org):
    return ContractFactory(organisation=council, provider=supplier_org)


def test_contract_performance_holds_health_kpis_social_value_and_learning(contract):
    CommitmentFactory(contract=contract)
    kind = get_kind("contract_performance")
    html = render_to_string(kind.template_name, kind.build_context(contract))
    assert contract.title in html
    for heading in ("The relationship over time", "KPIs", "promised and delivered", "Learning"):
        assert heading in html


def test_checkin_summary_shows_only_submitted_parts(contract):
    checkin = CheckInFactory(contract=contract, status=CheckInStatus.PUBLISHED)
    ContributionFactory(
        checkin=checkin,
        side="buyer",
        story="Shared story",
        submitted_at=datetime.datetime.now(datetime.UTC),
    )
    ContributionFactory(checkin=checkin, side="provider", story="Unsubmitted draft")
    kind = get_kind("checkin_summary")
    html = render_to_string(kind.template_name, kind.build_context(checkin))
    assert "Shared story" in html and "Unsubmitted draft" not in html


def test_provider_may_ask_for_a_shared_checkin_summary(contract, supplier_user):
    checkin = CheckInFactory(contract=contract, status=CheckInStatus.PUBLISHED)
    report = report_services.report_request(
        kind="checkin_summary", target=checkin, requested_by=supplier_user
    )
    assert report.organisation_id == contract.organisation_id


def test_nobody_may_ask_for_a_summary_of_a_checkin_still_being_written(contract, contract_manager):
    checkin = CheckInFactory(contract=contract, status=CheckInStatus.OPEN)
    with pytest.raises(PermissionDenied):
        report_services.report_request(
            kind="checkin_summary", target=checkin, requested_by=contract_manager
        )


def test_other_supplier_may_not_ask_for_the_performance_report(contract, other_supplier_user):
    with pytest.raises(PermissionDenied):
        report_services.report_request(
            kind="contract_performance", target=contract, requested_by=other_supplier_user
        )


def test_both_pdfs_render_with_charts_through_weasyprint(contract, contract_manager, supplier_user):
    import time_machine

    from contracts import services
    from reports.pdf import count_pages, html_to_pdf

    with time_machine.travel("2027-07-01 12:00:00+01:00", tick=False):
        checkin = CheckInFactory(contract=contract, held_on=datetime.date(2027, 6, 30))
        for side, person in (("buyer", contract_manager), ("provider", supplier_user)):
            services.checkin_contribute(
                checkin=checkin,
                side=side,
                story="Forty families came.",
                ratings={"trust": (4, "Good")},
                submit=True,
                by=person,
            )
    CommitmentFactory(contract=contract)
    checkin.refresh_from_db()
    for code, target in (("checkin_summary", checkin), ("contract_performance", contract)):
        kind = get_kind(code)
        pdf = html_to_pdf(render_to_string(kind.template_name, kind.build_context(target)))
        assert pdf.startswith(b"%PDF") and count_pages(pdf) >= 1


def test_the_performance_pdf_shows_the_health_table_open(contract, contract_manager, supplier_user):
    from contracts import services

    checkin = CheckInFactory(contract=contract, held_on=timezone.localdate())
    for side, person in (("buyer", contract_manager), ("provider", supplier_user)):
        services.checkin_contribute(
            checkin=checkin,
            side=side,
            story="Forty families came.",
            ratings={"trust": (4, "Good")},
            submit=True,
            by=person,
        )
    kind = get_kind("contract_performance")
    html = render_to_string(kind.template_name, kind.build_context(contract))
    # Print has no disclosure: the table is shown as it is, not inside <details>.
    assert "Average relationship rating at each shared check-in" in html
    assert "<details" not in html
    assert "Show the ratings as a table" not in html
