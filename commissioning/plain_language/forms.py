"""Forms for the plain-language check and the organisation's glossary."""

from __future__ import annotations

from django import forms

from commissioning.models import GlossaryTerm

MAX_CHECK_LENGTH = 100_000


class CheckForm(forms.Form):
    text = forms.CharField(
        label="Text to check",
        help_text="Paste a section of a specification or any other writing.",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_CHECK_LENGTH,
        strip=False,
        error_messages={
            "required": "Enter the text you want to check",
            "max_length": "Text must be 100,000 characters or fewer",
        },
    )
    section = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class GlossaryTermForm(forms.ModelForm):
    class Meta:
        model = GlossaryTerm
        fields = ["term", "plain_alternative", "explanation"]
        labels = {
            "term": "Word or phrase to avoid",
            "plain_alternative": "Plain alternative",
            "explanation": "Why to avoid it (optional)",
        }
        help_texts = {
            "term": 'For example, "leverage" or "going forward".',
            "plain_alternative": 'What to write instead, for example "use" or "from now on".',
        }
        error_messages = {
            "term": {"required": "Enter the word or phrase to avoid"},
            "plain_alternative": {"required": "Enter a plain alternative"},
        }
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3})}

    def clean_term(self) -> str:
        return " ".join(self.cleaned_data["term"].split())
