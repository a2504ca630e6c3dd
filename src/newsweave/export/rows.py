"""The rows of each exported table, read from a store one article or one story at a time.

One row per item (an article, a claim, one side of a conflict, a date in a
report), as a dict of plain values (str, int, float, bool, None, lists and dicts
of them), so any table streams whatever the size of the store. Spans are
`(article_id, start, end)` offsets into the article's normalized text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from newsweave.dossier import (
    JSON,
    StoryDossier,
    article_to_dict,
    attribution_to_dict,
    date_to_dict,
    mention_to_dict,
    quantity_to_dict,
)
from newsweave.store import Store
from newsweave.types import Span

Row = dict[str, Any]

#: How many articles the store reads per query while exporting.
ARTICLE_BATCH = 500


def _span(span: Span) -> Row:
    return {"article_id": span.article_id, "start": span.start, "end": span.end}


def _spans(spans: Iterable[Span]) -> list[Row]:
    return [_span(span) for span in spans]


def _value_text(value: str | float) -> str:
    """Return a conflict value as text, so the column has one type: 540000000.0 -> "540000000"."""
    return value if isinstance(value, str) else f"{value:.15g}"


# -- whole-store tables ------------------------------------------------------------------------


def article_rows(store: Store) -> Iterator[Row]:
    """Yield one row per stored article, in arrival order, with the stories that hold it."""
    for article in store.iter_articles(batch_size=ARTICLE_BATCH):
        yield {**article_to_dict(article), "story_ids": store.story_ids_of(article.id)}


def story_rows(store: Store) -> Iterator[Row]:
    """Yield one row per story: what it is, how many reports and sources, which reports."""
    for story in store.iter_stories():
        yield {
            "id": story.id,
            "title": story.story.title,
            "storyline_id": story.story.storyline_id,
            "follows": story.story.follows,
            "first_reported_by": story.story.first_reported_by,
            "reports": len(story.story.article_ids),
            "independent_sources": story.independent_sources,
            "conflicts": len(story.conflicts),
            "article_ids": list(story.story.article_ids),
        }


def skipped_rows(store: Store) -> Iterator[Row]:
    """Yield one row per input never stored, oldest first, with the reason."""
    for item in store.skipped():
        yield {"source": item.source, "reason": item.reason}


def per_story(rows_of: Callable[[StoryDossier], Iterable[Row]]) -> Callable[[Store], Iterator[Row]]:
    """Return a row reader that walks the stored stories one at a time."""

    def rows(store: Store) -> Iterator[Row]:
        for story in store.iter_stories():
            for row in rows_of(story):
                yield {"story_id": story.id, **row}

    return rows


# -- per-story tables ---------------------------------------------------------------------------


def placement_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield why each report of the story is in it: the scores it was placed by."""
    for p in story.story.placements:
        yield {
            "article_id": p.article_id,
            "opened": p.opened,
            "score": p.score,
            "runner_up": p.runner_up,
            "signals": dict(p.signals),
            "shared": list(p.shared),
        }


def derivation_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per derivation: which report reuses which, how, and the shared passages."""
    for d in story.derivations:
        yield {
            "source": d.source,
            "derived": d.derived,
            "kind": d.kind,
            "shared_fraction": d.shared_fraction,
            "confidence": d.confidence,
            "passages": [
                {"source": _span(p.source), "derived": _span(p.derived)} for p in d.passages
            ],
        }


def claim_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per claim with its support."""
    for index, c in enumerate(story.claims):
        yield {
            "index": index,
            "text": c.text,
            "article_ids": list(c.article_ids),
            "independent_sources": c.independent_sources,
            "first_reported_by": c.first_reported_by,
            "evidence": _spans(c.evidence),
        }


def conflict_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per side of each conflict; the sides of one conflict share `index`."""
    for index, conflict in enumerate(story.conflicts):
        for side in conflict.values:
            yield {
                "index": index,
                "about": conflict.about,
                "kind": conflict.kind,
                "value": _value_text(side.value),
                "text": side.text,
                "article_ids": list(side.article_ids),
                "evidence": _spans(side.evidence),
            }


def quote_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per statement of the quote ledger, with each report's wording."""
    for index, q in enumerate(story.quotes):
        yield {
            "index": index,
            "speaker": q.speaker,
            "text": q.text,
            "direct": q.direct,
            "article_ids": list(q.article_ids),
            "first_reported_by": q.first_reported_by,
            "wordings": list(q.wordings),
            "evidence": _spans(q.evidence),
        }


def entity_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per person, organization or place of the story."""
    for e in story.entities:
        yield {
            "name": e.name,
            "kind": e.kind,
            "aliases": list(e.aliases),
            "article_ids": list(e.article_ids),
            "evidence": _spans(e.evidence),
        }


def _in_report(item: JSON, **renamed: str) -> Row:
    """Return a fact as the dossier writes it, its span spread over article_id, start, end.

    `renamed` moves fields whose names the span's columns take (a date's own start
    and end) to the names of the table's columns.
    """
    fields = {renamed.get(key, key): value for key, value in item.items() if key != "span"}
    return {**item["span"], "text": fields.pop("text"), **fields}


def date_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per date expression in the story's reports, resolved where it can be."""
    for facts in story.facts.values():
        for d in facts.dates:
            yield _in_report(date_to_dict(d), start="date_start", end="date_end")


def quantity_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per number in the story's reports, as the interval it allows."""
    for facts in story.facts.values():
        for q in facts.quantities:
            yield _in_report(quantity_to_dict(q))


def mention_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per mention of a person, organization or place, with its entity."""
    for facts in story.facts.values():
        for m in facts.mentions:
            yield _in_report(mention_to_dict(m))


def attribution_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per quote as one report words it, with its speaker."""
    for facts in story.facts.values():
        for a in facts.attributions:
            row = _in_report(attribution_to_dict(a))
            speaker = row.pop("speaker_span")
            row["speaker_start"] = speaker["start"] if speaker else None
            row["speaker_end"] = speaker["end"] if speaker else None
            yield row


def timeline_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per dated event of the story's timeline (event time)."""
    for event in story.timeline:
        yield {
            "date": event.date.isoformat(),
            "text": event.text,
            "article_ids": list(event.article_ids),
            "evidence": _spans(event.evidence),
        }


def summary_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per sentence of the story's cited summary."""
    for index, sentence in enumerate(story.summary):
        yield {
            "index": index,
            "text": sentence.text,
            "article_ids": list(sentence.article_ids),
            "evidence": _spans(sentence.evidence),
        }


def abstract_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield the abstractive summary's sentences: those kept, then those dropped and why."""
    for index, sentence in enumerate(story.abstract):
        yield {
            "index": index,
            "text": sentence.text,
            "dropped_because": None,
            "article_ids": list(sentence.article_ids),
            "evidence": _spans(sentence.evidence),
        }
    for index, (text, reason) in enumerate(story.abstract_dropped, start=len(story.abstract)):
        yield {
            "index": index,
            "text": text,
            "dropped_because": reason,
            "article_ids": [],
            "evidence": [],
        }


def relation_rows(story: StoryDossier) -> Iterator[Row]:
    """Yield one row per relation between two aligned sentences of the story."""
    for r in story.relations:
        yield {
            "source_article_id": r.source.article_id,
            "source_start": r.source.start,
            "source_end": r.source.end,
            "target_article_id": r.target.article_id,
            "target_start": r.target.start,
            "target_end": r.target.end,
            "kind": r.kind,
            "score": r.score,
        }
