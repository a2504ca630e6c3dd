"""Quote attribution: does newsweave find each quote and name the right speaker?

The gold set (`newsweave/data/quote_speakers.jsonl`, described beside it) holds
421 quotes of 100 ECB+ documents, labeled by hand with the speaker's fullest
name in the document: 199 direct and 222 indirect, named through a name, a
title, a pronoun, an organization or a quote that continues the previous one.
It stores only document ids and sentence numbers; the text is read from ECB+.

The documents of each ECB+ event (subtopic) are one story, as newsweave would
group them, so that names and titles are resolved across the reports.

A quote is **found** when an attribution of newsweave starts in its sentence
(the direct or indirect kind as labeled, else either). Its speaker is **right**
when the names match loosely: all the words of the shorter name are in the
longer one, after folding case and accents ("White" for "Terry White"; the
gold keeps a document's own misspellings). An unnamed speaker ("a friend of
the actress") is right when the words of the description are mostly there.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from newsweave.evaluate.base import EvalReport, find_data
from newsweave.evaluate.ecbplus_text import DOCS, FOLDER, EcbDocument, load_documents
from newsweave.extract import extract_story
from newsweave.extract.names import name_tokens
from newsweave.text import split_sentences
from newsweave.types import Attribution

LABELS = "quote_speakers.jsonl"
# An unnamed speaker's description is matched when this share of its words is there.
_DESCRIPTION_OVERLAP = 0.5


def load_labels() -> list[dict[str, Any]]:
    """Return the hand-labeled quotes, one record each."""
    text = resources.files("newsweave.data").joinpath(LABELS).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def evaluate(data: Path | None = None) -> EvalReport:
    """Return how many labeled quotes are found, and with the right speaker."""
    labels = load_labels()
    wanted = {label["doc_id"] for label in labels}
    documents = [_paragraphed(d) for d in load_documents(data) if d.doc_id in wanted]
    found = _attributions(documents)
    by_id = {d.doc_id: d for d in documents}
    tally: Counter[str] = Counter()
    for label in labels:
        document = by_id.get(label["doc_id"])
        if document is None:
            continue
        kind = "direct" if label["direct"] else "indirect"
        tally[f"{kind}_labeled"] += 1
        tally[f"via_{label['via']}_labeled"] += 1
        guess = _match(label, document, found.get(document.doc_id, ()))
        if guess is None:
            continue
        tally[f"{kind}_found"] += 1
        if speaker_matches(
            label["speaker"], guess.speaker, unnamed=label["speaker_kind"] == "unnamed"
        ):
            tally[f"{kind}_right"] += 1
            tally[f"via_{label['via']}_right"] += 1
    labeled = tally["direct_labeled"] + tally["indirect_labeled"]
    found_count = tally["direct_found"] + tally["indirect_found"]
    right = tally["direct_right"] + tally["indirect_right"]
    metrics: dict[str, float | int] = {
        "quotes": labeled,
        "documents": len(documents),
        "found": _share(found_count, labeled),
        "speaker_accuracy": _share(right, labeled),
        "speaker_accuracy_when_found": _share(right, found_count),
        "direct_accuracy": _share(tally["direct_right"], tally["direct_labeled"]),
        "indirect_accuracy": _share(tally["indirect_right"], tally["indirect_labeled"]),
    }
    for via in sorted({label["via"] for label in labels}):
        metrics[f"accuracy_via_{via}"] = _share(
            tally[f"via_{via}_right"], tally[f"via_{via}_labeled"]
        )
    return EvalReport(
        name="quotes",
        description="quote attribution, 421 hand-labeled quotes of ECB+ topics 1-35",
        data=str(find_data(FOLDER, DOCS, data)),
        metrics=metrics,
    )


def _attributions(documents: Sequence[EcbDocument]) -> dict[str, tuple[Attribution, ...]]:
    """Return each document's attributions, its event's documents read as one story."""
    events: dict[str, list[EcbDocument]] = defaultdict(list)
    for document in documents:
        events[document.subtopic].append(document)
    found: dict[str, tuple[Attribution, ...]] = {}
    for members in events.values():
        articles = [d.as_article() for d in members]
        sentences = {a.id: tuple(split_sentences(a)) for a in articles}
        facts, _, _ = extract_story(articles, sentences)
        found.update({i: f.attributions for i, f in facts.items()})
    return found


def _paragraphed(document: EcbDocument) -> EcbDocument:
    """Return the document with a blank line between sentences, as paragraphs are written.

    ECB+ keeps no paragraphs; a sentence per paragraph keeps one stray quotation
    mark from flipping every quote after it, as paragraph breaks do in real copy.
    """
    pieces, sentences, position = [], {}, 0
    for number, (start, end) in sorted(document.sentences.items(), key=lambda item: item[1]):
        pieces.append(document.text[start:end])
        sentences[number] = (position, position + end - start)
        position += end - start + 2
    return replace(document, text="\n\n".join(pieces), sentences=sentences, tokens={})


def _match(
    label: Mapping[str, Any], document: EcbDocument, found: Sequence[Attribution]
) -> Attribution | None:
    """Return the attribution of the labeled quote: one starting in its sentence."""
    start, end = document.sentences[label["sentence"]]
    here = [a for a in found if start <= a.span.start < end]
    same_kind = [a for a in here if a.direct == label["direct"]]
    candidates = same_kind or here
    return candidates[0] if candidates else None


def speaker_matches(gold: str, predicted: str | None, *, unnamed: bool = False) -> bool:
    """Return whether a predicted speaker names the labeled one (loosely, see above)."""
    if predicted is None:
        return False
    want, got = set(name_tokens(gold)), set(name_tokens(predicted))
    if not want or not got:
        return False
    if unnamed:
        return len(want & got) / len(want) >= _DESCRIPTION_OVERLAP
    return want <= got or got <= want


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
