"""Clust-McMs: story clustering of multilingual news (English, Chinese, Malay, Indonesian).

The dev split's 209 articles form 51 gold clusters; cluster 166 is a catch-all
of unrelated articles, so its members count as stories of their own. The
stories stage runs as in the pipeline, multilingual embeddings included.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsweave.embeddings import load_embedder
from newsweave.evaluate.base import EvalReport, find_data, story_labels
from newsweave.evaluate.metrics import bcubed
from newsweave.ingest import read_records
from newsweave.stories import DEFAULT_THRESHOLD, group_stories

FOLDER = "clustmcms-sg-news-clusters"
DEV = "mds_ac_dev_final.json"
NOISE_CLUSTER = 166


def load(path: Path) -> list[dict[str, object]]:
    """Return the dev articles as records: id, title, text, gold cluster."""
    source = path if path.is_file() else path / DEV
    data = json.loads(source.read_text(encoding="utf-8"))
    records = []
    for article, label in zip(data["articles"], data["clusters"], strict=True):
        gold = f"noise:{article['ID']}" if label == NOISE_CLUSTER else str(label)
        records.append(
            {
                "id": str(article["ID"]),
                "title": article["title"],
                "text": "\n".join(s["content"] for s in article["sentences"] if s.get("content")),
                "gold": gold,
            }
        )
    return records


def evaluate(
    data: Path | None = None,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    embedder: str | None = "use-multilingual",
) -> EvalReport:
    """Return B-cubed P/R/F1 of story clustering against the dev clusters."""
    path = find_data(FOLDER, DEV, data)
    records = load(path)
    result = read_records(records)
    model = load_embedder(embedder) if embedder else None
    stories = group_stories(result.articles, threshold=threshold, embedder=model)
    predicted = story_labels(records, result.articles, stories)
    precision, recall, f1 = bcubed(predicted, {str(r["id"]): str(r["gold"]) for r in records})
    languages = sorted({a.language or "?" for a in result.articles})
    return EvalReport(
        name="clustmcms",
        description="multilingual story clustering, B-cubed, dev split",
        data=str(path),
        metrics={
            "articles": len(records),
            "stories": len(stories),
            "languages": len(languages),
            "precision": precision,
            "recall": recall,
            "f1": f1,
        },
    )
