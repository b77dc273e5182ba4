from celery import shared_task

from commissioning.public_voice import privacy
from commissioning.public_voice import services as public_voice


@shared_task(
    name="commissioning.send_comment_confirmation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_comment_confirmation(comment_id: int) -> bool:
    return public_voice.comment_confirmation_send(comment_id=comment_id)


@shared_task(name="commissioning.erase_expired_comment_data")
def erase_expired_comment_data() -> dict[str, int]:
    """Beat runs this hourly: delete comments never confirmed and erase email addresses
    kept past their time (`public_voice/privacy.py`). Idempotent and batched."""
    result = privacy.comment_data_erase_expired()
    return {"deleted": result.deleted, "erased": result.erased}


@shared_task(name="commissioning.send_unsent_comment_confirmations")
def send_unsent_comment_confirmations() -> int:
    """The outbox sweep for public comments' confirmation emails; runs every minute from beat."""
    return public_voice.comment_confirmations_catch_up()
