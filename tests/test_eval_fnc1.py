"""The FNC-1 stance evaluation: on a hand-made split in its format, and on FNC-1 itself."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.errors import DataNotFound
from newsweave.evaluate import run_evaluation
from newsweave.evaluate.fnc1 import BODIES, STANCES, Pair, evaluate

# Body IDs 0 and 1 are for tuning (ID // 2 even), 2 and 3 are scored.
SPLIT_BODIES = {
    0: "The town council of Brill voted to close the old swimming baths in March.",
    1: "Storm winds tore the roof off the Brill market hall overnight, the fire service said.",
    2: (
        "The Brill observatory has found a new comet, the observatory said on Monday. "
        "The comet will pass close to the sun in the autumn."
    ),
    3: (
        "Claims that a meteorite fell on the Brill golf course are a hoax, police said. "
        "The crater in the pictures was dug by the groundskeepers."
    ),
}
SPLIT_PAIRS = [
    ("Brill votes to close its swimming baths", 0, "agree"),
    ("Brill observatory finds a new comet", 1, "unrelated"),
    ("Brill observatory finds a new comet", 2, "agree"),
    ("Meteorite falls on Brill golf course", 3, "disagree"),
    ("Meteorite falls on Brill golf course", 2, "unrelated"),
]


def write_split(folder: Path, pairs: list[tuple[str, int, str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / BODIES).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Body ID", "articleBody"])
        writer.writerows(SPLIT_BODIES.items())
    with (folder / STANCES).open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Headline", "Body ID", "Stance"])
        writer.writerows(pairs)
    return folder


def test_pairs_of_bodies_with_an_odd_half_id_are_the_scored_ones() -> None:
    held_out = {i: Pair("headline", i, "agree").held_out for i in range(8)}

    assert held_out == {0: False, 1: False, 2: True, 3: True, 4: False, 5: False, 6: True, 7: True}


def test_a_split_read_right_scores_full_marks_on_its_held_out_pairs(tmp_path: Path) -> None:
    metrics = evaluate(write_split(tmp_path / "split", SPLIT_PAIRS)).metrics

    scored = {k: metrics[k] for k in ("pairs", "related_accuracy", "fnc_score", "all_pairs")}
    assert scored == {"pairs": 3, "related_accuracy": 1.0, "fnc_score": 1.0, "all_pairs": 5}
    assert (metrics["f1_disagree"], metrics["f1_unrelated"]) == (1.0, 1.0)


def test_the_fnc_score_weighs_a_wrong_stance_at_three_quarters(tmp_path: Path) -> None:
    """A related pair read as related but with the wrong stance keeps only its 0.25."""
    pairs = [*SPLIT_PAIRS[:3], ("Meteorite falls on Brill golf course", 3, "agree")]
    metrics = evaluate(write_split(tmp_path / "split", pairs)).metrics

    # Both scored pairs are related: best 1.0 + 1.0; read: 1.0 (comet) + 0.25 (read "disagree").
    assert (metrics["pairs"], metrics["fnc_score"]) == (2, pytest.approx(1.25 / 2.0))


def test_a_stance_file_naming_absent_bodies_says_so(tmp_path: Path) -> None:
    folder = write_split(tmp_path / "split", [("A headline", 9, "agree")])

    with pytest.raises(DataNotFound, match=r"bodies \[9\] that competition_test_bodies.csv lacks"):
        evaluate(folder)


@pytest.mark.shared
def test_fnc1_scores_every_pair_of_the_competition_test_split(
    shared: Callable[..., Path],
) -> None:
    stances = shared("data", "fnc1-stance", STANCES)
    with stances.open(encoding="utf-8", newline="") as rows:
        every = list(csv.DictReader(rows))
    scored = sum(Pair(r["Headline"], int(r["Body ID"]), r["Stance"]).held_out for r in every)

    metrics = run_evaluation("fnc1").metrics

    assert (metrics["pairs"], metrics["all_pairs"]) == (scored, len(every))
    assert 0 < scored < len(every)
    fractions = {k: v for k, v in metrics.items() if not k.endswith("pairs")}
    assert all(0.0 <= v <= 1.0 for v in fractions.values()), fractions
    assert metrics["macro_f1"] > 2 * metrics["majority_macro_f1"], metrics
