from celery import shared_task
from django.utils import timezone

from social_value import reminders


@shared_task(name="social_value.send_return_reminders")
def send_return_reminders() -> int:
    # Safe to run as often as beat likes: each reminder has its own notification key.
    return reminders.return_reminders_send(today=timezone.localdate())
