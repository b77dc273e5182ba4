"""Forms for conditions of participation: the buyer's condition, the supplier's answers
and the buyer's pass or fail. The rules live in `procurement.conditions`."""

from __future__ import annotations

from typing import Any

from django import forms

from core.forms import limited_text
from procurement.conditions import QUESTION_MAX, TEXT_MAX
from procurement.models import ConditionKind, ParticipationCondition


class ConditionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the condition about?",
        choices=ConditionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the condition is about"},
    )
    question = limited_text(
        "Question for the supplier",
        max_length=QUESTION_MAX,
        what="The question",
        help_text="For example: Do you hold employer's liability insurance of at least £5 million?",
        error_messages={"required": "Enter the question the supplier answers"},
    )
    pass_description = limited_text(
        "What a pass looks like",
        max_length=TEXT_MAX,
        what="What a pass looks like",
        help_text="Suppliers see this. Ask only for what the contract needs.",
        error_messages={"required": "Say what a pass looks like"},
    )


def condition_field_name(condition: ParticipationCondition) -> str:
    return f"condition_{condition.pk}"


class ConditionAnswersForm(forms.Form):
    """One answer for each of the tender's conditions."""

    def __init__(self, *args: Any, conditions: list[ParticipationCondition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conditions = conditions
        for number, condition in enumerate(conditions, start=1):
            self.fields[condition_field_name(condition)] = limited_text(
                f"{number}. {condition.question}",
                max_length=TEXT_MAX,
                what="Your answer",
                rows=4,
                help_text=f"{condition.get_kind_display()}. A pass: {condition.pass_description}",
                error_messages={"required": f"Answer condition {number}"},
            )

    def answers(self) -> dict[int, str]:
        return {
            condition.pk: self.cleaned_data.get(condition_field_name(condition), "")
            for condition in self.conditions
        }


class AssessForm(forms.Form):
    prefix_letter = "c"
    result = forms.ChoiceField(
        label="Does the supplier meet the conditions of participation?",
        choices=[("pass", "Yes, it passes"), ("fail", "No, it fails")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the supplier passes or fails"},
    )
    reason = limited_text(
        "Your reason",
        max_length=TEXT_MAX,
        what="The reason",
        help_text="The supplier is shown this. Say which conditions it met or missed, and why.",
        error_messages={"required": "Give the reason for your decision"},
    )

    @property
    def passed(self) -> bool:
        return self.cleaned_data.get("result") == "pass"
