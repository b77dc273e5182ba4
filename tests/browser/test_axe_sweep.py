"""Every main page passes axe-core (WCAG 2.2 AA) for each kind of person who can open it.

The Northbridge demo (`home.demo_data.load()`, what `manage.py seed_demo` loads) goes
into the test database once per test process, and a live server of this module's own
serves it: pytest-django's `live_server` would empty the tables after every test. Each
role signs in once (a session made with `Client.force_login`, handed to the browser as a
cookie), and each (role, page) pair is its own test, so a failure names both. A few pages
are also checked with the GOV.UK error summary showing, after sending the form empty.
When the module ends, the database is emptied and put back as the migrations left it.

A page is visited by every role that sees a different version of it: the commissioner's
editing controls and the viewer's read-only page, the evaluator's scoring, the supplier's
side of a tender or contract. The journeys in this folder keep what needs a browser
(autosave, live checks, htmx polling, two people at once); what each page says and does
is tested through the Django test client in tests/<app>/test_*views*.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser.conftest import _watch_for_csp_violations, assert_accessible

# Not transactional: the demo stays in the database for the whole module, and pytest-django
# runs the module among the database tests, while the tables still hold what the
# migrations loaded. Each pytest-xdist process that gets some of its tests loads the demo
# once (tests are handed out in runs of consecutive tests).
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

ROLES: dict[str, str | None] = {
    "anonymous": None,
    "commissioner": "commissioner@northbridge.example",
    "admin": "admin@northbridge.example",
    "evaluator": "evaluator@northbridge.example",
    "contract_manager": "contracts@northbridge.example",
    "viewer": "viewer@northbridge.example",
    # Common Table CIC: a draft bid and a place in the dialogue.
    "supplier": "social@commontable.example",
    # Northbridge Young Futures: provides a contract with check-ins and social value returns.
    "provider": "charity@youngfutures.example",
    # Pat Lewis: on the panel of the tender in evaluation for lived experience, no role.
    "lived_experience": "pat.lewis@example.com",
}
ANON = ("anonymous",)
COM = ("commissioner",)
ADMIN = ("admin",)
EVAL = ("evaluator",)
CM = ("contract_manager",)
SUP = ("supplier",)
PROV = ("provider",)
LIVED = ("lived_experience",)
READERS = ("commissioner", "viewer")
SIGNED_IN = (
    "commissioner",
    "admin",
    "evaluator",
    "contract_manager",
    "viewer",
    "supplier",
    "provider",
)


@dataclass(frozen=True)
class Page:
    name: str
    roles: tuple[str, ...]
    url: str
    # Names of demo records (their pk is used) or plain values, for the URL's arguments.
    args: tuple[str, ...] = ()
    query: str = ""
    # Send the form empty with this button first, to check the error summary as well.
    submit: str = ""
    # Wait for this element first, on a page that draws itself with JavaScript.
    ready: str = ""
    # A page that explains a problem may answer with its own status (410 for a used link,
    # 403 for a supplier taken out of a tender).
    status: int = 200

    def path(self, demo: dict[str, Any]) -> str:
        args = [getattr(demo[arg], "pk", demo[arg]) for arg in self.args]
        return reverse(self.url, args=args) + self.query


def P(name: str, roles: tuple[str, ...], url: str, *args: str, **options: Any) -> Page:
    return Page(name, roles, url, args, **options)


PAGES = [
    # Signed out, and pages every signed-in person has.
    P("home", ANON, "home"),
    P("sign_in", ANON, "account_login"),
    P("sign_in_errors", ANON, "account_login", submit="Sign in"),
    P("sign_up", ANON, "account_signup"),
    P("password_reset", ANON, "account_reset_password"),
    P("password_reset_sent", ANON, "account_reset_password_done"),
    P("confirm_email_sent", ANON, "account_email_verification_sent"),
    P("opportunities", (*ANON, *COM, *SUP), "dialogue:opportunity_list"),
    P("opportunity_search", ANON, "dialogue:opportunity_list", query="?q=food"),
    P("tender_public", (*ANON, *SUP), "procurement:tender_detail", "open_tender"),
    P("engagements", (*ANON, *SUP), "dialogue:engagement_list"),
    P("engagement_public", ANON, "dialogue:engagement_detail", "engagement"),
    P("learning_public", ANON, "contracts:learning_public"),
    P("public_index", ANON, "home:public_index"),
    P("public_council", ANON, "home:public_council", "council_slug"),
    P("public_mission", ANON, "home:public_mission", "mission"),
    P("public_contract", ANON, "home:public_contract", "contract"),
    P("public_commission", ANON, "home:public_commission", "commission"),
    P(
        "public_commission_errors",
        ANON,
        "home:public_commission",
        "commission",
        submit="Send comment",
    ),
    P("comment_confirm", ANON, "home:public_comment_confirm", "comment_token"),
    P("comment_withdraw", ANON, "home:public_comment_withdraw", "withdrawal_token"),
    P("what_we_buy", ANON, "home:public_what_we_buy"),
    P("what_we_buy_search", ANON, "home:public_what_we_buy", query="?q=food&provider_type=vcse"),
    P("have_your_say", ANON, "home:public_have_your_say"),
    P("ocds_notice", ANON, "open_data:notice", "ocds_award_release"),
    P("measures", (*ANON, *CM), "social_value:measure_list"),
    # Open data and the read API's documentation (Swagger UI, drawn by its script).
    P("open_data", (*ANON, *COM), "open_data:index"),
    P("api_docs", ANON, "api:docs", ready=".opblock"),
    P("dashboard", (*SIGNED_IN, *LIVED), "home:dashboard"),
    P("sign_out", COM, "account_logout"),
    P("notifications", (*COM, *SUP), "accounts:notifications"),
    P("account_security", (*COM, *SUP), "mfa_index"),
    # Accounts: the council's people, the history of a record, a supplier's profile.
    P("people", (*ADMIN, "viewer"), "accounts:organisation_people", "council_slug"),
    P("organisation_details", ADMIN, "accounts:organisation_details", "council_slug"),
    P("api_tokens", ADMIN, "api_tokens:token_list", "council_slug"),
    P("api_tokens_errors", ADMIN, "api_tokens:token_list", "council_slug", submit="Make token"),
    P("audit_log", ADMIN, "accounts:audit_log", "mission_type", "mission"),
    P("supplier_profile", SUP, "accounts:supplier_profile", "supplier_slug"),
    P("supplier_register", SUP, "accounts:supplier_register"),
    # Commissioning: missions, needs, places, commissions, appraisal, specification.
    P("missions", COM, "commissioning:mission_list"),
    P("mission_portfolio", READERS, "home:mission_portfolio"),
    P("mission", READERS, "commissioning:mission_detail", "mission"),
    P("mission_create", COM, "commissioning:mission_create"),
    P("mission_create_errors", COM, "commissioning:mission_create", submit="Create mission"),
    P("outcome_create", COM, "commissioning:outcome_create", "mission"),
    P("needs", COM, "commissioning:need_list"),
    P("need", READERS, "commissioning:need_detail", "need"),
    P("need_create", COM, "commissioning:need_create"),
    P("resident_said", COM, "commissioning:evidence_create", "need", "community_voice"),
    P("data_point", COM, "commissioning:evidence_create", "need", "data_point"),
    P("places", COM, "commissioning:place_list"),
    P("place", COM, "commissioning:place_detail", "place"),
    P("indicator", READERS, "commissioning:indicator_detail", "indicator"),
    P("indicator_fed_by_kpi", CM, "commissioning:indicator_detail", "kpi_indicator"),
    P("reading_record", CM, "contracts:indicator_reading_create", "indicator"),
    P(
        "reading_record_errors",
        COM,
        "contracts:indicator_reading_create",
        "indicator",
        submit="Record the reading",
    ),
    P("reading_edit", CM, "contracts:indicator_reading_edit", "manager_reading"),
    P("place_import", COM, "commissioning:place_import"),
    P("commissions", COM, "commissioning:commission_list"),
    P("commission", READERS, "commissioning:commission_detail", "commission"),
    P("commission_create", COM, "commissioning:commission_create"),
    P("appraisal", READERS, "commissioning:appraisal_detail", "appraising"),
    P("appraisal_decide", COM, "commissioning:appraisal_decide", "appraising"),
    P("specification", READERS, "commissioning:specification_detail", "commission"),
    P("version", COM, "commissioning:specification_version_detail", "commission", "first"),
    P("change_log", COM, "commissioning:specification_changelog", "commission"),
    P("compare", COM, "commissioning:specification_compare", "commission", query="?from=1&to=2"),
    P("public_page_edit", COM, "commissioning:public_page_edit", "commission"),
    P("public_comments", COM, "commissioning:public_comment_list", "commission"),
    P("council_comment_queue", COM, "commissioning:council_comment_queue"),
    P(
        "public_comment",
        COM,
        "commissioning:public_comment_detail",
        "commission",
        "pending_comment",
    ),
    P(
        "public_comment_published",
        COM,
        "commissioning:public_comment_detail",
        "commission",
        "published_comment",
    ),
    P(
        "public_comment_withdrawn",
        COM,
        "commissioning:public_comment_detail",
        "commission",
        "withdrawn_comment",
    ),
    P("plain_language", COM, "commissioning:plain_language_check_page"),
    P("glossary", COM, "commissioning:glossary_list"),
    P("glossary_add", COM, "commissioning:glossary_add"),
    # Past learning: the search (ranked, and browsing with a filter) and the panel's page.
    P("learning_search", COM, "learning:search", query="?q=older+people+left+alone+at+weekends"),
    P("learning_browse", (*COM, *CM), "learning:search", query="?did_not_work=on"),
    P(
        "learned_before",
        COM,
        "learning:learned_before",
        "commission",
        query="?q=a+lengthy+registration+puts+off+households",
    ),
    # Procurement: tenders, bids, evaluation, award.
    P("tenders", COM, "procurement:tender_list"),
    P("buyer_settings", ADMIN, "procurement:buyer_settings"),
    P("tender", READERS, "procurement:tender_detail", "open_tender"),
    P("tender_create", COM, "procurement:tender_create", "commission"),
    # A draft whose questions ask too much: the bid burden warning and the summary check.
    P("tender_burden_warning", COM, "procurement:tender_detail", "burden_draft"),
    P("tender_criteria", COM, "procurement:tender_criteria", "open_tender"),
    P("tender_scoring", COM, "procurement:tender_scoring", "open_tender"),
    P("tender_cancel", COM, "procurement:tender_cancel", "open_tender"),
    P("tender_change", COM, "procurement:tender_change", "open_tender"),
    P("direct_award", COM, "procurement:direct_award", "direct_award"),
    P("tender_direct_award", (*ANON, *SUP, *COM), "procurement:tender_detail", "direct_award"),
    P("transparency_notice", ANON, "procurement:transparency_notice", "direct_award"),
    P("transparency_notices", ANON, "procurement:transparency_notice_list"),
    P("award_notice", ANON, "procurement:award_notice", "award_notice"),
    P("award_notice_in_standstill", ANON, "procurement:award_notice", "standstill_notice"),
    P("award_notices", ANON, "procurement:award_notice_list"),
    P("tender_who_won", ANON, "procurement:tender_detail", "awarded"),
    P("tender_in_standstill", ANON, "procurement:tender_detail", "decided_direct_award"),
    P("award_notice_publish", COM, "procurement:award_notice_publish", "evaluating"),
    P("tender_in_evaluation", (*COM, *EVAL), "procurement:tender_detail", "evaluating"),
    P("evaluation", (*COM, *EVAL), "procurement:evaluation", "evaluating"),
    P("bid_score", EVAL, "procurement:bid_score", "evaluated_bid"),
    P("bid_opened", EVAL, "procurement:bid_detail", "evaluated_bid"),
    P("moderation", (*COM, *EVAL), "procurement:moderation", "evaluating", "question"),
    # Lived-experience members: added by the commissioner; their own pages show letters.
    P("lived_experience_add", COM, "procurement:lived_experience_add", "evaluating"),
    P(
        "lived_experience_add_errors",
        COM,
        "procurement:lived_experience_add",
        "evaluating",
        submit="Add to the panel",
    ),
    P("lived_experience_panel", LIVED, "procurement:lived_experience_panel", "evaluating"),
    P(
        "lived_experience_score",
        LIVED,
        "procurement:lived_experience_score",
        "evaluating",
        "first_letter",
    ),
    P(
        "moderation_with_lived_experience",
        COM,
        "procurement:moderation",
        "awarded",
        "lived_experience_question",
    ),
    P("tender_awarded", (*COM, *SUP), "procurement:tender_detail", "awarded"),
    P("evaluation_awarded", COM, "procurement:evaluation", "awarded"),
    # After the award: a bidder says how bidding was; the results wait for 3 answers.
    P("bidder_feedback_give", SUP, "procurement:bidder_feedback_give", "awarded"),
    P(
        "bidder_feedback_give_errors",
        SUP,
        "procurement:bidder_feedback_give",
        "awarded",
        submit="Send your answer",
    ),
    P("bidder_feedback_waiting", COM, "procurement:bidder_feedback_results", "awarded"),
    P("bidder_feedback_results", COM, "procurement:bidder_feedback_results", "lotted"),
    P("tender_in_lots", (*COM, *SUP), "procurement:tender_detail", "lotted"),
    P("evaluation_in_lots", COM, "procurement:evaluation", "lotted"),
    P("lot_evaluation", COM, "procurement:lot_evaluation", "lotted", "lot"),
    P("lot_criteria", COM, "procurement:lot_criteria", "lotted", "lot"),
    P("bid_outcome_in_lots", SUP, "procurement:bid_detail", "lotted_bid"),
    P("my_bids", SUP, "procurement:my_bids"),
    P("provider_waiting", (*SUP, *PROV), "social_value:provider_waiting"),
    P("exclusion_declaration", SUP, "procurement:exclusion_declaration"),
    P("tender_bidders", COM, "procurement:tender_bidders", "dialogue"),
    # Conditions of participation: the buyer's list (fixed once published, editable on a
    # draft), the tender page that shows them, and each supplier's answers and result.
    P("tender_conditions", COM, "procurement:tender_conditions", "dialogue"),
    P(
        "tender_conditions_errors",
        COM,
        "procurement:tender_conditions",
        "burden_draft",
        submit="Add condition",
    ),
    P("tender_in_dialogue", (*ANON, *SUP, *PROV), "procurement:tender_detail", "dialogue"),
    P("conditions_answer", (*SUP, *PROV), "procurement:conditions_answer", "dialogue"),
    # Young Futures was not taken forward: its dialogue pages say why instead.
    P("no_longer_taking_part", PROV, "dialogue:round_list", "dialogue", status=403),
    P("bid_edit", SUP, "procurement:bid_edit", "open_tender"),
    P("bid_draft", SUP, "procurement:bid_detail", "draft_bid"),
    # Dialogue: clarifications, taking part, messages, rounds, market engagement.
    P("clarifications", (*COM, *SUP), "dialogue:clarification_log", "dialogue"),
    P("clarification", (*COM, *SUP), "dialogue:clarification_detail", "clarification"),
    P("clarification_ask", SUP, "dialogue:clarification_ask", "dialogue"),
    P(
        "clarification_ask_errors",
        SUP,
        "dialogue:clarification_ask",
        "dialogue",
        submit="Send question",
    ),
    P("clarification_answer", COM, "dialogue:clarification_answer", "unanswered"),
    P("taking_part", SUP, "dialogue:participant_join", "dialogue"),
    P("withdraw", SUP, "dialogue:participant_withdraw", "dialogue"),
    P("messages", (*COM, *SUP), "dialogue:participant_messages", "dialogue"),
    P("message_thread", COM, "dialogue:participant_thread", "dialogue", "participant"),
    P("specification_for_bidders", SUP, "dialogue:specification_changes", "dialogue"),
    P("market_shaping", COM, "dialogue:market_shaping_tender", "dialogue"),
    P("market_shaping_mission", COM, "dialogue:market_shaping_mission", "mission"),
    P("rounds", (*COM, *SUP), "dialogue:round_list", "dialogue"),
    P("round", (*COM, *SUP), "dialogue:round_detail", "round"),
    P("round_bidder", COM, "dialogue:round_bidder", "round", "supplier"),
    P("round_create", COM, "dialogue:round_create", "dialogue"),
    P("engagement", (*COM, *SUP), "dialogue:engagement_detail", "engagement"),
    P("engagement_response", SUP, "dialogue:engagement_response_detail", "response"),
    P("engagement_responses", COM, "dialogue:engagement_responses", "engagement"),
    P("engagement_create", COM, "dialogue:engagement_create", "commission"),
    P("engagement_insights", COM, "dialogue:engagement_insights", "engagement"),
    P("saved_searches", SUP, "dialogue:saved_search_list"),
    # Contracts and social value.
    P("contracts", (*CM, "viewer", *PROV), "contracts:contract_list"),
    # Filtered, with one mistyped filter, so the error summary shows too.
    P(
        "contracts_filtered",
        CM,
        "contracts:contract_list",
        query="?q=meals&kind=tendered&provider_type=vcse&status=oops",
    ),
    P("contract", (*CM, "viewer", *PROV), "contracts:contract_detail", "contract"),
    P("contract_in_house", CM, "contracts:contract_detail", "in_house"),
    P("contract_edit", CM, "contracts:contract_edit", "contract"),
    P("contract_create", CM, "contracts:contract_create"),
    P("contract_create_errors", CM, "contracts:contract_create", submit="Add to the register"),
    P("checkin", (*CM, *PROV), "contracts:checkin_detail", "contract", "checkin"),
    P("checkin_schedule", CM, "contracts:checkin_schedule", "contract"),
    # The voices of people who use the service, and the page their emailed link opens.
    P("checkin_voices", (*CM, *PROV), "contracts:checkin_detail", "contract", "voiced_checkin"),
    P(
        "checkin_invite_errors",
        CM,
        "contracts:checkin_detail",
        "contract",
        "checkin",
        submit="Send the emails",
    ),
    P("voice_give", ANON, "contracts:voice_give", "voice_token"),
    P("voice_give_errors", ANON, "contracts:voice_give", "voice_token", submit="Send"),
    P("voice_thanks", ANON, "contracts:voice_thanks"),
    P("voice_link_used", ANON, "contracts:voice_give", "used_voice_token", status=410),
    P("kpi_create", CM, "contracts:kpi_create", "contract"),
    P("kpi_indicator", CM, "contracts:kpi_indicator", "in_house", "mapped_kpi"),
    P("assessment_create", CM, "contracts:assessment_create", "contract"),
    P("change_create", CM, "contracts:modification_create", "contract"),
    P("decision_create", CM, "contracts:decision_create", "contract"),
    P("learning_create", CM, "contracts:learning_create", "contract"),
    P("learning", CM, "contracts:learning_list"),
    P("social_value", (*CM, *PROV), "social_value:contract_social_value", "contract"),
    P("return_to_verify", CM, "social_value:return_detail", "return_submitted"),
    P("return_to_send", PROV, "social_value:return_detail", "return_due"),
    P("social_value_summary", (*CM, *PROV), "social_value:summary"),
]


def _demo_records() -> dict[str, Any]:
    """The demo records the pages are about, found by their natural keys."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Organisation
    from commissioning.models import (
        Commission,
        Indicator,
        IndicatorReading,
        Mission,
        Need,
        Place,
        PublicComment,
    )
    from commissioning.public_voice.privacy import withdrawal_token
    from commissioning.public_voice.services import confirmation_token
    from contracts.models import Contract, Kpi, VoiceInvitation
    from contracts.voices.services import voice_token
    from dialogue.models import Clarification, DialogueRound, MarketEngagement
    from open_data.ocds import ocid_for
    from procurement import burden_demo, direct_award_demo
    from procurement.models import AwardNotice, Tender
    from social_value.models import DeliveryReturn

    mission = Mission.objects.get(title="Everyone eats well")
    open_tender = Tender.objects.get(reference="NBC-2026-0001")
    evaluating = Tender.objects.get(reference="NBC-2026-0101")
    dialogue = Tender.objects.get(reference="NBC-2026-0103")
    lotted = Tender.objects.get(reference="NBC-2026-0110")
    supplier = Organisation.objects.get(slug="common-table")
    contract = Contract.objects.get(title__startswith="Mentoring into work")
    returns = DeliveryReturn.objects.filter(commitment__contract=contract).order_by("pk")
    clarifications = Clarification.objects.filter(tender=dialogue).order_by("pk")
    engagement = MarketEngagement.objects.get(status="open")
    food = Commission.objects.get(title__startswith="Community food hubs")
    comments = PublicComment.objects.filter(commission=food).order_by("pk")
    return {
        "council_slug": "northbridge",
        "ocds_award_release": (
            f"{ocid_for('tender', Tender.objects.get(reference='NBC-2026-0102').pk)}-award-1"
        ),
        "community_voice": "community-voice",
        "data_point": "data-point",
        "first": 1,
        "mission": mission,
        "mission_type": ContentType.objects.get_for_model(Mission),
        "need": Need.objects.filter(missions=mission).order_by("pk").first(),
        "place": Place.objects.get(name="Castle ward"),
        "commission": food,
        "pending_comment": comments.filter(status="pending").first(),
        "published_comment": comments.filter(status="published").first(),
        "comment_token": confirmation_token(comments.filter(status="unconfirmed").first()),
        "withdrawal_token": withdrawal_token(comments.filter(status="pending").first()),
        "withdrawn_comment": comments.filter(status="withdrawn").first(),
        "appraising": Commission.objects.get(title__startswith="Tackling damp"),
        "open_tender": open_tender,
        "draft_bid": open_tender.bids.get(supplier=supplier),
        "evaluating": evaluating,
        "evaluated_bid": evaluating.bids.order_by("pk").first(),
        "question": evaluating.questions.order_by("position").first(),
        "awarded": Tender.objects.get(reference="NBC-2026-0102"),
        "first_letter": "A",
        "lived_experience_question": Tender.objects.get(
            reference="NBC-2026-0102"
        ).questions.order_by("position")[1],
        "direct_award": Tender.objects.get(title=direct_award_demo.TITLE),
        "decided_direct_award": Tender.objects.get(title=direct_award_demo.DECIDED_TITLE),
        "award_notice": AwardNotice.objects.get(tender__reference="NBC-2026-0102"),
        "standstill_notice": AwardNotice.objects.get(tender__title=direct_award_demo.DECIDED_TITLE),
        "burden_draft": Tender.objects.get(title=burden_demo.TITLE),
        "lotted": lotted,
        "lot": lotted.lots.order_by("position").last(),
        "lotted_bid": lotted.bids.get(supplier=supplier),
        "dialogue": dialogue,
        "participant": dialogue.participants.get(supplier=supplier),
        "round": DialogueRound.objects.get(tender=dialogue, status="open"),
        "clarification": clarifications.filter(status="published").first(),
        "unanswered": clarifications.get(status="awaiting_answer"),
        "engagement": engagement,
        "response": engagement.responses.get(supplier=supplier),
        "supplier": supplier,
        "supplier_slug": supplier.slug,
        "contract": contract,
        "checkin": contract.checkins.order_by("-held_on").first(),
        "voiced_checkin": contract.checkins.filter(voices__isnull=False).first(),
        "voice_token": voice_token(
            VoiceInvitation.objects.filter(checkin__contract=contract, answered=False).first()
        ),
        "used_voice_token": voice_token(
            VoiceInvitation.objects.filter(checkin__contract=contract, answered=True).first()
        ),
        "in_house": Contract.objects.get(title__startswith="Estate caretaking"),
        "return_submitted": returns.filter(status="submitted").first(),
        "return_due": returns.filter(status="due").first(),
        "indicator": Indicator.objects.get(name__startswith="Households that went without food"),
        "kpi_indicator": Indicator.objects.get(name="Damp repairs finished within 28 days"),
        "mapped_kpi": Kpi.objects.get(name="Damp repairs finished within 28 days"),
        "manager_reading": IndicatorReading.objects.filter(
            recorded_by__email="contracts@northbridge.example", from_kpi=False
        )
        .order_by("pk")
        .first(),
    }


@pytest.fixture(scope="module")
def demo_site(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo data behind a live server of this module's own, and a session per role."""
    from django.test import Client
    from pytest_django.live_server_helper import LiveServer

    from accounts.models import User
    from home import demo_data

    with django_db_blocker.unblock():
        server = None
        try:
            demo_data.load()
            site: dict[str, Any] = {"records": _demo_records(), "sessions": {}}
            for role, email in ROLES.items():
                if email is not None:
                    client = Client()
                    client.force_login(User.objects.get(email=email))
                    site["sessions"][role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            server = LiveServer("localhost")
            site["url"] = server.url
            yield site
        finally:
            if server is not None:
                server.stop()
            _put_the_database_back()


def _put_the_database_back() -> None:
    """Empty every table, as a transactional test does; the flush's post_migrate puts back
    what the migrations load (tests/conftest.py), so the tests after this module find it."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
    # Content types the demo looked up are not the rows that are back.
    ContentType.objects.clear_cache()


@pytest.fixture
def reference_data() -> None:
    """The conftest's loader needs a transactional test; the demo data has it all."""


@pytest.fixture(scope="module")
def browser_as(
    playwright: Any, browser_type_launch_args: dict[str, Any], demo_site: dict[str, Any]
) -> Iterator[Callable[[str], tuple[Any, list[str]]]]:
    """One browser tab per role for the whole module, signed in with the role's session,
    so the stylesheets and scripts are fetched once, not for every page. Like every
    journey, a tab records any Content Security Policy violation.

    The module launches a Chromium of its own rather than using pytest-playwright's
    `browser`: tests that use that one carry its session-scoped "chromium" parameter, and
    pytest moves all tests with the same parameter next to each other. The sweep would
    then pull the transactional journeys in among the database tests, which they would
    find with empty tables.
    """
    browser = playwright.chromium.launch(**browser_type_launch_args)
    tabs: dict[str, tuple[Any, list[str]]] = {}

    def tab(role: str) -> tuple[Any, list[str]]:
        if role not in tabs:
            context = browser.new_context()
            violations: list[str] = []
            _watch_for_csp_violations(context, violations)
            if role != "anonymous":
                session = demo_site["sessions"][role]
                cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session}
                context.add_cookies([{**cookie, "url": demo_site["url"]}])
            tabs[role] = (context.new_page(), violations)
        return tabs[role]

    yield tab
    for page, _ in tabs.values():
        page.context.close()
    browser.close()


@pytest.mark.parametrize(
    ("role", "spec"),
    [pytest.param(role, spec, id=f"{role}-{spec.name}") for spec in PAGES for role in spec.roles],
)
def test_page_is_accessible(
    browser_as: Callable[[str], tuple[Any, list[str]]],
    demo_site: dict[str, Any],
    role: str,
    spec: Page,
) -> None:
    page, violations = browser_as(role)
    violations.clear()
    url = demo_site["url"] + spec.path(demo_site["records"])
    response = page.goto(url)
    assert response is not None
    assert response.status == spec.status, f"{url} answered {response.status}"
    assert page.url == url, f"{url} went to {page.url}"
    if spec.ready:
        page.wait_for_selector(spec.ready)
    if spec.submit:
        page.locator("main").get_by_role("button", name=spec.submit, exact=True).click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 1, f"{url}: no error summary"
    assert_accessible(page)
    # A round trip to the browser delivers any report still on its way.
    page.evaluate("undefined")
    assert not violations, "Content Security Policy violations:\n" + "\n".join(violations)
