"""Demo: every demo supplier's exclusion declaration (Nib & Nettle declares a ground that
applies, with what it did to put it right) and one entry on the debarment list. Made
through the services, once."""

from __future__ import annotations

from accounts.models import Organisation, User
from procurement import exclusion
from procurement.exclusion_grounds import GROUNDS
from procurement.models import Debarment, ExclusionDeclaration

# (supplier slug, the person who declares, {ground: (details, self-cleaning)})
DECLARATIONS = (
    (
        "nib-and-nettle",
        "micro@nibandnettle.example",
        {
            "labour_market": (
                "In March 2025 HMRC found we had underpaid two kitchen staff the National "
                "Minimum Wage by £412 in total, after unpaid training time.",
                "We paid the arrears in full the same month, now pay for all training time, "
                "and became a Living Wage employer in 2026.",
            )
        },
    ),
    ("young-futures", "charity@youngfutures.example", {}),
    ("common-table", "social@commontable.example", {}),
    ("amberline", "large@amberline.example", {}),
)
DEBARRED_NAME = "Shortcut Facilities Ltd"


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    made = 0
    for slug, email, applying in DECLARATIONS:
        supplier = Organisation.objects.filter(slug=slug).first()
        if supplier is None or email not in people:
            continue
        if ExclusionDeclaration.objects.filter(supplier=supplier).exists():
            continue
        answers = {
            ground.code: {
                "applies": ground.code in applying,
                "details": applying.get(ground.code, ("", ""))[0],
                "self_cleaning": applying.get(ground.code, ("", ""))[1],
            }
            for ground in GROUNDS
        }
        exclusion.declaration_submit(supplier=supplier, answers=answers, by=people[email])
        made += 1
    if not Debarment.objects.filter(name=DEBARRED_NAME).exists():
        exclusion.debarment_add(
            name=DEBARRED_NAME,
            company_number="07777001",
            reason="Convicted of fraud against a council in 2025 (Schedule 6, Part 1).",
        )
    return [f"{made} exclusion declarations; {DEBARRED_NAME} is on the debarment list."]
