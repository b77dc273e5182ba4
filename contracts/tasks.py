from celery import shared_task
from django.utils import timezone

from contracts import reminders


@shared_task(name="contracts.send_reminders")
def send_reminders() -> int:
    # Safe to run as often as beat likes: each reminder has its own notification key.
    return reminders.all_reminders_send(today=timezone.localdate())
