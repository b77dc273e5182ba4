"""Carry each single-sided check-in over into the two-sided shape."""

from django.db import migrations


def copy_checkins_into_contributions(apps, schema_editor):
    """Each existing single-sided check-in becomes a submitted contribution from its writer's side.

    A writer who belongs to the provider organisation wrote the provider's side; anyone
    else wrote the buyer's. The check-in is shared, as it always was visible to both.
    """
    CheckIn = apps.get_model("contracts", "CheckIn")
    Contribution = apps.get_model("contracts", "CheckInContribution")
    Membership = apps.get_model("accounts", "Membership")
    # Plain values, not instances: in this state `learning` is both a column and the
    # reverse name of learning entries, and building an instance would clash.
    rows = CheckIn.objects.values(
        "pk", "contract__provider_id", "written_by_id", "story", "went_well", "was_hard",
        "learning", "created_at",
    )
    for row in rows.iterator():
        provider_id = row["contract__provider_id"]
        side = "buyer"
        if provider_id and row["written_by_id"] and Membership.objects.filter(
            user_id=row["written_by_id"], organisation_id=provider_id
        ).exists():
            side = "provider"
        Contribution.objects.create(
            checkin_id=row["pk"],
            side=side,
            story=row["story"],
            went_well=row["went_well"],
            was_hard=row["was_hard"],
            learning=row["learning"],
            author_id=row["written_by_id"],
            submitted_at=row["created_at"],
        )
        CheckIn.objects.filter(pk=row["pk"]).update(
            status="published", published_at=row["created_at"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contracts", "0003_two_sided_checkins_kpis_and_learning"),
    ]

    operations = [
        migrations.RunPython(copy_checkins_into_contributions, migrations.RunPython.noop),
    ]
