"""Load Kindred's own open set of social value measures.

The measures are written for Kindred and published under the project's open licence.
They are grouped by the themes of the UK Social Value Model, but their wording, codes and
units are Kindred's own. The list lives in this migration, frozen, so that a later change
to the set is a new migration that every installation applies in the same way.

Running it twice changes nothing (measures are matched by code), and reversing it removes
only the measures it loaded.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

# (theme, code, name, unit, description)
MEASURES: list[tuple[str, str, str, str, str]] = [
    # Helping local communities to manage and recover
    (
        "recovery",
        "new-jobs-in-areas-of-need",
        "New jobs created in the places that need them most",
        "jobs",
        "New jobs, lasting at least a year, based in neighbourhoods with high unemployment. "
        "Count each job once, in the year it starts.",
    ),
    (
        "recovery",
        "local-business-support",
        "Local businesses helped to start or grow",
        "businesses",
        "Local small businesses, charities or social enterprises given practical help, "
        "such as mentoring, shared space or help to bid for work.",
    ),
    (
        "recovery",
        "community-resilience-support",
        "Support for community groups to plan and recover",
        "hours",
        "Time given to local community groups to help them prepare for, and recover from, "
        "shocks such as floods, outbreaks or the loss of a local service.",
    ),
    # Tackling economic inequality
    (
        "economic_inequality",
        "local-people-employed",
        "Local people employed on the contract",
        "people",
        "People who live in the council's area and work on this contract, counted as "
        "full-time equivalents at the end of the reporting period.",
    ),
    (
        "economic_inequality",
        "apprenticeships-started",
        "Apprenticeships started",
        "apprenticeships",
        "Apprenticeships that started during the reporting period and are linked to this "
        "contract. Count each apprentice once.",
    ),
    (
        "economic_inequality",
        "real-living-wage",
        "Staff paid at least the real Living Wage",
        "% of contract staff",
        "The share of people working on the contract, including subcontractors, who are "
        "paid at least the real Living Wage set by the Living Wage Foundation.",
    ),
    (
        "economic_inequality",
        "secure-hours",
        "Staff with secure, predictable hours",
        "% of contract staff",
        "The share of people working on the contract who have a contract for at least "
        "16 hours a week and at least four weeks' notice of their shifts.",
    ),
    (
        "economic_inequality",
        "local-sme-vcse-spend",
        "Spend with local small businesses, charities and social enterprises",
        "£",
        "Money spent in the supply chain for this contract with small and medium-sized "
        "businesses, charities, social enterprises and co-operatives based in the area.",
    ),
    (
        "economic_inequality",
        "training-hours",
        "Training for staff and local people",
        "hours",
        "Hours of accredited or structured training given to people working on the "
        "contract or living in the area, beyond training the law already requires.",
    ),
    # Fighting climate change
    (
        "climate",
        "carbon-emissions-reduced",
        "Carbon emissions cut",
        "tonnes CO2e",
        "The fall in greenhouse gas emissions from delivering the contract, against the "
        "baseline agreed at the start, in tonnes of carbon dioxide equivalent.",
    ),
    (
        "climate",
        "waste-kept-from-landfill",
        "Waste kept out of landfill",
        "tonnes",
        "Waste from delivering the contract that was reused, repaired, recycled or "
        "composted instead of going to landfill or being burned.",
    ),
    (
        "climate",
        "zero-emission-miles",
        "Miles travelled in zero-emission vehicles",
        "miles",
        "Miles travelled for the contract by walking, cycling or in vehicles with no "
        "exhaust emissions, such as electric vans.",
    ),
    # Equal opportunity
    (
        "equal_opportunity",
        "people-facing-barriers-into-work",
        "People facing barriers to work supported into jobs",
        "people",
        "People who had been out of work for six months or more, care leavers, disabled "
        "people, people leaving prison or others facing barriers, who start a job lasting "
        "at least six months.",
    ),
    (
        "equal_opportunity",
        "disabled-people-employed",
        "Disabled people employed on the contract",
        "people",
        "Disabled people working on the contract at the end of the reporting period, "
        "counted as full-time equivalents. People choose whether to tell their employer.",
    ),
    (
        "equal_opportunity",
        "work-placements",
        "Work placements for young people",
        "weeks",
        "Weeks of meaningful, supervised work experience for people aged 14 to 24. "
        "Placements of a week or more are paid at least the real Living Wage.",
    ),
    # Wellbeing
    (
        "wellbeing",
        "mental-wellbeing-support",
        "People reached by mental wellbeing support",
        "people",
        "Staff and local residents who took part in a mental wellbeing programme run or "
        "paid for as part of the contract, such as peer support or counselling.",
    ),
    (
        "wellbeing",
        "volunteering-hours",
        "Volunteering time given to local groups",
        "hours",
        "Hours that staff spent volunteering with local charities and community groups "
        "during paid working time.",
    ),
    (
        "wellbeing",
        "community-spaces-shared",
        "Space and equipment shared with the community",
        "hours",
        "Hours that buildings, rooms or equipment used for the contract were offered free "
        "of charge to local community groups.",
    ),
]


def load_measures(apps: Any, schema_editor: Any) -> None:
    Measure = apps.get_model("social_value", "Measure")
    for theme, code, name, unit, description in MEASURES:
        Measure.objects.update_or_create(
            code=code,
            defaults={
                "theme": theme,
                "name": name,
                "unit": unit,
                "description": description,
                "is_active": True,
            },
        )


def remove_measures(apps: Any, schema_editor: Any) -> None:
    Measure = apps.get_model("social_value", "Measure")
    Measure.objects.filter(code__in=[code for _, code, *_ in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("social_value", "0001_initial")]

    operations = [migrations.RunPython(load_measures, remove_measures)]
