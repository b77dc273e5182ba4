from __future__ import annotations

from typing import Any

import pytest

from api import services


@pytest.fixture
def council_token(council: Any, council_admin: Any) -> str:
    return services.api_token_create(organisation=council, name="Finance", by=council_admin).secret


@pytest.fixture
def supplier_admin(supplier_org: Any) -> Any:
    from tests.factories import MembershipFactory, UserFactory

    user = UserFactory(full_name="Ash Supplier-Admin")
    MembershipFactory(user=user, organisation=supplier_org, role="admin")
    return user


@pytest.fixture
def supplier_token(supplier_org: Any, supplier_admin: Any) -> str:
    return services.api_token_create(
        organisation=supplier_org, name="Invoices", by=supplier_admin
    ).secret


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
