"""The permission matrix: every URL of Kindred, asked for by every kind of person, with GET
and with POST, against one table of who may do what.

How it works
------------
- The URL patterns are read from the URL conf itself (`get_resolver().url_patterns`,
  through every include and namespace), so a new view cannot escape: a pattern with no
  row in `ROWS` fails `test_url[<its name>]`, and the message says how to add the row.
- Each row names its URL, the sample records its URL is built from (a name looked up in
  `_samples()`), and who may GET it and who may POST to it, as named groups of principals
  (`EVERYONE`, `SIGNED_IN`, `COUNCIL_READERS`, `COUNCIL_MANAGERS`, `INVOLVED_SUPPLIER`...).
  A URL may have more than one row when one sample is not enough to show its rule (a
  rival's sealed bid, a draft that only the council sees); each extra row says why.
- The records are the Northbridge demo (`home.demo_data.load()`), loaded once for the
  module inside a transaction that is rolled back at the end, so no other test module ever
  sees them. What the demo lacks (a draft tender, a planned round, files to download...)
  `_add_what_the_demo_lacks` adds through the services, as people would.
- The principals: a signed-out citizen; each role of the demo council (admin@,
  commissioner@, evaluator@, contracts@ and viewer@northbridge.example); a commissioner of
  the other public body (partner@northbridge-health.example); the involved supplier; a
  supplier that takes part in nothing; and a supplier administrator who has just
  registered (`supplier_organisation_register`), the person behind the hole this matrix
  was written to close; and Pat Lewis, on the panel of the tender in evaluation for her
  lived experience, who belongs to no organisation (her own panel pages only). The involved supplier is Common Table CIC
  (social@commontable.example), because it is involved in every sampled record: a draft
  bid on the open tender, the winning bid (with its feedback letter) on the awarded one,
  questions, an outline and feedback in the tender in dialogue, a response to the market
  engagement, and the school meals contract it provides. Samples that belong to another
  supplier (Nib & Nettle's sealed bid, its message thread, Young Futures' unanswered
  question) show that one supplier never reads another's.
- Each principal has its own session, made once, with the acting organisation set as the
  organisation switcher sets it (`accounts.middleware.SESSION_KEY`).
- The read API (`api:` rows) is also asked by three API tokens, sent as
  `Authorization: Bearer ...` with no session: the demo council's, the other public body's
  and the involved supplier's. A token is an organisation's own key to its own records, so
  the API's rows say which token reads what, and their `secrets` show that one
  organisation's token never reads another's records. Elsewhere a token is ignored (the
  pages know only sessions), so the token principals are asked on the API's rows only.

What is checked
---------------
- Someone outside a row's set is refused: 403, 404 or 405, or (signed out) a redirect to
  the sign-in page. Never a 200, never a change to the database, never an email or a queued
  task (Celery's `apply_async` is replaced for the module by a recorder, so nothing
  reaches a worker either way).
- Someone inside the set is answered: no 5xx and not refused; a GET answers 200 unless the
  row says the page redirects by design (`get_ok`). POST bodies are empty unless the row
  gives a minimal one (`data`); an empty form coming back with its errors is an answer.
- `writes` narrows who may change the database with a POST that others may make too (a
  wrong person accepting an invitation is told so, and nothing is saved).
- A GET never changes the database, for anyone.
- Some rows name `secrets`: text on a page that only some of those who may open the page
  may read (a rival's unanswered question in the clarification log, a sealed bid's answers
  on the public tender page). Everyone else's page must not contain it
  (`assertNotContains`), and the page of someone who may read it must (so the check cannot
  pass because the text is simply not there).
- Database changes are read from the SQL each request runs
  (`CaptureQueriesContext(connection)`): any INSERT, UPDATE or DELETE counts, except on
  `django_session` (a session is written on every visit that uses messages) and, on
  allauth's own pages, allauth's tables (`account_*`, `mfa_*`).
- Every request runs in its own `transaction.atomic()` that is rolled back, so an allowed
  POST cannot change what the next request sees. The test client runs the view on the same
  connection, so this works; `transaction.on_commit` callbacks (the Celery tasks services
  queue, PDF rendering among them) never fire inside it, so no task runs or is queued.

Grouped rows
------------
allauth's own pages (the `accounts/` include of `allauth.urls`: sign-in, sign-up, email,
password and MFA pages) and the Django admin (`admin:`, mounted here as when
`KINDRED_ADMIN_ENABLED` is on) are covered by one row each (`GROUPS`) instead of one row per
pattern: allauth's pages are open to everyone and must not fail or write to Kindred's
tables; the admin refuses every principal, none of whom is staff. Neither looks at
Kindred's roles, so their patterns are asked for by three principals only (signed out, the
council's administrator and the new supplier administrator: two "admins" who are not
Django staff). The admin is off in the test settings; this module mounts it, so its
patterns are checked by `test_admin_patterns_follow_their_group`.

Adding a view
-------------
Add a `Row` to `ROWS`, in the block of its app: its URL name, its URL kwargs as sample
names (add a lookup to `_samples()` if none fits; a literal value is `Text("...")` or an
int), and the groups that may GET and POST. Then run this module.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    resolve,
    reverse,
)
from django.utils import timezone
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from accounts.middleware import SESSION_KEY

pytestmark = pytest.mark.django_db

# --- Principals and the groups the table is written in ----------------------------------
ANONYMOUS = "anonymous"
COUNCIL_ADMIN = "council_admin"
COMMISSIONER = "commissioner"
EVALUATOR = "evaluator"
CONTRACT_MANAGER = "contract_manager"
VIEWER = "viewer"
OTHER_COUNCIL = "other_council"
INVOLVED = "involved_supplier"
UNINVOLVED = "uninvolved_supplier"
NEW_SUPPLIER_ADMIN = "new_supplier_admin"
# API tokens (no session): an organisation's own key to its own records.
COUNCIL_TOKEN = "council_token"
OTHER_COUNCIL_TOKEN = "other_council_token"
SUPPLIER_TOKEN = "involved_supplier_token"
# A person with lived experience on the panel of the tender in evaluation, with no role
# anywhere: they may open their own panel pages and nothing of anyone else's.
LIVED_EXPERIENCE = "lived_experience_member"

PRINCIPALS = (
    ANONYMOUS,
    COUNCIL_ADMIN,
    COMMISSIONER,
    EVALUATOR,
    CONTRACT_MANAGER,
    VIEWER,
    OTHER_COUNCIL,
    INVOLVED,
    UNINVOLVED,
    NEW_SUPPLIER_ADMIN,
    LIVED_EXPERIENCE,
)

Who = frozenset[str]
NOBODY: Who = frozenset()
EVERYONE: Who = frozenset(PRINCIPALS)
TOKEN_PRINCIPALS = (COUNCIL_TOKEN, OTHER_COUNCIL_TOKEN, SUPPLIER_TOKEN)
TOKENS: Who = frozenset(TOKEN_PRINCIPALS)
PUBLIC_BODY_TOKENS: Who = frozenset({COUNCIL_TOKEN, OTHER_COUNCIL_TOKEN})
API_EVERYONE: Who = EVERYONE | TOKENS
SIGNED_IN: Who = EVERYONE - {ANONYMOUS}
# Pages about the organisation a person acts for: none for someone who belongs to none.
IN_AN_ORGANISATION: Who = SIGNED_IN - {LIVED_EXPERIENCE}
COUNCIL_MANAGERS: Who = frozenset({COUNCIL_ADMIN, COMMISSIONER})
COUNCIL_STAFF: Who = COUNCIL_MANAGERS | {EVALUATOR, CONTRACT_MANAGER}
COUNCIL_READERS: Who = COUNCIL_STAFF | {VIEWER}
CONTRACT_MANAGERS: Who = COUNCIL_MANAGERS | {CONTRACT_MANAGER}
# Pages about "the organisation I am acting for": the other council sees its own.
PUBLIC_BODY_READERS: Who = COUNCIL_READERS | {OTHER_COUNCIL}
PUBLIC_BODY_STAFF: Who = COUNCIL_STAFF | {OTHER_COUNCIL}
PUBLIC_BODY_MANAGERS: Who = COUNCIL_MANAGERS | {OTHER_COUNCIL}
INVOLVED_SUPPLIER: Who = frozenset({INVOLVED})
ALL_SUPPLIERS: Who = frozenset({INVOLVED, UNINVOLVED, NEW_SUPPLIER_ADMIN})
# The demo council's people who read its contracts, and the provider of the sample contract.
CONTRACT_READERS: Who = COUNCIL_READERS | INVOLVED_SUPPLIER


@dataclass(frozen=True)
class Text:
    """A literal string in a URL or a POST body (anything else named is a sample)."""

    value: str


@dataclass(frozen=True)
class Secret:
    """Text on a page that only some of the people who may open the page may read."""

    sample: str  # a sample whose value is the text (a fragment of it, as HTML shows it)
    shown_to: Who


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    get: Who = NOBODY
    post: Who = NOBODY
    data: dict[str, Any] = field(default_factory=dict)
    get_ok: frozenset[int] = frozenset({200})
    writes: Who | None = None
    secrets: tuple[Secret, ...] = ()
    case: str = ""

    @property
    def writers(self) -> Who:
        return self.post if self.writes is None else self.writes


REDIRECTS = frozenset({200, 302})

# --- The table ---------------------------------------------------------------------------
ROWS: list[Row] = [
    # Home, health and the person's own pages.
    Row("home", get=EVERYONE, get_ok=REDIRECTS, case="signed in: to the dashboard"),
    Row("healthz", get=EVERYONE),
    Row("home:dashboard", get=SIGNED_IN),
    Row("home:mission_portfolio", get=PUBLIC_BODY_READERS),
    # Switching acts only among the person's own organisations.
    Row("accounts:switch_organisation", post=SIGNED_IN),
    Row("accounts:notifications", get=SIGNED_IN, post=SIGNED_IN),
    Row(
        "accounts:audit_log",
        {"content_type_id": "tender_type", "object_id": "tender_in_dialogue"},
        get=COUNCIL_STAFF,
    ),
    Row(
        "accounts:organisation_people",
        {"slug": Text("northbridge")},
        get=COUNCIL_READERS,
        post={COUNCIL_ADMIN},
    ),
    # Only a public body's administrators change its details (suppliers have a profile).
    Row(
        "accounts:organisation_details",
        {"slug": Text("northbridge")},
        get={COUNCIL_ADMIN},
        post={COUNCIL_ADMIN},
    ),
    # Anyone signed in may register a supplier organisation (how a supplier starts).
    Row("accounts:supplier_register", get=SIGNED_IN, post=SIGNED_IN),
    Row(
        "accounts:supplier_profile",
        {"slug": "new_supplier_slug"},
        get={NEW_SUPPLIER_ADMIN},
    ),
    Row(
        "accounts:supplier_profile_edit",
        {"slug": "new_supplier_slug"},
        get={NEW_SUPPLIER_ADMIN},
        post={NEW_SUPPLIER_ADMIN},
    ),
    # The link is the secret; only the person it was sent to can use it.
    Row(
        "accounts:invitation_accept",
        {"token": "invitation_token"},
        get=SIGNED_IN,
        post=SIGNED_IN,
        writes=NOBODY,
    ),
    # Commissioning: the council's readers read, its managers change.
    Row("commissioning:mission_list", get=PUBLIC_BODY_READERS),
    Row("commissioning:mission_create", get=PUBLIC_BODY_MANAGERS, post=PUBLIC_BODY_MANAGERS),
    Row("commissioning:mission_detail", {"pk": "mission"}, get=COUNCIL_READERS),
    Row(
        "commissioning:mission_edit", {"pk": "mission"}, get=COUNCIL_MANAGERS, post=COUNCIL_MANAGERS
    ),
    Row("commissioning:mission_transition", {"pk": "mission"}, post=COUNCIL_MANAGERS),
    Row(
        "commissioning:outcome_create",
        {"pk": "mission"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:outcome_edit", {"pk": "outcome"}, get=COUNCIL_MANAGERS, post=COUNCIL_MANAGERS
    ),
    Row(
        "commissioning:outcome_delete",
        {"pk": "outcome"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:indicator_create",
        {"pk": "outcome"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:indicator_edit",
        {"pk": "indicator"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:indicator_delete",
        {"pk": "indicator"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    # Indicator readings: the council's readers see the trend; commissioners, administrators
    # and contract managers record readings; only the recorder changes or removes one.
    Row("commissioning:indicator_detail", {"pk": "indicator"}, get=COUNCIL_READERS),
    Row(
        "commissioning:indicator_reading_delete",
        {"pk": "manager_reading"},
        get={CONTRACT_MANAGER},
        post={CONTRACT_MANAGER},
    ),
    Row("commissioning:need_list", get=PUBLIC_BODY_READERS),
    Row("commissioning:need_create", get=PUBLIC_BODY_MANAGERS, post=PUBLIC_BODY_MANAGERS),
    Row("commissioning:need_detail", {"pk": "need"}, get=COUNCIL_READERS),
    Row("commissioning:need_edit", {"pk": "need"}, get=COUNCIL_MANAGERS, post=COUNCIL_MANAGERS),
    Row(
        "commissioning:evidence_create",
        {"pk": "need", "kind": Text("statement")},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:evidence_delete",
        {"pk": "evidence_statement"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("commissioning:evidence_download", {"pk": "evidence_document"}, get=COUNCIL_READERS),
    Row("commissioning:place_list", get=PUBLIC_BODY_READERS),
    Row("commissioning:place_create", get=PUBLIC_BODY_MANAGERS, post=PUBLIC_BODY_MANAGERS),
    Row("commissioning:place_import", get=PUBLIC_BODY_MANAGERS, post=PUBLIC_BODY_MANAGERS),
    Row("commissioning:place_detail", {"pk": "place"}, get=COUNCIL_READERS),
    Row("commissioning:place_edit", {"pk": "place"}, get=COUNCIL_MANAGERS, post=COUNCIL_MANAGERS),
    Row("commissioning:commission_list", get=PUBLIC_BODY_READERS),
    Row(
        "commissioning:commission_create",
        get=PUBLIC_BODY_MANAGERS,
        post=PUBLIC_BODY_MANAGERS,
    ),
    Row("commissioning:commission_detail", {"pk": "commission"}, get=COUNCIL_READERS),
    Row("commissioning:commission_transition", {"pk": "commission"}, post=COUNCIL_MANAGERS),
    # Past learning: the council's staff (never suppliers); pinning is the commission's
    # managers'. The search page answers every public body's staff with their own.
    Row("learning:search", get=PUBLIC_BODY_STAFF),
    Row("learning:learned_before", {"pk": "commission"}, get=COUNCIL_STAFF),
    Row("learning:pin", {"pk": "commission"}, post=COUNCIL_MANAGERS, data={"lesson": "lesson"}),
    Row("learning:unpin", {"pk": "pinned_lesson"}, post=COUNCIL_MANAGERS),
    # Specifications (on the food hubs commission, which has sections, comments, versions).
    Row("commissioning:specification_detail", {"pk": "specified"}, get=COUNCIL_READERS),
    Row("commissioning:specification_create", {"pk": "unspecified"}, post=COUNCIL_MANAGERS),
    Row(
        "commissioning:section_add",
        {"pk": "specified"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:section_edit",
        {"pk": "specified", "section_pk": "section"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("commissioning:specification_issue", {"pk": "specified"}, post=COUNCIL_MANAGERS),
    Row(
        "commissioning:specification_version_detail",
        {"pk": "specified", "number": 1},
        get=COUNCIL_READERS,
    ),
    Row(
        "commissioning:section_move",
        {"pk": "specified", "section_pk": "section"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:section_delete",
        {"pk": "specified", "section_pk": "section"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:section_outcomes",
        {"pk": "specified", "section_pk": "section"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:requirement_add",
        {"pk": "specified", "section_pk": "requirement_section"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:requirement_edit",
        {"pk": "specified", "section_pk": "requirement_section", "requirement_pk": "requirement"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:requirement_remove",
        {"pk": "specified", "section_pk": "requirement_section", "requirement_pk": "requirement"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:requirement_move",
        {"pk": "specified", "section_pk": "requirement_section", "requirement_pk": "requirement"},
        post=COUNCIL_MANAGERS,
    ),
    # Any of the council's staff may comment on a draft; viewers read only.
    Row(
        "commissioning:comment_add",
        {"pk": "specified", "section_pk": "commented_section"},
        get=COUNCIL_STAFF,
        post=COUNCIL_STAFF,
    ),
    Row(
        "commissioning:comment_resolve",
        {"pk": "specified", "section_pk": "commented_section", "comment_pk": "comment"},
        post=COUNCIL_MANAGERS,
    ),
    Row("commissioning:specification_changelog", {"pk": "specified"}, get=COUNCIL_READERS),
    Row("commissioning:specification_compare", {"pk": "specified"}, get=COUNCIL_READERS),
    # Options appraisal.
    Row("commissioning:appraisal_detail", {"pk": "appraising"}, get=COUNCIL_READERS),
    Row("commissioning:appraisal_start", {"pk": "appraising"}, post=COUNCIL_MANAGERS),
    Row("commissioning:appraisal_reopen", {"pk": "decided"}, post=COUNCIL_MANAGERS),
    Row("commissioning:appraisal_criterion_create", {"pk": "appraising"}, post=COUNCIL_MANAGERS),
    Row(
        "commissioning:appraisal_criterion_edit",
        {"pk": "appraising", "criterion_pk": "appraisal_criterion"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:appraisal_criterion_remove",
        {"pk": "appraising", "criterion_pk": "appraisal_criterion"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:appraisal_option_create",
        {"pk": "appraising"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:appraisal_option_edit",
        {"pk": "appraising", "option_pk": "appraisal_option"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:appraisal_option_remove",
        {"pk": "appraising", "option_pk": "appraisal_option"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("commissioning:appraisal_scores", {"pk": "appraising"}, post=COUNCIL_MANAGERS),
    Row(
        "commissioning:appraisal_decide",
        {"pk": "appraising"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("commissioning:appraisal_decided", {"pk": "decided"}, get=COUNCIL_READERS),
    # Plain language: a drafting tool for any public body's staff; the glossary per body.
    Row(
        "commissioning:plain_language_check_page",
        get=PUBLIC_BODY_STAFF,
        post=PUBLIC_BODY_STAFF,
    ),
    Row("commissioning:plain_language_check", post=PUBLIC_BODY_STAFF),
    Row("commissioning:glossary_list", get=PUBLIC_BODY_READERS),
    Row("commissioning:glossary_add", get=PUBLIC_BODY_MANAGERS, post=PUBLIC_BODY_MANAGERS),
    Row(
        "commissioning:glossary_edit",
        {"pk": "glossary_term"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:glossary_remove",
        {"pk": "glossary_term"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    # Procurement: buying is the council's; only its managers create, publish and award.
    Row("procurement:tender_list", get=PUBLIC_BODY_READERS),
    Row("procurement:buyer_settings", get={COUNCIL_ADMIN}, post={COUNCIL_ADMIN}),
    Row(
        "procurement:tender_create",
        {"commission_pk": "specified"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:tender_detail",
        {"pk": "open_tender"},
        get=EVERYONE,
        secrets=(Secret("rival_sealed_answer", NOBODY),),
    ),
    Row(
        "procurement:tender_detail",
        {"pk": "draft_tender"},
        get=COUNCIL_READERS,
        case="a draft: the council only",
    ),
    Row("procurement:tender_question_add", {"pk": "draft_tender"}, post=COUNCIL_MANAGERS),
    # Conditions of participation: the council's managers set them on a draft tender.
    Row(
        "procurement:tender_conditions",
        {"pk": "draft_tender"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:condition_remove",
        {"pk": "draft_tender", "condition_pk": "draft_condition"},
        post=COUNCIL_MANAGERS,
    ),
    # A supplier reads and answers them; Common Table's answers are already assessed, so
    # it reads its result and may no longer send answers.
    Row(
        "procurement:conditions_answer",
        {"pk": "tender_in_dialogue"},
        get=ALL_SUPPLIERS,
        post={UNINVOLVED, NEW_SUPPLIER_ADMIN},
    ),
    Row("procurement:lot_add", {"pk": "draft_tender"}, post=COUNCIL_MANAGERS),
    Row("procurement:lot_limits", {"pk": "draft_tender"}, post=COUNCIL_MANAGERS),
    Row(
        "procurement:tender_criteria",
        {"pk": "draft_tender"},
        data={"action": Text("add")},
        get=COUNCIL_READERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:tender_scoring",
        {"pk": "draft_tender"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:tender_justification",
        {"pk": "draft_direct_award"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    # Direct award: the council's managers name the supplier, check the offer and award;
    # the transparency notice and the list of notices are public.
    Row(
        "procurement:direct_award",
        {"pk": "draft_direct_award"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:direct_award_checks",
        {"pk": "published_direct_award"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:direct_award_contract",
        {"pk": "published_direct_award"},
        post=COUNCIL_MANAGERS,
    ),
    Row("procurement:transparency_notice", {"pk": "published_direct_award"}, get=EVERYONE),
    Row("procurement:transparency_notice_list", get=EVERYONE),
    # Contract award notices are public, like the transparency notices.
    Row("procurement:award_notice", {"notice_pk": "award_notice"}, get=EVERYONE),
    Row("procurement:award_notice_list", get=EVERYONE),
    Row(
        "procurement:tender_detail",
        {"pk": "published_direct_award"},
        get=EVERYONE,
        secrets=(Secret("direct_award_offer", NOBODY),),
        case="a direct award: public, its offer is not",
    ),
    Row(
        "procurement:bid_edit",
        {"pk": "published_direct_award"},
        case="a direct award: only its named supplier (Young Futures, none of these) may bid",
    ),
    Row("procurement:tender_publish", {"pk": "draft_tender"}, post=COUNCIL_MANAGERS),
    Row(
        "procurement:tender_change",
        {"pk": "open_tender"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("procurement:tender_close", {"pk": "open_tender"}, post=COUNCIL_MANAGERS),
    Row("procurement:bids_open", {"pk": "open_tender"}, post=COUNCIL_MANAGERS),
    Row(
        "procurement:tender_cancel",
        {"pk": "open_tender"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    # Any supplier may bid on an open tender; the council may not bid on its own.
    Row("procurement:bid_edit", {"pk": "open_tender"}, get=ALL_SUPPLIERS, post=ALL_SUPPLIERS),
    # Evaluation: the council's managers and the panel (evaluator@ sits on it).
    Row(
        "procurement:evaluation",
        {"pk": "tender_in_evaluation"},
        get=COUNCIL_MANAGERS | {EVALUATOR},
    ),
    Row("procurement:panel_add", {"pk": "tender_in_evaluation"}, post=COUNCIL_MANAGERS),
    # Only a panel member declares; one who has declared is sent back to the evaluation.
    Row(
        "procurement:declaration",
        {"pk": "tender_in_evaluation"},
        get={EVALUATOR},
        post={EVALUATOR},
        get_ok=frozenset({302}),
    ),
    Row("procurement:evaluation_start", {"pk": "tender_in_evaluation"}, post=COUNCIL_MANAGERS),
    # Lived-experience members: the council's managers add them and check their
    # declarations; each member's own pages are theirs alone (the buyer's staff included
    # see none of them); the emailed link is the person's key, whoever opens it.
    Row(
        "procurement:lived_experience_add",
        {"pk": "tender_in_evaluation"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:lived_experience_check",
        {"pk": "tender_in_evaluation", "seat_pk": "lived_experience_seat"},
        post=COUNCIL_MANAGERS,
        writes=NOBODY,
    ),
    Row(
        "procurement:lived_experience_invitation_renew",
        {"pk": "tender_in_evaluation", "seat_pk": "panel_invited_seat"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:lived_experience_join",
        {"token": "panel_invitation_token"},
        get=EVERYONE,
        post=EVERYONE,
        writes=NOBODY,
    ),
    Row(
        "procurement:lived_experience_panel",
        {"pk": "tender_in_evaluation"},
        get={LIVED_EXPERIENCE},
    ),
    # Declared already: sent back to their panel page.
    Row(
        "procurement:lived_experience_declaration",
        {"pk": "tender_in_evaluation"},
        get={LIVED_EXPERIENCE},
        post={LIVED_EXPERIENCE},
        get_ok=frozenset({302}),
    ),
    Row(
        "procurement:lived_experience_score",
        {"pk": "tender_in_evaluation", "letter": Text("A")},
        get={LIVED_EXPERIENCE},
        post={LIVED_EXPERIENCE},
    ),
    Row(
        "procurement:lived_experience_submit",
        {"pk": "tender_in_evaluation"},
        post={LIVED_EXPERIENCE},
    ),
    # Submitting scores is the panel member's own act; a manager is told they have no seat.
    Row(
        "procurement:scores_submit",
        {"pk": "tender_in_evaluation"},
        post=COUNCIL_MANAGERS | {EVALUATOR},
        writes={EVALUATOR},
    ),
    # Others' scores only for an evaluator who has submitted their own; managers moderate.
    Row(
        "procurement:moderation",
        {"pk": "tender_in_evaluation", "question_pk": "evaluation_question"},
        data={"bid": "bid_in_evaluation"},
        get=COUNCIL_MANAGERS | {EVALUATOR},
        post=COUNCIL_MANAGERS,
    ),
    Row("procurement:award_decision", {"pk": "tender_in_evaluation"}, post=COUNCIL_MANAGERS),
    # The contract award notice, shown before publishing: publishing starts the standstill.
    Row(
        "procurement:award_notice_publish",
        {"pk": "tender_in_evaluation"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("procurement:tender_award", {"pk": "tender_in_evaluation"}, post=COUNCIL_MANAGERS),
    # Each lot's criteria and weights: read like the tender's; set by its managers (after
    # publication they are told the weights can no longer change).
    Row(
        "procurement:lot_criteria",
        {"pk": "lotted_tender", "lot_pk": "awarded_lot"},
        data={"action": Text("choose")},
        get=COUNCIL_READERS,
        post=COUNCIL_MANAGERS,
    ),
    # Each lot's ranking and award: like the tender's, the council's managers only.
    Row(
        "procurement:lot_evaluation",
        {"pk": "lotted_tender", "lot_pk": "awarded_lot"},
        get=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:lot_award_decision",
        {"pk": "lotted_tender", "lot_pk": "awarded_lot"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:lot_award_notice_publish",
        {"pk": "lotted_tender", "lot_pk": "awarded_lot"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:lot_award",
        {"pk": "lotted_tender", "lot_pk": "awarded_lot"},
        post=COUNCIL_MANAGERS,
    ),
    Row("procurement:my_bids", get=ALL_SUPPLIERS),
    # Exclusion: each supplier declares for itself; the council's managers check the
    # suppliers taking part in their tender and may exclude one.
    Row("procurement:exclusion_declaration", get=ALL_SUPPLIERS, post=ALL_SUPPLIERS),
    Row("procurement:tender_bidders", {"pk": "tender_in_dialogue"}, get=COUNCIL_MANAGERS),
    Row(
        "procurement:participant_exclude",
        {"pk": "tender_in_dialogue", "participant_pk": "rival_participant"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:participant_not_taken_forward",
        {"pk": "tender_in_dialogue", "participant_pk": "rival_participant"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "procurement:participant_conditions_assess",
        {"pk": "tender_in_dialogue", "participant_pk": "rival_participant"},
        post=COUNCIL_MANAGERS,
    ),
    # An opened bid: its bidder, the council's managers and the cleared panel.
    Row(
        "procurement:bid_detail",
        {"pk": "involved_bid"},
        get=COUNCIL_MANAGERS | {EVALUATOR, INVOLVED},
    ),
    Row(
        "procurement:bid_detail",
        {"pk": "rival_sealed_bid"},
        get=NOBODY,
        case="a rival's bid, sealed until the deadline: not even the council",
    ),
    Row(
        "procurement:bid_detail",
        {"pk": "rival_awarded_bid"},
        get=COUNCIL_MANAGERS | {EVALUATOR},
        case="a rival's opened bid: never another bidder",
    ),
    Row("procurement:bid_withdraw", {"pk": "involved_bid"}, post=INVOLVED_SUPPLIER),
    Row(
        "procurement:bid_part_add",
        {"pk": "involved_draft_bid", "part": Text("price")},
        post=INVOLVED_SUPPLIER,
    ),
    Row(
        "procurement:bid_part_remove",
        {"pk": "involved_draft_bid", "part": Text("price"), "part_pk": "involved_price_line"},
        post=INVOLVED_SUPPLIER,
    ),
    Row(
        "procurement:attachment_download",
        {"pk": "involved_bid", "attachment_pk": "involved_attachment"},
        get=COUNCIL_MANAGERS | {EVALUATOR, INVOLVED},
    ),
    Row(
        "procurement:bid_score",
        {"pk": "bid_in_evaluation"},
        get={EVALUATOR},
        post={EVALUATOR},
    ),
    Row(
        "procurement:concern_raise",
        {"pk": "bid_in_evaluation"},
        post=COUNCIL_MANAGERS | {EVALUATOR},
    ),
    # A feedback letter: the bidder it is for and the council's managers, nobody else.
    Row(
        "procurement:feedback_letter",
        {"pk": "involved_bid"},
        get=COUNCIL_MANAGERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "procurement:feedback_letter",
        {"pk": "rival_awarded_bid"},
        get=COUNCIL_MANAGERS,
        case="a rival's feedback letter",
    ),
    # After the award: the involved supplier was asked how bidding was and has not answered
    # yet (an empty form comes back with its errors); the results are the council managers'.
    Row(
        "procurement:bidder_feedback_give",
        {"pk": "awarded_tender"},
        get=INVOLVED_SUPPLIER,
        post=INVOLVED_SUPPLIER,
        writes=NOBODY,
    ),
    Row(
        "procurement:bidder_feedback_results",
        {"pk": "awarded_tender"},
        get=COUNCIL_MANAGERS,
    ),
    # The supplier portal: opportunities are public; saved searches are one's own.
    Row("dialogue:opportunity_list", get=EVERYONE),
    Row("dialogue:saved_search_list", get=SIGNED_IN),
    Row("dialogue:saved_search_create", post=ALL_SUPPLIERS),
    Row(
        "dialogue:saved_search_delete",
        {"pk": "involved_saved_search"},
        get=INVOLVED_SUPPLIER,
        post=INVOLVED_SUPPLIER,
    ),
    # Market engagement: public once open; a draft, responses and insights are the council's.
    Row("dialogue:engagement_list", get=EVERYONE),
    Row(
        "dialogue:engagement_create",
        {"pk": "specified"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:engagement_detail",
        {"pk": "open_engagement"},
        get=EVERYONE,
        secrets=(Secret("involved_response_answer", NOBODY),),
    ),
    Row(
        "dialogue:engagement_detail",
        {"pk": "draft_engagement"},
        get=COUNCIL_READERS,
        case="a draft: the council only",
    ),
    Row(
        "dialogue:engagement_edit",
        {"pk": "draft_engagement"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:engagement_question_add",
        {"pk": "draft_engagement"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:engagement_question_remove",
        {"pk": "draft_engagement", "question_pk": "draft_engagement_question"},
        post=COUNCIL_MANAGERS,
    ),
    Row("dialogue:engagement_open", {"pk": "draft_engagement"}, post=COUNCIL_MANAGERS),
    Row("dialogue:engagement_close", {"pk": "open_engagement"}, post=COUNCIL_MANAGERS),
    Row("dialogue:engagement_signup", {"pk": "open_engagement"}, post=ALL_SUPPLIERS),
    # Gives up the person's own place; only someone who has one changes anything.
    Row(
        "dialogue:engagement_signup_cancel",
        {"pk": "open_engagement"},
        post=SIGNED_IN,
        writes=INVOLVED_SUPPLIER,
    ),
    # The involved supplier has sent its response, so it is shown that instead.
    Row(
        "dialogue:engagement_respond",
        {"pk": "open_engagement"},
        get=ALL_SUPPLIERS,
        post=ALL_SUPPLIERS,
        get_ok=REDIRECTS,
    ),
    Row(
        "dialogue:engagement_response_detail",
        {"pk": "involved_response"},
        get=COUNCIL_STAFF | INVOLVED_SUPPLIER,
    ),
    Row("dialogue:engagement_responses", {"pk": "open_engagement"}, get=COUNCIL_STAFF),
    Row("dialogue:engagement_insights", {"pk": "open_engagement"}, get=COUNCIL_STAFF),
    Row(
        "dialogue:engagement_insight_add",
        {"pk": "open_engagement"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("dialogue:engagement_version_issue", {"pk": "open_engagement"}, post=COUNCIL_MANAGERS),
    # Clarifications on the tender in dialogue (public): any supplier may read the log
    # (published answers) and ask; a private answer is for its asker only.
    Row(
        "dialogue:clarification_log",
        {"tender_pk": "tender_in_dialogue"},
        get=COUNCIL_READERS | ALL_SUPPLIERS,
        secrets=(
            Secret("rival_awaiting_question", COUNCIL_STAFF),
            Secret("involved_private_question", COUNCIL_STAFF | INVOLVED_SUPPLIER),
        ),
    ),
    Row(
        "dialogue:clarification_ask",
        {"tender_pk": "tender_in_dialogue"},
        get=ALL_SUPPLIERS,
        post=ALL_SUPPLIERS,
    ),
    Row(
        "dialogue:clarification_detail",
        {"pk": "involved_private_clarification"},
        get=COUNCIL_STAFF | INVOLVED_SUPPLIER,
    ),
    Row(
        "dialogue:clarification_detail",
        {"pk": "rival_awaiting_clarification"},
        get=COUNCIL_STAFF,
        case="a rival's question not yet answered",
    ),
    Row(
        "dialogue:clarification_answer",
        {"pk": "rival_awaiting_clarification"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    # Taking part: a supplier already taking part sees its participation.
    Row(
        "dialogue:participant_join",
        {"pk": "tender_in_dialogue"},
        get=ALL_SUPPLIERS,
        post=ALL_SUPPLIERS,
    ),
    Row(
        "dialogue:participant_withdraw",
        {"pk": "tender_in_dialogue"},
        get=INVOLVED_SUPPLIER,
        post=INVOLVED_SUPPLIER,
    ),
    Row(
        "dialogue:participant_messages",
        {"pk": "tender_in_dialogue"},
        get=COUNCIL_STAFF | INVOLVED_SUPPLIER,
        post=INVOLVED_SUPPLIER,
    ),
    Row(
        "dialogue:participant_thread",
        {"pk": "tender_in_dialogue", "participant_pk": "rival_participant"},
        get=COUNCIL_STAFF,
        post=COUNCIL_MANAGERS,
    ),
    Row("dialogue:specification_changes", {"pk": "tender_in_dialogue"}, get=EVERYONE),
    Row(
        "dialogue:participant_version_seen",
        {"pk": "tender_in_dialogue"},
        post=INVOLVED_SUPPLIER,
    ),
    Row(
        "dialogue:market_shaping_tender",
        {"pk": "tender_in_dialogue"},
        get=COUNCIL_READERS,
    ),
    Row("dialogue:market_shaping_mission", {"pk": "mission"}, get=COUNCIL_READERS),
    # Dialogue rounds: the council, and the bidders invited once a round is open.
    Row(
        "dialogue:round_list",
        {"pk": "tender_in_dialogue"},
        get=COUNCIL_READERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "dialogue:round_create",
        {"pk": "tender_in_dialogue"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:round_dialogue_start",
        {"pk": "tender_in_dialogue"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:round_final_submissions",
        {"pk": "tender_in_dialogue"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:round_detail",
        {"pk": "open_round"},
        get=COUNCIL_READERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "dialogue:round_detail",
        {"pk": "closed_round"},
        get=COUNCIL_READERS | INVOLVED_SUPPLIER,
        secrets=(
            Secret("involved_feedback", COUNCIL_READERS | INVOLVED_SUPPLIER),
            # The council reads each bidder's feedback on that bidder's page (round_bidder).
            Secret("rival_feedback", NOBODY),
        ),
        case="a closed round: each bidder reads its own feedback only",
    ),
    Row(
        "dialogue:round_detail",
        {"pk": "planned_round"},
        get=COUNCIL_READERS,
        case="a planned round: the council only",
    ),
    Row(
        "dialogue:round_edit",
        {"pk": "planned_round"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("dialogue:round_open", {"pk": "planned_round"}, post=COUNCIL_MANAGERS),
    Row(
        "dialogue:round_close",
        {"pk": "open_round"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("dialogue:round_slot_add", {"pk": "planned_round"}, post=COUNCIL_MANAGERS),
    Row("dialogue:round_slot_book", {"pk": "open_round"}, post=INVOLVED_SUPPLIER),
    Row(
        "dialogue:round_slot_cancel",
        {"pk": "open_round", "slot_pk": "involved_slot"},
        post=INVOLVED_SUPPLIER,
    ),
    Row("dialogue:round_outline", {"pk": "open_round"}, post=INVOLVED_SUPPLIER),
    Row(
        "dialogue:round_bidder",
        {"pk": "closed_round", "supplier_pk": "involved_organisation"},
        get=COUNCIL_STAFF,
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "dialogue:round_outline_file",
        {"pk": "closed_round", "supplier_pk": "involved_organisation"},
        get=COUNCIL_STAFF | INVOLVED_SUPPLIER,
    ),
    # Contracts: the school meals contract, which Common Table provides.
    Row("contracts:contract_list", get=IN_AN_ORGANISATION),
    # The register as CSV: each person's own register (or list), as on the page.
    Row("contracts:contract_list_csv", get=IN_AN_ORGANISATION),
    Row(
        "contracts:contract_create",
        get=CONTRACT_MANAGERS | {OTHER_COUNCIL},
        post=CONTRACT_MANAGERS | {OTHER_COUNCIL},
    ),
    Row(
        "contracts:learning_list",
        get=PUBLIC_BODY_READERS,
        secrets=(Secret("unpublished_learning", COUNCIL_READERS),),
    ),
    # Public pages about what councils bought and what it achieved: anyone reads them, and
    # nothing unpublished shows, to anyone.
    Row("home:public_index", get=EVERYONE),
    Row("home:public_council", {"slug": Text("northbridge")}, get=EVERYONE),
    Row(
        "home:public_mission",
        {"pk": "mission"},
        get=EVERYONE,
        secrets=(Secret("unpublished_learning", NOBODY),),
    ),
    Row(
        "home:public_contract",
        {"pk": "involved_contract"},
        get=EVERYONE,
        secrets=(Secret("unpublished_learning", NOBODY),),
    ),
    Row(
        "contracts:learning_public",
        get=EVERYONE,
        secrets=(Secret("unpublished_learning", NOBODY),),
    ),
    # A commission's public page, once the council publishes it: anyone reads it and its
    # feed, and may comment (an empty form comes back with its errors) and confirm a
    # comment from the emailed link. A hidden or withdrawn comment and a commenter's email
    # address show to nobody.
    Row(
        "home:public_commission",
        {"pk": "public_commission"},
        get=EVERYONE,
        post=EVERYONE,
        secrets=(
            Secret("hidden_comment", NOBODY),
            Secret("withdrawn_comment", NOBODY),
            Secret("commenter_email", NOBODY),
        ),
    ),
    Row(
        "home:public_commission",
        {"pk": "unpublished_commission"},
        case="not published: no one finds it",
    ),
    Row(
        "home:public_commission_feed",
        {"pk": "public_commission"},
        get=EVERYONE,
        secrets=(
            Secret("hidden_comment", NOBODY),
            Secret("withdrawn_comment", NOBODY),
            Secret("commenter_email", NOBODY),
        ),
    ),
    Row(
        "home:public_comment_confirm",
        {"token": "comment_token"},
        get=EVERYONE,
        post=EVERYONE,
        secrets=(Secret("commenter_email", NOBODY),),
    ),
    # The withdrawal link in the confirmation email: whoever holds it may withdraw (it is
    # the writer's); the page never shows the address it erases.
    Row(
        "home:public_comment_withdraw",
        {"token": "withdrawal_token"},
        get=EVERYONE,
        post=EVERYONE,
        secrets=(Secret("pending_commenter_email", NOBODY),),
    ),
    # Searching what councils buy, and the commissions asking for views now: anyone reads
    # them; an unpublished commission and a hidden comment show to nobody.
    Row(
        "home:public_what_we_buy",
        get=EVERYONE,
        secrets=(
            Secret("unpublished_commission_title", NOBODY),
            Secret("hidden_comment", NOBODY),
        ),
    ),
    Row(
        "home:public_have_your_say",
        get=EVERYONE,
        secrets=(
            Secret("unpublished_commission_title", NOBODY),
            Secret("hidden_comment", NOBODY),
        ),
    ),
    # The council's side: its commissioners and administrators write the public page and
    # moderate the comments.
    # The queue across all of a council's commissions: the other council's commissioner
    # sees its own queue, never Northbridge's comments.
    Row(
        "commissioning:council_comment_queue",
        get=PUBLIC_BODY_MANAGERS,
        secrets=(Secret("pending_comment_body", COUNCIL_MANAGERS),),
    ),
    Row(
        "commissioning:public_page_edit",
        {"pk": "public_commission"},
        get=COUNCIL_MANAGERS,
        post=COUNCIL_MANAGERS,
    ),
    Row("commissioning:public_comment_list", {"pk": "public_commission"}, get=COUNCIL_MANAGERS),
    Row(
        "commissioning:public_comment_detail",
        {"pk": "public_commission", "comment_pk": "pending_comment"},
        get=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:public_comment_publish",
        {"pk": "public_commission", "comment_pk": "pending_comment"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:public_comment_hide",
        {"pk": "public_commission", "comment_pk": "pending_comment"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:public_comment_reply",
        {"pk": "public_commission", "comment_pk": "pending_comment"},
        post=COUNCIL_MANAGERS,
    ),
    Row(
        "commissioning:public_comment_evidence",
        {"pk": "public_commission", "comment_pk": "published_comment"},
        post=COUNCIL_MANAGERS,
    ),
    # Open data: the page and its CSVs are for anyone, and only ever read.
    Row("open_data:index", get=EVERYONE),
    Row("open_data:contracts_csv", get=EVERYONE),
    Row("open_data:awards_csv", get=EVERYONE),
    Row("open_data:social_value_csv", get=EVERYONE),
    Row("open_data:spend_by_mission_csv", get=EVERYONE),
    # The read API reads only: every POST is 405, for everyone. Public records for anyone,
    # with a token or without; an organisation's own records need its API token, never a
    # session (401 without one), and show that organisation's records only.
    Row("api:index", get=API_EVERYONE),
    Row("api:schema", get=API_EVERYONE),
    Row("api:docs", get=API_EVERYONE),
    Row("api:opportunity_list", get=API_EVERYONE),
    Row("api:opportunity_detail", {"pk": "open_tender"}, get=API_EVERYONE),
    Row(
        "api:opportunity_detail",
        {"pk": "draft_tender"},
        get=NOBODY,
        case="a draft is no opportunity, even for its council or its council's token",
    ),
    Row("api:contract_list", get=API_EVERYONE),
    Row("api:contract_detail", {"pk": "involved_contract"}, get=API_EVERYONE),
    Row("api:mission_list", get=API_EVERYONE),
    Row("api:mission_detail", {"pk": "mission"}, get=API_EVERYONE),
    Row("api:outcome_list", get=API_EVERYONE),
    # Only a public body buys: a supplier's token is refused its tenders and commissions.
    Row(
        "api:own_tender_list",
        get=PUBLIC_BODY_TOKENS,
        data={"status": Text("draft"), "page_size": 100},
        secrets=(Secret("draft_tender_title", {COUNCIL_TOKEN}),),
        case="the council's draft, to its token only",
    ),
    Row(
        "api:own_contract_list",
        get=TOKENS,
        data={"page_size": 100},
        secrets=(
            Secret("meals_title", {COUNCIL_TOKEN, SUPPLIER_TOKEN}),
            Secret("vans_title", {COUNCIL_TOKEN}),
        ),
        case="the council's register, and the contracts the supplier provides",
    ),
    Row(
        "api:own_commission_list",
        get=PUBLIC_BODY_TOKENS,
        data={"page_size": 100},
        secrets=(
            Secret("public_commission_title", {COUNCIL_TOKEN}),
            Secret("partner_commission_title", {OTHER_COUNCIL_TOKEN}),
        ),
        case="each public body's own commissions",
    ),
    # An organisation's API tokens: its administrators only.
    Row(
        "api_tokens:token_list",
        {"slug": Text("northbridge")},
        get={COUNCIL_ADMIN},
        post={COUNCIL_ADMIN},
        writes=NOBODY,
        case="an empty form is refused with its error, and nothing is made",
    ),
    Row(
        "api_tokens:token_list",
        {"slug": "new_supplier_slug"},
        get={NEW_SUPPLIER_ADMIN},
        post={NEW_SUPPLIER_ADMIN},
        writes=NOBODY,
        case="a supplier's administrator has its own",
    ),
    Row(
        "api_tokens:token_revoke",
        {"slug": Text("northbridge"), "pk": "api_token"},
        post={COUNCIL_ADMIN},
    ),
    # Open data: OCDS releases and records, and the Procurement Act notices. Anyone reads
    # them; a draft tender is no public process, for anyone.
    Row("open_data:ocds_releases", get=EVERYONE),
    Row("open_data:ocds_process_releases", {"ocid": "awarded_ocid"}, get=EVERYONE),
    Row("open_data:ocds_process_record", {"ocid": "awarded_ocid"}, get=EVERYONE),
    Row(
        "open_data:ocds_process_releases",
        {"ocid": "draft_ocid"},
        case="a draft tender is not published: nobody",
    ),
    Row(
        "open_data:ocds_process_record",
        {"ocid": "draft_ocid"},
        case="a draft tender is not published: nobody",
    ),
    Row("open_data:notice", {"release_id": "ocds_award_release"}, get=EVERYONE),
    Row("open_data:notice_json", {"release_id": "ocds_award_release"}, get=EVERYONE),
    # The provider reads the published learning only; the council reads it all.
    Row(
        "contracts:contract_detail",
        {"pk": "involved_contract"},
        get=CONTRACT_READERS,
        secrets=(Secret("unpublished_learning", COUNCIL_READERS),),
    ),
    Row(
        "contracts:contract_edit",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:checkin_create",
        {"pk": "involved_contract"},
        post=CONTRACT_MANAGERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "contracts:checkin_schedule",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:checkin_detail",
        {"pk": "involved_contract", "checkin_pk": "published_checkin"},
        get=CONTRACT_READERS,
    ),
    # Each side writes only its own part of a check-in.
    Row(
        "contracts:checkin_contribute",
        {"pk": "involved_contract", "checkin_pk": "open_checkin"},
        data={"side": Text("provider")},
        post=INVOLVED_SUPPLIER,
        case="the provider's side",
    ),
    Row(
        "contracts:checkin_contribute",
        {"pk": "involved_contract", "checkin_pk": "open_checkin"},
        data={"side": Text("buyer")},
        post=CONTRACT_MANAGERS,
        case="the buyer's side",
    ),
    Row(
        "contracts:checkin_publish",
        {"pk": "involved_contract", "checkin_pk": "open_checkin"},
        post=CONTRACT_MANAGERS,
    ),
    # Asking people who use the service: the council's contract managers, before sharing.
    Row(
        "contracts:voices_invite",
        {"pk": "involved_contract", "checkin_pk": "open_checkin"},
        post=CONTRACT_MANAGERS,
    ),
    # The emailed link is the key: anyone holding a genuine one may answer (an empty form
    # comes back with its errors), and a link Kindred did not make opens nothing.
    Row(
        "contracts:voice_give",
        {"token": "voice_token"},
        get=EVERYONE,
        post=EVERYONE,
        writes=NOBODY,
    ),
    Row(
        "contracts:voice_give",
        {"token": Text("1:made-up:link")},
        case="a link Kindred did not make",
    ),
    Row("contracts:voice_thanks", get=EVERYONE),
    Row(
        "contracts:action_create",
        {"pk": "involved_contract", "checkin_pk": "published_checkin"},
        post=CONTRACT_MANAGERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "contracts:reading_create",
        {"pk": "involved_contract", "checkin_pk": "published_checkin"},
        post=CONTRACT_MANAGERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "contracts:action_done",
        {"pk": "involved_contract", "action_pk": "contract_action"},
        post=CONTRACT_MANAGERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "contracts:kpi_create",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:kpi_indicator",
        {"pk": "involved_contract", "kpi_pk": "involved_kpi"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:indicator_reading_create",
        {"pk": "indicator"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:indicator_reading_edit",
        {"pk": "manager_reading"},
        get={CONTRACT_MANAGER},
        post={CONTRACT_MANAGER},
    ),
    Row(
        "contracts:reading_add",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS | INVOLVED_SUPPLIER,
        post=CONTRACT_MANAGERS | INVOLVED_SUPPLIER,
    ),
    Row(
        "contracts:assessment_create",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:modification_create",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:extension_option_create",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:extension_option_use",
        {"pk": "involved_contract", "option_pk": "extension_option"},
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:decision_create",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:learning_create",
        {"pk": "involved_contract"},
        get=CONTRACT_MANAGERS,
        post=CONTRACT_MANAGERS,
    ),
    Row(
        "contracts:contract_status",
        {"pk": "involved_contract"},
        data={"to": Text("terminated")},
        post=CONTRACT_MANAGERS,
    ),
    # Social value.
    Row("social_value:measure_list", get=EVERYONE),
    Row("social_value:summary", get=IN_AN_ORGANISATION),
    Row("social_value:provider_waiting", get=ALL_SUPPLIERS),
    Row(
        "social_value:contract_social_value",
        {"pk": "involved_contract"},
        get=CONTRACT_READERS,
    ),
    Row(
        "social_value:commitment_create",
        {"pk": "involved_contract"},
        post=CONTRACT_MANAGERS,
    ),
    Row("social_value:returns_request", {"pk": "involved_contract"}, post=CONTRACT_MANAGERS),
    Row(
        "social_value:return_detail",
        {"pk": "involved_return"},
        get=CONTRACT_READERS,
        data={"action": Text("submit")},
        post=INVOLVED_SUPPLIER,
        case="the provider submits",
    ),
    Row(
        "social_value:return_detail",
        {"pk": "involved_return"},
        get=CONTRACT_READERS,
        data={"action": Text("verify")},
        post=CONTRACT_MANAGERS,
        case="the buyer verifies",
    ),
    Row("social_value:evidence_download", {"pk": "involved_return"}, get=CONTRACT_READERS),
    # PDF reports: asking queues a task (never run here); a report is for the buyer's staff.
    Row(
        "reports:request",
        data={"kind": Text("contract_performance"), "object_id": "involved_contract"},
        post=CONTRACT_READERS,
    ),
    Row("reports:detail", {"pk": "report"}, get=COUNCIL_STAFF),
    Row("reports:download", {"pk": "report"}, get=COUNCIL_STAFF),
]


@dataclass(frozen=True)
class Group:
    """One expectation for a whole family of patterns that are not Kindred's own."""

    label: str
    matches: Callable[[Pattern], bool]
    refuse_everyone: bool
    note: str


@dataclass(frozen=True)
class Pattern:
    key: str
    route: str
    view: str
    namespaces: tuple[str, ...]
    pattern: URLPattern


GROUPS = (
    Group(
        "allauth",
        lambda pattern: pattern.view.startswith("allauth."),
        refuse_everyone=False,
        note="sign-in, sign-up, email, password and MFA pages: open to everyone, never "
        "a server error, no writes except the session and allauth's own tables",
    ),
    Group(
        "admin",
        lambda pattern: "admin" in pattern.namespaces,
        refuse_everyone=True,
        note="the Django admin: only staff with a second factor; no principal here is staff",
    ),
)


def _walk(
    patterns: list[Any], prefix: str = "", namespaces: tuple[str, ...] = ()
) -> Iterator[Pattern]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            name = ":".join((*namespaces, entry.name)) if entry.name else route
            yield Pattern(name, route, entry.lookup_str, namespaces, entry)


def url_patterns() -> list[Pattern]:
    return list(_walk(get_resolver().url_patterns))


def group_of(pattern: Pattern) -> Group | None:
    return next((group for group in GROUPS if group.matches(pattern)), None)


PATTERN_KEYS = sorted({pattern.key for pattern in url_patterns()})
ROWS_BY_NAME: dict[str, list[Row]] = {}
for _row in ROWS:
    ROWS_BY_NAME.setdefault(_row.name, []).append(_row)


# --- Sample records ------------------------------------------------------------------------
def _tender(reference: str) -> Any:
    from procurement.models import Tender

    return Tender.objects.get(reference=reference)


def _bid(reference: str, slug: str) -> Any:
    from procurement.models import Bid

    return Bid.objects.get(tender__reference=reference, supplier__slug=slug)


def _samples() -> dict[str, Callable[[], Any]]:
    """Each sample name used in `ROWS`, and how to find its value in the loaded demo."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Invitation, Organisation
    from api.models import ApiToken
    from commissioning.models import (
        AppraisalCriterion,
        AppraisalOption,
        Commission,
        CommissionStatus,
        EvidenceItem,
        GlossaryTerm,
        Indicator,
        IndicatorReading,
        Mission,
        Need,
        Outcome,
        Place,
        PublicComment,
        Requirement,
        SectionComment,
        SpecificationSection,
    )
    from commissioning.public_voice.privacy import withdrawal_token
    from commissioning.public_voice.services import confirmation_token
    from contracts.models import Action, CheckIn, Contract, ExtensionOption, Kpi, VoiceInvitation
    from contracts.voices.services import email_hash, voice_token
    from dialogue.models import (
        Clarification,
        DialogueRound,
        EngagementAnswer,
        EngagementQuestion,
        EngagementResponse,
        MarketEngagement,
        MeetingSlot,
        RoundFeedback,
        SavedSearch,
    )
    from learning.models import LessonText, PinnedLesson
    from procurement import direct_award_demo
    from procurement.models import (
        AwardNotice,
        BidAnswer,
        BidAttachment,
        PanelMember,
        PriceLine,
        TenderParticipant,
        TenderQuestion,
    )
    from reports.models import Report
    from social_value.models import DeliveryReturn

    council = {"organisation__slug": "northbridge"}
    dialogue = "NBC-2026-0103"
    food = Commission.objects.filter(title__startswith="Community food hubs")
    meals = Contract.objects.filter(title="School holiday meals in South Northbridge")
    return {
        # Accounts.
        "tender_type": lambda: ContentType.objects.get_for_model(_tender(dialogue)).pk,
        "new_supplier_slug": lambda: Organisation.objects.get(name=NEW_SUPPLIER_NAME).slug,
        "invitation_token": lambda: Invitation.objects.get(email=INVITED_EMAIL).token,
        "api_token": lambda: ApiToken.objects.get(name=API_TOKEN_NAME).pk,
        "involved_organisation": lambda: Organisation.objects.get(slug="common-table").pk,
        # Commissioning.
        "mission": lambda: Mission.objects.get(title="Everyone eats well", **council).pk,
        "outcome": lambda: (
            Outcome.objects.filter(mission__organisation__slug="northbridge")
            .order_by("pk")
            .first()
            .pk
        ),
        "indicator": lambda: (
            Indicator.objects.filter(outcome__mission__organisation__slug="northbridge")
            .order_by("pk")
            .first()
            .pk
        ),
        "manager_reading": lambda: (
            IndicatorReading.objects.filter(
                recorded_by__email="contracts@northbridge.example", from_kpi=False
            )
            .order_by("pk")
            .first()
            .pk
        ),
        "need": lambda: Need.objects.get(title__startswith="Fresh food is hard", **council).pk,
        "evidence_statement": lambda: (
            EvidenceItem.objects.filter(kind="statement").order_by("pk").first().pk
        ),
        "evidence_document": lambda: EvidenceItem.objects.get(summary=EVIDENCE_SUMMARY).pk,
        "place": lambda: Place.objects.get(name="Kestrel estate", **council).pk,
        "commission": lambda: food.get().pk,
        "lesson": lambda: LessonText.objects.get(title="Hubs opened at the wrong hours").pk,
        "pinned_lesson": lambda: PinnedLesson.objects.get(commission=food.get()).pk,
        "specified": lambda: food.get().pk,
        "unspecified": lambda: (
            Commission.objects.filter(specification__isnull=True, **council)
            .order_by("pk")
            .first()
            .pk
        ),
        "section": lambda: (
            SpecificationSection.objects.filter(specification__commission__in=food)
            .order_by("position")
            .first()
            .pk
        ),
        "requirement_section": lambda: (
            Requirement.objects.filter(section__specification__commission__in=food)
            .order_by("pk")
            .first()
            .section_id
        ),
        "requirement": lambda: (
            Requirement.objects.filter(section__specification__commission__in=food)
            .order_by("pk")
            .first()
            .pk
        ),
        "commented_section": lambda: (
            SectionComment.objects.filter(section__specification__commission__in=food)
            .order_by("pk")
            .first()
            .section_id
        ),
        "comment": lambda: (
            SectionComment.objects.filter(section__specification__commission__in=food)
            .order_by("pk")
            .first()
            .pk
        ),
        "appraising": lambda: (
            Commission.objects.filter(status=CommissionStatus.OPTIONS_APPRAISAL, **council)
            .order_by("pk")
            .first()
            .pk
        ),
        "decided": lambda: (
            Commission.objects.filter(chosen_option__isnull=False, **council)
            .order_by("pk")
            .first()
            .pk
        ),
        "appraisal_criterion": lambda: (
            AppraisalCriterion.objects.filter(
                commission__status=CommissionStatus.OPTIONS_APPRAISAL,
                commission__chosen_option=None,
            )
            .order_by("commission_id", "pk")
            .first()
            .pk
        ),
        "appraisal_option": lambda: (
            AppraisalOption.objects.filter(
                commission__status=CommissionStatus.OPTIONS_APPRAISAL,
                commission__chosen_option=None,
            )
            .order_by("commission_id", "pk")
            .first()
            .pk
        ),
        "glossary_term": lambda: GlossaryTerm.objects.filter(**council).order_by("pk").first().pk,
        # Procurement.
        "open_tender": lambda: _tender("NBC-2026-0001").pk,
        "tender_in_evaluation": lambda: _tender("NBC-2026-0101").pk,
        "tender_in_dialogue": lambda: _tender(dialogue).pk,
        "draft_tender": lambda: _tender_titled(DRAFT_TENDER_TITLE).pk,
        "draft_condition": lambda: (
            _tender_titled(DRAFT_TENDER_TITLE).conditions.order_by("pk").first().pk
        ),
        "lotted_tender": lambda: _tender("NBC-2026-0110").pk,
        "awarded_tender": lambda: _tender("NBC-2026-0102").pk,
        "awarded_lot": lambda: _tender("NBC-2026-0110").lots.order_by("position").first().pk,
        "draft_direct_award": lambda: _tender_titled(DIRECT_AWARD_TITLE).pk,
        "published_direct_award": lambda: _tender_titled(direct_award_demo.TITLE).pk,
        "award_notice": lambda: AwardNotice.objects.get(tender=_tender("NBC-2026-0102")).pk,
        "direct_award_offer": lambda: _fragment(direct_award_demo.OFFER),
        "evaluation_question": lambda: (
            TenderQuestion.objects.filter(tender__reference="NBC-2026-0101")
            .order_by("position")
            .first()
            .pk
        ),
        "involved_bid": lambda: _bid("NBC-2026-0102", "common-table").pk,
        "involved_draft_bid": lambda: _bid("NBC-2026-0001", "common-table").pk,
        "rival_sealed_bid": lambda: _bid("NBC-2026-0001", "nib-and-nettle").pk,
        "rival_awarded_bid": lambda: _bid("NBC-2026-0102", "nib-and-nettle").pk,
        "bid_in_evaluation": lambda: _bid("NBC-2026-0101", "nib-and-nettle").pk,
        "lived_experience_seat": lambda: (
            PanelMember.objects.get(
                tender=_tender("NBC-2026-0101"), evaluator__email=LIVED_EXPERIENCE_EMAIL
            ).pk
        ),
        "panel_invited_seat": lambda: (
            PanelMember.objects.get(evaluator__email=PANEL_INVITED_EMAIL).pk
        ),
        "panel_invitation_token": lambda: (
            PanelMember.objects.get(evaluator__email=PANEL_INVITED_EMAIL).invitation_token
        ),
        "rival_sealed_answer": lambda: _fragment(
            BidAnswer.objects.filter(bid=_bid("NBC-2026-0001", "nib-and-nettle")).first().text
        ),
        "involved_price_line": lambda: (
            PriceLine.objects.get(bid=_bid("NBC-2026-0001", "common-table")).pk
        ),
        "involved_attachment": lambda: (
            BidAttachment.objects.get(bid=_bid("NBC-2026-0102", "common-table")).pk
        ),
        # Dialogue.
        "involved_saved_search": lambda: SavedSearch.objects.get(name=SAVED_SEARCH_NAME).pk,
        "open_engagement": lambda: MarketEngagement.objects.filter(status="open").get().pk,
        "draft_engagement": lambda: MarketEngagement.objects.get(title=DRAFT_ENGAGEMENT_TITLE).pk,
        "draft_engagement_question": lambda: (
            EngagementQuestion.objects.get(engagement__title=DRAFT_ENGAGEMENT_TITLE).pk
        ),
        "involved_response": lambda: (
            EngagementResponse.objects.get(supplier__slug="common-table").pk
        ),
        "involved_private_clarification": lambda: (
            Clarification.objects.get(supplier__slug="common-table", status="answered_privately").pk
        ),
        "rival_awaiting_clarification": lambda: (
            Clarification.objects.get(supplier__slug="young-futures", status="awaiting_answer").pk
        ),
        "rival_awaiting_question": lambda: _fragment(
            Clarification.objects.get(
                supplier__slug="young-futures", status="awaiting_answer"
            ).question
        ),
        "involved_response_answer": lambda: _fragment(
            EngagementAnswer.objects.filter(response__supplier__slug="common-table")
            .order_by("pk")
            .first()
            .text
        ),
        "involved_private_question": lambda: _fragment(
            Clarification.objects.get(
                supplier__slug="common-table", status="answered_privately"
            ).question
        ),
        "involved_feedback": lambda: _fragment(
            RoundFeedback.objects.get(round__status="closed", supplier__slug="common-table").body
        ),
        "rival_feedback": lambda: _fragment(
            RoundFeedback.objects.get(round__status="closed", supplier__slug="nib-and-nettle").body
        ),
        "rival_participant": lambda: (
            TenderParticipant.objects.get(
                tender__reference=dialogue, supplier__slug="nib-and-nettle"
            ).pk
        ),
        "open_round": lambda: (
            DialogueRound.objects.get(tender__reference=dialogue, status="open").pk
        ),
        "closed_round": lambda: (
            DialogueRound.objects.get(tender__reference=dialogue, status="closed").pk
        ),
        "planned_round": lambda: (
            DialogueRound.objects.get(tender__reference=dialogue, status="planned").pk
        ),
        "involved_slot": lambda: (
            MeetingSlot.objects.get(
                round__tender__reference=dialogue, booked_by_supplier__slug="common-table"
            ).pk
        ),
        # Contracts, social value and reports.
        "involved_contract": lambda: meals.get().pk,
        "involved_kpi": lambda: Kpi.objects.filter(contract__in=meals).order_by("pk").first().pk,
        "published_checkin": lambda: (
            CheckIn.objects.filter(contract__in=meals, status="published").first().pk
        ),
        "open_checkin": lambda: (
            CheckIn.objects.filter(contract__in=meals).exclude(status="published").first().pk
        ),
        "voice_token": lambda: voice_token(
            VoiceInvitation.objects.get(email_hash=email_hash(VOICE_EMAIL))
        ),
        "contract_action": lambda: Action.objects.get(contract__in=meals).pk,
        "extension_option": lambda: ExtensionOption.objects.get(contract__in=meals).pk,
        "involved_return": lambda: (
            DeliveryReturn.objects.get(commitment__contract__in=meals, status="queried").pk
        ),
        "report": lambda: Report.objects.get(title=REPORT_TITLE).pk,
        "unpublished_learning": lambda: escape(UNPUBLISHED_LEARNING),
        # Public pages of commissions and the public's comments.
        "public_commission": lambda: food.get().pk,
        "unpublished_commission": lambda: (
            Commission.objects.filter(published_at__isnull=True, **council)
            .order_by("pk")
            .first()
            .pk
        ),
        "pending_comment": lambda: (
            PublicComment.objects.filter(commission__in=food, status="pending").first().pk
        ),
        "published_comment": lambda: (
            PublicComment.objects.filter(commission__in=food, status="published").first().pk
        ),
        "comment_token": lambda: confirmation_token(
            PublicComment.objects.filter(commission__in=food, status="unconfirmed").first()
        ),
        "withdrawal_token": lambda: withdrawal_token(
            PublicComment.objects.filter(commission__in=food, status="pending").first()
        ),
        "pending_commenter_email": lambda: (
            PublicComment.objects.filter(commission__in=food, status="pending").first().email
        ),
        "withdrawn_comment": lambda: escape(
            PublicComment.objects.filter(commission__in=food, status="withdrawn").first().body
        ),
        "hidden_comment": lambda: escape(
            PublicComment.objects.filter(commission__in=food, status="hidden").first().body
        ),
        "pending_comment_body": lambda: _fragment(
            PublicComment.objects.filter(commission__in=food, status="pending").first().body
        ),
        "unpublished_commission_title": lambda: escape(
            Commission.objects.filter(published_at__isnull=True, **council)
            .order_by("pk")
            .first()
            .title
        ),
        "commenter_email": lambda: (
            PublicComment.objects.filter(commission__in=food, status="unconfirmed").first().email
        ),
        # Open data.
        "awarded_ocid": lambda: _ocid("tender", _tender("NBC-2026-0102").pk),
        # The read API: records that belong to one organisation each.
        "draft_tender_title": lambda: DRAFT_TENDER_TITLE,
        "meals_title": lambda: meals.get().title,
        "vans_title": lambda: Contract.objects.get(title__startswith="Electric vans").title,
        "public_commission_title": lambda: food.get().title,
        "partner_commission_title": lambda: PARTNER_COMMISSION_TITLE,
        "draft_ocid": lambda: _ocid("tender", _tender_titled(DRAFT_TENDER_TITLE).pk),
        "ocds_award_release": lambda: f"{_ocid('tender', _tender('NBC-2026-0102').pk)}-award-1",
    }


def _fragment(text: str) -> str:
    """The start of a text, as a page shows it: enough to be unmistakable."""
    return escape(text.split("\n")[0][:60])


def _ocid(kind: str, pk: int) -> str:
    from open_data.ocds import ocid_for

    return ocid_for(kind, pk)


def _tender_titled(title: str) -> Any:
    from procurement.models import Tender

    return Tender.objects.get(title=title)


NEW_SUPPLIER_NAME = "Fresh Start Kitchens"
UNINVOLVED_NAME = "Quiet Lane Catering"
INVITED_EMAIL = "new.officer@northbridge.example"
LIVED_EXPERIENCE_EMAIL = "pat.lewis@example.com"
PANEL_INVITED_EMAIL = "new.panel.member@example.com"
API_TOKEN_NAME = "Finance system import"
VOICE_EMAIL = "someone.who.eats@example.com"
EVIDENCE_SUMMARY = "Survey of Kestrel estate households, spring 2026"
DRAFT_TENDER_TITLE = "Community food hubs: first tender"
PARTNER_COMMISSION_TITLE = "Hospital discharge: home from hospital support"
DIRECT_AWARD_TITLE = "Community food hubs: pilot with the existing provider"
DRAFT_ENGAGEMENT_TITLE = "Food hubs: what would help you bid?"
SAVED_SEARCH_NAME = "Meals near us"
REPORT_TITLE = "School meals: performance so far"
UNPUBLISHED_LEARNING = "Menus chosen by children went uneaten"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- The demo, the principals and their sessions, loaded once for the module -------------
@dataclass
class Matrix:
    samples: dict[str, Any]
    sessions: dict[str, str | None]
    # The secret of each token principal's API token.
    tokens: dict[str, str]
    # One client for every request (its middleware is loaded once); cookies are reset.
    client: Client = field(default_factory=Client)
    # Celery tasks asked for during the current request (see `_record_task`).
    queued: list[str] = field(default_factory=list)


def _add_what_the_demo_lacks(people: dict[str, Any]) -> list[Any]:
    """Records some URLs need that the demo does not have, added through the services
    where there is one; returns the stored files, to delete afterwards."""
    from accounts import services as account_services
    from accounts.models import Organisation
    from api import services as api_services
    from commissioning import services as commissioning_services
    from commissioning.models import Commission, EvidenceItem, Need
    from contracts import services as contract_services
    from contracts.models import CheckIn, Contract
    from contracts.voices import services as voice_services
    from dialogue import services as dialogue_services
    from dialogue.engagement import services as engagement_services
    from dialogue.models import DialogueRound, MeetingSlot, OutlineSubmission
    from dialogue.rounds import services as round_services
    from procurement import bid_parts, lived_experience
    from procurement import conditions as procurement_conditions
    from procurement import services as procurement_services
    from procurement.models import BidAttachment, FeedbackLetter, Procedure
    from reports import services as report_services
    from reports.models import Report
    from social_value.models import DeliveryReturn

    commissioner = people["commissioner@northbridge.example"]
    manager = people["contracts@northbridge.example"]
    involved = people["social@commontable.example"]
    common_table = Organisation.objects.get(slug="common-table")
    now = timezone.now()
    files = []

    api_services.api_token_create(
        organisation=Organisation.objects.get(slug="northbridge"),
        name=API_TOKEN_NAME,
        by=people["admin@northbridge.example"],
    )
    # The other public body's own record, for its API token to read and no one else's.
    commissioning_services.commission_create(
        organisation=Organisation.objects.get(slug="northbridge-health"),
        title=PARTNER_COMMISSION_TITLE,
        summary="Support for people going home from hospital.",
        by=people["partner@northbridge-health.example"],
    )
    account_services.invitation_create(
        organisation=Organisation.objects.get(slug="northbridge"),
        email=INVITED_EMAIL,
        role="commissioner",
        by=people["admin@northbridge.example"],
    )
    # A lived-experience member still to set up their account from the emailed link.
    evaluating = _tender("NBC-2026-0101")
    lived_experience.lived_experience_member_add(
        tender=evaluating,
        full_name="Robin New",
        email=PANEL_INVITED_EMAIL,
        questions=list(evaluating.questions.order_by("position")[:1]),
        by=commissioner,
    )
    evidence = EvidenceItem.objects.create(
        need=Need.objects.get(title__startswith="Fresh food is hard"),
        kind="document",
        summary=EVIDENCE_SUMMARY,
        created_by=commissioner,
    )
    evidence.document.save("survey.pdf", ContentFile(PDF))
    files.append(evidence.document)

    food = Commission.objects.get(title__startswith="Community food hubs")
    version = food.specification.versions.order_by("-number").first()
    for title, procedure, justification in (
        (DRAFT_TENDER_TITLE, Procedure.OPEN, ""),
        (
            DIRECT_AWARD_TITLE,
            Procedure.DIRECT_AWARD,
            "Only the current provider can run the pilot in the time there is.",
        ),
    ):
        procurement_services.tender_create(
            commission=food,
            specification_version=version,
            title=title,
            summary="Food hubs on two estates, run with residents.",
            procedure=procedure,
            submission_deadline=now + datetime.timedelta(days=40),
            direct_award_justification=justification,
            by=commissioner,
        )
    procurement_conditions.condition_add(
        tender=_tender_titled(DRAFT_TENDER_TITLE),
        kind="financial",
        question="Do you hold public liability insurance of at least £2 million?",
        pass_description="Yes, or you will by the start of the contract.",
        by=commissioner,
    )
    bid_parts.price_line_add(
        bid=_bid("NBC-2026-0001", "common-table"),
        item="Running two hubs for a year",
        quantity=Decimal(1),
        unit_price=Decimal(90000),
        by=involved,
    )
    winning = _bid("NBC-2026-0102", "common-table")
    attachment = BidAttachment(
        bid=winning, original_name="delivery-plan.pdf", size=len(PDF), uploaded_by=involved
    )
    attachment.file.save("delivery-plan.pdf", ContentFile(PDF), save=False)
    attachment.save()
    files.append(attachment.file)
    for slug in ("common-table", "nib-and-nettle"):
        letter = FeedbackLetter.objects.get(bid=_bid("NBC-2026-0102", slug))
        letter.report = _ready_report(
            report_services.report_request(
                kind="feedback_letter", target=letter.bid, requested_by=commissioner
            )
        )
        letter.save(update_fields=["report"])
        files.append(letter.report.file)

    dialogue_services.saved_search_create(
        user=involved, organisation=common_table, name=SAVED_SEARCH_NAME, query_string="q=meals"
    )
    draft_engagement = engagement_services.engagement_create(
        commission=food,
        by=commissioner,
        title=DRAFT_ENGAGEMENT_TITLE,
        brief="Tell us what would make it easier for a small organisation to bid.",
        response_deadline=now + datetime.timedelta(days=30),
    )
    engagement_services.question_add(
        engagement=draft_engagement, by=commissioner, text="What stops you bidding today?"
    )

    dialogue_tender = _tender("NBC-2026-0103")
    open_round = DialogueRound.objects.get(tender=dialogue_tender, status="open")
    free_slot = (
        MeetingSlot.objects.filter(round=open_round, booked_by_supplier=None).order_by("pk").first()
    )
    round_services.slot_book(slot=free_slot, supplier=common_table, by=involved)
    round_services.round_create(
        tender=dialogue_tender,
        title="Final questions before final tenders",
        agenda="Anything still open before final tenders are invited.",
        topics=list(round_services.open_topics_for(dialogue_tender))[:1],
        meetings_from=timezone.localdate() + datetime.timedelta(days=20),
        meetings_to=timezone.localdate() + datetime.timedelta(days=21),
        outline_deadline=now + datetime.timedelta(days=25),
        outline_word_limit=500,
        by=commissioner,
    )
    outline = OutlineSubmission.objects.get(
        round__tender=dialogue_tender, round__status="closed", supplier=common_table
    )
    outline.attachment.save("outline.pdf", ContentFile(PDF), save=False)
    outline.attachment_name = "outline.pdf"
    outline.save(update_fields=["attachment", "attachment_name"])
    files.append(outline.attachment)

    meals = Contract.objects.get(title="School holiday meals in South Northbridge")
    CheckIn.objects.create(
        contract=meals, held_on=timezone.localdate() + datetime.timedelta(days=14)
    )
    voice_services.voices_invite(
        checkin=CheckIn.objects.filter(contract=meals).exclude(status="published").first(),
        emails=[VOICE_EMAIL],
        by=manager,
    )
    contract_services.action_add(
        contract=meals,
        description="Share the menu plan with the parents' group",
        owner="Common Table",
        raised_in=CheckIn.objects.filter(contract=meals, status="published").first(),
        by=manager,
    )
    contract_services.extension_option_add(
        contract=meals, months=12, description="One year more, if both sides agree.", by=manager
    )
    contract_services.learning_record(
        organisation=meals.organisation,
        title=UNPUBLISHED_LEARNING,
        body="Children picked the menus; many dishes came back. Parents now choose with them.",
        did_not_work=True,
        contract=meals,
        by=manager,
    )
    queried = DeliveryReturn.objects.get(commitment__contract=meals, status="queried")
    queried.evidence_file.save("spend.pdf", ContentFile(PDF), save=False)
    queried.evidence_file_name = "spend.pdf"
    queried.save(update_fields=["evidence_file", "evidence_file_name"])
    files.append(queried.evidence_file)

    report = _ready_report(
        report_services.report_request(
            kind="contract_performance", target=meals, requested_by=commissioner
        )
    )
    Report.objects.filter(pk=report.pk).update(title=REPORT_TITLE)
    files.append(report.file)
    return files


def _ready_report(report: Any) -> Any:
    """A requested report, made as the worker would make it (without rendering)."""
    from reports.models import Report, ReportStatus

    report.file.save(f"report-{report.pk}.pdf", ContentFile(PDF), save=False)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.READY, file=report.file.name, finished_at=timezone.now()
    )
    report.refresh_from_db()
    return report


def _principals(people: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Each principal's user and the organisation they act for."""
    from accounts.models import Organisation
    from accounts.registration import supplier_organisation_register
    from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    def demo(email: str) -> tuple[Any, Any]:
        user = people[email]
        return user, user.memberships.get().organisation

    uninvolved_org = OrganisationFactory(
        name=UNINVOLVED_NAME, kind="supplier", supplier_type="small"
    )
    uninvolved = MembershipFactory(organisation=uninvolved_org, role="supplier").user
    newcomer = UserFactory(full_name="Nia Newcomer")
    new_org = supplier_organisation_register(
        user=newcomer,
        name=NEW_SUPPLIER_NAME,
        supplier_type="micro",
        staff_count=3,
        postcode="NB4 1AA",
        places_served="Northbridge",
        company_number="",
        charity_number="",
        living_wage_accredited=False,
        description="We cook school and community meals.",
    )
    assert set(newcomer.memberships.values_list("role", flat=True)) == {"admin", "supplier"}
    return {
        COUNCIL_ADMIN: demo("admin@northbridge.example"),
        COMMISSIONER: demo("commissioner@northbridge.example"),
        EVALUATOR: demo("evaluator@northbridge.example"),
        CONTRACT_MANAGER: demo("contracts@northbridge.example"),
        VIEWER: demo("viewer@northbridge.example"),
        OTHER_COUNCIL: demo("partner@northbridge-health.example"),
        INVOLVED: demo("social@commontable.example"),
        UNINVOLVED: (uninvolved, uninvolved_org),
        NEW_SUPPLIER_ADMIN: (newcomer, Organisation.objects.get(pk=new_org.pk)),
        LIVED_EXPERIENCE: (people[LIVED_EXPERIENCE_EMAIL], None),
    }


def _api_tokens(people: dict[str, Any]) -> dict[str, str]:
    """Each token principal's secret, made as an organisation's administrator makes one
    (the other public body and the supplier get an administrator for it)."""
    from accounts.models import Organisation
    from api.services import api_token_create
    from tests.factories import MembershipFactory

    def token_of(slug: str, admin: Any = None) -> str:
        organisation = Organisation.objects.get(slug=slug)
        if admin is None:
            admin = MembershipFactory(organisation=organisation, role="admin").user
        return api_token_create(organisation=organisation, name="Matrix", by=admin).secret

    return {
        COUNCIL_TOKEN: token_of("northbridge", people["admin@northbridge.example"]),
        OTHER_COUNCIL_TOKEN: token_of("northbridge-health"),
        SUPPLIER_TOKEN: token_of("common-table"),
    }


def _session_for(user: Any, organisation: Any) -> str:
    client = Client()
    client.force_login(user)
    session = client.session
    if organisation is not None:
        session[SESSION_KEY] = organisation.pk
    session.save()
    return session.session_key


def _route_admin(enabled: bool) -> None:
    """Mount (or unmount) the Django admin, as `KINDRED_ADMIN_ENABLED` does."""
    import importlib

    from django.urls import clear_url_caches

    import config.urls

    with override_settings(KINDRED_ADMIN_ENABLED=enabled):
        importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture(scope="module")
def matrix(rolled_back_demo: None, django_db_blocker: Any) -> Iterator[Matrix]:
    from celery.app.task import Task

    from accounts.models import User

    admin_was_on = settings.KINDRED_ADMIN_ENABLED
    _route_admin(True)
    files: list[Any] = []
    try:
        # What is added here is rolled back with the demo (tests/conftest.py).
        with django_db_blocker.unblock():
            people = {user.email: user for user in User.objects.all()}
            files = _add_what_the_demo_lacks(people)
            principals = _principals(people)
            tokens = _api_tokens(people)
            sessions: dict[str, str | None] = {ANONYMOUS: None}
            for name, (user, organisation) in principals.items():
                sessions[name] = _session_for(user, organisation)
            samples = {name: find() for name, find in _samples().items()}
        matrix = Matrix(samples=samples, sessions=sessions, tokens=tokens)

        def _record_task(task: Any, *args: Any, **kwargs: Any) -> None:
            matrix.queued.append(task.name)

        # Every request is rolled back, so nothing may be sent to a worker; a task queued
        # outside `transaction.on_commit` is recorded here instead.
        with mock.patch.object(Task, "apply_async", _record_task):
            yield matrix
    finally:
        for stored in files:
            stored.storage.delete(stored.name)
        _route_admin(admin_was_on)


@pytest.fixture(autouse=True)
def _no_worker_ping(monkeypatch: pytest.MonkeyPatch) -> None:
    # /healthz asks Celery for a worker with a timeout; the matrix is not about workers.
    monkeypatch.setattr("config.health._worker", lambda: "not asked in the matrix")


# --- One request, isolated, with what it changed ------------------------------------------
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)
ALWAYS_WRITABLE = ("django_session",)
# A token records when it was last used (its administrators see it), and nothing else.
TOKEN_LAST_USED = re.compile(r'^UPDATE "api_apitoken" SET "last_used_at" = [^,]+ WHERE ')
ALLAUTH_TABLES = ("account_", "mfa_", "socialaccount_")


@dataclass
class Outcome:
    status: int
    location: str
    writes: list[str]
    mails: int
    tasks: list[str]
    error: str = ""
    response: Any = None

    def describe(self) -> str:
        text = f"{self.status}"
        if self.location:
            text += f" to {self.location}"
        if self.error:
            text += f" ({self.error})"
        return text


def _perform(
    matrix: Matrix, principal: str, method: str, url: str, data: dict[str, Any]
) -> Outcome:
    client = matrix.client
    client.cookies = SimpleCookie()
    if matrix.sessions.get(principal):
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[principal]
    headers = {}
    if principal in matrix.tokens:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {matrix.tokens[principal]}"
    matrix.queued.clear()
    mails_before = len(mail.outbox)
    error = ""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            try:
                response = getattr(client, method)(url, data, **headers)
            except Exception as raised:  # a view that fails is a 500 to its visitor
                error = f"{type(raised).__name__}: {raised}"
                response = None
        transaction.set_rollback(True)
    if response is not None and response.streaming:
        # Reading a download to the end closes its file; the test client then finishes the
        # request without closing the connection (which `response.close()` would do here).
        b"".join(response.streaming_content)
    writes = []
    for query in queries.captured_queries:
        match = WRITE.match(query["sql"])
        bookkeeping = TOKEN_LAST_USED.match(query["sql"])
        if match and match.group(1) not in ALWAYS_WRITABLE and not bookkeeping:
            writes.append(match.group(1))
    mails = len(mail.outbox) - mails_before
    del mail.outbox[mails_before:]
    return Outcome(
        status=response.status_code if response is not None else 500,
        location=response.get("Location", "") if response is not None else "",
        writes=writes,
        mails=mails,
        tasks=list(matrix.queued),
        error=error,
        response=response,
    )


def _resolve(value: Any, samples: dict[str, Any]) -> Any:
    if isinstance(value, Text):
        return value.value
    if isinstance(value, str):
        if value not in samples:
            raise KeyError(f"No sample named {value!r}: add it to _samples()")
        return samples[value]
    return value


def _is_sign_in(location: str) -> bool:
    return location.startswith((reverse("account_login"), "/admin/login/"))


def _refused(outcome: Outcome, principal: str, *, sign_in_for_all: bool = False) -> bool:
    # 401: the read API asks for a token (it has no sign-in page to send anyone to).
    if outcome.status in (401, 403, 404, 405):
        return True
    redirects_to_sign_in = outcome.status == 302 and _is_sign_in(outcome.location)
    return redirects_to_sign_in and (principal == ANONYMOUS or sign_in_for_all)


def _check_row(row: Row, matrix: Matrix) -> list[str]:
    kwargs = {key: _resolve(value, matrix.samples) for key, value in row.kwargs.items()}
    data = {key: _resolve(value, matrix.samples) for key, value in row.data.items()}
    url = reverse(row.name, kwargs=kwargs)
    label = f"{row.name}" + (f" [{row.case}]" if row.case else "")
    problems = []
    pages: dict[str, Any] = {}
    for method, allowed in (("get", row.get), ("post", row.post)):
        for principal in _principals_for(row):
            outcome = _perform(matrix, principal, method, url, data)
            where = f"{method.upper()} {url} ({label}) as {principal}"
            if principal in allowed:
                if outcome.status >= 500 or _refused(outcome, principal):
                    problems.append(f"{where}: allowed, but got {outcome.describe()}")
                elif method == "get" and outcome.status not in row.get_ok:
                    problems.append(
                        f"{where}: expected {sorted(row.get_ok)}, got {outcome.describe()}"
                    )
            elif not _refused(outcome, principal):
                problems.append(f"{where}: should be refused, got {outcome.describe()}")
            may_write = method == "post" and principal in allowed and principal in row.writers
            if outcome.writes and not may_write:
                problems.append(f"{where}: changed the database: {', '.join(outcome.writes)}")
            if principal not in allowed and (outcome.mails or outcome.tasks):
                problems.append(
                    f"{where}: refused, but sent {outcome.mails} email(s) and queued "
                    f"{outcome.tasks}"
                )
            if method == "get" and principal in allowed and outcome.status == 200:
                pages[principal] = outcome.response
    return problems + _check_secrets(row, pages, matrix.samples, label)


def _principals_for(row: Row) -> tuple[str, ...]:
    """Tokens open the read API only; everywhere else they are ignored."""
    return PRINCIPALS + TOKEN_PRINCIPALS if row.name.startswith("api:") else PRINCIPALS


def _check_secrets(
    row: Row, pages: dict[str, Any], samples: dict[str, Any], label: str
) -> list[str]:
    """Each secret is on the page for someone who may read it (or the check would prove
    nothing), and on nobody else's; a secret shown to nobody is found by its sample."""
    problems = []
    for secret in row.secrets:
        text = samples[secret.sample]
        shown = False
        for principal, response in pages.items():
            try:
                if principal in secret.shown_to:
                    assertContains(response, text)
                    shown = True
                else:
                    assertNotContains(response, text)
            except AssertionError:
                if principal not in secret.shown_to:
                    problems.append(f"GET ({label}) as {principal}: shows {secret.sample}")
        if not shown and secret.shown_to:
            problems.append(f"({label}): {secret.sample} is on no page it should be on")
    return problems


# --- Grouped patterns: allauth and the admin -------------------------------------------------
PLACEHOLDERS = ("1", "not-a-real-key")
# allauth's pages and the admin do not look at Kindred's roles, so every grouped pattern is
# asked for by three principals: signed out, a council administrator (an "admin" who is
# not Django staff) and the freshly registered supplier administrator.
GROUP_PRINCIPALS = (ANONYMOUS, COUNCIL_ADMIN, NEW_SUPPLIER_ADMIN)


def _url_for_group(pattern: Pattern) -> str | None:
    """A URL for a pattern that has no sample rows: placeholder values for its kwargs."""
    if pattern.pattern.name is None:
        # An unnamed pattern (the admin's old-style and catch-all URLs): fill in the route.
        url = "/" + re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)", "1", pattern.route)
        url = url.replace("^", "").replace("$", "")
        return url if resolve(url).func is pattern.pattern.callback else None
    regex = pattern.pattern.pattern.regex
    choices: list[list[str]] = []
    for name in regex.groupindex:
        alternatives = re.search(rf"\(\?P<{name}>([\w|-]+)\)", regex.pattern)
        choices.append([*(alternatives.group(1).split("|") if alternatives else []), *PLACEHOLDERS])
    for values in itertools.product(*choices):
        try:
            return reverse(pattern.key, kwargs=dict(zip(regex.groupindex, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


def _check_group(group: Group, pattern: Pattern, matrix: Matrix) -> list[str]:
    url = _url_for_group(pattern)
    if url is None:
        return [f"{pattern.key}: no URL could be built for it; give it its own row"]
    problems = []
    for method in ("get", "post"):
        for principal in GROUP_PRINCIPALS:
            outcome = _perform(matrix, principal, method, url, {})
            where = f"{method.upper()} {url} ({group.label}) as {principal}"
            if group.refuse_everyone:
                # The admin's logout sends everyone to its index, which refuses them in turn.
                within_admin = outcome.status == 302 and outcome.location.startswith("/admin/")
                if not (_refused(outcome, principal, sign_in_for_all=True) or within_admin):
                    problems.append(f"{where}: should be refused, got {outcome.describe()}")
                if outcome.writes or outcome.mails or outcome.tasks:
                    problems.append(f"{where}: refused, but changed or sent something")
            else:
                if outcome.status >= 500:
                    problems.append(f"{where}: failed with {outcome.describe()}")
                kindred = [t for t in outcome.writes if not t.startswith(ALLAUTH_TABLES)]
                if kindred:
                    problems.append(f"{where}: changed Kindred's tables: {', '.join(kindred)}")
    return problems


# --- The tests --------------------------------------------------------------------------------
def _how_to_add(key: str) -> str:
    return (
        f"The URL pattern {key!r} has no row in the permission matrix. Add "
        f'Row("{key}", {{...sample kwargs...}}, get=<who may GET>, post=<who may POST>) to '
        "ROWS in tests/security/test_url_matrix.py (see its docstring)."
    )


@pytest.mark.parametrize("key", PATTERN_KEYS)
def test_url(key: str, matrix: Matrix) -> None:
    patterns = [pattern for pattern in url_patterns() if pattern.key == key]
    rows = ROWS_BY_NAME.get(key, [])
    group = group_of(patterns[0]) if patterns else None
    if not rows and group is None:
        pytest.fail(_how_to_add(key))
    problems = []
    for row in rows:
        problems += _check_row(row, matrix)
    if not rows and group is not None:
        for pattern in patterns:
            problems += _check_group(group, pattern, matrix)
    assert not problems, "\n".join(problems)


def test_admin_patterns_follow_their_group(matrix: Matrix) -> None:
    """The admin is mounted only for this module (it is off in the test settings), so its
    patterns are checked here rather than collected one test each."""
    admin = [pattern for pattern in url_patterns() if "admin" in pattern.namespaces]
    assert admin, "the admin should be mounted for the matrix"
    group = next(group for group in GROUPS if group.label == "admin")
    problems = []
    for pattern in admin:
        problems += _check_group(group, pattern, matrix)
    assert not problems, "\n".join(problems)


def test_every_row_names_a_url_pattern() -> None:
    known = {pattern.key for pattern in url_patterns()}
    unknown = sorted({row.name for row in ROWS} - known)
    assert not unknown, f"Rows for URL names that do not exist: {unknown}"


def test_kindred_patterns_are_not_left_to_a_group() -> None:
    """Only allauth's and the admin's pages may share a row; Kindred's own each have one."""
    grouped = [pattern.key for pattern in url_patterns() if group_of(pattern) is not None]
    assert all(key.split(":")[0] not in KINDRED_NAMESPACES for key in grouped), grouped


KINDRED_NAMESPACES = {
    "accounts",
    "api",
    "api_tokens",
    "open_data",
    "commissioning",
    "procurement",
    "dialogue",
    "contracts",
    "social_value",
    "reports",
}
