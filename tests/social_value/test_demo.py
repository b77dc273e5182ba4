import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from accounts.models import Organisation, User
from contracts.models import Contract
from social_value import demo
from social_value.models import Commitment, DeliveryReturn, ReturnStatus

pytestmark = pytest.mark.django_db


def test_demo_adds_promises_and_returns_to_the_demo_contracts_and_runs_twice_safely(
    settings, client
):
    settings.DEBUG = True
    call_command("seed_demo")
    council = Organisation.objects.get(slug="northbridge")
    people = {user.email: user for user in User.objects.all()}

    # seed_demo ran the social value demo once; a second run adds nothing.
    first = (Commitment.objects.count(), DeliveryReturn.objects.count())
    demo.load(council=council, people=people)

    assert (Commitment.objects.count(), DeliveryReturn.objects.count()) == first
    assert first[0] >= 6
    statuses = set(DeliveryReturn.objects.values_list("status", flat=True))
    assert {ReturnStatus.DUE, ReturnStatus.SUBMITTED, ReturnStatus.VERIFIED} <= statuses
    # The social value page renders with the demo data.
    client.force_login(people["contracts@northbridge.example"])
    for contract in Contract.objects.filter(commitments__isnull=False).distinct():
        assert client.get(f"/social-value/contracts/{contract.pk}/").status_code == 200
        # The contract page shows the promises through the social value tag.
        assertContains(client.get(f"/contracts/{contract.pk}/"), "Delivered (verified)")
