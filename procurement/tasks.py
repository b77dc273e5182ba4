from celery import shared_task
from django.utils import timezone

from procurement import award, services


@shared_task(name="procurement.send_deadline_reminders")
def send_deadline_reminders() -> int:
    # Safe to run as often as beat likes: each reminder has its own notification key.
    return services.deadline_reminders_send(now=timezone.now())


@shared_task(name="procurement.end_standstill_periods")
def end_standstill_periods() -> int:
    # Safe to run as often as beat likes: a moved tender is no longer in standstill.
    return award.standstill_ends_process(now=timezone.now())


@shared_task(name="procurement.issue_feedback_letters")
def issue_feedback_letters(tender_id: int) -> int:
    return award.feedback_letters_issue(tender_id=tender_id)


@shared_task(name="procurement.send_lived_experience_invitation")
def send_lived_experience_invitation(seat_id: int) -> bool:
    from procurement.lived_experience import lived_experience_invitation_send

    return lived_experience_invitation_send(seat_id=seat_id)


@shared_task(name="procurement.send_unsent_lived_experience_invitations")
def send_unsent_lived_experience_invitations() -> int:
    """The outbox sweep for lived-experience members' links; runs every minute from beat."""
    from procurement.lived_experience import lived_experience_invitations_catch_up

    return lived_experience_invitations_catch_up()
