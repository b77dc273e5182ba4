"""The learning log is the buyer's: the provider reads only the entries the buyer published,
on the contract page and in the contract performance PDF."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import LearningEntry
from reports import services as report_services
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

UNPUBLISHED = "The rota broke down when two volunteers left"
PUBLISHED = "Short weekly calls beat long monthly meetings"


@pytest.fixture
def contract(council, supplier_org, contract_manager):
    contract = ContractFactory(
        organisation=council, provider=supplier_org, contract_manager=contract_manager
    )
    for title, is_public in ((UNPUBLISHED, False), (PUBLISHED, True)):
        LearningEntry.objects.create(
            organisation=council, contract=contract, title=title, body="…", is_public=is_public
        )
    return contract


def test_the_provider_sees_only_published_learning_on_the_contract_page(
    client, contract, supplier_user
):
    client.force_login(supplier_user)

    response = client.get(reverse("contracts:contract_detail", args=[contract.pk]))

    assertContains(response, PUBLISHED)
    assertNotContains(response, UNPUBLISHED)


@pytest.mark.parametrize("person", ["contract_manager", "viewer"])
def test_the_buyers_people_see_all_the_contracts_learning(client, request, contract, person):
    client.force_login(request.getfixturevalue(person))

    response = client.get(reverse("contracts:contract_detail", args=[contract.pk]))

    assertContains(response, PUBLISHED)
    assertContains(response, UNPUBLISHED)


@pytest.mark.parametrize(
    ("person", "sees_unpublished"), [("supplier_user", False), ("viewer", True)]
)
def test_the_performance_pdf_shows_the_learning_its_reader_may_read(
    request, contract, person, sees_unpublished
):
    report = report_services.report_request(
        kind="contract_performance", target=contract, requested_by=request.getfixturevalue(person)
    )

    html = report_services.report_html(report)

    assert PUBLISHED in html
    assert (UNPUBLISHED in html) is sees_unpublished
