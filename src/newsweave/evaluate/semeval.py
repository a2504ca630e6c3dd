"""SemEval-2022 Task 8: do two news articles tell the same story?

Each training pair (in one or two of ten languages) has an "Overall" score from
1 (same story) to 4 (unrelated). newsweave's same-story score is the
score the stories stage clusters on, time set aside (TF-IDF cosine of words,
or of lead embeddings across languages, blended with the TF-IDF cosine of
names, numbers and dates); the metric is Pearson's r against the gold score, signed
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
from newsweave.stories import pair_scores

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
    articles = read_records(records).articles
    by_source = {str(a.source_id): a for a in articles}
    scored, gold = [], []
    for n, (_, _, overall) in enumerate(pairs):
        first, second = by_source.get(f"{n}:0"), by_source.get(f"{n}:1")
        if first is None or second is None:  # a text ingest skipped (too short)
            continue
        scored.append((first, second))
        gold.append(-overall)
    scores = pair_scores(scored, embedder=load_embedder(embedder) if embedder else None)
    r = float(np.corrcoef(scores, gold)[0, 1])
    return EvalReport(
        name="semeval",
        description="same-story score vs 'Overall', Pearson r (signed), training pairs",
        data=str(path),
        metrics={"pairs": len(pairs), "scored_pairs": len(scored), "pearson_r": r},
    )
