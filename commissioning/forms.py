"""Forms for commissioning pages. Choices are always limited to the person's organisation."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Organisation
from commissioning import selectors
from commissioning.models import CommissionStatus, MissionStatus

DATE_FORMATS = ["%d/%m/%Y", "%d %m %Y", "%d-%m-%Y", "%Y-%m-%d"]


class MissionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=120)
    statement = forms.CharField(
        label="Mission statement",
        max_length=300,
        help_text="One sentence that says what will be different, for example "
        "“By 2030, everyone in the borough eats well every day.”",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_date = forms.DateField(
        label="Target date (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 31/3/2030",
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the target date as day/month/year, like 31/3/2030."},
    )
    lead = forms.ModelChoiceField(
        label="Mission lead (optional)",
        queryset=None,
        required=False,
        empty_label="No lead yet",
    )
    narrative = forms.CharField(
        label="Narrative (optional)",
        required=False,
        help_text="Why this matters, who it is for and how you will know it is working.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = selectors.staff_choices(organisation)


class MissionEditForm(MissionForm):
    status = forms.ChoiceField(
        label="Status", choices=MissionStatus.choices, widget=forms.RadioSelect
    )


class NeedForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description",
        help_text="Describe the need and the evidence for it.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    population_group = forms.CharField(
        label="Who has this need (optional)",
        max_length=200,
        required=False,
        help_text="For example, older people living alone",
    )
    missions = forms.ModelMultipleChoiceField(
        label="Missions this need serves (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    places = forms.ModelMultipleChoiceField(
        label="Places (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missions"].queryset = selectors.mission_choices(organisation)
        self.fields["places"].queryset = selectors.place_choices(organisation)
        for name in ("missions", "places"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]


class CommissionForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    summary = forms.CharField(
        label="Summary",
        help_text="What this commission will change, in plain English.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    needs = forms.ModelMultipleChoiceField(
        label="Needs this commission answers (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    missions = forms.ModelMultipleChoiceField(
        label="Missions this commission serves (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    places = forms.ModelMultipleChoiceField(
        label="Places (optional)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    spend_category = forms.CharField(
        label="Spend category (optional)",
        max_length=120,
        required=False,
        help_text="For example, adult social care",
    )
    budget_min = forms.DecimalField(
        label="Lowest budget in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the lowest budget as a number, like 250000."},
    )
    budget_max = forms.DecimalField(
        label="Highest budget in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the highest budget as a number, like 400000."},
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = selectors.need_choices(organisation)
        self.fields["missions"].queryset = selectors.mission_choices(organisation)
        self.fields["places"].queryset = selectors.place_choices(organisation)
        for name in ("needs", "missions", "places"):
            if not self.fields[name].queryset.exists():
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "budget_max", "The highest budget must be the same as or more than the lowest."
            )
        return cleaned


class CommissionTransitionForm(forms.Form):
    to = forms.ChoiceField(label="Move this commission to", widget=forms.RadioSelect)

    def __init__(self, *args: Any, allowed: list[CommissionStatus], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(status.value, status.label) for status in allowed]
        self.fields["to"].error_messages["required"] = "Choose the new status."
