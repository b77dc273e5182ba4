import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains

from social_value.charts import amount
from social_value.models import DeliveryReturn, ReturnStatus
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import ContractFactory
from tests.dates import date_fields
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contract(council, supplier_org):
    return ContractFactory(organisation=council, provider=supplier_org)


def _page(contract):
    return reverse("social_value:contract_social_value", args=[contract.pk])


@pytest.mark.parametrize(
    ("role_fixture", "expected"),
    [
        ("contract_manager", 200),
        ("viewer", 200),
        ("supplier_user", 200),
        ("other_supplier_user", 404),
        ("other_commissioner", 404),
    ],
)
def test_social_value_page_by_role(client, request, role_fixture, expected, contract):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(_page(contract)).status_code == expected


@pytest.mark.parametrize("role_fixture", ["other_supplier_user", "other_commissioner"])
def test_outsiders_cannot_see_a_return(client, request, role_fixture, contract):
    delivery_return = DeliveryReturnFactory(commitment=CommitmentFactory(contract=contract))
    client.force_login(request.getfixturevalue(role_fixture))
    url = reverse("social_value:return_detail", args=[delivery_return.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(
            url, {"action": "submit", "quantity_delivered": "3", "evidence": "x"}
        ).status_code
        == 404
    )


def test_manager_adds_a_commitment_and_asks_for_returns(client, contract, contract_manager):
    measure = MeasureFactory(unit="apprenticeships")
    client.force_login(contract_manager)
    response = client.post(
        reverse("social_value:commitment_create", args=[contract.pk]),
        {"measure": measure.pk, "quantity": "4", "period": "each year"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("social_value:returns_request", args=[contract.pk]),
        {
            "returns-period": "April to June 2027",
            **date_fields("returns-due_date", datetime.date(2027, 7, 31)),
        },
    )
    assert response.status_code == 302
    assert DeliveryReturn.objects.get().commitment.unit == "apprenticeships"


def test_asking_for_returns_without_a_month_keeps_the_typing(client, contract, contract_manager):
    CommitmentFactory(contract=contract)
    client.force_login(contract_manager)
    response = client.post(
        reverse("social_value:returns_request", args=[contract.pk]),
        {"returns-period": "Q1", **date_fields("returns-due_date", ("31", "", "2027"))},
    )
    assertContains(
        response, 'href="#id_returns-due_date_1">Date the return is due must include a month'
    )
    assertContains(response, 'name="returns-due_date_0" value="31"')
    assertContains(response, 'name="returns-due_date_2" value="2027"')
    assert not DeliveryReturn.objects.exists()


def test_provider_cannot_add_commitments(client, contract, supplier_user):
    client.force_login(supplier_user)
    response = client.post(
        reverse("social_value:commitment_create", args=[contract.pk]),
        {"measure": MeasureFactory().pk, "quantity": "4"},
    )
    assert response.status_code == 404


@time_machine.travel("2027-08-01 12:00:00+01:00", tick=False)
def test_provider_submits_and_manager_verifies_then_chart_shows_delivered(
    client, contract, supplier_user, contract_manager
):
    commitment = CommitmentFactory(contract=contract, quantity=10)
    delivery_return = DeliveryReturnFactory(commitment=commitment)
    url = reverse("social_value:return_detail", args=[delivery_return.pk])

    client.force_login(supplier_user)
    assert client.post(url, {"action": "verify"}).status_code == 404
    client.post(url, {"action": "submit", "quantity_delivered": "4", "evidence": "Payroll"})
    delivery_return.refresh_from_db()
    assert delivery_return.status == ReturnStatus.SUBMITTED

    client.force_login(contract_manager)
    client.post(url, {"action": "verify"})
    delivery_return.refresh_from_db()
    assert delivery_return.status == ReturnStatus.VERIFIED

    response = client.get(_page(contract))
    html = response.content.decode()
    assert 'role="img"' in html and "Delivered as a share of the promise (%)" in html
    unit = commitment.unit or commitment.measure.unit
    [row] = response.context["chart"].table.rows
    assert row[1:3] == [amount(10, unit), amount(4, unit)]
    assert (
        f'<td class="govuk-table__cell govuk-table__cell--numeric">{amount(4, unit)}</td>' in html
    )


def test_submit_errors_show_beside_the_field(client, contract, supplier_user):
    delivery_return = DeliveryReturnFactory(commitment=CommitmentFactory(contract=contract))
    client.force_login(supplier_user)
    response = client.post(
        reverse("social_value:return_detail", args=[delivery_return.pk]),
        {"action": "submit", "quantity_delivered": "", "evidence": ""},
    )
    html = response.content.decode()
    assert "There is a problem" in html and 'href="#id_quantity_delivered"' in html


def test_summary_by_mission_adds_up_verified_returns(
    client, council, contract_manager, supplier_org
):
    mission = MissionFactory(organisation=council)
    measure = MeasureFactory(name="Local people employed")
    counted = ContractFactory(organisation=council, provider=supplier_org)
    counted.missions.add(mission)
    other = ContractFactory(organisation=council, provider=supplier_org)
    for contract in (counted, other):
        commitment = CommitmentFactory(contract=contract, measure=measure, quantity=5)
        DeliveryReturn.objects.create(
            commitment=commitment,
            period="Q1",
            due_date=datetime.date(2027, 7, 1),
            status=ReturnStatus.VERIFIED,
            quantity_delivered=2,
        )
    client.force_login(contract_manager)
    response = client.get(reverse("social_value:summary"), {"mission": mission.pk})
    [row] = response.context["rows"]
    assert (row.promised, row.delivered) == (5, 2)
    [row] = client.get(reverse("social_value:summary")).context["rows"]
    assert (row.promised, row.delivered) == (10, 4)


def test_supplier_summary_covers_only_its_own_contracts(
    client, council, supplier_org, other_supplier_org, supplier_user
):
    CommitmentFactory(
        contract=ContractFactory(organisation=council, provider=supplier_org), quantity=3
    )
    CommitmentFactory(
        contract=ContractFactory(organisation=council, provider=other_supplier_org), quantity=7
    )
    client.force_login(supplier_user)
    rows = client.get(reverse("social_value:summary")).context["rows"]
    assert [row.promised for row in rows] == [3]


@pytest.fixture
def private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return tmp_path


def test_evidence_file_is_checked_stored_privately_and_downloaded_by_the_two_sides_only(
    client, contract, supplier_user, contract_manager, other_supplier_user, private_media
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    delivery_return = DeliveryReturnFactory(commitment=CommitmentFactory(contract=contract))
    url = reverse("social_value:return_detail", args=[delivery_return.pk])
    client.force_login(supplier_user)

    fake = SimpleUploadedFile("payroll.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(
        url, {"action": "submit", "quantity_delivered": "2", "evidence_file": fake}
    )
    assert "is not a real PDF" in response.content.decode()

    real = SimpleUploadedFile("payroll.pdf", b"%PDF-1.4 payroll", content_type="application/pdf")
    client.post(url, {"action": "submit", "quantity_delivered": "2", "evidence_file": real})
    delivery_return.refresh_from_db()
    assert delivery_return.status == ReturnStatus.SUBMITTED
    assert "payroll" not in delivery_return.evidence_file.name  # a generated name

    download = reverse("social_value:evidence_download", args=[delivery_return.pk])
    client.force_login(contract_manager)
    response = client.get(download)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    client.force_login(other_supplier_user)
    assert client.get(download).status_code == 404


def test_a_refused_question_about_a_return_keeps_what_was_typed(client, contract, contract_manager):
    """The return is not submitted yet, so there is nothing to query; the page says why
    and keeps the question."""
    delivery_return = DeliveryReturnFactory(commitment=CommitmentFactory(contract=contract))
    client.force_login(contract_manager)
    response = client.post(
        reverse("social_value:return_detail", args=[delivery_return.pk]),
        {"action": "query", "note": "Which payroll month is this?"},
    )
    assertContains(response, "There is a problem")
    assertContains(response, "Which payroll month is this?")
    delivery_return.refresh_from_db()
    assert (delivery_return.status, delivery_return.query_note) == (ReturnStatus.DUE, "")
