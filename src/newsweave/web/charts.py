"""SVG charts for the story page: who copied whom, and when each event was reported.

Both charts are written as SVG text on the server, with no JavaScript and no
plotting library, so a story page works offline and a saved page keeps them. Report
text (outlet names, titles, event text) may hold markup, so every piece of it goes
through `markupsafe` escaping, and links are made only from web or relative
addresses. Shapes carry `nw-…` classes for the page's stylesheet and the default
look of each class as presentation attributes (`_LOOK`), which any CSS rule
overrides, so that an SVG also reads well on its own.
"""

from __future__ import annotations

import heapq
import itertools
import math
import textwrap
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from graphlib import CycleError, TopologicalSorter
from urllib.parse import urlsplit

from markupsafe import Markup

from newsweave.errors import ParameterError
from newsweave.report.html import count_noun, display_date, percent
from newsweave.types import DerivationKind, Moment

_WIDTH = 900.0
_MUTED, _GRID, _POINT, _EVENT, _FIRST = "#4a5568", "#e2e8f0", "#2b6cb0", "#a0aec0", "#b7791f"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = 86_400.0
_EPOCH = datetime(1970, 1, 1)
_NODE_W, _NODE_H, _COL_GAP, _ROW_GAP, _MARGIN = 168.0, 54.0, 64.0, 22.0, 24.0
_LEFT, _RIGHT, _PLOT_H, _ROW = 112.0, 876.0, 300.0, 14.0
_VERBS = {
    "copy": "copies",
    "rewrite": "rewrites",
    "partial": "reuses part of",
    "quotation": "quotes",
}
# Solid copies, dashed rewrites, dotted partial reuse and quotation (told apart by colour).
_KIND_LOOK: dict[str, dict[str, object]] = {
    "copy": {"stroke": "#c53030"},
    "rewrite": {"stroke": "#6b46c1", "stroke-dasharray": "7 4"},
    "partial": {"stroke": "#2b6cb0", "stroke-dasharray": "2 4"},
    "quotation": {"stroke": "#2f855a", "stroke-dasharray": "2 4"},
}

_Box = tuple[float, float]  # a report box's top left corner

# The default look of each class: a stylesheet kept as data, written as attributes.
_LOOK: dict[str, dict[str, object]] = {
    "nw-chart": {"font-family": "system-ui, sans-serif", "font-size": 12},
    "nw-caption": {"fill": _MUTED, "text-anchor": "middle"},
    "nw-legend-label": {"font-size": 11},
    "nw-node-box": {"width": _NODE_W, "height": _NODE_H, "rx": 6, "fill": "#fff"}
    | {"stroke-width": 1.5},
    "nw-independent-box": {"fill": "#ebf8ff", "stroke": "#2c5282"},
    "nw-derived-box": {"fill": "#f7fafc", "stroke": "#a0aec0"},
    "nw-first-box": {"stroke": _FIRST, "stroke-width": 3},
    "nw-node-label": {"font-weight": 600},
    "nw-node-date": {"font-size": 10, "fill": _MUTED},
    "nw-first-tag": {"font-size": 10, "font-weight": 700, "fill": _FIRST},
    "nw-edge-line": {"fill": "none", "stroke-width": 1.8},
    **{f"nw-{kind}-line": look for kind, look in _KIND_LOOK.items()},
    "nw-edge-label": {"font-size": 10, "text-anchor": "middle", "stroke": "#fff"}
    | {"stroke-width": 3, "paint-order": "stroke"},
    "nw-arrow": {"viewBox": "0 0 10 10", "refX": 9, "refY": 5, "markerWidth": 7}
    | {"markerHeight": 7, "orient": "auto-start-reverse"},
    "nw-tick": {"font-size": 11},
    "nw-axis-line": {"stroke": _MUTED},
    "nw-axis-title": {"fill": _MUTED},
    "nw-grid": {"stroke": _GRID},
    "nw-event-label": {"font-size": 11, "fill": _MUTED},
    "nw-event-line": {"stroke": _EVENT, "stroke-dasharray": "4 3"},
    "nw-event-span": {"fill": "#edf2f7", "opacity": 0.7},
    "nw-exact": {"r": 5, "fill": _POINT, "stroke": "#fff", "stroke-width": 1.5},
    "nw-partial": {"height": 8, "rx": 4, "fill": _POINT, "fill-opacity": 0.55, "stroke": _POINT},
    "nw-same-day-line": {"stroke": "#f6ad55", "stroke-opacity": 0.5},
    "nw-hint": {"font-size": 11, "font-style": "italic", "fill": _EVENT},
    "nw-band": {"fill": "#f7fafc", "stroke": _GRID},
    "nw-band-label": {"font-size": 11, "fill": _MUTED, "text-anchor": "end"},
}


@dataclass(frozen=True, slots=True)
class GraphNode:
    """One report of a story, as the provenance graph shows it."""

    id: str
    label: str
    published: str | None = None  # ISO 8601, possibly a date only
    href: str | None = None
    first: bool = False  # the story's first report


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """A derivation: report `target` copies, rewrites, reuses or quotes report `source`."""

    source: str
    target: str
    kind: DerivationKind
    shared_fraction: float | None = None


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


# --- SVG text -------------------------------------------------------------------------


def _el(name: str, css: str | None, *children: str, **attrs: object) -> Markup:
    """Return one SVG element in the default look of its classes; `str` is escaped, Markup kept.

    Attribute names are written with `_` for `-` (`stroke_width`); None keeps the default.
    """
    look: dict[str, object] = {"class": css}
    for known in (css or "").split():
        look.update(_LOOK.get(known, {}))
    look.update({key.replace("_", "-"): value for key, value in attrs.items() if value is not None})
    written = Markup("").join(
        Markup(' {}="{}"').format(key, _number(value) if isinstance(value, float) else value)
        for key, value in look.items()
        if value is not None
    )
    if not children:
        return Markup("<{}{}/>").format(Markup(name), written)
    return Markup("<{0}{1}>{2}</{0}>").format(Markup(name), written, Markup("").join(children))


def _line(css: str, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> Markup:
    """Return a `<line>` from (x1, y1) to (x2, y2)."""
    return _el("line", css, x1=x1, y1=y1, x2=x2, y2=y2, **attrs)


def _words(css: str, text: str, x: float, y: float, **attrs: object) -> Markup:
    """Return a `<text>` element holding `text`, escaped."""
    return _el("text", css, text, x=x, y=y, **attrs)


def _number(value: float) -> str:
    """Return a coordinate with one decimal at most, short enough to keep the SVG small."""
    return f"{value:.1f}".removesuffix(".0")


def _svg(width: float, height: float, css: str, label: str, *children: str) -> Markup:
    """Return the root `<svg>`: it scales through `viewBox` and is announced to screen readers.

    Its size is the drawing's own; a page makes it fit with the CSS rule
    `.nw-chart { max-width: 100%; height: auto }`. No `style` attribute is written,
    as a Content-Security-Policy without 'unsafe-inline' would block it.
    """
    box = f"0 0 {_number(width)} {_number(height)}"
    return _el(
        "svg",
        f"nw-chart {css}",
        *children,
        xmlns="http://www.w3.org/2000/svg",
        role="img",
        aria_label=label,
        viewBox=box,
        width=width,
        height=height,
    )


def _linked(href: str | None, *body: str) -> Markup:
    """Return `body` inside a link when `href` is a web or relative address, else as it is."""
    target = _safe_href(href)
    return Markup("").join(body) if target is None else _el("a", None, *body, href=target)


def _safe_href(href: str | None) -> str | None:
    """Return `href` when it may become a link: never a `javascript:` or `data:` address."""
    if href is None:
        return None
    candidate = "".join(href.split())  # browsers drop blanks inside a scheme ("java\tscript:")
    if not candidate or any(ord(char) < 32 for char in candidate):
        return None
    return candidate if urlsplit(candidate).scheme.lower() in ("", "http", "https") else None


def _clip(text: str, chars: int, lines: int) -> list[str]:
    """Return `text` wrapped to `lines` lines of `chars` characters, cut with "…" when longer."""
    # textwrap's own max_lines drops a long first word entirely; cut it instead.
    rows = textwrap.wrap(text, chars) or [""]
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][: chars - 1].rstrip() + "…"
    return rows


def _moment(text: str | None) -> Moment | None:
    """Return an ISO 8601 date or time as a Moment, or None when absent or unreadable."""
    if text is None or not text.strip():
        return None
    try:
        return Moment.fromisoformat(text.strip())
    except (ValueError, IndexError):
        return None


def _message(text: str, css: str) -> Markup:
    """Return a small SVG that only says `text`, for a chart with nothing to draw."""
    return _svg(_WIDTH, 48.0, css, text, _words("nw-caption", text, _WIDTH / 2, 28))


def _legend(x: float, y: float, entries: Iterable[tuple[Markup, str]]) -> Markup:
    """Return a legend row: each sample (drawn about the origin, 28 units wide) and its name."""
    items = []
    for sample, name in entries:
        items.append(_el("g", None, sample, transform=f"translate({_number(x)} {_number(y)})"))
        items.append(_words("nw-legend-label", name, x + 34, y + 4))
        x += 56 + len(name) * 6.2
    return _el("g", "nw-legend", *items)


# --- provenance graph -------------------------------------------------------------------


def provenance_graph(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> Markup:
    """Return an SVG graph of who copied whom: reports as boxes, derivations as arrows.

    Reports run left to right in publication order, and every derived report sits
    right of its sources (see `_columns`). Independent reports, with no incoming
    edge, are blue; derived ones grey; the first report has a gold border. Raises
    ParameterError for repeated report ids, and for an edge of an unknown kind or
    between unknown reports.
    """
    _check_graph(nodes, edges)
    if not nodes:
        return _message("no reports", "nw-provenance")
    ordered = _publication_order(nodes)
    sources = _acyclic_sources([node.id for node in ordered], edges)
    boxes, width, height = _place(_columns(_topological(ordered, sources), sources))
    names = {node.id: node.label or node.id for node in nodes}
    derived = {edge.target for edge in edges if edge.source != edge.target}
    drawn = [_markers()]
    for edge, port in zip(edges, _ports(edges, boxes), strict=True):
        hover = f"{names[edge.target]} {_VERBS[edge.kind]} {names[edge.source]}"
        x1, x2 = boxes[edge.source][0] + _NODE_W, boxes[edge.target][0] - 2
        drawn.append(_edge(edge, x1, x2, port, hover))
    drawn += [_node(node, boxes[node.id], node.id in derived) for node in nodes]
    if not edges:
        drawn.append(_words("nw-caption", "no report copies another", width / 2, height + 18))
        height += 26
    label = f"Provenance of {count_noun(len(nodes), 'report')}"
    label += f": {count_noun(len(edges), 'derivation')}"
    return _svg(width, height + 40, "nw-provenance", label, *drawn, _graph_legend(height + 22))


def _graph_legend(y: float) -> Markup:
    """Return the legend of the provenance graph: the line of each kind, the kinds of box."""
    lines = [(_line(f"nw-edge-line nw-{kind}-line", 0, 0, 28, 0), kind) for kind in _KIND_LOOK]
    samples = [
        (_el("rect", f"nw-node-box nw-{kind}-box", y=-7, width=22, height=14), f"{kind} report")
        for kind in ("independent", "derived", "first")
    ]
    return _legend(_MARGIN, y, lines + samples)


def _check_graph(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> None:
    """Raise ParameterError for a repeated report id, or an edge that cannot be drawn."""
    known = {node.id for node in nodes}
    if len(known) < len(nodes):
        repeated = sorted(i for i, n in Counter(node.id for node in nodes).items() if n > 1)
        raise ParameterError.invalid("nodes", "reports with distinct ids", repeated)
    for edge in edges:
        if edge.kind not in _KIND_LOOK:
            raise ParameterError.invalid("kind", f"one of {sorted(_KIND_LOOK)}", edge.kind)
        for end in (edge.source, edge.target):
            if end not in known:
                raise ParameterError.invalid("edges", "between the ids of the given nodes", end)


def _publication_order(nodes: Sequence[GraphNode]) -> list[GraphNode]:
    """Return the nodes by publication time; undated ones after, in the order given."""

    def key(index: int) -> tuple[bool, datetime, int]:
        moment = _moment(nodes[index].published)
        return (moment is None, moment.value if moment else _EPOCH.replace(tzinfo=UTC), index)

    return [nodes[index] for index in sorted(range(len(nodes)), key=key)]


def _acyclic_sources(order: list[str], edges: Iterable[GraphEdge]) -> dict[str, set[str]]:
    """Return each report's sources, less one edge per cycle: the one into the earliest report.

    A cycle says two reports each derive from the other; the dates usually settle
    which came first, so the edge leading back to the earlier report is dropped.
    """
    rank = {report: index for index, report in enumerate(order)}
    sources: dict[str, set[str]] = {report: set() for report in order}
    for edge in edges:
        if edge.source != edge.target:
            sources[edge.target].add(edge.source)
    while True:
        try:
            TopologicalSorter(sources).prepare()
            return sources
        except CycleError as error:
            cycle: list[str] = error.args[1]  # each report a source of the next
            source, target = min(itertools.pairwise(cycle), key=lambda pair: rank[pair[1]])
            sources[target].discard(source)


def _topological(order: list[GraphNode], sources: Mapping[str, set[str]]) -> list[str]:
    """Return report ids with sources first, and otherwise in publication order."""
    rank = {node.id: index for index, node in enumerate(order)}
    sorter = TopologicalSorter(sources)
    sorter.prepare()
    ready: list[tuple[int, str]] = []
    result: list[str] = []
    while sorter.is_active():
        for report in sorter.get_ready():
            heapq.heappush(ready, (rank[report], report))
        _, report = heapq.heappop(ready)
        result.append(report)
        sorter.done(report)
    return result


def _columns(order: list[str], sources: Mapping[str, set[str]]) -> dict[int, list[str]]:
    """Return the reports of each column: a longest-path layering that keeps time order.

    Each report goes to the column after its last source's, never left of the
    report placed before it (so time runs left to right), and on to the next
    column when its own is full, so that many independent reports make a grid
    rather than one tall column.
    """
    capacity = max(4, math.ceil(math.sqrt(len(order))))
    columns: dict[int, list[str]] = {}
    column: dict[str, int] = {}
    cursor = 0
    for report in order:
        cursor = max([cursor, *(column[source] + 1 for source in sources[report])])
        while len(columns.get(cursor, [])) >= capacity:
            cursor += 1
        column[report] = cursor
        columns.setdefault(cursor, []).append(report)
    return columns


def _place(columns: Mapping[int, list[str]]) -> tuple[dict[str, _Box], float, float]:
    """Return each report's box corner, the chart's width and the height the boxes take."""
    count, rows = max(columns) + 1, max(len(reports) for reports in columns.values())
    used = count * _NODE_W + (count - 1) * _COL_GAP
    width = max(_WIDTH, used + 2 * _MARGIN)
    area = rows * (_NODE_H + _ROW_GAP) - _ROW_GAP
    boxes: dict[str, _Box] = {}
    for key, reports in columns.items():
        x = (width - used) / 2 + key * (_NODE_W + _COL_GAP)
        top = _MARGIN + 14 + (area - len(reports) * (_NODE_H + _ROW_GAP) + _ROW_GAP) / 2
        for row, report in enumerate(reports):
            boxes[report] = (x, top + row * (_NODE_H + _ROW_GAP))
    return boxes, width, _MARGIN + 14 + area


def _node(node: GraphNode, box: _Box, derived: bool) -> Markup:
    """Return one report's box: its wrapped title, its date, and the full text as a tooltip."""
    x, y = box
    kind = "derived" if derived else "independent"
    date = display_date(node.published) or "undated"
    hover = f"{node.label}\n{date}\n{kind} report" + (", the first" if node.first else "")
    first = " nw-first-box" if node.first else ""
    parts = [_el("title", None, hover), _el("rect", f"nw-node-box nw-{kind}-box{first}", x=x, y=y)]
    for index, line in enumerate(_clip(node.label or node.id, 21, 2)):
        parts.append(_words("nw-node-label", line, x + 9, y + 18 + index * 14))
    parts.append(_words("nw-node-date", date, x + 9, y + _NODE_H - 8))
    if node.first:
        parts.append(_words("nw-first-tag", "first report", x, y - 5))
    css = f"nw-node nw-{kind}" + (" nw-first" if node.first else "")
    return _el("g", css, _linked(node.href, *parts), data_id=node.id)


def _ports(edges: Sequence[GraphEdge], boxes: Mapping[str, _Box]) -> list[tuple[float, float]]:
    """Return the heights where each edge leaves its source's box and enters its target's.

    The edges of one box are spread along its side, in the order of the boxes at
    their other ends, so that arrows into one report neither meet nor cross there.
    """
    starts = _spread([(edge.source, boxes[edge.target][1]) for edge in edges], boxes)
    ends = _spread([(edge.target, boxes[edge.source][1]) for edge in edges], boxes)
    return list(zip(starts, ends, strict=True))


def _spread(sides: Sequence[tuple[str, float]], boxes: Mapping[str, _Box]) -> list[float]:
    """Return a height for each (report, far end's height), spaced evenly along its box."""
    groups: dict[str, list[int]] = {}
    for index, (report, _) in enumerate(sides):
        groups.setdefault(report, []).append(index)
    heights = [0.0] * len(sides)
    for report, indices in groups.items():
        for rank, index in enumerate(sorted(indices, key=lambda i: sides[i][1])):
            heights[index] = boxes[report][1] + _NODE_H * (rank + 1) / (len(indices) + 1)
    return heights


def _edge(edge: GraphEdge, x1: float, x2: float, port: tuple[float, float], hover: str) -> Markup:
    """Return one derivation as a curved arrow from the source to the derived report.

    The shared share is written just before the arrowhead, in the gap between
    columns where no box hides it; the kind shows in the line's style and tooltip.
    """
    (y1, y2), bend = port, max(40.0, abs(x2 - x1) / 2)
    ends = [(x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2, y2)]
    path = "M{} C{} {} {}".format(*(f"{_number(px)},{_number(py)}" for px, py in ends))
    shared = "" if edge.shared_fraction is None else percent(edge.shared_fraction)
    color, arrow = _KIND_LOOK[edge.kind]["stroke"], f"url(#nw-arrow-{edge.kind})"
    return _el(
        "g",
        f"nw-edge nw-edge-{edge.kind}",
        _el("title", None, hover + (f" ({shared} shared)" if shared else "")),
        _el("path", f"nw-edge-line nw-{edge.kind}-line", d=path, marker_end=arrow),
        _words("nw-edge-label", shared, x2 - 26, y2 - 5, fill=color) if shared else "",
        data_source=edge.source,
        data_target=edge.target,
    )


def _markers() -> Markup:
    """Return one arrowhead per kind; every chart has the same ids, so repeats are harmless."""
    heads = (
        _el(
            "marker",
            "nw-arrow",
            _el("path", None, d="M0,0 L10,5 L0,10 z", fill=look["stroke"]),
            id=f"nw-arrow-{kind}",
        )
        for kind, look in _KIND_LOOK.items()
    )
    return _el("defs", None, *heads)


# --- timeline ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Scale:
    """A linear map from seconds since 1970 (wall-clock time) to pixels."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        return self.start + (value - self.lo) / (self.hi - self.lo) * (self.end - self.start)


@dataclass(frozen=True, slots=True)
class _Dated:
    """A point with its event's span and its report's time read, in seconds since 1970."""

    point: TimelinePoint
    start: float
    end: float  # equal to start for a date known to the day
    published: float | None


_TIMELINE_LEGEND = (
    (_el("circle", "nw-exact", cx=6), "event dated to a day"),
    (_el("rect", "nw-partial", y=-4, width=28), "to a month or a year"),
    (_line("nw-same-day-line", 0, 0, 28, 0, stroke_width=6), "reported the same day"),
    (_line("nw-event-line", 0, 0, 28, 0), "story event"),
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
        return _message("no dated events", "nw-timeline")
    marks = [(mark, span) for mark in events if (span := _span(_moment(mark.date))) is not None]
    extent = [value for item in dated for value in (item.start, item.end)]
    x = _Scale(*_domain(extent + [value for _, span in marks for value in span]), _LEFT, _RIGHT)
    labels, label_rows = _mark_labels(marks, x)
    top = 16 + label_rows * _ROW
    times = [item.published for item in dated if item.published is not None]
    bottom = top + (_PLOT_H if times else 0.0)
    undated = [item for item in dated if item.published is None]
    band, band_height = _undated_band(undated, x, bottom + 40)
    end = bottom + 40 + band_height
    parts = [_event_guides(marks, x, top, end), labels, _x_axis(x, top, bottom)]
    if times:
        y = _Scale(*_domain(times), bottom, top)
        parts += [_y_axis(y), _same_day(x, y)]
        parts += [
            _point(item, x, y(item.published)) for item in dated if item.published is not None
        ]
    if missing := len(points) - len(dated):
        note = f"{count_noun(missing, 'report')} with an unreadable event date not shown"
        parts.append(_words("nw-caption", note, _WIDTH / 2, end + 44))
    label = f"Timeline: {count_noun(len(dated), 'dated event')} against the date of the report"
    legend = _legend(_LEFT, end + 22, _TIMELINE_LEGEND)
    return _svg(_WIDTH, end + 56, "nw-timeline", label, *parts, band, legend)


def _seconds(moment: Moment) -> float:
    """Return a moment's wall-clock time in seconds since 1970.

    A report's own day is the day in its own time zone, so the zone is dropped,
    not converted: 23:00 in New York on June 8 was reported on June 8.
    """
    return (moment.value.replace(tzinfo=None) - _EPOCH).total_seconds()


def _span(moment: Moment | None) -> tuple[float, float] | None:
    """Return the seconds a date covers: a whole month or year when that is all that is known."""
    if moment is None:
        return None
    start = moment.value.replace(tzinfo=None)
    end = start
    if moment.precision == "year" and start.year < 9999:
        end = start.replace(year=start.year + 1)
    elif moment.precision == "month":
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _seconds(moment), (end - _EPOCH).total_seconds()


def _read_point(point: TimelinePoint) -> _Dated | None:
    """Return a point with its dates read, or None when its event date is unreadable."""
    span = _span(_moment(point.event_date))
    if span is None:
        return None
    published = _moment(point.published)
    return _Dated(point, *span, None if published is None else _seconds(published))


def _domain(values: Sequence[float]) -> tuple[float, float]:
    """Return the range to draw: all values, at least three days wide, with a margin."""
    lo, hi = min(values), max(values)
    if hi - lo < 3 * _DAY:
        lo, hi = (lo + hi) / 2 - 1.5 * _DAY, (lo + hi) / 2 + 1.5 * _DAY
    margin = (hi - lo) * 0.04
    return lo - margin, hi + margin


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


def _mark_labels(marks: _Marks, x: _Scale) -> tuple[Markup, int]:
    """Return the story events' short labels above the chart, and how many rows they take."""
    placed: list[tuple[float, str, str]] = []
    for mark, (start, _) in marks:
        short = _clip(mark.text, 24, 1)[0]
        width = len(short) * 6.2
        left = x(start) + 3 if x(start) + 3 + width < _WIDTH else x(start) - 3 - width
        placed.append((left, short, mark.text))
    rows = _pack([(left - 4, left + len(short) * 6.2 + 4) for left, short, _ in placed], 3)
    labels = [
        _el(
            "text",
            "nw-event-label",
            _el("title", None, text),
            short,
            x=left,
            y=5 + _ROW + row * _ROW,
        )
        for (left, short, text), row in zip(placed, rows, strict=True)
    ]
    return _el("g", "nw-event-labels", *labels), max(rows, default=-1) + 1


def _event_guides(marks: _Marks, x: _Scale, top: float, bottom: float) -> Markup:
    """Return a guide per story event: a dashed line at its day, a shaded band over its month."""
    guides = []
    for mark, (start, end) in marks:
        if end > start:
            shape = _el(
                "rect",
                "nw-event-span",
                x=x(start),
                y=top,
                width=x(end) - x(start),
                height=bottom - top,
            )
        else:
            shape = _line("nw-event-line", x(start), top, x(start), bottom)
        hover = _el("title", None, f"{display_date(mark.date)}: {mark.text}")
        guides.append(_el("g", "nw-event", hover, shape))
    return _el("g", "nw-event-guides", *guides)


def _x_axis(x: _Scale, top: float, bottom: float) -> Markup:
    """Return the event-date axis under the plot, with a faint grid line at each tick."""
    parts = [_line("nw-axis-line", _LEFT, bottom, _RIGHT, bottom)]
    for at, label in _ticks(x.lo, x.hi, 8):
        parts.append(_line("nw-grid", x(at), top, x(at), bottom + 4))
        parts.append(_words("nw-tick", label, x(at), bottom + 17, text_anchor="middle"))
    title = _words("nw-axis-title", "event date →", _RIGHT, bottom + 33, text_anchor="end")
    return _el("g", "nw-axis nw-axis-event", *parts, title)


def _y_axis(y: _Scale) -> Markup:
    """Return the report-time axis at the left, later reports higher up."""
    parts = [_line("nw-axis-line", _LEFT, y.end, _LEFT, y.start)]
    for at, label in _ticks(y.lo, y.hi, 6):
        parts.append(_line("nw-grid", _LEFT - 4, y(at), _RIGHT, y(at)))
        parts.append(_words("nw-tick", label, _LEFT - 7, y(at) + 4, text_anchor="end"))
    middle = (y.start + y.end) / 2
    turn = f"rotate(-90 16 {_number(middle)})"
    title = _words("nw-axis-title", "report published →", 16, middle, transform=turn)
    return _el("g", "nw-axis nw-axis-report", *parts, title)


def _same_day(x: _Scale, y: _Scale) -> Markup:
    """Return the "reported the same day" band where both axes overlap, with hints either side.

    The band is one day high (published during the event's day), drawn as a thick
    line along its middle; a report above it came after the event, below it before.
    """
    lo, hi = max(x.lo, y.lo - _DAY / 2), min(x.hi, y.hi - _DAY / 2)
    if lo >= hi:
        return Markup("")
    lo, hi = lo - _DAY, hi + _DAY  # past the plot's edges, where the band is cut off
    x1, y1, x2, y2 = x(lo), y(lo + _DAY / 2), x(hi), y(hi + _DAY / 2)
    thickness = max(1.5, abs(y(_DAY) - y(0)) / math.hypot(1, (y1 - y2) / (x2 - x1)))
    # Cut off at the plot's edges. The clip's id names its box, so two charts on one
    # page can share an id only when they would share the clip too.
    width, height = _RIGHT - _LEFT, y.start - y.end
    clip = f"nw-plot-{_number(y.end)}-{_number(height)}".replace(".", "_")
    box = _el("rect", None, x=_LEFT, y=y.end, width=width, height=height)
    plot = _el("clipPath", None, box, id=clip)
    cut = f"url(#{clip})"
    band = _line("nw-same-day-line", x1, y1, x2, y2, stroke_width=thickness, clip_path=cut)
    return _el(
        "g",
        "nw-same-day",
        _el("title", None, "reported the same day: published on the day of the event it dates"),
        plot,
        band,
        _words("nw-hint", "reported after the event", _LEFT + 8, y.end + 16),
        _words("nw-hint", "reported before the event", _RIGHT - 8, y.start - 8, text_anchor="end"),
    )


def _point(item: _Dated, x: _Scale, y: float, css: str = "nw-dated") -> Markup:
    """Return one report's dating: a dot for a day, a bar for a month or a year."""
    point = item.point
    published = display_date(point.published) or "undated"
    hover = f"{point.label}\nevent: {display_date(point.event_date)}\npublished: {published}"
    if item.end > item.start:
        width = max(6.0, x(item.end) - x(item.start))
        shape = _el("rect", "nw-point nw-partial", x=x(item.start), y=y - 4, width=width)
    else:
        shape = _el("circle", "nw-point nw-exact", cx=x(item.start), cy=y)
    title = _el("title", None, f"{hover}\n{point.text}")
    return _el("g", f"nw-report {css}", _linked(point.href, title, shape))


def _undated_band(items: Sequence[_Dated], x: _Scale, top: float) -> tuple[Markup, float]:
    """Return the band of reports with no date of their own, and its height."""
    if not items:
        return Markup(""), 0.0
    rows = _pack([(x(item.start) - 7, x(item.end) + 7) for item in items], 4)
    height = (max(rows) + 1) * _ROW + 14
    frame = _el("rect", "nw-band", x=_LEFT, y=top, width=_RIGHT - _LEFT, height=height)
    name = _words("nw-band-label", "undated reports", _LEFT - 7, top + height / 2 + 4)
    drawn = [
        _point(item, x, top + 14 + row * _ROW, "nw-undated")
        for item, row in zip(items, rows, strict=True)
    ]
    return _el("g", "nw-undated-band", frame, name, *drawn), height


def _ticks(lo: float, hi: float, most: int) -> list[tuple[float, str]]:
    """Return ticks at whole days, months or years: the finest step giving at most `most`."""
    # Written by hand: date ticks come with plotting libraries, and none is a dependency.
    start, end = _EPOCH + timedelta(seconds=lo), _EPOCH + timedelta(seconds=hi)
    steps = [("day", n) for n in (1, 2, 7, 14)] + [("month", n) for n in (1, 2, 3, 6)]
    for unit, step in steps + [("year", 10**power * n) for power in range(4) for n in (1, 2, 5)]:
        moments = list(_tick_moments(start, end, unit, step))
        if len(moments) <= most:
            return [((at - _EPOCH).total_seconds(), text) for at, text in _labelled(moments, unit)]
    return []


def _tick_moments(start: datetime, end: datetime, unit: str, step: int) -> Iterator[datetime]:
    """Yield the whole days, months or years in [start, end], `step` apart."""
    if unit == "day":
        current = datetime(start.year, start.month, start.day)
        while current <= end:
            if current >= start:
                yield current
            current += timedelta(days=step)
        return
    months = step * 12 if unit == "year" else step
    index = max(12, (start.year * 12 + start.month - 1) // months * months)  # quarters, decades
    while index < 12 * 10_000 and (current := datetime(index // 12, index % 12 + 1, 1)) <= end:
        if current >= start:
            yield current
        index += months


def _labelled(moments: Sequence[datetime], unit: str) -> Iterator[tuple[datetime, str]]:
    """Yield each tick with its label; the year is written on the first tick and when it changes."""
    year = None
    for moment in moments:
        label = _MONTHS[moment.month - 1]
        if unit == "day":
            label = f"{moment.day} {label}"
        if unit == "year" or moment.year != year:
            label = str(moment.year) if unit == "year" else f"{label} {moment.year}"
        year = moment.year
        yield moment, label
