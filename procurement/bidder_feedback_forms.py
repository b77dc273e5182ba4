"""The form a bidder fills in after the award; procurement/bidder_feedback.py holds the rules."""

from __future__ import annotations

from django import forms

from core.forms import limited_text
from procurement.bidder_feedback import COMMENTS_MAX, MAX_HOURS
from procurement.models import WouldBidAgain

ONE_TO_FIVE = [("5", "5 - very"), ("4", "4"), ("3", "3"), ("2", "2"), ("1", "1 - not at all")]


def _one_to_five(label: str, word: str, required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=ONE_TO_FIVE,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        help_text=f"5 means very {word}, 1 means not {word} at all.",
        error_messages={"required": required},
    )


class BidderFeedbackForm(forms.Form):
    hours_spent = forms.IntegerField(
        label="About how many hours did your organisation spend on this bid?",
        help_text="Count everyone's time: reading, writing, costing, checking and agreeing it.",
        min_value=0,
        max_value=MAX_HOURS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter about how many hours you spent, like 20.",
            "invalid": "Enter the hours as a whole number, like 20.",
            "min_value": "Enter 0 or more hours.",
            "max_value": f"Enter {MAX_HOURS:,} hours or fewer.",
        },
    )
    clarity = _one_to_five(
        "How clear were the questions?", "clear", "Choose how clear the questions were."
    )
    fairness = _one_to_five(
        "How fair did the process feel?", "fair", "Choose how fair the process felt."
    )
    would_bid_again = forms.ChoiceField(
        label="Would you bid for work like this again?",
        choices=WouldBidAgain.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you would bid again."},
    )
    comments = limited_text(
        "Anything else you want to tell us? (optional)",
        max_length=COMMENTS_MAX,
        what="Your comments",
        rows=4,
        required=False,
        help_text="What would make bidding easier or fairer next time?",
    )
