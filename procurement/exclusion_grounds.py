"""The exclusion grounds of the Procurement Act 2023, in plain words.

Schedule 6 lists the mandatory grounds: if one applies and the circumstances are likely to
happen again, the supplier must be excluded (section 57). Schedule 7 lists the
discretionary grounds: the buyer may exclude (section 58). A supplier that has put things
right ("self-cleaning", section 58(2) and the guidance on exclusions) explains what it did.

The list is fixed here, not in the database: it changes only when the law does. Each
explanation is Kindred's own short summary, not the Act's text; the citation says where
to read the law. Schedule 6 paragraph 44 names paragraphs 2, 3, 4 to 11 and 13, 12 and
17, 14, 23 to 25 and 27 and 28 as cited here; the tax offences (15, 16 and 18 to 20) are
not yet checked against the Act's text. Schedule 7 paragraphs 1 to 3 are the labour market
and slavery orders and offences; the other discretionary grounds are cited by their
heading in Schedule 7 until their paragraphs are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

MANDATORY = "mandatory"
DISCRETIONARY = "discretionary"


@dataclass(frozen=True)
class Ground:
    code: str
    kind: str
    title: str
    explanation: str
    citation: str

    @property
    def is_mandatory(self) -> bool:
        return self.kind == MANDATORY


GROUNDS: tuple[Ground, ...] = (
    Ground(
        "manslaughter",
        MANDATORY,
        "Corporate manslaughter or homicide",
        "The organisation, or someone who controls it, was convicted of causing a death "
        "through gross failures in how it was run.",
        "Schedule 6, paragraph 2",
    ),
    Ground(
        "terrorism",
        MANDATORY,
        "Terrorism",
        "A conviction for a terrorism offence, such as funding or helping terrorism.",
        "Schedule 6, paragraph 3",
    ),
    Ground(
        "theft_fraud",
        MANDATORY,
        "Theft, fraud and dishonesty",
        "A conviction for theft, fraud, false accounting, forgery or a similar offence of "
        "dishonesty, including fraud against public money.",
        "Schedule 6, paragraphs 4 to 11 and 13",
    ),
    Ground(
        "bribery",
        MANDATORY,
        "Bribery and corruption",
        "A conviction for offering, paying or taking a bribe, or for failing to stop bribery "
        "by people acting for the organisation.",
        "Schedule 6, paragraphs 12 and 17",
    ),
    Ground(
        "money_laundering",
        MANDATORY,
        "Money laundering",
        "A conviction for hiding, moving or using the proceeds of crime.",
        "Schedule 6, paragraph 14",
    ),
    Ground(
        "tax_offences",
        MANDATORY,
        "Tax offences",
        "A conviction for cheating the public revenue, evading tax or helping someone else "
        "to evade tax.",
        "Schedule 6, paragraphs 15, 16 and 18 to 20",
    ),
    Ground(
        "modern_slavery",
        MANDATORY,
        "Modern slavery and human trafficking",
        "A conviction for holding someone in slavery or forced labour, or for trafficking people.",
        "Schedule 6, paragraphs 23 to 25",
    ),
    Ground(
        "organised_crime",
        MANDATORY,
        "Organised crime",
        "A conviction for taking part in the activities of an organised crime group.",
        "Schedule 6, paragraphs 27 and 28",
    ),
    Ground(
        "other_offences",
        MANDATORY,
        "Other serious offences",
        "A conviction for another offence listed in Part 1 of Schedule 6, such as a "
        "cartel offence, a safety offence or attempting any of the offences above.",
        "Schedule 6, Part 1",
    ),
    Ground(
        "tax_misconduct",
        MANDATORY,
        "Failing to pay tax properly",
        "A court or tax authority found the organisation owed tax after it used "
        "arrangements that were found to be abusive or to avoid tax.",
        "Schedule 6, Part 2",
    ),
    Ground(
        "national_security_mandatory",
        MANDATORY,
        "A threat to national security",
        "A minister has decided that the organisation, or someone connected with it, is a "
        "threat to the national security of the UK.",
        "Schedule 6, Part 2",
    ),
    Ground(
        "labour_market",
        DISCRETIONARY,
        "Labour market, environmental and similar offences",
        "A conviction or penalty for breaking employment law (such as not paying the "
        "minimum wage), environmental law or a similar law.",
        "Schedule 7, paragraphs 1 to 3, and its environmental misconduct ground",
    ),
    Ground(
        "poor_performance",
        DISCRETIONARY,
        "Breach of contract and poor performance",
        "A public contract was ended early, or damages were paid, because the organisation "
        "did not deliver it; or a contract was rated as failing and not put right.",
        "Schedule 7, breach of contract and poor performance",
    ),
    Ground(
        "insolvency",
        DISCRETIONARY,
        "Insolvency or bankruptcy",
        "The organisation is insolvent, in administration or being wound up, or has "
        "stopped trading.",
        "Schedule 7, insolvency and bankruptcy",
    ),
    Ground(
        "competition_law",
        DISCRETIONARY,
        "Breaking competition law",
        "The organisation agreed with others to fix prices or share out contracts, or abused "
        "a dominant position in a market.",
        "Schedule 7, competition law",
    ),
    Ground(
        "professional_misconduct",
        DISCRETIONARY,
        "Professional misconduct",
        "The organisation, or someone who controls it, committed serious misconduct that "
        "shows it cannot be trusted, such as misleading a buyer in a procurement.",
        "Schedule 7, professional misconduct",
    ),
    Ground(
        "national_security_discretionary",
        DISCRETIONARY,
        "A possible threat to national security",
        "The buyer thinks the organisation, or someone connected with it, could be a threat "
        "to the national security of the UK.",
        "Schedule 7, national security",
    ),
    Ground(
        "debarment_investigation",
        DISCRETIONARY,
        "Not helping a debarment investigation",
        "The organisation did not cooperate with an investigation into whether it should "
        "be put on the debarment list.",
        "Schedule 7, failure to cooperate with a debarment investigation",
    ),
)

BY_CODE: dict[str, Ground] = {ground.code: ground for ground in GROUNDS}
