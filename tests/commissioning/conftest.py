"""Commissioning records in the council of tests/conftest.py, made through the services."""

from __future__ import annotations

from typing import Any

import pytest

from commissioning import services
from commissioning.specifications import services as spec_services


@pytest.fixture
def mission(council: Any, commissioner: Any):
    return services.mission_create(
        organisation=council,
        title="Everyone eats well",
        statement="By 2030, everyone in Northbridge eats well every day.",
        by=commissioner,
    )


@pytest.fixture
def need(council: Any, commissioner: Any, mission: Any):
    return services.need_create(
        organisation=council,
        title="Fresh food near home",
        description="Families on the estates cannot buy fresh food within walking distance.",
        population_group="Families on the estates",
        missions=[mission],
        by=commissioner,
    )


@pytest.fixture
def commission(council: Any, commissioner: Any, need: Any, mission: Any):
    return services.commission_create(
        organisation=council,
        title="Community food hubs",
        summary="Food hubs on three estates, run with residents.",
        needs=[need],
        missions=[mission],
        by=commissioner,
    )


@pytest.fixture
def specification(commission: Any, commissioner: Any):
    return spec_services.specification_create(commission=commission, by=commissioner)


@pytest.fixture
def other_council_commission(other_council: Any, other_commissioner: Any):
    return services.commission_create(
        organisation=other_council,
        title="Southvale meals",
        summary="Meals at home.",
        by=other_commissioner,
    )
