"""Comparing two issued versions section by section."""

from __future__ import annotations

from commissioning.specifications.versions import (
    ADDED,
    CHANGED,
    DELETE,
    EQUAL,
    INSERT,
    REMOVED,
    UNCHANGED,
    Segment,
    compare_snapshots,
    word_diff,
)


def _section(kind: str, heading: str, body: str = "", position: int = 0, **extra) -> dict:
    return {"kind": kind, "heading": heading, "body": body, "position": position, **extra}


def test_word_diff_marks_added_and_removed_words() -> None:
    assert word_diff("People need food.", "People need fresh local food.") == [
        Segment(EQUAL, "People need "),
        Segment(INSERT, "fresh local "),
        Segment(EQUAL, "food."),
    ]
    assert word_diff("Hot meals daily", "Cold meals daily") == [
        Segment(DELETE, "Hot "),
        Segment(INSERT, "Cold "),
        Segment(EQUAL, "meals daily"),
    ]


def test_sections_are_added_removed_changed_or_unchanged() -> None:
    old = {
        "sections": [
            _section("background", "Background", "People need food.", 1),
            _section("budget", "Budget", "Up to £100,000.", 2),
            _section("timeline", "Timeline", "From April.", 3),
        ]
    }
    new = {
        "sections": [
            _section("background", "Background", "People need fresh food.", 1),
            _section("timeline", "Timeline", "From April.", 2),
            _section("constraints", "Constraints", "No plastic.", 3),
        ]
    }
    comparison = compare_snapshots(old, new)
    assert [(s.heading, s.status) for s in comparison.sections] == [
        ("Background", CHANGED),
        ("Budget", REMOVED),
        ("Timeline", UNCHANGED),
        ("Constraints", ADDED),
    ]
    assert (comparison.changed, comparison.added, comparison.removed) == (1, 1, 1)


def test_a_renamed_section_of_the_same_kind_is_a_change_not_a_swap() -> None:
    old = {"sections": [_section("requirements", "What we need", "Text.")]}
    new = {"sections": [_section("requirements", "Requirements", "Text.")]}
    [section] = compare_snapshots(old, new).sections
    assert section.status == CHANGED
    assert section.heading_changed
    assert (section.old_heading, section.new_heading) == ("What we need", "Requirements")


def test_requirements_added_removed_and_changed_with_their_type() -> None:
    old = {
        "sections": [
            _section(
                "requirements",
                "Requirements",
                requirements=[
                    {"kind": "non_negotiable", "text": "Hot meals every day"},
                    {"kind": "preference", "text": "Local food"},
                    {"kind": "preference", "text": "Delivered by bike"},
                ],
            )
        ]
    }
    new = {
        "sections": [
            _section(
                "requirements",
                "Requirements",
                requirements=[
                    {"kind": "open_for_dialogue", "text": "Hot meals every day"},
                    {"kind": "preference", "text": "Local organic food"},
                    {"kind": "preference", "text": "Delivered by bike"},
                    {"kind": "non_negotiable", "text": "Staff are paid the real Living Wage"},
                ],
            )
        ]
    }
    [section] = compare_snapshots(old, new).sections
    assert section.status == CHANGED
    changes = [(item.status, item.kind) for item in section.requirements]
    assert changes == [
        (CHANGED, "open_for_dialogue"),
        (CHANGED, "preference"),
        (UNCHANGED, "preference"),
        (ADDED, "non_negotiable"),
    ]
    first = section.requirements[0]
    assert first.kind_changed and first.old_kind_label == "Non-negotiable"
    assert Segment(INSERT, "organic ") in section.requirements[1].segments


def test_removed_requirement() -> None:
    old = {"sections": [_section("requirements", "R", requirements=[{"kind": "x", "text": "A"}])]}
    new = {"sections": [_section("requirements", "R", requirements=[])]}
    [section] = compare_snapshots(old, new).sections
    assert [(item.status, item.old_text) for item in section.requirements] == [(REMOVED, "A")]


def test_outcomes_added_and_removed_by_title() -> None:
    old = {"sections": [_section("outcomes", "Outcomes", outcomes=[{"title": "Fewer hungry"}])]}
    new = {"sections": [_section("outcomes", "Outcomes", outcomes=[{"title": "More cooking"}])]}
    [section] = compare_snapshots(old, new).sections
    assert section.status == CHANGED
    assert section.outcomes_added == ["More cooking"]
    assert section.outcomes_removed == ["Fewer hungry"]


def test_older_snapshots_without_requirements_outcomes_or_positions_still_compare() -> None:
    old = {"sections": [{"kind": "background", "heading": "Background", "body": "Old."}]}
    new = {
        "sections": [
            {
                "kind": "background",
                "heading": "Background",
                "body": "New.",
                "requirements": [{"kind": "preference", "text": "Tea"}],
            },
            {"heading": "Untyped"},
        ]
    }
    comparison = compare_snapshots(old, new)
    assert [s.status for s in comparison.sections] == [CHANGED, ADDED]
    assert comparison.sections[0].requirements[0].status == ADDED
    assert compare_snapshots({}, None).sections == []
    assert not compare_snapshots(old, old).has_changes


def test_an_unrelated_section_of_the_same_kind_is_not_taken_for_a_rename() -> None:
    old = {
        "sections": [
            _section("background", "Who we are", "The council runs twelve libraries."),
            _section("background", "Why now", "Food prices rose sharply this year."),
        ]
    }
    new = {
        "sections": [
            _section("background", "Who we are", "The council runs twelve libraries."),
            _section("background", "Local growers", "Farms within 30 miles supply schools."),
        ]
    }
    statuses = [(s.heading, s.status) for s in compare_snapshots(old, new).sections]
    assert statuses == [
        ("Who we are", UNCHANGED),
        ("Why now", REMOVED),
        ("Local growers", ADDED),
    ]
