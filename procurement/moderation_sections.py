"""Each bid's part of the moderation page, kept drawn in the shared cache.

The page shows, for one question and a page of 25 bids, each bid's answer, every
evaluator's score and reasons, the concerns raised and the consensus (or the form to
agree it), and drawing those was most of the page's cost. Each part is kept under a key
made of what it shows: the bid and question, whether the viewer moderates here (the form,
with the buyer-only moderation note, or the agreed score), the tender's scale, the
release that drew it (core/release.py), and the digest that the page's own bid query reads for each bid
(`selectors.moderation_bids`: supplier, answer, scores, evaluators' names, concerns,
consensus). A change to any of these gives a new key, so no write has to announce it, and
a change not yet committed is seen only by the transaction that made it (the digest is
read in it). Which bids a viewer sees, and whether they may see the page at all, is decided
before, by the view, as it always was.

A form carries a CSRF token, which must never be kept: a part holds the form's fields
only, and the page draws `<form>` and the token around it. Parts are drawn without the
request, so no token can get into one. A form sent back with errors is drawn afresh and
not kept. When Redis is down every part is drawn, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.forms import Form
from django.template import loader
from django.utils.safestring import SafeString, mark_safe

from core.release import release_digest
from procurement import selectors
from procurement.forms import ConsensusForm
from procurement.models import Bid, Tender, TenderQuestion

TEMPLATE = "procurement/moderation.html"
# Kept parts never go stale (their key is what they show and the release that drew
# them); this only frees the memory of parts nobody reads.
PART_SECONDS = 600


@dataclass(frozen=True)
class Section:
    bid: Bid
    head: SafeString
    # The consensus form's fields, hidden bid and button; "" when the viewer does not moderate.
    form: SafeString


def _key(tender: Tender, question: TenderQuestion, bid: Bid, may_moderate: bool) -> str:
    return (
        f"moderation-part:{release_digest()}:{question.pk}:{bid.pk}:"
        f"{int(may_moderate)}:{tender.max_score}:{bid.shown_digest}"
    )


def _consensus_form(tender: Tender, bid: Bid, consensus: object) -> ConsensusForm:
    return ConsensusForm(
        prefix=f"b{bid.pk}",
        max_score=tender.max_score,
        initial={
            "score": str(consensus.score) if consensus else None,
            "rationale": consensus.rationale if consensus else "",
            "moderation_note": consensus.moderation_note if consensus else "",
        },
    )


def moderation_sections(
    *,
    tender: Tender,
    question: TenderQuestion,
    bids: list[Bid],
    may_moderate: bool,
    sent_forms: dict[int, Form],
) -> list[Section]:
    """Each bid's part, in the order given: kept ones from the cache (one read), the rest
    read (selectors.moderation_rows: four queries whatever their number) and drawn, then
    kept. `bids` come from selectors.moderation_bids (they carry their digest);
    `sent_forms` are consensus forms sent back with errors, by bid, drawn afresh."""
    keys = {bid.pk: _key(tender, question, bid, may_moderate) for bid in bids}
    kept = cache.get_many(list(keys.values()))
    missing = [bid for bid in bids if keys[bid.pk] not in kept]
    form_part = loader.get_template(f"{TEMPLATE}#bid-form")
    if missing:
        head_part = loader.get_template(f"{TEMPLATE}#bid-head")
        drawn = {}
        for row in selectors.moderation_rows(tender, question, missing):
            context = {"row": row, "may_moderate": may_moderate}
            if may_moderate:
                row["form"] = _consensus_form(tender, row["bid"], row["consensus"])
            drawn[keys[row["bid"].pk]] = (
                head_part.render(context),
                form_part.render(context) if may_moderate else "",
            )
        cache.set_many(drawn, timeout=PART_SECONDS)
        kept.update(drawn)
    sections = []
    for bid in bids:
        head, form = kept[keys[bid.pk]]
        if may_moderate and bid.pk in sent_forms:
            form = form_part.render({"row": {"bid": bid, "form": sent_forms[bid.pk]}})
        # Drawn here from escaped templates, and read back from where this module kept them.
        sections.append(Section(bid=bid, head=mark_safe(head), form=mark_safe(form)))  # noqa: S308
    return sections
