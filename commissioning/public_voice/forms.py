"""Forms for the public page of a commission and the public's comments on it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from commissioning.models import CommentPhase, Need
from commissioning.plain_language.analysis import Analysis
from commissioning.plain_language.forms import check_as_you_type
from commissioning.public_voice.services import MAX_COMMENT_LENGTH
from core.forms import MAX_EMAIL_LENGTH, limited_line, limited_text

# The honeypot's name: a word a form-filling script fills in, and a person never sees.
HONEYPOT = "website"


class PublicPageForm(forms.Form):
    # A plain textarea (no character count), so the plain-language check can run on it
    # as the person types.
    public_summary = forms.CharField(
        label="Public summary",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you are buying and why, for anyone to read. Write it for residents "
        "and people who use the service: short sentences, no jargon. This is not the "
        "internal summary, which stays private. A summary that is hard to read can still "
        "be published, but you will be asked to make it clearer.",
    )
    publish = forms.BooleanField(
        label="Publish the public page",
        required=False,
        help_text="Anyone can read it, without signing in. Untick to take it down.",
    )
    invite_views_in = forms.MultipleChoiceField(
        label="Ask the public for views (optional)",
        help_text="Choose when the page invites comments. It asks only in the phase the "
        "commission is in now: before the award, while the service runs, or after it.",
        choices=CommentPhase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check_as_you_type(self.fields["public_summary"].widget)


def summary_warning(check: Analysis) -> str:
    """What to tell a commissioner whose public summary reads poorly, or ''.

    A warning, not a refusal: the check is a guide (a formula of sentence and word length,
    and a glossary), and a council may need to publish now and improve the words later. A
    specification is not refused for its score either. The same check shows beside the
    summary as it is written, so the commissioner has seen it before saving."""
    problems = []
    if check.is_hard_to_read:
        problems.append(f"it is hard to read (it scores {check.reading_ease:.0f} out of 100)")
    if check.jargon:
        terms = ", ".join(hit.term for hit in check.jargon)
        problems.append(f"it uses jargon ({terms})")
    if not problems:
        return ""
    return (
        f"Check the public summary: {' and '.join(problems)}. Residents read it, so use "
        "short sentences and everyday words."
    )


class CommentForm(forms.Form):
    display_name = limited_line(
        "Name to show with your comment",
        max_length=60,
        hint="This is shown in public. You can use a first name or a made-up name",
        error_messages={"required": "Enter the name to show with your comment"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will email you a link to confirm your comment. We never show your "
        "email address.",
        max_length=MAX_EMAIL_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"Your email address must be {MAX_EMAIL_LENGTH} characters or fewer",
        },
    )
    body = limited_text(
        "Your comment",
        max_length=MAX_COMMENT_LENGTH,
        what="Your comment",
        rows=6,
        error_messages={"required": "Enter your comment"},
    )
    # Shown to nobody (the template hides it from sight and from screen readers): only a
    # script fills it in. The service drops such a comment without a word.
    website = forms.CharField(label="Leave this empty", required=False)


class HideForm(forms.Form):
    reason = limited_text(
        "Why are you hiding this comment?",
        max_length=500,
        what="The reason",
        help_text="For example: it names a member of staff, or it is advertising. Only "
        "the council sees this.",
        error_messages={"required": "Say why you are hiding this comment"},
    )


class ReplyForm(forms.Form):
    reply = limited_text(
        "Reply as the council",
        max_length=MAX_COMMENT_LENGTH,
        what="Your reply",
        rows=4,
        required=False,
        help_text="Shown under the comment on the public page, while it is published. "
        "Leave empty to remove the reply.",
    )


class EvidenceForm(forms.Form):
    need = forms.ModelChoiceField(
        label="Which need is this evidence for?",
        queryset=Need.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the need this comment is evidence for"},
    )

    def __init__(self, *args: Any, needs: QuerySet[Need], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["need"].queryset = needs
