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
    """One proposition carried by one or more reports of a story.

    `evidence` holds the sentence that carries it in each report; copies and
    rewrites of one another count once in `independent_sources`.
    `first_reported_by` is the earliest report that carries it.
    """

    text: str
    evidence: tuple[Span, ...]
    independent_sources: int
    first_reported_by: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictValue(Cited):
    """One side of a conflict: the value, the sentence that states it, where."""

    value: str | float
    text: str
    evidence: tuple[Span, ...]


ConflictKind = Literal["date", "number", "name", "speaker"]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Reports that give values for the same thing which cannot all be true.

    `about` says what the values are of ("the date of the visit", "the dead");
    `kind` which typed value disagrees.
    """

    about: str
    values: tuple[ConflictValue, ...]
    kind: ConflictKind = "number"


RelationKind = Literal[
    "identity",
    "paraphrase",
    "translation",
    "elaboration",
    "subsumption",
    "contradiction",
    "follow-up",
    "attribution",
]


@dataclass(frozen=True, slots=True)
class Relation:
    """A Cross-document Structure Theory relation between two aligned sentences."""

    source: Span
    target: Span
    kind: RelationKind
    score: float = 0.0


Granularity = Literal["minute", "day", "week", "month", "season", "year", "range"]
AnchorSource = Literal["published", "dateline", "story"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or time expression in a report, resolved to the time it speaks of.

    `start` and `end` bound the time meant (event time, not when the report
    was published), each at the precision it is known to: "June 8" is
    2021-06-08 to 2021-06-08, "last month" 2021-04 to 2021-04, "early next
    month" 2021-06-01 to 2021-06-10, "since September" 2021-09 to None (open).
    An expression that cannot be resolved keeps `start` and `end` None:
    newsweave never guesses. `anchor` says which date relative expressions
    were resolved against ("published", "dateline", or "story" for a report
    with no date of its own, resolved against its story's first date).
    """

    span: Span
    text: str
    start: Moment | None
    end: Moment | None
    granularity: Granularity
    relative: bool = False
    anchor: AnchorSource | None = None

    @property
    def resolved(self) -> bool:
        return self.start is not None

    @property
    def value(self) -> str | None:
        """ISO 8601: "2021-06-08", "2021-04", "2021-06-01/2021-06-10", "2021-09/.."."""
        if self.start is None:
            return None
        if self.end == self.start:
            return self.start.isoformat()
        end = self.end.isoformat() if self.end is not None else ".."
        return f"{self.start.isoformat()}/{end}"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a report as the interval it allows, with its unit and what it counts.

    "more than 3,000 kilometers" is value 3000, (3000, inf), unit "km";
    "nearly 3,200" is [2880, 3200); "2.7 million AstraZeneca vaccines" is
    2,700,000 with `counts` "vaccines"; "$310 million" has unit "USD".
    `low_open`/`high_open` say whether a bound itself is excluded.
    """

    span: Span
    text: str
    value: float
    low: float
    high: float
    unit: str | None = None
    counts: str | None = None
    qualifier: str | None = None
    low_open: bool = False
    high_open: bool = False

    def describe(self) -> str:
        """Return the interval with its unit and what it counts: "(3,000, ∞) km"."""

        def number(value: float) -> str:
            if value in (float("inf"), float("-inf")):
                return "∞" if value > 0 else "-∞"
            return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"

        if self.low == self.high:
            interval = number(self.value)
        else:
            left = "(" if self.low_open or self.low == float("-inf") else "["
            right = ")" if self.high_open or self.high == float("inf") else "]"
            interval = f"{left}{number(self.low)}, {number(self.high)}{right}"
        return " ".join(part for part in (interval, self.unit, self.counts) if part)

    def overlaps(self, other: Quantity) -> bool:
        """Return whether both can hold at once: same unit and intersecting intervals."""
        if self.unit != other.unit:
            return False
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return not (self.high_open or other.low_open)
        if other.high == self.low:
            return not (other.high_open or self.low_open)
        return True


EntityKind = Literal["person", "organization", "place"]
MentionVia = Literal["name", "alias", "acronym", "title", "pronoun"]


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention of a person, organization or place, with the entity it refers to.

    `entity` is the canonical name across the reports of a story ("Andrés
    Manuel López Obrador" for "Lopez Obrador", "AMLO" or "the Mexican
    president"); `via` says how the mention was tied to it.
    """

    span: Span
    text: str
    kind: EntityKind
    entity: str
    via: MentionVia = "name"


@dataclass(frozen=True, slots=True)
class Entity(Cited):
    """One person, organization or place of a story: its names and where it is mentioned."""

    name: str
    kind: EntityKind
    aliases: tuple[str, ...]
    evidence: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Words one report attributes to a speaker: a quote as that report words it.

    `direct` quotes are the words inside quotation marks; indirect ones the
    reported clause ("López Obrador said he would not raise the issue").
    `speaker` is the canonical name (None when the report names nobody);
    `speaker_span` the words that name them in the report ("she", "the
    president") and `cue` the reporting verb ("said", "told", "according to").
    """

    span: Span
    text: str
    speaker: str | None
    direct: bool
    speaker_span: Span | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Quote(Cited):
    """One statement in the quote ledger: its speaker, and its wording in each report.

    `text` is the wording where it first appeared; `evidence` holds every
    report's wording (the same quote, matched across reports and translations),
    and `wordings` the text of each, in the same order.
    """

    speaker: str | None
    text: str
    evidence: tuple[Span, ...]
    wordings: tuple[str, ...] = ()
    direct: bool = True
    first_reported_by: str | None = None


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


@dataclass(frozen=True, slots=True)
class Facts:
    """What the extract stage found in one report: typed facts with their offsets."""

    dates: tuple[DateMention, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    attributions: tuple[Attribution, ...] = ()
