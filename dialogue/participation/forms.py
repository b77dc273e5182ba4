"""Forms for taking part, withdrawing and messaging. Rules live in services; forms only
parse input (and say what is missing before the service is asked)."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import Organisation
from dialogue.participation.services import MESSAGE_MAX
from procurement.models import WithdrawalReason
from procurement.services import WITHDRAWAL_DETAIL_MAX


class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class TakePartForm(forms.Form):
    supplier = SupplierChoiceField(
        queryset=Organisation.objects.none(),
        label="Which organisation is taking part?",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the organisation that is taking part",
            "invalid_choice": "Choose one of your supplier organisations",
        },
    )

    def __init__(self, *args: Any, suppliers: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Organisation.objects.filter(
            pk__in=[supplier.pk for supplier in suppliers]
        ).order_by("name")
        if len(suppliers) == 1:
            self.fields["supplier"].initial = suppliers[0].pk
            self.fields["supplier"].widget = forms.HiddenInput()


class WithdrawalForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you withdrawing?",
        choices=WithdrawalReason.choices,
        widget=forms.RadioSelect,
        help_text="The buyer uses the reasons suppliers give to improve future tenders.",
        error_messages={"required": "Choose why you are withdrawing"},
    )
    detail = forms.CharField(
        label="Tell the buyer more",
        required=False,
        max_length=WITHDRAWAL_DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Optional, unless you chose “Another reason”.",
        error_messages={
            "max_length": f"Your explanation must be {WITHDRAWAL_DETAIL_MAX:,} characters or fewer"
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("reason") == WithdrawalReason.OTHER
            and not cleaned.get("detail", "").strip()
        ):
            self.add_error("detail", "Tell the buyer why you are withdrawing")
        return cleaned


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Messages cannot be changed once sent.",
        error_messages={
            "required": "Enter your message",
            "max_length": f"Your message must be {MESSAGE_MAX:,} characters or fewer",
        },
    )
