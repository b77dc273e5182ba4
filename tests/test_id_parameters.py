"""An id in a query string or a posted field is read only when it is made of decimal
digits, exactly what int() reads: "²" passes str.isdigit() but not int(), and once gave a
server error. Such an id is treated as no id at all, and the page answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.ids import id_from
from tests.commissioning.factories import CommissionFactory, SpecificationFactory
from tests.contracts.factories import ContractFactory

pytestmark = pytest.mark.django_db

NOT_AN_ID = "²"


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [
        ("commissioning:need_list", "mission"),
        ("commissioning:need_list", "place"),
        ("commissioning:commission_list", "mission"),
        ("commissioning:commission_list", "place"),
        ("commissioning:need_create", "mission"),
        ("commissioning:place_create", "parent"),
        ("commissioning:commission_create", "need"),
        ("social_value:summary", "mission"),
        ("social_value:summary", "supplier"),
    ],
)
def test_a_list_or_new_form_ignores_an_id_that_is_not_a_number(
    client: Any, commissioner: Any, url_name: str, parameter: str
) -> None:
    client.force_login(commissioner)
    response = client.get(reverse(url_name), {parameter: NOT_AN_ID})
    assert response.status_code == 200


def test_past_learning_and_a_cited_comment_ignore_an_id_that_is_not_a_number(
    client: Any, commissioner: Any, council: Any
) -> None:
    commission = CommissionFactory(organisation=council)
    SpecificationFactory(commission=commission)
    client.force_login(commissioner)
    learned = client.get(
        reverse("learning:learned_before", args=[commission.pk]), {"section": NOT_AN_ID}
    )
    assert learned.status_code == 200
    specification = client.get(
        reverse("commissioning:specification_detail", args=[commission.pk]), {"cite": NOT_AN_ID}
    )
    assert specification.status_code == 200
    pinned = client.post(reverse("learning:pin", args=[commission.pk]), {"lesson": NOT_AN_ID})
    assert pinned.status_code == 404


def test_a_learning_entry_from_a_check_in_ignores_a_check_in_that_is_not_a_number(
    client: Any, contract_manager: Any, council: Any
) -> None:
    contract = ContractFactory(organisation=council)
    client.force_login(contract_manager)
    response = client.get(
        reverse("contracts:learning_create", args=[contract.pk]), {"checkin": NOT_AN_ID}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("42", 42),
        ("007", 7),
        ("", None),
        (None, None),
        ("²", None),
        ("4²", None),
        ("-3", None),
        (" 5", None),
        ("1" * 19, int("1" * 19)),
        ("1" * 20, None),
        ("9" * 5000, None),
    ],
)
def test_id_from_reads_decimal_digits_only(typed: str | None, read: int | None) -> None:
    assert id_from(typed) == read
