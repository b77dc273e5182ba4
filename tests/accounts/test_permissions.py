"""Every rule in accounts/permissions.py as a table: who, doing what, to whose record."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import permissions
from procurement.models import Tender, TenderStatus
from reports.models import Report
from tests.commissioning.factories import MissionFactory
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.factories import MembershipFactory, UserFactory
from tests.procurement.factories import BidFactory, TenderFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "commissioner",
    "evaluator",
    "contract_manager",
    "viewer",
    "other_commissioner",
    "supplier",
    "supplier_admin",
    "other_supplier",
    "anonymous",
]
BUYER_STAFF = {"admin", "commissioner", "evaluator", "contract_manager"}
COUNCIL_MEMBERS = BUYER_STAFF | {"viewer"}
SUPPLIER_MEMBERS = {"supplier", "supplier_admin"}

# (action, object, the roles that may) — every other role in ROLES may not.
TABLE: list[tuple[str, str, set[str]]] = [
    ("organisation.view", "council", COUNCIL_MEMBERS),
    ("organisation.view", "supplier_org", SUPPLIER_MEMBERS),
    ("organisation.manage", "council", {"admin"}),
    ("organisation.manage", "supplier_org", {"supplier_admin"}),
    ("audit.view", "mission", BUYER_STAFF),
    ("audit.view", "other_council", {"other_commissioner"}),
    ("commissioning.view", "mission", COUNCIL_MEMBERS),
    ("commissioning.edit", "mission", {"admin", "commissioner"}),
    ("commissioning.comment", "mission", BUYER_STAFF),
    ("tender.manage", "draft_tender", {"admin", "commissioner"}),
    ("tender.view", "draft_tender", COUNCIL_MEMBERS),
    ("tender.view", "published_tender", set(ROLES)),
    ("tender.bid", "supplier_org", SUPPLIER_MEMBERS),
    ("tender.bid", "council", set()),
    ("saved_search.create", "supplier_org", SUPPLIER_MEMBERS),
    ("saved_search.create", "council", set()),
    ("bid.edit", "sealed_bid", SUPPLIER_MEMBERS),
    ("bid.read", "sealed_bid", SUPPLIER_MEMBERS),
    ("bid.read", "closed_unopened_bid", SUPPLIER_MEMBERS),
    # An evaluator reads bids only after declaring no conflict of interest on the panel.
    ("bid.read", "opened_bid", SUPPLIER_MEMBERS | {"admin", "commissioner"}),
    (
        "bid.read",
        "opened_bid_cleared_evaluator",
        SUPPLIER_MEMBERS | {"admin", "commissioner", "evaluator"},
    ),
    ("evaluation.score", "opened_bid_cleared_evaluator_tender", {"evaluator"}),
    ("evaluation.score", "opened_tender", set()),
    ("evaluation.view", "opened_tender", {"admin", "commissioner"}),
    (
        "evaluation.view",
        "opened_bid_cleared_evaluator_tender",
        {"admin", "commissioner", "evaluator"},
    ),
    ("evaluation.report", "opened_tender", {"admin", "commissioner"}),
    ("evaluation.report", "draft_tender", set()),
    ("feedback.read", "opened_bid", {"admin", "commissioner"}),
    ("feedback.read", "standstill_bid", SUPPLIER_MEMBERS | {"admin", "commissioner"}),
    ("contract.view", "contract", COUNCIL_MEMBERS | SUPPLIER_MEMBERS),
    ("contract.view", "in_house_contract", COUNCIL_MEMBERS),
    ("contract.provide", "contract", SUPPLIER_MEMBERS),
    ("contract.provide", "in_house_contract", {"admin", "commissioner", "contract_manager"}),
    ("contract.provider_reads", "contract", SUPPLIER_MEMBERS),
    ("contract.provider_reads", "in_house_contract", set()),
    ("contract.buyer_reads", "contract", COUNCIL_MEMBERS),
    ("checkin.report", "published_checkin", COUNCIL_MEMBERS | SUPPLIER_MEMBERS),
    ("checkin.report", "open_checkin", set()),
    ("contract.list", "council", COUNCIL_MEMBERS),
    ("contract.list", "supplier_org", SUPPLIER_MEMBERS),
    ("contract.manage", "contract", {"admin", "commissioner", "contract_manager"}),
    ("checkin.write", "contract", {"admin", "commissioner", "contract_manager"} | SUPPLIER_MEMBERS),
    ("checkin.write", "in_house_contract", {"admin", "commissioner", "contract_manager"}),
    ("report.view", "report_requested_by_supplier", BUYER_STAFF | {"supplier"}),
]

CASES = [
    pytest.param(role, action, target, role in allowed, id=f"{role}-{action}-{target}")
    for action, target, allowed in TABLE
    for role in ROLES
]


@pytest.fixture
def supplier_admin(supplier_org: Any):
    user = UserFactory(full_name="Ash Supplier-Admin")
    MembershipFactory(user=user, organisation=supplier_org, role="admin")
    return user


def _user(request: pytest.FixtureRequest, role: str) -> Any:
    fixture = {
        "admin": "council_admin",
        "supplier": "supplier_user",
        "other_supplier": "other_supplier_user",
    }.get(role, role)
    if role == "anonymous":
        return AnonymousUser()
    return request.getfixturevalue(fixture)


def _tender(council: Any, **fields: Any) -> Tender:
    return TenderFactory(organisation=council, **fields)


def _target(request: pytest.FixtureRequest, name: str) -> Any:
    council = request.getfixturevalue("council")
    supplier_org = request.getfixturevalue("supplier_org")
    now = timezone.now()
    past = now - datetime.timedelta(days=1)
    builders = {
        "council": lambda: council,
        "other_council": lambda: request.getfixturevalue("other_council"),
        "supplier_org": lambda: supplier_org,
        "mission": lambda: MissionFactory(organisation=council),
        "draft_tender": lambda: _tender(council),
        "published_tender": lambda: _tender(council, status=TenderStatus.PUBLISHED),
        "sealed_bid": lambda: BidFactory(
            tender=_tender(council, status=TenderStatus.PUBLISHED), supplier=supplier_org
        ),
        "closed_unopened_bid": lambda: BidFactory(
            tender=_tender(council, status=TenderStatus.CLOSED, submission_deadline=past),
            supplier=supplier_org,
        ),
        "opened_bid": lambda: BidFactory(
            tender=_tender(
                council,
                status=TenderStatus.EVALUATION,
                submission_deadline=past,
                bids_opened_at=now,
            ),
            supplier=supplier_org,
        ),
        "opened_tender": lambda: _tender(
            council, status=TenderStatus.EVALUATION, submission_deadline=past, bids_opened_at=now
        ),
        "opened_bid_cleared_evaluator": lambda: _cleared(request, council, supplier_org),
        "opened_bid_cleared_evaluator_tender": lambda: (
            _cleared(request, council, supplier_org).tender
        ),
        "standstill_bid": lambda: BidFactory(
            tender=_tender(
                council,
                status=TenderStatus.STANDSTILL,
                submission_deadline=past,
                bids_opened_at=now,
            ),
            supplier=supplier_org,
        ),
        "contract": lambda: ContractFactory(organisation=council, provider=supplier_org),
        "in_house_contract": lambda: ContractFactory(
            organisation=council, provider=None, provider_name="Council catering team"
        ),
        "published_checkin": lambda: CheckInFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org),
            status="published",
        ),
        "open_checkin": lambda: CheckInFactory(
            contract=ContractFactory(organisation=council, provider=supplier_org), status="open"
        ),
        "report_requested_by_supplier": lambda: Report.objects.create(
            organisation=council,
            requested_by=request.getfixturevalue("supplier_user"),
            kind="tender_pack",
            title="Tender pack",
            target_type=ContentType.objects.get_for_model(council),
            target_id=str(council.pk),
        ),
    }
    return builders[name]()


def _cleared(request: pytest.FixtureRequest, council: Any, supplier_org: Any) -> Any:
    """An opened bid whose tender has the `evaluator` on its panel, declared with no conflict."""
    from procurement.models import PanelMember

    now = timezone.now()
    tender = _tender(
        council,
        status=TenderStatus.EVALUATION,
        submission_deadline=now - datetime.timedelta(days=1),
        bids_opened_at=now,
    )
    PanelMember.objects.create(
        tender=tender, evaluator=request.getfixturevalue("evaluator"), declared_at=now
    )
    return BidFactory(tender=tender, supplier=supplier_org)


@pytest.mark.parametrize(("role", "action", "target", "expected"), CASES)
def test_permission_table(
    request: pytest.FixtureRequest, role: str, action: str, target: str, expected: bool
) -> None:
    user = _user(request, role)
    obj = _target(request, target)
    assert permissions.can(user, action, obj) is expected


def test_every_rule_is_in_the_table() -> None:
    assert {action for action, _, _ in TABLE} == set(permissions.RULES)


def test_unknown_action_is_a_programming_error(commissioner: Any, council: Any) -> None:
    with pytest.raises(ValueError, match="No permission rule"):
        permissions.can(commissioner, "tender.teleport", council)


def test_require_raises_permission_denied_when_the_rule_says_no(
    supplier_user: Any, council: Any
) -> None:
    with pytest.raises(PermissionDenied):
        permissions.require(supplier_user, "organisation.manage", council)
    permissions.require(
        supplier_user, "organisation.view", supplier_user.memberships.get().organisation
    )


def test_roles_are_read_once_per_user(
    commissioner: Any, council: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        for _ in range(5):
            permissions.can(commissioner, "commissioning.view", council)
