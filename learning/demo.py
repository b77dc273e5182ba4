"""Demo: the council's past lessons, many of them about what did not work, so the
"Learned before" panel and the learning search have something to find. Each lesson is
a learning entry tied to the demo's commission or contract it came from (which gives it
a mission and a place); the partner council has one lesson it shares with everyone and
one it keeps to itself. `tests/learning/recall_pairs.py` asks for each of them in other
words."""

from __future__ import annotations

import datetime

from accounts.models import Organisation, User
from commissioning.models import Commission
from contracts.models import Contract, LearningEntry
from learning import services
from learning.models import LessonText

FOOD = "Community food hubs on the Kestrel and Brookside estates"
DAMP = "Tackling damp and mould with Brookside tenants"
HOUSEBOUND = "Shared meals and grocery delivery for housebound residents"
GROWING = "Community growing spaces across Northbridge"
MENTORING = "Mentoring into work for young people in Hollowgate"
CARETAKING = "Estate caretaking on the Kestrel estate"
MEALS = "School holiday meals in South Northbridge"
LEADERSHIP = "Community leadership programme in Riverside"

# (title, body, did not work, shared publicly, where it came from, when)
LESSONS: list[tuple[str, str, bool, bool, str, datetime.date]] = [
    (
        "Dehumidifiers alone did not stop the mould",
        "We handed out dehumidifiers on the Brookside estate, but damp came back within "
        "weeks because the extractor fans were broken and windows stayed shut. Fixing "
        "ventilation first is what worked.",
        True,
        True,
        DAMP,
        datetime.date(2025, 3, 14),
    ),
    (
        "Lunch club lost its minibus",
        "Older residents stopped coming to the Riverside lunch club when the minibus was "
        "withdrawn. Attendance halved in a month.",
        True,
        False,
        HOUSEBOUND,
        datetime.date(2024, 11, 5),
    ),
    (
        "Isolation of elderly residents on Saturdays and Sundays",
        "Day centres close on Saturdays and Sundays, and many elderly residents who live by "
        "themselves saw nobody from Friday to Monday. A phone round by volunteers helped.",
        False,
        False,
        HOUSEBOUND,
        datetime.date(2025, 1, 20),
    ),
    (
        "Paper forms kept people away",
        "The application for food hub membership was four pages long. Many families gave "
        "up halfway. A one-question sign-up at the door tripled take-up.",
        True,
        False,
        FOOD,
        datetime.date(2025, 6, 2),
    ),
    (
        "Printed vouchers were stigmatising",
        "Parents told us that collecting printed vouchers at the school gate made their "
        "children feel singled out. Loading credit onto a card that looked like any other "
        "ended the embarrassment.",
        True,
        True,
        MEALS,
        datetime.date(2025, 9, 12),
    ),
    (
        "Hubs opened at the wrong hours",
        "The first food hub opened 9 to 3 on weekdays, when most working parents could not "
        "come. Evening opening on two days doubled visits.",
        True,
        False,
        FOOD,
        datetime.date(2025, 7, 8),
    ),
    (
        "Surplus supply was unreliable",
        "Relying only on supermarket surplus left shelves empty on Mondays. A small budget "
        "to buy staples filled the gaps.",
        True,
        False,
        FOOD,
        datetime.date(2025, 8, 19),
    ),
    (
        "Cooking classes with a microwave and a kettle",
        "Classes using only a microwave and a kettle drew residents in temporary "
        "accommodation, who have no oven.",
        False,
        False,
        FOOD,
        datetime.date(2025, 10, 1),
    ),
    (
        "Interpreters at sign-up sessions",
        "Leaflets reached few Polish and Somali speaking families. Community interpreters "
        "at sign-up sessions brought them in.",
        False,
        False,
        FOOD,
        datetime.date(2025, 4, 22),
    ),
    (
        "Repairs closed without a visit",
        "Tenants logged damp repairs that were marked complete without anyone visiting. "
        "Asking tenants to confirm before closing a job cut repeat reports by a third.",
        True,
        False,
        DAMP,
        datetime.date(2024, 12, 3),
    ),
    (
        "Letters that blamed residents backfired",
        "Letters telling residents to open windows and dry clothes outside made them feel "
        "accused, and they stopped reporting problems.",
        True,
        False,
        DAMP,
        datetime.date(2025, 2, 11),
    ),
    (
        "Knocking on doors beat an online survey",
        "An online survey about the estate got 40 replies. Knocking on doors with a short "
        "questionnaire got 600.",
        False,
        True,
        CARETAKING,
        datetime.date(2025, 5, 16),
    ),
    (
        "Unpaid placements lost young people",
        "Unpaid placements lost most participants after two weeks. Paid traineeships at "
        "the Living Wage kept nine in ten.",
        True,
        False,
        MENTORING,
        datetime.date(2025, 3, 27),
    ),
    (
        "Bus fares stopped attendance",
        "Bus fares to the training centre in town were more than many could afford. Free "
        "travel passes raised attendance.",
        True,
        False,
        MENTORING,
        datetime.date(2025, 6, 30),
    ),
    (
        "Employers needed support too",
        "Small firms took on apprentices but had no time to supervise them. A named "
        "coordinator visiting each month kept placements going.",
        False,
        False,
        MENTORING,
        datetime.date(2025, 11, 4),
    ),
    (
        "Careers fairs reached the wrong people",
        "Big careers fairs attracted pupils already planning university. Those furthest "
        "from a first wage never came.",
        True,
        False,
        MENTORING,
        datetime.date(2024, 10, 15),
    ),
    (
        "Board meetings at 2pm excluded younger residents",
        "Tenant board meetings at 2pm on weekdays meant only retired residents could "
        "attend. Moving to evenings with childcare brought younger members.",
        True,
        False,
        LEADERSHIP,
        datetime.date(2025, 1, 9),
    ),
    (
        "Paying residents for their time",
        "Offering a shopping voucher for each meeting made it possible for people on low "
        "incomes to join the residents' panel.",
        False,
        True,
        LEADERSHIP,
        datetime.date(2025, 4, 3),
    ),
    (
        "Acronyms silenced new board members",
        "Papers full of acronyms meant new board members said nothing for months. A "
        "plain-words glossary and a buddy helped them speak up.",
        True,
        False,
        LEADERSHIP,
        datetime.date(2025, 7, 22),
    ),
    (
        "A leadership course with no next step",
        "Graduates of the first leadership programme had nowhere to use their new skills, "
        "and most drifted away. Reserved seats on council panels gave them a next step.",
        True,
        False,
        LEADERSHIP,
        datetime.date(2025, 10, 28),
    ),
    (
        "One contract for every estate was too big",
        "A single caretaking contract for every estate meant the provider could not learn "
        "any one place well. Smaller patches with named caretakers built trust.",
        True,
        False,
        CARETAKING,
        datetime.date(2024, 9, 18),
    ),
    (
        "Lift breakdowns trapped wheelchair users",
        "When lifts failed for days, wheelchair users were trapped in their flats. A "
        "priority call-out list for residents who cannot use stairs now exists.",
        True,
        False,
        CARETAKING,
        datetime.date(2025, 2, 25),
    ),
    (
        "Cameras moved fly-tipping next door",
        "Cameras on one estate pushed dumped rubbish to the next street. Free bulky waste "
        "collection reduced it everywhere.",
        True,
        False,
        CARETAKING,
        datetime.date(2025, 8, 6),
    ),
    (
        "A playground nobody asked for",
        "The first playground was designed without asking families and stayed empty. The "
        "redesign that children voted on is busy every evening.",
        True,
        False,
        CARETAKING,
        datetime.date(2024, 8, 29),
    ),
    (
        "Micro-grants cost more than they gave",
        "Micro-grants of £200 for estate projects took officers more time to administer "
        "than they were worth.",
        True,
        False,
        LEADERSHIP,
        datetime.date(2025, 5, 7),
    ),
    (
        "Paying in arrears hurt small charities",
        "Paying quarterly in arrears left small charities unable to cover wages. Paying a "
        "month in advance kept them afloat.",
        True,
        True,
        MENTORING,
        datetime.date(2025, 9, 30),
    ),
    (
        "Twenty-two KPIs buried the provider",
        "Twenty-two performance measures buried the provider in reporting. Cutting to five "
        "that residents cared about freed time for the work itself.",
        True,
        False,
        MEALS,
        datetime.date(2025, 12, 2),
    ),
    (
        "Insurance levels ruled out small kitchens",
        "Requiring £10 million liability cover ruled out local kitchens. Setting cover in "
        "line with the actual risk let them bid.",
        True,
        False,
        FOOD,
        datetime.date(2025, 3, 3),
    ),
    (
        "A two-week window favoured national firms",
        "A two-week window to respond meant only national firms with bid teams could reply.",
        True,
        False,
        FOOD,
        datetime.date(2024, 7, 24),
    ),
    (
        "Hot meals arrived lukewarm",
        "Deliveries across the whole borough from one kitchen took too long and food "
        "arrived lukewarm. Two local kitchens fixed it.",
        True,
        False,
        HOUSEBOUND,
        datetime.date(2025, 11, 19),
    ),
    (
        "Growing vegetables brought neighbours together",
        "A growing project on spare land gave residents a reason to meet, and grew "
        "vegetables for the hub.",
        False,
        True,
        GROWING,
        datetime.date(2025, 6, 17),
    ),
    (
        "Matching mentors on shared interests",
        "Matching by interests such as football or music worked better than matching by "
        "career goal.",
        False,
        False,
        MENTORING,
        datetime.date(2025, 8, 26),
    ),
    (
        "Check for condensation in autumn",
        "Checking homes for condensation in autumn, before the heating goes on, found "
        "problems while they were still cheap to fix.",
        False,
        False,
        DAMP,
        datetime.date(2025, 10, 14),
    ),
    (
        "Residents reporting mould were not believed",
        "Residents said they had reported mould many times and nobody listened. A named "
        "officer who phoned back within two days rebuilt confidence.",
        True,
        False,
        DAMP,
        datetime.date(2025, 4, 29),
    ),
    (
        "Bin chutes blocked every weekend",
        "Bin chutes blocked every weekend because collections stopped on Friday. A "
        "Saturday round ended the overflow.",
        True,
        False,
        CARETAKING,
        datetime.date(2025, 1, 31),
    ),
    (
        "Families skipped hot meals to save electricity",
        "Families skipped hot meals to save on electricity. Lending slow cookers with "
        "recipes cut their bills.",
        False,
        False,
        FOOD,
        datetime.date(2025, 12, 9),
    ),
    (
        "Young people scored the bids",
        "A panel of young people scored the bids for the mentoring service and spotted "
        "problems the officers missed.",
        False,
        True,
        MENTORING,
        datetime.date(2024, 6, 12),
    ),
    (
        "Written answers rewarded professional bid writers",
        "Written answers rewarded organisations with professional bid writers. Letting "
        "suppliers present in person gave small charities a fair chance.",
        True,
        False,
        FOOD,
        datetime.date(2025, 2, 18),
    ),
    (
        "The data agreement delayed the start",
        "The service could not start for three months while the data protection agreement "
        "was signed. Starting the agreement during the tender saves time.",
        True,
        False,
        MENTORING,
        datetime.date(2025, 5, 28),
    ),
]

PARTNER_LESSONS: list[tuple[str, str, bool, bool, datetime.date]] = [
    (
        "Discharged patients came home to empty cupboards",
        "Patients sent home from hospital found empty cupboards. A food parcel on the day "
        "of discharge prevented readmissions.",
        True,
        True,
        datetime.date(2025, 3, 21),
    ),
    (
        "Care rotas ignored travel time",
        "Unpaid travel between visits meant care workers left for supermarket jobs. Paying "
        "travel time cut turnover.",
        True,
        False,
        datetime.date(2025, 7, 1),
    ),
]


def _entry(
    *,
    organisation: Organisation,
    title: str,
    body: str,
    did_not_work: bool,
    is_public: bool,
    dated: datetime.date,
    by: User | None,
    contract: Contract | None = None,
    commission: Commission | None = None,
) -> LearningEntry:
    entry, _ = LearningEntry.objects.update_or_create(
        organisation=organisation,
        title=title,
        defaults={
            "body": body,
            "did_not_work": did_not_work,
            "is_public": is_public,
            "contract": contract,
            "commission": commission,
            "written_by": by,
        },
    )
    LearningEntry.objects.filter(pk=entry.pk).update(
        created_at=datetime.datetime.combine(dated, datetime.time(12), tzinfo=datetime.UTC)
    )
    holder = contract or commission
    if holder is not None:
        entry.missions.set(holder.missions.all())
    return entry


def load(*, council: Organisation, people: dict[str, User]) -> list[str]:
    """Add the council's past lessons, then index and embed everything the panel reads."""
    manager = people["contracts@northbridge.example"]
    contracts = {c.title: c for c in Contract.objects.filter(organisation=council)}
    commissions = {c.title: c for c in Commission.objects.filter(organisation=council)}
    for title, body, did_not_work, is_public, source, dated in LESSONS:
        _entry(
            organisation=council,
            title=title,
            body=body,
            did_not_work=did_not_work,
            is_public=is_public,
            dated=dated,
            by=manager,
            contract=contracts.get(source),
            commission=None if source in contracts else commissions.get(source),
        )
    partner = Organisation.objects.get(slug="northbridge-health")
    for title, body, did_not_work, is_public, dated in PARTNER_LESSONS:
        _entry(
            organisation=partner,
            title=title,
            body=body,
            did_not_work=did_not_work,
            is_public=is_public,
            dated=dated,
            by=people["partner@northbridge-health.example"],
        )
    # The demo is usable at once, without waiting for the worker.
    services.lesson_index_sync()
    services.lessons_embed_pending()
    # The food hubs' team considered the long sign-up form when writing theirs.
    food = commissions.get(FOOD)
    lesson = LessonText.objects.filter(title="Paper forms kept people away").first()
    if food is not None and lesson is not None:
        services.lesson_pin(
            commission=food, lesson=lesson, by=people["commissioner@northbridge.example"]
        )
    return [
        f"{len(LESSONS) + len(PARTNER_LESSONS)} past lessons; the learning index holds "
        f"{LessonText.objects.count()} texts."
    ]
