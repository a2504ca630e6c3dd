"""The types that flow through newsweave: small frozen dataclasses, no I/O, no algorithms.

Every piece of evidence points back into an article's normalized text as a `Span`
(article id, start, end), so citations, conflict evidence and highlighting all come
from the same offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

Precision = Literal["year", "month", "day", "minute", "second"]
SourceKind = Literal["text", "markdown", "html", "feed", "jsonl", "string"]
DerivationKind = Literal["copy", "rewrite", "partial", "quotation"]

_ISO_FORMATS: dict[str, str] = {
    "year": "%Y",
    "month": "%Y-%m",
    "day": "%Y-%m-%d",
    "minute": "%Y-%m-%dT%H:%M",
    "second": "%Y-%m-%dT%H:%M:%S",
}


@dataclass(frozen=True, slots=True)
class Moment:
    """A point in time known to a stated precision.

    `value` is timezone-aware. Fields finer than `precision` carry no information:
    a report dated "2021-06-08" with no time of day has precision "day", and
    `isoformat()` says "2021-06-08", never a midnight nobody wrote.
    """

    value: datetime
    precision: Precision

    @classmethod
    def fromisoformat(cls, text: str) -> Moment:
        """Return the moment written by `isoformat()`, its precision read from its length."""
        if len(text) <= 10:
            parts = [int(part) for part in text.split("-")]
            precision: Precision = ("year", "month", "day")[len(parts) - 1]
            parts += [1] * (3 - len(parts))
            return cls(datetime(parts[0], parts[1], parts[2], tzinfo=UTC), precision)
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return cls(value, "second" if text.count(":") >= 3 else "minute")

    def isoformat(self) -> str:
        """Return ISO 8601 text with no more detail than is known."""
        text = self.value.strftime(_ISO_FORMATS[self.precision])
        if self.precision in ("minute", "second"):
            offset = self.value.strftime("%z")
            text += f"{offset[:3]}:{offset[3:]}" if offset else ""
        return text


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence: characters [start, end) of one article's normalized text."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in normalized text back to offsets in the original text.

    Stored as anchors `(normalized, original)` at every place where the two stop
    advancing together; between anchors both advance one character at a time.
    """

    anchors: tuple[tuple[int, int], ...] = ((0, 0),)

    def to_original(self, offset: int) -> int:
        """Return the original offset of the normalized character at `offset`."""
        i = bisect_right(self.anchors, (offset, float("inf"))) - 1
        normalized, original = self.anchors[max(i, 0)]
        return original + (offset - normalized)


@dataclass(frozen=True, slots=True)
class Article:
    """One news report: its normalized text and what is known about it.

    `id` is derived from the content (text, title, outlet, url), so the same
    report read twice gets the same id. `published` is None when the report does
    not say when it was published; newsweave never guesses it.
    """

    id: str
    text: str
    kind: SourceKind
    source_id: str | None = None
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: Moment | None = None
    url: str | None = None
    language: str | None = None
    dateline: str | None = None
    original: str = ""
    offsets: OffsetMap = field(default_factory=OffsetMap)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that newsweave did not store, and why (one line)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: its place in the normalized text, and the text itself."""

    article_id: str
    index: int
    start: int
    end: int
    text: str

    @property
    def span(self) -> Span:
        return Span(self.article_id, self.start, self.end)


class Cited:
    """Mixin for what carries `evidence` spans: the articles it cites, each once, in order."""

    __slots__ = ()
    evidence: tuple[Span, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(span.article_id for span in self.evidence))


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of text that two reports share: where it is in each."""

    source: Span
    derived: Span


@dataclass(frozen=True, slots=True)
class Derivation:
    """Report `derived` reuses report `source`: how, how much, and where."""

    source: str
    derived: str
    kind: DerivationKind
    shared_fraction: float
    passages: tuple[Passage, ...] = ()
    confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class Placement:
    """Why a report is in its story: the scores the stories stage placed it by.

    `score` is the report's average-link score with the story it joined, or,
    when it opened a story, its best score with any earlier one (0.0: none
    was near in time); `runner_up` is its score with the next best story.
    `signals` are the averages behind the score over that story's reports:
    "words" (TF-IDF cosine), "names" (names, numbers and dates mentioned),
    "time" (closeness of publication) and, across languages, "translation".
    `shared` lists the names, numbers ("#3200") and dates ("@06-08") the
    report shares with the story's reports most like it.
    """

    article_id: str
    story_id: str
    opened: bool
    score: float
    runner_up: float = 0.0
    signals: Mapping[str, float] = field(default_factory=dict)
    shared: tuple[str, ...] = ()

    def describe(self) -> str:
        """Say in a line why the report is in its story."""
        if self.opened:
            return f"opened the story (best score with an earlier one {self.score:.2f})"
        signals = " · ".join(f"{name} {value:.2f}" for name, value in self.signals.items())
        shared = f"; shares {', '.join(self.shared)}" if self.shared else ""
        return f"joined at {self.score:.2f} ({signals}){shared}"


@dataclass(frozen=True, slots=True)
class Story:
    """One event as reported by one or more articles.

    `storyline_id` is the id of the first story of its chain of follow-ups;
    `follows` the story this one follows in it (None for the first).
    """

    id: str
    title: str | None
    article_ids: tuple[str, ...]
    storyline_id: str | None = None
    first_reported_by: str | None = None
    follows: str | None = None
    placements: tuple[Placement, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim(Cited):
    """One proposition carried by one or more reports of a story."""

    text: str
    evidence: tuple[Span, ...]
    independent_sources: int


@dataclass(frozen=True, slots=True)
class ConflictValue(Cited):
    """One side of a conflict: the value, the sentence that states it, where."""

    value: str | float
    text: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Reports that give values for the same thing which cannot all be true."""

    about: str
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True, slots=True)
class Quote(Cited):
    """Words attributed to a speaker (None when no speaker is named)."""

    speaker: str | None
    text: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class TimelineEvent(Cited):
    """Something that happened at a time (event time, not report time)."""

    date: Moment
    text: str
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class SummarySentence(Cited):
    """A sentence of a story summary, citing every report that carries it."""

    text: str
    evidence: tuple[Span, ...]
