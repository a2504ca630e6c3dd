"""MRPC: does newsweave see that one news sentence restates another?

The Microsoft Research Paraphrase Corpus pairs sentences from different
outlets' reports of the same story, labeled 1 when they say the same thing.
newsweave's reuse stage decides this for every sentence pair it aligns
(`reuse.evidence.restates`); here the same decision is scored against the
labels of the training split (nothing is trained on it).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from newsweave.embeddings import load_embedder
from newsweave.evaluate.base import EvalReport, find_data
from newsweave.evaluate.metrics import f1_score
from newsweave.reuse.evidence import content_words, dice, restates
from newsweave.reuse.tokens import tokenize

FOLDER = "mrpc-news-paraphrase"
TRAIN = "msr_paraphrase_train.txt"


def load(path: Path) -> list[tuple[int, str, str]]:
    """Return (label, sentence 1, sentence 2) rows of the MRPC training TSV."""
    source = path if path.is_file() else path / TRAIN
    rows = []
    with source.open(encoding="utf-8-sig") as lines:
        next(lines)  # header
        for line in lines:
            # Split by hand: sentences hold unbalanced quotes that trip the csv module.
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 5 and fields[0] in ("0", "1"):
                rows.append((int(fields[0]), fields[3], fields[4]))
    return rows


def evaluate(data: Path | None = None, *, embedder: str | None = "use-multilingual") -> EvalReport:
    """Return accuracy, precision, recall and F1 of rewrite detection on MRPC train."""
    path = find_data(FOLDER, TRAIN, data)
    rows = load(path)
    labels = np.array([label for label, _, _ in rows], dtype=bool)
    lexical = np.array(
        [
            dice(content_words(tokenize(a).words, "en"), content_words(tokenize(b).words, "en"))
            for _, a, b in rows
        ]
    )
    semantic = None
    if embedder:
        model = load_embedder(embedder)
        first = model.embed([a for _, a, _ in rows])
        second = model.embed([b for _, _, b in rows])
        semantic = np.sum(first * second, axis=1)
    _, predicted = restates(lexical, semantic, same_language=True)
    true_positive = int(np.sum(predicted & labels))
    precision = true_positive / max(int(predicted.sum()), 1)
    recall = true_positive / max(int(labels.sum()), 1)
    return EvalReport(
        name="mrpc",
        description="rewrite detection on sentence pairs, MRPC train split",
        data=str(path),
        metrics={
            "pairs": len(rows),
            "accuracy": float(np.mean(predicted == labels)),
            "precision": precision,
            "recall": recall,
            "f1": f1_score(precision, recall),
            "majority_baseline_accuracy": float(max(labels.mean(), 1 - labels.mean())),
        },
    )
