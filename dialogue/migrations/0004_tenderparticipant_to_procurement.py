"""TenderParticipant now belongs to procurement (its 0007 takes it over, table and all).

Only Django's record of the models changes: the message thread's foreign key points at
procurement.TenderParticipant and dialogue forgets the model. Nothing in the database
changes.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialogue", "0003_market_engagement_clarifications_rounds"),
        ("procurement", "0007_tenderparticipant_from_dialogue"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="tendermessage",
                    name="participant",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="messages",
                        to="procurement.tenderparticipant",
                    ),
                ),
                migrations.DeleteModel(name="TenderParticipant"),
            ],
            database_operations=[],
        ),
    ]
