"""Forms for tender and bid pages. Rules live in services; forms only parse input."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.safestring import SafeString

from accounts.models import User
from commissioning.models import SpecificationVersion
from core import dates
from core.formatting import uk_date
from core.forms import QuestionAnswersForm, limited_line, limited_text
from procurement.burden import HOURS_PER_DOCUMENT
from procurement.evaluation import CONCERN_MAX
from procurement.models import Criterion, Lot, Procedure, TenderQuestion
from procurement.services import MAX_WORD_LIMIT, MIN_WORD_LIMIT
from social_value.models import Measure


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SpecificationVersion) -> str:
        return f"Version {obj.number}, issued {uk_date(obj.issued_at)}: {obj.change_note[:60]}"


class TenderForm(forms.Form):
    specification_version = VersionChoiceField(
        queryset=SpecificationVersion.objects.none(),
        label="Specification version",
        help_text="Bidders will see this version of the specification.",
        empty_label=None,
        error_messages={"required": "Choose a specification version"},
    )
    title = limited_line(
        "Title", max_length=200, error_messages={"required": "Enter a title for the tender"}
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Describe what you are buying in plain English.",
        error_messages={"required": "Enter a summary of the tender"},
    )
    procedure = forms.ChoiceField(choices=Procedure.choices, initial=Procedure.OPEN)
    submission_deadline = dates.DateTimeField(label="Bid deadline", future=True)
    clarification_deadline = dates.DateTimeField(
        label="Deadline for questions (optional)", required=False, future=True
    )
    estimated_value = forms.DecimalField(
        label="Estimated value in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the estimated value as a number, like 250000"},
    )
    documents_requested = forms.IntegerField(
        label="How many documents must each bidder attach?",
        help_text=(
            "For example policies, certificates or case studies. Each one adds about "
            f"{HOURS_PER_DOCUMENT} hours to the time it takes to bid. Leave empty if none."
        ),
        required=False,
        min_value=0,
        max_value=50,
        initial=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the number of documents as a whole number, like 2",
            "min_value": "The number of documents cannot be less than 0",
            "max_value": "Ask for 50 documents or fewer",
        },
    )

    direct_award_justification = forms.CharField(
        label="If this is a direct award: why is there no competition?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Needed for a direct award. Give the legal ground and the facts. "
            "It is published on the tender page."
        ),
    )

    def __init__(self, *args: Any, versions: QuerySet[SpecificationVersion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["specification_version"].queryset = versions

    def clean_documents_requested(self) -> int:
        return self.cleaned_data.get("documents_requested") or 0

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        justification = (cleaned.get("direct_award_justification") or "").strip()
        if cleaned.get("procedure") == Procedure.DIRECT_AWARD and not justification:
            self.add_error(
                "direct_award_justification",
                "Explain why the contract is being awarded directly, without a competition",
            )
        return cleaned


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the question"},
    )
    guidance = forms.CharField(
        label="Guidance for bidders (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    word_limit = forms.IntegerField(
        label="Word limit",
        initial=500,
        min_value=MIN_WORD_LIMIT,
        max_value=MAX_WORD_LIMIT,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter a word limit",
            "invalid": "Enter the word limit as a number, like 500",
            "min_value": "The word limit must be 10 words or more",
            "max_value": "The word limit must be 5,000 words or fewer",
        },
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling this tender?",
        help_text="This is shown on the public page for the tender.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for cancelling the tender"},
    )


# The reason is optional and only recorded; the limit keeps it a reason, not a document.
WITHDRAWAL_REASON_MAX = 2000


class WithdrawForm(forms.Form):
    reason = limited_text(
        "Why are you withdrawing your bid? (optional)",
        max_length=WITHDRAWAL_REASON_MAX,
        what="Your reason",
        required=False,
    )


class BidAnswersForm(QuestionAnswersForm):
    """Answers to a tender's questions, in a taller box: bids are longer."""

    rows = 8


# --- Criteria --------------------------------------------------------------------------------
PERCENT_WIDGET = forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"})


class CriterionWeightForm(forms.Form):
    weight = forms.DecimalField(
        label="Weight (%)",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=PERCENT_WIDGET,
        error_messages={
            "required": "Enter a weight",
            "invalid": "Enter the weight as a number, like 20",
            "min_value": "The weight must be 0%% or more",
            "max_value": "The weight must be 100%% or less",
        },
    )


class SubCriterionForm(forms.Form):
    parent = forms.ModelChoiceField(
        queryset=Criterion.objects.none(),
        label="Under",
        empty_label=None,
        error_messages={"required": "Choose where the sub-criterion goes"},
    )
    name = limited_line(
        "Name of the sub-criterion",
        max_length=200,
        error_messages={"required": "Enter a name for the sub-criterion"},
    )
    weight = CriterionWeightForm.base_fields["weight"]

    def __init__(self, *args: Any, tender_criteria: QuerySet[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = tender_criteria.filter(
            parent__isnull=True, kind__in=["quality", "social_value"]
        )


class CriterionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Criterion) -> str:
        return f"{obj.parent.name}: {obj.name}" if obj.parent_id else obj.name


def question_form_with_criteria(
    data: Any = None, *, tender_criteria: list[Criterion], tender_lots: list[Lot] = ()
) -> QuestionForm:
    """The question form with a choice of the criterion the answer is scored against,
    and, in a tender with lots, of the lot it is for."""
    form = QuestionForm(data)
    if tender_lots:
        form.fields["lot"] = forms.ModelChoiceField(
            queryset=Lot.objects.filter(pk__in=[lot.pk for lot in tender_lots]),
            label="Which lot is this question for?",
            help_text=(
                "A lot with questions of its own is evaluated on those alone. A lot with "
                "none is evaluated on the questions for every lot."
            ),
            empty_label="Every lot that has no questions of its own",
            required=False,
        )
    parents = {criterion.parent_id for criterion in tender_criteria if criterion.parent_id}
    leaves = [
        criterion.pk
        for criterion in tender_criteria
        if criterion.pk not in parents and criterion.kind != "price"
    ]
    form.fields["criterion"] = CriterionChoiceField(
        queryset=Criterion.objects.filter(pk__in=leaves).select_related("parent"),
        label="Scored under",
        empty_label=None,
        required=False,
    )
    return form


# --- Evaluation ------------------------------------------------------------------------------
class PanelMemberForm(forms.Form):
    evaluator = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Add a person to the panel",
        error_messages={"required": "Choose a person to add to the panel"},
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = candidates


class LotWeightsChoiceForm(forms.Form):
    own_weights = forms.TypedChoiceField(
        label="How is this lot judged?",
        choices=[
            ("shared", "With the tender's criteria and weights"),
            ("own", "With weights of its own"),
        ],
        coerce=lambda value: value == "own",
        widget=forms.RadioSelect,
        help_text=(
            "A lot of its own starts from the tender's weights. Set a weight to 0% to leave "
            "a criterion out for this lot."
        ),
        error_messages={"required": "Choose how this lot is judged"},
    )


class DeclarationForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with any of these bidders?",
        choices=[("no", "No, I have no conflict of interest"), ("yes", "Yes, I have a conflict")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=(
            "For example, you or someone close to you works for, owns part of, or has "
            "recently worked with a bidder."
        ),
        error_messages={"required": "Say whether you have a conflict of interest"},
    )
    details = forms.CharField(
        label="Describe the conflict (if you have one)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def score_field_names(question: TenderQuestion) -> tuple[str, str]:
    return f"score_{question.pk}", f"rationale_{question.pk}"


class ScoreForm(forms.Form):
    """A score and a rationale for each question, for one bid."""

    def __init__(
        self,
        *args: Any,
        questions: list[TenderQuestion],
        max_score: int,
        descriptors: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = [
            (
                str(value),
                f"{value}: {descriptors[value]}" if value < len(descriptors) else str(value),
            )
            for value in range(max_score + 1)
        ]
        for number, question in enumerate(questions, start=1):
            score_name, rationale_name = score_field_names(question)
            self.fields[score_name] = forms.TypedChoiceField(
                label=f"Score for question {number}",
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[rationale_name] = forms.CharField(
                label=f"Reasons for your score for question {number}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def scores(self) -> dict[int, tuple[int | None, str]]:
        result = {}
        for question in self.questions:
            score_name, rationale_name = score_field_names(question)
            score = self.cleaned_data.get(score_name)
            result[question.pk] = (
                score if score not in ("", None) else None,
                self.cleaned_data.get(rationale_name, ""),
            )
        return result


class ConsensusForm(forms.Form):
    score = forms.TypedChoiceField(
        label="Consensus score",
        choices=[],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the consensus score"},
    )
    rationale = forms.CharField(
        label="Reasons for the consensus score",
        help_text="The bidder reads this in their feedback letter. Write it for them.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reasons for the consensus score"},
    )
    moderation_note = forms.CharField(
        label="Moderation note (optional)",
        help_text="How the panel reached agreement. Only the buyer sees this.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, max_score: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_score = max_score
        self.fields["score"].choices = [(str(value), str(value)) for value in range(max_score + 1)]

    def render(
        self, template_name: str | None = None, context: Any = None, renderer: Any = None
    ) -> SafeString:
        """A blank form's HTML depends only on its prefix, scale and starting values, and
        the moderation page shows one per bid (25 a page, about 10 ms each to draw), so
        each process draws each once; a form with the person's input or errors is drawn
        every time."""
        if self.is_bound or template_name or context or renderer:
            return super().render(template_name, context, renderer)
        return _blank_consensus_form(
            self.prefix, self.max_score, tuple(sorted(self.initial.items()))
        )

    # Django binds these to its own render when the class is made; {{ form }} uses them.
    __str__ = render
    __html__ = render


@functools.lru_cache(maxsize=1024)
def _blank_consensus_form(
    prefix: str | None, max_score: int, initial: tuple[tuple[str, Any], ...]
) -> SafeString:
    form = ConsensusForm(prefix=prefix, max_score=max_score, initial=dict(initial))
    return forms.Form.render(form)


class ConcernForm(forms.Form):
    question = forms.ModelChoiceField(
        queryset=TenderQuestion.objects.none(),
        label="Which answer is it about?",
        empty_label=None,
    )
    text = limited_text(
        "Your concern",
        max_length=CONCERN_MAX,
        what="Your concern",
        help_text="This may be raised with the bidder in dialogue and in their feedback letter.",
        error_messages={"required": "Describe the concern"},
    )

    def __init__(self, *args: Any, questions: QuerySet[TenderQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions


class AwardDecisionForm(forms.Form):
    rationale = forms.CharField(
        label="Reasons for the award decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the award decision"},
    )


class AwardForm(forms.Form):
    start_date = dates.DateField(label="Contract start date")
    end_date = dates.DateField(label="Contract end date")


# --- Parts of a bid --------------------------------------------------------------------------
class PriceLineForm(forms.Form):
    item = forms.CharField(
        label="What the price is for",
        max_length=200,
        error_messages={"required": "Enter what the price is for"},
    )
    quantity = forms.DecimalField(
        label="Quantity",
        initial=1,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
        error_messages={
            "required": "Enter the quantity",
            "invalid": "Enter the quantity as a number",
            "min_value": "The quantity must be more than 0",
            "max_decimal_places": "Enter the quantity with no more than 2 decimal places",
        },
    )
    unit_price = forms.DecimalField(
        label="Price for each, in pounds",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the price",
            "invalid": "Enter the price as a number, like 1200",
            "min_value": "The price must be £0 or more",
            "max_decimal_places": "Enter the price in pounds and pence, like 1200.50",
        },
    )


class LotPriceLineForm(PriceLineForm):
    """A price line in a tender with lots: each line prices one lot the bid covers."""

    lot = forms.ModelChoiceField(
        queryset=Lot.objects.none(),
        label="Which lot is this price for?",
        empty_label="Choose a lot",
        error_messages={"required": "Choose the lot this price is for"},
    )

    def __init__(self, *args: Any, tender_lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lot"].queryset = tender_lots
        self.order_fields(["lot", "item", "quantity", "unit_price"])


class LotLimitsForm(forms.Form):
    max_lots_per_bid = forms.IntegerField(
        label="The most lots one supplier may bid for (optional)",
        help_text="Leave blank for no limit.",
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the most lots one supplier may bid for as a number, like 2",
            "min_value": "The most lots one supplier may bid for must be 1 or more",
            "max_value": "The most lots one supplier may bid for must be 100 or fewer",
        },
    )
    max_lots_won = forms.IntegerField(
        label="The most lots one supplier may win (optional)",
        help_text=(
            "Leave blank for no limit. Lots are decided one at a time: a supplier that has "
            "already been chosen for this many lots is passed over for the next bid."
        ),
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter the most lots one supplier may win as a number, like 1",
            "min_value": "The most lots one supplier may win must be 1 or more",
            "max_value": "The most lots one supplier may win must be 100 or fewer",
        },
    )


class MeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.name} ({obj.unit})"


class BidCommitmentForm(forms.Form):
    measure = MeasureChoiceField(
        queryset=Measure.objects.filter(is_active=True),
        label="Social value measure",
        error_messages={"required": "Choose a social value measure"},
    )
    quantity = forms.DecimalField(
        label="How much you commit to, in the measure's unit",
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount as a number",
            "min_value": "The amount must be more than 0",
            "max_decimal_places": "Enter the amount with no more than 2 decimal places",
        },
    )
    note = forms.CharField(
        label="Over what period (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "The period must be 300 characters or fewer"},
    )


class AttachmentForm(forms.Form):
    upload = forms.FileField(
        label="Attach a file",
        help_text="PDF, Word, Excel, OpenDocument, PNG, JPEG, CSV or text. Up to 10MB.",
        error_messages={"required": "Choose a file to attach"},
    )


class LotForm(forms.Form):
    title = limited_line(
        "Lot title", max_length=200, error_messages={"required": "Enter a title for the lot"}
    )
    description = forms.CharField(
        label="What the lot covers (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    estimated_value = forms.DecimalField(
        label="Estimated value of the lot in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={"invalid": "Enter the estimated value as a number, like 50000"},
    )


class LotChoiceForm(forms.Form):
    lots = forms.ModelMultipleChoiceField(
        queryset=Lot.objects.none(),
        label="Which lots are you bidding for?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one lot to bid for"},
    )

    def __init__(self, *args: Any, tender_lots: QuerySet[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lots"].queryset = tender_lots


class AwardNoticeForm(forms.Form):
    summary = forms.CharField(
        label="Summary of the decision",
        help_text="In plain English, for anyone to read: who wins, what for and what happens "
        "next. We have written one for you to check.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write a short summary of the decision"},
    )
