"""The timeline chart: when each event happened against when each report dated it.

Event time runs along x and report time up y, so a report that announced an
event in advance sits below the "reported the same day" band and a report of
something past sits above it. Dates known only to the month or the year are bars
over their span rather than a guessed day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from newsweave.display import count_noun, display_date
from newsweave.web.charts.svg import (
    WIDTH,
    chart,
    clip,
    element,
    legend,
    line,
    linked,
    message,
    number,
    words,
)
from newsweave.web.charts.ticks import DAY, Scale, domain, read_moment, seconds, span, ticks

_LEFT, _RIGHT, _PLOT_H, _ROW = 112.0, 876.0, 300.0, 14.0


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """One report dating something to an event: the event's date against the report's."""

    event_date: str  # ISO 8601 date, possibly partial ("2021-06", "2021")
    published: str | None
    label: str  # the outlet
    text: str
    href: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineMark:
    """An event of the story's timeline, drawn as a guide line at its date."""

    date: str
    text: str


@dataclass(frozen=True, slots=True)
class _Dated:
    """A point with its event's span and its report's time read, in seconds since 1970."""

    point: TimelinePoint
    start: float
    end: float  # equal to start for a date known to the day
    published: float | None


_TIMELINE_LEGEND = (
    (element("circle", "nw-exact", cx=6), "event dated to a day"),
    (element("rect", "nw-partial", y=-4, width=28), "to a month or a year"),
    (line("nw-same-day-line", 0, 0, 28, 0, stroke_width=6), "reported the same day"),
    (line("nw-event-line", 0, 0, 28, 0), "story event"),
)
_Marks = Sequence[tuple[TimelineMark, tuple[float, float]]]


def timeline_chart(points: Sequence[TimelinePoint], *, events: Sequence[TimelineMark]) -> Markup:
    """Return an SVG chart of event time (x) against report time (y), one mark per dating.

    A dot is an event dated to the day, a bar one dated to a month or a year. Points
    above the "reported the same day" band were reported after the event, points
    below it in advance. Reports with no date of their own go in a band at the
    bottom. Points whose event date cannot be read are counted in a caption.
    """
    dated = [read for point in points if (read := _read_point(point)) is not None]
    if not dated:
        return message("no dated events", "nw-timeline")
    marks = [
        (mark, dates) for mark in events if (dates := span(read_moment(mark.date))) is not None
    ]
    extent = [value for item in dated for value in (item.start, item.end)]
    x = Scale(*domain(extent + [value for _, dates in marks for value in dates]), _LEFT, _RIGHT)
    labels, label_rows = _mark_labels(marks, x)
    top = 16 + label_rows * _ROW
    times = [item.published for item in dated if item.published is not None]
    bottom = top + (_PLOT_H if times else 0.0)
    undated = [item for item in dated if item.published is None]
    band, band_height = _undated_band(undated, x, bottom + 40)
    end = bottom + 40 + band_height
    parts = [_event_guides(marks, x, top, end), labels, _x_axis(x, top, bottom)]
    if times:
        y = Scale(*domain(times), bottom, top)
        parts += [_y_axis(y), _same_day(x, y)]
        parts += [
            _point(item, x, y(item.published)) for item in dated if item.published is not None
        ]
    if missing := len(points) - len(dated):
        note = f"{count_noun(missing, 'report')} with an unreadable event date not shown"
        parts.append(words("nw-caption", note, WIDTH / 2, end + 44))
    label = f"Timeline: {count_noun(len(dated), 'dated event')} against the date of the report"
    key = legend(_LEFT, end + 22, _TIMELINE_LEGEND)
    return chart(WIDTH, end + 56, "nw-timeline", label, *parts, band, key)


def _read_point(point: TimelinePoint) -> _Dated | None:
    """Return a point with its dates read, or None when its event date is unreadable."""
    covered = span(read_moment(point.event_date))
    if covered is None:
        return None
    published = read_moment(point.published)
    return _Dated(point, *covered, None if published is None else seconds(published))


def _pack(extents: Sequence[tuple[float, float]], most: int) -> list[int]:
    """Return a row for each extent: the first of at most `most` rows where it overlaps nothing.

    When every row is taken the extent goes where the rows end earliest, overlapping
    a little rather than growing the chart without end.
    """
    ends: list[float] = []
    rows = [0] * len(extents)
    for index in sorted(range(len(extents)), key=lambda i: extents[i][0]):
        start, end = extents[index]
        row = next((r for r, last in enumerate(ends) if last < start), None)
        if row is None and len(ends) < most:
            ends.append(end)
            row = len(ends) - 1
        elif row is None:
            row = min(range(len(ends)), key=ends.__getitem__)
        ends[row] = max(ends[row], end)
        rows[index] = row
    return rows


def _mark_labels(marks: _Marks, x: Scale) -> tuple[Markup, int]:
    """Return the story events' short labels above the chart, and how many rows they take."""
    placed: list[tuple[float, str, str]] = []
    for mark, (start, _) in marks:
        short = clip(mark.text, 24, 1)[0]
        width = len(short) * 6.2
        left = x(start) + 3 if x(start) + 3 + width < WIDTH else x(start) - 3 - width
        placed.append((left, short, mark.text))
    rows = _pack([(left - 4, left + len(short) * 6.2 + 4) for left, short, _ in placed], 3)
    labels = [
        element(
            "text",
            "nw-event-label",
            element("title", None, text),
            short,
            x=left,
            y=5 + _ROW + row * _ROW,
        )
        for (left, short, text), row in zip(placed, rows, strict=True)
    ]
    return element("g", "nw-event-labels", *labels), max(rows, default=-1) + 1


def _event_guides(marks: _Marks, x: Scale, top: float, bottom: float) -> Markup:
    """Return a guide per story event: a dashed line at its day, a shaded band over its month."""
    guides = []
    for mark, (start, end) in marks:
        if end > start:
            shape = element(
                "rect",
                "nw-event-span",
                x=x(start),
                y=top,
                width=x(end) - x(start),
                height=bottom - top,
            )
        else:
            shape = line("nw-event-line", x(start), top, x(start), bottom)
        hover = element("title", None, f"{display_date(mark.date)}: {mark.text}")
        guides.append(element("g", "nw-event", hover, shape))
    return element("g", "nw-event-guides", *guides)


def _x_axis(x: Scale, top: float, bottom: float) -> Markup:
    """Return the event-date axis under the plot, with a faint grid line at each tick."""
    parts = [line("nw-axis-line", _LEFT, bottom, _RIGHT, bottom)]
    for at, label in ticks(x.lo, x.hi, 8):
        parts.append(line("nw-grid", x(at), top, x(at), bottom + 4))
        parts.append(words("nw-tick", label, x(at), bottom + 17, text_anchor="middle"))
    title = words("nw-axis-title", "event date →", _RIGHT, bottom + 33, text_anchor="end")
    return element("g", "nw-axis nw-axis-event", *parts, title)


def _y_axis(y: Scale) -> Markup:
    """Return the report-time axis at the left, later reports higher up."""
    parts = [line("nw-axis-line", _LEFT, y.end, _LEFT, y.start)]
    for at, label in ticks(y.lo, y.hi, 6):
        parts.append(line("nw-grid", _LEFT - 4, y(at), _RIGHT, y(at)))
        parts.append(words("nw-tick", label, _LEFT - 7, y(at) + 4, text_anchor="end"))
    middle = (y.start + y.end) / 2
    turn = f"rotate(-90 16 {number(middle)})"
    title = words("nw-axis-title", "report published →", 16, middle, transform=turn)
    return element("g", "nw-axis nw-axis-report", *parts, title)


def _same_day(x: Scale, y: Scale) -> Markup:
    """Return the "reported the same day" band where both axes overlap, with hints either side.

    The band is one day high (published during the event's day), drawn as a thick
    line along its middle; a report above it came after the event, below it before.
    """
    lo, hi = max(x.lo, y.lo - DAY / 2), min(x.hi, y.hi - DAY / 2)
    if lo >= hi:
        return Markup("")
    lo, hi = lo - DAY, hi + DAY  # past the plot's edges, where the band is cut off
    x1, y1, x2, y2 = x(lo), y(lo + DAY / 2), x(hi), y(hi + DAY / 2)
    thickness = max(1.5, abs(y(DAY) - y(0)) / math.hypot(1, (y1 - y2) / (x2 - x1)))
    # Cut off at the plot's edges. The clip's id names its box, so two charts on one
    # page can share an id only when they would share the clip too.
    width, height = _RIGHT - _LEFT, y.start - y.end
    clip_id = f"nw-plot-{number(y.end)}-{number(height)}".replace(".", "_")
    box = element("rect", None, x=_LEFT, y=y.end, width=width, height=height)
    plot = element("clipPath", None, box, id=clip_id)
    cut = f"url(#{clip_id})"
    band = line("nw-same-day-line", x1, y1, x2, y2, stroke_width=thickness, clip_path=cut)
    return element(
        "g",
        "nw-same-day",
        element("title", None, "reported the same day: published on the day of the event it dates"),
        plot,
        band,
        words("nw-hint", "reported after the event", _LEFT + 8, y.end + 16),
        words("nw-hint", "reported before the event", _RIGHT - 8, y.start - 8, text_anchor="end"),
    )


def _point(item: _Dated, x: Scale, y: float, css: str = "nw-dated") -> Markup:
    """Return one report's dating: a dot for a day, a bar for a month or a year."""
    point = item.point
    published = display_date(point.published) or "undated"
    hover = f"{point.label}\nevent: {display_date(point.event_date)}\npublished: {published}"
    if item.end > item.start:
        width = max(6.0, x(item.end) - x(item.start))
        shape = element("rect", "nw-point nw-partial", x=x(item.start), y=y - 4, width=width)
    else:
        shape = element("circle", "nw-point nw-exact", cx=x(item.start), cy=y)
    title = element("title", None, f"{hover}\n{point.text}")
    return element("g", f"nw-report {css}", linked(point.href, title, shape))


def _undated_band(items: Sequence[_Dated], x: Scale, top: float) -> tuple[Markup, float]:
    """Return the band of reports with no date of their own, and its height."""
    if not items:
        return Markup(""), 0.0
    rows = _pack([(x(item.start) - 7, x(item.end) + 7) for item in items], 4)
    height = (max(rows) + 1) * _ROW + 14
    frame = element("rect", "nw-band", x=_LEFT, y=top, width=_RIGHT - _LEFT, height=height)
    name = words("nw-band-label", "undated reports", _LEFT - 7, top + height / 2 + 4)
    drawn = [
        _point(item, x, top + 14 + row * _ROW, "nw-undated")
        for item, row in zip(items, rows, strict=True)
    ]
    return element("g", "nw-undated-band", frame, name, *drawn), height
