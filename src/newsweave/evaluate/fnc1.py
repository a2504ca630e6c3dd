"""FNC-1: does newsweave read a report body's stance toward another outlet's headline?

The Fake News Challenge (stage 1) pairs headlines with article bodies from
other outlets, labeled "unrelated", "discuss", "agree" or "disagree"
(`compare.stance.StanceReader` reads them without training). Only the
competition test split is at hand, so it is cut in two by body: the pairs
whose Body ID // 2 is even (Body ID mod 4 is 0 or 1) are where the reader's
thresholds were chosen, and the figures are those of the other pairs, which
nothing was tuned on. (The copy in ../shared/data holds even Body IDs only,
so an even/odd cut would leave nothing to report on.) `all_` figures cover
every pair, for information.

`fnc_score` is the official weighted score as a fraction of the best possible:
0.25 for each right related/unrelated decision, 0.75 more for the right stance
of a related pair. Published for reference, with training: the top systems
reach a macro-F1 of about 0.60 and an FNC score of about 0.82; always saying
"unrelated" gets a macro-F1 of about 0.21.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score

from newsweave.compare.stance import Stance, StanceReader
from newsweave.embeddings import load_embedder
from newsweave.errors import DataNotFound
from newsweave.evaluate.base import EvalReport, find_data

FOLDER = "fnc1-stance"
BODIES = "competition_test_bodies.csv"
STANCES = "competition_test_stances.csv"
LABELS: tuple[Stance, ...] = ("agree", "disagree", "discuss", "unrelated")


@dataclass(frozen=True)
class Pair:
    """One labeled pair: a headline, the body it is paired with, and the gold stance."""

    headline: str
    body_id: int
    stance: str

    @property
    def held_out(self) -> bool:
        """Return whether the pair is scored: its body is not one thresholds were tuned on."""
        return (self.body_id // 2) % 2 == 1


def load(path: Path) -> tuple[dict[int, str], list[Pair]]:
    """Return the bodies by Body ID and the labeled pairs of an FNC-1 split's folder."""
    # Bodies run to tens of thousands of characters, past the csv module's default limit.
    csv.field_size_limit(sys.maxsize)
    with (path / BODIES).open(encoding="utf-8", newline="") as rows:
        bodies = {int(row["Body ID"]): row["articleBody"] for row in csv.DictReader(rows)}
    with (path / STANCES).open(encoding="utf-8", newline="") as rows:
        pairs = [
            Pair(row["Headline"], int(row["Body ID"]), row["Stance"])
            for row in csv.DictReader(rows)
        ]
    missing = sorted({p.body_id for p in pairs} - set(bodies))
    if missing:
        raise DataNotFound(
            f"{path / STANCES} pairs headlines with bodies {missing[:5]} that {BODIES} lacks; "
            "pass --data PATH to a folder holding both files of one split"
        )
    return bodies, pairs


def evaluate(data: Path | None = None, *, embedder: str | None = None) -> EvalReport:
    """Return related accuracy, macro-F1, FNC score and per-class F1 on the held-out pairs.

    `embedder` names an embedder to blend into relatedness ("use-multilingual");
    by default the reader runs on words and characters alone: on this English
    data the embedder changes the scores by less than 0.01 and takes minutes
    instead of seconds.
    """
    path = find_data(FOLDER, STANCES, data)
    bodies, pairs = load(path)
    reader = StanceReader(bodies.values(), embedder=load_embedder(embedder) if embedder else None)
    predicted = [reader.stance(p.headline, bodies[p.body_id]).label for p in pairs]
    gold = [p.stance for p in pairs]
    held_out = [p.held_out for p in pairs]
    scored = _scores(
        [g for g, h in zip(gold, held_out, strict=True) if h],
        [s for s, h in zip(predicted, held_out, strict=True) if h],
    )
    everything = _scores(gold, predicted)
    return EvalReport(
        name="fnc1",
        description=(
            "stance of a report body toward a headline (FNC-1 competition test); thresholds "
            "tuned on pairs whose Body ID // 2 is even, scores on the others; all_: every pair"
        ),
        data=str(path),
        metrics={
            **scored,
            **{f"all_{name}": value for name, value in everything.items()},
            "majority_macro_f1": _scores(gold, ["unrelated"] * len(gold))["macro_f1"],
        },
    )


def _scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float | int]:
    """Return the pair count, related accuracy, macro-F1, FNC score and per-class F1."""
    truth, guess = np.array(gold), np.array(predicted)
    per_class = f1_score(truth, guess, labels=list(LABELS), average=None, zero_division=0.0)
    related = truth != "unrelated"
    same_relatedness = related == (guess != "unrelated")
    score = 0.25 * same_relatedness.sum() + 0.75 * (related & (truth == guess)).sum()
    best = 0.25 * len(truth) + 0.75 * related.sum()
    return {
        "pairs": len(truth),
        "related_accuracy": float(same_relatedness.mean()) if len(truth) else 0.0,
        "macro_f1": float(np.mean(per_class)),
        "fnc_score": float(score / best) if best else 0.0,
        **{f"f1_{label}": float(f) for label, f in zip(LABELS, per_class, strict=True)},
    }
