"""GOV.UK Design System markup for every Django form, allauth's included.

The renderer's bound field adds the GOV.UK class for each widget, its error modifier
and `aria-describedby` for the hint and error message; the templates in
templates/django/forms/ draw the form group, label, hint and error message. A textarea
whose field has a `max_length` is drawn as a GOV.UK character count, so the limit shows
before anyone types; a title or a name shows it in its hint (`limited_line`). No input
carries the `maxlength` attribute: the limit is checked on the server and a longer text is
kept in the form with an error in GOV.UK's words ("Title must be 200 characters or
fewer"), never cut short by the browser.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from django import forms
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.dates import IN_ERROR, DateInput
from core.errors import DomainError

WIDGET_CLASSES: list[tuple[type[widgets.Widget], str]] = [
    (widgets.Textarea, "govuk-textarea"),
    # CheckboxSelectMultiple subclasses RadioSelect, so it comes first: the first match wins.
    (widgets.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (widgets.RadioSelect, "govuk-radios__input"),
    (widgets.Select, "govuk-select"),
    (widgets.CheckboxInput, "govuk-checkboxes__input"),
    (widgets.FileInput, "govuk-file-upload"),
    (widgets.Input, "govuk-input"),
]
ERROR_MODIFIERS = {"govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload"}


def govuk_class_for(widget: widgets.Widget) -> str:
    for widget_type, css_class in WIDGET_CLASSES:
        if isinstance(widget, widget_type):
            return css_class
    return ""


def too_long_message(label: str, max_length: int) -> str:
    """GOV.UK's wording for a text over its limit, named after the field's label: "Title
    must be 200 characters or fewer". A label that asks a question ("Who will do it?")
    becomes "Your answer"; a field whose label is not a noun sets its own message."""
    subject = label.removesuffix(" (optional)").strip()
    if not subject or subject.endswith("?"):
        subject = "Your answer"
    # The validator's message is %-formatted with its own values, so a % in a label stays.
    return f"{subject} must be {max_length:,} characters or fewer".replace("%", "%%")


class QuickSelect(widgets.Select):
    """A select drawn in Python instead of one template per option. A filter offering
    hundreds of choices (every ward of every council) renders in a millisecond rather than
    tens; the markup is the same as Django's. Options are escaped as `format_html` would
    escape them, but written with plain string joins: at hundreds of options a page,
    `format_html` per option cost more than the rest of the select."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(item) for item in self.format_value(value)}
        options = "\n".join(
            f'<option value="{_escaped(choice)}"'
            f"{' selected' if str(choice) in chosen else ''}>{_escaped(label)}</option>"
            for choice, label in self.choices
        )
        final = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            name,
            flatatt(final),
            mark_safe(options),  # noqa: S308 - each part escaped above
        )


def _escaped(value: Any) -> str:
    """What `conditional_escape` gives, as a plain string."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class GovUKBoundField(BoundField):
    def __init__(self, form: forms.BaseForm, field: forms.Field, name: str) -> None:
        super().__init__(form, field, name)
        # This is the form's own copy of the field and its widget (forms deep-copy their
        # fields), so the changes below touch this form only.
        # A browser cuts a pasted text at `maxlength` without a word, in a one-line input
        # as in a textarea; the server keeps the whole text and says why instead.
        field.widget.attrs.pop("maxlength", None)
        # GOV.UK's words in place of Django's "Ensure this value has at most …".
        max_length = getattr(field, "max_length", None)
        if max_length and "max_length" not in field.error_messages:
            field.error_messages["max_length"] = too_long_message(str(self.label), max_length)

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def is_choice_group(self) -> bool:
        return isinstance(self.field.widget, widgets.RadioSelect | widgets.CheckboxSelectMultiple)

    @property
    def is_date_input(self) -> bool:
        """GOV.UK's day, month and year boxes (`core/dates.py`), in a fieldset."""
        return isinstance(self.field.widget, DateInput)

    @property
    def error_target_id(self) -> str:
        """Where the error summary's link goes: the input, the first option of a group,
        or the first date box at fault."""
        if self.is_date_input:
            parts = self.field.widget.parts_in_error
            return f"{self.auto_id}_{min(parts) if parts else 0}"
        if self.is_choice_group:
            return f"{self.auto_id}_0"
        return self.auto_id

    @property
    def is_single_checkbox(self) -> bool:
        return isinstance(self.field.widget, widgets.CheckboxInput)

    @property
    def character_limit(self) -> int | None:
        """A textarea's `max_length`, shown as a character count."""
        if isinstance(self.field.widget, widgets.Textarea):
            return getattr(self.field, "max_length", None)
        return None

    def build_widget_attrs(self, attrs: dict[str, Any], widget: widgets.Widget | None = None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK forms validate on the server, so browsers' own checks are off.
        attrs.pop("required", None)
        if isinstance(widget, DateInput):
            # The boxes style themselves; the fieldset carries the hint and error.
            attrs.pop("aria-describedby", None)
            if self.errors:
                attrs[IN_ERROR] = True
            return attrs
        css_class = govuk_class_for(widget)
        classes = [css_class] if css_class else []
        if self.errors and css_class in ERROR_MODIFIERS:
            classes.append(f"{css_class}--error")
        if existing := attrs.get("class", widget.attrs.get("class")):
            classes.append(existing)
        attrs["class"] = " ".join(classes)
        described_by = []
        if self.help_text and not self.is_choice_group:
            described_by.append(self.hint_id)
        if self.errors and not self.is_choice_group:
            described_by.append(self.error_id)
        if described_by:
            attrs["aria-describedby"] = " ".join(described_by)
        else:
            attrs.pop("aria-describedby", None)
        return attrs


def limited_text(
    label: str, *, max_length: int, what: str, rows: int = 3, **kwargs: Any
) -> forms.CharField:
    """A textarea with a character limit, shown before typing as a GOV.UK character count;
    a longer text is kept in the form with an error naming the limit (`what` starts the
    message: "Your comment must be 2,000 characters or fewer")."""
    error_messages = {
        "max_length": f"{what} must be {max_length:,} characters or fewer",
        **kwargs.pop("error_messages", {}),
    }
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=error_messages,
        **kwargs,
    )


def limited_line(label: str, *, max_length: int, hint: str = "", **kwargs: Any) -> forms.CharField:
    """A one-line text field (a title, a name) whose hint shows its limit before typing.
    A longer text is kept in the form with an error naming the limit ("Title must be 200
    characters or fewer"); the input has no `maxlength`, so nothing is cut silently."""
    limit = f"You can enter up to {max_length:,} characters."
    if hint:
        hint = hint if hint.endswith((".", "?", "!")) else f"{hint}."
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=f"{hint} {limit}" if hint else limit,
        **kwargs,
    )


# The first option of a filter's select: no narrowing.
ANY = [("", "Any")]
SEARCH_MAX_LENGTH = 200
# As long as an email address column keeps (Django's EmailField); a form's EmailField
# would take 320.
MAX_EMAIL_LENGTH = 254


# The largest id a filter takes: the search indexes keep ids in integer columns, which
# cannot compare with a larger number.
MAX_FILTER_ID = 2_147_483_647


def record_filter(
    label: str, *, widget: type[widgets.Widget] = QuickSelect, **kwargs: Any
) -> forms.IntegerField:
    """A filter choosing one record by its id from a select (a GET form); a number past
    any id is refused as not one of the choices, and the page shows every record."""
    return forms.IntegerField(
        label=label,
        required=False,
        widget=widget,
        max_value=MAX_FILTER_ID,
        error_messages={
            "invalid": f"Choose a {label.lower()} from the list",
            "max_value": f"Choose a {label.lower()} from the list",
        },
        **kwargs,
    )


def search_box(label: str, *, help_text: str) -> forms.CharField:
    """The search box of a page's filter form (a GET form): optional; a longer search is
    refused with an error that gives the limit."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={
            "max_length": f"Your search must be {SEARCH_MAX_LENGTH} characters or fewer"
        },
    )


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal in the form: beside the field it names, else at the top.
    The form stays bound, so everything the person typed is kept."""
    field = error.field
    form.add_error(field if field in form.fields else None, str(error))


def submit_form(form: forms.Form, action: Callable[[dict[str, Any]], object]) -> bool:
    """Call a service with a valid form's cleaned data; True if it was accepted.

    A refusal (`DomainError`) goes on the form beside the field it names, and the form
    stays bound, so the view shows the page again with the error and what was typed:

        if submit_form(form, lambda data: services.bid_withdraw(bid=bid, by=user, **data)):
            return redirect(...)
        return _render_bid_detail(request, bid, withdraw_form=form)
    """
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except DomainError as error:
        add_domain_error(form, error)
        return False
    return True


class GovUKFormRenderer(TemplatesSetting):
    bound_field_class = GovUKBoundField
    form_template_name = "django/forms/div.html"
    field_template_name = "django/forms/field.html"


def answer_field_name(question: Any) -> str:
    return f"answer_{question.pk}"


class QuestionAnswersForm(forms.Form):
    """One free-text answer per question (bid questions, questions for the market).

    Word limits are checked by the services, so a long answer stays in the form exactly
    as typed and the person loses nothing.
    """

    rows = 6

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            field = forms.CharField(
                label=f"{number}. {question.text}",
                required=False,
                strip=False,
                help_text=question.guidance,
                widget=forms.Textarea(attrs={"rows": self.rows}),
            )
            field.question = question
            self.fields[answer_field_name(question)] = field

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(answer_field_name(question), "")
            for question in self.questions
        }

    def add_question_errors(self, errors: dict[int, str]) -> None:
        for question in self.questions:
            if question.pk in errors:
                self.add_error(answer_field_name(question), errors[question.pk])
