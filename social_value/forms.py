"""Forms for social value commitments and returns. They parse input; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from core import dates
from core.forms import limited_text
from core.uploads import accepted_list
from social_value.models import Measure

NUMBER_WIDGET = forms.TextInput(
    attrs={"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"}
)


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.name} ({obj.unit})"


class CommitmentForm(forms.Form):
    measure = MeasureChoiceField(
        queryset=Measure.objects.filter(is_active=True).order_by("theme", "name"),
        empty_label="Choose a measure",
        error_messages={"required": "Choose a measure."},
    )
    quantity = forms.DecimalField(
        label="Amount promised",
        max_digits=12,
        decimal_places=2,
        widget=NUMBER_WIDGET,
        error_messages={
            "required": "Enter the amount promised.",
            "invalid": "Enter the amount as a number, like 12.",
        },
    )
    period = forms.CharField(
        label="Over what period?",
        max_length=60,
        required=False,
        help_text="For example, each year or over the whole contract.",
    )


class ReturnsRequestForm(forms.Form):
    period = forms.CharField(
        label="Period the return covers",
        max_length=60,
        help_text="For example, April to June 2027",
        error_messages={"required": "Enter the period the return covers."},
    )
    due_date = dates.DateField(label="Date the return is due")


class ReturnSubmitForm(forms.Form):
    quantity_delivered = forms.DecimalField(
        label="Amount delivered in this period",
        max_digits=12,
        decimal_places=2,
        widget=NUMBER_WIDGET,
        error_messages={
            "required": "Enter the amount delivered.",
            "invalid": "Enter the amount as a number, like 4.",
        },
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        help_text="Say how you know: for example, payroll records, sign-in sheets or invoices.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence_file = forms.FileField(
        label="Upload evidence (optional)",
        required=False,
        help_text=f"A {accepted_list()}, smaller than {filesizeformat(settings.KINDRED_MAX_UPLOAD_BYTES)}.",
    )

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["quantity_delivered"].help_text = f"In {unit}."


class ReturnQueryForm(forms.Form):
    note = limited_text(
        "Your question for the provider",
        max_length=2000,
        what="Your question",
        error_messages={"required": "Enter your question for the provider."},
    )
