"""Who may do what to which record: the one place every app asks.

`can(user, action, obj)` answers; `require(...)` raises PermissionDenied. A rule reads
only ids and small fields on the object, so it never costs a query beyond the user's
memberships, which are loaded once per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from accounts.models import (
    BUYER_STAFF_ROLES,
    ROLES_FOR_KIND,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from core.sql_rows import ModelColumns, cache_related

Rule = Callable[[Any, Any], bool]
RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(function: Rule) -> Rule:
        RULES[action] = function
        return function

    return register


def memberships_of(user: Any) -> list[Membership]:
    """Every membership the person holds, with its organisation, ordered by organisation
    name and role. One query per request, kept on the user: the current organisation, the
    switcher in the header and every permission check read it."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_kindred_memberships", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute(_MEMBERSHIPS, [user.pk])
            rows = cursor.fetchall()
        memberships = []
        for row in rows:
            membership = _MEMBERSHIP.read(row, 0)
            cache_related(membership, "organisation", _ORGANISATION.read(row, _MEMBERSHIP.width))
            memberships.append(membership)
        cached = user._kindred_memberships = memberships
    return cached


# Every page reads this, so it is written as SQL: built with the ORM (a select_related and
# an order across the join) it took longer to compile than to run.
_MEMBERSHIP = ModelColumns(Membership, "m")
_ORGANISATION = ModelColumns(Organisation, "o")
_MEMBERSHIPS = (
    f"SELECT {_MEMBERSHIP.sql}, {_ORGANISATION.sql}"  # noqa: S608 - column and table names from the models
    f" FROM {Membership._meta.db_table} m"
    f" JOIN {Organisation._meta.db_table} o ON o.id = m.organisation_id"
    " WHERE m.user_id = %s ORDER BY o.name, m.role"
)


def _standing(user: Any) -> dict[int, tuple[str, frozenset[str]]]:
    """Every organisation the user belongs to: its kind and the roles held there that mean
    something for that kind (cached per user, from `memberships_of`)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_kindred_standing", None)
    if cached is None:
        grouped: dict[int, tuple[str, set[str]]] = {}
        for membership in memberships_of(user):
            kind = membership.organisation.kind
            held = grouped.setdefault(membership.organisation_id, (kind, set()))[1]
            # A buyer role recorded in a supplier (or the reverse) grants nothing.
            if membership.role in ROLES_FOR_KIND.get(kind, ()):
                held.add(membership.role)
        cached = {org: (kind, frozenset(roles)) for org, (kind, roles) in grouped.items()}
        user._kindred_standing = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached memberships, after the person has joined or left an organisation."""
    for name in ("_kindred_memberships", "_kindred_standing", "_kindred_organisations"):
        user.__dict__.pop(name, None)


def roles_by_organisation(user: Any) -> dict[int, frozenset[str]]:
    """Every organisation the user belongs to, with the roles that count there."""
    return {org: roles for org, (_, roles) in _standing(user).items()}


def supplier_ids_of(user: Any, *roles: str) -> list[int]:
    """The supplier organisations the user belongs to (holding one of `roles`, if given)."""
    return [
        org
        for org, (kind, held) in _standing(user).items()
        if kind == OrganisationKind.SUPPLIER and (held.intersection(roles) if roles else held)
    ]


def organisation_id_of(obj: Any) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    return getattr(obj, "organisation_id", None)


def _holds(user: Any, organisation_id: int | None, kind: str | None, roles: tuple) -> bool:
    standing = _standing(user).get(organisation_id or 0)
    if standing is None or (kind is not None and standing[0] != kind):
        return False
    held = standing[1]
    return bool(held.intersection(roles)) if roles else bool(held)


def has_role(user: Any, organisation_id: int | None, *roles: str) -> bool:
    """Member of this organisation, whatever its kind (holding one of `roles`, if given).
    For the organisation's own pages only; buyer and supplier powers use the two below."""
    return _holds(user, organisation_id, None, roles)


def buyer_role(user: Any, organisation_id: int | None, *roles: str) -> bool:
    """Holds one of `roles` (any role, if none given) in a public body with this id."""
    return _holds(user, organisation_id, OrganisationKind.PUBLIC_BODY, roles)


def supplier_role(user: Any, organisation_id: int | None, *roles: str) -> bool:
    """Holds one of `roles` (any role, if none given) in a supplier with this id."""
    return _holds(user, organisation_id, OrganisationKind.SUPPLIER, roles)


def is_buyer_staff(user: Any) -> bool:
    return any(
        kind == OrganisationKind.PUBLIC_BODY and roles & BUYER_STAFF_ROLES
        for kind, roles in _standing(user).values()
    )


def can(user: Any, action: str, obj: Any) -> bool:
    try:
        check = RULES[action]
    except KeyError:
        raise ValueError(f"No permission rule named {action!r}") from None
    return bool(getattr(user, "is_authenticated", False) or action in PUBLIC_ACTIONS) and check(
        user, obj
    )


def require(user: Any, action: str, obj: Any) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(f"You do not have permission to {action.replace('.', ' ')}.")


# Actions that a signed-out citizen may be allowed (their rule still decides).
PUBLIC_ACTIONS = frozenset(
    {"tender.view", "engagement.view", "commission.view_public", "commission.comment"}
)

MANAGERS = (Role.ADMIN, Role.COMMISSIONER)


# --- Organisations and people ----------------------------------------------------------
@rule("organisation.view")
def _organisation_view(user: Any, organisation: Organisation) -> bool:
    return has_role(user, organisation.pk)


@rule("organisation.manage")
def _organisation_manage(user: Any, organisation: Organisation) -> bool:
    return has_role(user, organisation.pk, Role.ADMIN)


@rule("audit.view")
def _audit_view(user: Any, obj: Any) -> bool:
    return buyer_role(user, organisation_id_of(obj), *BUYER_STAFF_ROLES)


# --- Commissioning -----------------------------------------------------------------------
@rule("commissioning.view")
def _commissioning_view(user: Any, obj: Any) -> bool:
    return buyer_role(user, organisation_id_of(obj), *BUYER_STAFF_ROLES, Role.VIEWER)


@rule("commissioning.comment")
def _commissioning_comment(user: Any, obj: Any) -> bool:
    """Any of the council's staff may comment on its drafts; viewers and outsiders may not."""
    return buyer_role(user, organisation_id_of(obj), *BUYER_STAFF_ROLES)


@rule("commissioning.edit")
def _commissioning_edit(user: Any, obj: Any) -> bool:
    return buyer_role(user, organisation_id_of(obj), *MANAGERS)


@rule("commission.view_public")
def _commission_view_public(user: Any, commission: Any) -> bool:
    """Anyone reads a commission's public page once the council has published it."""
    return commission.is_public


@rule("commission.comment")
def _commission_comment(user: Any, commission: Any) -> bool:
    """Anyone may comment, without an account, on a published commission that asks for
    views in the phase it is in (before award, during the service, or after it)."""
    return commission.invites_views


@rule("public_comment.moderate")
def _public_comment_moderate(user: Any, obj: Any) -> bool:
    """Publish, hide, reply to and use the public's comments on a commission (obj: the
    comment or the commission): the owning council's commissioners and administrators."""
    return buyer_role(user, organisation_id_of(obj), *MANAGERS)


@rule("indicator.record")
def _indicator_record(user: Any, obj: Any) -> bool:
    """Record a reading of a mission's indicator (obj: the indicator, or anything of the
    council's): its commissioners, administrators and contract managers."""
    return buyer_role(user, organisation_id_of(obj), Role.CONTRACT_MANAGER, *MANAGERS)


@rule("indicator_reading.change")
def _indicator_reading_change(user: Any, reading: Any) -> bool:
    """Change or remove a reading: only whoever recorded it, while they may still record.
    A reading taken from a contract KPI follows the KPI and is not changed by hand."""
    return (
        not reading.from_kpi
        and reading.recorded_by_id == user.pk
        and _indicator_record(user, reading)
    )


# --- Procurement -------------------------------------------------------------------------
@rule("tender.manage")
def _tender_manage(user: Any, tender: Any) -> bool:
    return buyer_role(user, organisation_id_of(tender), *MANAGERS)


@rule("tender.view")
def _tender_view(user: Any, tender: Any) -> bool:
    if tender.is_public:
        return True
    return buyer_role(user, organisation_id_of(tender), *BUYER_STAFF_ROLES, Role.VIEWER)


@rule("tender.bid")
def _tender_bid(user: Any, supplier: Organisation) -> bool:
    """May this person prepare a bid on behalf of this supplier organisation?"""
    return supplier.is_supplier and supplier_role(user, supplier.pk, Role.SUPPLIER, Role.ADMIN)


@rule("saved_search.create")
def _saved_search_create(user: Any, supplier: Organisation) -> bool:
    """May this person save opportunity searches (with email alerts) for this supplier?"""
    return supplier.is_supplier and supplier_role(user, supplier.pk, Role.SUPPLIER, Role.ADMIN)


@rule("bid.edit")
def _bid_edit(user: Any, bid: Any) -> bool:
    return supplier_role(user, bid.supplier_id, Role.SUPPLIER, Role.ADMIN)


@rule("bid.read")
def _bid_read(user: Any, bid: Any) -> bool:
    """Bidders read their own bid; the buyer only once bids are opened after the deadline,
    except a direct award's single offer, which its managers read once submitted."""
    if supplier_role(user, bid.supplier_id, Role.SUPPLIER, Role.ADMIN):
        return True
    tender = bid.tender
    if (
        tender.procedure == "direct_award"
        and bid.status == "submitted"
        and buyer_role(user, tender.organisation_id, *MANAGERS)
    ):
        # A direct award has one possible offer and no rival to keep it sealed from: the
        # buyer's managers read it once submitted, to make their checks before the award.
        return True
    opened = tender.bids_opened_at is not None and tender.submission_deadline <= timezone.now()
    if not opened:
        return False
    if buyer_role(user, tender.organisation_id, Role.COMMISSIONER, Role.ADMIN):
        return True
    # An evaluator reads bids only from a panel they sit on, once they have declared no
    # conflict of interest.
    return buyer_role(user, tender.organisation_id, Role.EVALUATOR) and _panel_cleared(user, tender)


def _panel_seats(tender: Any) -> dict[int, tuple[str, bool, bool]]:
    """Who sits on this tender's panel: each person's kind of seat, whether they declared
    no conflict, and whether they declared a conflict. One query per tender object,
    however many bids or rules are checked."""
    seats = getattr(tender, "_panel_seats", None)
    if seats is None:
        from django.apps import apps

        panel_member = apps.get_model("procurement", "PanelMember")
        seats = {
            evaluator_id: (kind, declared_at is not None and not conflict, conflict)
            for evaluator_id, kind, declared_at, conflict in panel_member.objects.filter(
                tender_id=tender.pk
            ).values_list("evaluator_id", "kind", "declared_at", "has_conflict")
        }
        tender._panel_seats = seats
    return seats


EVALUATOR_SEAT = "evaluator"
LIVED_EXPERIENCE_SEAT = "lived_experience"


def _panel_cleared(user: Any, tender: Any) -> bool:
    """Sits on this tender's panel as an evaluator and declared no conflict of interest."""
    seat = _panel_seats(tender).get(user.pk)
    return seat is not None and seat[0] == EVALUATOR_SEAT and seat[1]


@rule("evaluation.score")
def _evaluation_score(user: Any, tender: Any) -> bool:
    """A panel member who declared no conflict may score, once the bids are open."""
    return tender.bids_opened_at is not None and _panel_cleared(user, tender)


@rule("evaluation.view")
def _evaluation_view(user: Any, tender: Any) -> bool:
    """The evaluation pages: the buyer's managers, and anyone on the tender's panel (who
    then sees only what their declaration allows)."""
    if buyer_role(user, organisation_id_of(tender), *MANAGERS):
        return True
    return buyer_role(user, organisation_id_of(tender), *BUYER_STAFF_ROLES) and _on_panel(
        user, tender
    )


def _on_panel(user: Any, tender: Any) -> bool:
    seat = _panel_seats(tender).get(user.pk)
    return seat is not None and seat[0] == EVALUATOR_SEAT


@rule("evaluation.lived_experience")
def _evaluation_lived_experience(user: Any, tender: Any) -> bool:
    """A lived-experience member's own panel pages (their questions, their declaration):
    only the person in that seat, unless they declared a conflict. Such a member holds no
    role at the buyer, so no other evaluation page is theirs."""
    seat = _panel_seats(tender).get(user.pk)
    return seat is not None and seat[0] == LIVED_EXPERIENCE_SEAT and not seat[2]


@rule("evaluation.score_anonymised")
def _evaluation_score_anonymised(user: Any, tender: Any) -> bool:
    """Read and score the answers to their chosen questions, with the bidders' names taken
    out: a lived-experience member whose declaration is cleared, once the bids are open."""
    seat = _panel_seats(tender).get(user.pk)
    return (
        tender.bids_opened_at is not None
        and seat is not None
        and seat[0] == LIVED_EXPERIENCE_SEAT
        and seat[1]
    )


@rule("evaluation.report")
def _evaluation_report(user: Any, tender: Any) -> bool:
    """The full scoring trail: the buyer's managers, once the bids are open."""
    return tender.bids_opened_at is not None and buyer_role(
        user, organisation_id_of(tender), *MANAGERS
    )


@rule("feedback.read")
def _feedback_read(user: Any, bid: Any) -> bool:
    """A feedback letter: only the bidder it is for, once standstill has started, and the
    buyer's managers once the bids are open."""
    tender = bid.tender
    if supplier_role(user, bid.supplier_id, Role.SUPPLIER, Role.ADMIN):
        return tender.status in {"standstill", "ready_to_award", "awarded"}
    return tender.bids_opened_at is not None and buyer_role(user, tender.organisation_id, *MANAGERS)


@rule("bidder_feedback.give")
def _bidder_feedback_give(user: Any, request: Any) -> bool:
    """A bidder asked how a tender's process was answers once, for its own organisation."""
    return not request.responded and supplier_role(
        user, request.supplier_id, Role.SUPPLIER, Role.ADMIN
    )


@rule("bidder_feedback.view")
def _bidder_feedback_view(user: Any, tender: Any) -> bool:
    """What bidders said about the process: the buyer's managers (the page itself shows
    figures only once enough bidders answered that none can be traced)."""
    return buyer_role(user, organisation_id_of(tender), *MANAGERS)


# --- Supplier portal and dialogue ------------------------------------------------------
COUNCIL_READERS = (*BUYER_STAFF_ROLES, Role.VIEWER)
SUPPLIER_ACTORS = (Role.SUPPLIER, Role.ADMIN)


@rule("supplier.act")
def _supplier_act(user: Any, supplier: Organisation) -> bool:
    """May this person act for this supplier in the portal: take part in a tender, ask,
    respond, book, submit an outline, message the buyer or withdraw?"""
    return supplier.is_supplier and supplier_role(user, supplier.pk, *SUPPLIER_ACTORS)


@rule("engagement.manage")
def _engagement_manage(user: Any, obj: Any) -> bool:
    """Open, change and close a market engagement (obj: the engagement or its commission)."""
    return buyer_role(user, organisation_id_of(obj), *MANAGERS)


@rule("engagement.view")
def _engagement_view(user: Any, engagement: Any) -> bool:
    """An engagement is public once opened; a draft only to the council."""
    if engagement.status != "draft":
        return True
    return buyer_role(user, engagement.organisation_id, *COUNCIL_READERS)


@rule("engagement.insights")
def _engagement_insights(user: Any, engagement: Any) -> bool:
    """Every submitted response and the insights drawn from them: the buyer's staff only."""
    return buyer_role(user, engagement.organisation_id, *BUYER_STAFF_ROLES)


@rule("engagement_response.read")
def _engagement_response_read(user: Any, response: Any) -> bool:
    """The responding supplier always; the buyer's staff once it is submitted."""
    if supplier_role(user, response.supplier_id):
        return True
    return response.submitted_at is not None and buyer_role(
        user, response.engagement.organisation_id, *BUYER_STAFF_ROLES
    )


def _participation_ids(tender: Any) -> tuple[frozenset[int], frozenset[int]]:
    """The suppliers still in the process of a tender (taking part, not withdrawn and not
    taken out by the buyer), and those the buyer took out of it (excluded, not taken
    forward at a stage, or failed the conditions of participation). One query per tender
    object; the services that change a participation drop the cached value."""
    cached = getattr(tender, "_participant_supplier_ids", None)
    if cached is None:
        from django.apps import apps

        participant = apps.get_model("procurement", "TenderParticipant")
        in_process: set[int] = set()
        removed: set[int] = set()
        rows = participant.objects.filter(tender_id=tender.pk).values_list(
            "supplier_id",
            "withdrawn_at",
            "excluded_at",
            "not_taken_forward_at",
            "conditions_passed",
        )
        for supplier_id, withdrawn_at, excluded_at, not_forward_at, passed in rows:
            if excluded_at is not None or not_forward_at is not None or passed is False:
                removed.add(supplier_id)
            elif withdrawn_at is None:
                in_process.add(supplier_id)
        cached = (frozenset(in_process), frozenset(removed))
        tender._participant_supplier_ids = cached
    return cached


def _participant_supplier_ids(tender: Any) -> frozenset[int]:
    """The suppliers still in the process of a tender."""
    return _participation_ids(tender)[0]


def _removed(user: Any, tender: Any, supplier_id: int | None = None) -> bool:
    """Belongs to a supplier the buyer took out of this tender's process (that supplier
    only, when `supplier_id` is given)."""
    removed = _participation_ids(tender)[1]
    if supplier_id is not None:
        return supplier_id in removed
    return any(supplier_role(user, pk) for pk in removed)


def _is_participant(user: Any, tender: Any) -> bool:
    return any(
        supplier_role(user, supplier_id) for supplier_id in _participant_supplier_ids(tender)
    )


@rule("tender.participant")
def _tender_participant(user: Any, tender: Any) -> bool:
    """Belongs to a supplier still taking part in this tender."""
    return _is_participant(user, tender)


@rule("tender.dialogue_view")
def _tender_dialogue_view(user: Any, tender: Any) -> bool:
    """The clarification log and the list of dialogue rounds: the council and participants."""
    if buyer_role(user, tender.organisation_id, *COUNCIL_READERS):
        return True
    return tender.is_public and _is_participant(user, tender)


@rule("clarification.read")
def _clarification_read(user: Any, clarification: Any) -> bool:
    """The asker and the buyer's staff; every participant still in the process once
    published (anonymised). A supplier the buyer took out of the process reads none,
    not even its own."""
    if supplier_role(user, clarification.supplier_id):
        return not _removed(user, clarification.tender, clarification.supplier_id)
    if buyer_role(user, clarification.tender.organisation_id, *BUYER_STAFF_ROLES):
        return True
    return clarification.status == "published" and _is_participant(user, clarification.tender)


@rule("participation.read")
def _participation_read(user: Any, participant: Any) -> bool:
    """One supplier's part in a tender (its message thread, its withdrawal): that supplier
    and the buyer's staff."""
    if supplier_role(user, participant.supplier_id):
        return True
    return buyer_role(user, participant.tender.organisation_id, *BUYER_STAFF_ROLES)


@rule("participation.act")
def _participation_act(user: Any, participant: Any) -> bool:
    return supplier_role(user, participant.supplier_id, *SUPPLIER_ACTORS)


def _invited_supplier_ids(dialogue_round: Any) -> frozenset[int]:
    ids = getattr(dialogue_round, "_invited_supplier_ids", None)
    if ids is None:
        ids = frozenset(dialogue_round.invited.values_list("pk", flat=True))
        dialogue_round._invited_supplier_ids = ids
    return ids


@rule("round.view")
def _round_view(user: Any, dialogue_round: Any) -> bool:
    """The council always; invited bidders once the round is open, unless the buyer has
    taken them out of the process (their own feedback stays on the page that says so)."""
    if buyer_role(user, dialogue_round.tender.organisation_id, *COUNCIL_READERS):
        return True
    if dialogue_round.status == "planned":
        return False
    return any(
        supplier_role(user, pk) and not _removed(user, dialogue_round.tender, pk)
        for pk in _invited_supplier_ids(dialogue_round)
    )


@rule("outline.read")
def _outline_read(user: Any, outline: Any) -> bool:
    """The bidder always; the buyer's staff once it is submitted."""
    if supplier_role(user, outline.supplier_id):
        return True
    return outline.submitted_at is not None and buyer_role(
        user, outline.round.tender.organisation_id, *BUYER_STAFF_ROLES
    )


@rule("round_feedback.read")
def _round_feedback_read(user: Any, feedback: Any) -> bool:
    """Private feedback: the buyer's staff, and the one bidder it is for once the round
    has closed. No other bidder, ever."""
    if buyer_role(user, feedback.round.tender.organisation_id, *BUYER_STAFF_ROLES):
        return True
    return feedback.round.status == "closed" and supplier_role(user, feedback.supplier_id)


# --- Contracts ---------------------------------------------------------------------------
@rule("contract.view")
def _contract_view(user: Any, contract: Any) -> bool:
    if buyer_role(user, contract.organisation_id, *BUYER_STAFF_ROLES, Role.VIEWER):
        return True
    return contract.provider_id is not None and supplier_role(user, contract.provider_id)


@rule("contract.list")
def _contract_list(user: Any, organisation: Organisation) -> bool:
    """A public body's staff see its register; a supplier's people see what it provides."""
    if organisation.is_supplier:
        return supplier_role(user, organisation.pk)
    return buyer_role(user, organisation.pk, *BUYER_STAFF_ROLES, Role.VIEWER)


@rule("contract.manage")
def _contract_manage(user: Any, contract: Any) -> bool:
    return buyer_role(user, organisation_id_of(contract), Role.CONTRACT_MANAGER, *MANAGERS)


@rule("checkin.write")
def _checkin_write(user: Any, contract: Any) -> bool:
    if _contract_manage(user, contract):
        return True
    return contract.provider_id is not None and supplier_role(
        user, contract.provider_id, Role.SUPPLIER, Role.ADMIN
    )


@rule("contract.provide")
def _contract_provide(user: Any, contract: Any) -> bool:
    """Speaks for the provider: its supplier people, or for an in-house or unlisted team,
    the buyer's contract managers (who lead those services)."""
    if contract.provider_id is None:
        return _contract_manage(user, contract)
    return supplier_role(user, contract.provider_id, Role.SUPPLIER, Role.ADMIN)


@rule("contract.provider_reads")
def _contract_provider_reads(user: Any, contract: Any) -> bool:
    """Belongs to the provider organisation, so reads what the provider side wrote."""
    return contract.provider_id is not None and supplier_role(user, contract.provider_id)


@rule("contract.buyer_reads")
def _contract_buyer_reads(user: Any, contract: Any) -> bool:
    """Works for the buyer, so reads what the buyer side wrote."""
    return buyer_role(user, contract.organisation_id, *BUYER_STAFF_ROLES, Role.VIEWER)


@rule("checkin.invite_voices")
def _checkin_invite_voices(user: Any, checkin: Any) -> bool:
    """Ask people who use the service how it is going: the buyer's contract managers, while
    the check-in is still to be shared."""
    return checkin.status != "published" and _contract_manage(user, checkin.contract)


@rule("checkin.report")
def _checkin_report(user: Any, checkin: Any) -> bool:
    """A shared check-in may be read by both sides; a check-in still being written may not."""
    return checkin.status == "published" and _contract_view(user, checkin.contract)


# --- Reports -----------------------------------------------------------------------------
@rule("report.view")
def _report_view(user: Any, report: Any) -> bool:
    return report.requested_by_id == user.pk or buyer_role(
        user, report.organisation_id, *BUYER_STAFF_ROLES
    )


# --- The read API ------------------------------------------------------------------------
@rule("api_token.manage")
def _api_token_manage(user: Any, organisation: Organisation) -> bool:
    """Create, list and revoke the organisation's API tokens: its administrators."""
    return has_role(user, organisation.pk, Role.ADMIN)


@rule("api.own_records")
def _api_own_records(client: Any, organisation: Organisation) -> bool:
    """Read an organisation's own records through the API (its contracts, as the register
    shows them to its viewers): a live token of that organisation, never a person's
    session. The token reads only; the API has no way to change anything."""
    return getattr(client, "api_organisation_id", None) == organisation.pk


@rule("api.own_buying_records")
def _api_own_buying_records(client: Any, organisation: Organisation) -> bool:
    """Its tenders (drafts included) and its commissions: buyer records, so a public
    body's token only, as a council viewer reads them on the pages."""
    return organisation.is_public_body and _api_own_records(client, organisation)


# --- Learning ----------------------------------------------------------------------------
@rule("learning.search")
def _learning_search(user: Any, obj: Any) -> bool:
    """Past learning (obj: the council, or any of its records): the council's staff. It
    holds check-in stories, withdrawals and evaluators' concerns, so never suppliers."""
    return buyer_role(user, organisation_id_of(obj), *BUYER_STAFF_ROLES)


@rule("learning.pin")
def _learning_pin(user: Any, commission: Any) -> bool:
    """Pin a past lesson to a commission ("we considered this"): whoever may edit it."""
    return _commissioning_edit(user, commission)


def learning_organisation_ids(user: Any) -> list[int]:
    """The councils whose learning this person may search: where they are staff."""
    return sorted(
        org
        for org, (kind, held) in _standing(user).items()
        if kind == OrganisationKind.PUBLIC_BODY and held & BUYER_STAFF_ROLES
    )
