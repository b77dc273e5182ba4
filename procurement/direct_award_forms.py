"""Forms for a direct award: the supplier and grounds, and the checks before the award.
The rules live in `procurement.direct_award`."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Organisation
from core.forms import limited_text
from procurement.direct_award import CHECKS, NOTES_MAX, supplier_choices
from procurement.models import DirectAwardGround


class DirectAwardForm(forms.Form):
    supplier = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Which supplier will the contract go to?",
        help_text="Only this supplier will be able to see the offer form and submit an offer.",
        empty_label="Choose a supplier",
        error_messages={"required": "Choose the supplier the contract will go to"},
    )
    grounds = forms.MultipleChoiceField(
        label="Why can this contract be awarded without a competition?",
        help_text=(
            "Choose every ground from Schedule 5 of the Procurement Act 2023 that applies. "
            "They are published in the transparency notice."
        ),
        choices=DirectAwardGround.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one ground for the direct award"},
    )
    justification = forms.CharField(
        label="How do these grounds apply to this contract?",
        help_text="Give the facts in plain English. This is published in the transparency notice.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Explain how the grounds apply to this contract"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = supplier_choices()


class DirectAwardChecksForm(forms.Form):
    """One confirmation and one note for each check in `CHECKS`, and the reasons."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CHECKS:
            self.fields[f"{name}_checked"] = forms.BooleanField(label=label, required=False)
            self.fields[f"{name}_notes"] = limited_text(
                "What you checked and what you found",
                max_length=NOTES_MAX,
                what="Notes",
                required=False,
            )
        self.fields["rationale"] = forms.CharField(
            label="Reasons for the award decision",
            help_text="Shown to the council in the audit trail and carried into the award record.",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": "Give the reasons for the award decision"},
        )

    def checks(self) -> dict[str, tuple[bool, str]]:
        return {
            name: (
                bool(self.cleaned_data.get(f"{name}_checked")),
                self.cleaned_data.get(f"{name}_notes") or "",
            )
            for name, _ in CHECKS
        }
