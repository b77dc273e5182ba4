"""The register's rows written in Python say exactly what the template loop said."""

from __future__ import annotations

import pytest
from django.template import engines

from contracts.selectors import register_page
from tests.contracts.factories import ActionFactory, ContractFactory, InHouseContractFactory

pytestmark = pytest.mark.django_db

TEMPLATE_LOOP = engines["django"].from_string(
    """    {% for contract in contracts %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'contracts:contract_detail' contract.pk %}">{{ contract.title }}</a></td>
      <td class="govuk-table__cell">{{ contract.get_kind_display }}</td>
      <td class="govuk-table__cell">{% if organisation.is_supplier %}{{ contract.organisation.name }}{% else %}{{ contract.provider_display }}{% endif %}</td>
      <td class="govuk-table__cell">{{ contract.contract_manager|default:"Not chosen" }}</td>
      <td class="govuk-table__cell">{% status_tag contract %}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">£{{ contract.value|floatformat:"-2g" }}</td>
      <td class="govuk-table__cell">{{ contract.end_date|uk_date }}</td>
      <td class="govuk-table__cell govuk-table__cell--numeric">{{ contract.open_action_count }}</td>
    </tr>
    {% endfor %}"""
)
TAG = engines["django"].from_string(
    "{% load register_rows %}    {% register_rows contracts organisation %}"
)


@pytest.mark.parametrize("viewer", ["council", "supplier_org"])
def test_register_rows_match_the_template_they_replace(
    request, council, supplier_org, contract_manager, viewer, django_assert_num_queries
):
    ContractFactory(
        organisation=council,
        provider=supplier_org,
        title='Meals <for> "everyone" & more',
        contract_manager=contract_manager,
        value=1234567.5,
    )
    InHouseContractFactory(organisation=council, provider_name="Caretakers & <co>", value=12)
    ActionFactory(contract=ContractFactory(organisation=council, provider=supplier_org))
    organisation = request.getfixturevalue(viewer)
    contracts = list(register_page(organisation))
    assert contracts
    context = {"contracts": contracts, "organisation": organisation}
    with django_assert_num_queries(0):  # the page reads only its columns, and all it draws
        drawn = TAG.render(context)
    assert drawn == TEMPLATE_LOOP.render(context)
