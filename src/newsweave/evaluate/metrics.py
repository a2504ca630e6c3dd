"""Clustering metrics used by the evaluations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping


def bcubed(
    predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]
) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 of a clustering against gold clusters.

    Both map item → cluster label, over the same items (Bagga & Baldwin 1998;
    Amigó et al. 2009).
    """
    if set(predicted) != set(gold):
        raise ValueError("predicted and gold clusterings must cover the same items")
    if not gold:
        return 0.0, 0.0, 0.0
    pair_counts = Counter((predicted[item], gold[item]) for item in gold)
    predicted_sizes = Counter(predicted.values())
    gold_sizes = Counter(gold.values())
    precision = recall = 0.0
    for item in gold:
        shared = pair_counts[(predicted[item], gold[item])]
        precision += shared / predicted_sizes[predicted[item]]
        recall += shared / gold_sizes[gold[item]]
    precision /= len(gold)
    recall /= len(gold)
    return precision, recall, f1_score(precision, recall)


def f1_score(precision: float, recall: float) -> float:
    """Return the harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
