"""Demo glossary terms of the demo council's own, so the glossary shows both kinds."""

from __future__ import annotations

from typing import Any

from commissioning.models import GlossaryTerm

DEMO_TERMS: list[tuple[str, str, str]] = [
    ("place-based", "in a neighbourhood, with the people who live there", ""),
    ("food insecurity", "not having enough to eat, or not knowing where the next meal is", ""),
    (
        "leverage",
        "draw on",
        "Our own wording: we prefer 'draw on' to the starter glossary's 'use'.",
    ),
]


def load(*, council: Any, people: dict[str, Any]) -> list[str]:
    """Add (or refresh) the council's own glossary terms; safe to run again."""
    done = []
    for term, plain_alternative, explanation in DEMO_TERMS:
        GlossaryTerm.objects.update_or_create(
            organisation=council,
            term=term,
            defaults={"plain_alternative": plain_alternative, "explanation": explanation},
        )
        done.append(f"Glossary term: {term}")
    return done
