"""The story page's SVG charts: the provenance graph and the event-time timeline."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from newsweave.errors import ParameterError
from newsweave.web.charts import (
    GraphEdge,
    GraphNode,
    TimelineMark,
    TimelinePoint,
    provenance_graph,
    timeline_chart,
)

NS = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"
QUOTE_BREAK = '" onload="x'


def parse(svg: str) -> ET.Element:
    """The chart as an XML tree: it must be well-formed SVG."""
    root = ET.fromstring(str(svg))
    assert root.tag == f"{NS}svg"
    return root


def classed(root: ET.Element, name: str) -> list[ET.Element]:
    """Every element with `name` among its classes."""
    return [el for el in root.iter() if name in el.get("class", "").split()]


def texts(root: ET.Element, name: str) -> list[str]:
    """The text of every element with class `name`."""
    return ["".join(el.itertext()) for el in classed(root, name)]


def title(element: ET.Element) -> str:
    """The tooltip of a node or point: its first `<title>` below it."""
    found = element.find(f".//{NS}title")
    assert found is not None, ET.tostring(element, encoding="unicode")
    return found.text or ""


def node_x(root: ET.Element) -> dict[str, float]:
    """Each report's box position, read back from the SVG."""
    boxes = {}
    for node in classed(root, "nw-node"):
        rect = node.find(f".//{NS}rect")
        assert rect is not None
        boxes[node.get("data-id", "")] = float(rect.get("x", "nan"))
    return boxes


def assert_escaped(svg: str, root: ET.Element) -> None:
    """Report text never becomes markup: no script element, no injected attribute."""
    assert "<script" not in svg
    tags = {el.tag.removeprefix(NS) for el in root.iter()}
    assert "script" not in tags, tags
    attributes = {name for el in root.iter() for name in el.attrib}
    assert "onload" not in attributes, attributes


# --- provenance graph ------------------------------------------------------------------


STORY = [
    GraphNode(
        "gov",
        "Readout of the call between the two presidents",
        "2021-05-07T12:38:03-04:00",
        "https://example.gov/readout",
        first=True,
    ),
    GraphNode(
        "site",
        "Presidents agree to cooperate on migration",
        "2021-05-07T18:10:00-04:00",
        "/articles/site",
    ),
    GraphNode("paper", "Both leaders talk about the border by phone", "2021-05-08"),
    GraphNode("wire", "Leaders to meet in June, statement says", None),
]
DERIVATIONS = [
    GraphEdge("gov", "site", "rewrite", 0.72),
    GraphEdge("gov", "wire", "quotation", 0.08),
    GraphEdge("site", "paper", "partial", None),
]


def test_graph_has_a_node_per_report_and_an_edge_per_derivation_with_its_kind() -> None:
    root = parse(provenance_graph(STORY, DERIVATIONS))

    assert sorted(node_x(root)) == ["gov", "paper", "site", "wire"]
    edges = sorted(
        (edge.get("data-source"), edge.get("data-target"), edge.get("class"))
        for edge in classed(root, "nw-edge")
    )
    assert edges == [
        ("gov", "site", "nw-edge nw-edge-rewrite"),
        ("gov", "wire", "nw-edge nw-edge-quotation"),
        ("site", "paper", "nw-edge nw-edge-partial"),
    ]


def test_edges_are_arrows_styled_by_kind_with_the_shared_share() -> None:
    edges = [
        GraphEdge("gov", "site", "copy", 0.93),
        GraphEdge("gov", "paper", "rewrite", 0.5),
        GraphEdge("site", "wire", "partial", None),
    ]
    root = parse(provenance_graph(STORY, edges))

    lines = {edge.get("data-target"): edge.find(f"{NS}path") for edge in classed(root, "nw-edge")}
    dashes = {
        target: path.get("stroke-dasharray") for target, path in lines.items() if path is not None
    }
    assert dashes == {"site": None, "paper": "7 4", "wire": "2 4"}
    arrows = {path.get("marker-end") for path in lines.values() if path is not None}
    assert arrows == {"url(#nw-arrow-copy)", "url(#nw-arrow-rewrite)", "url(#nw-arrow-partial)"}
    assert {marker.get("id") for marker in root.iter(f"{NS}marker")} >= arrows_ids(arrows)
    assert sorted(texts(root, "nw-edge-label")) == ["50%", "93%"]
    hovers = [title(edge) for edge in classed(root, "nw-edge")]
    assert (
        "Presidents agree to cooperate on migration copies Readout of the call between the two presidents (93% shared)"
        in hovers
    )


def arrows_ids(references: set[str | None]) -> set[str]:
    """The marker ids that `url(#id)` references point to."""
    return {ref.removeprefix("url(#").removesuffix(")") for ref in references if ref}


def test_derived_reports_sit_right_of_their_sources() -> None:
    # "late" is dated before its source and "undated" has no date: both must still
    # sit right of the report they derive from.
    nodes = [
        *STORY,
        GraphNode("late", "A misdated copy", "2021-05-01"),
        GraphNode("undated", "An undated source", None),
        GraphNode("echo", "Echo of the undated source", "2021-05-09"),
    ]
    edges = [
        *DERIVATIONS,
        GraphEdge("paper", "late", "copy", 0.97),
        GraphEdge("undated", "echo", "rewrite", 0.6),
    ]
    x = node_x(parse(provenance_graph(nodes, edges)))

    for edge in edges:
        assert x[edge.target] > x[edge.source], (edge, x)


def test_reports_run_left_to_right_in_publication_order() -> None:
    nodes = [
        GraphNode(f"r{day:02d}", f"Report of day {day}", f"2021-06-{day:02d}")
        for day in (9, 3, 27, 14, 1, 20, 11, 5, 30)
    ]
    x = node_x(parse(provenance_graph(nodes, [])))

    by_date = [x[f"r{day:02d}"] for day in sorted((9, 3, 27, 14, 1, 20, 11, 5, 30))]
    assert by_date == sorted(by_date)
    assert len(set(by_date)) > 1, "nine independent reports should not make one tall column"


def test_a_cycle_is_broken_and_every_report_still_drawn() -> None:
    nodes = [GraphNode("a", "First", "2021-06-01"), GraphNode("b", "Second", "2021-06-02")]
    edges = [GraphEdge("a", "b", "copy", 0.9), GraphEdge("b", "a", "copy", 0.9)]
    root = parse(provenance_graph(nodes, edges))

    x = node_x(root)
    assert x["b"] > x["a"], x
    assert len(classed(root, "nw-edge")) == 2


def test_independent_derived_and_first_reports_are_told_apart() -> None:
    root = parse(provenance_graph(STORY, DERIVATIONS))

    kinds = {node.get("data-id"): node.get("class") for node in classed(root, "nw-node")}
    assert kinds == {
        "gov": "nw-node nw-independent nw-first",
        "site": "nw-node nw-derived",
        "paper": "nw-node nw-derived",
        "wire": "nw-node nw-derived",
    }
    assert texts(root, "nw-first-tag") == ["first report"]
    fills = {box.get("fill") for box in classed(root, "nw-independent-box")} | {
        box.get("fill") for box in classed(root, "nw-derived-box")
    }
    assert len(fills) == 2, fills


def test_long_titles_are_cut_with_the_full_text_in_the_tooltip() -> None:
    label = (
        "Presidents of both countries agree on a joint plan for migration and the border economy"
    )
    root = parse(provenance_graph([GraphNode("x", label, "2021-06-08")], []))

    lines = texts(root, "nw-node-label")
    assert len(lines) == 2 and lines[-1].endswith("…"), lines
    assert title(classed(root, "nw-node")[0]).startswith(label + "\n8 Jun 2021")


def test_a_graph_without_derivations_draws_its_reports_and_says_so() -> None:
    root = parse(provenance_graph(STORY, []))

    assert len(classed(root, "nw-node")) == 4
    assert classed(root, "nw-edge") == []
    assert texts(root, "nw-caption") == ["no report copies another"]
    assert {node.get("class") for node in classed(root, "nw-node")} <= {
        "nw-node nw-independent",
        "nw-node nw-independent nw-first",
    }


def test_the_graph_is_a_scalable_labelled_image_with_a_legend() -> None:
    root = parse(provenance_graph(STORY, DERIVATIONS))

    assert root.get("role") == "img"
    assert root.get("aria-label") == "Provenance of 4 reports: 3 derivations"
    assert root.get("viewBox", "").startswith("0 0 900 ")
    legend = texts(root, "nw-legend-label")
    assert legend == [
        "copy",
        "rewrite",
        "partial",
        "quotation",
        "independent report",
        "derived report",
        "first report",
    ]


def test_report_text_in_the_graph_is_escaped() -> None:
    nodes = [
        GraphNode(QUOTE_BREAK, HOSTILE, "2021-06-08", "javascript:alert(1)"),
        GraphNode("b", "Smith & Sons <b>Daily</b>", "2021-06-09", " java\tscript:alert(1)"),
    ]
    svg = str(provenance_graph(nodes, [GraphEdge(QUOTE_BREAK, "b", "copy", 1.0)]))
    root = parse(svg)

    assert_escaped(svg, root)
    assert sorted(node_x(root)) == sorted([QUOTE_BREAK, "b"])
    assert classed(root, "nw-edge")[0].get("data-source") == QUOTE_BREAK
    assert title(classed(root, "nw-node")[0]).startswith(HOSTILE)
    assert list(root.iter(f"{NS}a")) == [], "javascript: addresses never become links"


def test_web_and_relative_addresses_become_links() -> None:
    root = parse(provenance_graph(STORY, DERIVATIONS))

    links = {
        node.get("data-id"): [a.get("href") for a in node.iter(f"{NS}a")]
        for node in classed(root, "nw-node")
    }
    assert links == {
        "gov": ["https://example.gov/readout"],
        "site": ["/articles/site"],
        "paper": [],
        "wire": [],
    }


def test_edges_must_join_given_reports_with_a_known_kind() -> None:
    with pytest.raises(ParameterError, match=r"'edges' parameter .* Got 'ghost'"):
        provenance_graph(STORY, [GraphEdge("gov", "ghost", "copy", 1.0)])
    with pytest.raises(ParameterError, match=r"'kind' parameter .* Got 'borrow'"):
        provenance_graph(STORY, [GraphEdge("gov", "site", "borrow", 1.0)])  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"distinct ids\. Got \['gov'\]"):
        provenance_graph([*STORY, STORY[0]], [])


# --- timeline -------------------------------------------------------------------------


def point(
    event: str, published: str | None, label: str = "Outlet", text: str = "a dated event"
) -> TimelinePoint:
    """A dating by one report, with default outlet and text."""
    return TimelinePoint(event, published, label, text, None)


def dots(root: ET.Element) -> list[ET.Element]:
    """The points dated to a day, in the order given (the legend's sample left out)."""
    return [el for el in classed(root, "nw-exact") if "nw-point" in el.get("class", "")]


def bars(root: ET.Element) -> list[ET.Element]:
    """The points dated to a month or a year, in the order given."""
    return [el for el in classed(root, "nw-partial") if "nw-point" in el.get("class", "")]


def cx(element: ET.Element) -> float:
    return float(element.get("cx", "nan"))


def cy(element: ET.Element) -> float:
    return float(element.get("cy", "nan"))


def test_each_dating_is_a_dot_at_event_time_and_report_time() -> None:
    root = parse(
        timeline_chart(
            [
                point("2021-06-08", "2021-05-07"),
                point("2021-06-08", "2021-06-09"),
                point("2021-05-06", "2021-05-07"),
            ],
            events=[],
        )
    )

    announced, followed, recalled = dots(root)
    assert cx(announced) == cx(followed) > cx(recalled)
    assert cy(followed) < cy(announced), "a later report is drawn higher"
    assert len(classed(root, "nw-dated")) == 3


def test_month_and_year_dates_are_bars_over_their_span() -> None:
    root = parse(
        timeline_chart(
            [
                point("2021-06-01", "2021-06-10"),
                point("2021-07-01", "2021-06-10"),
                point("2021-06", "2021-06-10"),
                point("2021", "2021-06-10"),
            ],
            events=[],
        )
    )

    june_first, july_first = sorted(cx(dot) for dot in dots(root))
    spans = sorted(
        (float(bar.get("x", "nan")), float(bar.get("width", "nan"))) for bar in bars(root)
    )
    year, month = spans
    assert month[0] == pytest.approx(june_first, abs=0.2)
    assert month[0] + month[1] == pytest.approx(july_first, abs=0.2)
    assert year[1] > 11 * month[1], spans


def test_reports_without_a_date_land_in_their_own_band() -> None:
    root = parse(
        timeline_chart(
            [point("2021-06-08", "2021-06-01"), point("2021-06-08", None), point("2021-05", None)],
            events=[],
        )
    )

    band = classed(root, "nw-band")[0]
    top = float(band.get("y", "nan"))
    bottom = top + float(band.get("height", "nan"))
    undated = classed(root, "nw-undated")
    assert len(undated) == 2
    assert len(classed(undated[0], "nw-exact")) == 1 and len(classed(undated[1], "nw-partial")) == 1
    assert top < cy(classed(undated[0], "nw-exact")[0]) < bottom
    assert cy(classed(classed(root, "nw-dated")[0], "nw-exact")[0]) < top
    assert texts(root, "nw-band-label") == ["undated reports"]


def test_the_same_day_band_tells_reports_in_advance_from_reports_after() -> None:
    # Event on June 8: one report announced it on June 1, one reported it the next
    # day, and one at 23:00 on June 8 in its own time zone (June 9 in UTC).
    root = parse(
        timeline_chart(
            [
                point("2021-06-08", "2021-06-01T09:00:00-04:00"),
                point("2021-06-08", "2021-06-12T09:00:00-04:00"),
                point("2021-06-08", "2021-06-08T23:00:00-04:00"),
                point("2021-06-14", "2021-06-04"),
            ],
            events=[],
        )
    )

    line = classed(root, "nw-same-day-line")[0]
    x1, y1, x2, y2 = (float(line.get(name, "nan")) for name in ("x1", "y1", "x2", "y2"))
    slope = (y2 - y1) / (x2 - x1)
    half_height = float(line.get("stroke-width", "nan")) / 2 * math.hypot(1, slope)

    def offset(dot: ET.Element) -> float:
        """How far below the band's middle a dot is drawn (negative: above)."""
        return cy(dot) - (y1 + slope * (cx(dot) - x1))

    in_advance, after, same_day, also_in_advance = dots(root)
    assert offset(in_advance) > half_height
    assert offset(also_in_advance) > half_height
    assert offset(after) < -half_height
    assert abs(offset(same_day)) < half_height
    assert texts(root, "nw-hint") == ["reported after the event", "reported before the event"]


def test_axis_ticks_read_as_days_months_or_years_by_range() -> None:
    week = parse(
        timeline_chart(
            [point("2021-06-08", "2021-06-08"), point("2021-06-11", "2021-06-09")], events=[]
        )
    )
    months = parse(
        timeline_chart(
            [point("2021-01-15", "2021-06-08"), point("2021-06-20", "2021-06-09")], events=[]
        )
    )
    decade = parse(
        timeline_chart([point("2014", "2021-06-08"), point("2021-06-20", "2021-06-09")], events=[])
    )

    assert ticks(week, "event") == ["8 Jun 2021", "9 Jun", "10 Jun", "11 Jun"]
    assert ticks(months, "event") == ["Feb 2021", "Mar", "Apr", "May", "Jun"]
    assert ticks(decade, "event") == [str(year) for year in range(2014, 2022)]
    assert ticks(week, "report") == ["7 Jun 2021", "8 Jun", "9 Jun", "10 Jun"]


def ticks(root: ET.Element, axis: str) -> list[str]:
    """The tick labels of the "event" (x) or "report" (y) axis."""
    (found,) = classed(root, f"nw-axis-{axis}")
    return texts(found, "nw-tick")


def test_story_events_are_guides_with_short_labels_and_full_tooltips() -> None:
    long_text = "The two presidents meet in the capital to sign the agreement on the border"
    root = parse(
        timeline_chart(
            [point("2021-06-08", "2021-06-01")],
            events=[TimelineMark("2021-06-08", long_text), TimelineMark("2021-07", "Talks resume")],
        )
    )

    guides = classed(root, "nw-event")
    assert [title(guide) for guide in guides] == [
        f"8 Jun 2021: {long_text}",
        "Jul 2021: Talks resume",
    ]
    assert [guide[1].tag.removeprefix(NS) for guide in guides] == ["line", "rect"]
    labels = texts(root, "nw-event-label")
    assert labels[0].endswith("The two presidents meet…") and labels[1].endswith("Talks resume"), (
        labels
    )


def test_each_point_has_a_tooltip_and_a_link_when_given() -> None:
    dated = TimelinePoint(
        "2021-06-08",
        "2021-05-07T12:38:00-04:00",
        "The Daily",
        "visit planned",
        "https://example.org/daily",
    )
    root = parse(timeline_chart([dated], events=[]))

    report = classed(root, "nw-report")[0]
    assert (
        title(report)
        == "The Daily\nevent: 8 Jun 2021\npublished: 7 May 2021, 12:38 UTC-04:00\nvisit planned"
    )
    assert [a.get("href") for a in report.iter(f"{NS}a")] == ["https://example.org/daily"]


def test_report_text_in_the_timeline_is_escaped() -> None:
    hostile = TimelinePoint(
        "2021-06-08", "2021-06-01", QUOTE_BREAK, HOSTILE + " & more", "javascript:alert(1)"
    )
    svg = str(timeline_chart([hostile], events=[TimelineMark("2021-06-08", HOSTILE)]))
    root = parse(svg)

    assert_escaped(svg, root)
    assert title(classed(root, "nw-report")[0]).startswith(QUOTE_BREAK + "\n")
    assert title(classed(root, "nw-report")[0]).endswith(HOSTILE + " & more")
    assert title(classed(root, "nw-event")[0]) == f"8 Jun 2021: {HOSTILE}"
    assert list(root.iter(f"{NS}a")) == []


def test_a_timeline_with_nothing_dated_says_so() -> None:
    for points in ([], [point("someday", "2021-06-01")]):
        root = parse(timeline_chart(points, events=[TimelineMark("2021-06-08", "A visit")]))
        assert texts(root, "nw-caption") == ["no dated events"]
        assert root.get("aria-label") == "no dated events"


def test_unreadable_event_dates_are_counted_not_drawn() -> None:
    root = parse(
        timeline_chart(
            [point("2021-06-08", "2021-06-01"), point("next week", "2021-06-01")], events=[]
        )
    )

    assert len(classed(root, "nw-report")) == 1
    assert texts(root, "nw-caption") == ["1 report with an unreadable event date not shown"]
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Timeline: 1 dated event against the date of the report"


def test_dates_at_the_ends_of_the_calendar_are_drawn() -> None:
    # Years 1 and 9999 are as far as Python's dates go; the drawn range runs past them.
    spread = parse(
        timeline_chart(
            [
                point("0001-01-01", "0001-01-02"),
                point("9999-12", "9999-12-31T23:59:59"),
                point("9999", None),
            ],
            events=[TimelineMark("9999-12-31", "The last day on the calendar")],
        )
    )
    december = parse(
        timeline_chart(
            [
                point("9999-11-01", "9999-11-01"),
                point("9999-12-01", "9999-12-01"),
                point("9999-12", "9999-12-02"),
            ],
            events=[],
        )
    )
    last_days = parse(
        timeline_chart(
            [point("9999-12-30", "9999-12-31T22:00:00+14:00"), point("9999-12-31", "9999-12-29")],
            events=[],
        )
    )

    assert (len(dots(spread)), len(bars(spread))) == (1, 2)
    years = [int(label) for label in ticks(spread, "event")]
    assert years == sorted(years) and years[0] == 1 and years[-1] <= 9999, years
    first, last = (cx(dot) for dot in dots(december))
    (bar,) = bars(december)
    assert float(bar.get("x", "nan")) == pytest.approx(last, abs=0.2)
    assert float(bar.get("width", "nan")) == pytest.approx((last - first) / 30 * 31, abs=0.2)
    assert ticks(last_days, "event") == ["29 Dec 9999", "30 Dec", "31 Dec"]
    assert ticks(last_days, "report") == ["29 Dec 9999", "30 Dec", "31 Dec"]
