"""Reads for tender and bid pages, with the related rows each page shows loaded up front."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)

from accounts import permissions
from accounts.models import Membership, Organisation, Role, User
from commissioning.models import Commission, SpecificationVersion
from core.queries import count_of, read_as_empty
from core.sql_rows import ModelColumns, cache_related
from procurement import lots, results, tender_sql
from procurement.models import (
    AwardNotice,
    Bid,
    BidAnswer,
    BidLot,
    BidStatus,
    Concern,
    ConsensusScore,
    FeedbackLetter,
    Lot,
    PanelKind,
    PanelMember,
    ParticipationCondition,
    PriceLine,
    Score,
    Tender,
    TenderChange,
    TenderParticipant,
    TenderQuestion,
)


def tenders_for_buyer(organisation: Organisation) -> QuerySet[Tender]:
    """A buyer's tenders, newest deadline first, with how many bids were submitted."""
    return (
        Tender.objects.filter(organisation=organisation)
        .select_related("commission")
        .annotate(
            submitted_bids=count_of(Bid.objects.filter(status=BidStatus.SUBMITTED), to="tender")
        )
        .order_by("-submission_deadline", "-pk")
    )


def tenders_for_commission(commission: Commission) -> list[Tender]:
    """A commission's tenders with the specification version each was run on."""
    return list(
        Tender.objects.filter(commission=commission)
        .select_related("specification_version")
        .order_by("-submission_deadline", "-pk")
    )


def tender_get(
    pk: int, *, buyer_panel: bool = True, supplier: Organisation | None = None
) -> Tender | None:
    """A tender with its buyer, questions (each with its criterion), criteria and lots (each
    lot with its winner), how many bids are submitted, and whether it has any participation
    conditions, changes and award notices, so that the tender page reads those only when
    there are some. Unless `buyer_panel` is false (a bidder's page), it comes with what the
    buyer's panel shows: its commission, specification version and who opened the bids;
    should such a viewer see the panel after all, each is read when shown.
    Its lots are read only when it has some (most tenders have none).
    With `supplier`, the organisation a bidder acts for, it comes with that supplier's own
    bid and taking part, joined in the same query (see `own_rows`), and nobody else's.
    Read as SQL written once per process (`procurement.tender_sql`): three queries."""
    read = tender_sql.tender_row(
        pk, _tender_page_facts(), buyer_panel=buyer_panel, supplier=supplier
    )
    if read is None:
        return None
    tender, bid, participant = read
    if supplier is not None:
        tender.own_rows = OwnRows(supplier_id=supplier.pk, bid=bid, participant=participant)
    tender_sql.read_questions_and_criteria(tender)
    if tender.has_lots:
        lots = Lot.objects.select_related("winning_bid__supplier")
        prefetch_related_objects([tender], Prefetch("lots", queryset=lots))
    else:
        read_as_empty(tender, "lots")
    return tender


@dataclass(frozen=True)
class OwnRows:
    """A supplier's own bid and taking part in one tender, each with its tender and the
    supplier, or None where it has none."""

    supplier_id: int
    bid: Bid | None
    participant: TenderParticipant | None


def own_rows(tender: Tender, supplier: Organisation) -> OwnRows | None:
    """The supplier's own bid and taking part when `tender_get` read the tender with them
    for this supplier; None when it did not (then read them)."""
    read = getattr(tender, "own_rows", None)
    return read if read is not None and read.supplier_id == supplier.pk else None


def tender_for_moderation(pk: int) -> Tender | None:
    """A tender for its moderation page, which shows its questions, and none of the
    buyer, commission, specification or criteria that tender_get brings (building them cost
    more than reading them). It comes with `has_lots`, whether it has any (which bids answer
    a question depends on it), `panel_waiting_total`, what panel_members_waiting would
    count, and `moderation_questions`, its questions in order, each with its criterion.
    Two queries written as SQL: built with the ORM, the same two (a prefetch with its
    criteria) took 1.2 ms a page longer to compile and assemble than to run."""
    tender = next(iter(Tender.objects.raw(_MODERATION_TENDER, [pk])), None)
    if tender is not None:
        tender.moderation_questions = tender_sql.questions_with_criteria(tender)
    return tender


_MODERATION_TENDER = f"""SELECT t.*,
  EXISTS (SELECT 1 FROM {Lot._meta.db_table} l WHERE l.tender_id = t.id) AS has_lots,
  (SELECT count(*) FROM {PanelMember._meta.db_table} m WHERE m.tender_id = t.id
   AND m.declared_at IS NOT NULL AND NOT m.has_conflict AND m.scores_submitted_at IS NULL)
  AS panel_waiting_total
FROM {Tender._meta.db_table} t WHERE t.id = %s"""  # noqa: S608 - table names from the models


def _tender_page_facts() -> dict[str, tuple[str, tuple[Any, ...]]]:
    """How many bids are submitted, and whether the tender has any lots, participation
    conditions, changes and award notices, each as (SQL, parameters) read with the tender,
    so the page reads those rows only when there are some. (The same subqueries built from
    ORM expressions took longer to compile, about 2 ms a page, than to run.)"""
    tender = Tender._meta.db_table

    def rows_of(model: type[Model]) -> str:
        return f"SELECT 1 FROM {model._meta.db_table} r WHERE r.tender_id = {tender}.id"  # noqa: S608 - table names from the models

    facts = {
        "submitted_bid_total": (
            f"SELECT count(*) FROM ({rows_of(Bid)} AND r.status = %s) AS submitted",  # noqa: S608 - table names from the models, the status as a parameter
            (BidStatus.SUBMITTED.value,),
        )
    }
    for name, model in (
        ("has_lots", Lot),
        ("has_conditions", ParticipationCondition),
        ("has_changes", TenderChange),
        ("has_award_notices", AwardNotice),
    ):
        facts[name] = (f"EXISTS ({rows_of(model)})", ())
    return facts


def submitted_bid_count(tender: Tender) -> int:
    """How many bids are in. The only fact about bids a buyer sees before opening."""
    counted = getattr(tender, "submitted_bid_total", None)  # read with the tender (tender_get)
    if counted is not None:
        return counted
    return tender.bids.filter(status=BidStatus.SUBMITTED).count()


def opened_bids(tender: Tender) -> list[Bid]:
    """The submitted bids of a tender; each carries its tender so permission checks are free."""
    bids = list(
        tender.bids.filter(status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("supplier__name")
    )
    for bid in bids:
        bid.tender = tender
    return bids


def bid_for_supplier(
    tender: Tender, supplier: Organisation, *, with_answers: bool = True
) -> Bid | None:
    """The supplier's bid for the tender, if any (with its answers unless the page shows
    only the bid's state, which it may have read with the tender: `own_rows`)."""
    read = own_rows(tender, supplier) if not with_answers else None
    if read is not None:
        return read.bid
    bids = Bid.objects.filter(tender=tender, supplier=supplier)
    bid = (bids.prefetch_related("answers") if with_answers else bids).first()
    if bid is not None:
        bid.tender = tender
    return bid


def bid_get(pk: int) -> Bid | None:
    return (
        Bid.objects.select_related("tender__organisation", "supplier", "submitted_by")
        .prefetch_related(
            "answers__question",
            "tender__questions",
            "price_lines__lot",
            "commitments__measure",
            "attachments",
            "bid_lots__lot",
        )
        .filter(pk=pk)
        .first()
    )


def bids_for_supplier(organisation: Organisation) -> QuerySet[Bid]:
    return (
        Bid.objects.filter(supplier=organisation)
        .select_related("tender__organisation")
        .prefetch_related("bid_lots__lot")
    )


def issued_versions_for(commission: Commission) -> QuerySet[SpecificationVersion]:
    """The issued versions of a commission's specification, newest first."""
    return SpecificationVersion.objects.filter(specification__commission=commission).order_by(
        "-number"
    )


# --- Taking part ---------------------------------------------------------------------------
def participations_active() -> QuerySet[TenderParticipant]:
    """Every participation whose supplier is still taking part, in any tender: the query
    form of `TenderParticipant.is_active`, beside its opposite below."""
    return TenderParticipant.objects.filter(withdrawn_at__isnull=True)


def participations_withdrawn() -> QuerySet[TenderParticipant]:
    """Every participation whose supplier withdrew, in any tender."""
    return TenderParticipant.objects.filter(withdrawn_at__isnull=False)


def participations_in_process() -> QuerySet[TenderParticipant]:
    """Every participation still in its tender's process, in any tender: not withdrawn and
    not taken out by the buyer (the query form of `TenderParticipant.is_in_process`). Only
    these take part in dialogue and hear about it."""
    return (
        participations_active()
        .filter(excluded_at__isnull=True, not_taken_forward_at__isnull=True)
        .exclude(conditions_passed=False)
    )


def participants_active(tender: Tender) -> QuerySet[TenderParticipant]:
    """The suppliers still taking part in a tender, with their organisation."""
    return participations_active().filter(tender=tender).select_related("supplier")


def participants_in_process(tender: Tender) -> QuerySet[TenderParticipant]:
    """The suppliers still in a tender's process, with their organisation."""
    return participations_in_process().filter(tender=tender).select_related("supplier")


def supplier_people(supplier_ids: Iterable[int]) -> list[tuple[Organisation, User]]:
    """The people who act for these suppliers in the portal (their supplier and
    administrator roles), each (supplier, person) once, in one query. Notifications to
    a supplier go to them."""
    people: dict[tuple[int, int], tuple[Organisation, User]] = {}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=list(supplier_ids),
            role__in=permissions.SUPPLIER_ACTORS,
            user__is_active=True,
        )
        .select_related("organisation", "user")
        .order_by("pk")
    )
    for membership in memberships:
        people.setdefault(
            (membership.organisation_id, membership.user_id),
            (membership.organisation, membership.user),
        )
    return list(people.values())


def withdrawal_from(*, tender: Tender, supplier: Organisation) -> TenderParticipant | None:
    """This supplier's withdrawal from this tender (when, why), or None if it has not
    withdrawn."""
    return (
        participations_withdrawn()
        .filter(tender=tender, supplier=supplier)
        .select_related("withdrawn_by")
        .first()
    )


def price_total(lines: Iterable[PriceLine]) -> Decimal:
    """What a price schedule comes to: the sum of quantity times price over the lines."""
    return sum((line.total for line in lines), Decimal("0"))


def supplier_has_withdrawn(*, tender_id: int, supplier_id: int) -> bool:
    """Whether this supplier withdrew from this tender. A supplier that withdrew may not
    take part, start a bid or submit one again."""
    return participations_withdrawn().filter(tender_id=tender_id, supplier_id=supplier_id).exists()


# --- Evaluation ------------------------------------------------------------------------------
def panel_for(tender: Tender) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(tender=tender)
        .select_related("evaluator")
        .prefetch_related("questions")
    )


def panel_candidates(tender: Tender) -> QuerySet[User]:
    """People at the buyer who could sit on the panel and are not on it yet."""
    return (
        User.objects.filter(
            memberships__organisation_id=tender.organisation_id,
            memberships__role__in=[Role.EVALUATOR, Role.COMMISSIONER, Role.ADMIN],
        )
        .exclude(panel_seats__tender=tender)
        .distinct()
        .order_by("full_name", "email")
    )


def scoring_progress(tender: Tender, user: User) -> dict[int, int]:
    """How many answers this evaluator has scored, per bid."""
    rows = (
        Score.objects.filter(bid__tender=tender, evaluator=user)
        .values("bid_id")
        .annotate(done=Count("pk"))
    )
    return {row["bid_id"]: row["done"] for row in rows}


def bid_for_scoring(pk: int) -> Bid | None:
    return (
        Bid.objects.select_related("tender__organisation", "supplier")
        .prefetch_related(
            "answers",
            Prefetch(
                "tender__questions", queryset=TenderQuestion.objects.select_related("criterion")
            ),
            "attachments",
            "price_lines",
            "commitments__measure",
        )
        .filter(pk=pk, status=BidStatus.SUBMITTED)
        .first()
    )


def own_scores(bid: Bid, user: User) -> dict[int, Score]:
    return {score.question_id: score for score in Score.objects.filter(bid=bid, evaluator=user)}


# What the moderation page shows of one bid for one question, as one JSON value per bid
# (see moderation_bids). Written as SQL: built with the ORM's expressions, the same
# digest cost a fifth of the page's time in building and compiling them on every request.
_SHOWN_DIGEST = """md5(jsonb_build_object(
  'supplier', (SELECT o.name FROM accounts_organisation o WHERE o.id = procurement_bid.supplier_id),
  'answer', (SELECT jsonb_build_object('text', a.text) FROM procurement_bidanswer a
             WHERE a.bid_id = procurement_bid.id AND a.question_id = %s),
  'scores', ARRAY(
    SELECT jsonb_build_object(
      'evaluator', s.evaluator_id, 'name', u.full_name, 'email', u.email, 'score', s.score,
      'rationale', s.rationale, 'lived_experience', EXISTS(
        SELECT 1 FROM procurement_panelmember m WHERE m.tender_id = %s
        AND m.evaluator_id = s.evaluator_id AND m.kind = %s))
    FROM procurement_score s JOIN accounts_user u ON u.id = s.evaluator_id
    WHERE s.bid_id = procurement_bid.id AND s.question_id = %s
    ORDER BY u.full_name, s.evaluator_id),
  'concerns', ARRAY(
    SELECT jsonb_build_object(
      'raised_by', c.raised_by_id, 'name', u.full_name, 'email', u.email, 'text', c.text)
    FROM procurement_concern c LEFT JOIN accounts_user u ON u.id = c.raised_by_id
    WHERE c.bid_id = procurement_bid.id AND c.question_id = %s
    ORDER BY c.created_at, c.id),
  'consensus', (
    SELECT jsonb_build_object(
      'score', k.score, 'rationale', k.rationale, 'moderation_note', k.moderation_note)
    FROM procurement_consensusscore k
    WHERE k.bid_id = procurement_bid.id AND k.question_id = %s)
)::text)"""


def moderation_bids(
    tender: Tender, question: TenderQuestion, *, offset: int, limit: int
) -> tuple[list[Bid], int]:
    """The submitted bids that answer one question, in the moderation page's order (by
    supplier name), `limit` of them from `offset`, each with its supplier and
    `shown_digest`: a digest of everything the page shows for that bid and question (the
    supplier's name, the answer, each score with its evaluator's name and whether they are
    a lived-experience member, the concerns with who raised them, the consensus and its
    note), read by PostgreSQL in the page's own query. Any change to one of these gives a
    new digest, so the page can keep each bid's drawn part under it (see
    procurement/moderation_sections.py); nothing needs to announce a change. With them,
    how many bids answer the question in all, counted in the same query (0 when it found
    no bid at `offset`). The tender comes from tender_for_moderation (`has_lots`).

    Written as SQL: built with the ORM, the query (a join, the digest and the count)
    took longer to compile than to run, on every view of the page."""
    question_pk, kind, status = question.pk, PanelKind.LIVED_EXPERIENCE.value, BidStatus.SUBMITTED
    answering, answering_params = lots.answering_sql(
        question, has_lots=tender.has_lots, bid="procurement_bid"
    )
    counted, counted_params = lots.answering_sql(question, has_lots=tender.has_lots, bid="b")
    params = [
        *(question_pk, tender.pk, kind, question_pk, question_pk, question_pk),  # the digest's
        *(tender.pk, status, *counted_params),
        *(tender.pk, status, *answering_params),
        *(limit, offset),
    ]
    with connection.cursor() as cursor:
        sql = _MODERATION_BIDS.replace("{counted}", counted).replace("{answering}", answering)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    bids = []
    digest = _BID.width + _SUPPLIER.width
    for row in rows:
        bid = _BID.read(row, 0)
        cache_related(bid, "supplier", _SUPPLIER.read(row, _BID.width))
        bid.shown_digest = row[digest]
        bids.append(bid)
    return bids, (rows[0][digest + 1] if rows else 0)


_BID = ModelColumns(Bid, "procurement_bid")
_SUPPLIER = ModelColumns(Organisation, "supplier")
# The digest names the bid's table as procurement_bid, so the page's bids are read under
# that name; {answering} and {counted} are lots.answering_sql's conditions.
_MODERATION_BIDS = f"""SELECT {_BID.sql}, {_SUPPLIER.sql}, {_SHOWN_DIGEST} AS shown_digest,
  (SELECT count(*) FROM {Bid._meta.db_table} b
   WHERE b.tender_id = %s AND b.status = %s AND {{counted}}) AS page_total
FROM {Bid._meta.db_table} procurement_bid
JOIN {Organisation._meta.db_table} supplier ON supplier.id = procurement_bid.supplier_id
WHERE procurement_bid.tender_id = %s AND procurement_bid.status = %s AND {{answering}}
ORDER BY supplier.name, procurement_bid.id LIMIT %s OFFSET %s"""  # noqa: S608 - column and table names from the models


def moderation_rows(
    tender: Tender, question: TenderQuestion, bids: list[Bid]
) -> list[dict[str, Any]]:
    """For one question and a page of bids: each evaluator's score and rationale, the
    spread, the consensus and concerns. Five queries, however many bids and evaluators."""
    ids = [bid.pk for bid in bids]
    scores: dict[int, list[Score]] = {}
    lived_experience = PanelMember.objects.filter(
        tender=tender, evaluator=OuterRef("evaluator_id"), kind=PanelKind.LIVED_EXPERIENCE
    )
    for score in (
        Score.objects.filter(question=question, bid_id__in=ids)
        .select_related("evaluator")
        # Scores from a lived-experience member are labelled as theirs.
        .annotate(lived_experience=Exists(lived_experience))
        .order_by("evaluator__full_name", "evaluator_id")
    ):
        scores.setdefault(score.bid_id, []).append(score)
    consensus = {
        c.bid_id: c for c in ConsensusScore.objects.filter(question=question, bid_id__in=ids)
    }
    concerns: dict[int, list[Concern]] = {}
    for concern in Concern.objects.filter(question=question, bid_id__in=ids).select_related(
        "raised_by"
    ):
        concerns.setdefault(concern.bid_id, []).append(concern)
    answers = {a.bid_id: a for a in BidAnswer.objects.filter(question=question, bid_id__in=ids)}
    rows = []
    for bid in bids:
        bid.tender = tender
        values = [score.score for score in scores.get(bid.pk, [])]
        spread = (max(values) - min(values)) if values else 0
        rows.append(
            {
                "bid": bid,
                "answer": answers.get(bid.pk),
                "scores": scores.get(bid.pk, []),
                "spread": spread,
                "disagreement": spread >= 2,
                "consensus": consensus.get(bid.pk),
                "concerns": concerns.get(bid.pk, []),
            }
        )
    return rows


def bidders_to_declare(tender: Tender) -> list[str]:
    """The organisations a panel member declares against: the suppliers of the submitted
    bids, by name. Empty while bids are sealed (before they are opened)."""
    if tender.bids_opened_at is None:
        return []
    return list(submitted_bids(tender).values_list("supplier__name", flat=True))


@dataclass(frozen=True)
class LotBidders:
    lot: str
    bidders: list[str]


def bidders_by_lot(tender: Tender) -> list[LotBidders]:
    """In a tender split into lots, the bidders each evaluator declares against, grouped
    by the lots they bid for (a bidder for two lots is under both): every panel member
    scores every lot, so declares against every bidder. Empty while bids are sealed, and
    for a tender without lots. Two queries."""
    if tender.bids_opened_at is None:
        return []
    lots = list(tender.lots.all())
    if not lots:
        return []
    names: dict[int, list[str]] = {lot.pk: [] for lot in lots}
    for lot_id, name in (
        BidLot.objects.filter(bid__tender=tender, bid__status=BidStatus.SUBMITTED)
        .order_by("bid__supplier__name", "bid_id")
        .values_list("lot_id", "bid__supplier__name")
    ):
        names[lot_id].append(name)
    return [LotBidders(lot=lot.title, bidders=names[lot.pk]) for lot in lots]


def panel_members_waiting(tender: Tender) -> int:
    """How many cleared panel members have not yet submitted their scores."""
    return PanelMember.objects.filter(
        tender=tender, declared_at__isnull=False, has_conflict=False, scores_submitted_at=None
    ).count()


RANKING_HIDDEN_REASON = (
    "The ranking appears once every answer has an agreed (moderated) quality and social "
    "value score. Until then it would rank the bids on price alone."
)


def ranking_hidden_reason(tender: Tender, ranked: list[results.BidResult]) -> str:
    """Why the ranking is not shown yet, or "" once the quality scores are all agreed: a
    ranking before then is a price-only ranking, which should not steer the moderation."""
    return "" if results.fully_moderated(tender, ranked) else RANKING_HIDDEN_REASON


def submitted_bids(tender: Tender) -> QuerySet[Bid]:
    return (
        Bid.objects.filter(tender=tender, status=BidStatus.SUBMITTED)
        .select_related("supplier")
        .order_by("supplier__name", "pk")
    )


def feedback_letter_for(bid: Bid) -> FeedbackLetter | None:
    return FeedbackLetter.objects.filter(bid=bid).select_related("report").first()


def feedback_letters_for(tender: Tender) -> list[FeedbackLetter]:
    return list(
        FeedbackLetter.objects.filter(bid__tender=tender)
        .select_related("bid__supplier", "report")
        .order_by("bid__supplier__name")
    )
