"""Forms for lived-experience panel members: adding one, their account, their declaration,
and the commissioner's check of the organisations they named."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from core.forms import MAX_EMAIL_LENGTH
from procurement.lived_experience import CONNECTIONS_MAX
from procurement.models import TenderQuestion


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: TenderQuestion) -> str:
        return obj.text


class LivedExperienceMemberForm(forms.Form):
    full_name = forms.CharField(
        label="Their name",
        max_length=150,
        error_messages={"required": "Enter the person's name"},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label="Their email address",
        help_text="We will email them a link to set up an account.",
        max_length=MAX_EMAIL_LENGTH,
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"The email address must be {MAX_EMAIL_LENGTH} characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    questions = QuestionChoiceField(
        queryset=TenderQuestion.objects.none(),
        label="Which questions will they score?",
        help_text="They will read the answers to these questions only, without bidders' names.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one question for them to score"},
    )

    def __init__(self, *args: Any, questions: QuerySet[TenderQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions

    def clean_questions(self) -> list[TenderQuestion]:
        return list(self.cleaned_data["questions"])


class AccountSetUpForm(forms.Form):
    # The passwords are kept as typed, spaces and all, as the sign-in page takes them: a
    # password stripped here would not sign in with what the person typed.
    full_name = forms.CharField(
        label="Your name",
        max_length=150,
        error_messages={"required": "Enter your name"},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 8 characters. Do not use a password you use anywhere else.",
        error_messages={"required": "Create a password"},
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Type the password again",
        error_messages={"required": "Type the password again"},
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", "The passwords do not match")
        return data


class ConnectionsForm(forms.Form):
    has_connections = forms.TypedChoiceField(
        label="Are you connected to any organisation that provides services like this one?",
        help_text=(
            "For example, you work or volunteer there, you or your family get support from "
            "them, or someone close to you works there."
        ),
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you are connected to any organisation"},
    )
    connections = forms.CharField(
        label="Which organisations, and how are you connected? (if you are)",
        required=False,
        max_length=CONNECTIONS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ConnectionsCheckForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Is any organisation they named bidding for this tender?",
        choices=[
            ("no", "No, they can score"),
            ("yes", "Yes, that is a conflict: they will not score"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether any organisation they named is bidding"},
    )
