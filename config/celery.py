"""The Celery app: broker and results on Redis; beat runs the periodic jobs below."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("kindred")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_periodic_jobs(sender: Celery, **kwargs: object) -> None:
    from django.conf import settings

    every = settings.REMINDER_INTERVAL_SECONDS
    sender.add_periodic_task(every, sender.signature("procurement.send_deadline_reminders"))
    sender.add_periodic_task(every, sender.signature("procurement.end_standstill_periods"))
    sender.add_periodic_task(every, sender.signature("contracts.send_reminders"))
    sender.add_periodic_task(every, sender.signature("social_value.send_return_reminders"))
    sender.add_periodic_task(60.0, sender.signature("dialogue.sync_opportunity_index"))
    # The outbox sweeps: work recorded while the broker was down is sent once it is back.
    sender.add_periodic_task(60.0, sender.signature("accounts.send_unsent_emails"))
    sender.add_periodic_task(60.0, sender.signature("reports.requeue_waiting_reports"))
    sender.add_periodic_task(60.0, sender.signature("contracts.send_unsent_voice_invitations"))
    sender.add_periodic_task(
        60.0, sender.signature("procurement.send_unsent_lived_experience_invitations")
    )
    sender.add_periodic_task(
        60.0, sender.signature("commissioning.send_unsent_comment_confirmations")
    )
    sender.add_periodic_task(86400.0, sender.signature("dialogue.send_saved_search_alerts"))
    sender.add_periodic_task(every, sender.signature("dialogue.send_clarification_reminders"))
    sender.add_periodic_task(every, sender.signature("dialogue.send_round_reminders"))
    sender.add_periodic_task(3600.0, sender.signature("learning.sync_index"))
    # UK GDPR storage limitation: public comments' email addresses are not kept past their time.
    sender.add_periodic_task(3600.0, sender.signature("commissioning.erase_expired_comment_data"))
