"""Forms for the options appraisal. The services check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms

from commissioning.appraisal.services import ScoreEntry
from commissioning.models import AppraisalCriterion, AppraisalOption, OptionKind
from core.forms import limited_line

SCORE_CHOICES = [
    ("", "Not scored"),
    ("0", "0: does not meet it at all"),
    ("1", "1: very poor"),
    ("2", "2: poor"),
    ("3", "3: adequate"),
    ("4", "4: good"),
    ("5", "5: excellent"),
]


class CriterionForm(forms.Form):
    name = limited_line(
        "Criterion",
        max_length=120,
        hint="What matters in choosing the route, for example “Residents shape the service”.",
        error_messages={"required": "Enter a name for the criterion."},
    )
    weight = forms.IntegerField(
        label="Weight",
        min_value=1,
        max_value=100,
        help_text="A whole number from 1 to 100. A criterion with twice the weight counts twice "
        "as much.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a weight from 1 to 100.",
            "invalid": "Enter the weight as a whole number from 1 to 100.",
            "min_value": "The weight must be 1 or more.",
            "max_value": "The weight must be 100 or less.",
        },
    )


class OptionForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of option is this?",
        choices=OptionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of option this is."},
    )
    title = limited_line(
        "Title",
        max_length=200,
        hint="A short name people will recognise, for example “Run the hubs ourselves”.",
        error_messages={"required": "Enter a title for the option."},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        help_text="How this option would work.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    benefits = forms.CharField(
        label="Benefits (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    risks = forms.CharField(
        label="Risks (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    cost_estimate = forms.DecimalField(
        label="Cost estimate in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the cost estimate as a number, like 200000.",
            "min_value": "The cost estimate cannot be less than zero.",
            "max_digits": "The cost estimate is too large.",
            "max_decimal_places": "Enter the cost estimate in pounds and pence at most.",
        },
    )
    social_value = forms.CharField(
        label="Social value (optional)",
        required=False,
        help_text="What else this option would do for local people, places and the environment.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @classmethod
    def initial_for(cls, option: AppraisalOption) -> dict[str, Any]:
        return {name: getattr(option, name) for name in cls.base_fields}


class ScoreForm(forms.Form):
    """One option's row of the scoring grid: a score and a note for every criterion."""

    def __init__(
        self,
        *args: Any,
        option: AppraisalOption,
        criteria: list[AppraisalCriterion],
        scores: dict[int, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        scores = scores or {}
        initial = {}
        for criterion in criteria:
            if (score := scores.get(criterion.pk)) is not None:
                initial[f"score_{criterion.pk}"] = str(score.score)
                initial[f"note_{criterion.pk}"] = score.note
        kwargs.setdefault("prefix", f"option-{option.pk}")
        super().__init__(*args, initial=initial, **kwargs)
        self.option = option
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"Score for {option.title} on {criterion.name}",
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": "Choose a score from 0 to 5."},
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=f"Note on {option.title} for {criterion.name}",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[AppraisalCriterion, forms.BoundField, forms.BoundField]]:
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"note_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for criterion in self.criteria:
            score = cleaned.get(f"score_{criterion.pk}")
            note = (cleaned.get(f"note_{criterion.pk}") or "").strip()
            if score is None and note and f"score_{criterion.pk}" not in self.errors:
                self.add_error(
                    f"score_{criterion.pk}", f"Give a score for {criterion.name} as well as a note."
                )
        return cleaned

    def entries(self) -> dict[int, ScoreEntry]:
        return {
            criterion.pk: ScoreEntry(
                score=self.cleaned_data.get(f"score_{criterion.pk}"),
                note=self.cleaned_data.get(f"note_{criterion.pk}") or "",
            )
            for criterion in self.criteria
        }


class DecisionForm(forms.Form):
    option = forms.TypedChoiceField(
        label="Which option have you chosen?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the option you have decided on.",
            "invalid_choice": "Choose one of the options in this appraisal.",
        },
    )
    rationale = forms.CharField(
        label="Why is this the right route?",
        help_text="Explain in plain English why this option is best for the people it serves. "
        "If it is not the highest-scoring option, say why.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Explain why you chose this option."},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = choices
