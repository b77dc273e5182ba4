"""Background jobs for the supplier portal."""

from __future__ import annotations

from celery import shared_task

from dialogue import services


@shared_task(name="dialogue.sync_opportunity_index")
def sync_opportunity_index() -> int:
    """Every minute: new and changed tenders become findable, withdrawn ones disappear."""
    return services.opportunity_index_sync()


@shared_task(name="dialogue.refresh_opportunity")
def refresh_opportunity(tender_id: int) -> None:
    """Refresh one tender at once, for services that change a tender in public view."""
    services.opportunity_index_refresh(tender_id=tender_id)


@shared_task(name="dialogue.send_saved_search_alerts")
def send_saved_search_alerts() -> int:
    """Daily: email each saved search's new matching opportunities, once each."""
    return services.saved_search_alerts_send()


@shared_task(name="dialogue.send_clarification_reminders")
def send_clarification_reminders() -> int:
    """Remind the buyer of clarification questions unanswered for 2 working days, once each."""
    from django.utils import timezone

    from dialogue.clarifications.services import unanswered_clarification_reminders_send

    return unanswered_clarification_reminders_send(now=timezone.now())


@shared_task(name="dialogue.send_round_reminders")
def send_round_reminders() -> int:
    """Remind bidders of outline deadlines (3 days and 1 day before) and of booked meetings
    (the day before), once each."""
    from django.utils import timezone

    from dialogue.rounds.reminders import round_reminders_send

    return round_reminders_send(now=timezone.now())
