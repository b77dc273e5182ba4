"""The check-in summary and contract performance PDFs: who may ask, and what they hold."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from contracts.models import CheckInStatus
from reports import services as report_services
from reports.kinds import get_kind
from tests.contracts.factories import (
    CheckInFactory,
    ContractFactory,
    ContributionFactory,
    both_sides_submit,
)
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

    from reports.pdf import count_pages, html_to_pdf

    with time_machine.travel("2027-07-01 12:00:00+01:00", tick=False):
        checkin = CheckInFactory(contract=contract, held_on=datetime.date(2027, 6, 30))
        both_sides_submit(checkin, buyer=contract_manager, provider=supplier_user)
    CommitmentFactory(contract=contract)
    checkin.refresh_from_db()
    for code, target in (("checkin_summary", checkin), ("contract_performance", contract)):
        kind = get_kind(code)
        pdf = html_to_pdf(render_to_string(kind.template_name, kind.build_context(target)))
        assert pdf.startswith(b"%PDF") and count_pages(pdf) >= 1


def test_the_performance_pdf_shows_the_health_table_open(contract, contract_manager, supplier_user):

    checkin = CheckInFactory(contract=contract, held_on=timezone.localdate())
    both_sides_submit(checkin, buyer=contract_manager, provider=supplier_user)
    kind = get_kind("contract_performance")
    html = render_to_string(kind.template_name, kind.build_context(contract))
    # Print has no disclosure: the table is shown as it is, not inside <details>.
    assert "Average relationship rating at each shared check-in" in html
    assert "<details" not in html
    assert "Show the ratings as a table" not in html


def test_performance_pdf_reads_back_with_missions_outcomes_stories_actions_and_kpis(
    contract, contract_manager, supplier_user
):
    import io
    import re

    from pypdf import PdfReader

    from contracts import services
    from reports.pdf import html_to_pdf
    from tests.commissioning.factories import (
        IndicatorFactory,
        MissionFactory,
        OutcomeFactory,
        PlaceFactory,
    )
    from tests.contracts.factories import ActionFactory, KpiFactory

    mission = MissionFactory(organisation=contract.organisation, title="Everyone eats well")
    outcome = OutcomeFactory(mission=mission, title="Fewer families go hungry")
    IndicatorFactory(
        outcome=outcome, name="Households that skip meals", unit="%", with_baseline_and_target=True
    )
    contract.missions.add(mission)
    contract.outcomes.add(outcome)
    contract.places.add(PlaceFactory(organisation=contract.organisation, name="Hollowgate ward"))
    checkin = CheckInFactory(contract=contract, held_on=datetime.date(2026, 9, 9))
    both_sides_submit(
        checkin,
        buyer=contract_manager,
        provider=supplier_user,
        stories=("Forty families came to the hub.", "We opened on Saturdays too."),
    )
    kpi = KpiFactory(contract=contract, name="Meals served on time", target="95%")
    services.kpi_reading_record(
        kpi=kpi, period="July to September 2026", value="91%", checkin=checkin, by=contract_manager
    )
    ActionFactory(contract=contract, description="Fix the walk-in fridge", owner="Hub manager")
    ActionFactory(
        contract=contract,
        description="Print the new menu",
        owner="Chef",
        done_at=timezone.now(),
    )

    kind = get_kind("contract_performance")
    context = {**kind.build_context(contract), "learning": []}
    reader = PdfReader(io.BytesIO(html_to_pdf(render_to_string(kind.template_name, context))))
    text = "\n".join(page.extract_text() for page in reader.pages)

    def squashed(value: str) -> str:
        # Text extraction may split a word at a kerning pair, so compare without spaces.
        return re.sub(r"\s+", "", value)

    for expected in (
        "Everyone eats well",
        "Hollowgate ward",
        "Fewer families go hungry",
        "Households that skip meals (%)",
        "18 on 1 April 2025",
        "9 by 31 March 2028",
        "Check-in stories",
        "Forty families came to the hub.",
        "We opened on Saturdays too.",
        "Fix the walk-in fridge",
        "Print the new menu",
        "Meals served on time: readings over time",
        "Target: 95%.",
        "Trust: each side's rating at each shared check-in",
    ):
        assert squashed(expected) in squashed(text), expected
    # The KPI table's cells stay apart: each column's text is its own word.
    assert "KPI How it is measured Target Reported Latest reading" in text
    assert re.search(r"system\s+95%\s+Quarterly\s+91%", text), text
