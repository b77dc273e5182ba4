"""Every lifecycle, every move: each record is put in each status and asked to move to
each status. An allowed move happens, under a row lock, and is audited; a refused one
raises an error that names the statuses by their labels and changes nothing.

The moves themselves live next to each lifecycle's services; `accounts.lifecycle` does the
moving for all of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from commissioning import services as commissioning
from commissioning.models import Commission, Mission, PublicComment
from commissioning.public_voice import services as public_voice
from contracts import services as contracts
from contracts.models import CheckIn, Contract
from core.errors import InvalidTransition
from dialogue.clarifications import services as clarifications
from dialogue.engagement import services as engagement
from dialogue.models import Clarification, DialogueRound, MarketEngagement
from dialogue.rounds import services as rounds
from procurement import award
from procurement import services as procurement
from procurement.models import Bid, Lot, Tender
from reports import services as reports
from reports.models import Report
from social_value import services as social_value
from social_value.models import DeliveryReturn
from tests.commissioning.factories import CommissionFactory, MissionFactory, PublicCommentFactory
from tests.contracts.factories import CheckInFactory, ContractFactory
from tests.dialogue.factories import (
    ClarificationFactory,
    DialogueRoundFactory,
    MarketEngagementFactory,
)
from tests.procurement.factories import BidFactory, TenderFactory
from tests.social_value.factories import CommitmentFactory, DeliveryReturnFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Lifecycle:
    name: str
    model: type[Model]
    allowed: Mapping[str, set[str]]
    make: Callable[[pytest.FixtureRequest], Model]
    move: Callable[..., Model]  # (record, to, by) -> the moved record
    by: str | None  # the fixture of the person who moves it (None: scheduled work)
    noun: str
    refused: str | None = None  # a person the move's permission check turns away

    @property
    def statuses(self) -> list[str]:
        return [value for value, _ in self.model._meta.get_field("status").choices]


def _council(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue("council")


def _report(request: pytest.FixtureRequest) -> Report:
    tender = TenderFactory(organisation=_council(request))
    return Report.objects.create(
        organisation=tender.organisation,
        kind="tender_pack",
        title="Tender pack",
        target_type=ContentType.objects.get_for_model(Tender),
        target_id=str(tender.pk),
    )


LIFECYCLES = [
    Lifecycle(
        "mission",
        Mission,
        commissioning.MISSION_ALLOWED,
        lambda request: MissionFactory(organisation=_council(request)),
        lambda record, to, by: commissioning.mission_transition(mission=record, to=to, by=by),
        "commissioner",
        "mission",
        refused="viewer",
    ),
    Lifecycle(
        "commission",
        Commission,
        commissioning.ALLOWED,
        lambda request: CommissionFactory(organisation=_council(request)),
        lambda record, to, by: commissioning.commission_transition(commission=record, to=to, by=by),
        "commissioner",
        "commission",
        refused="viewer",
    ),
    Lifecycle(
        "public comment",
        PublicComment,
        public_voice.COMMENT_ALLOWED,
        # A reason is kept from the start and the address already erased, so the record may
        # be put straight into "hidden" or "withdrawn".
        lambda request: PublicCommentFactory(
            commission__organisation=_council(request), hidden_reason="Advertising.", email=""
        ),
        lambda record, to, by: public_voice.comment_transition(
            comment=record, to=to, by=by, reason="It names a member of staff."
        ),
        "commissioner",
        "comment",
        refused="viewer",
    ),
    Lifecycle(
        "tender",
        Tender,
        procurement.ALLOWED,
        lambda request: TenderFactory(organisation=_council(request)),
        lambda record, to, by: procurement.tender_transition(tender=record, to=to, by=by),
        "commissioner",
        "tender",
        refused="viewer",
    ),
    Lifecycle(
        "bid",
        Bid,
        procurement.BID_ALLOWED,
        lambda request: BidFactory(supplier=request.getfixturevalue("supplier_org")),
        lambda record, to, by: procurement.bid_transition(bid=record, to=to, by=by),
        "supplier_user",
        "bid",
        refused="other_supplier_user",
    ),
    Lifecycle(
        "lot",
        Lot,
        award.LOT_ALLOWED,
        lambda request: Lot.objects.create(
            tender=TenderFactory(organisation=_council(request)), title="North"
        ),
        lambda record, to, by: award.lot_transition(lot=record, to=to, by=by),
        "commissioner",
        "lot",
        refused="viewer",
    ),
    Lifecycle(
        "market engagement",
        MarketEngagement,
        engagement.ALLOWED,
        lambda request: MarketEngagementFactory(organisation=_council(request)),
        lambda record, to, by: engagement.engagement_transition(engagement=record, to=to, by=by),
        "commissioner",
        "market engagement",
        refused="viewer",
    ),
    Lifecycle(
        "dialogue round",
        DialogueRound,
        rounds.ROUND_ALLOWED,
        lambda request: DialogueRoundFactory(tender__organisation=_council(request)),
        lambda record, to, by: rounds.round_transition(dialogue_round=record, to=to, by=by),
        "commissioner",
        "round",
    ),
    Lifecycle(
        "clarification",
        Clarification,
        clarifications.ALLOWED,
        # A private answer needs its reason (a database constraint), whatever moves it there.
        lambda request: ClarificationFactory(
            tender__organisation=_council(request), private_reason="Commercially sensitive."
        ),
        lambda record, to, by: clarifications.clarification_transition(
            clarification=record, to=to, by=by
        ),
        "commissioner",
        "question",
    ),
    Lifecycle(
        "contract",
        Contract,
        contracts.ALLOWED,
        lambda request: ContractFactory(organisation=_council(request)),
        lambda record, to, by: contracts.contract_transition(contract=record, to=to, by=by),
        "contract_manager",
        "contract",
    ),
    Lifecycle(
        "check-in",
        CheckIn,
        contracts.CHECKIN_ALLOWED,
        lambda request: CheckInFactory(contract__organisation=_council(request)),
        lambda record, to, by: contracts.checkin_transition(checkin=record, to=to, by=by),
        "contract_manager",
        "check-in",
    ),
    Lifecycle(
        "social value return",
        DeliveryReturn,
        social_value.ALLOWED,
        lambda request: DeliveryReturnFactory(
            commitment=CommitmentFactory(contract__organisation=_council(request))
        ),
        lambda record, to, by: social_value.return_transition(delivery_return=record, to=to, by=by),
        "contract_manager",
        "social value return",
    ),
    Lifecycle(
        "report",
        Report,
        reports.ALLOWED,
        _report,
        lambda record, to, by: reports.report_transition(report=record, to=to, by=by),
        None,
        "report",
    ),
]

MOVES = [
    pytest.param(lifecycle, source, target, id=f"{lifecycle.name}: {source} to {target}")
    for lifecycle in LIFECYCLES
    for source in lifecycle.statuses
    for target in lifecycle.statuses
]


def _in_status(lifecycle: Lifecycle, request: pytest.FixtureRequest, status: str) -> Model:
    record = lifecycle.make(request)
    lifecycle.model.objects.filter(pk=record.pk).update(status=status)
    record.refresh_from_db()
    return record


def _events_about(record: Model):
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(record), target_id=str(record.pk)
    )


@pytest.mark.parametrize(("lifecycle", "source", "target"), MOVES)
def test_every_move_is_made_and_recorded_or_refused_in_words(
    request, lifecycle: Lifecycle, source: str, target: str
):
    record = _in_status(lifecycle, request, source)
    by = request.getfixturevalue(lifecycle.by) if lifecycle.by else None
    events_before = _events_about(record).count()
    if target in lifecycle.allowed[source]:
        with CaptureQueriesContext(connection) as queries:
            moved = lifecycle.move(record, target, by)
        assert moved.status == target
        assert lifecycle.model.objects.get(pk=record.pk).status == target
        assert any("FOR UPDATE" in query["sql"] for query in queries), "the row is locked"
        event = _events_about(record).latest("pk")
        assert event.changes["status"] == [source, target]
        assert event.actor == by
    else:
        with pytest.raises(InvalidTransition) as refused:
            lifecycle.move(record, target, by)
        labels = dict(lifecycle.model._meta.get_field("status").choices)
        assert str(refused.value) == (
            f"You cannot move this {lifecycle.noun} from {labels[source]} to {labels[target]}."
        )
        assert lifecycle.model.objects.get(pk=record.pk).status == source
        assert _events_about(record).count() == events_before


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lambda lifecycle: lifecycle.name)
def test_every_status_has_its_moves_and_only_moves_to_real_statuses(lifecycle: Lifecycle):
    assert set(lifecycle.allowed) == set(lifecycle.statuses)
    for targets in lifecycle.allowed.values():
        assert set(targets) <= set(lifecycle.statuses)


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lambda lifecycle: lifecycle.name)
def test_no_status_can_be_changed_in_a_form(lifecycle: Lifecycle):
    assert lifecycle.model._meta.get_field("status").editable is False


@pytest.mark.parametrize(
    "lifecycle", [lc for lc in LIFECYCLES if lc.refused], ids=lambda lifecycle: lifecycle.name
)
def test_a_person_without_the_permission_moves_nothing(request, lifecycle: Lifecycle):
    source = next(status for status, targets in lifecycle.allowed.items() if targets)
    record = _in_status(lifecycle, request, source)
    target = sorted(lifecycle.allowed[source])[0]
    with pytest.raises(PermissionDenied):
        lifecycle.move(record, target, request.getfixturevalue(lifecycle.refused))
    assert lifecycle.model.objects.get(pk=record.pk).status == source


def test_a_stale_copy_is_refused_by_the_status_in_the_database(commissioner, council):
    tender = TenderFactory(organisation=council)
    stale = Tender.objects.get(pk=tender.pk)
    procurement.tender_transition(tender=tender, to="cancelled", by=commissioner)
    with pytest.raises(InvalidTransition, match="from Cancelled to Open for bids"):
        procurement.tender_transition(tender=stale, to="published", by=commissioner)


def test_the_moved_record_keeps_the_fields_saved_with_its_status(contract_manager, council):
    checkin = CheckInFactory(contract__organisation=council, status="open")
    before = datetime.datetime.now(tz=datetime.UTC)
    contracts.checkin_transition(checkin=checkin, to="published", by=contract_manager)
    checkin.refresh_from_db()
    assert checkin.published_at >= before
