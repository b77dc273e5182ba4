"""Forms for tender and bid pages. Rules live in services; forms only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from commissioning.models import SpecificationVersion
from procurement.models import Procedure, TenderQuestion

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "govuk-input--width-20", **(attrs or {})}, format=DATETIME_FORMAT
        )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SpecificationVersion) -> str:
        return f"Version {obj.number}, issued {obj.issued_at:%d %B %Y}: {obj.change_note[:60]}"


class TenderForm(forms.Form):
    specification_version = VersionChoiceField(
        queryset=SpecificationVersion.objects.none(),
        label="Specification version",
        help_text="Bidders will see this version of the specification.",
        empty_label=None,
        error_messages={"required": "Choose a specification version"},
    )
    title = forms.CharField(
        max_length=200, error_messages={"required": "Enter a title for the tender"}
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Describe what you are buying in plain English.",
        error_messages={"required": "Enter a summary of the tender"},
    )
    procedure = forms.ChoiceField(choices=Procedure.choices, initial=Procedure.OPEN)
    submission_deadline = forms.DateTimeField(
        label="Bid deadline",
        input_formats=[DATETIME_FORMAT],
        widget=DateTimeLocalInput(),
        help_text="For example, 2026-03-27 at 12:00",
        error_messages={
            "required": "Enter the bid deadline",
            "invalid": "Enter the bid deadline as a date and time",
        },
    )
    clarification_deadline = forms.DateTimeField(
        label="Deadline for questions (optional)",
        required=False,
        input_formats=[DATETIME_FORMAT],
        widget=DateTimeLocalInput(),
        error_messages={"invalid": "Enter the deadline for questions as a date and time"},
    )
    estimated_value = forms.DecimalField(
        label="Estimated value in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the estimated value as a number, like 250000"},
    )

    def __init__(self, *args: Any, versions: QuerySet[SpecificationVersion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["specification_version"].queryset = versions


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the question"},
    )
    guidance = forms.CharField(
        label="Guidance for bidders (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    word_limit = forms.IntegerField(
        label="Word limit",
        initial=500,
        min_value=10,
        max_value=5000,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter a word limit",
            "invalid": "Enter the word limit as a number, like 500",
            "min_value": "The word limit must be 10 words or more",
            "max_value": "The word limit must be 5,000 words or fewer",
        },
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling this tender?",
        help_text="This is shown on the public page for the tender.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for cancelling the tender"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing your bid? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def answer_field_name(question: TenderQuestion) -> str:
    return f"answer_{question.pk}"


class BidAnswersForm(forms.Form):
    """One free-text answer per question. Word limits are checked by the bid services, so
    a long answer is kept in the form exactly as typed."""

    def __init__(self, *args: Any, questions: list[TenderQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            field = forms.CharField(
                label=f"{number}. {question.text}",
                required=False,
                strip=False,
                help_text=question.guidance,
                widget=forms.Textarea(attrs={"rows": 8}),
            )
            field.question = question
            self.fields[answer_field_name(question)] = field

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(answer_field_name(question), "")
            for question in self.questions
        }

    def add_question_errors(self, errors: dict[int, str]) -> None:
        for question in self.questions:
            if question.pk in errors:
                self.add_error(answer_field_name(question), errors[question.pk])
