"""Metadata that reports carry as lines of their own text.

Plain-text reports often open with a byline ("Pamela Cruz. Peninsula 360 Press
[P360P].") or a dateline ("date 2021-06-08 MEXICO CITY"), and close with a source
trailer ("Source: Reuters (en)") or an end mark ("###"). These lines are metadata,
not article text: they are read into fields and cut from the body. The patterns
live in `data/conventions.toml`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# A byline is a short line of its own; a longer first line is the story's lead.
_MAX_BYLINE = 120


@dataclass(frozen=True)
class _Patterns:
    byline: tuple[re.Pattern[str], ...]
    dateline: tuple[re.Pattern[str], ...]
    trailer: tuple[re.Pattern[str], ...]
    end_mark: re.Pattern[str]


@dataclass
class Conventions:
    """What the text's own lines say, and where the article body lies in it."""

    start: int
    end: int
    fields: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = tomllib.loads(resources.files("newsweave.data").joinpath("conventions.toml").read_text())

    def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(entry["pattern"]) for entry in data[key])

    return _Patterns(
        compile_all("byline"),
        compile_all("dateline"),
        compile_all("trailer"),
        re.compile(data["end_mark"]["pattern"]),
    )


def read_conventions(text: str, start: int = 0, end: int | None = None) -> Conventions:
    """Return the metadata lines found in `text[start:end]` and the body's bounds."""
    patterns = _patterns()
    found = Conventions(start, len(text) if end is None else end)
    _strip_blank(text, found)

    # Opening lines: a byline and a dateline, each at most once, in either order.
    unused = [patterns.byline, patterns.dateline]
    while unused:
        line_end = _line_end(text, found.start, found.end)
        line = text[found.start : line_end]
        group = next(
            (g for g in unused if _take(g, line, found, byline=g is patterns.byline)), None
        )
        if group is None:
            break
        unused.remove(group)
        rest = found.fields.pop("rest", None)
        found.start = line_end if rest is None else found.start + line.index(rest)
        _strip_blank(text, found)

    # Closing lines: end marks and trailers, from the last line up.
    while found.end > found.start:
        line_start = max(text.rfind("\n", found.start, found.end) + 1, found.start)
        line = text[line_start : found.end].strip()
        if patterns.end_mark.match(line) or _take(patterns.trailer, line, found):
            found.end = line_start
            _strip_blank(text, found)
            continue
        break
    return found


def _take(
    group: tuple[re.Pattern[str], ...], line: str, found: Conventions, *, byline: bool = False
) -> bool:
    """Match `line` against a group of patterns; on a match, record its fields."""
    stripped = line.strip()
    if byline and len(stripped) > _MAX_BYLINE:
        return False
    for pattern in group:
        match = pattern.match(stripped)
        if match:
            for name, value in match.groupdict().items():
                if value:
                    found.fields.setdefault(name, value.strip())
            return True
    return False


def _line_end(text: str, start: int, end: int) -> int:
    newline = text.find("\n", start, end)
    return end if newline == -1 else newline


def _strip_blank(text: str, found: Conventions) -> None:
    while found.start < found.end and text[found.start].isspace():
        found.start += 1
    while found.end > found.start and text[found.end - 1].isspace():
        found.end -= 1
