"""The PDF reports about contracts: a check-in summary and a contract performance report."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from contracts import charts, selectors
from contracts.models import CheckInStatus
from core.formatting import uk_datetime
from reports.kinds import ReportKind, register


def _checkin_summary_context(checkin: Any) -> dict[str, Any]:
    checkin = (
        selectors.checkins_for(checkin.contract)
        .select_related("contract__organisation", "contract__provider")
        .get(pk=checkin.pk)
    )
    contract = checkin.contract
    return {
        "checkin": checkin,
        "contract": contract,
        # Only submitted parts are ever shared, even when the manager shared early.
        "contributions": [c for c in checkin.contributions.all() if c.is_submitted],
        "actions": list(selectors.actions_raised_in(checkin)),
        "carried_forward": list(selectors.open_actions_for(contract, before=checkin)),
        "readings": list(checkin.kpi_readings.select_related("kpi")),
        "made_at": uk_datetime(timezone.now()),
    }


def _contract_performance_context(contract: Any) -> dict[str, Any]:
    contract = selectors.contract_get(contract.pk)
    health = selectors.health_over_time(contract)
    return {
        "contract": contract,
        "health": health,
        "health_chart": charts.health_chart(health),
        "averages": selectors.average_health(contract),
        "kpis": list(contract.kpis.all()),
        "assessment": selectors.latest_assessment(contract),
        "shared_checkins": contract.checkins.filter(status=CheckInStatus.PUBLISHED).count(),
        "made_at": uk_datetime(timezone.now()),
    }


CHECKIN_SUMMARY = register(
    ReportKind(
        code="checkin_summary",
        model_label="contracts.CheckIn",
        permission="checkin.report",
        template_name="contracts/pdf/checkin_summary.html",
        build_context=_checkin_summary_context,
        title=lambda checkin: f"{checkin}: {checkin.contract.title}",
    )
)

CONTRACT_PERFORMANCE = register(
    ReportKind(
        code="contract_performance",
        model_label="contracts.Contract",
        permission="contract.view",
        template_name="contracts/pdf/contract_performance.html",
        build_context=_contract_performance_context,
        reader_context=lambda contract, reader: {
            "learning": list(selectors.learning_for_contract(contract, reader=reader))
        },
        title=lambda contract: f"Contract performance: {contract.title}",
    )
)
