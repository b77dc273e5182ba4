"""The PDF reports about missions: a mission progress report, and a social value report
for one mission or for the whole council. They read the same page objects and draw the
same charts as the mission and portfolio pages (home/missions.py), so the PDF and the page
never disagree."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import Organisation
from commissioning.models import Mission
from contracts.models import Contract
from core.formatting import uk_datetime
from home import missions
from reports.kinds import ReportKind, register
from social_value.selectors import promised_vs_delivered_by_measure


def _mission_context(mission: Mission) -> dict[str, Any]:
    mission = Mission.objects.select_related("organisation", "lead").get(pk=mission.pk)
    return {
        "mission": mission,
        "buyer": mission.organisation,
        "made_at": uk_datetime(timezone.now()),
    }


def _mission_progress_for(mission: Mission, reader: Any) -> dict[str, Any]:
    # Learning is read as the person who asked may read it.
    mission = Mission.objects.select_related("organisation").get(pk=mission.pk)
    return {"progress": missions.mission_progress(mission, reader=reader)}


def _mission_social_value_context(mission: Mission) -> dict[str, Any]:
    contracts = Contract.objects.filter(missions=mission)
    rows = promised_vs_delivered_by_measure(contracts)
    return {
        **_mission_context(mission),
        "scope": mission.title,
        "rows": rows,
        "chart": missions.social_value_chart(rows),
        "share": missions.social_value_share(contracts),
        "by_contract": missions.social_value_by_contract(contracts),
        "by_mission": [],
    }


def _council_social_value_context(organisation: Organisation) -> dict[str, Any]:
    contracts = Contract.objects.filter(organisation=organisation)
    rows = promised_vs_delivered_by_measure(contracts)
    return {
        "buyer": organisation,
        "scope": organisation.name,
        "rows": rows,
        "chart": missions.social_value_chart(rows),
        "share": missions.social_value_share(contracts),
        "by_contract": missions.social_value_by_contract(contracts),
        "by_mission": missions.portfolio(organisation),
        "made_at": uk_datetime(timezone.now()),
    }


MISSION_PROGRESS = register(
    ReportKind(
        code="mission_progress",
        model_label="commissioning.Mission",
        permission="commissioning.view",
        template_name="home/pdf/mission_progress.html",
        build_context=_mission_context,
        reader_context=_mission_progress_for,
        title=lambda mission: f"Mission progress: {mission.title}",
    )
)

MISSION_SOCIAL_VALUE = register(
    ReportKind(
        code="mission_social_value",
        model_label="commissioning.Mission",
        permission="commissioning.view",
        template_name="home/pdf/social_value.html",
        build_context=_mission_social_value_context,
        title=lambda mission: f"Social value: {mission.title}",
    )
)

COUNCIL_SOCIAL_VALUE = register(
    ReportKind(
        code="council_social_value",
        model_label="accounts.Organisation",
        permission="commissioning.view",
        template_name="home/pdf/social_value.html",
        build_context=_council_social_value_context,
        title=lambda organisation: f"Social value: {organisation.name}",
    )
)
