"""Forms for a tender's scoring, a direct award's justification and a buyer's settings."""

from __future__ import annotations

from typing import Any

from django import forms

from procurement.models import PriceFormula
from procurement.tender_settings import (
    MAX_SCORE_SCALE,
    MIN_SCORE_SCALE,
    MIN_SOCIAL_VALUE_FLOOR,
    MIN_STANDSTILL_DAYS,
    PRICE_FORMULA_EXPLANATIONS,
)


def descriptor_field_name(score: int) -> str:
    return f"descriptor_{score}"


class ScoringForm(forms.Form):
    """The score scale and what each score means, and the price formula.

    A field is offered for every score up to the highest allowed maximum, so that the
    scale can be raised without JavaScript; only scores up to the chosen maximum count.
    """

    max_score = forms.TypedChoiceField(
        label="Highest score",
        help_text="Answers are scored from 0 to this number.",
        choices=[(str(n), str(n)) for n in range(MIN_SCORE_SCALE, MAX_SCORE_SCALE + 1)],
        coerce=int,
        error_messages={"required": "Choose the highest score"},
    )
    price_formula = forms.ChoiceField(
        label="How price is scored",
        choices=PriceFormula.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how price is scored"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for score in range(MAX_SCORE_SCALE + 1):
            self.fields[descriptor_field_name(score)] = forms.CharField(
                label=f"What a score of {score} means",
                required=False,
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        max_score = cleaned.get("max_score")
        if max_score is None:
            return cleaned
        for score in range(max_score + 1):
            name = descriptor_field_name(score)
            if not (cleaned.get(name) or "").strip() and name not in self.errors:
                self.add_error(name, f"Enter what a score of {score} means")
        return cleaned

    def descriptors(self) -> list[str]:
        max_score = self.cleaned_data["max_score"]
        return [self.cleaned_data[descriptor_field_name(s)] for s in range(max_score + 1)]

    def formula_options(self) -> list[dict[str, Any]]:
        """Each formula with its plain-English explanation, for radios with hints."""
        current = str(self["price_formula"].value() or "")
        return [
            {
                "value": value,
                "label": label,
                "hint": PRICE_FORMULA_EXPLANATIONS.get(value, ""),
                "checked": value == current,
            }
            for value, label in PriceFormula.choices
        ]

    def descriptor_fields(self) -> list[forms.BoundField]:
        return [self[descriptor_field_name(s)] for s in range(MAX_SCORE_SCALE + 1)]


class JustificationForm(forms.Form):
    justification = forms.CharField(
        label="Why is this contract being awarded without a competition?",
        help_text=(
            "Give the legal ground (for example, only one supplier can provide it, or "
            "extreme urgency) and the facts. This is published on the tender page."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Explain why the contract is being awarded directly"},
    )


class BuyerSettingsForm(forms.Form):
    standstill_working_days = forms.IntegerField(
        label="Standstill period in working days",
        help_text=(
            f"The time between telling bidders the result and signing the contract. "
            f"The law sets at least {MIN_STANDSTILL_DAYS} working days."
        ),
        min_value=MIN_STANDSTILL_DAYS,
        max_value=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the standstill period",
            "invalid": "Enter the standstill period as a whole number of days, like 10",
            "min_value": f"The standstill period must be at least {MIN_STANDSTILL_DAYS} working days",
            "max_value": "The standstill period must be 60 working days or fewer",
        },
    )
    social_value_floor_percent = forms.IntegerField(
        label="Lowest weight for social value, in percent",
        help_text=(
            f"Every tender must give social value at least this share of the total. "
            f"National guidance sets at least {MIN_SOCIAL_VALUE_FLOOR}%."
        ),
        min_value=MIN_SOCIAL_VALUE_FLOOR,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "required": "Enter the lowest weight for social value",
            "invalid": "Enter the lowest weight for social value as a whole number, like 20",
            "min_value": f"The lowest weight for social value must be at least {MIN_SOCIAL_VALUE_FLOOR}%",
            "max_value": "The lowest weight for social value must be 100% or less",
        },
    )
