from celery import shared_task
from django.utils import timezone

from procurement import services


@shared_task(name="procurement.send_deadline_reminders")
def send_deadline_reminders() -> int:
    # Safe to run as often as beat likes: each reminder has its own notification key.
    return services.deadline_reminders_send(now=timezone.now())
