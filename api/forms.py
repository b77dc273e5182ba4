from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        max_length=100,
        help_text="For example, “Finance system nightly import”. Only your organisation sees this.",
        error_messages={"required": "Enter what the token is for"},
    )
