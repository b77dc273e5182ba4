from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.models import Invitation, Notification
from tests.factories import OrganisationFactory, UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    key = factory.Sequence(lambda n: f"test-notification-{n}")
    subject = factory.Sequence(lambda n: f"Tender {n} has a new question")
    body = "A supplier asked how many estates the service covers."
    url = ""


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = "commissioner"
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
