"""Queries a commissioner might type, each paired with the demo lesson it should find
(`learning/demo.py`, by title). The queries paraphrase: they share no word of four or
more letters with the lesson (`test_recall.py` checks), so only meaning can find them."""

PAIRS: list[tuple[str, str]] = [
    (
        "Tenants keep finding black spots on bedroom walls each winter",
        "Dehumidifiers alone did not stop the mould",
    ),
    ("pensioners can't get to the community meal without a lift", "Lunch club lost its minibus"),
    (
        "older people left alone at weekends",
        "Isolation of elderly residents on Saturdays and Sundays",
    ),
    ("what happens when a volunteer guide quits partway through", "Back-up mentors from the start"),
    ("holiday months: turnout at regular meetups drops off", "Summer needs a different rhythm"),
    ("tenants angry at estate staff about broken elevators", "Share the fault log with residents"),
    (
        "getting mums and dads involved in preparing children's lunches over the break",
        "Parents as cooks",
    ),
    ("a lengthy registration puts off households from joining", "Paper forms kept people away"),
    (
        "kids are ashamed when handed tokens in front of classmates",
        "Printed vouchers were stigmatising",
    ),
    ("service times clash with people's jobs", "Hubs opened at the wrong hours"),
    ("donated groceries run out at the start of each week", "Surplus supply was unreliable"),
    (
        "teaching recipes to people living in hostels lacking a proper kitchen",
        "Cooking classes with a microwave and a kettle",
    ),
    ("newcomers using other languages were missing out", "Interpreters at sign-up sessions"),
    (
        "work orders ticked off as done though no engineer turned up",
        "Repairs closed without a visit",
    ),
    (
        "advice that sounded like we were criticising tenants for condensation",
        "Letters that blamed residents backfired",
    ),
    (
        "web consultation had a tiny response compared with calling at homes in person",
        "Knocking on doors beat an online survey",
    ),
    ("teenagers dropped out of unwaged work experience", "Unpaid placements lost young people"),
    ("learners couldn't pay for the journey to their course", "Bus fares stopped attendance"),
    ("local businesses struggled to look after new starters", "Employers needed support too"),
    (
        "recruitment events mostly drew students who were thriving",
        "Careers fairs reached the wrong people",
    ),
    (
        "committee gatherings scheduled when working parents are busy",
        "Board meetings at 2pm excluded younger residents",
    ),
    (
        "compensating community members who take part in decisions",
        "Paying residents for their time",
    ),
    (
        "technical language made newcomers feel they couldn't contribute",
        "Acronyms silenced new board members",
    ),
    (
        "trained people had no opportunity to put what they learnt into practice",
        "A leadership course with no next step",
    ),
    (
        "a borough-wide service spread too thin to know neighbourhoods",
        "One contract for every estate was too big",
    ),
    (
        "mobility-impaired tenants stuck upstairs when the elevator is out",
        "Lift breakdowns trapped wheelchair users",
    ),
    (
        "surveillance only relocated the problem of abandoned sofas and mattresses",
        "Cameras moved fly-tipping next door",
    ),
    ("kids ignored the swings because no one consulted them", "A playground nobody asked for"),
    (
        "tiny awards swallowed staff hours beyond their value",
        "Micro-grants cost more than they gave",
    ),
    (
        "late invoices meant voluntary groups struggled with cash flow",
        "Paying in arrears hurt small charities",
    ),
    ("contractor drowned in monitoring targets", "Twenty-two KPIs buried the provider"),
    (
        "excessive indemnity demands shut out neighbourhood caterers",
        "Insurance levels ruled out small kitchens",
    ),
    (
        "tight tender timescales stopped community groups preparing an offer",
        "A two-week window favoured national firms",
    ),
    ("dinners reached housebound people at the wrong temperature", "Hot meals arrived lukewarm"),
    ("allotment scheme created friendships", "Growing vegetables brought neighbours together"),
    (
        "pairing youngsters with adults who enjoy the same hobbies",
        "Matching mentors on shared interests",
    ),
    ("inspect flats early, ahead of the cold months", "Check for condensation in autumn"),
    (
        "people felt ignored when they raised fungus in their houses",
        "Residents reporting mould were not believed",
    ),
    ("rubbish piling up in the refuse shafts", "Bin chutes blocked every weekend"),
    (
        "households couldn't afford the energy to heat up dinner",
        "Families skipped hot meals to save electricity",
    ),
    ("teenagers helped judge the proposals", "Young people scored the bids"),
    (
        "scoring submissions on prose quality disadvantaged grassroots groups",
        "Written answers rewarded professional bid writers",
    ),
    ("privacy paperwork held up the launch", "The data agreement delayed the start"),
    (
        "people returning from the ward have nothing to eat",
        "Discharged patients came home to empty cupboards",
    ),
]


def recall_at(organisation_ids: list[int], mode: str, k: int = 5) -> tuple[float, list[str]]:
    """The share of queries whose lesson is in the top k, and the queries that missed."""
    from learning.search import search

    missed = []
    for query, title in PAIRS:
        hits = search(query, organisation_ids=organisation_ids, limit=k, mode=mode)
        if title not in [hit.lesson.title for hit in hits]:
            missed.append(query)
    return 1 - len(missed) / len(PAIRS), missed
