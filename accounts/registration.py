"""Supplier registration: a person registers a supplier organisation and runs its profile.

The profile holds what market-shaping needs (type, size, where it works, Living Wage
accreditation). One supplier organisation can bid to any number of buying organisations:
nothing here ties a supplier to a buyer.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from accounts import permissions
from accounts.models import Organisation, OrganisationKind, Role, SupplierType, User
from accounts.services import audit_record, membership_grant, organisation_create
from core.errors import DomainError
from core.text import word_count

DESCRIPTION_WORD_LIMIT = 150

# Outward code (area, district) then inward code (sector, unit), as Royal Mail defines them.
POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
# Companies House: 8 digits, or a 2-letter prefix (SC, NI, OC...) and 6 digits.
COMPANY_NUMBER = re.compile(r"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")
# England and Wales: 6 or 7 digits. Scotland: SC and 6 digits. Northern Ireland: NIC and 6.
CHARITY_NUMBER = re.compile(r"^([0-9]{6,7}|SC[0-9]{6}|NIC[0-9]{6})$")

PROFILE_FIELDS = (
    "name",
    "supplier_type",
    "staff_count",
    "postcode",
    "places_served",
    "company_number",
    "charity_number",
    "living_wage_accredited",
    "description",
)


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def postcode_normalise(value: str) -> str:
    """A UK postcode in capitals with one space before the inward code; DomainError if not."""
    squashed = _squash(value)
    if not POSTCODE.match(squashed):
        raise DomainError("Enter a real UK postcode, like SW1A 1AA.")
    return f"{squashed[:-3]} {squashed[-3:]}"


def company_number_normalise(value: str) -> str:
    squashed = _squash(value)
    if squashed and not COMPANY_NUMBER.match(squashed):
        raise DomainError(
            "Enter a company number of 8 characters: 8 digits, or 2 letters and 6 digits."
        )
    return squashed


def charity_number_normalise(value: str) -> str:
    squashed = _squash(value)
    if squashed and not CHARITY_NUMBER.match(squashed):
        raise DomainError(
            "Enter a charity number: 6 or 7 digits in England and Wales, SC and 6 digits in "
            "Scotland, or NIC and 6 digits in Northern Ireland."
        )
    return squashed


def _clean_profile(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and tidy profile fields; errors name the field they belong to."""
    errors: dict[str, str] = {}
    cleaned = dict(fields)
    for name, normalise in (
        ("postcode", postcode_normalise),
        ("company_number", company_number_normalise),
        ("charity_number", charity_number_normalise),
    ):
        try:
            cleaned[name] = normalise(fields.get(name, ""))
        except DomainError as error:
            errors[name] = str(error)
    if fields.get("supplier_type") not in SupplierType.values:
        errors["supplier_type"] = "Select the type of organisation."
    if fields.get("supplier_type") == SupplierType.CHARITY and not cleaned.get("charity_number"):
        errors.setdefault("charity_number", "Enter your charity number.")
    if word_count(fields.get("description", "")) > DESCRIPTION_WORD_LIMIT:
        errors["description"] = (
            f"Describe your organisation in {DESCRIPTION_WORD_LIMIT} words or fewer."
        )
    if not (fields.get("name") or "").strip():
        errors["name"] = "Enter the name of your organisation."
    if errors:
        raise ProfileInvalid(errors)
    cleaned["name"] = cleaned["name"].strip()
    return cleaned


class ProfileInvalid(DomainError):
    """Several profile fields are wrong; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "supplier"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def supplier_organisation_register(*, user: User, **profile: Any) -> Organisation:
    """Register a supplier organisation; the person registering becomes its administrator
    and a supplier member, so they can invite colleagues and bid straight away.

    Company and charity numbers and the postcode must be in a valid UK format; a charity
    gives its charity number; the description keeps to the word limit.
    """
    if not user.is_authenticated:
        raise DomainError("Sign in to register an organisation.")
    cleaned = _clean_profile({name: profile.get(name, "") for name in PROFILE_FIELDS})
    name = cleaned.pop("name")
    organisation = organisation_create(
        name=name,
        slug=_unique_slug(name),
        kind=OrganisationKind.SUPPLIER,
        created_by=user,
        **cleaned,
    )
    # The cached roles predate the new admin role.
    permissions.forget_roles(user)
    membership_grant(organisation=organisation, user=user, role=Role.SUPPLIER, by=user)
    return organisation


@transaction.atomic
def supplier_profile_update(
    *, organisation: Organisation, by: User, **profile: Any
) -> Organisation:
    """Change a supplier's profile. Only the organisation's administrators may."""
    permissions.require(by, "organisation.manage", organisation)
    if not organisation.is_supplier:
        raise DomainError("Only supplier organisations have a supplier profile.")
    cleaned = _clean_profile({name: profile.get(name, "") for name in PROFILE_FIELDS})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = {
        name: [getattr(organisation, name), value]
        for name, value in cleaned.items()
        if getattr(organisation, name) != value
    }
    for name, value in cleaned.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=list(cleaned))
    if changes:
        audit_record(actor=by, verb="profile updated", target=organisation, changes=changes)
    return organisation


@transaction.atomic
def public_body_details_update(
    *, organisation: Organisation, postcode: str, by: User
) -> Organisation:
    """Change a public body's details: its postcode, which decides which suppliers are
    local on mission pages (a supplier registered in the same postcode area). Blank clears
    it. Only the organisation's administrators may; audited."""
    permissions.require(by, "organisation.manage", organisation)
    if not organisation.is_public_body:
        raise DomainError("Only public bodies have these details.")
    try:
        postcode = postcode_normalise(postcode) if postcode.strip() else ""
    except DomainError as error:
        raise DomainError(str(error), field="postcode") from error
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.postcode != postcode:
        changes = {"postcode": [organisation.postcode, postcode]}
        organisation.postcode = postcode
        organisation.save(update_fields=["postcode"])
        audit_record(actor=by, verb="details updated", target=organisation, changes=changes)
    return organisation
