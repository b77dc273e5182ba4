import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import AuditEvent
from social_value import services
from social_value.models import DeliveryReturn, ReturnStatus
from social_value.services import SocialValueInvalid
from tests.contracts.factories import ContractFactory, InHouseContractFactory
from tests.social_value.factories import (
    CommitmentFactory,
    DeliveryReturnFactory,
    MeasureFactory,
)

pytestmark = pytest.mark.django_db


def test_commitment_add_takes_the_unit_from_the_measure(commissioner, council):
    contract = ContractFactory(organisation=council)
    measure = MeasureFactory(unit="apprenticeships")

    commitment = services.commitment_add(
        contract=contract,
        measure=measure,
        quantity=Decimal("12"),
        period="each year",
        by=commissioner,
    )

    assert commitment.unit == "apprenticeships"
    assert commitment.contract == contract and commitment.period == "each year"
    assert AuditEvent.objects.filter(verb="created", target_id=str(commitment.pk)).exists()


def test_commitment_needs_a_positive_amount(contract_manager, council):
    with pytest.raises(SocialValueInvalid, match="more than 0"):
        services.commitment_add(
            contract=ContractFactory(organisation=council),
            measure=MeasureFactory(),
            quantity=0,
            period="",
            by=contract_manager,
        )


@pytest.mark.parametrize("role_fixture", ["viewer", "supplier_user", "other_commissioner"])
def test_only_the_buyers_managers_add_commitments(request, role_fixture, council, supplier_org):
    contract = ContractFactory(organisation=council, provider=supplier_org)
    with pytest.raises(PermissionDenied):
        services.commitment_add(
            contract=contract,
            measure=MeasureFactory(),
            quantity=1,
            period="",
            by=request.getfixturevalue(role_fixture),
        )


def test_asking_for_returns_twice_for_one_period_creates_them_once(contract_manager, council):
    contract = ContractFactory(organisation=council)
    CommitmentFactory.create_batch(2, contract=contract)
    due = datetime.date(2027, 7, 31)

    first = services.returns_request(
        contract=contract, period="Q1", due_date=due, by=contract_manager
    )
    second = services.returns_request(
        contract=contract, period="Q1", due_date=due, by=contract_manager
    )

    assert len(first) == 2 and second == []
    assert DeliveryReturn.objects.count() == 2


def test_provider_submits_and_manager_verifies(
    supplier_user, contract_manager, council, supplier_org
):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org)
        )
    )
    delivery_return = services.return_submit(
        delivery_return=delivery_return,
        quantity_delivered=5,
        evidence="Payroll list",
        by=supplier_user,
    )
    assert delivery_return.status == ReturnStatus.SUBMITTED
    delivery_return = services.return_verify(delivery_return=delivery_return, by=contract_manager)
    assert delivery_return.status == ReturnStatus.VERIFIED
    assert delivery_return.reviewed_by == contract_manager


def test_queried_return_can_be_submitted_again(
    supplier_user, contract_manager, council, supplier_org
):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org)
        )
    )
    services.return_submit(
        delivery_return=delivery_return, quantity_delivered=5, evidence="List", by=supplier_user
    )
    services.return_query(delivery_return=delivery_return, note="Which weeks?", by=contract_manager)
    again = services.return_submit(
        delivery_return=delivery_return,
        quantity_delivered=4,
        evidence="Weeks 1 to 12",
        by=supplier_user,
    )
    assert again.status == ReturnStatus.SUBMITTED and again.quantity_delivered == 4


def test_other_supplier_cannot_submit_a_return(other_supplier_user, council, supplier_org):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org)
        )
    )
    with pytest.raises(PermissionDenied):
        services.return_submit(
            delivery_return=delivery_return,
            quantity_delivered=1,
            evidence="x",
            by=other_supplier_user,
        )


def test_supplier_cannot_verify_its_own_return(supplier_user, council, supplier_org):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org)
        ),
    )
    DeliveryReturn.objects.filter(pk=delivery_return.pk).update(status=ReturnStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.return_verify(delivery_return=delivery_return, by=supplier_user)


def test_in_house_team_returns_are_submitted_by_the_contract_manager(contract_manager, council):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(contract=InHouseContractFactory(organisation=council))
    )
    submitted = services.return_submit(
        delivery_return=delivery_return, quantity_delivered=3, evidence="Rota", by=contract_manager
    )
    assert submitted.status == ReturnStatus.SUBMITTED


def test_return_needs_evidence(supplier_user, council, supplier_org):
    delivery_return = DeliveryReturnFactory(
        commitment=CommitmentFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org)
        )
    )
    with pytest.raises(SocialValueInvalid, match="evidence") as error:
        services.return_submit(
            delivery_return=delivery_return, quantity_delivered=1, evidence=" ", by=supplier_user
        )
    assert error.value.field == "evidence"
