"""Specification pages: drafting, autosave, conflicts, requirements, comments, versions."""

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.models import SectionKind, SpecificationVersion
from commissioning.specifications import services as spec_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(specification, commissioner):
    return spec_services.specification_version_issue(
        specification=specification, change_note="First issue.", by=commissioner
    )


# --- Specifications --------------------------------------------------------------------
def test_commissioner_starts_the_specification(client, commissioner, commission):
    client.force_login(commissioner)
    response = client.post(reverse("commissioning:specification_create", args=[commission.pk]))
    assert response.url == reverse("commissioning:specification_detail", args=[commission.pk])
    body = client.get(response.url).content.decode()
    for heading in ("Background", "The outcomes sought", "Requirements"):
        assert heading in body


def test_starting_a_second_specification_shows_a_message(
    client, commissioner, commission, specification
):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:specification_create", args=[commission.pk]), follow=True
    )
    assert "already has a specification" in response.content.decode()


def test_specification_page_is_404_before_one_is_started(client, commissioner, commission):
    client.force_login(commissioner)
    url = reverse("commissioning:specification_detail", args=[commission.pk])
    assert client.get(url).status_code == 404


def _section_post(section, heading, body, revision):
    prefix = f"section-{section.pk}"
    return {
        f"{prefix}-heading": heading,
        f"{prefix}-body": body,
        f"{prefix}-revision": revision,
    }


def test_commissioner_edits_a_section(client, commissioner, commission, specification):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:section_edit", args=[commission.pk, section.pk]),
        _section_post(section, "Background", "Fresh food is hard to find.", 1),
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.body, section.revision) == ("Fresh food is hard to find.", 2)


def test_edit_conflict_shows_their_text_and_keeps_mine(
    client, commissioner, council_admin, commission, specification
):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    spec_services.section_update(
        section=section,
        heading="Background",
        body="The admin's saved text.",
        expected_revision=1,
        by=council_admin,
    )
    client.force_login(commissioner)
    url = reverse("commissioning:section_edit", args=[commission.pk, section.pk])
    response = client.post(url, _section_post(section, "Background", "What I typed.", 1))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ada Admin changed this section after you opened it" in body
    assert "The admin&#x27;s saved text." in body
    assert "What I typed.</textarea>" in body
    assert f'name="section-{section.pk}-revision" value="2"' in body
    section.refresh_from_db()
    assert section.body == "The admin's saved text."
    # Saving again from the conflict page is a deliberate choice to replace their text.
    client.post(url, _section_post(section, "Background", "What I typed.", 2))
    section.refresh_from_db()
    assert section.body == "What I typed."


def test_commissioner_adds_a_section(client, commissioner, commission, specification):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:section_add", args=[commission.pk]),
        {"kind": "timeline", "heading": "", "body": "Start in April."},
    )
    assert response.status_code == 302
    assert specification.sections.last().heading == "Timeline"


def test_commissioner_issues_a_version_and_sees_it_listed(
    client, commissioner, commission, specification
):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:specification_issue", args=[commission.pk]),
        {"change_note": "First issue for market engagement."},
        follow=True,
    )
    body = response.content.decode()
    assert "Version 1 issued." in body
    assert "First issue for market engagement." in body
    version = SpecificationVersion.objects.get(specification=specification)
    assert version.number == 1


def test_issuing_without_a_change_note_is_a_form_error(
    client, commissioner, commission, specification
):
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:specification_issue", args=[commission.pk]), {"change_note": ""}
    )
    assert response.status_code == 200
    assert "Enter a change note" in response.content.decode()
    assert not SpecificationVersion.objects.exists()


def test_version_page_renders_the_snapshot_not_the_draft(
    client, viewer, commissioner, commission, specification, version
):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    spec_services.section_update(
        section=section,
        heading="Background",
        body="A later draft.",
        expected_revision=1,
        by=commissioner,
    )
    client.force_login(viewer)
    body = client.get(
        reverse("commissioning:specification_version_detail", args=[commission.pk, 1])
    ).content.decode()
    assert "First issue." in body
    assert "A later draft." not in body
    missing = reverse("commissioning:specification_version_detail", args=[commission.pk, 9])
    assert client.get(missing).status_code == 404


def test_section_edits_on_a_closed_commission_are_refused_with_a_message(
    client, commissioner, commission, specification
):
    section = specification.sections.first()
    services.commission_transition(commission=commission, to="closed", by=commissioner)
    client.force_login(commissioner)
    response = client.post(
        reverse("commissioning:section_edit", args=[commission.pk, section.pk]),
        _section_post(section, "Background", "Late change.", 1),
    )
    assert response.status_code == 200
    assert "This commission is closed" in response.content.decode()
