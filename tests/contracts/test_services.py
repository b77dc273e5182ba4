import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from contracts import services
from contracts.models import CheckIn, Contract, ContractStatus
from contracts.services import ContractInvalid
from tests.commissioning.factories import MissionFactory, PlaceFactory
from tests.contracts.factories import ContractFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 4, 1)
END = datetime.date(2029, 3, 31)


def _create(by, organisation, **overrides):
    fields = {
        "organisation": organisation,
        "title": "School holiday meals",
        "kind": "in_house",
        "provider_name": "Catering team",
        "value": Decimal("250000"),
        "start_date": START,
        "end_date": END,
        "by": by,
    }
    fields.update(overrides)
    return services.contract_create(**fields)


# --- contract_create -----------------------------------------------------------------------
def test_contract_manager_adds_in_house_agreement_with_missions_and_audit(
    contract_manager, council
):
    mission = MissionFactory(organisation=council)
    place = PlaceFactory(organisation=council)

    contract = _create(
        contract_manager,
        council,
        contract_manager=contract_manager,
        missions=[mission],
        places=[place],
    )

    assert contract.status == ContractStatus.MOBILISING
    assert contract.provider_display == "Catering team"
    assert list(contract.missions.all()) == [mission]
    assert list(contract.places.all()) == [place]
    assert AuditEvent.objects.filter(verb="created", target_id=str(contract.pk)).exists()


@pytest.mark.parametrize("role_fixture", ["commissioner", "council_admin", "contract_manager"])
def test_managers_may_add_contracts(request, role_fixture, council):
    person = request.getfixturevalue(role_fixture)
    assert _create(person, council).pk


@pytest.mark.parametrize(
    "role_fixture", ["viewer", "evaluator", "other_commissioner", "supplier_user"]
)
def test_others_cannot_add_contracts(request, role_fixture, council):
    person = request.getfixturevalue(role_fixture)
    with pytest.raises(PermissionDenied):
        _create(person, council)
    assert not Contract.objects.exists()


def test_grant_with_a_provider_organisation(commissioner, council, supplier_org):
    contract = _create(commissioner, council, kind="grant", provider=supplier_org, provider_name="")
    assert contract.provider == supplier_org


def test_end_date_before_start_is_refused(contract_manager, council):
    with pytest.raises(ContractInvalid, match="end date must be the same as or after") as error:
        _create(contract_manager, council, end_date=START - datetime.timedelta(days=1))
    assert error.value.field == "end_date"


def test_a_one_day_agreement_is_allowed(contract_manager, council):
    assert _create(contract_manager, council, end_date=START).end_date == START


def test_provider_and_team_name_together_are_refused(contract_manager, council, supplier_org):
    with pytest.raises(ContractInvalid, match="not both"):
        _create(contract_manager, council, kind="grant", provider=supplier_org)


def test_a_provider_is_required(contract_manager, council):
    with pytest.raises(ContractInvalid, match="Choose a provider organisation") as error:
        _create(contract_manager, council, provider_name="  ")
    assert error.value.field == "provider"


def test_in_house_agreement_is_with_a_team_not_an_organisation(
    contract_manager, council, supplier_org
):
    with pytest.raises(ContractInvalid, match="in-house service agreement"):
        _create(contract_manager, council, provider=supplier_org, provider_name="")


def test_tendered_contract_needs_a_supplier(contract_manager, council):
    with pytest.raises(ContractInvalid, match="supplier that won it"):
        _create(contract_manager, council, kind="tendered")


def test_negative_value_is_refused(contract_manager, council):
    with pytest.raises(ContractInvalid, match="£0 or more"):
        _create(contract_manager, council, value=Decimal("-1"))


def test_missions_of_another_council_are_refused(contract_manager, council, other_council):
    with pytest.raises(ContractInvalid, match="missions that belong to") as error:
        _create(contract_manager, council, missions=[MissionFactory(organisation=other_council)])
    assert error.value.field == "missions"


def test_places_of_another_council_are_refused(contract_manager, council, other_council):
    with pytest.raises(ContractInvalid, match="places that belong to"):
        _create(contract_manager, council, places=[PlaceFactory(organisation=other_council)])


def test_contract_manager_must_hold_that_role_at_the_buyer(contract_manager, council, viewer):
    with pytest.raises(ContractInvalid, match="contract manager") as error:
        _create(contract_manager, council, contract_manager=viewer)
    assert error.value.field == "contract_manager"


def test_suppliers_cannot_hold_contracts_in_a_register(supplier_org):
    admin = UserFactory()
    MembershipFactory(user=admin, organisation=supplier_org, role="admin")
    # A supplier's administrator holds no buyer power, so the rule refuses before the
    # register's own check would.
    with pytest.raises(PermissionDenied):
        _create(admin, supplier_org)


def test_award_service_can_create_tendered_contract_with_tender(
    commissioner, council, supplier_org
):
    from tests.procurement.factories import TenderFactory

    tender = TenderFactory(organisation=council)
    contract = _create(
        commissioner,
        council,
        kind="tendered",
        provider=supplier_org,
        provider_name="",
        tender=tender,
        commission=tender.commission,
    )
    assert contract.tender == tender and contract.commission == tender.commission


def test_tender_of_another_council_is_refused(commissioner, council, other_council, supplier_org):
    from tests.procurement.factories import TenderFactory

    with pytest.raises(ContractInvalid, match="tender that belongs"):
        _create(
            commissioner,
            council,
            kind="tendered",
            provider=supplier_org,
            provider_name="",
            tender=TenderFactory(organisation=other_council),
        )


# --- lifecycle -----------------------------------------------------------------------------
# Every source and target pair of every lifecycle is tested in tests/test_lifecycles.py.
def test_contract_runs_from_mobilising_to_expired_with_an_extension(contract_manager, council):
    contract = ContractFactory(organisation=council, end_date=END)
    services.contract_start(contract=contract, by=contract_manager)
    new_end = END + datetime.timedelta(days=365)
    contract = services.contract_extend(
        contract=contract, new_end_date=new_end, by=contract_manager
    )
    assert contract.status == ContractStatus.IN_EXTENSION
    assert Contract.objects.get(pk=contract.pk).end_date == new_end
    contract = services.contract_expire(contract=contract, by=contract_manager)
    assert contract.status == ContractStatus.EXPIRED


def test_extension_must_move_the_end_date_later(contract_manager, council):
    contract = ContractFactory(organisation=council, status=ContractStatus.ACTIVE)
    with pytest.raises(ContractInvalid, match="must be after"):
        services.contract_extend(
            contract=contract, new_end_date=contract.end_date, by=contract_manager
        )
    assert Contract.objects.get(pk=contract.pk).status == ContractStatus.ACTIVE


def test_ending_early_keeps_the_reason(contract_manager, council):
    contract = ContractFactory(organisation=council)
    services.contract_terminate(
        contract=contract, reason="The provider closed.", by=contract_manager
    )
    event = AuditEvent.objects.get(verb="status", target_id=str(contract.pk))
    assert event.changes["reason"] == "The provider closed."


def test_ending_early_needs_a_reason(contract_manager, council):
    contract = ContractFactory(organisation=council)
    with pytest.raises(ContractInvalid, match="why the contract is ending"):
        services.contract_terminate(contract=contract, reason=" ", by=contract_manager)


def test_provider_cannot_change_the_status(supplier_user, supplier_org, council):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    with pytest.raises(PermissionDenied):
        services.contract_start(contract=contract, by=supplier_user)


# --- check-ins -----------------------------------------------------------------------------
def _checkin(contract, by, **overrides):
    fields = {
        "contract": contract,
        "held_on": datetime.date(2027, 6, 30),
        "story": "Thirty children ate a hot lunch every day of the holiday.",
        "went_well": "Parents helped to cook.",
        "was_hard": "The van broke down twice.",
        "learning": "Keep a spare driver on call.",
        "by": by,
    }
    fields.update(overrides)
    return services.checkin_record(**fields)


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_contract_manager_records_a_checkin_with_audit(contract_manager, council):
    contract = ContractFactory(organisation=council)
    checkin = _checkin(contract, contract_manager)
    contribution = checkin.contributions.get()
    assert contribution.author == contract_manager and contribution.side == "buyer"
    assert contribution.learning == "Keep a spare driver on call."
    assert contribution.is_submitted
    assert AuditEvent.objects.filter(verb="created", target_id=str(checkin.pk)).exists()


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_supplier_may_write_a_checkin_on_its_own_contract(supplier_user, supplier_org, council):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    contribution = _checkin(contract, supplier_user).contributions.get()
    assert contribution.author == supplier_user and contribution.side == "provider"


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_other_supplier_cannot_write_a_checkin(other_supplier_user, supplier_org, council):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    with pytest.raises(PermissionDenied):
        _checkin(contract, other_supplier_user)
    assert not CheckIn.objects.exists()


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
@pytest.mark.parametrize("role_fixture", ["viewer", "evaluator", "other_commissioner"])
def test_people_who_only_read_cannot_write_a_checkin(request, role_fixture, council):
    contract = ContractFactory(organisation=council)
    with pytest.raises(PermissionDenied):
        _checkin(contract, request.getfixturevalue(role_fixture))


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_checkin_cannot_be_dated_in_the_future(contract_manager, council):
    contract = ContractFactory(organisation=council)
    with pytest.raises(ContractInvalid, match="today or in the past"):
        _checkin(contract, contract_manager, held_on=datetime.date(2027, 7, 2))


@time_machine.travel("2027-07-01 12:00:00+01:00", tick=False)
def test_checkin_needs_a_story(contract_manager, council):
    contract = ContractFactory(organisation=council)
    with pytest.raises(ContractInvalid, match="what happened") as error:
        _checkin(contract, contract_manager, story="   ")
    assert error.value.field == "story"
