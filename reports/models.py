"""PDF reports rendered in the background."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import Organisation


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Report(models.Model):
    """A PDF of one record (a tender pack, a specification…), rendered by a Celery task."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reports", null=True, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.CharField(max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED, editable=False
    )
    file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The outbox sweep (`reports_waiting_resend`, every minute): only the reports
            # not yet finished, oldest first.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status__in=[ReportStatus.QUEUED, ReportStatus.RENDERING]),
                name="report_unfinished_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in {ReportStatus.READY, ReportStatus.FAILED}

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def has_failed(self) -> bool:
        return self.status == ReportStatus.FAILED
