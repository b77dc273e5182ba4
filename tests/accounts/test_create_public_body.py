"""`manage.py create_public_body`: the only way a new public body joins."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accounts import permissions
from accounts.models import Invitation, Membership, Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_existing_person_becomes_the_new_public_bodys_administrator() -> None:
    person = UserFactory(email="chief@eastmere.example")
    out = StringIO()
    call_command(
        "create_public_body", "Eastmere Council", "--admin", "Chief@Eastmere.example", stdout=out
    )
    council = Organisation.objects.get(slug="eastmere-council")
    assert council.is_public_body
    assert Membership.objects.filter(user=person, organisation=council, role="admin").exists()
    assert permissions.can(person, "commissioning.edit", council)
    assert "chief@eastmere.example is its administrator" in out.getvalue()


def test_someone_without_an_account_is_invited_by_email(
    eager_tasks: Any, django_capture_on_commit_callbacks: Any, mailoutbox: list
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_public_body",
            "Westdale Council",
            "--admin",
            "lead@westdale.example",
            stdout=StringIO(),
        )
    invitation = Invitation.objects.get(email="lead@westdale.example")
    assert invitation.role == "admin"
    assert invitation.organisation.is_public_body
    assert [message.to for message in mailoutbox] == [["lead@westdale.example"]]
    assert "Kindred has invited you to join Westdale Council" in mailoutbox[0].body


def test_a_taken_short_name_is_refused_and_nothing_is_created() -> None:
    OrganisationFactory(slug="eastmere-council", kind="supplier")
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_public_body", "Eastmere Council", "--admin", "a@b.example")
    assert Organisation.objects.filter(kind="public_body").count() == 0
