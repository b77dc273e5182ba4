import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Organisation, User
from commissioning.models import Mission, Need
from contracts.models import CheckIn, Contract
from procurement.models import Bid, Tender

pytestmark = pytest.mark.django_db

COUNTED = [Organisation, User, Membership, Mission, Need, Tender, Bid, Contract, CheckIn]


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_twice_creates_nothing_new(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = {model.__name__: model.objects.count() for model in COUNTED}
    call_command("seed_demo")
    second = {model.__name__: model.objects.count() for model in COUNTED}
    assert first == second
    assert first["Mission"] == 4


def test_seed_demo_people_sign_in_with_the_demo_password(client, settings, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "a-chosen-demo-password")
    call_command("seed_demo", "--force")
    assert client.login(email="commissioner@northbridge.example", password="a-chosen-demo-password")
    kinds = set(Organisation.objects.filter(kind="supplier").values_list("supplier_type", flat=True))
    assert {"micro", "charity", "social_enterprise", "large"} <= kinds
