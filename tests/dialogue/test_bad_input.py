"""Bad input, generated, on a supplier's response to a market engagement and its outline
solution in a dialogue round: the draft or what is sent is saved exactly as typed (with
its file), or refused with nothing written — never a server error. The helpers are
shared (`tests/bad_input.py`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from core.text import word_count
from dialogue.models import DialogueRound, EngagementResponse, MarketEngagement, OutlineSubmission
from tests.bad_input import ANY_TEXT, EXAMPLES, FILE_CONTENT, FILE_NAME, TEXT, refused
from tests.commissioning.factories import CommissionFactory
from tests.dialogue.test_engagement_views import make_open
from tests.dialogue.test_rounds_services import dialogue_tender, open_round

pytestmark = pytest.mark.django_db
ACTION = st.one_of(st.sampled_from(["submit", "send", "save"]), ANY_TEXT)


# --- Market engagement: a supplier's response -----------------------------------------------
@pytest.fixture
def engagement(council, commissioner) -> MarketEngagement:
    """Open for responses: two questions of up to 10 words each."""
    return make_open(CommissionFactory(organisation=council), commissioner)


@EXAMPLES
@example(action="send", first=" Shared vans between hubs. ", second="")
@example(action="save", first="", second="")
@given(action=ACTION, first=TEXT, second=TEXT)
def test_engagement_response_form(
    client, engagement, supplier_org, supplier_user, action: str, first: str, second: str
) -> None:
    client.force_login(supplier_user)
    EngagementResponse.objects.filter(engagement=engagement).delete()
    questions = list(engagement.questions.order_by("pk"))
    typed = dict(zip([question.pk for question in questions], (first, second), strict=True))
    response = client.post(
        reverse("dialogue:engagement_respond", args=[engagement.pk]),
        {"action": action, **{f"answer_{pk}": text for pk, text in typed.items()}},
    )
    responses = EngagementResponse.objects.filter(engagement=engagement, supplier=supplier_org)
    too_long = any(word_count(text) > 10 for text in typed.values())
    if "\x00" in first + second or too_long:
        # Over a word limit, or a NUL character: nothing is saved, not even a draft.
        assert refused(response)
        assert not responses.exists()
        return
    saved = responses.get()
    assert {answer.question_id: answer.text for answer in saved.answers.all()} == typed
    if action == "send" and (first.strip() or second.strip()):
        assert response.status_code == 302, response.status_code
        assert saved.submitted_at is not None
    elif action == "send":
        # Nothing to send: refused, with the draft kept.
        assert refused(response)
        assert saved.submitted_at is None
    else:
        assert response.status_code == 302, response.status_code
        assert saved.submitted_at is None


# --- A dialogue round: the outline solution -------------------------------------------------


@pytest.fixture
def dialogue_round(council, commissioner, supplier_org) -> DialogueRound:
    """An open round with an outline limit of 100 words, the supplier taking part."""
    return open_round(dialogue_tender(council, supplier_org, created_by=commissioner), commissioner)


@EXAMPLES
@example(action="submit", text=" Three hubs sharing one van. ", file=None)
@example(action="save", text="", file=("Our outline.pdf", b"%PDF-1.7\n%%EOF"))
@given(
    action=ACTION,
    text=TEXT,
    file=st.one_of(st.none(), st.tuples(FILE_NAME, FILE_CONTENT)),
)
def test_outline_form(
    client,
    dialogue_round,
    supplier_org,
    supplier_user,
    action: str,
    text: str,
    file: tuple[str, bytes] | None,
) -> None:
    client.force_login(supplier_user)
    # Each example starts with no outline.
    OutlineSubmission.objects.filter(round=dialogue_round).delete()
    data: dict[str, Any] = {"action": action, "outline-text": text}
    if file is not None:
        data["outline-upload"] = SimpleUploadedFile(*file)
    response = client.post(reverse("dialogue:round_outline", args=[dialogue_round.pk]), data)
    outlines = OutlineSubmission.objects.filter(round=dialogue_round, supplier=supplier_org)
    if refused(response):
        assert not outlines.exists()
        return
    outline = outlines.get()
    assert outline.text == text.strip()
    assert (outline.submitted_at is not None) == (action == "submit")
    if not outline.attachment:
        # None sent, or a name Django drops (nothing left of it once cleaned): no file.
        assert file is None or MultiPartParser.sanitize_file_name(None, file[0]) is None
    else:
        assert file is not None
        with outline.attachment.open("rb") as stored:
            assert stored.read() == file[1]
        outline.attachment.delete(save=False)
