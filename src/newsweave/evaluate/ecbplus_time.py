"""ECB+ time expressions: does newsweave find the dates and times a reader marked?

`find_dates` runs over the ECB+ documents of topics 1–35 and its expressions are
scored against the gold TIME_DATE and TIME_OF_THE_DAY mentions, both restricted
to the fully annotated sentences. The main figures are lenient (an expression
found counts when it overlaps a gold one: ECB+ marks "on Tuesday" where
newsweave marks "Tuesday", "Friday night" where it marks "Friday"); `strict_f1`
asks for the same boundaries, a leading preposition aside.

ECB+ documents carry no publication date, so each is anchored on its first
absolute full date in its first three sentences (the dateline of the
`ecbplus` documents); `resolved` is the share of expressions found that
resolved to a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.evaluate.base import EvalReport, find_data
from newsweave.evaluate.ecbplus_text import (
    DOCS,
    FOLDER,
    EcbDocument,
    GoldMention,
    gold_mentions,
    load_documents,
    read_mentions,
)
from newsweave.evaluate.metrics import f1_score
from newsweave.extract.dates import find_dates
from newsweave.types import DateMention, Moment

DATE_TYPES = ("TIME_DATE", "TIME_OF_THE_DAY")
DURATION = "TIME_DURATION"
# Where a document's own date is looked for: its dateline or first lines.
_ANCHOR_SENTENCES = 3
_LEADING_PREPOSITION = re.compile(r"(?:on|in|at|by|during|since|from|until)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentScore:
    """One document's expressions found and gold mentions, in its annotated sentences."""

    doc: EcbDocument
    predicted: tuple[DateMention, ...]
    gold: tuple[GoldMention, ...]
    durations: tuple[GoldMention, ...]


def document_anchor(doc: EcbDocument) -> Moment | None:
    """Return the document's first absolute full date in its first sentences, as a day."""
    numbers = sorted(doc.sentences)[:_ANCHOR_SENTENCES]
    if not numbers:
        return None
    start, end = doc.sentences[numbers[0]][0], doc.sentences[numbers[-1]][1]
    for mention in find_dates(doc.text[start:end]):
        moment = mention.start
        if not mention.relative and moment and moment.precision in ("day", "minute", "second"):
            day = moment.value.replace(hour=0, minute=0, second=0, microsecond=0)
            return Moment(day, "day")
    return None


def score_documents(data: Path | None = None) -> list[DocumentScore]:
    """Return, per document with annotated sentences, what was found and what is gold."""
    mentions = read_mentions(data, type_prefixes=("TIME_",))
    scores = []
    for doc in load_documents(data):
        if not doc.annotated:
            continue
        anchor = document_anchor(doc)
        found = find_dates(
            doc.text,
            article_id=doc.doc_id,
            anchor=anchor,
            anchor_source="published" if anchor else None,
        )
        predicted = tuple(m for m in found if doc.sentence_of(m.span.start) in doc.annotated)
        gold = gold_mentions(doc, mentions)
        scores.append(
            DocumentScore(
                doc,
                predicted,
                tuple(g for g in gold if g.type in DATE_TYPES),
                tuple(g for g in gold if g.type == DURATION),
            )
        )
    return scores


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def _overlapped(spans: Sequence[tuple[int, int]], by: Sequence[tuple[int, int]]) -> int:
    """Return how many of `spans` overlap at least one of `by` (each counted once)."""
    return sum(any(_overlaps(*span, *other) for other in by) for span in spans)


def _without_preposition(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span with a leading preposition ("on", "in", "since", …) left out."""
    match = _LEADING_PREPOSITION.match(text, start, end)
    return (match.end(), end) if match and match.end() < end else (start, end)


def evaluate(data: Path | None = None) -> EvalReport:
    """Return P/R/F1 of date and time expressions against ECB+ gold, lenient and strict."""
    path = find_data(FOLDER, DOCS, data)
    gold = predicted = gold_found = predicted_right = exact = resolved = 0
    durations = durations_found = 0
    for score in score_documents(path):
        text = score.doc.text
        found = [(m.span.start, m.span.end) for m in score.predicted]
        marked = [(g.start, g.end) for g in score.gold]
        gold += len(marked)
        predicted += len(found)
        gold_found += _overlapped(marked, found)
        predicted_right += _overlapped(found, marked)
        exact += len(
            {_without_preposition(text, *s) for s in found}
            & {_without_preposition(text, *s) for s in marked}
        )
        resolved += sum(m.resolved for m in score.predicted)
        durations += len(score.durations)
        durations_found += _overlapped([(d.start, d.end) for d in score.durations], found)
    precision = predicted_right / predicted if predicted else 0.0
    recall = gold_found / gold if gold else 0.0
    strict_precision = exact / predicted if predicted else 0.0
    strict_recall = exact / gold if gold else 0.0
    metrics: dict[str, float | int] = {
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "strict_f1": f1_score(strict_precision, strict_recall),
        "duration_recall": durations_found / durations if durations else 0.0,
        "resolved": resolved / predicted if predicted else 0.0,
        "gold": gold,
        "predicted": predicted,
    }
    return EvalReport(
        name="ecbplus-time",
        description="date and time expressions vs TIME_DATE/TIME_OF_THE_DAY, topics 1-35",
        data=str(path),
        metrics=metrics,
    )
