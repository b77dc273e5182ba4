"""Bad input on commissioning pages is refused with a reason and what was typed is kept:
a mission's target date is in the future, a comment has a limit shown before typing."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from commissioning import services
from commissioning.models import Mission, SectionComment
from commissioning.specifications import services as spec_services
from core.errors import DomainError
from tests.dates import date_fields

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 5, 10)


# --- A mission's target date ----------------------------------------------------------------
@time_machine.travel("2027-05-10 12:00:00+01:00", tick=False)
@pytest.mark.parametrize("target_date", [TODAY, TODAY - datetime.timedelta(days=1)])
def test_a_mission_target_date_must_be_in_the_future(council, commissioner, target_date):
    with pytest.raises(DomainError, match="must be in the future") as refused:
        services.mission_create(
            organisation=council,
            title="Everyone eats well",
            statement="Everyone eats well every day.",
            target_date=target_date,
            by=commissioner,
        )
    assert refused.value.field == "target_date"
    assert not Mission.objects.exists()


@time_machine.travel("2027-05-10 12:00:00+01:00", tick=False)
def test_a_mission_whose_target_date_has_passed_can_still_be_edited(mission, commissioner):
    Mission.objects.filter(pk=mission.pk).update(target_date=datetime.date(2027, 1, 1))
    mission.refresh_from_db()

    services.mission_update(mission=mission, title="Everyone eats well, together", by=commissioner)
    with pytest.raises(DomainError, match="must be in the future"):
        services.mission_update(
            mission=mission, target_date=datetime.date(2027, 2, 1), by=commissioner
        )
    services.mission_update(
        mission=mission, target_date=datetime.date(2030, 3, 31), by=commissioner
    )

    mission.refresh_from_db()
    assert mission.title == "Everyone eats well, together"
    assert mission.target_date == datetime.date(2030, 3, 31)


@time_machine.travel("2027-05-10 12:00:00+01:00", tick=False)
def test_the_mission_page_refuses_a_past_target_date_and_keeps_the_typing(client, commissioner):
    client.force_login(commissioner)

    response = client.post(
        reverse("commissioning:mission_create"),
        {
            "title": "Everyone eats well",
            "statement": "Everyone eats well every day.",
            **date_fields("target_date", datetime.date(2020, 3, 31)),
        },
    )

    assertContains(response, 'href="#id_target_date_0">The target date must be in the future')
    assertContains(response, 'id="id_target_date-error"')
    assertContains(response, 'name="target_date_2" value="2020"')
    assertContains(response, 'value="Everyone eats well"')
    assert not Mission.objects.exists()


def test_a_long_mission_title_is_kept_with_an_error_naming_the_limit(client, commissioner):
    title = "Everyone in the borough eats well every single day " * 3
    client.force_login(commissioner)
    response = client.get(reverse("commissioning:mission_create"))
    assertContains(response, "You can enter up to 120 characters.")
    assertNotContains(response, " maxlength=")

    response = client.post(
        reverse("commissioning:mission_create"),
        {"title": title, "statement": "Everyone eats well every day."},
    )

    assertContains(response, 'href="#id_title">Title must be 120 characters or fewer')
    assertContains(response, f'value="{title}"')
    assert not Mission.objects.exists()


# --- Comments on a specification --------------------------------------------------------------
def test_a_comment_over_the_limit_is_refused(specification, evaluator):
    section = specification.sections.first()
    with pytest.raises(DomainError, match="2,000 characters or fewer") as refused:
        spec_services.comment_add(section=section, body="x" * 2001, by=evaluator)
    assert refused.value.field == "body"
    spec_services.comment_add(section=section, body="x" * 2000, by=evaluator)


def test_the_comment_limit_shows_before_typing(client, evaluator, commission, specification):
    section = specification.sections.first()
    client.force_login(evaluator)

    response = client.get(reverse("commissioning:comment_add", args=[commission.pk, section.pk]))

    assertContains(response, 'data-module="govuk-character-count" data-maxlength="2000"')
    assertContains(response, "You can enter up to 2000 characters")


def test_a_long_comment_keeps_the_typing_and_says_the_limit(
    client, evaluator, commission, specification
):
    section = specification.sections.first()
    client.force_login(evaluator)
    typed = "Add a map of the estates. " * 80

    response = client.post(
        reverse("commissioning:comment_add", args=[commission.pk, section.pk]),
        {f"comment-{section.pk}-body": typed},
    )

    assertContains(response, "Your comment must be 2,000 characters or fewer")
    assertContains(response, "govuk-error-summary")
    assertContains(response, f"{typed}</textarea>")
    assert not SectionComment.objects.exists()
