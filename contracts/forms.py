"""Forms for contracts and check-ins. They parse input; the services hold the rules."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from accounts.models import Organisation
from commissioning.models import Place
from commissioning.selectors import places_within
from contracts import selectors
from contracts.models import (
    ContractKind,
    ContractStatus,
    Decision,
    Frequency,
    HealthDimension,
    Kpi,
    Rating,
)
from core import dates
from core.forms import ANY, QuickSelect, limited_line, limited_text, search_box

# Limits people see before they type (a GOV.UK character count) and are told about after.
STORY_MAX = 5000
CHECKIN_TEXT_MAX = 2000
RATING_COMMENT_MAX = 1000
ACTION_MAX = 1000
LEARNING_MAX = 5000


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


class OutcomeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.mission.title})"


class ContractForm(forms.Form):
    title = limited_line(
        "Title",
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
        error_messages={"max_length": "The team's name must be 200 characters or fewer."},
    )
    value = PoundsField(
        label="Total value in pounds",
        help_text="The whole value over the full term, before any extension.",
        error_messages={"required": "Enter the total value in pounds."},
    )
    start_date = dates.DateField(label="Start date")
    end_date = dates.DateField(label="End date")
    contract_manager = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Not chosen yet",
        help_text="Only people with the contract manager role are listed.",
    )
    commission = forms.ModelChoiceField(
        label="Commission it delivers (optional)",
        queryset=None,
        required=False,
        empty_label="Not part of a commission",
        help_text="Adding the contract puts the commission in delivery.",
    )
    missions = forms.ModelMultipleChoiceField(
        label="Missions it serves",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    outcomes = OutcomeChoiceField(
        label="Outcomes it contributes to",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Check-ins ask how the service contributes to these.",
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
        commissions = selectors.commission_choices(organisation)
        if commissions.exists():
            self.fields["commission"].queryset = commissions
        else:
            del self.fields["commission"]
        self.fields["missions"].queryset = selectors.mission_choices(organisation)
        outcomes = selectors.outcome_choices(organisation)
        if outcomes.exists():
            self.fields["outcomes"].queryset = outcomes
        else:
            del self.fields["outcomes"]
        places = selectors.place_choices(organisation)
        if places.exists():
            self.fields["places"].queryset = places
        else:
            del self.fields["places"]


class ContractEditForm(ContractForm):
    """What may change on a contract once it exists; a new value needs a reason."""

    value_reason = limited_text(
        "Why is the value changing?",
        max_length=CHECKIN_TEXT_MAX,
        what="The reason",
        rows=3,
        required=False,
        help_text="Only if you change the value. The change is logged with this reason.",
    )

    field_order = [
        "title",
        "contract_manager",
        "start_date",
        "end_date",
        "missions",
        "outcomes",
        "places",
        "value",
        "value_reason",
    ]

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, organisation=organisation, **kwargs)
        for name in ("kind", "provider", "provider_name", "commission"):
            self.fields.pop(name, None)
        self.order_fields(self.field_order)
        self.fields["value"].help_text = "The whole value over the full term."

    @classmethod
    def initial_for(cls, contract: Any) -> dict[str, Any]:
        return {
            "title": contract.title,
            "contract_manager": contract.contract_manager_id,
            "start_date": contract.start_date,
            "end_date": contract.end_date,
            "missions": [m.pk for m in contract.missions.all()],
            "outcomes": [o.pk for o in contract.outcomes.all()],
            "places": [p.pk for p in contract.places.all()],
            "value": contract.value,
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "contract_manager": data.get("contract_manager"),
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "missions": data.get("missions") or [],
            "outcomes": data.get("outcomes") or [],
            "places": data.get("places") or [],
            "value": data["value"],
            "value_reason": data.get("value_reason", ""),
        }


class RegisterFilterForm(forms.Form):
    """The contract register's search box and filters, read from the query string."""

    q = search_box(
        "Search contracts",
        help_text="Search by words in the title or the provider's name",
    )
    # Drawn without a template per option (QuickSelect): the register is a busy page.
    kind = forms.ChoiceField(
        label="Kind of agreement", required=False, choices=ANY, widget=QuickSelect
    )
    status = forms.ChoiceField(label="Status", required=False, choices=ANY, widget=QuickSelect)
    manager = forms.ChoiceField(
        label="Contract manager", required=False, choices=ANY, widget=QuickSelect
    )
    mission = forms.TypedChoiceField(
        label="Mission",
        required=False,
        choices=ANY,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    provider_type = forms.ChoiceField(
        label="Provider type", required=False, choices=ANY, widget=QuickSelect
    )
    place = forms.TypedChoiceField(
        label="Place",
        help_text="Contracts in this place or a place inside it",
        required=False,
        choices=ANY,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["kind"].choices = ANY + list(ContractKind.choices)
        self.fields["status"].choices = ANY + list(ContractStatus.choices)
        if organisation.is_supplier:
            # A provider's own list: who manages it and who provides it are not in question.
            for name in ("manager", "mission", "provider_type", "place"):
                del self.fields[name]
            self.fields["q"].help_text = "Search by words in the title or the buyer's name"
            return
        choices = selectors.register_choices(organisation)
        self.fields["manager"].choices = (
            ANY + choices.managers + [(selectors.NO_MANAGER, "Not chosen")]
        )
        self.fields["mission"].choices = ANY + choices.missions
        self.fields["provider_type"].choices = ANY + [
            (value, label) for value, (label, _) in selectors.PROVIDER_TYPES.items()
        ]
        self.fields["place"].choices = ANY + choices.places

    def filters(self) -> selectors.RegisterFilters:
        """The filters that were valid; a mistyped one is ignored and shown as an error."""
        self.is_valid()
        data = self.cleaned_data
        return selectors.RegisterFilters(
            q=(data.get("q") or "").strip(),
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            manager=data.get("manager") or "",
            mission=data.get("mission"),
            provider_type=data.get("provider_type") or "",
            places=self._places(data.get("place")),
        )

    def _places(self, place_id: int | None) -> tuple[int, ...]:
        """The chosen place and every place inside it (the place page links here)."""
        if place_id is None:
            return ()
        return tuple(places_within(Place(pk=place_id, organisation_id=self.organisation.pk)))


SCORE_CHOICES = [
    ("5", "5 - strong"),
    ("4", "4"),
    ("3", "3"),
    ("2", "2"),
    ("1", "1 - poor"),
]


class ContributionForm(forms.Form):
    """One side's part of a check-in, with optional ratings of the relationship."""

    story = limited_text(
        "What happened for the people using the service?",
        max_length=STORY_MAX,
        what="The story",
        rows=5,
        help_text="Tell the story of this period in plain words: who was helped, and how.",
        error_messages={"required": "Enter what happened for the people using the service."},
    )
    went_well = limited_text(
        "What went well?", max_length=CHECKIN_TEXT_MAX, what="What went well", required=False
    )
    was_hard = limited_text(
        "What was hard?",
        max_length=CHECKIN_TEXT_MAX,
        what="What was hard",
        required=False,
        help_text="Problems are recorded so everyone can learn from them, not to blame anyone.",
    )
    learning = limited_text(
        "What have we learned?",
        max_length=CHECKIN_TEXT_MAX,
        what="What we learned",
        required=False,
        help_text="What will we do differently, together?",
    )
    outcome_contribution = limited_text(
        "How did the service contribute to the outcomes it serves?",
        max_length=CHECKIN_TEXT_MAX,
        what="The contribution to outcomes",
        required=False,
        help_text="Describe the contribution in your own words. This is not payment by results.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in HealthDimension.choices:
            self.fields[f"{value}_score"] = forms.ChoiceField(
                label=f"{label}: how would you rate it?",
                choices=SCORE_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
                help_text="Optional. 5 is strong, 1 is poor.",
            )
            self.fields[f"{value}_comment"] = limited_text(
                f"{label}: why this rating?",
                max_length=RATING_COMMENT_MAX,
                what="The reason for the rating",
                rows=2,
                required=False,
            )

    def ratings(self) -> dict[str, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            value: (
                int(data[f"{value}_score"]) if data.get(f"{value}_score") else None,
                data.get(f"{value}_comment", ""),
            )
            for value in HealthDimension.values
        }

    def contribution_fields(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("story", "went_well", "was_hard", "learning", "outcome_contribution")
        }

    @property
    def text_fields(self) -> list:
        return [
            self[name]
            for name in ("story", "went_well", "was_hard", "learning", "outcome_contribution")
        ]

    @property
    def rating_fields(self) -> list:
        return [
            (label, self[f"{value}_score"], self[f"{value}_comment"])
            for value, label in HealthDimension.choices
        ]


class DraftContributionForm(ContributionForm):
    """A draft may be saved before the story is written."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["story"].required = False


class CheckInForm(ContributionForm):
    """Record a check-in that has happened, with your side's part, in one go."""

    held_on = dates.DateField(label="Date of the check-in")
    field_order = ["held_on"]


CADENCE_CHOICES = [
    ("", "Just this one"),
    ("1", "Every month"),
    ("3", "Every 3 months"),
    ("6", "Every 6 months"),
]


class ScheduleForm(forms.Form):
    first_on = dates.DateField(label="Date of the first check-in")
    cadence_months = forms.TypedChoiceField(
        label="How often will you meet?",
        choices=CADENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label="How many check-ins to put in the diary",
        min_value=1,
        max_value=24,
        initial=1,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many check-ins to schedule.",
            "invalid": "Enter a whole number, like 4.",
            "min_value": "Schedule at least 1 check-in.",
            "max_value": "Schedule no more than 24 check-ins at a time.",
        },
    )


class ActionForm(forms.Form):
    description = limited_text(
        "What will be done?",
        max_length=ACTION_MAX,
        what="The action",
        rows=2,
        error_messages={"required": "Enter what will be done."},
    )
    owner = forms.CharField(
        label="Who will do it?",
        max_length=200,
        help_text=(
            "A name or a team, from either side. Enter a person's name or email address as "
            "it is in Kindred and they will be told."
        ),
        error_messages={"required": "Enter who will do it."},
    )
    due_date = dates.DateField(label="By when (optional)", subject="Due date", required=False)


class KpiForm(forms.Form):
    name = limited_line(
        "Name", max_length=200, error_messages={"required": "Enter the name of the KPI."}
    )
    measure = forms.CharField(
        label="How it is measured",
        max_length=300,
        error_messages={"required": "Enter how the KPI is measured."},
    )
    target = forms.CharField(max_length=200, error_messages={"required": "Enter the target."})
    frequency = forms.ChoiceField(
        label="How often it is reported",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often it is reported."},
    )


class KpiReadingForm(forms.Form):
    kpi = forms.ModelChoiceField(
        label="KPI", queryset=Kpi.objects.none(), error_messages={"required": "Choose the KPI."}
    )
    period = forms.CharField(
        label="Period",
        max_length=60,
        help_text="For example, April to June 2027",
        error_messages={"required": "Enter the period the reading covers."},
    )
    value = forms.CharField(
        label="Reading", max_length=100, error_messages={"required": "Enter the reading."}
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, kpis: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].queryset = kpis


class AssessmentForm(forms.Form):
    period = forms.CharField(
        label="Period assessed",
        max_length=60,
        help_text="For example, April 2027 to March 2028",
        error_messages={"required": "Enter the period assessed."},
    )
    assessed_on = dates.DateField(label="Date of the assessment")
    narrative = forms.CharField(
        label="How did the contract perform?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe how the contract performed."},
    )

    def __init__(self, *args: Any, kpis: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for kpi in kpis:
            self.fields[f"kpi_{kpi.pk}"] = forms.ChoiceField(
                label=f"{kpi.name} (target: {kpi.target})",
                choices=Rating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a rating for {kpi.name}."},
            )
            self.fields[f"kpi_{kpi.pk}_comment"] = forms.CharField(
                label=f"{kpi.name}: comment (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self) -> dict[int, tuple[str, str]]:
        return {
            kpi.pk: (
                self.cleaned_data[f"kpi_{kpi.pk}"],
                self.cleaned_data.get(f"kpi_{kpi.pk}_comment", ""),
            )
            for kpi in self.kpis
        }


class ModificationForm(forms.Form):
    made_on = dates.DateField(label="Date of the change")
    description = forms.CharField(
        label="What changed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Describe the change."},
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the contract is changing."},
    )
    value_change = forms.DecimalField(
        label="Change in value, in pounds",
        help_text="Use a minus sign for a reduction, like -5000. Enter 0 if the value is the same.",
        max_digits=14,
        decimal_places=2,
        initial=0,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "required": "Enter the change in value, or 0.",
            "invalid": "Enter the change in pounds, like 5000 or -5000.",
        },
    )


class ExtensionOptionForm(forms.Form):
    months = forms.IntegerField(
        label="Length of the extension, in months",
        min_value=1,
        max_value=120,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the length in months.",
            "invalid": "Enter a whole number of months, like 12.",
            "min_value": "An extension is at least 1 month.",
            "max_value": "Enter 120 months or fewer.",
        },
    )
    description = forms.CharField(label="Conditions (optional)", max_length=300, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="What will happen when the contract ends?",
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what will happen."},
    )
    reason = forms.CharField(
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reasons for the decision."},
    )


class LearningForm(forms.Form):
    title = limited_line("Title", max_length=200, error_messages={"required": "Enter a title."})
    body = limited_text(
        "What was learned?",
        max_length=LEARNING_MAX,
        what="What was learned",
        rows=5,
        error_messages={"required": "Enter what was learned."},
    )
    did_not_work = forms.BooleanField(
        label="This is about something that did not work", required=False
    )
    is_public = forms.BooleanField(
        label="Publish this so anyone can read it",
        required=False,
        help_text="Do not include anything that identifies a person using the service.",
    )
    missions = forms.ModelMultipleChoiceField(
        label="Missions it relates to",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missions"].queryset = selectors.mission_choices(organisation)


class ExtendForm(forms.Form):
    new_end_date = dates.DateField(label="New end date")


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label="Why is the contract ending early?",
        help_text="This is kept with the contract so the ending can be learned from.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the contract is ending early."},
    )
