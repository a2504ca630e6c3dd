"""The provenance graph: who copied whom, reports as boxes and derivations as arrows.

Reports run left to right in publication order, and every derived report sits
right of its sources, so a reader sees the first report at the left and the
copies, rewrites and quotations fanning out from it.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from graphlib import CycleError, TopologicalSorter

from markupsafe import Markup

from newsweave.display import count_noun, display_date, percent
from newsweave.errors import ParameterError
from newsweave.types import DerivationKind
from newsweave.web.charts.svg import (
    KIND_LOOK,
    NODE_H,
    NODE_W,
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
from newsweave.web.charts.ticks import EPOCH, read_moment

_COL_GAP, _ROW_GAP, _MARGIN = 64.0, 22.0, 24.0
_VERBS = {
    "copy": "copies",
    "rewrite": "rewrites",
    "partial": "reuses part of",
    "quotation": "quotes",
}

_Box = tuple[float, float]  # a report box's top left corner


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
        return message("no reports", "nw-provenance")
    ordered = _publication_order(nodes)
    sources = _acyclic_sources([node.id for node in ordered], edges)
    boxes, width, height = _place(_columns(_topological(ordered, sources), sources))
    names = {node.id: node.label or node.id for node in nodes}
    derived = {edge.target for edge in edges if edge.source != edge.target}
    drawn = [_markers()]
    for edge, port in zip(edges, _ports(edges, boxes), strict=True):
        hover = f"{names[edge.target]} {_VERBS[edge.kind]} {names[edge.source]}"
        x1, x2 = boxes[edge.source][0] + NODE_W, boxes[edge.target][0] - 2
        drawn.append(_edge(edge, x1, x2, port, hover))
    drawn += [_node(node, boxes[node.id], node.id in derived) for node in nodes]
    if not edges:
        drawn.append(words("nw-caption", "no report copies another", width / 2, height + 18))
        height += 26
    label = f"Provenance of {count_noun(len(nodes), 'report')}"
    label += f": {count_noun(len(edges), 'derivation')}"
    return chart(width, height + 40, "nw-provenance", label, *drawn, _graph_legend(height + 22))


def _graph_legend(y: float) -> Markup:
    """Return the legend of the provenance graph: the line of each kind, the kinds of box."""
    lines = [(line(f"nw-edge-line nw-{kind}-line", 0, 0, 28, 0), kind) for kind in KIND_LOOK]
    samples = [
        (element("rect", f"nw-node-box nw-{kind}-box", y=-7, width=22, height=14), f"{kind} report")
        for kind in ("independent", "derived", "first")
    ]
    return legend(_MARGIN, y, lines + samples)


def _check_graph(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> None:
    """Raise ParameterError for a repeated report id, or an edge that cannot be drawn."""
    known = {node.id for node in nodes}
    if len(known) < len(nodes):
        repeated = sorted(i for i, n in Counter(node.id for node in nodes).items() if n > 1)
        raise ParameterError.invalid("nodes", "reports with distinct ids", repeated)
    for edge in edges:
        if edge.kind not in KIND_LOOK:
            raise ParameterError.invalid("kind", f"one of {sorted(KIND_LOOK)}", edge.kind)
        for end in (edge.source, edge.target):
            if end not in known:
                raise ParameterError.invalid("edges", "between the ids of the given nodes", end)


def _publication_order(nodes: Sequence[GraphNode]) -> list[GraphNode]:
    """Return the nodes by publication time; undated ones after, in the order given."""

    def key(index: int) -> tuple[bool, datetime, int]:
        moment = read_moment(nodes[index].published)
        return (moment is None, moment.value if moment else EPOCH.replace(tzinfo=UTC), index)

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
    used = count * NODE_W + (count - 1) * _COL_GAP
    width = max(WIDTH, used + 2 * _MARGIN)
    area = rows * (NODE_H + _ROW_GAP) - _ROW_GAP
    boxes: dict[str, _Box] = {}
    for key, reports in columns.items():
        x = (width - used) / 2 + key * (NODE_W + _COL_GAP)
        top = _MARGIN + 14 + (area - len(reports) * (NODE_H + _ROW_GAP) + _ROW_GAP) / 2
        for row, report in enumerate(reports):
            boxes[report] = (x, top + row * (NODE_H + _ROW_GAP))
    return boxes, width, _MARGIN + 14 + area


def _node(node: GraphNode, box: _Box, derived: bool) -> Markup:
    """Return one report's box: its wrapped title, its date, and the full text as a tooltip."""
    x, y = box
    kind = "derived" if derived else "independent"
    date = display_date(node.published) or "undated"
    hover = f"{node.label}\n{date}\n{kind} report" + (", the first" if node.first else "")
    first = " nw-first-box" if node.first else ""
    parts = [
        element("title", None, hover),
        element("rect", f"nw-node-box nw-{kind}-box{first}", x=x, y=y),
    ]
    for index, row in enumerate(clip(node.label or node.id, 21, 2)):
        parts.append(words("nw-node-label", row, x + 9, y + 18 + index * 14))
    parts.append(words("nw-node-date", date, x + 9, y + NODE_H - 8))
    if node.first:
        parts.append(words("nw-first-tag", "first report", x, y - 5))
    css = f"nw-node nw-{kind}" + (" nw-first" if node.first else "")
    return element("g", css, linked(node.href, *parts), data_id=node.id)


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
            heights[index] = boxes[report][1] + NODE_H * (rank + 1) / (len(indices) + 1)
    return heights


def _edge(edge: GraphEdge, x1: float, x2: float, port: tuple[float, float], hover: str) -> Markup:
    """Return one derivation as a curved arrow from the source to the derived report.

    The shared share is written just before the arrowhead, in the gap between
    columns where no box hides it; the kind shows in the line's style and tooltip.
    """
    (y1, y2), bend = port, max(40.0, abs(x2 - x1) / 2)
    ends = [(x1, y1), (x1 + bend, y1), (x2 - bend, y2), (x2, y2)]
    path = "M{} C{} {} {}".format(*(f"{number(px)},{number(py)}" for px, py in ends))
    shared = "" if edge.shared_fraction is None else percent(edge.shared_fraction)
    color, arrow = KIND_LOOK[edge.kind]["stroke"], f"url(#nw-arrow-{edge.kind})"
    return element(
        "g",
        f"nw-edge nw-edge-{edge.kind}",
        element("title", None, hover + (f" ({shared} shared)" if shared else "")),
        element("path", f"nw-edge-line nw-{edge.kind}-line", d=path, marker_end=arrow),
        words("nw-edge-label", shared, x2 - 26, y2 - 5, fill=color) if shared else "",
        data_source=edge.source,
        data_target=edge.target,
    )


def _markers() -> Markup:
    """Return one arrowhead per kind; every chart has the same ids, so repeats are harmless."""
    heads = (
        element(
            "marker",
            "nw-arrow",
            element("path", None, d="M0,0 L10,5 L0,10 z", fill=look["stroke"]),
            id=f"nw-arrow-{kind}",
        )
        for kind, look in KIND_LOOK.items()
    )
    return element("defs", None, *heads)
