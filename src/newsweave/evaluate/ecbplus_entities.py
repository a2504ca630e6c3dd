"""ECB+ entities: are the people, organizations and places of a story found and tied together?

Gold: ECB+'s HUMAN and LOC mentions in its fully annotated sentences, topics
1–35, kept where they are names (a capitalised word that does not merely open
the sentence): "Tara Reid", "Promises Treatment Center", "Malibu", but not
"the actress" or "she", which newsweave reads only as speakers of quotes.
Each ECB+ event (subtopic) is read as one story, as the stories stage groups it.

- `precision`, `recall`, `f1`: newsweave's name mentions against the gold
  names, matched by character overlap, each gold mention at most once.
- `kind_accuracy`: matched mentions whose kind agrees (HUMAN_PART_PER is a
  person, HUMAN_PART_ORG an organization, LOC_* a place; a country acting,
  HUMAN_PART_GPE, may be a place or an organization).
- `canonical_f1`: B-cubed F1 of newsweave's entities against ECB+'s
  coreference chains over the matched mentions of each event: do "Tara Reid"
  and "Reid" in three reports end up as one entity, and apart from others?
- `title_precision`: newsweave's title mentions ("the vice president") that
  ECB+ marks as a HUMAN mention, and of those, `title_accuracy`: tied to the
  entity that the names of the gold mention's chain (in any report of the
  event) were tied to.
"""

from __future__ import annotations

from collections import defaultdict
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
from newsweave.evaluate.metrics import bcubed, f1_score
from newsweave.extract import story_entities
from newsweave.types import Mention

_KINDS = {
    "HUMAN_PART_PER": ("person",),
    "HUMAN_PART_ORG": ("organization",),
    "HUMAN_PART_GPE": ("place", "organization"),
    "LOC_GEO": ("place",),
    "LOC_FAC": ("place", "organization"),
    "LOC_OTHER": ("place",),
}


def evaluate(data: Path | None = None) -> EvalReport:
    """Return detection, kind and canonical-name scores of entities on ECB+."""
    path = find_data(FOLDER, DOCS, data)
    documents = load_documents(path)
    gold_by_doc = read_mentions(path, type_prefixes=("HUMAN", "LOC"))
    events: dict[str, list[EcbDocument]] = defaultdict(list)
    for document in documents:
        events[document.subtopic].append(document)
    gold_total = predicted_total = gold_found = predicted_right = 0
    kinds_right = kinds_judged = titles = titles_right = 0
    title_hits: list[tuple[str, str]] = []
    ours: dict[str, str] = {}
    theirs: dict[str, str] = {}
    for event, members in events.items():
        found = story_entities([d.as_article() for d in members])
        for document in members:
            every = gold_mentions(document, gold_by_doc)
            gold = [g for g in every if _named(g, document)]
            mentions = [
                m
                for m in found.mentions.get(document.doc_id, ())
                if document.sentence_of(m.span.start) in document.annotated
            ]
            names = [m for m in mentions if m.via != "title"]
            gold_total += len(gold)
            predicted_total += len(names)
            predicted_right += sum(any(_overlap(m, g) for g in gold) for m in names)
            taken: set[int] = set()
            for g in gold:
                match = next(
                    (i for i, m in enumerate(names) if i not in taken and _overlap(m, g)), None
                )
                if match is None:
                    continue
                taken.add(match)
                gold_found += 1
                mention = names[match]
                if g.type in _KINDS:
                    kinds_judged += 1
                    kinds_right += mention.kind in _KINDS[g.type]
                key = f"{document.doc_id}:{g.start}"
                ours[key] = f"{event}:{mention.entity}"
                theirs[key] = f"{event}:{g.coref_chain}"
            for mention in (m for m in mentions if m.via == "title"):
                titles += 1
                hit = next((g for g in every if _overlap(mention, g)), None)
                if hit is not None and hit.type.startswith("HUMAN"):
                    titles_right += 1
                    title_hits.append((f"{event}:{mention.entity}", f"{event}:{hit.coref_chain}"))
    # A title is tied right when the names of its gold chain (in any report of the
    # event) went to the entity the title was tied to.
    entities_of_chain: dict[str, set[str]] = defaultdict(set)
    for key, chain in theirs.items():
        entities_of_chain[chain].add(ours[key])
    titles_tied = sum(entity in entities_of_chain[chain] for entity, chain in title_hits)
    precision = predicted_right / predicted_total if predicted_total else 0.0
    recall = gold_found / gold_total if gold_total else 0.0
    _, _, canonical = bcubed(ours, theirs)
    metrics: dict[str, float | int] = {
        "documents": len(documents),
        "gold": gold_total,
        "predicted": predicted_total,
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "kind_accuracy": kinds_right / kinds_judged if kinds_judged else 0.0,
        "canonical_f1": canonical,
        "title_mentions": titles,
        "title_precision": titles_right / titles if titles else 0.0,
        "title_accuracy": titles_tied / titles_right if titles_right else 0.0,
    }
    return EvalReport(
        name="ecbplus-entities",
        description="named people, organizations and places, ECB+ topics 1-35",
        data=str(path),
        metrics=metrics,
    )


def _named(mention: GoldMention, document: EcbDocument) -> bool:
    """Return whether a gold mention is a name: a capitalised word not just opening the sentence."""
    sentence_start = document.sentences[mention.sentence][0]
    words = mention.text.split()
    capitalised = [
        i
        for i, word in enumerate(words)
        if word[:1].isupper() and not (i == 0 and mention.start == sentence_start)
    ]
    return bool(capitalised) and mention.text not in {"I", "We"}


def _overlap(mention: Mention, gold: GoldMention) -> bool:
    return mention.span.start < gold.end and gold.start < mention.span.end
