"""Repair contracts made by an award before the award carried the commission's links.

Such a contract (made from a tender's winning bid) had no missions, places or outcomes,
so it was missing from the mission and place pages. Each of the three that is empty is
filled from the tender's commission; outcomes also from the outcomes the tender's
specification version sought (by id where the snapshot kept it, else by title within the
buyer's outcomes). Contracts whose links someone has already set are left as they are.
"""

from django.db import migrations
from django.db.models import Q


def carry_links(apps, schema_editor):
    Contract = apps.get_model("contracts", "Contract")
    Outcome = apps.get_model("commissioning", "Outcome")
    contracts = Contract.objects.filter(tender__isnull=False).select_related(
        "tender__commission", "tender__specification_version"
    )
    for contract in contracts.iterator(chunk_size=200):
        commission = contract.commission or contract.tender.commission
        if not contract.missions.exists():
            contract.missions.set(commission.missions.all())
        if not contract.places.exists():
            contract.places.set(commission.places.all())
        if not contract.outcomes.exists():
            ids, titles = set(), set()
            snapshot = contract.tender.specification_version.snapshot or {}
            for section in snapshot.get("sections") or []:
                for outcome in section.get("outcomes") or []:
                    if not isinstance(outcome, dict):
                        titles.add(str(outcome))
                    elif isinstance(outcome.get("id"), int):
                        ids.add(outcome["id"])
                    elif outcome.get("title"):
                        titles.add(outcome["title"])
            sought = Outcome.objects.filter(
                mission__organisation_id=contract.organisation_id
            ).filter(Q(pk__in=ids) | Q(title__in=titles))
            contract.outcomes.set(
                {
                    *commission.outcomes.values_list("pk", flat=True),
                    *sought.values_list("pk", flat=True),
                }
            )


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0005_indicator_readings"),
        ("contracts", "0006_kpi_indicator_and_reading_contributions"),
        ("procurement", "0007_tenderparticipant_from_dialogue"),
    ]

    operations = [migrations.RunPython(carry_links, migrations.RunPython.noop)]
