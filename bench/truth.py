"""The truth a planted corpus carries, and scores of newsweave's answers against it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from newsweave.evaluate.metrics import bcubed, f1_score

#: The kinds of derivation a corpus plants.
KINDS = ("copy", "rewrite", "partial", "quotation")


@dataclass(frozen=True)
class Truth:
    """The planted truth: each report's event and role; each derivation's kind."""

    events: dict[str, str]
    roles: dict[str, str]
    #: (source id, derived id) → kind.
    derivations: dict[tuple[str, str], str]


def read_truth(path: Path) -> Truth:
    """Return the truth written beside a corpus (its truth.jsonl)."""
    truth = Truth({}, {}, {})
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            truth.events[row["id"]], truth.roles[row["id"]] = row["event"], row["role"]
            if row["source"] is not None:
                truth.derivations[(row["source"], row["id"])] = row["role"]
    return truth


def score_stories(stories_by_report: Mapping[str, str], truth: Truth) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 of stories (report id → story) against the events.

    A report the stories leave out counts as a story of its own; reports the
    truth does not know are ignored.
    """
    predicted = {r: stories_by_report.get(r, f"alone:{r}") for r in truth.events}
    return bcubed(predicted, truth.events)


def score_derivations(found: Iterable[tuple[str, str, str]], truth: Truth) -> dict[str, float]:
    """Return how well found (source, derived, kind) triples recover the planted derivations.

    Pairs match whatever their direction: precision, recall, F1, and recall per
    kind. Over the planted pairs found, `direction` is the share found source
    first, and `kind` the share found as the planted kind. Unplanted pairs are
    counted by whether their reports tell one event (`false_same_event`: two
    copies of one wire, say) or two (`false_cross_event`).
    """
    planted = {frozenset(pair): (pair, kind) for pair, kind in truth.derivations.items()}
    answer: dict[frozenset[str], tuple[tuple[str, str], str]] = {}
    for source, derived, kind in found:
        answer.setdefault(frozenset((source, derived)), ((source, derived), kind))
    hits = [key for key in answer if key in planted]
    precision = len(hits) / len(answer) if answer else 0.0
    recall = len(hits) / len(planted) if planted else 0.0
    false = [key for key in answer if key not in planted]
    same = sum(len({truth.events.get(r, r) for r in key}) == 1 for key in false)
    scores = {
        "found": len(answer),
        "planted": len(planted),
        "precision": precision,
        "recall": recall,
        "f1": f1_score(precision, recall),
        "direction": _share(answer[k][0] == planted[k][0] for k in hits),
        "kind": _share(answer[k][1] == planted[k][1] for k in hits),
        "false_same_event": same,
        "false_cross_event": len(false) - same,
    }
    for kind in KINDS:
        scores[f"recall_{kind}"] = _share(k in answer for k, (_, p) in planted.items() if p == kind)
    return {name: float(value) for name, value in scores.items()}


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0
