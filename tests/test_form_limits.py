"""Every form keeps what it takes within what the database keeps: a number within its
column's range, a decimal within its digits, a line of text no longer than its column.
Past them the database refuses the row and the person sees a server error (found more
than once by the generated bad input in `tests/*/test_bad_input.py`); the form must refuse
first, with the limit in its message.

The check walks every form class in the project's apps and looks at its fields:
- a whole number (`IntegerField`) needs a `max_value`, within its column's range (or the
  range of an integer column, when it is not saved as it is);
- a decimal needs `max_digits` (or a `max_value`), no more digits than its column;
- a line of text (`CharField`, `URLField`, `EmailField`) saved into a `CharField` column
  needs a `max_length` no longer than the column.

The column is the ModelForm's field, else a field of the same name on the model the form
is named after (`NeedForm` → `Need`, `EngagementForm` → `MarketEngagement`), else the
strictest field of that name in the form's own app, else the one `SAVED_INTO` names."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.models import User
from commissioning.specifications import services as specification_services
from tests.commissioning.factories import CommissionFactory

pytestmark = pytest.mark.django_db

APPS = (
    "accounts",
    "api",
    "commissioning",
    "contracts",
    "core",
    "dialogue",
    "home",
    "learning",
    "open_data",
    "procurement",
    "reports",
    "social_value",
)

# Fields that save into another app's model (the name-matching cannot see it).
SAVED_INTO = {
    "procurement.lived_experience_forms.AccountSetUpForm.full_name": "accounts.User.full_name",
    "procurement.lived_experience_forms.LivedExperienceMemberForm.full_name": (
        "accounts.User.full_name"
    ),
    "procurement.lived_experience_forms.LivedExperienceMemberForm.email": "accounts.User.email",
    "dialogue.rounds.forms.OutlineForm.text": "dialogue.OutlineSubmission.text",
    "contracts.indicators.forms.AttributedReadingForm.source": (
        "commissioning.IndicatorReading.source"
    ),
    "contracts.indicators.forms.AttributedReadingForm.value": (
        "commissioning.IndicatorReading.value"
    ),
}

# Fields without the limit, each because something else keeps the input within the column
# (or it is never saved). Each is proved by `test_each_exemption_holds` below, which sends
# the input past the limit and gets the form back, not a server error.
EXEMPT = {
    # Squashed (spaces removed) and matched against the formats, at most 9 characters, by
    # `accounts.registration`; 12 lets a number typed with spaces through to that check.
    "accounts.registration_views.SupplierProfileForm.company_number": "checked by its format",
    "accounts.registration_views.SupplierProfileForm.charity_number": "checked by its format",
    # Looks the address up to send a link; never saved.
    "accounts.forms.ResetPasswordForm.email": "looked up, never saved",
    # Only names the result panel the check's answer replaces; never saved or looked up.
    "commissioning.plain_language.forms.CheckForm.section": "never saved",
    # The revision the person started from, compared with the section's own; a number
    # past any revision is refused as "changed since you opened it".
    "commissioning.specifications.forms.SectionForm.revision": "compared, never saved",
}

# The range of each kind of integer column (PostgreSQL's smallint, integer and bigint).
INTEGER_RANGES = {
    models.PositiveSmallIntegerField: 32_767,
    models.SmallIntegerField: 32_767,
    models.PositiveIntegerField: 2_147_483_647,
    models.IntegerField: 2_147_483_647,
    models.PositiveBigIntegerField: 9_223_372_036_854_775_807,
    models.BigIntegerField: 9_223_372_036_854_775_807,
}


def _form_classes() -> list[type[forms.BaseForm]]:
    found: set[type[forms.BaseForm]] = set()
    for app in APPS:
        package = importlib.import_module(app)
        names = [app] + [
            info.name
            for info in pkgutil.walk_packages(package.__path__, f"{app}.")
            if not {"migrations", "management"} & set(info.name.split("."))
        ]
        for name in names:
            module = importlib.import_module(name)
            for value in vars(module).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__.split(".")[0] in APPS
                ):
                    found.add(value)
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def _fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields as made, where it can be made without arguments (fields added in
    `__init__` count too), else those it declares."""
    try:
        return form_class().fields
    except (TypeError, KeyError):  # it needs arguments (a keyword argument, popped)
        return form_class.base_fields


def _model_fields(app: str, name: str) -> Iterator[models.Field]:
    labels = [config.label for config in apps.get_app_configs()]
    for model in apps.get_app_config(app).get_models() if app in labels else []:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if getattr(field, "concrete", False) and not field.is_relation:
            yield field


def _columns(form_class: type[forms.BaseForm], name: str) -> list[models.Field]:
    """The columns the field may be saved into."""
    path = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
    if path in SAVED_INTO:
        app, model, field = SAVED_INTO[path].split(".")
        return [apps.get_model(app, model)._meta.get_field(field)]
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    if model is not None:
        return [field for field in model._meta.concrete_fields if field.name == name]
    app = form_class.__module__.split(".")[0]
    candidates = list(_model_fields(app, name))
    stem = form_class.__name__.removesuffix("Form").lstrip("_")
    named = [
        field
        for field in candidates
        if stem.startswith(field.model.__name__)
        or stem.endswith(field.model.__name__)
        or field.model.__name__.endswith(stem)
    ]
    return named or candidates


def _problems(form_class: type[forms.BaseForm]) -> Iterator[str]:
    for name, field in _fields(form_class).items():
        path = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        if path in EXEMPT or isinstance(field.widget, forms.PasswordInput):
            continue  # Passwords are hashed before they are saved.
        columns = _columns(form_class, name)
        if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
            ranges = [
                limit
                for column in columns
                for kind, limit in INTEGER_RANGES.items()
                if isinstance(column, kind)
            ]
            most = min([*ranges, INTEGER_RANGES[models.IntegerField]])
            if field.max_value is None:
                yield f"{path}: a whole number with no max_value"
            elif field.max_value > most:
                yield f"{path}: max_value {field.max_value} is past its column's {most}"
        elif isinstance(field, forms.DecimalField):
            if field.max_digits is None and field.max_value is None:
                yield f"{path}: a decimal with no max_digits or max_value"
            for column in columns:
                if not isinstance(column, models.DecimalField):
                    continue
                whole = column.max_digits - column.decimal_places
                if field.max_value is not None and field.max_value < Decimal(10) ** whole:
                    continue
                if (
                    field.max_digits is None
                    or field.max_digits - (field.decimal_places or 0) > whole
                    or field.max_digits > column.max_digits
                ):
                    yield (
                        f"{path}: {field.max_digits} digits, {field.decimal_places} of them"
                        f" after the point, past its column's ({column.max_digits}, "
                        f"{column.decimal_places}) in {column.model.__name__}"
                    )
        elif isinstance(field, forms.CharField):
            lengths = [
                column.max_length
                for column in columns
                if isinstance(column, models.CharField) and column.max_length
            ]
            if not lengths:
                continue
            if field.max_length is None:
                yield f"{path}: text saved into a column of {min(lengths)} with no max_length"
            elif field.max_length > min(lengths):
                yield f"{path}: max_length {field.max_length} is past its column's {min(lengths)}"


def test_every_form_keeps_numbers_and_text_within_their_columns() -> None:
    form_classes = _form_classes()
    # The walk finds the forms (a broken walk would find none and pass).
    assert len(form_classes) > 100
    problems = [problem for form_class in form_classes for problem in _problems(form_class)]
    assert not problems, "\n".join(problems)


def test_the_check_finds_a_field_past_its_column() -> None:
    """The check itself: each kind of field it must catch."""

    class NeedForm(forms.Form):
        title = forms.CharField(max_length=500)
        description = forms.CharField()  # a TextField: no limit needed

    class OutcomeForm(forms.Form):
        position = forms.IntegerField(min_value=0)

    class ExtensionOptionForm(forms.Form):
        months = forms.IntegerField(max_value=40_000)

    class CommissionForm(forms.Form):
        budget_min = forms.DecimalField(max_digits=20, decimal_places=2)

    for form_class in (NeedForm, OutcomeForm, ExtensionOptionForm, CommissionForm):
        form_class.__module__ = "commissioning.forms"
    ExtensionOptionForm.__module__ = "contracts.forms"
    problems = [
        problem
        for form_class in (NeedForm, OutcomeForm, ExtensionOptionForm, CommissionForm)
        for problem in _problems(form_class)
    ]
    assert problems == [
        "commissioning.forms.test_the_check_finds_a_field_past_its_column.<locals>.NeedForm."
        "title: max_length 500 is past its column's 200",
        "commissioning.forms.test_the_check_finds_a_field_past_its_column.<locals>.OutcomeForm."
        "position: a whole number with no max_value",
        "contracts.forms.test_the_check_finds_a_field_past_its_column.<locals>."
        "ExtensionOptionForm.months: max_value 40000 is past its column's 32767",
        "commissioning.forms.test_the_check_finds_a_field_past_its_column.<locals>."
        "CommissionForm.budget_min: 20 digits, 2 of them after the point, past its column's"
        " (14, 2) in Commission",
    ]


# --- Each exemption, proved: the input past the column's limit is answered, not a 500 ----------
TOO_BIG = str(10**30)  # past any integer column


def _registering(client: Any, **typed: str) -> Any:
    client.force_login(User.objects.create_user(email="new@supplier.example", password=None))
    data = {
        "name": "Hollowgate Kitchens",
        "supplier_type": "micro",
        "staff_count": "4",
        "postcode": "NB1 2AB",
    }
    return client.post(reverse("accounts:supplier_register"), {**data, **typed})


def _company_number(client: Any, request: Any) -> None:
    response = _registering(client, company_number="SC 123 45678")
    assertContains(response, "Enter a company number of 8 characters")


def _charity_number(client: Any, request: Any) -> None:
    response = _registering(client, supplier_type="charity", charity_number="NIC 1000029")
    assertContains(response, "Enter a charity number")


def _reset_email(client: Any, request: Any) -> None:
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".uk"
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code in (200, 302), response.status_code


def _check_section(client: Any, request: Any) -> None:
    client.force_login(request.getfixturevalue("commissioner"))
    response = client.post(
        reverse("commissioning:plain_language_check"), {"text": "We buy meals.", "section": TOO_BIG}
    )
    assertContains(response, "plain-language-result")


def _section_revision(client: Any, request: Any) -> None:
    commissioner = request.getfixturevalue("commissioner")
    commission = CommissionFactory(organisation=request.getfixturevalue("council"))
    specification = specification_services.specification_create(
        commission=commission, by=commissioner
    )
    section = specification.sections.order_by("position").first()
    client.force_login(commissioner)
    prefix = f"section-{section.pk}"
    response = client.post(
        reverse("commissioning:section_edit", args=[commission.pk, section.pk]),
        {
            f"{prefix}-heading": "Background",
            f"{prefix}-body": "Why.",
            f"{prefix}-revision": TOO_BIG,
        },
    )
    assertContains(response, "There is a problem")
    section.refresh_from_db()
    assert section.body != "Why."


PROOFS: dict[str, Callable[[Any, Any], None]] = {
    "accounts.registration_views.SupplierProfileForm.company_number": _company_number,
    "accounts.registration_views.SupplierProfileForm.charity_number": _charity_number,
    "accounts.forms.ResetPasswordForm.email": _reset_email,
    "commissioning.plain_language.forms.CheckForm.section": _check_section,
    "commissioning.specifications.forms.SectionForm.revision": _section_revision,
}


def test_every_exemption_has_its_proof() -> None:
    assert set(PROOFS) == set(EXEMPT)


@pytest.mark.parametrize("path", sorted(EXEMPT))
def test_each_exemption_holds(client, request, path: str) -> None:
    PROOFS[path](client, request)
