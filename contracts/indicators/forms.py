"""Forms for readings with their contracts, and for a KPI's indicator."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import Organisation
from commissioning.forms import IndicatorReadingForm
from commissioning.models import Indicator
from contracts.models import Contract


class AttributedReadingForm(IndicatorReadingForm):
    """commissioning's reading form, with the contracts that contributed to the figure."""

    contracts = forms.ModelMultipleChoiceField(
        label="Contracts that contributed (optional)",
        queryset=Contract.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The contracts serving this outcome or its mission. Choose those whose "
        "work helped bring about this figure.",
    )

    def __init__(
        self, *args: Any, organisation: Organisation, contracts: QuerySet[Contract], **kwargs: Any
    ) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["contracts"].queryset = contracts
        if not contracts.exists():
            del self.fields["contracts"]


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, indicator: Indicator) -> str:
        outcome = indicator.outcome
        return f"{outcome.mission.title}: {indicator.name} ({indicator.unit})"


class KpiIndicatorForm(forms.Form):
    indicator = IndicatorChoiceField(
        label="Mission indicator this KPI feeds",
        queryset=Indicator.objects.none(),
        required=False,
        empty_label="None: this KPI feeds no indicator",
        help_text="Each reading of the KPI will also be a reading of the indicator, "
        "attributed to this contract. Readings so far are carried over.",
    )

    def __init__(self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
