"""Forms for contracts and check-ins. They parse input; the services hold the rules."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from accounts.models import Organisation
from contracts import selectors
from contracts.models import ContractKind

DATE_HINT = "For example, 27 3 2027"


class DateEntryField(forms.DateField):
    """A single text box that takes a date as people write it: day, month and year."""

    input_formats = ["%d %m %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"]
    widget = forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HINT)
        kwargs["error_messages"] = {
            "invalid": "Enter a real date, for example 27 3 2027.",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            # People write 27/3/2027, 27-3-2027 or 27 March 2027; make them all one shape.
            value = re.sub(r"[\s/.\-]+", " ", value.strip())
            if re.fullmatch(r"\d{4} \d{1,2} \d{1,2}", value):
                value = value.replace(" ", "-")
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return f"{value.day} {value.month} {value.year}"
        return value


class PoundsField(forms.DecimalField):
    """An amount in pounds; a pound sign and thousands separators are fine."""

    widget = forms.TextInput(
        attrs={"class": "govuk-input--width-10", "inputmode": "decimal", "spellcheck": "false"}
    )

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs["error_messages"] = {
            "invalid": "Enter the value in pounds, like 120000 or £120,000.50.",
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        try:
            return super().to_python(value)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        kind = obj.get_supplier_type_display()
        return f"{obj.name} ({kind.lower()})" if kind else obj.name


class ContractForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        error_messages={"required": "Enter a title for the contract."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(
        label="Kind of agreement",
        choices=ContractKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of agreement."},
    )
    provider = ProviderChoiceField(
        label="Provider organisation",
        queryset=None,
        required=False,
        empty_label="Not an organisation in Kindred",
        help_text="Choose a supplier, charity or other organisation.",
    )
    provider_name = forms.CharField(
        label="Or the name of the team delivering it",
        max_length=200,
        required=False,
        help_text="For an in-house service, the team's name. Leave blank if you chose a provider.",
    )
    value = PoundsField(
        label="Total value in pounds",
        help_text="The whole value over the full term, before any extension.",
        error_messages={"required": "Enter the total value in pounds."},
    )
    start_date = DateEntryField(
        error_messages={
            "required": "Enter the start date.",
            "invalid": "The start date must be a real date, for example 1 4 2027.",
        }
    )
    end_date = DateEntryField(
        error_messages={
            "required": "Enter the end date.",
            "invalid": "The end date must be a real date, for example 31 3 2029.",
        }
    )
    contract_manager = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Not chosen yet",
        help_text="Only people with the contract manager role are listed.",
    )
    missions = forms.ModelMultipleChoiceField(
        label="Missions it serves",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    places = forms.ModelMultipleChoiceField(
        label="Places it serves",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = selectors.provider_choices()
        self.fields["contract_manager"].queryset = selectors.contract_manager_choices(organisation)
        self.fields["missions"].queryset = selectors.mission_choices(organisation)
        places = selectors.place_choices(organisation)
        if places.exists():
            self.fields["places"].queryset = places
        else:
            del self.fields["places"]


class CheckInForm(forms.Form):
    held_on = DateEntryField(
        label="Date of the check-in",
        error_messages={"required": "Enter the date of the check-in."},
    )
    story = forms.CharField(
        label="What happened for the people using the service?",
        help_text="Tell the story of this period in plain words: who was helped, and how.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what happened for the people using the service."},
    )
    went_well = forms.CharField(
        label="What went well?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    was_hard = forms.CharField(
        label="What was hard?",
        required=False,
        help_text="Problems are recorded so everyone can learn from them, not to blame anyone.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    learning = forms.CharField(
        label="What have we learned?",
        required=False,
        help_text="What will we do differently, together?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ExtendForm(forms.Form):
    new_end_date = DateEntryField(
        label="New end date", error_messages={"required": "Enter the new end date."}
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label="Why is the contract ending early?",
        help_text="This is kept with the contract so the ending can be learned from.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the contract is ending early."},
    )
