"""The change log and compare pages: who may see them, what they show, and query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from commissioning.models import SpecificationVersion

pytestmark = pytest.mark.django_db


def snapshot(sections: int, *, edition: int = 1) -> dict[str, Any]:
    return {
        "sections": [
            {
                "kind": "requirements" if index % 2 else "background",
                "heading": f"Section {index}",
                "body": f"Edition {edition} says families need fresh food near home, part {index}.",
                "position": index,
                "requirements": [
                    {"kind": "non_negotiable", "text": f"Meals every day in edition {edition}"},
                    {"kind": "preference", "text": "Food grown nearby"},
                ],
                "outcomes": [{"title": "Fewer families go hungry"}],
            }
            for index in range(sections)
        ]
    }


def issue(specification: Any, number: int, by: Any, sections: int = 3, **fields: Any):
    return SpecificationVersion.objects.create(
        specification=specification,
        number=number,
        change_note=fields.pop("change_note", f"Changes after round {number}"),
        snapshot=fields.pop("snapshot", snapshot(sections, edition=number)),
        issued_by=by,
        **fields,
    )


@pytest.fixture
def two_versions(specification: Any, commissioner: Any):
    first = issue(specification, 1, commissioner, readability_score=55.0)
    second = issue(specification, 2, commissioner, change_note="Added a living wage rule")
    return first, second


def changelog(commission: Any) -> str:
    return reverse("commissioning:specification_changelog", args=[commission.pk])


def compare(commission: Any) -> str:
    return reverse("commissioning:specification_compare", args=[commission.pk])


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("commissioner", 200),
        ("evaluator", 200),
        ("council_admin", 200),
        ("viewer", 200),
        ("other_commissioner", 404),
        ("supplier_user", 404),
    ],
)
def test_pages_per_role(
    client: Any, request: Any, commission: Any, two_versions: Any, person: str, status: int
) -> None:
    client.force_login(request.getfixturevalue(person))
    assert client.get(changelog(commission)).status_code == status
    assert client.get(compare(commission), {"from": 1, "to": 2}).status_code == status


def test_signed_out_people_are_sent_to_sign_in(client: Any, commission: Any) -> None:
    assert client.get(changelog(commission)).status_code == 302


def test_change_log_lists_versions_with_who_when_why_and_score(
    client: Any, commissioner: Any, commission: Any, two_versions: Any
) -> None:
    client.force_login(commissioner)
    html = client.get(changelog(commission)).content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "Added a living wage rule" in html
    assert "Chidi Commissioner" in html
    assert ">55<" in html  # recorded score
    assert "Download version 2 as PDF" in html
    assert 'name="kind" value="specification"' in html


def test_change_log_without_a_specification_says_so(
    client: Any, commissioner: Any, commission: Any
) -> None:
    client.force_login(commissioner)
    response = client.get(changelog(commission))
    assert response.status_code == 200
    assert "No versions have been issued yet" in response.content.decode()


def test_compare_shows_inline_and_side_by_side_changes_with_hidden_words(
    client: Any, commissioner: Any, commission: Any, two_versions: Any
) -> None:
    client.force_login(commissioner)
    html = client.get(compare(commission), {"from": 1, "to": 2}).content.decode()
    assert 'id="inline"' in html and 'id="side-by-side"' in html
    assert "<del>" in html and "<ins>" in html
    assert "[removed: </span>1" in html and "[added: </span>2" in html
    assert "3 changed, 0 added, 0 removed" in html


def test_compare_defaults_to_the_latest_two_versions(
    client: Any, commissioner: Any, commission: Any, two_versions: Any
) -> None:
    client.force_login(commissioner)
    response = client.get(compare(commission))
    assert response.context["older"].number == 1
    assert response.context["newer"].number == 2


def test_compare_rejects_a_missing_or_same_version(
    client: Any, commissioner: Any, commission: Any, two_versions: Any
) -> None:
    client.force_login(commissioner)
    html = client.get(compare(commission), {"from": 1, "to": 9}).content.decode()
    assert "Choose a version that exists" in html
    html = client.get(compare(commission), {"from": 2, "to": 2}).content.decode()
    assert "Choose two different versions" in html


def test_compare_with_one_version_explains(
    client: Any, commissioner: Any, commission: Any, specification: Any
) -> None:
    issue(specification, 1, commissioner)
    client.force_login(commissioner)
    html = client.get(compare(commission)).content.decode()
    assert "once at least 2 have been issued" in html


def test_page_query_counts_are_constant_with_20_versions_of_50_sections(
    client: Any,
    commissioner: Any,
    commission: Any,
    specification: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for number in range(1, 21):
        issue(specification, number, commissioner, sections=50, readability_score=60.0)
    client.force_login(commissioner)
    with django_assert_max_num_queries(8):
        response = client.get(changelog(commission))
    assert response.status_code == 200
    with django_assert_max_num_queries(8):
        response = client.get(compare(commission), {"from": 3, "to": 20})
    assert response.status_code == 200
    assert "50 changed" in response.content.decode()
