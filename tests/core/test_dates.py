"""GOV.UK's date input (`core/dates.py`): what it accepts, what it says, how it draws."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django import forms

from core import dates
from tests.dates import date_fields, datetime_fields

UK = ZoneInfo("Europe/London")


class DeadlineForm(forms.Form):
    start_date = dates.DateField(label="Contract start date")
    review_on = dates.DateField(label="Review date (optional)", required=False)
    submission_deadline = dates.DateTimeField(label="Submission deadline", future=True)


def _form(**typed: dict[str, str]) -> DeadlineForm:
    data = {
        **date_fields("start_date", datetime.date(2027, 4, 1)),
        **date_fields("review_on", None),
        **datetime_fields("submission_deadline", None, "2pm")
        | date_fields("submission_deadline", datetime.date(2030, 3, 27)),
    }
    for values in typed.values():
        data.update(values)
    return DeadlineForm(data)


def test_three_boxes_make_a_date_and_an_empty_optional_date_is_none() -> None:
    form = _form()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == datetime.date(2027, 4, 1)
    assert form.cleaned_data["review_on"] is None


def test_an_empty_required_date_asks_for_it_by_name() -> None:
    form = _form(start=date_fields("start_date", None))
    assert form.errors["start_date"] == ["Enter the contract start date"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (("", "3", "2027"), "Contract start date must include a day"),
        (("27", "", "2027"), "Contract start date must include a month"),
        (("27", "3", ""), "Contract start date must include a year"),
        (("", "", "2027"), "Contract start date must include a day and month"),
        (("31", "2", "2027"), "Contract start date must be a real date"),
        (("1", "13", "2027"), "Contract start date must be a real date"),
        (("first", "3", "2027"), "Contract start date must be a real date"),
        (("1", "March", "2027"), "Contract start date must be a real date"),
        # Superscript digits pass str.isdigit() but int() cannot read them: once a server error.
        (("²", "3", "2027"), "Contract start date must be a real date"),
        (("1", "3", "²⁰²⁷"), "Contract start date must be a real date"),
        (("1", "3", "27"), "Year must include 4 numbers"),
    ],
)
def test_an_incomplete_or_impossible_date_is_refused_in_govuk_words(typed, message) -> None:
    form = _form(start=date_fields("start_date", typed))
    assert form.errors["start_date"] == [message]


def test_only_the_boxes_at_fault_are_highlighted_and_the_summary_links_to_the_first() -> None:
    form = _form(start=date_fields("start_date", ("31", "", "2027")))
    assert not form.is_valid()
    html = str(form["start_date"].as_field_group())
    assert 'id="id_start_date_0"' in html
    assert html.count("govuk-input--error") == 1
    assert (
        'class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error"'
        in html
    )
    assert form["start_date"].error_target_id == "id_start_date_1"
    assert 'value="31"' in html  # what was typed stays


def test_the_date_input_is_a_fieldset_with_labels_hint_and_numeric_boxes() -> None:
    form = _form(start=date_fields("start_date", None))
    form.is_valid()
    html = str(form["start_date"].as_field_group())
    assert (
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Contract start date'
        in html
    )
    assert 'aria-describedby="id_start_date-hint id_start_date-error"' in html
    assert "For example, 27 3 2027" in html
    for label in ("Day", "Month", "Year"):
        assert f">{label}</label>" in html
    assert html.count('inputmode="numeric"') == 3
    assert html.count("govuk-input--error") == 3  # a missing date: every box
    assert "aria-invalid" not in html and "required" not in html


def test_a_saved_date_and_moment_fill_the_boxes_when_editing() -> None:
    moment = datetime.datetime(2027, 7, 1, 16, 30, tzinfo=datetime.UTC)  # 5:30pm in BST
    form = DeadlineForm(
        initial={"start_date": datetime.date(2027, 4, 1), "submission_deadline": moment}
    )
    html = str(form["start_date"]) + str(form["submission_deadline"])
    assert 'name="start_date_0" value="1"' in html
    assert 'name="start_date_2" value="2027"' in html
    assert 'name="submission_deadline_1" value="7"' in html
    assert 'name="submission_deadline_3" value="5:30pm"' in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:00", datetime.time(14)),
        ("14.30", datetime.time(14, 30)),
        ("9:05", datetime.time(9, 5)),
        ("2pm", datetime.time(14)),
        ("2:30pm", datetime.time(14, 30)),
        ("2.30 PM", datetime.time(14, 30)),
        ("9am", datetime.time(9)),
        ("9 a.m.", datetime.time(9)),
        ("12pm", datetime.time(12)),
        ("midday", datetime.time(12)),
        ("Noon", datetime.time(12)),
        ("12am", datetime.time(0)),
        ("midnight", datetime.time(0)),
    ],
)
def test_times_are_read_as_people_write_them(typed, expected) -> None:
    assert dates.parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "teatime", "25:00", "14:75", "13pm", "0am", "2:3pm"])
def test_an_unreadable_time_is_none(typed) -> None:
    assert dates.parse_time(typed) is None


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(datetime.date(2030, 1, 15), 14), (datetime.date(2030, 7, 15), 13)],  # GMT, then BST
)
def test_a_moment_is_uk_time_in_winter_and_summer(day, utc_hour) -> None:
    form = _form(deadline=date_fields("submission_deadline", day))
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["submission_deadline"]
    assert moment.utcoffset() is not None
    assert moment.astimezone(datetime.UTC).hour == utc_hour
    assert moment.astimezone(UK).hour == 14


def test_a_moment_without_a_time_or_with_an_unreadable_one_says_so() -> None:
    form = _form(time={"submission_deadline_3": ""})
    assert form.errors["submission_deadline"] == ["Submission deadline must include a time"]
    assert form["submission_deadline"].error_target_id == "id_submission_deadline_3"
    form = _form(time={"submission_deadline_3": "after lunch"})
    assert form.errors["submission_deadline"] == [
        "Submission deadline must be a real time, like 2pm or 14:00"
    ]
    html = str(form["submission_deadline"].as_field_group())
    assert 'value="after lunch"' in html
    assert html.count("govuk-input--error") == 1
    assert ">Time</label>" in html and "UK time, for example 2pm or 14:00" in html


@time_machine.travel(datetime.datetime(2030, 3, 27, 15, 0, tzinfo=UK), tick=False)
def test_a_future_moment_must_be_after_now() -> None:
    form = _form()  # 27 March 2030 at 2pm: an hour ago
    assert form.errors["submission_deadline"] == ["Submission deadline must be in the future"]
    form = _form(time={"submission_deadline_3": "4pm"})
    assert form.is_valid(), form.errors
