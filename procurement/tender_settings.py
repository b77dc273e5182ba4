"""How a tender is scored, and a buyer's own procurement rules.

A tender's score scale (0 to `max_score`, 3 to 10) has a plain-language descriptor for
every score, so evaluators score against the same words bidders read. The price formula
is one of `PriceFormula`. A buyer may lengthen its standstill period (never below the
8 working days of the Procurement Act 2023) and raise its social value floor (never
below the 10% of PPN 002).
"""

from __future__ import annotations

from django.db import transaction

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import audit_record
from core.errors import DomainError
from procurement.models import (
    DEFAULT_SCORE_DESCRIPTORS,
    BuyerProcurementSettings,
    PriceFormula,
    Procedure,
    Tender,
    TenderStatus,
)

MIN_SCORE_SCALE = 3
MAX_SCORE_SCALE = 10
MIN_STANDSTILL_DAYS = 8
MIN_SOCIAL_VALUE_FLOOR = 10

PRICE_FORMULA_EXPLANATIONS = {
    PriceFormula.LOWEST_RATIO: (
        "The lowest price gets the full price weight. Every other bid gets the lowest price "
        "divided by its own price, times the price weight. For example, with a price weight "
        "of 20%, a bid twice the lowest price scores 10%."
    ),
    PriceFormula.LINEAR: (
        "The lowest price gets the full price weight. A bid loses 1% of the price weight for "
        "every 1% it is above the lowest price, down to 0. For example, with a price weight "
        "of 20%, a bid 25% above the lowest price scores 15%, and a bid twice the lowest "
        "price or more scores 0."
    ),
}


def descriptors_for(tender: Tender) -> list[str]:
    """The descriptor for each score 0..max_score. Tenders never given their own use the
    defaults, which are written for 0 to 5."""
    stored = list(tender.score_descriptors or [])
    if len(stored) == tender.max_score + 1 and all(str(text).strip() for text in stored):
        return stored
    if tender.max_score + 1 == len(DEFAULT_SCORE_DESCRIPTORS):
        return list(DEFAULT_SCORE_DESCRIPTORS)
    return stored


def scoring_problems(tender: Tender) -> list[str]:
    """What stops this tender's score scale from being usable; empty when it is."""
    descriptors = descriptors_for(tender)
    missing = [
        str(score)
        for score in range(tender.max_score + 1)
        if score >= len(descriptors) or not str(descriptors[score]).strip()
    ]
    if missing:
        return [f"Describe what each score means: score {', '.join(missing)} has no descriptor."]
    return []


def direct_award_problems(procedure: str, justification: str) -> list[str]:
    if procedure == Procedure.DIRECT_AWARD and not justification.strip():
        return ["Explain why this contract is being awarded directly, without a competition."]
    return []


@transaction.atomic
def tender_scoring_update(
    *,
    tender: Tender,
    max_score: int,
    descriptors: list[str],
    price_formula: str,
    by: User,
) -> Tender:
    """Set a draft tender's score scale and price formula.

    Commissioners and administrators of the buyer only, and only while the tender is a
    draft: once bidders have read the scale it cannot change. The maximum score is 3 to
    10 and every score from 0 to the maximum needs a descriptor.
    """
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can only change how bids are scored before the tender is published.")
    if not MIN_SCORE_SCALE <= max_score <= MAX_SCORE_SCALE:
        raise DomainError(
            f"The maximum score must be between {MIN_SCORE_SCALE} and {MAX_SCORE_SCALE}."
        )
    if price_formula not in PriceFormula.values:
        raise DomainError("Choose how price is scored.")
    cleaned = [text.strip() for text in descriptors[: max_score + 1]]
    if len(cleaned) < max_score + 1 or not all(cleaned):
        missing = [
            str(score)
            for score in range(max_score + 1)
            if score >= len(cleaned) or not cleaned[score]
        ]
        raise DomainError(f"Enter a descriptor for score {', '.join(missing)}.")
    changes = {
        "max_score": [tender.max_score, max_score],
        "score_descriptors": [descriptors_for(tender), cleaned],
        "price_formula": [tender.price_formula, price_formula],
    }
    tender.max_score = max_score
    tender.score_descriptors = cleaned
    tender.price_formula = price_formula
    tender.save(update_fields=["max_score", "score_descriptors", "price_formula", "updated_at"])
    audit_record(actor=by, verb="scoring changed", target=tender, changes=changes)
    return tender


@transaction.atomic
def tender_justification_update(*, tender: Tender, justification: str, by: User) -> Tender:
    """Record why a draft direct award tender has no competition. It cannot be blank."""
    permissions.require(by, "tender.manage", tender)
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.status != TenderStatus.DRAFT:
        raise DomainError("You can only change the justification before the tender is published.")
    problems = direct_award_problems(tender.procedure, justification)
    if problems:
        raise DomainError(problems[0])
    changes = {
        "direct_award_justification": [
            tender.direct_award_justification,
            justification.strip(),
        ]
    }
    tender.direct_award_justification = justification.strip()
    tender.save(update_fields=["direct_award_justification", "updated_at"])
    audit_record(actor=by, verb="justification changed", target=tender, changes=changes)
    return tender


def buyer_settings_for(organisation: Organisation) -> BuyerProcurementSettings:
    """The buyer's settings, or unsaved defaults when it has never changed them."""
    found = BuyerProcurementSettings.objects.filter(organisation=organisation).first()
    return found or BuyerProcurementSettings(organisation=organisation)


@transaction.atomic
def buyer_settings_update(
    *,
    organisation: Organisation,
    standstill_working_days: int,
    social_value_floor_percent: int,
    by: User,
) -> BuyerProcurementSettings:
    """Set a buyer's standstill period and social value floor.

    The buyer's administrators only. Standstill is at least 8 working days (Procurement
    Act 2023); the social value floor is 10% (PPN 002) to 100%. A new floor applies to
    draft tenders at once: one below it cannot be published until its weights are fixed.
    Tenders already published keep the weights they were published with.
    """
    permissions.require(by, "organisation.manage", organisation)
    if standstill_working_days < MIN_STANDSTILL_DAYS:
        raise DomainError(
            f"The standstill period must be at least {MIN_STANDSTILL_DAYS} working days."
        )
    if not MIN_SOCIAL_VALUE_FLOOR <= social_value_floor_percent <= 100:
        raise DomainError(
            f"The social value floor must be between {MIN_SOCIAL_VALUE_FLOOR}% and 100%."
        )
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    buyer_settings, _ = BuyerProcurementSettings.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    changes = {
        "standstill_working_days": [
            buyer_settings.standstill_working_days,
            standstill_working_days,
        ],
        "social_value_floor_percent": [
            organisation.social_value_floor_percent,
            social_value_floor_percent,
        ],
    }
    buyer_settings.standstill_working_days = standstill_working_days
    buyer_settings.save(update_fields=["standstill_working_days"])
    organisation.social_value_floor_percent = social_value_floor_percent
    organisation.save(update_fields=["social_value_floor_percent"])
    audit_record(
        actor=by,
        verb="procurement settings changed",
        target=organisation,
        organisation=organisation,
        changes=changes,
    )
    return buyer_settings
