import pytest
from django.core.management import call_command

from accounts.models import Organisation, User
from contracts import demo
from contracts.models import (
    Action,
    CheckIn,
    CheckInContribution,
    Contract,
    HealthRating,
    Kpi,
    LearningEntry,
)

pytestmark = pytest.mark.django_db

COUNTED = [
    Contract,
    CheckIn,
    CheckInContribution,
    HealthRating,
    Action,
    Kpi,
    LearningEntry,
]


def test_demo_adds_a_year_of_contract_management_and_runs_twice_safely(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    council = Organisation.objects.get(slug="northbridge")
    people = {user.email: user for user in User.objects.all()}

    # seed_demo ran the contracts demo once; a second run adds nothing.
    first = {model.__name__: model.objects.count() for model in COUNTED}
    demo.load(council=council, people=people)
    second = {model.__name__: model.objects.count() for model in COUNTED}

    assert first == second
    # The whole demo also records past lessons for the learning index; these are the
    # contracts demo's own four and more.
    assert first["Contract"] >= 4 and first["LearningEntry"] >= 4
    kinds = set(Contract.objects.values_list("kind", flat=True))
    assert {"grant", "in_house", "tendered"} <= kinds
    # Every awarded contract serves missions, places and outcomes, as the award leaves it.
    for awarded in Contract.objects.filter(kind="tendered"):
        assert awarded.missions.exists(), awarded
        assert awarded.places.exists(), awarded
        assert awarded.outcomes.exists(), awarded
    # The pages render with the demo data, for the manager and for a provider.
    manager = people["contracts@northbridge.example"]
    client.force_login(manager)
    for contract in Contract.objects.all():
        assert client.get(f"/contracts/{contract.pk}/").status_code == 200
