from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0004_copy_checkins_into_contributions"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='checkin',
            name='learning',
        ),
        migrations.RemoveField(
            model_name='checkin',
            name='story',
        ),
        migrations.RemoveField(
            model_name='checkin',
            name='was_hard',
        ),
        migrations.RemoveField(
            model_name='checkin',
            name='went_well',
        ),
        migrations.RemoveField(
            model_name='checkin',
            name='written_by',
        ),
    ]
