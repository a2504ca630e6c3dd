"""SemEval-2022 Task 8: do two news articles tell the same story?

Each training pair (in one or two of ten languages) has an "Overall" score from
1 (same story) to 4 (unrelated). newsweave's same-story score is the
similarity the stories stage clusters on (TF-IDF cosine; lead embeddings
across languages); the metric is Pearson's r against the gold score, signed
so that higher is better (r of the similarity with -Overall).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

from newsweave.embeddings import load_embedder
from newsweave.evaluate.base import EvalReport, find_data
from newsweave.ingest import read_records
from newsweave.stories import cross_language_similarity, similarity_matrix

FOLDER = "semeval2022-task8-sample"
TRAIN = "training_set.csv"


def load(path: Path) -> list[tuple[str, str, float]]:
    """Return (text 1, text 2, Overall) for every training pair with both texts."""
    source = path if path.is_file() else path / TRAIN
    csv.field_size_limit(sys.maxsize)
    with source.open(encoding="utf-8", newline="") as rows:
        return [
            (row["text1"], row["text2"], float(row["Overall"]))
            for row in csv.DictReader(rows)
            if row["text1"].strip() and row["text2"].strip()
        ]


def evaluate(data: Path | None = None, *, embedder: str | None = "use-multilingual") -> EvalReport:
    """Return Pearson's r of the same-story score against Overall (signed: higher is better)."""
    path = find_data(FOLDER, TRAIN, data)
    pairs = load(path)
    # Each side is its own report, even where a text recurs in several pairs.
    records = [
        {"id": f"{n}:{side}", "text": text, "outlet": f"pair {n}, side {side}"}
        for n, pair in enumerate(pairs)
        for side, text in enumerate(pair[:2])
    ]
    articles = list(read_records(records).articles)
    position = {str(a.source_id): i for i, a in enumerate(articles)}
    similarity = similarity_matrix(articles)
    if embedder:
        similarity = np.maximum(
            similarity, cross_language_similarity(articles, load_embedder(embedder))
        )
    scores, gold = [], []
    for n, (_, _, overall) in enumerate(pairs):
        first, second = position.get(f"{n}:0"), position.get(f"{n}:1")
        if first is None or second is None:  # a text ingest skipped (too short)
            continue
        scores.append(similarity[first, second])
        gold.append(-overall)
    r = float(np.corrcoef(scores, gold)[0, 1])
    return EvalReport(
        name="semeval",
        description="same-story score vs 'Overall', Pearson r (signed), training pairs",
        data=str(path),
        metrics={"pairs": len(pairs), "scored_pairs": len(scores), "pearson_r": r},
    )
