"""Writes for an organisation's own glossary terms."""

from __future__ import annotations

from django.db import transaction

from accounts import permissions
from accounts.models import Organisation, User
from accounts.services import audit_record
from commissioning.models import GlossaryTerm
from core.errors import DomainError


def _check_unique(*, organisation: Organisation, term: str, exclude_pk: int | None = None) -> None:
    clashes = GlossaryTerm.objects.filter(organisation=organisation, term__iexact=term)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    if clashes.exists():
        raise DomainError(f"Your glossary already has “{term}”")


@transaction.atomic
def glossary_term_create(
    *,
    organisation: Organisation,
    term: str,
    plain_alternative: str,
    explanation: str = "",
    by: User,
) -> GlossaryTerm:
    """Add a term to an organisation's glossary; commissioners and admins only.

    A term with the same words as a starter term replaces it for this organisation.
    """
    permissions.require(by, "commissioning.edit", organisation)
    term = " ".join(term.split())
    _check_unique(organisation=organisation, term=term)
    glossary_term = GlossaryTerm.objects.create(
        organisation=organisation,
        term=term,
        plain_alternative=plain_alternative,
        explanation=explanation,
    )
    audit_record(
        actor=by,
        verb="created",
        target=glossary_term,
        changes={"term": [None, term], "plain_alternative": [None, plain_alternative]},
    )
    return glossary_term


@transaction.atomic
def glossary_term_update(
    *,
    glossary_term: GlossaryTerm,
    term: str,
    plain_alternative: str,
    explanation: str = "",
    by: User,
) -> GlossaryTerm:
    """Change one of the organisation's own terms; starter terms cannot be changed."""
    if glossary_term.organisation_id is None:
        raise DomainError("Starter terms cannot be changed. Add your own term instead")
    permissions.require(by, "commissioning.edit", glossary_term)
    glossary_term = GlossaryTerm.objects.select_for_update().get(pk=glossary_term.pk)
    term = " ".join(term.split())
    _check_unique(organisation=glossary_term.organisation, term=term, exclude_pk=glossary_term.pk)
    changes = {
        name: [getattr(glossary_term, name), value]
        for name, value in {
            "term": term,
            "plain_alternative": plain_alternative,
            "explanation": explanation,
        }.items()
        if getattr(glossary_term, name) != value
    }
    for name, (_, value) in changes.items():
        setattr(glossary_term, name, value)
    glossary_term.save()
    audit_record(actor=by, verb="updated", target=glossary_term, changes=changes)
    return glossary_term


@transaction.atomic
def glossary_term_delete(*, glossary_term: GlossaryTerm, by: User) -> None:
    """Remove one of the organisation's own terms; starter terms stay for everyone."""
    if glossary_term.organisation_id is None:
        raise DomainError("Starter terms cannot be removed")
    permissions.require(by, "commissioning.edit", glossary_term)
    audit_record(
        actor=by, verb="deleted", target=glossary_term, changes={"term": [glossary_term.term, None]}
    )
    glossary_term.delete()
