"""What every evaluation gives back, and where the labeled data lives."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsweave.errors import DataNotFound
from newsweave.types import Article, Story

#: Environment variable naming the folder that holds the data sets' folders.
DATA_ENV = "NEWSWEAVE_DATA"


@dataclass(frozen=True)
class EvalReport:
    """Scores of one evaluation run."""

    name: str
    description: str
    data: str
    metrics: dict[str, float | int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "data": self.data,
            "metrics": self.metrics,
        }


def story_labels(
    records: Sequence[Mapping[str, Any]],
    articles: Sequence[Article],
    stories: Sequence[Story],
    *,
    storylines: bool = False,
) -> dict[str, str]:
    """Return each record's id → the id of the story (or storyline) its article landed in.

    A record ingest could not read is a story of its own, so it counts against
    recall instead of vanishing from the score.
    """
    source = {article.id: str(article.source_id) for article in articles}
    labels = {
        source[i]: str(story.storyline_id if storylines else story.id)
        for story in stories
        for i in story.article_ids
    }
    for record in records:
        labels.setdefault(str(record["id"]), f"unread:{record['id']}")
    return labels


def data_roots() -> list[Path]:
    """Return the folders searched for data sets, in order: $NEWSWEAVE_DATA, ../shared/data."""
    roots = []
    if os.environ.get(DATA_ENV):
        roots.append(Path(os.environ[DATA_ENV]))
    roots.append(Path.cwd().parent / "shared" / "data")
    # An editable install from a checkout: <checkout>/src/newsweave/evaluate/base.py
    roots.append(Path(__file__).resolve().parents[4] / "shared" / "data")
    return roots


def find_data(folder: str, required: str, given: Path | None = None) -> Path:
    """Return the data set folder (or file) to read; `DataNotFound` says where it looked."""
    candidates = [given] if given is not None else [root / folder for root in data_roots()]
    for candidate in candidates:
        if candidate.is_file() or (candidate / required).is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise DataNotFound(
        f"data set '{folder}' not found (looked for {required} in {looked}); "
        f"pass --data PATH or set {DATA_ENV} to the folder that holds '{folder}/'"
    )
