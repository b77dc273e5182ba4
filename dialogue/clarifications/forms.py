"""Forms for asking and answering clarification questions. Rules live in the services;
these only parse what people typed (and keep it when something is wrong)."""

from __future__ import annotations

from django import forms

from core.forms import limited_text
from dialogue.clarifications.services import ANSWER_MAX_CHARACTERS, QUESTION_MAX_CHARACTERS

PUBLISH = "publish"
PRIVATE = "private"


class ClarificationAskForm(forms.Form):
    # The service refuses a question over its limit with a message, and the text is kept;
    # the page shows the limit before typing (a GOV.UK character count).
    question = forms.CharField(
        label="Your question",
        help_text="The buyer will not publish your organisation's name, but do not include"
        " anything in the question that identifies you.",
        widget=forms.Textarea(attrs={"rows": 6}),
        strip=False,
        error_messages={"required": "Enter your question"},
    )


class ClarificationAnswerForm(forms.Form):
    # The limits are the services' own, so the character counts show them before typing.
    answer = limited_text(
        "Your answer",
        max_length=ANSWER_MAX_CHARACTERS,
        what="Your answer",
        rows=8,
        error_messages={"required": "Enter your answer"},
    )
    visibility = forms.ChoiceField(
        label="Who should see the answer?",
        choices=[
            (PUBLISH, "Publish to all participants (anonymised)"),
            (PRIVATE, "Answer privately"),
        ],
        initial=PUBLISH,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should see the answer"},
    )
    published_question = limited_text(
        "Question as it will be published",
        max_length=QUESTION_MAX_CHARACTERS,
        what="The published question",
        rows=4,
        help_text="If you publish, reword it to remove anything that could identify the supplier.",
        required=False,
    )
    private_reason = forms.CharField(
        label="Why are you answering privately?",
        help_text="For example, the answer is commercially sensitive. Only your staff see this.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @property
    def publish(self) -> bool:
        return self.cleaned_data.get("visibility") != PRIVATE

    def field_for(self, message: str) -> str | None:
        """Which field a service's message belongs to, so the error sits beside it."""
        lowered = message.lower()
        if "privately" in lowered:
            return "private_reason"
        if "published question" in lowered or "as it will be published" in lowered:
            return "published_question"
        if "answer" in lowered and "already" not in lowered:
            return "answer"
        return None
