"""The catalogue of exported tables: each one's fixed columns, their types and meaning.

Every column has one type in every format (see `ColumnType`), so pandas, DuckDB
or a spreadsheet read the same table the same way whichever format it came in.
Offsets (`start`, `end`) count characters of the report's normalized text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from newsweave.export import rows as r
from newsweave.store import Store

#: What a column holds. "text", "integer", "number" and "boolean" are scalars,
#: None where unknown (an infinite bound is None too, as in the dossier JSON);
#: "texts" is a list of strings; "spans" a list of {article_id, start, end};
#: "passages" a list of {source: span, derived: span}; "json" any other nested
#: value. Nested values stay nested in JSON and JSONL, are JSON text in CSV, and
#: typed lists in Parquet ("json" is JSON text there too).
ColumnType = Literal["text", "integer", "number", "boolean", "texts", "spans", "passages", "json"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column of an exported table: its name, its type and what it means."""

    name: str
    type: ColumnType
    doc: str


@dataclass(frozen=True, slots=True)
class Table:
    """An exported table: what one row is, its columns in order, and how a store gives its rows."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    rows: Callable[[Store], Iterator[r.Row]]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


Spec = tuple[str, ColumnType, str]

_STORY: Spec = ("story_id", "text", "the story it belongs to")
_INDEX: Spec = ("index", "integer", "its position in the story, 0 first")
_ARTICLE_IDS: Spec = ("article_ids", "texts", "the reports that carry it, each once, in order")
_EVIDENCE: Spec = ("evidence", "spans", "where each report says it")
_IN_REPORT: tuple[Spec, ...] = (
    _STORY,
    ("article_id", "text", "the report it is in"),
    ("start", "integer", "offset of its first character in the report"),
    ("end", "integer", "offset just past its last character"),
    ("text", "text", "its words as the report writes them"),
)


def _table(name: str, doc: str, rows: Callable[[Store], Iterator[r.Row]], *specs: Spec) -> Table:
    return Table(name, doc, tuple(Column(*spec) for spec in specs), rows)


_CATALOGUE = (
    _table(
        "articles",
        "one stored report, in arrival order",
        r.article_rows,
        ("id", "text", "newsweave's id, stable for the same content"),
        ("source_id", "text", "the id the input gave (a JSONL id, a feed guid)"),
        ("path", "text", "the file it was read from"),
        ("kind", "text", "what it was read as: text, markdown, html, feed, jsonl, string"),
        ("title", "text", "its headline"),
        ("outlet", "text", "who published it"),
        ("author", "text", "who wrote it"),
        ("published", "text", "when it was published, ISO 8601, no more precise than known"),
        ("url", "text", "where it was published"),
        ("language", "text", "ISO 639-1 code of its language"),
        ("dateline", "text", "the place and date it opens with"),
        ("notes", "texts", "what ingestion noticed about it"),
        ("text", "text", "its normalized text, which every offset counts into"),
        ("story_ids", "texts", "the stories of the last analysis that hold it"),
    ),
    _table(
        "stories",
        "one event as reported by one or more reports",
        r.story_rows,
        ("id", "text", "the story's id"),
        ("title", "text", "its title"),
        ("storyline_id", "text", "the first story of its chain of follow-ups"),
        ("follows", "text", "the story it follows in its storyline"),
        ("first_reported_by", "text", "the report that broke it"),
        ("reports", "integer", "how many reports cover it"),
        ("independent_sources", "integer", "how many of them are not copies of one another"),
        ("conflicts", "integer", "how many things its reports disagree on"),
        ("article_ids", "texts", "its reports"),
    ),
    _table(
        "placements",
        "why one report is in its story",
        r.per_story(r.placement_rows),
        _STORY,
        ("article_id", "text", "the report"),
        ("opened", "boolean", "whether it opened the story"),
        ("score", "number", "its score with the story (or, opening it, with the nearest other)"),
        ("runner_up", "number", "its score with the next best story"),
        ("signals", "json", "the averages behind the score, by signal"),
        ("shared", "texts", "names, numbers and dates it shares with the story"),
    ),
    _table(
        "derivations",
        "one report reusing another",
        r.per_story(r.derivation_rows),
        _STORY,
        ("source", "text", "the report reused"),
        ("derived", "text", "the report that reuses it"),
        ("kind", "text", "copy, rewrite, partial or quotation"),
        ("shared_fraction", "number", "how much of the derived report comes from the source"),
        ("confidence", "number", "how sure the direction and kind are, 0 to 1"),
        ("passages", "passages", "the stretches of text both share, where each is"),
    ),
    _table(
        "claims",
        "one proposition carried by one or more reports of a story",
        r.per_story(r.claim_rows),
        _STORY,
        _INDEX,
        ("text", "text", "the claim as its first report words it"),
        _ARTICLE_IDS,
        ("independent_sources", "integer", "its reports, a copy and its source counting once"),
        ("first_reported_by", "text", "the earliest report that carries it"),
        _EVIDENCE,
    ),
    _table(
        "conflicts",
        "one side of a disagreement: a value and the reports that state it",
        r.per_story(r.conflict_rows),
        _STORY,
        ("index", "integer", "which conflict of the story: its sides share it"),
        ("about", "text", "what the values are of"),
        ("kind", "text", "which typed value disagrees: date, number, name or speaker"),
        ("value", "text", "this side's value"),
        ("text", "text", "the sentence that states it"),
        _ARTICLE_IDS,
        _EVIDENCE,
    ),
    _table(
        "quotes",
        "one statement of the quote ledger, matched across reports and translations",
        r.per_story(r.quote_rows),
        _STORY,
        _INDEX,
        ("speaker", "text", "who said it (canonical name), if any report names them"),
        ("text", "text", "its wording where it first appeared"),
        ("direct", "boolean", "whether it is quoted word for word"),
        _ARTICLE_IDS,
        ("first_reported_by", "text", "the earliest report that carries it"),
        ("wordings", "texts", "its wording in each report, in evidence order"),
        _EVIDENCE,
    ),
    _table(
        "entities",
        "one person, organization or place of a story",
        r.per_story(r.entity_rows),
        _STORY,
        ("name", "text", "its canonical name"),
        ("kind", "text", "person, organization or place"),
        ("aliases", "texts", "the other names the reports use"),
        _ARTICLE_IDS,
        ("evidence", "spans", "each mention"),
    ),
    _table(
        "mentions",
        "one mention of a person, organization or place in a report",
        r.per_story(r.mention_rows),
        *_IN_REPORT,
        ("kind", "text", "person, organization or place"),
        ("entity", "text", "the canonical name it refers to"),
        ("via", "text", "how it was tied to the entity: name, alias, acronym, title, pronoun"),
    ),
    _table(
        "attributions",
        "words one report attributes to a speaker",
        r.per_story(r.attribution_rows),
        *_IN_REPORT,
        ("speaker", "text", "the canonical name of the speaker, if named"),
        ("direct", "boolean", "whether the words are in quotation marks"),
        ("cue", "text", "the reporting verb: said, told, according to"),
        ("speaker_start", "integer", "offset of the words naming the speaker"),
        ("speaker_end", "integer", "offset just past them"),
    ),
    _table(
        "dates",
        "one date or time expression in a report, resolved to the time it speaks of",
        r.per_story(r.date_rows),
        *_IN_REPORT,
        ("value", "text", "ISO 8601 date or interval (2021-06-01/2021-06-10, 2021-09/..)"),
        ("date_start", "text", "the first time it can mean, ISO 8601, null if unresolved"),
        ("date_end", "text", "the last time it can mean, null if open or unresolved"),
        ("granularity", "text", "minute, day, week, month, season, year or range"),
        ("relative", "boolean", "whether it was resolved against a reference date"),
        ("anchor", "text", "what it was resolved against: published, dateline or story"),
    ),
    _table(
        "quantities",
        "one number in a report, as the interval it allows",
        r.per_story(r.quantity_rows),
        *_IN_REPORT,
        ("value", "number", "the number stated"),
        ("low", "number", "the interval's lower bound, null for none"),
        ("high", "number", "its upper bound, null for none"),
        ("low_open", "boolean", "whether the lower bound itself is excluded"),
        ("high_open", "boolean", "whether the upper bound itself is excluded"),
        ("unit", "text", "its unit: km, EUR, USD, ..."),
        ("counts", "text", "what it counts: vaccines, people, ..."),
        ("qualifier", "text", "the words that widen it: more than, nearly, about, ..."),
    ),
    _table(
        "timeline",
        "something that happened at a time (event time, not report time)",
        r.per_story(r.timeline_rows),
        _STORY,
        ("date", "text", "when, ISO 8601, no more precise than known"),
        ("text", "text", "what happened, in the best-supported report's words"),
        _ARTICLE_IDS,
        _EVIDENCE,
    ),
    _table(
        "summary",
        "one sentence of a story's extractive summary, citing every report that carries it",
        r.per_story(r.summary_rows),
        _STORY,
        _INDEX,
        ("text", "text", "the sentence"),
        _ARTICLE_IDS,
        _EVIDENCE,
    ),
    _table(
        "abstract",
        "one sentence of a story's abstractive summary, kept or dropped by the citation check",
        r.per_story(r.abstract_rows),
        _STORY,
        _INDEX,
        ("text", "text", "the sentence"),
        ("dropped_because", "text", "why the check dropped it; null when kept"),
        _ARTICLE_IDS,
        _EVIDENCE,
    ),
    _table(
        "relations",
        "how two aligned sentences of a story relate",
        r.per_story(r.relation_rows),
        _STORY,
        ("source_article_id", "text", "the report of the first sentence"),
        ("source_start", "integer", "offset of the first sentence"),
        ("source_end", "integer", "offset just past it"),
        ("target_article_id", "text", "the report of the second sentence"),
        ("target_start", "integer", "offset of the second sentence"),
        ("target_end", "integer", "offset just past it"),
        ("kind", "text", "identity, paraphrase, translation, elaboration, contradiction, ..."),
        ("score", "number", "how sure, 0 to 1"),
    ),
    _table(
        "skipped",
        "one input that was never stored",
        r.skipped_rows,
        ("source", "text", "the file, line or entry"),
        ("reason", "text", "why, in a line"),
    ),
)

#: Every exported table by name, in the order a reader meets them.
TABLES: Mapping[str, Table] = MappingProxyType({table.name: table for table in _CATALOGUE})
