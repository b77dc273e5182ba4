"""Charts drawn on the server as SVG, the same for a page and for its PDF.

Two kinds of chart, each returned as a `Chart` that carries the SVG *and* the same figures
as a table, because a chart must never be the only way to read them:

- `line_chart`: one or more series over dates, with an optional baseline and target
  (a target with a date also draws the straight line from the baseline to it);
- `bar_chart`: values for a few categories, one bar per group in each (promised and
  delivered by measure, spend by financial year).

A page or PDF template shows both with
``{% include "components/_chart.html" with chart=chart %}`` (add ``for_print=True`` in a PDF,
where the table is shown open).

The charts are Vega-Lite specifications rendered to SVG by vl-convert (Vega's own
renderer, in Rust, with no browser). The specifications are written here as plain
dictionaries: building them with altair cost about 0.1 s a chart, more than drawing them.
The SVG uses presentation attributes only (``fill=``, ``font-family=``), never ``style``
attributes, ``<style>`` or ``<script>``, so it can sit inline in a page under the Content
Security Policy (``style-src 'self'``), and WeasyPrint draws it as it is. Vega measures every label before laying the chart out, so labels are not
cut off, and the baseline and target are named in the legend rather than written across the
plot.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
import secrets
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

import vl_convert
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.formatting import uk_date
from core.release import release_digest

Number = Decimal | float | int
ValueKind = Literal["number", "money", "percent"]

# The GOV.UK font stack: GDS Transport where the page has it, then Arial, then any sans
# serif (DejaVu Sans in WeasyPrint on a server with only fonts-dejavu-core). Vega lays the
# chart out measuring DejaVu Sans, wider than the others, so no label is cut off whichever
# of them draws it; the stack goes into the SVG afterwards.
FONT = '"GDS Transport", arial, "DejaVu Sans", sans-serif'
MEASURED_FONT = "DejaVu Sans"
TEXT_COLOUR = "#0b0c0c"
SECONDARY_TEXT_COLOUR = "#505a5f"
GRID_COLOUR = "#b1b4b6"
# GOV.UK colours with enough contrast against white, in the order series get them.
SERIES_COLOURS = ("#1d70b8", "#00703c", "#d4351c", "#4c2c92", "#f47738", "#28a197", "#912b88")
# Dashes and shapes as well as colours, so series can be told apart in black and white.
SERIES_DASHES = ([1, 0], [8, 4], [2, 3], [12, 3, 2, 3], [6, 6], [1, 0], [8, 4])
SERIES_SHAPES = ("circle", "square", "triangle-up", "diamond", "triangle-down", "cross", "circle")
# A short bar as the legend's symbol for a series drawn as a line with no markers.
LINE_SYMBOL = "M-1,-0.22H1V0.22H-1Z"
BASELINE_NAME = "Baseline"
TARGET_NAME = "Target"
PATH_NAME = "Straight line to the target"
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
WIDTH = 560
HEIGHT = 240
# Past this many dates a line chart shows averages per period instead of every reading.
MAX_POINTS = 40

# How d3 (inside Vega) writes numbers: "£60,000" with a pound sign in front.
UK_NUMBER_LOCALE = {
    "decimal": ".",
    "thousands": ",",
    "grouping": [3],
    "currency": ["£", ""],
}
_AXIS_FORMATS: dict[str, str] = {"number": ",.2~f", "money": "$,.0f", "percent": ",.2~f"}


def format_value(value: Number | None, kind: ValueKind = "number", unit: str = "") -> str:
    """A figure as the chart's axis writes it: '£60,000', '72.5%', '1,200 tonnes'."""
    if value is None:
        return "No figure"
    number = Decimal(str(value))
    if kind == "money":
        whole = number.quantize(Decimal(1))
        return f"{'-' if whole < 0 else ''}£{abs(whole):,}"
    text = f"{number.quantize(Decimal('0.01')):,}".rstrip("0").rstrip(".")
    if kind == "percent":
        return f"{text}%"
    return f"{text} {unit}".strip()


@dataclass(frozen=True)
class Point:
    """One reading: a value on a date."""

    on: datetime.date
    value: Number


@dataclass(frozen=True)
class Series:
    """A named line of readings over time."""

    name: str
    points: Sequence[Point]


@dataclass(frozen=True)
class Reference:
    """A baseline or a target: a value, and the date it was measured or is due, if known."""

    value: Number
    on: datetime.date | None = None


@dataclass(frozen=True)
class Group:
    """One bar in each category (for example 'Promised'), values in category order."""

    name: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class Table:
    """The chart's figures as a GOV.UK table: a header row, then rows whose first cell
    names the row."""

    caption: str
    head: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the inline SVG, what it shows in words, and its figures as a table."""

    title: str
    description: str
    svg: SafeString
    table: Table
    notes: list[str] = field(default_factory=list)

    def __html__(self) -> str:
        return self.svg


def line_chart(
    *,
    title: str,
    series: Sequence[Series],
    y_title: str,
    kind: ValueKind = "number",
    unit: str = "",
    baseline: Reference | None = None,
    target: Reference | None = None,
    y_domain: tuple[Number, Number] | None = None,
    description: str = "",
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart | None:
    """Series of readings over dates, with an optional baseline and target.

    `y_title` names the axis with its unit ('Rating (1 to 5)', 'People in work (%)'); `kind`
    decides how figures are written. A target with a date draws a dashed straight line
    from the baseline to it (the path a measure on track would follow); a target without a
    date is a dashed level line across the chart. Returns None when there is nothing to
    draw, so a template can say so instead.
    """
    series = [line for line in series if line.points]
    if not series:
        return None
    readings = sum(len(line.points) for line in series)
    series, period = _averaged_when_long(series)
    dates = sorted({point.on for line in series for point in line.points})
    rows: list[dict[str, object]] = []
    names: list[str] = []
    for line in series:
        names.append(line.name)
        rows += [_row(line.name, point.on, point.value, marker=True) for point in line.points]
    notes = []
    if baseline is not None:
        notes.append(f"{BASELINE_NAME}: {_reference_text(baseline, kind, unit)}.")
        if baseline.on is not None:
            names.append(BASELINE_NAME)
            rows.append(_row(BASELINE_NAME, baseline.on, baseline.value, marker=True))
    if target is not None:
        notes.append(f"{TARGET_NAME}: {_reference_text(target, kind, unit, by=True)}.")
        names.append(TARGET_NAME)
        if target.on is not None:
            rows.append(_row(TARGET_NAME, target.on, target.value, marker=True))
            if baseline is not None and baseline.on is not None:
                names.append(PATH_NAME)
                rows.append(_row(PATH_NAME, baseline.on, baseline.value))
                rows.append(_row(PATH_NAME, target.on, target.value))
        else:
            start, end = min(dates), max(dates)
            rows.append(_row(TARGET_NAME, start, target.value))
            rows.append(_row(TARGET_NAME, end, target.value))

    colours, dashes, shapes = _series_styles(
        names, target_dated=target is not None and target.on is not None
    )
    legend = {"title": None, "orient": "bottom", "direction": "horizontal", "columns": 3}
    encoding = {
        "x": {
            "field": "on",
            "type": "temporal",
            "title": "Date",
            "scale": {"padding": 12},
            "axis": {"format": "%b %Y", "labelOverlap": True, "labelFlush": True, "tickCount": 6},
        },
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": y_title,
            "axis": _value_axis(kind),
            "scale": {"zero": False, "nice": True, "padding": 12, **_domain(y_domain)},
        },
        "color": _by("series", names, colours, legend),
    }
    lines = {
        "mark": {"type": "line", "strokeWidth": 3},
        "encoding": {**encoding, "strokeDash": _by("series", names, dashes, None)},
    }
    markers = {
        "mark": {"type": "point", "filled": True, "size": 70, "opacity": 1, "strokeWidth": 0},
        "encoding": {**encoding, "shape": _by("series", names, shapes, legend)},
        "transform": [{"filter": "datum.marker"}],
    }
    spec = {"data": {"values": rows}, "layer": [lines, markers], "width": width, "height": height}

    by_date = [{point.on: point.value for point in line.points} for line in series]
    table = Table(
        caption=title,
        head=[f"{period.title()} from" if period else "Date", *[line.name for line in series]],
        rows=[
            [uk_date(on)] + [_cell(values.get(on), kind, unit) for values in by_date]
            for on in dates
        ],
    )
    if period:
        notes.append(f"{readings:,} readings, shown as {period} averages.")
    description = description or (
        f"{y_title} from {uk_date(dates[0])} to {uk_date(dates[-1])} for "
        f"{_and_list([line.name for line in series])}."
    )
    return _chart(spec, title=title, description=description, table=table, notes=notes)


def _averaged_when_long(series: Sequence[Series]) -> tuple[list[Series], str]:
    """Series with more than MAX_POINTS dates, as averages per month, quarter or year
    (the shortest period that fits), so a chart and its table stay readable and small
    however many readings there are. Returns the series and the period used ('' if none)."""
    dates = {point.on for line in series for point in line.points}
    if len(dates) <= MAX_POINTS:
        return list(series), ""
    first, last = min(dates), max(dates)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    periods = (("monthly", 1), ("quarterly", 3), ("yearly", 12))
    period, length = next((p for p in periods if months / p[1] <= MAX_POINTS), periods[-1])
    averaged = []
    for line in series:
        buckets: dict[datetime.date, list[Decimal]] = {}
        for point in line.points:
            month = (point.on.month - 1) // length * length + 1
            buckets.setdefault(point.on.replace(month=month, day=1), []).append(
                Decimal(str(point.value))
            )
        points = [
            Point(on, (sum(values) / len(values)).quantize(Decimal("0.01")))
            for on, values in sorted(buckets.items())
        ]
        averaged.append(Series(line.name, points))
    return averaged, period


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    groups: Sequence[Group],
    value_title: str,
    kind: ValueKind = "number",
    unit: str = "",
    category_title: str = "",
    horizontal: bool = False,
    reference: Reference | None = None,
    reference_name: str = "",
    description: str = "",
    width: int = WIDTH,
) -> Chart | None:
    """Bars for each category, one per group side by side (promised and delivered).

    `horizontal` lays categories down the side, for long names (they wrap onto several
    lines rather than being cut). `reference` draws a dashed level line, named in the
    legend as `reference_name` (say '100% of the promise'). Returns None with no categories.
    """
    if not categories or not groups:
        return None
    names = [group.name for group in groups]
    rows = [
        {"category": _wrap(category), "group": group.name, "value": _number(value)}
        for group in groups
        for category, value in zip(categories, group.values, strict=True)
        if value is not None
    ]
    colours, _dashes, _shapes = _series_styles(names)
    category_axis = {
        "labelExpr": "split(datum.label, '\\n')",
        "labelLimit": 0,
        "labelAngle": 0,
        "labelPadding": 6,
    }
    lines_per_label = max(_wrap(category).count("\n") + 1 for category in categories)
    band = (
        max(22 * len(groups) + 18, 18 * lines_per_label + 14)
        if horizontal
        else 22 * len(groups) + 18
    )
    category_channel, value_channel = ("y", "x") if horizontal else ("x", "y")
    order = [_wrap(category) for category in categories]
    legend = {"title": None, "orient": "bottom", "direction": "horizontal"}
    bars = {
        "mark": "bar",
        "encoding": {
            category_channel: {
                "field": "category",
                "type": "nominal",
                "title": category_title or None,
                "sort": order,
                "axis": category_axis,
            },
            value_channel: {
                "field": "value",
                "type": "quantitative",
                "title": value_title,
                "axis": _value_axis(kind),
                "scale": {"zero": True, "nice": True},
            },
            f"{category_channel}Offset": {"field": "group", "type": "nominal", "sort": names},
            "color": _by("group", names, colours, legend),
        },
    }
    layers = [bars]
    if reference is not None:
        rule_row = {"value": _number(reference.value), "name": reference_name or "Reference"}
        layers.append(
            {
                "data": {"values": [rule_row]},
                "mark": {"type": "rule", "strokeWidth": 2, "color": TEXT_COLOUR},
                "encoding": {
                    value_channel: {"field": "value", "type": "quantitative"},
                    "strokeDash": {
                        "field": "name",
                        "type": "nominal",
                        # A line in the legend, where markers have no outline.
                        "legend": {
                            "title": None,
                            "orient": "bottom",
                            "symbolType": "stroke",
                            "symbolStrokeWidth": 2,
                            "symbolStrokeColor": TEXT_COLOUR,
                        },
                        "scale": {"range": [[6, 4]]},
                    },
                },
            }
        )
    size = (
        {"width": width, "height": {"step": band}}
        if horizontal
        else {"width": {"step": band}, "height": HEIGHT}
    )
    spec = {"data": {"values": rows}, "layer": layers, **size}

    table = Table(
        caption=title,
        head=[category_title or "", *names],
        rows=[
            [category, *[_cell(group.values[index], kind, unit) for group in groups]]
            for index, category in enumerate(categories)
        ],
    )
    notes = []
    if reference is not None:
        notes.append(
            f"{reference_name or 'Reference'}: {format_value(reference.value, kind, unit)}."
        )
    description = description or (
        f"{value_title} for each of {len(categories)} "
        f"{'category' if len(categories) == 1 else 'categories'}: {_and_list(names)}."
    )
    return _chart(spec, title=title, description=description, table=table, notes=notes)


# Drawing


def _chart(
    spec: dict[str, object], *, title: str, description: str, table: Table, notes: list[str]
) -> Chart:
    chart_dict = {"$schema": VEGA_LITE_SCHEMA, **spec}
    chart_dict["config"] = _CONFIG
    chart_dict["autosize"] = {"type": "pad"}
    # The baseline, target or reference line is said in words as well as drawn.
    description = " ".join([description, *notes])
    svg = _accessible(
        _render(json.dumps(chart_dict, sort_keys=True, default=str)),
        title=title,
        description=description,
    )
    return Chart(title=title, description=description, svg=svg, table=table, notes=notes)


CHART_SECONDS = 7 * 24 * 3600


def chart_key(spec_json: str) -> str:
    """Where the SVG for one specification is kept: its digest, and the release drawing
    it (core/release.py, which covers the renderer's version too)."""
    return f"chart-svg:{release_digest()}:{hashlib.sha256(spec_json.encode()).hexdigest()}"


@functools.lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    """The SVG for one specification; the same chart is drawn once per process, and once
    for every process while the shared cache keeps it. The key is the specification's
    own digest (and the release drawing it), so a chart whose figures change is a new key
    and nothing needs invalidating. Drawing costs 0.1-0.5 s a chart in a fresh process."""
    key = chart_key(spec_json)
    svg = cache.get(key)
    if svg is None:
        svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
        cache.set(key, svg, timeout=CHART_SECONDS)
    return svg


_TAG = re.compile(r"<[^>]+>")
_ROLE_OR_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')
# What Vega writes that draws nothing: empty or zero-sized paths, its own class names (no
# style sheet uses them), values that are the defaults anyway, and coordinates to a
# millionth of a pixel. Dropped, a contract page's charts are a third smaller.
_DRAWS_NOTHING = re.compile(
    r'<path class="(?:foreground" d=""|background" d="M0,0h0v0h0Z")[^>]*/>'
    r'|\s(?:pointer-events="none"|opacity="1"|class="(?!marks")[^"]*")'
)
_COORDINATES = re.compile(r'\s(?:d|transform)="[^"]*"')
_LONG_DECIMAL = re.compile(r"(\d+\.\d)\d+")
_ID = re.compile(r'\bid="([^"]+)"')
_ID_REFERENCE = re.compile(r"url\(#([^)]+)\)|href=\"#([^\"]+)\"")


def _accessible(svg: str, *, title: str, description: str) -> SafeString:
    """One image with a title and a description for assistive technology.

    Vega gives every mark its own ARIA role; the chart is read as one image instead (its
    figures are in the table beside it), so those are dropped. Ids get a prefix of their own
    so that several charts can share a page.
    """
    prefix = f"chart-{secrets.token_hex(4)}"
    svg = _TAG.sub(lambda tag: _ROLE_OR_ARIA.sub("", tag.group(0)), svg)
    svg = _ID.sub(lambda match: f'id="{prefix}-{match.group(1)}"', svg)
    svg = _ID_REFERENCE.sub(
        lambda match: (
            f"url(#{prefix}-{match.group(1)})"
            if match.group(1)
            else f'href="#{prefix}-{match.group(2)}"'
        ),
        svg,
    )
    svg = _DRAWS_NOTHING.sub("", svg)
    svg = _COORDINATES.sub(lambda match: _LONG_DECIMAL.sub(r"\1", match.group(0)), svg)
    # Every label is in the GOV.UK font stack, said once for the whole chart.
    svg = svg.replace(f' font-family="{MEASURED_FONT}"', "")
    opening = svg.index(">", svg.index("<svg")) + 1
    root = svg[:opening].replace(
        'class="marks"',
        f'class="kindred-chart" role="img" focusable="false" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{escape(FONT)}"',
        1,
    )
    text = (
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(description)}</desc>'
    )
    return mark_safe(root + text + svg[opening:])  # noqa: S308 - Vega escapes its text; ours is escaped above


_AXIS_STYLE = {
    "labelFont": MEASURED_FONT,
    "titleFont": MEASURED_FONT,
    "labelFontSize": 14,
    "titleFontSize": 14,
    "titleFontWeight": "bold",
    "labelColor": TEXT_COLOUR,
    "titleColor": TEXT_COLOUR,
    "gridColor": GRID_COLOUR,
    "domainColor": SECONDARY_TEXT_COLOUR,
    "tickColor": SECONDARY_TEXT_COLOUR,
    "titlePadding": 10,
}
_CONFIG = {
    "font": MEASURED_FONT,
    "background": "white",
    "locale": {"number": UK_NUMBER_LOCALE},
    "view": {"stroke": None},
    "axis": _AXIS_STYLE,
    "legend": {
        "labelFont": MEASURED_FONT,
        "labelFontSize": 14,
        "labelColor": TEXT_COLOUR,
        "labelLimit": 0,
        "symbolSize": 120,
        # Markers are filled shapes with no outline: the lines' dashes would break one up.
        "symbolStrokeWidth": 0,
        "columnPadding": 16,
    },
}


# Helpers


def _number(value: Number | None) -> float | None:
    return None if value is None else float(value)


def _row(
    series: str, on: datetime.date, value: Number, *, marker: bool = False
) -> dict[str, object]:
    return {"series": series, "on": on.isoformat(), "value": float(value), "marker": marker}


def _value_axis(kind: ValueKind) -> dict[str, str]:
    if kind == "percent":
        return {"labelExpr": "format(datum.value, ',.2~f') + '%'"}
    return {"format": _AXIS_FORMATS[kind]}


def _by(
    field: str, domain: list[str], values: Sequence[object], legend: dict[str, object] | None
) -> dict[str, object]:
    """One channel (colour, dash, shape) set per series, in the order the series came."""
    return {
        "field": field,
        "type": "nominal",
        "legend": legend,
        "scale": {"domain": domain, "range": list(values)},
    }


def _domain(y_domain: tuple[Number, Number] | None) -> dict[str, list[float]]:
    return {"domain": [float(y_domain[0]), float(y_domain[1])]} if y_domain else {}


def _series_styles(
    names: list[str], *, target_dated: bool = False
) -> tuple[list[str], list[list[int]], list[str]]:
    """Colour, dash and marker for each series; the baseline and target are always black,
    and a line with no markers has a short bar in the legend."""
    colours, dashes, shapes = [], [], []
    index = 0
    for name in names:
        if name in (BASELINE_NAME, TARGET_NAME, PATH_NAME):
            colours.append(SECONDARY_TEXT_COLOUR if name == PATH_NAME else TEXT_COLOUR)
            dashes.append([4, 4] if name == PATH_NAME else [8, 4])
            if name == BASELINE_NAME:
                shapes.append("triangle-up")
            elif name == TARGET_NAME and target_dated:
                shapes.append("diamond")
            else:
                shapes.append(LINE_SYMBOL)
            continue
        colours.append(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        dashes.append(SERIES_DASHES[index % len(SERIES_DASHES)])
        shapes.append(SERIES_SHAPES[index % len(SERIES_SHAPES)])
        index += 1
    return colours, dashes, shapes


def _reference_text(reference: Reference, kind: ValueKind, unit: str, by: bool = False) -> str:
    text = format_value(reference.value, kind, unit)
    if reference.on is None:
        return text
    return f"{text} {'by' if by else 'on'} {uk_date(reference.on)}"


def _cell(value: Number | None, kind: ValueKind, unit: str) -> str:
    return "Not recorded" if value is None else format_value(value, kind, unit)


def _wrap(label: str, width: int = 28) -> str:
    """Long category names go onto several lines (Vega splits them at the newlines)."""
    return "\n".join(textwrap.wrap(label, width) or [label])


def _and_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
