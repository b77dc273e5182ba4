from celery import shared_task
from django.utils import timezone

from contracts import reminders


@shared_task(name="contracts.send_reminders")
def send_reminders() -> int:
    # Safe to run as often as beat likes: each reminder has its own notification key.
    return reminders.all_reminders_send(today=timezone.localdate())


@shared_task(
    name="contracts.send_voice_invitation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_voice_invitation(invitation_id: int) -> bool:
    from contracts.voices.services import voice_invitation_send

    return voice_invitation_send(invitation_id=invitation_id)


@shared_task(name="contracts.send_unsent_voice_invitations")
def send_unsent_voice_invitations() -> int:
    """The outbox sweep for voice invitations; runs every minute from beat."""
    from contracts.voices.services import voice_invitations_catch_up

    return voice_invitations_catch_up()
