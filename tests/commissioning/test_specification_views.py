"""Specification pages: drafting, autosave, conflicts, requirements, comments, versions."""

import pytest
import time_machine
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from commissioning import services
from commissioning.models import (
    Indicator,
    Outcome,
    Requirement,
    SectionComment,
    SectionKind,
    SpecificationSection,
    SpecificationVersion,
)
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
    response = client.get(
        reverse("commissioning:specification_version_detail", args=[commission.pk, 1])
    )
    assertContains(response, "First issue.")
    assertNotContains(response, "A later draft.")
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


# --- Autosave with htmx ------------------------------------------------------------------
def _section_url(commission, section):
    return reverse("commissioning:section_edit", args=[commission.pk, section.pk])


def test_htmx_autosave_returns_only_the_save_status(
    client, commissioner, commission, specification
):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    client.force_login(commissioner)
    with time_machine.travel("2026-11-23 14:03:00+00:00"):
        response = client.post(
            _section_url(commission, section),
            _section_post(section, "Background", "Fresh food is hard to find.", 1),
            HTTP_HX_REQUEST="true",
        )
    assertNotContains(response, "<html")
    body = response.content.decode()
    assert "Saved at 2:03pm" in body
    assert f'name="section-{section.pk}-revision" value="2"' in body
    section.refresh_from_db()
    assert section.body == "Fresh food is hard to find."


def test_htmx_autosave_conflict_shows_both_texts_and_the_new_revision(
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
    response = client.post(
        _section_url(commission, section),
        _section_post(section, "Background", "What I typed.", 1),
        HTTP_HX_REQUEST="true",
    )
    assertNotContains(response, "<html")
    body = response.content.decode()
    assert "Ada Admin changed this section after you opened it" in body
    assert "The admin&#x27;s saved text." in body
    assert "What I typed." in body
    assert 'class="kindred-conflict"' in body
    assert f'name="section-{section.pk}-revision" value="2"' in body
    section.refresh_from_db()
    assert section.body == "The admin's saved text."


def test_htmx_autosave_with_an_empty_heading_says_it_is_not_saved(
    client, commissioner, commission, specification
):
    section = specification.sections.get(kind=SectionKind.BACKGROUND)
    client.force_login(commissioner)
    response = client.post(
        _section_url(commission, section),
        _section_post(section, "", "Some words.", 1),
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "govuk-error-message" in body
    assert "Not saved. Enter a heading for the section." in body
    assert "Your text is still here." in body
    section.refresh_from_db()
    assert section.body == ""


def test_editor_page_autosaves_and_checks_plain_language_as_you_type(
    client, commissioner, commission, specification
):
    client.force_login(commissioner)
    body = client.get(
        reverse("commissioning:specification_detail", args=[commission.pk])
    ).content.decode()
    # No hx-trigger filter: htmx runs filters as code, which the CSP forbids; autosave.js
    # stops autosaving after a conflict instead.
    assert 'hx-trigger="input changed delay:1s, submit"' in body
    assert reverse("commissioning:plain_language_check") in body
    assert 'hx-trigger="input changed delay:700ms"' in body
    assert "commissioning/autosave.js" in body
    assert "Readability of the whole specification" in body


# --- Requirements, outcomes, ordering, comments ------------------------------------------
def test_requirements_are_shown_in_three_groups(client, viewer, commissioner, specification):
    section = specification.sections.get(kind=SectionKind.REQUIREMENTS)
    for kind, text in [
        ("preference", "Food that would be wasted is used."),
        ("non_negotiable", "Open five days a week."),
        ("open_for_dialogue", "How residents share in running the hubs."),
    ]:
        spec_services.requirement_add(section=section, kind=kind, text=text, by=commissioner)
    client.force_login(viewer)
    body = client.get(
        reverse("commissioning:specification_detail", args=[specification.commission_id])
    ).content.decode()
    positions = [
        body.index(text)
        for text in (
            "Must be met.",
            "Open five days a week.",
            "We want to discuss this with the market.",
            "How residents share",
            "We would like this.",
            "Food that would be wasted",
        )
    ]
    assert positions == sorted(positions)
    assert "govuk-tag--red" in body


def test_commissioner_adds_a_requirement_and_bad_input_is_explained(
    client, commissioner, commission, specification
):
    section = specification.sections.get(kind=SectionKind.REQUIREMENTS)
    url = reverse("commissioning:requirement_add", args=[commission.pk, section.pk])
    client.force_login(commissioner)
    prefix = f"requirement-{section.pk}"
    response = client.post(url, {f"{prefix}-kind": "", f"{prefix}-text": "Open daily."})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Choose the type of requirement." in body
    assert "Open daily." in body
    response = client.post(
        url, {f"{prefix}-kind": "non_negotiable", f"{prefix}-text": "Open daily."}
    )
    assert response.status_code == 302
    assert section.requirements.get().kind == "non_negotiable"


def test_commissioner_changes_moves_and_removes_a_requirement(
    client, commissioner, commission, specification
):
    section = specification.sections.get(kind=SectionKind.REQUIREMENTS)
    first = spec_services.requirement_add(
        section=section, kind="preference", text="First", by=commissioner
    )
    second = spec_services.requirement_add(
        section=section, kind="preference", text="Second", by=commissioner
    )
    client.force_login(commissioner)
    args = [commission.pk, section.pk]
    prefix = f"requirement-{section.pk}"
    client.post(
        reverse("commissioning:requirement_edit", args=[*args, first.pk]),
        {f"{prefix}-kind": "open_for_dialogue", f"{prefix}-text": "First, changed"},
    )
    client.post(
        reverse("commissioning:requirement_move", args=[*args, second.pk]), {"direction": "up"}
    )
    assert list(section.requirements.values_list("text", flat=True)) == ["Second", "First, changed"]
    client.post(reverse("commissioning:requirement_remove", args=[*args, second.pk]))
    assert list(section.requirements.values_list("text", flat=True)) == ["First, changed"]


def test_commissioner_reorders_and_deletes_sections(
    client, commissioner, commission, specification
):
    budget = specification.sections.get(kind=SectionKind.BUDGET)
    client.force_login(commissioner)
    client.post(
        reverse("commissioning:section_move", args=[commission.pk, budget.pk]), {"direction": "up"}
    )
    kinds = list(specification.sections.values_list("kind", flat=True))
    assert kinds.index("budget") < kinds.index("constraints")
    delete_url = reverse("commissioning:section_delete", args=[commission.pk, budget.pk])
    confirm = client.get(delete_url).content.decode()
    assert "Are you sure you want to delete the section “Budget”?" in confirm
    assert client.post(delete_url).status_code == 302
    assert not specification.sections.filter(pk=budget.pk).exists()


def test_commissioner_picks_outcomes_and_readers_see_their_indicators(
    client, commissioner, viewer, commission, specification, mission
):
    outcome = Outcome.objects.create(mission=mission, title="More families eat fresh food")
    Indicator.objects.create(outcome=outcome, name="Families eating five a day", unit="%")
    section = specification.sections.get(kind=SectionKind.OUTCOMES)
    client.force_login(commissioner)
    page = client.get(reverse("commissioning:specification_detail", args=[commission.pk]))
    assert f'name="outcomes" type="checkbox" value="{outcome.pk}"' in page.content.decode()
    client.post(
        reverse("commissioning:section_outcomes", args=[commission.pk, section.pk]),
        {"outcomes": [outcome.pk]},
    )
    client.force_login(viewer)
    body = client.get(
        reverse("commissioning:specification_detail", args=[commission.pk])
    ).content.decode()
    assert "More families eat fresh food" in body
    assert "Measured by: Families eating five a day (%)" in body


def test_staff_comment_and_editors_resolve(
    client, evaluator, commissioner, commission, specification
):
    section = specification.sections.first()
    client.force_login(evaluator)
    url = reverse("commissioning:comment_add", args=[commission.pk, section.pk])
    assert client.post(url, {f"comment-{section.pk}-body": ""}).status_code == 200
    client.post(url, {f"comment-{section.pk}-body": "Add a map of the estates."})
    comment = section.comments.get()
    resolve = reverse("commissioning:comment_resolve", args=[commission.pk, section.pk, comment.pk])
    assert client.post(resolve).status_code == 403
    client.force_login(commissioner)
    client.post(resolve)
    body = client.get(
        reverse("commissioning:specification_detail", args=[commission.pk])
    ).content.decode()
    assert "1 resolved comment" in body
    assert f"Resolved by {commissioner}" in body


@pytest.mark.parametrize("person", ["viewer", "evaluator", "contract_manager"])
def test_read_only_staff_cannot_change_sections_or_requirements(
    client, request, person, commission, specification
):
    section = specification.sections.get(kind=SectionKind.REQUIREMENTS)
    client.force_login(request.getfixturevalue(person))
    args = [commission.pk, section.pk]
    for name, data in [
        ("section_move", {"direction": "up"}),
        ("section_delete", {}),
        ("section_outcomes", {}),
        ("requirement_add", {}),
    ]:
        assert client.post(reverse(f"commissioning:{name}", args=args), data).status_code == 403
    assert specification.sections.filter(pk=section.pk).exists()


def test_viewers_may_not_comment(client, viewer, commission, specification):
    section = specification.sections.first()
    client.force_login(viewer)
    url = reverse("commissioning:comment_add", args=[commission.pk, section.pk])
    assert client.post(url, {f"comment-{section.pk}-body": "Hi"}).status_code == 403
    page = client.get(reverse("commissioning:specification_detail", args=[commission.pk]))
    assertNotContains(page, "Add comment")


@pytest.mark.parametrize("person", ["other_commissioner", "supplier_user"])
def test_people_outside_the_council_get_not_found_on_every_editor_url(
    client, request, person, commission, specification
):
    section = specification.sections.get(kind=SectionKind.REQUIREMENTS)
    requirement = spec_services.requirement_add(
        section=section, kind="preference", text="x", by=request.getfixturevalue("commissioner")
    )
    client.force_login(request.getfixturevalue(person))
    args = [commission.pk, section.pk]
    urls = [
        reverse(f"commissioning:{name}", args=args)
        for name in ("section_move", "section_delete", "section_outcomes", "comment_add")
    ] + [
        reverse(f"commissioning:{name}", args=[*args, requirement.pk])
        for name in ("requirement_edit", "requirement_move", "requirement_remove")
    ]
    for url in urls:
        assert client.post(url, {"direction": "up"}).status_code == 404, url


# --- Query counts ------------------------------------------------------------------------
def test_specification_page_queries_stay_constant_with_50_sections_of_5_requirements(
    client,
    commissioner,
    evaluator,
    commission,
    specification,
    mission,
    django_assert_max_num_queries,
):
    outcome = Outcome.objects.create(mission=mission, title="More families eat fresh food")
    Indicator.objects.create(outcome=outcome, name="Families eating five a day", unit="%")
    specification.sections.get(kind=SectionKind.OUTCOMES).outcomes.add(outcome)
    sections = SpecificationSection.objects.bulk_create(
        SpecificationSection(
            specification=specification,
            kind=SectionKind.REQUIREMENTS,
            heading=f"Requirements {n}",
            body="The provider will work with residents. Hubs open every day.",
            position=10 + n,
            updated_by=commissioner,
        )
        for n in range(43)
    )
    Requirement.objects.bulk_create(
        Requirement(section=section, kind=kind, text=f"Requirement {n}", position=n)
        for section in sections
        for n, kind in enumerate(
            ["non_negotiable", "open_for_dialogue", "preference", "preference", "non_negotiable"]
        )
    )
    SectionComment.objects.bulk_create(
        SectionComment(section=section, author=evaluator, body="Check this.")
        for section in sections
    )
    for number in range(1, 4):
        spec_services.specification_version_issue(
            specification=specification, change_note=f"Issue {number}.", by=commissioner
        )
    client.force_login(commissioner)
    # 20: the page, its sections, versions and comments, and the lessons pinned to the
    # commission (the "Learned before" panels fill in separately, as sections come into view).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("commissioning:specification_detail", args=[commission.pk]))
    body = response.content.decode()
    assert body.count('class="kindred-spec-section"') == 50
    assert body.count('class="kindred-requirement"') == 43 * 5
