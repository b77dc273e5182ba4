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
from accounts.models import Membership
from procurement.models import BidderFeedbackRequest, Tender, TenderStatus
from reports.models import Report
from tests.commissioning.factories import (
    CommissionFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MissionFactory,
    OutcomeFactory,
    PublicCommentFactory,
)
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.dialogue.factories import (
    ClarificationFactory,
    DialogueRoundFactory,
    EngagementResponseFactory,
    MarketEngagementFactory,
    OutlineSubmissionFactory,
    RoundFeedbackFactory,
)
from tests.factories import MembershipFactory, UserFactory
from tests.procurement.factories import BidFactory, TenderFactory, TenderParticipantFactory

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
ALL_SUPPLIERS = SUPPLIER_MEMBERS | {"other_supplier"}

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
    # Past learning holds check-in stories, withdrawals and evaluators' concerns: the
    # council's staff search it, never a supplier; another council sees its own.
    ("learning.search", "council", BUYER_STAFF),
    ("learning.search", "other_council", {"other_commissioner"}),
    ("learning.search", "supplier_org", set()),
    ("learning.pin", "commission", {"admin", "commissioner"}),
    ("indicator.record", "indicator", {"admin", "commissioner", "contract_manager"}),
    # A commission's public page: anyone reads it once published, comments on it while it
    # asks for views in the phase the commission is in; its managers moderate.
    ("commission.view_public", "public_commission", set(ROLES)),
    ("commission.view_public", "unpublished_commission", set()),
    ("commission.comment", "public_commission", set(ROLES)),
    ("commission.comment", "public_commission_not_asking", set()),
    ("commission.comment", "unpublished_commission", set()),
    ("public_comment.moderate", "public_comment", {"admin", "commissioner"}),
    ("public_comment.moderate", "public_commission", {"admin", "commissioner"}),
    ("indicator_reading.change", "reading_by_contract_manager", {"contract_manager"}),
    ("indicator_reading.change", "reading_by_commissioner", {"commissioner"}),
    # A reading taken from a contract KPI follows the KPI; nobody changes it by hand.
    ("indicator_reading.change", "kpi_reading_by_commissioner", set()),
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
    # A direct award's one offer: the buyer's managers read it once submitted, to check it.
    ("bid.read", "direct_award_offer", SUPPLIER_MEMBERS | {"admin", "commissioner"}),
    ("bid.read", "direct_award_draft_offer", SUPPLIER_MEMBERS),
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
    # A lived-experience member's own pages: only their seat opens them, never a role (the
    # seats themselves: LIVED_EXPERIENCE_TABLE below).
    ("evaluation.lived_experience", "opened_bid_cleared_evaluator_tender", set()),
    ("evaluation.score_anonymised", "opened_bid_cleared_evaluator_tender", set()),
    ("evaluation.report", "draft_tender", set()),
    ("feedback.read", "opened_bid", {"admin", "commissioner"}),
    ("feedback.read", "standstill_bid", SUPPLIER_MEMBERS | {"admin", "commissioner"}),
    # After the award, an asked bidder answers once; the buyer's managers read the results.
    ("bidder_feedback.give", "bidder_feedback_request", SUPPLIER_MEMBERS),
    ("bidder_feedback.give", "answered_bidder_feedback_request", set()),
    ("bidder_feedback.view", "standstill_tender", {"admin", "commissioner"}),
    ("contract.view", "contract", COUNCIL_MEMBERS | SUPPLIER_MEMBERS),
    ("contract.view", "in_house_contract", COUNCIL_MEMBERS),
    ("contract.provide", "contract", SUPPLIER_MEMBERS),
    ("contract.provide", "in_house_contract", {"admin", "commissioner", "contract_manager"}),
    ("contract.provider_reads", "contract", SUPPLIER_MEMBERS),
    ("contract.provider_reads", "in_house_contract", set()),
    ("contract.buyer_reads", "contract", COUNCIL_MEMBERS),
    ("checkin.report", "published_checkin", COUNCIL_MEMBERS | SUPPLIER_MEMBERS),
    ("checkin.report", "open_checkin", set()),
    ("checkin.invite_voices", "open_checkin", {"admin", "commissioner", "contract_manager"}),
    # Once shared, a check-in is closed: nobody asks for more voices about it.
    ("checkin.invite_voices", "published_checkin", set()),
    ("contract.list", "council", COUNCIL_MEMBERS),
    ("contract.list", "supplier_org", SUPPLIER_MEMBERS),
    ("contract.manage", "contract", {"admin", "commissioner", "contract_manager"}),
    ("checkin.write", "contract", {"admin", "commissioner", "contract_manager"} | SUPPLIER_MEMBERS),
    ("checkin.write", "in_house_contract", {"admin", "commissioner", "contract_manager"}),
    ("report.view", "report_requested_by_supplier", BUYER_STAFF | {"supplier"}),
    # The supplier portal and dialogue. `supplier_org` takes part in `participating_tender`;
    # `other_supplier` belongs to another participant in the `*_shared` targets.
    ("supplier.act", "supplier_org", SUPPLIER_MEMBERS),
    ("supplier.act", "council", set()),
    ("engagement.manage", "draft_engagement", {"admin", "commissioner"}),
    ("engagement.view", "draft_engagement", COUNCIL_MEMBERS),
    ("engagement.view", "open_engagement", set(ROLES)),
    ("engagement.insights", "open_engagement", BUYER_STAFF),
    ("engagement_response.read", "draft_response", SUPPLIER_MEMBERS),
    ("engagement_response.read", "submitted_response", SUPPLIER_MEMBERS | BUYER_STAFF),
    ("tender.participant", "participating_tender", SUPPLIER_MEMBERS),
    ("tender.participant", "withdrawn_tender", set()),
    ("tender.dialogue_view", "participating_tender", COUNCIL_MEMBERS | SUPPLIER_MEMBERS),
    ("tender.dialogue_view", "participating_tender_shared", COUNCIL_MEMBERS | ALL_SUPPLIERS),
    ("clarification.read", "awaiting_clarification_shared", BUYER_STAFF | SUPPLIER_MEMBERS),
    (
        "clarification.read",
        "published_clarification_shared",
        BUYER_STAFF | SUPPLIER_MEMBERS | {"other_supplier"},
    ),
    ("clarification.read", "private_clarification_shared", BUYER_STAFF | SUPPLIER_MEMBERS),
    ("participation.read", "participant_shared", BUYER_STAFF | SUPPLIER_MEMBERS),
    ("participation.act", "participant_shared", SUPPLIER_MEMBERS),
    ("round.view", "planned_round_shared", COUNCIL_MEMBERS),
    ("round.view", "open_round_shared", COUNCIL_MEMBERS | ALL_SUPPLIERS),
    ("round.view", "open_round_other_not_invited", COUNCIL_MEMBERS | SUPPLIER_MEMBERS),
    ("outline.read", "draft_outline", SUPPLIER_MEMBERS),
    ("outline.read", "submitted_outline", SUPPLIER_MEMBERS | BUYER_STAFF),
    ("round_feedback.read", "open_round_feedback", BUYER_STAFF),
    ("round_feedback.read", "closed_round_feedback", BUYER_STAFF | SUPPLIER_MEMBERS),
    # A supplier the buyer took out of the process (`*_removed_*`: excluded, not taken
    # forward at a stage, or failed the conditions of participation) loses the tender's
    # dialogue, even its own question; it keeps its own feedback from closed rounds.
    ("tender.participant", "failed_conditions_tender_shared", {"other_supplier"}),
    (
        "tender.dialogue_view",
        "failed_conditions_tender_shared",
        COUNCIL_MEMBERS | {"other_supplier"},
    ),
    ("tender.dialogue_view", "excluded_tender_shared", COUNCIL_MEMBERS | {"other_supplier"}),
    (
        "tender.dialogue_view",
        "not_taken_forward_tender_shared",
        COUNCIL_MEMBERS | {"other_supplier"},
    ),
    ("clarification.read", "awaiting_clarification_removed", BUYER_STAFF),
    ("clarification.read", "published_clarification_removed", BUYER_STAFF | {"other_supplier"}),
    ("round.view", "open_round_removed", COUNCIL_MEMBERS | {"other_supplier"}),
    ("round_feedback.read", "closed_round_feedback_removed", BUYER_STAFF | SUPPLIER_MEMBERS),
    # Buyer powers come from a public body only: records a supplier made for itself (as a
    # supplier once could) give its administrator no buyer power at all.
    ("commissioning.view", "supplier_org", set()),
    ("commissioning.edit", "supplier_org", set()),
    ("commissioning.edit", "supplier_mission", set()),
    ("commissioning.comment", "supplier_mission", set()),
    ("indicator.record", "supplier_mission", set()),
    ("public_comment.moderate", "supplier_commission", set()),
    ("audit.view", "supplier_org", set()),
    ("tender.manage", "supplier_tender", set()),
    ("tender.view", "supplier_tender", set()),
    ("evaluation.view", "supplier_tender", set()),
    ("engagement.manage", "supplier_org", set()),
    ("contract.manage", "supplier_contract", set()),
    ("contract.buyer_reads", "supplier_contract", set()),
    # The read API: each organisation's administrators make and revoke its tokens. Its
    # own-records rules answer a token, never a person (tokens: the table below).
    ("api_token.manage", "council", {"admin"}),
    ("api_token.manage", "supplier_org", {"supplier_admin"}),
    ("api.own_records", "council", set()),
    ("api.own_records", "supplier_org", set()),
    ("api.own_buying_records", "council", set()),
]

# (action, target, the token holders who may): an API token acts as its organisation.
TOKEN_HOLDERS = ["council", "other_council", "supplier_org"]
TOKEN_TABLE: list[tuple[str, str, set[str]]] = [
    ("api.own_records", "council", {"council"}),
    ("api.own_records", "supplier_org", {"supplier_org"}),
    ("api.own_buying_records", "council", {"council"}),
    # A supplier has no tenders or commissions, whoever holds the token.
    ("api.own_buying_records", "supplier_org", set()),
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


def _indicator(council: Any) -> Any:
    return IndicatorFactory(outcome=OutcomeFactory(mission=MissionFactory(organisation=council)))


def _commission(organisation: Any, phases: list[str]) -> Any:
    """A published commission (scoping, so before the award) asking for views in `phases`."""
    return CommissionFactory(
        organisation=organisation,
        public_summary="What we are buying and why.",
        published_at=timezone.now(),
        invite_views_in=phases,
    )


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
        "public_commission": lambda: _commission(council, ["before_award"]),
        "public_commission_not_asking": lambda: _commission(council, ["after"]),
        "unpublished_commission": lambda: CommissionFactory(organisation=council),
        "public_comment": lambda: PublicCommentFactory(commission=_commission(council, [])),
        "supplier_commission": lambda: _commission(supplier_org, ["before_award"]),
        "commission": lambda: CommissionFactory(organisation=council),
        "indicator": lambda: _indicator(council),
        "reading_by_contract_manager": lambda: IndicatorReadingFactory(
            indicator=_indicator(council),
            recorded_by=request.getfixturevalue("contract_manager"),
        ),
        "reading_by_commissioner": lambda: IndicatorReadingFactory(
            indicator=_indicator(council), recorded_by=request.getfixturevalue("commissioner")
        ),
        "kpi_reading_by_commissioner": lambda: IndicatorReadingFactory(
            indicator=_indicator(council),
            recorded_by=request.getfixturevalue("commissioner"),
            from_kpi=True,
        ),
        "supplier_mission": lambda: MissionFactory(organisation=supplier_org),
        "supplier_tender": lambda: _tender(supplier_org),
        "supplier_contract": lambda: ContractFactory(
            organisation=supplier_org, provider=request.getfixturevalue("other_supplier_org")
        ),
        "draft_tender": lambda: _tender(council),
        "published_tender": lambda: _tender(council, status=TenderStatus.PUBLISHED),
        "sealed_bid": lambda: BidFactory(
            tender=_tender(council, status=TenderStatus.PUBLISHED), supplier=supplier_org
        ),
        "direct_award_offer": lambda: BidFactory(
            tender=_tender(council, status=TenderStatus.PUBLISHED, procedure="direct_award"),
            supplier=supplier_org,
            status="submitted",
        ),
        "direct_award_draft_offer": lambda: BidFactory(
            tender=_tender(council, status=TenderStatus.PUBLISHED, procedure="direct_award"),
            supplier=supplier_org,
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
        "standstill_tender": lambda: _tender(
            council, status=TenderStatus.STANDSTILL, submission_deadline=past, bids_opened_at=now
        ),
        "bidder_feedback_request": lambda: BidderFeedbackRequest.objects.create(
            tender=_tender(council, status=TenderStatus.STANDSTILL), supplier=supplier_org
        ),
        "answered_bidder_feedback_request": lambda: BidderFeedbackRequest.objects.create(
            tender=_tender(council, status=TenderStatus.STANDSTILL),
            supplier=supplier_org,
            responded=True,
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
    builders.update(_dialogue_targets(request, council, supplier_org))
    return builders[name]()


def _dialogue_targets(request: pytest.FixtureRequest, council: Any, supplier_org: Any) -> dict:
    """Targets for the supplier portal rules. `*_shared` targets sit on a tender in which
    both `supplier_org` and the other supplier take part; the record is `supplier_org`'s."""
    now = timezone.now()

    def other_supplier_org() -> Any:
        return request.getfixturevalue("other_supplier_org")

    def shared_tender(**fields: Any) -> Tender:
        tender = _tender(council, status=fields.pop("status", TenderStatus.PUBLISHED), **fields)
        TenderParticipantFactory(tender=tender, supplier=supplier_org)
        TenderParticipantFactory(tender=tender, supplier=other_supplier_org())
        return tender

    def removed(tender: Tender, how: str) -> Tender:
        """Take `supplier_org` out of the tender's process, as the buyer would."""
        fields = {
            "failed": {
                "conditions_passed": False,
                "conditions_assessed_at": now,
                "conditions_reason": "No example of delivering meals.",
            },
            "excluded": {"excluded_at": now, "exclusion_reason": "A mandatory ground applies."},
            "not_taken_forward": {
                "not_taken_forward_at": now,
                "not_taken_forward_reason": "Other outlines fitted better.",
            },
        }[how]
        tender.participants.filter(supplier=supplier_org).update(**fields)
        return tender

    def removed_round(status: str) -> Any:
        created = dialogue_round(status)
        removed(created.tender, "failed")
        return created

    def participating(withdrawn: bool = False) -> Tender:
        tender = _tender(council, status=TenderStatus.PUBLISHED)
        fields = {"withdrawn_at": now, "withdrawal_reason": "timescale"} if withdrawn else {}
        TenderParticipantFactory(tender=tender, supplier=supplier_org, **fields)
        return tender

    def dialogue_round(status: str, invite_other: bool = True) -> Any:
        tender = shared_tender(status=TenderStatus.DIALOGUE, procedure="competitive_flexible")
        created = DialogueRoundFactory(tender=tender, status=status)
        created.invited.add(supplier_org)
        if invite_other:
            created.invited.add(other_supplier_org())
        return created

    def clarification(status: str, **fields: Any) -> Any:
        return ClarificationFactory(
            tender=shared_tender(), supplier=supplier_org, status=status, **fields
        )

    def engagement(status: str) -> Any:
        return MarketEngagementFactory(organisation=council, status=status)

    return {
        "draft_engagement": lambda: engagement("draft"),
        "open_engagement": lambda: engagement("open"),
        "draft_response": lambda: EngagementResponseFactory(
            engagement=engagement("open"), supplier=supplier_org
        ),
        "submitted_response": lambda: EngagementResponseFactory(
            engagement=engagement("open"), supplier=supplier_org, submitted_at=now
        ),
        "participating_tender": lambda: participating(),
        "withdrawn_tender": lambda: participating(withdrawn=True),
        "participating_tender_shared": lambda: shared_tender(),
        "awaiting_clarification_shared": lambda: clarification("awaiting_answer"),
        "published_clarification_shared": lambda: clarification(
            "published", answer="Yes.", log_number=1
        ),
        "private_clarification_shared": lambda: clarification(
            "answered_privately", answer="Yes.", private_reason="Names a partner."
        ),
        "participant_shared": lambda: shared_tender().participants.get(supplier=supplier_org),
        "planned_round_shared": lambda: dialogue_round("planned"),
        "open_round_shared": lambda: dialogue_round("open"),
        "open_round_other_not_invited": lambda: dialogue_round("open", invite_other=False),
        "draft_outline": lambda: OutlineSubmissionFactory(
            round=dialogue_round("open"), supplier=supplier_org
        ),
        "submitted_outline": lambda: OutlineSubmissionFactory(
            round=dialogue_round("open"), supplier=supplier_org, submitted_at=now
        ),
        "open_round_feedback": lambda: RoundFeedbackFactory(
            round=dialogue_round("open"), supplier=supplier_org
        ),
        "closed_round_feedback": lambda: RoundFeedbackFactory(
            round=dialogue_round("closed"), supplier=supplier_org
        ),
        "failed_conditions_tender_shared": lambda: removed(shared_tender(), "failed"),
        "excluded_tender_shared": lambda: removed(shared_tender(), "excluded"),
        "not_taken_forward_tender_shared": lambda: removed(shared_tender(), "not_taken_forward"),
        "awaiting_clarification_removed": lambda: _removed_clarification(
            clarification("awaiting_answer"), removed
        ),
        "published_clarification_removed": lambda: _removed_clarification(
            clarification("published", answer="Yes.", log_number=1), removed
        ),
        "open_round_removed": lambda: removed_round("open"),
        "closed_round_feedback_removed": lambda: RoundFeedbackFactory(
            round=removed_round("closed"), supplier=supplier_org
        ),
    }


def _removed_clarification(clarification: Any, removed: Any) -> Any:
    removed(clarification.tender, "failed")
    return clarification


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


@pytest.mark.parametrize(
    ("holder", "action", "target", "expected"),
    [
        pytest.param(holder, action, target, holder in allowed, id=f"{holder}-{action}-{target}")
        for action, target, allowed in TOKEN_TABLE
        for holder in TOKEN_HOLDERS
    ],
)
def test_token_table(
    request: pytest.FixtureRequest, holder: str, action: str, target: str, expected: bool
) -> None:
    from api.authentication import TokenClient
    from api.models import ApiToken

    organisation = request.getfixturevalue(holder)
    client = TokenClient(ApiToken(organisation=organisation, name="t", digest=holder))
    assert permissions.can(client, action, _target(request, target)) is expected


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


@pytest.mark.parametrize(
    ("kind", "role", "action"),
    [
        ("supplier", "commissioner", "commissioning.edit"),
        ("supplier", "contract_manager", "contract.list"),
        ("supplier", "evaluator", "commissioning.view"),
        ("public_body", "supplier", "tender.bid"),
        ("public_body", "supplier", "supplier.act"),
    ],
)
def test_a_role_recorded_in_the_wrong_kind_of_organisation_grants_nothing(
    kind: str, role: str, action: str
) -> None:
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory(kind=kind)
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    assert permissions.roles_by_organisation(user) == {organisation.pk: frozenset()}
    assert permissions.can(user, action, organisation) is False


def test_a_supplier_administrator_is_not_buyer_staff(supplier_admin: Any) -> None:
    assert permissions.is_buyer_staff(supplier_admin) is False


def test_roles_are_read_once_per_user(
    commissioner: Any, council: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        for _ in range(5):
            permissions.can(commissioner, "commissioning.view", council)


# --- Lived-experience panel members --------------------------------------------------------
# A person with no role anywhere, on one tender's panel for their lived experience: their
# seat alone opens their own pages; it never opens a bid, the evaluation pages or scoring
# by name, and no role of the buyer opens theirs.
LIVED_EXPERIENCE_TABLE: list[tuple[str, str, str, bool]] = [
    # (whose seat, action, target, allowed)
    ("cleared", "evaluation.lived_experience", "tender", True),
    ("cleared", "evaluation.score_anonymised", "tender", True),
    ("cleared", "evaluation.view", "tender", False),
    ("cleared", "evaluation.score", "tender", False),
    ("cleared", "evaluation.report", "tender", False),
    ("cleared", "bid.read", "bid", False),
    ("cleared", "tender.manage", "tender", False),
    ("cleared", "evaluation.lived_experience", "other_tender", False),
    # Named connections the commissioner has not yet checked: their page, not the answers.
    ("awaiting_check", "evaluation.lived_experience", "tender", True),
    ("awaiting_check", "evaluation.score_anonymised", "tender", False),
    # A conflict takes them off the tender.
    ("conflicted", "evaluation.lived_experience", "tender", False),
    ("conflicted", "evaluation.score_anonymised", "tender", False),
    # The buyer's own people, cleared evaluator included, have the evaluation pages instead.
    ("commissioner", "evaluation.lived_experience", "tender", False),
    ("commissioner", "evaluation.score_anonymised", "tender", False),
    ("evaluator", "evaluation.lived_experience", "tender", False),
    ("evaluator", "evaluation.score_anonymised", "tender", False),
]


@pytest.mark.parametrize(
    ("who", "action", "target", "expected"),
    LIVED_EXPERIENCE_TABLE,
    ids=[f"{w}-{a}-{t}" for w, a, t, _ in LIVED_EXPERIENCE_TABLE],
)
def test_lived_experience_permission_table(
    request: pytest.FixtureRequest, who: str, action: str, target: str, expected: bool
) -> None:
    from procurement.models import PanelKind, PanelMember

    council = request.getfixturevalue("council")
    supplier_org = request.getfixturevalue("supplier_org")
    now = timezone.now()
    past = now - datetime.timedelta(days=1)
    tender = _tender(
        council, status=TenderStatus.EVALUATION, submission_deadline=past, bids_opened_at=now
    )
    bid = BidFactory(tender=tender, supplier=supplier_org, status="submitted")
    if who in {"commissioner", "evaluator"}:
        user = request.getfixturevalue(who)
        PanelMember.objects.create(tender=tender, evaluator=user, declared_at=now)
    else:
        user = UserFactory()
        PanelMember.objects.create(
            tender=tender,
            evaluator=user,
            kind=PanelKind.LIVED_EXPERIENCE,
            declared_at=None if who == "awaiting_check" else now,
            connections_named_at=now if who == "awaiting_check" else None,
            has_conflict=who == "conflicted",
        )
    objects = {
        "tender": tender,
        "bid": bid,
        "other_tender": _tender(
            council, status=TenderStatus.EVALUATION, submission_deadline=past, bids_opened_at=now
        ),
    }
    assert permissions.can(user, action, objects[target]) is expected


def test_memberships_are_read_as_the_orm_reads_them_in_one_query(
    commissioner: Any, council: Any, django_assert_num_queries: Any
) -> None:
    """memberships_of is written as SQL: by organisation name, then role, each with its
    organisation, as the ORM's select_related read them."""
    MembershipFactory(user=commissioner, organisation=council, role="administrator")
    first = MembershipFactory(user=commissioner, organisation__name="Aardvark Trust").organisation
    MembershipFactory(organisation=first)  # someone else's
    expected = list(
        Membership.objects.filter(user=commissioner)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )
    with django_assert_num_queries(1):
        read = permissions.memberships_of(commissioner)
        assert [m.pk for m in read] == [m.pk for m in expected]
        assert read[0].organisation.name == "Aardvark Trust"
        for membership, stored in zip(read, expected, strict=True):
            for model_field in Membership._meta.concrete_fields:
                name = model_field.attname
                assert getattr(membership, name) == getattr(stored, name)
            for org_field in type(stored.organisation)._meta.concrete_fields:
                name = org_field.attname
                assert getattr(membership.organisation, name) == getattr(stored.organisation, name)
