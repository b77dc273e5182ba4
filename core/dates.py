"""The one way Kindred asks for a date: GOV.UK's date input, with a time box where needed.

https://design-system.service.gov.uk/components/date-input/ — three boxes (day, month,
year) in a fieldset whose legend is the field's label. A moment (a deadline, a meeting)
adds a fourth box for the time, read the way people write it ("2pm", "14:00", "midday"),
and becomes an aware datetime in UK time (settings.TIME_ZONE), whatever the season.

    submission_deadline = DateTimeField(label="Bid deadline", future=True)
    start_date = DateField(label="Contract start date")

The boxes post as `<name>_0` (day), `<name>_1` (month), `<name>_2` (year) and `<name>_3`
(time). Errors use GOV.UK's words, named after the label: "Enter the bid deadline", "Bid
deadline must include a month", "Bid deadline must be a real date". The boxes at fault
get the error style; the renderer (`core/forms.py`) draws the fieldset, hint and error.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.formatting import uk_time

DATE_HINT = "For example, 27 3 2027"
TIME_HINT = "UK time, for example 2pm or 14:00"
PART_NAMES = ("day", "month", "year")
# A flag the bound field passes to the widget (never rendered): the field has an error.
IN_ERROR = "data-govuk-in-error"

_TWELVE_HOUR = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?")
_TWENTY_FOUR_HOUR = re.compile(r"(\d{1,2})(?:[:.]?(\d{2}))?")
_WORDS = {"midday": datetime.time(12), "noon": datetime.time(12), "midnight": datetime.time(0)}


def parse_time(text: str) -> datetime.time | None:
    """A time of day as people write it — "14:00", "14.00", "2pm", "2:30pm", "9 am",
    "midday", "12pm", "midnight" — or None when it cannot be read."""
    text = text.strip().lower()
    if text in _WORDS:
        return _WORDS[text]
    hour = minute = None
    if match := _TWELVE_HOUR.fullmatch(text):
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match[3] == "p" else 0)
    elif match := _TWENTY_FOUR_HOUR.fullmatch(text):
        hour, minute = int(match[1]), int(match[2] or 0)
    if hour is None or minute is None or hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class DateInput(forms.MultiWidget):
    """Day, month and year boxes (and a time box for a moment), drawn by
    templates/django/forms/widgets/govuk_date.html."""

    template_name = "django/forms/widgets/govuk_date.html"
    use_fieldset = True
    with_time = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        boxes = [
            forms.TextInput({**numeric, "class": "govuk-input--width-2"}),
            forms.TextInput({**numeric, "class": "govuk-input--width-2"}),
            forms.TextInput({**numeric, "class": "govuk-input--width-4"}),
        ]
        if self.with_time:
            boxes.append(
                forms.TextInput(
                    {"class": "govuk-input--width-5", "autocomplete": "off", "spellcheck": "false"}
                )
            )
        super().__init__(boxes, attrs)
        # Set by the field when it refuses a value: the boxes at fault (0 day … 3 time).
        self.parts_in_error: set[int] = set()

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str) and value:
            value = _parse_iso(value)
        if isinstance(value, datetime.datetime):
            moment = timezone.localtime(value) if timezone.is_aware(value) else value
            parts = [moment.day, moment.month, moment.year]
            return [*parts, uk_time(moment)] if self.with_time else parts
        if isinstance(value, datetime.date):
            parts = [value.day, value.month, value.year]
            return [*parts, ""] if self.with_time else parts
        return [None] * len(self.widgets)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        in_error = bool(attrs.pop(IN_ERROR, False))
        context = super().get_context(name, value, attrs)
        boxes = context["widget"]["subwidgets"]
        highlighted = self.parts_in_error or set(range(len(boxes)))
        for index, box in enumerate(boxes):
            is_time = index == 3
            classes = ["govuk-input"]
            if not is_time:
                classes.append("govuk-date-input__input")
            classes.append(box["attrs"].get("class", ""))
            if in_error and index in highlighted:
                classes.append("govuk-input--error")
            box["attrs"]["class"] = " ".join(c for c in classes if c)
            box["attrs"].pop("aria-describedby", None)
            box["attrs"].pop("aria-invalid", None)
            box["label"] = "Time" if is_time else PART_NAMES[index].capitalize()
            if is_time:
                box["hint_id"] = f"{box['attrs']['id']}-hint"
                box["attrs"]["aria-describedby"] = box["hint_id"]
        context["widget"]["date_boxes"] = boxes[:3]
        context["widget"]["time_box"] = boxes[3] if self.with_time else None
        context["widget"]["time_hint"] = TIME_HINT
        return context

    def id_for_label(self, id_: str) -> str:
        # The legend labels the group; the error summary links to the first box.
        return f"{id_}_0" if id_ else ""


class DateTimeInput(DateInput):
    with_time = True


def _parse_iso(text: str) -> datetime.date | datetime.datetime | None:
    try:
        return (
            datetime.datetime.fromisoformat(text)
            if "T" in text or " " in text
            else datetime.date.fromisoformat(text)
        )
    except ValueError:
        return None


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _missing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


class DateField(forms.MultiValueField):
    """A date typed into GOV.UK's three boxes; `future=True` refuses today and earlier.

    `subject` names the date in messages when the label does not ("Due date" for a label
    like "By when?"); it defaults to the label without "(optional)".
    """

    widget = DateInput
    parts = 3

    def __init__(
        self,
        *,
        label: str,
        subject: str = "",
        future: bool = False,
        required: bool = True,
        help_text: str = DATE_HINT,
        **kwargs: Any,
    ) -> None:
        subject = subject or label.removesuffix("(optional)").strip().rstrip("?")
        self.subject = _sentence_start(subject)
        self.future = future
        error_messages = {
            "required": f"Enter the {subject[:1].lower()}{subject[1:]}",
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(
            fields=[forms.CharField(required=False) for _ in range(self.parts)],
            require_all_fields=False,
            label=label,
            required=required,
            help_text=help_text,
            error_messages=error_messages,
            **kwargs,
        )

    def _refuse(self, message: str, parts: set[int]) -> ValidationError:
        self.widget.parts_in_error = parts
        return ValidationError(message, code="invalid")

    def clean(self, value: Any) -> Any:
        self.widget.parts_in_error = set()
        return super().clean(value)

    def _date(self, texts: list[str]) -> datetime.date:
        texts = [text.strip() for text in texts[:3]]
        missing = [index for index, text in enumerate(texts) if not text]
        if missing:
            names = _missing([PART_NAMES[index] for index in missing])
            raise self._refuse(f"{self.subject} must include a {names}", set(missing))
        # Decimal digits only: exactly what int() reads. isdigit() also passes "²" and
        # other superscripts, which int() cannot read (a server error, once).
        if not all(text.isdecimal() for text in texts):
            bad = {index for index, text in enumerate(texts) if not text.isdecimal()}
            raise self._refuse(f"{self.subject} must be a real date", bad)
        day, month, year = (int(text) for text in texts)
        if len(texts[2]) != 4:
            raise self._refuse("Year must include 4 numbers", {2})
        try:
            return datetime.date(year, month, day)
        except ValueError:
            bad = {1} if not 1 <= month <= 12 else {2} if year < 1 else {0}
            raise self._refuse(f"{self.subject} must be a real date", bad) from None

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list:
            return None
        date = self._date(data_list)
        if self.future and date <= timezone.localdate():
            raise self._refuse(f"{self.subject} must be in the future", set())
        return date


class DateTimeField(DateField):
    """A moment: the date in GOV.UK's three boxes and the time in a fourth ("2pm",
    "14:00"), returned as an aware datetime in UK time. `future=True` refuses the past."""

    widget = DateTimeInput
    parts = 4

    def compress(self, data_list: list[Any]) -> datetime.datetime | None:
        if not data_list:
            return None
        date = self._date(data_list)
        text = (data_list[3] or "").strip()
        if not text:
            raise self._refuse(f"{self.subject} must include a time", {3})
        time = parse_time(text)
        if time is None:
            raise self._refuse(f"{self.subject} must be a real time, like 2pm or 14:00", {3})
        moment = timezone.make_aware(
            datetime.datetime.combine(date, time), timezone.get_default_timezone()
        )
        if self.future and moment <= timezone.now():
            raise self._refuse(f"{self.subject} must be in the future", set())
        return moment
