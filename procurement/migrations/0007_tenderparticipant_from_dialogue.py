"""TenderParticipant moves from dialogue to procurement, which the bid rules depend on.

Only Django's record of the models changes: the table keeps its name
(dialogue_tenderparticipant), its columns, indexes and constraints. dialogue's 0004
removes the model from dialogue's state once it is here. Audit events and permissions
point at the model's content type, so that row is renamed rather than replaced.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _rename_content_type(apps, schema_editor, *, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if content_type.objects.using(db).filter(app_label=target, model="tenderparticipant").exists():
        return
    content_type.objects.using(db).filter(app_label=source, model="tenderparticipant").update(
        app_label=target
    )


def content_type_to_procurement(apps, schema_editor):
    _rename_content_type(apps, schema_editor, source="dialogue", target="procurement")


def content_type_to_dialogue(apps, schema_editor):
    _rename_content_type(apps, schema_editor, source="procurement", target="dialogue")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_organisation_places_served"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("dialogue", "0003_market_engagement_clarifications_rounds"),
        ("procurement", "0006_tender_direct_award_justification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TenderParticipant",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("joined_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "withdrawn_at",
                            models.DateTimeField(blank=True, editable=False, null=True),
                        ),
                        (
                            "withdrawal_reason",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("timescale", "We could not meet the timescale"),
                                    ("risk", "Too much risk is transferred to the provider"),
                                    ("bid_cost", "The cost of bidding is too high"),
                                    ("price", "The budget is too low for what is asked"),
                                    ("capacity", "We do not have the capacity at the moment"),
                                    ("fit", "The specification no longer fits what we offer"),
                                    (
                                        "partners",
                                        "We could not form a partnership or consortium in time",
                                    ),
                                    ("other", "Another reason"),
                                ],
                                editable=False,
                                max_length=20,
                            ),
                        ),
                        ("withdrawal_detail", models.TextField(blank=True, editable=False)),
                        (
                            "joined_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "last_seen_version",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="commissioning.specificationversion",
                            ),
                        ),
                        (
                            "supplier",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="tender_participations",
                                to="accounts.organisation",
                            ),
                        ),
                        (
                            "tender",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="participants",
                                to="procurement.tender",
                            ),
                        ),
                        (
                            "withdrawn_by",
                            models.ForeignKey(
                                blank=True,
                                editable=False,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dialogue_tenderparticipant",
                        "ordering": ["joined_at", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("tender", "supplier"), name="participant_once_per_tender"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("withdrawn_at__isnull", True),
                                    models.Q(("withdrawal_reason", ""), _negated=True),
                                    _connector="OR",
                                ),
                                name="participant_withdrawal_has_reason",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_procurement, content_type_to_dialogue),
    ]
