"""The quality gate: scores on labeled data must not fall below their pinned floors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from newsweave.evaluate import EVALUATIONS, run_evaluation

FLOORS = tomllib.loads((Path(__file__).parent / "floors.toml").read_text(encoding="utf-8"))


def test_every_evaluation_has_floors() -> None:
    assert sorted(FLOORS) == sorted(EVALUATIONS)


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_scores_stay_above_their_floors(name: str, shared) -> None:
    shared("data")
    metrics = run_evaluation(name).metrics
    below = {
        metric: (metrics[metric], floor)
        for metric, floor in FLOORS[name].items()
        if metrics[metric] < floor
    }
    assert below == {}, f"{name}: (score, floor) below the floor: {below}"
