"""Charts drawn on the server: valid SVG that the Content Security Policy lets through,
labelled in a sans-serif font, with money written the UK way and a table of the figures."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from decimal import Decimal

from django.template.loader import render_to_string

from core import charts

SVG = "{http://www.w3.org/2000/svg}"
April = datetime.date


def _texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)  # noqa: S314 - SVG this code made
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def _people_in_work() -> charts.Chart:
    chart = charts.line_chart(
        title="People in work",
        series=[
            charts.Series(
                "Readings",
                [
                    charts.Point(April(2024, 4, 1), Decimal("40")),
                    charts.Point(April(2025, 4, 1), Decimal("45.5")),
                ],
            ),
            charts.Series("Survey <estimate>", [charts.Point(April(2024, 10, 1), 42)]),
        ],
        y_title="People in work (%)",
        kind="percent",
        baseline=charts.Reference(38, April(2023, 4, 1)),
        target=charts.Reference(60, April(2027, 3, 31)),
    )
    assert chart is not None
    return chart


def test_line_chart_is_svg_with_its_series_baseline_and_target_named() -> None:
    chart = _people_in_work()

    texts = _texts(chart.svg)

    assert {"Readings", "Survey <estimate>", "Baseline", "Target"} <= set(texts)
    assert "People in work (%)" in texts
    assert "Straight line to the target" in texts
    assert chart.notes == ["Baseline: 38% on 1 April 2023.", "Target: 60% by 31 March 2027."]


def test_chart_has_no_style_attribute_style_element_or_script() -> None:
    svg = _people_in_work().svg

    root = ElementTree.fromstring(svg)  # noqa: S314 - SVG this code made
    for element in root.iter():
        assert "style" not in element.attrib, element.tag
        assert element.tag not in (f"{SVG}style", f"{SVG}script")
    assert " style=" not in svg
    assert "<style" not in svg


def test_every_label_is_in_the_gov_uk_sans_serif_stack() -> None:
    root = ElementTree.fromstring(_people_in_work().svg)  # noqa: S314 - SVG this code made

    # Said once on the chart, which every label inherits; none says another.
    assert root.get("font-family") == charts.FONT
    assert {element.get("font-family") for element in root.iter()} == {charts.FONT, None}
    assert charts.FONT.endswith("sans-serif")


def test_chart_is_one_image_with_a_title_and_description() -> None:
    chart = _people_in_work()
    root = ElementTree.fromstring(chart.svg)  # noqa: S314 - SVG this code made

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}title").text == "People in work"
    assert root.find(f"{SVG}desc").get("id") == desc_id
    assert "Target: 60% by 31 March 2027." in root.find(f"{SVG}desc").text
    # Vega's per-mark roles are gone: the table carries the figures.
    assert [element for element in root.iter() if element.get("role")] == [root]


def test_two_charts_on_one_page_do_not_share_ids() -> None:
    first, second = _people_in_work(), _people_in_work()

    def ids(chart: charts.Chart) -> set[str]:
        return {
            element.get("id")
            for element in ElementTree.fromstring(chart.svg).iter()  # noqa: S314
            if element.get("id")
        }

    assert ids(first) and not ids(first) & ids(second)


def test_line_chart_table_has_a_row_per_date_and_a_column_per_series() -> None:
    table = _people_in_work().table

    assert table.head == ["Date", "Readings", "Survey <estimate>"]
    assert table.rows == [
        ["1 April 2024", "40%", "Not recorded"],
        ["1 October 2024", "Not recorded", "42%"],
        ["1 April 2025", "45.5%", "Not recorded"],
    ]


def test_many_readings_are_charted_as_averages_per_period_with_a_note() -> None:
    # Weekly readings for two years (to December 2025): 105 dates, 24 monthly averages.
    start = datetime.date(2024, 1, 1)
    weekly = [
        charts.Point(start + datetime.timedelta(weeks=n), Decimal(n % 4) + 1) for n in range(105)
    ]
    chart = charts.line_chart(
        title="Trust", series=[charts.Series("Council", weekly)], y_title="Rating"
    )
    assert chart is not None
    assert chart.table.head == ["Monthly from", "Council"]
    assert len(chart.table.rows) == 24
    # January 2024 had weeks 0-4: values 1, 2, 3, 4, 1 → 2.2.
    assert chart.table.rows[0] == ["1 January 2024", "2.2"]
    assert "105 readings, shown as monthly averages." in chart.notes

    # Ten years of weekly readings: quarterly averages, at most 40 of them.
    decade = [charts.Point(start + datetime.timedelta(weeks=n), 3) for n in range(520)]
    chart = charts.line_chart(title="T", series=[charts.Series("C", decade)], y_title="R")
    assert chart.table.head[0] == "Quarterly from"
    assert len(chart.table.rows) == 40


def test_a_few_readings_are_charted_as_they_are() -> None:
    points = [charts.Point(datetime.date(2024, m, 3), m) for m in range(1, 13)]
    chart = charts.line_chart(title="T", series=[charts.Series("C", points)], y_title="R")
    assert chart.table.head[0] == "Date"
    assert len(chart.table.rows) == 12
    assert not any("averages" in note for note in chart.notes)


def test_target_without_a_date_is_a_level_line_named_in_the_legend() -> None:
    chart = charts.line_chart(
        title="Relationship health",
        series=[charts.Series("Buyer", [charts.Point(April(2025, 1, 1), 3)])],
        y_title="Rating (1 to 5)",
        y_domain=(1, 5),
        target=charts.Reference(4),
    )

    assert chart is not None
    texts = _texts(chart.svg)
    assert "Target" in texts
    assert "Straight line to the target" not in texts
    assert chart.notes == ["Target: 4."]


def test_money_is_written_with_the_pound_sign_in_front_and_thousands_separated() -> None:
    chart = charts.bar_chart(
        title="Spend by financial year",
        categories=["2024 to 2025", "2025 to 2026"],
        groups=[
            charts.Group("Committed", [Decimal("60000"), Decimal("125000.40")]),
            charts.Group("Contracted", [Decimal("50000"), None]),
        ],
        value_title="Spend (£)",
        kind="money",
        category_title="Financial year",
    )

    assert chart is not None
    texts = _texts(chart.svg)
    assert "£60,000" in texts
    assert not [text for text in texts if "of" in text.split() or text.endswith("£")]
    assert chart.table.head == ["Financial year", "Committed", "Contracted"]
    assert chart.table.rows == [
        ["2024 to 2025", "£60,000", "£50,000"],
        ["2025 to 2026", "£125,000", "Not recorded"],
    ]


def test_long_category_names_wrap_instead_of_being_cut() -> None:
    name = "Local people employed in long-term jobs for more than a year"
    chart = charts.bar_chart(
        title="Delivered against promised",
        categories=[name],
        groups=[charts.Group("Delivered (verified)", [80])],
        value_title="Delivered as a share of the promise (%)",
        kind="percent",
        horizontal=True,
        reference=charts.Reference(100),
        reference_name="The full promise",
    )

    assert chart is not None
    label = " ".join(text for text in _texts(chart.svg) if text.startswith("Local"))
    root = ElementTree.fromstring(chart.svg)  # noqa: S314 - SVG this code made
    wrapped = next(
        element for element in root.iter(f"{SVG}text") if "".join(element.itertext()) == label
    )
    assert [span.text for span in wrapped.iter(f"{SVG}tspan")] == [
        "Local people employed in",
        "long-term jobs for more than",
        "a year",
    ]
    assert "…" not in "".join(_texts(chart.svg))
    assert "The full promise" in _texts(chart.svg)
    assert chart.table.rows == [[name, "80%"]]


def test_nothing_to_draw_gives_no_chart() -> None:
    assert charts.line_chart(title="x", series=[charts.Series("a", [])], y_title="y") is None
    assert charts.bar_chart(title="x", categories=[], groups=[], value_title="y") is None


def test_format_value() -> None:
    assert charts.format_value(Decimal("60000"), "money") == "£60,000"
    assert charts.format_value(-1500, "money") == "-£1,500"
    assert charts.format_value(Decimal("72.50"), "percent") == "72.5%"
    assert charts.format_value(1200, "number", "tonnes") == "1,200 tonnes"
    assert charts.format_value(Decimal("3.333")) == "3.33"


def test_include_shows_the_chart_and_its_table_without_inline_styles() -> None:
    chart = _people_in_work()

    page = render_to_string("components/_chart.html", {"chart": chart})
    pdf = render_to_string("components/_chart.html", {"chart": chart, "for_print": True})

    for html in (page, pdf):
        assert "<svg" in html
        assert '<th scope="row" class="govuk-table__header">1 October 2024</th>' in html
        assert "Survey &lt;estimate&gt;" in html
        assert " style=" not in html
        assert "<style" not in html
    assert "govuk-details" in page
    assert "govuk-details" not in pdf


def test_the_svg_carries_nothing_that_draws_nothing() -> None:
    svg = _people_in_work().svg
    root = ElementTree.fromstring(svg)  # noqa: S314 - SVG this code made

    assert "pointer-events" not in svg and 'opacity="1"' not in svg and ' d=""' not in svg
    assert [element for element in root.iter() if element.get("class")] == [root]
    for element in root.iter():
        for name in ("d", "transform"):
            assert not re.search(r"\d\.\d\d", element.get(name) or ""), element.get(name)
    # What the chart says is untouched: its labels keep every figure they had.
    assert "Readings" in _texts(svg)
