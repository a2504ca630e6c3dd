"""SVG charts for the story page: who copied whom, and when each event was reported.

Both charts are written as SVG text on the server, with no JavaScript and no
plotting library, so a story page works offline and a saved page keeps them.
`svg` writes the elements (escaped, in a default look any stylesheet overrides),
`ticks` puts dates on an axis, and `provenance` and `timeline` draw one chart each.
"""

from newsweave.web.charts.provenance import GraphEdge, GraphNode, provenance_graph
from newsweave.web.charts.timeline import TimelineMark, TimelinePoint, timeline_chart

__all__ = [
    "GraphEdge",
    "GraphNode",
    "TimelineMark",
    "TimelinePoint",
    "provenance_graph",
    "timeline_chart",
]
