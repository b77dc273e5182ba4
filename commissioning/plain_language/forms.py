"""Forms for the plain-language check and the organisation's glossary."""

from __future__ import annotations

from django import forms
from django.urls import reverse

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


def check_as_you_type(widget: forms.Widget, *, section: int | None = None) -> None:
    """Have htmx run the plain-language check on this textarea as the person types, and
    swap the result panel (`_result.html`, id "plain-language-result[-section]") in.
    Without JavaScript the page shows the check when the text is saved.

    static/commissioning/autosave.js sends the textarea's text as the check's "text"."""
    result_id = f"plain-language-result-{section}" if section else "plain-language-result"
    widget.attrs.update(
        {
            "hx-post": reverse("commissioning:plain_language_check"),
            "hx-trigger": "input changed delay:700ms",
            "hx-target": f"#{result_id}",
            "hx-swap": "outerHTML",
            "data-plain-language-section": str(section or ""),
        }
    )


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
