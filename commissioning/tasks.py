from celery import shared_task

from commissioning.public_voice import services as public_voice


@shared_task(
    name="commissioning.send_comment_confirmation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_comment_confirmation(comment_id: int) -> bool:
    return public_voice.comment_confirmation_send(comment_id=comment_id)
