from celery import shared_task

from accounts import services


@shared_task(
    name="accounts.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task(
    name="accounts.send_invitation_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation_email(invitation_id: int) -> None:
    services.invitation_email_send(invitation_id=invitation_id)


@shared_task(name="accounts.send_unsent_emails")
def send_unsent_emails() -> int:
    """The outbox sweep: email the notifications whose email never went (the broker was
    down when they were made, or the task was lost). Runs every minute from beat."""
    return services.notification_emails_catch_up()
