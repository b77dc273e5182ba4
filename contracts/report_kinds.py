"""The PDF reports about contracts: a check-in summary and a contract performance report."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from contracts import charts, selectors
from contracts.models import CheckInStatus
from contracts.voices.selectors import contract_voices
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


# The performance report tells the latest stories; the contract page has every one.
STORIES_IN_REPORT = 6
ACTIONS_DONE_IN_REPORT = 10


def _contract_performance_context(contract: Any) -> dict[str, Any]:
    contract = selectors.contract_get(contract.pk)
    kpis = list(contract.kpis.all())
    shared = list(
        selectors.checkins_for(contract).filter(status=CheckInStatus.PUBLISHED)[:STORIES_IN_REPORT]
    )
    return {
        "contract": contract,
        "missions": list(contract.missions.all()),
        "places": list(contract.places.all()),
        "outcomes": list(
            contract.outcomes.select_related("mission").prefetch_related("indicators")
        ),
        "charts": charts.contract_charts(contract, kpis),
        "averages": selectors.average_health(contract),
        "voices": contract_voices(contract, limit=STORIES_IN_REPORT),
        "kpis": kpis,
        "assessment": selectors.latest_assessment(contract),
        "shared_checkins": contract.checkins.filter(status=CheckInStatus.PUBLISHED).count(),
        # Only submitted parts are ever shared, even when the manager shared early.
        "stories": [
            (checkin, [part for part in checkin.contributions.all() if part.is_submitted])
            for checkin in shared
        ],
        "open_actions": list(selectors.open_actions_for(contract)),
        "done_actions": list(
            contract.actions.filter(done_at__isnull=False)
            .select_related("raised_in")
            .order_by("-done_at")[:ACTIONS_DONE_IN_REPORT]
        ),
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
