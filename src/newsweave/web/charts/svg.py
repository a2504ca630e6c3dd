"""SVG text for the charts: elements in their default look, escaped text, safe links.

Report text (outlet names, titles, event text) may hold markup, so every piece of
it goes through `markupsafe` escaping, and links are made only from web or
relative addresses. Shapes carry `nw-…` classes for the page's stylesheet and the
default look of each class as presentation attributes (`LOOK`), which any CSS rule
overrides, so that an SVG also reads well on its own.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from urllib.parse import urlsplit

from markupsafe import Markup

#: The width every chart is drawn at; pages scale it through `viewBox`.
WIDTH = 900.0
#: The size of a report's box in the provenance graph.
NODE_W, NODE_H = 168.0, 54.0

_MUTED, _GRID, _POINT, _EVENT, _FIRST = "#4a5568", "#e2e8f0", "#2b6cb0", "#a0aec0", "#b7791f"

#: The line of each derivation kind: solid copies, dashed rewrites, dotted partial
#: reuse and quotation (told apart by colour).
KIND_LOOK: dict[str, dict[str, object]] = {
    "copy": {"stroke": "#c53030"},
    "rewrite": {"stroke": "#6b46c1", "stroke-dasharray": "7 4"},
    "partial": {"stroke": "#2b6cb0", "stroke-dasharray": "2 4"},
    "quotation": {"stroke": "#2f855a", "stroke-dasharray": "2 4"},
}

#: The default look of each class: a stylesheet kept as data, written as attributes.
LOOK: dict[str, dict[str, object]] = {
    "nw-chart": {"font-family": "system-ui, sans-serif", "font-size": 12},
    "nw-caption": {"fill": _MUTED, "text-anchor": "middle"},
    "nw-legend-label": {"font-size": 11},
    "nw-node-box": {"width": NODE_W, "height": NODE_H, "rx": 6, "fill": "#fff"}
    | {"stroke-width": 1.5},
    "nw-independent-box": {"fill": "#ebf8ff", "stroke": "#2c5282"},
    "nw-derived-box": {"fill": "#f7fafc", "stroke": "#a0aec0"},
    "nw-first-box": {"stroke": _FIRST, "stroke-width": 3},
    "nw-node-label": {"font-weight": 600},
    "nw-node-date": {"font-size": 10, "fill": _MUTED},
    "nw-first-tag": {"font-size": 10, "font-weight": 700, "fill": _FIRST},
    "nw-edge-line": {"fill": "none", "stroke-width": 1.8},
    **{f"nw-{kind}-line": look for kind, look in KIND_LOOK.items()},
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


def element(name: str, css: str | None, *children: str, **attrs: object) -> Markup:
    """Return one SVG element in the default look of its classes; `str` is escaped, Markup kept.

    Attribute names are written with `_` for `-` (`stroke_width`); None keeps the default.
    """
    look: dict[str, object] = {"class": css}
    for known in (css or "").split():
        look.update(LOOK.get(known, {}))
    look.update({key.replace("_", "-"): value for key, value in attrs.items() if value is not None})
    written = Markup("").join(
        Markup(' {}="{}"').format(key, number(value) if isinstance(value, float) else value)
        for key, value in look.items()
        if value is not None
    )
    if not children:
        return Markup("<{}{}/>").format(Markup(name), written)
    return Markup("<{0}{1}>{2}</{0}>").format(Markup(name), written, Markup("").join(children))


def line(css: str, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> Markup:
    """Return a `<line>` from (x1, y1) to (x2, y2)."""
    return element("line", css, x1=x1, y1=y1, x2=x2, y2=y2, **attrs)


def words(css: str, text: str, x: float, y: float, **attrs: object) -> Markup:
    """Return a `<text>` element holding `text`, escaped."""
    return element("text", css, text, x=x, y=y, **attrs)


def number(value: float) -> str:
    """Return a coordinate with one decimal at most, short enough to keep the SVG small."""
    return f"{value:.1f}".removesuffix(".0")


def chart(width: float, height: float, css: str, label: str, *children: str) -> Markup:
    """Return the root `<svg>`: it scales through `viewBox` and is announced to screen readers.

    Its size is the drawing's own; a page makes it fit with the CSS rule
    `.nw-chart { max-width: 100%; height: auto }`. No `style` attribute is written,
    as a Content-Security-Policy without 'unsafe-inline' would block it.
    """
    box = f"0 0 {number(width)} {number(height)}"
    return element(
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


def message(text: str, css: str) -> Markup:
    """Return a small SVG that only says `text`, for a chart with nothing to draw."""
    return chart(WIDTH, 48.0, css, text, words("nw-caption", text, WIDTH / 2, 28))


def legend(x: float, y: float, entries: Iterable[tuple[Markup, str]]) -> Markup:
    """Return a legend row: each sample (drawn about the origin, 28 units wide) and its name."""
    items = []
    for sample, name in entries:
        items.append(element("g", None, sample, transform=f"translate({number(x)} {number(y)})"))
        items.append(words("nw-legend-label", name, x + 34, y + 4))
        x += 56 + len(name) * 6.2
    return element("g", "nw-legend", *items)


def linked(href: str | None, *body: str) -> Markup:
    """Return `body` inside a link when `href` is a web or relative address, else as it is."""
    target = _safe_href(href)
    return Markup("").join(body) if target is None else element("a", None, *body, href=target)


def _safe_href(href: str | None) -> str | None:
    """Return `href` when it may become a link: never a `javascript:` or `data:` address.

    Unlike `newsweave.display.safe_href`, relative addresses are kept: the charts are
    served by the web UI, whose own pages (`/articles/ID`) they link to.
    """
    if href is None:
        return None
    candidate = "".join(href.split())  # browsers drop blanks inside a scheme ("java\tscript:")
    if not candidate or any(ord(char) < 32 for char in candidate):
        return None
    return candidate if urlsplit(candidate).scheme.lower() in ("", "http", "https") else None


def clip(text: str, chars: int, lines: int) -> list[str]:
    """Return `text` wrapped to `lines` lines of `chars` characters, cut with "…" when longer."""
    # textwrap's own max_lines drops a long first word entirely; cut it instead.
    rows = textwrap.wrap(text, chars) or [""]
    if len(rows) > lines:
        rows = rows[:lines]
        rows[-1] = rows[-1][: chars - 1].rstrip() + "…"
    return rows
