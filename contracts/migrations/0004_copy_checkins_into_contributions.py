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
    for checkin in CheckIn.objects.select_related("contract").iterator():
        provider_id = checkin.contract.provider_id
        side = "buyer"
        if provider_id and checkin.written_by_id and Membership.objects.filter(
            user_id=checkin.written_by_id, organisation_id=provider_id
        ).exists():
            side = "provider"
        Contribution.objects.create(
            checkin=checkin,
            side=side,
            story=checkin.story,
            went_well=checkin.went_well,
            was_hard=checkin.was_hard,
            learning=checkin.learning,
            author_id=checkin.written_by_id,
            submitted_at=checkin.created_at,
        )
        checkin.status = "published"
        checkin.published_at = checkin.created_at
        checkin.save(update_fields=["status", "published_at"])



class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contracts", "0003_two_sided_checkins_kpis_and_learning"),
    ]

    operations = [
        migrations.RunPython(copy_checkins_into_contributions, migrations.RunPython.noop),
    ]
