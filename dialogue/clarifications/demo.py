"""Demo clarifications on a tender in dialogue: three published (anonymised), one answered
privately with a reason and one awaiting an answer. Safe to run twice."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Membership, Organisation, Role, User
from core.errors import DomainError
from dialogue.clarifications.services import clarification_answer, clarification_ask
from dialogue.models import Clarification
from procurement.models import Tender

COMMISSIONER = "commissioner@northbridge.example"


@dataclass(frozen=True)
class DemoQuestion:
    asker: str
    question: str
    answer: str = ""
    published_question: str = ""
    private_reason: str = ""


QUESTIONS = [
    DemoQuestion(
        asker="micro@nibandnettle.example",
        question=(
            "We are a two-person business at Nib and Nettle. Can two small organisations bid "
            "together as a consortium, with one of us as lead?"
        ),
        published_question=(
            "Can two small organisations bid together as a consortium, with one as lead?"
        ),
        answer=(
            "Yes. Name the lead organisation in your bid. The lead signs the contract and "
            "is responsible for the whole service."
        ),
    ),
    DemoQuestion(
        asker="charity@youngfutures.example",
        question="Will the council provide venues for the shared meals, or must we find our own?",
        answer=(
            "The council will provide space in three community centres, rent free. "
            "You pay for utilities above the amounts in the specification."
        ),
    ),
    DemoQuestion(
        asker="social@commontable.example",
        question="Can volunteers count towards the staffing levels in the specification?",
        answer=(
            "Volunteers can count for up to a third of the staffing at any session, as long "
            "as a paid, trained member of staff is always present."
        ),
    ),
    DemoQuestion(
        asker="social@commontable.example",
        question=(
            "Our current food supplier contract ends in June. Could our existing supplier's "
            "prices be used in our pricing before the new contract is signed?"
        ),
        answer=(
            "Yes. Price on the terms you expect to have on the start date, and say in your "
            "bid which prices are still to be confirmed."
        ),
        private_reason=(
            "Commercially sensitive: the question and answer reveal this supplier's "
            "purchasing arrangements."
        ),
    ),
    DemoQuestion(
        asker="charity@youngfutures.example",
        question="Is there a minimum number of shared meals each venue must serve in school holidays?",
    ),
]


def _supplier_of(person: User) -> Organisation | None:
    membership = (
        Membership.objects.filter(
            user=person, role__in=(Role.SUPPLIER, Role.ADMIN), organisation__kind="supplier"
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return membership.organisation if membership else None


def load(*, tender: Tender, people: dict[str, User]) -> list[str]:
    """Ask and answer the demo questions through the services, skipping any already there.

    The tender's clarification deadline must still be open for questions not yet asked.
    """
    commissioner = people.get(COMMISSIONER)
    if commissioner is None:
        return ["Clarifications: no demo commissioner, none created"]
    created = 0
    lines: list[str] = []
    for demo in QUESTIONS:
        if Clarification.objects.filter(tender=tender, question=demo.question).exists():
            continue
        person = people.get(demo.asker)
        supplier = _supplier_of(person) if person else None
        if person is None or supplier is None:
            lines.append(f"Clarifications: no demo supplier for {demo.asker}, question skipped")
            continue
        try:
            clarification = clarification_ask(
                tender=tender, supplier=supplier, question=demo.question, by=person
            )
            if demo.answer:
                clarification_answer(
                    clarification=clarification,
                    answer=demo.answer,
                    publish=not demo.private_reason,
                    published_question=demo.published_question,
                    private_reason=demo.private_reason,
                    by=commissioner,
                )
        except DomainError as error:
            lines.append(f"Clarifications: question skipped ({error})")
            continue
        created += 1
    counts = {
        status: Clarification.objects.filter(tender=tender, status=status).count()
        for status in ("published", "answered_privately", "awaiting_answer")
    }
    lines.insert(
        0,
        f"Clarifications on {tender.reference}: {created} created; "
        f"{counts['published']} published, {counts['answered_privately']} answered privately, "
        f"{counts['awaiting_answer']} awaiting an answer",
    )
    return lines
