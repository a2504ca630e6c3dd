"""Evaluations on labeled data: `run_evaluation(name)` and the registry of data sets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsweave.errors import NotFound
from newsweave.evaluate import (
    clustmcms,
    conflicts,
    ecbplus,
    ecbplus_entities,
    ecbplus_time,
    fnc1,
    mrpc,
    multinews,
    quotes,
    semeval,
)
from newsweave.evaluate.base import EvalReport, data_roots, find_data
from newsweave.evaluate.metrics import bcubed

#: Every evaluation by name: each takes an optional data path and returns its report.
EVALUATIONS: dict[str, Callable[[Path | None], EvalReport]] = {
    "clustmcms": clustmcms.evaluate,
    "conflicts": conflicts.evaluate,
    "ecbplus": ecbplus.evaluate,
    "ecbplus-entities": ecbplus_entities.evaluate,
    "ecbplus-time": ecbplus_time.evaluate,
    "fnc1": fnc1.evaluate,
    "mrpc": mrpc.evaluate,
    "multinews": multinews.evaluate,
    "quotes": quotes.evaluate,
    "semeval": semeval.evaluate,
}


def run_evaluation(name: str, *, data: Path | None = None) -> EvalReport:
    """Return the scores of the evaluation called `name`."""
    try:
        evaluation = EVALUATIONS[name]
    except KeyError:
        raise NotFound(
            f"no evaluation called {name!r}; choose one of: {', '.join(sorted(EVALUATIONS))}"
        ) from None
    return evaluation(data)


__all__ = ["EVALUATIONS", "EvalReport", "bcubed", "data_roots", "find_data", "run_evaluation"]
