"""Forms for commissioning pages. Choices are always limited to the person's organisation."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Organisation
from commissioning import selectors
from commissioning.models import Direction, EvidenceKind, Place, PlaceKind
from commissioning.services import MAX_OUTCOME_POSITION
from core import dates, uploads
from core.forms import limited_line, limited_text


class MissionForm(forms.Form):
    title = limited_line("Title", max_length=120)
    statement = forms.CharField(
        label="Mission statement",
        max_length=300,
        help_text="One sentence that says what will be different, for example "
        "“By 2030, everyone in the borough eats well every day.”",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_date = dates.DateField(
        label="Target date (optional)", required=False, help_text="For example, 31 3 2030"
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


class NeedForm(forms.Form):
    title = limited_line("Title", max_length=200)
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
        error_messages={
            "max_length": "The description of who has this need must be 200 characters or fewer."
        },
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
    title = limited_line("Title", max_length=200)
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


class TransitionForm(forms.Form):
    """Choose a record's next status from the moves its lifecycle offers (`next_choices`)."""

    to = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(
        self, *args: Any, noun: str, allowed: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].label = f"Move this {noun} to"
        self.fields["to"].choices = allowed
        self.fields["to"].error_messages["required"] = "Choose the new status."


# --- Outcomes framework ------------------------------------------------------------------
class OutcomeForm(forms.Form):
    title = limited_line(
        "Outcome",
        max_length=200,
        hint="The change you want to see, for example “More families eat fresh food every day”.",
        error_messages={"required": "Enter the outcome."},
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    position = forms.IntegerField(
        label="Order (optional)",
        required=False,
        min_value=0,
        max_value=MAX_OUTCOME_POSITION,
        help_text="Outcomes are listed from the lowest number. Leave empty to put it last.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the order as a whole number, like 2.",
            "min_value": "The order must be 0 or more.",
            "max_value": f"The order must be {MAX_OUTCOME_POSITION:,} or lower.",
        },
    )


def _decimal_field(label: str, example: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": f"Enter the {label.split(' (')[0].lower()} as a number, like {example}."
        },
    )


def _date_field(label: str, subject: str = "") -> dates.DateField:
    return dates.DateField(
        label=label, subject=subject, required=False, help_text="For example, 31 3 2025"
    )


class IndicatorForm(forms.Form):
    name = limited_line(
        "Indicator",
        max_length=200,
        hint="What you will measure, for example “Residents who eat 5 portions of fruit "
        "and vegetables a day”.",
        error_messages={"required": "Enter the name of the indicator."},
    )
    unit = forms.CharField(
        label="Unit",
        max_length=60,
        help_text="For example, % of residents, or number of households",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Enter the unit, for example % of residents."},
    )
    direction = forms.ChoiceField(
        label="Which is better?",
        choices=Direction.choices,
        initial=Direction.INCREASE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether higher or lower is better."},
    )
    baseline_value = _decimal_field("Baseline value (optional)", "42")
    baseline_date = _date_field("Baseline date (optional)")
    target_value = _decimal_field("Target value (optional)", "60")
    target_date = _date_field("Target date (optional)")
    data_source = forms.CharField(
        label="Data source (optional)",
        max_length=200,
        required=False,
        help_text="For example, Residents' Survey",
    )


class IndicatorReadingForm(forms.Form):
    """A reading of an indicator. The contracts app adds which contracts contributed."""

    value = forms.DecimalField(
        label="Value",
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the value of the reading.",
            "invalid": "Enter the value as a number, like 42 or 42.5.",
            "max_decimal_places": "Enter the value with no more than 2 decimal places.",
            "max_digits": "Enter a value with no more than 14 digits.",
            "max_whole_digits": "Enter a value with no more than 12 digits before the point.",
        },
    )
    date = dates.DateField(
        label="Date of the reading",
        help_text="The date the figure is for. For example, 31 3 2025",
    )
    place = forms.ModelChoiceField(
        label="Place (optional)",
        queryset=None,
        required=False,
        empty_label="The whole area",
        help_text="Choose a place if the figure is for one place only, such as a ward.",
    )
    source = forms.CharField(
        label="Source (optional)",
        max_length=200,
        required=False,
        help_text="Where the figure comes from, for example Residents' Survey 2025",
    )
    note = limited_text(
        "Note (optional)", max_length=2000, what="Your note", required=False, rows=3
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = selectors.place_choices(organisation)


# --- Places ------------------------------------------------------------------------------
class PlaceForm(forms.Form):
    name = limited_line(
        "Name", max_length=120, error_messages={"required": "Enter the name of the place."}
    )
    kind = forms.ChoiceField(
        label="Kind of place",
        choices=PlaceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of place this is."},
    )
    parent = forms.ModelChoiceField(
        label="It is in (optional)",
        queryset=None,
        required=False,
        empty_label="Not inside another place",
        help_text="An area is in an authority, a ward in an area, a neighbourhood in a ward.",
    )
    code = forms.CharField(
        label="Code (optional)",
        max_length=20,
        required=False,
        help_text="An official code if there is one, such as an ONS ward code like E05013456",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, place: Place | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = selectors.place_choices(organisation).exclude(kind=PlaceKind.NEIGHBOURHOOD)
        if place is not None:
            choices = choices.exclude(pk=place.pk)
        self.fields["parent"].queryset = choices


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="The first row names the columns: name, kind, parent, code. "
        "Kind is authority, area, ward or neighbourhood. Parent is the name of the place it is "
        "in, which can be further down the file.",
        error_messages={
            "required": "Choose a CSV file to upload.",
            "empty": "The selected file is empty.",
        },
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        try:
            uploads.check_upload(upload, extensions=("csv",))
        except uploads.UploadRejected as error:
            raise forms.ValidationError(str(error)) from None
        return upload.read()


# --- Evidence ----------------------------------------------------------------------------
class _EvidenceForm(forms.Form):
    kind: str = ""
    source = forms.CharField(
        label="Source (optional)",
        max_length=200,
        required=False,
        help_text="Who published it or where it comes from",
    )
    source_date = _date_field("Date (optional)")


class StatementEvidenceForm(_EvidenceForm):
    kind = EvidenceKind.STATEMENT
    summary = forms.CharField(
        label="Statement",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the statement."},
    )
    field_order = ["summary", "source", "source_date"]


class DataPointEvidenceForm(_EvidenceForm):
    kind = EvidenceKind.DATA_POINT
    value = forms.CharField(
        label="Figure",
        max_length=60,
        help_text="For example, 38% or 1,200 households",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the figure, like 38% or 1,200 households."},
    )
    summary = forms.CharField(
        label="What the figure shows",
        help_text="For example, pupils in Castle ward eligible for free school meals",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the figure shows."},
    )
    source = forms.CharField(
        label="Source",
        max_length=200,
        help_text="For example, School census, January 2025",
        error_messages={"required": "Enter where the figure comes from."},
    )
    source_date = dates.DateField(label="Date of the figure", help_text="For example, 31 1 2025")
    field_order = ["value", "summary", "source", "source_date"]


class LinkEvidenceForm(_EvidenceForm):
    kind = EvidenceKind.LINK
    url = forms.CharField(
        label="Web address",
        max_length=200,
        help_text="Starting with https:// or http://",
        error_messages={"required": "Enter the web address."},
    )
    summary = forms.CharField(
        label="What it shows",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the page shows."},
    )
    field_order = ["url", "summary", "source", "source_date"]


class DocumentEvidenceForm(_EvidenceForm):
    kind = EvidenceKind.DOCUMENT
    document = forms.FileField(
        label="Upload a file",
        help_text=f"A {uploads.accepted_list()} file, smaller than 10 MB",
        error_messages={
            "required": "Choose a file to upload.",
            "empty": "The selected file is empty.",
        },
    )
    summary = forms.CharField(
        label="What the document shows",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what the document shows."},
    )
    field_order = ["document", "summary", "source", "source_date"]

    def clean_document(self) -> Any:
        document = self.cleaned_data["document"]
        try:
            uploads.check_upload(document)
        except uploads.UploadRejected as error:
            raise forms.ValidationError(str(error)) from None
        return document


class CommunityVoiceEvidenceForm(_EvidenceForm):
    kind = EvidenceKind.COMMUNITY_VOICE
    summary = forms.CharField(
        label="What they said",
        help_text="Their own words, as they said them",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the person said."},
    )
    attribution = forms.CharField(
        label="Who said it",
        max_length=200,
        help_text="Describe them without naming them, for example “Parent, Kestrel estate”",
        error_messages={
            "required": "Say who said it without naming them, like “Parent, Kestrel estate”.",
            "max_length": "The description of who said it must be 200 characters or fewer.",
        },
    )
    source = None
    source_date = _date_field("When they said it (optional)", subject="Date they said it")
    field_order = ["summary", "attribution", "source_date"]


EVIDENCE_FORMS: dict[str, type[_EvidenceForm]] = {
    "statement": StatementEvidenceForm,
    "data-point": DataPointEvidenceForm,
    "link": LinkEvidenceForm,
    "document": DocumentEvidenceForm,
    "community-voice": CommunityVoiceEvidenceForm,
}
