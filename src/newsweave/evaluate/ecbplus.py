"""ECB+: can newsweave tell two events of the same kind apart?

Each ECB+ topic holds reports of two different real events of one kind (two
earthquakes, two arrests). Documents of topics 1–35 (the train and dev topics;
36–45 are held out) are clustered together, and B-cubed scores are measured
for stories against the events (subtopics) and for storylines against the
topics.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.evaluate.base import EvalReport, find_data, story_labels
from newsweave.evaluate.metrics import bcubed
from newsweave.ingest import read_records
from newsweave.stories import DEFAULT_THRESHOLD, group_stories

FOLDER = "ecbplus"
DOCS = "ecbplus_docs.jsonl"
TOPICS = range(1, 36)


def load(path: Path) -> list[dict[str, object]]:
    """Return the documents of topics 1–35 as records: id, text, topic, subtopic."""
    source = path if path.is_file() else path / DOCS
    records = []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            if doc["topic"] not in TOPICS:
                continue
            sentences = doc["sentences"]
            if doc["doc_id"].endswith("ecbplus"):
                sentences = sentences[1:]  # sentence 0 of ecbplus documents is the source URL
            records.append(
                {
                    "id": doc["doc_id"],
                    "text": "\n".join(s["text"] for s in sentences),
                    "topic": doc["topic"],
                    "subtopic": doc["subtopic"],
                }
            )
    return records


def evaluate(data: Path | None = None, *, threshold: float = DEFAULT_THRESHOLD) -> EvalReport:
    """Return B-cubed P/R/F1 of story clustering at event and topic level."""
    path = find_data(FOLDER, DOCS, data)
    records = load(path)
    result = read_records(records)
    stories = group_stories(result.articles, threshold=threshold)
    metrics: dict[str, float | int] = {
        "documents": len(records),
        "stories": len(stories),
        "storylines": len({s.storyline_id for s in stories}),
    }
    # Events are scored on stories; topics, which group two events of one
    # kind, on storylines, which group events alike in content.
    for name, level, storylines in (("event", "subtopic", False), ("topic", "topic", True)):
        predicted = story_labels(records, result.articles, stories, storylines=storylines)
        gold = {str(r["id"]): str(r[level]) for r in records}
        precision, recall, f1 = bcubed(predicted, gold)
        metrics.update({f"{name}_precision": precision, f"{name}_recall": recall, f"{name}_f1": f1})
    return EvalReport(
        name="ecbplus",
        description="event clustering, B-cubed, topics 1-35",
        data=str(path),
        metrics=metrics,
    )
