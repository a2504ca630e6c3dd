"""From what a reader found (a `RawReport`) to an `Article`: one place for the rules.

Every reader (text, HTML, feed, JSONL) fills a `RawReport` with the text it found
and the metadata it could read. `build_article` then applies the rules that hold
for all of them: normalized text with its offset map, a content-derived id,
publication time parsed and checked, language identified, outlet named.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from newsweave.errors import UnreadableInput
from newsweave.ingest.published import parse_published
from newsweave.text import SUPPORTED_LANGUAGES, detect_language, normalize, storable
from newsweave.types import Article, SourceKind

_SPACES = re.compile(r"\s+")
# Control characters that are not spaces: NUL, ESC (a title with ESC sequences would
# drive the terminal it is printed on), BEL, the C1 controls.
_CONTROLS = re.compile(r"(?!\s)[\x00-\x1f\x7f-\x9f]")
# What breaks a message's line: line ends and every other control character.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_LANGUAGE = re.compile(r"^(?P<code>[A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*$")
# Fewer letters than this is no report (a caption, a stray line).
_MIN_LETTERS = 20


@dataclass
class RawReport:
    """A report as a reader found it: text, where the body lies in it, and metadata."""

    text: str
    kind: SourceKind
    path: str | None = None
    body_start: int = 0
    body_end: int | None = None
    source_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: object = None
    url: str | None = None
    language: str | None = None
    dateline: str | None = None
    notes: list[str] = field(default_factory=list)
    #: Where in a many-report input this one lies ("file.jsonl:3"), for messages.
    where: str | None = None

    def fill(self, fields: Mapping[str, Any]) -> None:
        """Take metadata from a mapping (front matter, a JSONL record) by the names it may use."""
        for name, aliases in _field_aliases().items():
            if getattr(self, name) not in (None, ""):
                continue
            for alias in aliases:
                value = fields.get(alias)
                if value not in (None, "", []):
                    setattr(self, name, value if name == "published" else _as_text(value))
                    break


@lru_cache(maxsize=1)
def _field_aliases() -> dict[str, list[str]]:
    source = resources.files("newsweave.data").joinpath("metadata_fields.toml").read_text()
    return {name: list(aliases) for name, aliases in tomllib.loads(source).items()}


@lru_cache(maxsize=1)
def _outlet_names() -> dict[str, str]:
    names = {}
    for line in resources.files("newsweave.data").joinpath("outlets.tsv").read_text().splitlines():
        if line and not line.startswith("#"):
            domain, name = line.split("\t")
            names[domain] = name
    return names


def _as_text(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value)
    if isinstance(value, Mapping):
        return _as_text(value.get("name") or value.get("title") or "")
    return str(value)


def one_line(text: str, limit: int = 300) -> str:
    """Return `text` fit for one line of a message: no line breaks or controls, storable.

    A message quotes its input (a file name, a feed entry's id), which may be a
    page of text: past `limit` characters it is cut with an ellipsis.
    """
    line = _BREAKS.sub(" ", storable(text))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _clean(value: str | None, limit: int = 500) -> str | None:
    if value is None:
        return None
    cleaned = _SPACES.sub(" ", _CONTROLS.sub("", storable(value))).strip()[:limit]
    return cleaned or None


def _web_address(url: str) -> bool:
    """Return whether `url` is an http(s) address with a site in it."""
    if not url.lower().startswith(("http://", "https://")):
        return False
    try:
        return bool(urlsplit(url).hostname)
    except ValueError:  # e.g. "http://[bad"
        return False


def outlet_from_url(url: str | None) -> str | None:
    """Return the outlet named by a URL's site: a known name, else the bare domain."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:  # e.g. "http://[bad": no site to name
        return None
    if not host:
        return None
    names = _outlet_names()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in names:
            return names[".".join(parts[i:])]
    return host


def article_id(text: str, title: str | None, outlet: str | None, url: str | None) -> str:
    """Return the id of a report: stable for the same content and provenance.

    Text alone is not enough: a wire story printed word for word by two outlets
    is two reports (and a `copy` derivation), not one.
    """
    digest = hashlib.sha256()
    for part in (text, title or "", outlet or "", url or ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:16]


def build_article(raw: RawReport, *, now: datetime) -> Article:
    """Return the article for a raw report; raises `UnreadableInput` when there is none."""
    original = storable(raw.text)
    end = len(original) if raw.body_end is None else raw.body_end
    text, offsets = normalize(original[raw.body_start : end], base=raw.body_start)
    if sum(char.isalpha() for char in text[: _MIN_LETTERS * 10]) < _MIN_LETTERS:
        raise UnreadableInput("no article text (empty or almost empty)")
    notes = list(raw.notes)
    published, note = parse_published(raw.published, now=now)
    if note:
        notes.append(note)
    url = _clean(raw.url, 2000)
    if url and not _web_address(url):
        notes.append(f"url {url[:60]!r} is not an http(s) address; dropped")
        url = None
    title = _clean(raw.title)
    outlet = _clean(raw.outlet, 200) or outlet_from_url(url)
    language = _language(text, raw.language, notes)
    return Article(
        id=article_id(text, title, outlet, url),
        text=text,
        kind=raw.kind,
        source_id=_clean(raw.source_id, 500),
        path=storable(raw.path) if raw.path is not None else None,
        title=title,
        outlet=outlet,
        author=_clean(raw.author, 200),
        published=published,
        url=url,
        language=language,
        dateline=_clean(raw.dateline, 100),
        original=original,
        offsets=offsets,
        notes=tuple(notes),
    )


def _language(text: str, stated: str | None, notes: list[str]) -> str | None:
    """The language the text is written in; the stated one only when detection cannot tell.

    Detection wins because stated languages are often the outlet's, not the
    text's (a translated wire story keeps its source's "(es)").
    """
    detected = detect_language(text)
    match = _LANGUAGE.match(stated.strip()) if stated else None
    declared = match["code"].lower() if match else None
    if detected and declared and declared != detected:
        notes.append(
            f"stated language {declared!r} but the text reads as {detected!r}; using {detected!r}"
        )
    if detected:
        return detected
    return declared if declared in SUPPORTED_LANGUAGES else None
