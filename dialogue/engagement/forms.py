"""Forms for market engagement pages. Rules live in the services; forms only parse input."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.plain_language.forms import check_as_you_type
from core import dates
from core.forms import QuestionAnswersForm, limited_line
from dialogue.engagement.services import MAX_EVENT_PLACES, MAX_LINK_LENGTH
from dialogue.models import EngagementAnswer, MarketInsight
from procurement.forms import QuestionForm as TenderQuestionForm

NUMBER_WIDGET = forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"})


class EngagementForm(forms.Form):
    title = limited_line(
        "Title",
        max_length=200,
        hint="For example, “Community food hubs: tell us what would work”.",
        error_messages={"required": "Enter a title for the market engagement"},
    )
    brief = forms.CharField(
        label="Brief",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Say in plain English what you want to do and what you want to learn.",
        error_messages={"required": "Enter a brief"},
    )
    response_deadline = dates.DateTimeField(label="Deadline for responses")
    event_starts_at = dates.DateTimeField(
        label="Event date and time (optional)",
        subject="Event date",
        required=False,
        help_text="Leave empty if there is no event. For example, 27 3 2027",
    )
    event_location = forms.CharField(
        label="Where the event is (optional)",
        max_length=300,
        required=False,
        help_text="The full address, including the postcode.",
        error_messages={"max_length": "The address must be 300 characters or fewer"},
    )
    event_online_url = forms.URLField(
        label="Online link (optional)",
        required=False,
        assume_scheme="https",
        max_length=MAX_LINK_LENGTH,
        error_messages={
            "invalid": "Enter the online link as a web address, like https://…",
            "max_length": f"The online link must be {MAX_LINK_LENGTH} characters or fewer",
        },
    )
    event_capacity = forms.IntegerField(
        label="Number of places (optional)",
        required=False,
        min_value=1,
        max_value=MAX_EVENT_PLACES,
        widget=NUMBER_WIDGET,
        help_text="Leave empty for no limit.",
        error_messages={
            "invalid": "Enter the number of places as a number, like 30",
            "min_value": "The number of places must be 1 or more",
            "max_value": f"The number of places must be {MAX_EVENT_PLACES:,} or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Suppliers of every size read the brief: check it as it is written.
        check_as_you_type(self.fields["brief"].widget)

    def details(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "brief": data["brief"],
            "response_deadline": data["response_deadline"],
            "event_starts_at": data.get("event_starts_at"),
            "event_location": data.get("event_location") or "",
            "event_online_url": data.get("event_online_url") or "",
            "event_capacity": data.get("event_capacity"),
        }


class QuestionForm(TenderQuestionForm):
    """A question for the market: the tender question's fields, worded for suppliers, with
    the part of the specification it is about."""

    item = forms.ChoiceField(
        label="Part of the specification it is about (optional)",
        required=False,
        help_text="Requirements open for dialogue are listed first.",
    )

    def __init__(self, *args: Any, item_choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guidance"].label = "Guidance for suppliers (optional)"
        word_limit = self.fields["word_limit"]
        word_limit.initial = 300
        word_limit.error_messages["invalid"] = "Enter the word limit as a number, like 300"
        self.fields["item"].choices = [("", "Not linked"), *item_choices]


class SignupForm(forms.Form):
    access_needs = forms.CharField(
        label="Access needs (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Tell us anything that would help you take part, like a hearing loop.",
    )


class AnswersForm(QuestionAnswersForm):
    """Answers to the questions for the market."""

    rows = 6


def answer_label(answer: EngagementAnswer, number: int) -> str:
    words = answer.text.split()
    excerpt = " ".join(words[:18]) + ("…" if len(words) > 18 else "")
    return f"Question {number}, {answer.response.supplier.name}: “{excerpt}”"


class InsightForm(forms.Form):
    text = forms.CharField(
        label="What did you learn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what you learned from the market"},
    )
    tags = forms.CharField(
        label="Tags (optional)",
        required=False,
        help_text="Separate tags with commas, for example: pricing, premises, small providers.",
    )
    answers = forms.MultipleChoiceField(
        label="Answers it draws on (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose answers from the list"},
    )
    item = forms.ChoiceField(
        label="Part of the specification it should change (optional)",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        answers: list[EngagementAnswer],
        question_numbers: dict[int, int],
        item_choices: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.answer_objects = {str(answer.pk): answer for answer in answers}
        self.fields["answers"].choices = [
            (str(answer.pk), answer_label(answer, question_numbers.get(answer.question_id, 0)))
            for answer in answers
        ]
        self.fields["item"].choices = [("", "Not linked"), *item_choices]

    def chosen_answers(self) -> list[EngagementAnswer]:
        return [self.answer_objects[pk] for pk in self.cleaned_data.get("answers", [])]


class IssueVersionForm(forms.Form):
    insights = forms.MultipleChoiceField(
        label="Insights this version acts on",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one insight that this version acts on",
            "invalid_choice": "Choose insights from the list",
        },
    )
    change_note = forms.CharField(
        label="Change note",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Say what changed in the specification and why. The insights you chose are "
            "listed after it under “Market feedback”."
        ),
        error_messages={"required": "Enter a change note that says what changed and why"},
    )

    def __init__(self, *args: Any, insights: list[MarketInsight], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.insight_objects = {str(insight.pk): insight for insight in insights}
        self.fields["insights"].choices = [(str(insight.pk), insight.text) for insight in insights]

    def chosen_insights(self) -> list[MarketInsight]:
        return [self.insight_objects[pk] for pk in self.cleaned_data.get("insights", [])]
