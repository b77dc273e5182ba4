from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.fields import EmailField as AllauthEmailField
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms

from accounts.models import ROLES_FOR_KIND, Organisation, Role
from core.forms import MAX_EMAIL_LENGTH


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, organisation: Organisation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisation is not None:
            roles = ROLES_FOR_KIND.get(organisation.kind, ())
            self.fields["role"].choices = [(role.value, role.label) for role in roles]


class PublicBodyDetailsForm(forms.Form):
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="Your registered address's postcode, like NB1 2AB. Suppliers registered in "
        "the same postcode area count as local on mission pages.",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "autocomplete": "postal-code"}
        ),
    )


class _GovUKFieldsMixin:
    """Sentence-case labels and no placeholders, as the GOV.UK Design System asks.

    Placeholder text vanishes as people type and is often too faint to read, so
    labels and hints carry the instructions instead.
    """

    labels: dict[str, str] = {}
    hints: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.hints:
                field.help_text = self.hints[name]


class SignInForm(_GovUKFieldsMixin, allauth_forms.LoginForm):
    labels = {"login": "Email", "password": "Password", "remember": "Remember me"}


# Guidance shown beside a new password, not a secret.
CHOOSING_HINT = "Use at least 8 characters. Do not use a common password or only numbers."


class SignUpForm(_GovUKFieldsMixin, allauth_forms.SignupForm):
    labels = {"email": "Email", "password1": "Password", "password2": "Confirm password"}
    hints = {"password1": CHOOSING_HINT}
    # allauth's own field takes 320 characters, past what the account's email column keeps.
    email = AllauthEmailField(
        max_length=MAX_EMAIL_LENGTH,
        error_messages={
            "max_length": f"Your email address must be {MAX_EMAIL_LENGTH} characters or fewer"
        },
    )


class ResetPasswordForm(_GovUKFieldsMixin, allauth_forms.ResetPasswordForm):
    labels = {"email": "Email"}


class ResetPasswordKeyForm(_GovUKFieldsMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "Confirm new password"}
    hints = {"password1": CHOOSING_HINT}


class MFAAuthenticateForm(_GovUKFieldsMixin, mfa_base_forms.AuthenticateForm):
    labels = {"code": "Security code"}


class MFAReauthenticateForm(_GovUKFieldsMixin, mfa_base_forms.ReauthenticateForm):
    labels = {"code": "Security code"}


class ActivateTOTPForm(_GovUKFieldsMixin, mfa_totp_forms.ActivateTOTPForm):
    labels = {"code": "Code from your authenticator app"}
