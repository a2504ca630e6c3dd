"""The Multi-News summary evaluation: on a hand-made file in its format, and on the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.evaluate import run_evaluation
from newsweave.evaluate.multinews import FILE, citations_checked, load
from newsweave.types import Sentence, Span, SummarySentence

ORCHARD = (
    "Frost destroyed most of the cherry blossom in the Vell valley overnight, growers said on Tuesday. "
    "NEWLINE_CHAR NEWLINE_CHAR The growers' cooperative expects the harvest to fall by half this summer. "
    "NEWLINE_CHAR NEWLINE_CHAR Some farmers lit fires between the rows of trees to keep the cold away."
)
VALLEY = (
    "Growers in the Vell valley said a night of frost destroyed most of the cherry blossom. "
    "NEWLINE_CHAR NEWLINE_CHAR The regional government will meet the cooperative on Friday to discuss aid."
)
LIBRARY = (
    "The town library of Osk reopened on Monday after two years of building work. "
    "NEWLINE_CHAR NEWLINE_CHAR The new reading room holds twelve thousand books and a children's corner."
)
ROWS = [
    {
        "input": "",
        "context": f"Passage 1:\n{ORCHARD}\nPassage 2:\n{VALLEY}\n",
        "answers": [
            "– Frost has destroyed most cherry blossom in the Vell valley, and growers expect half the usual harvest."
        ],
        "_id": "orchard",
    },
    {
        "input": "",
        "context": f"Passage 1:\n{LIBRARY}\n",
        "answers": [
            "– The Osk library has reopened after two years of work, with a new reading room."
        ],
        "_id": "library",
    },
]


@pytest.fixture
def split(tmp_path: Path) -> Path:
    lines = "".join(json.dumps(row) + "\n" for row in ROWS)
    (tmp_path / FILE).write_text(lines, encoding="utf-8")
    return tmp_path


def test_clusters_are_read_with_their_reports_and_reference(split: Path) -> None:
    clusters = load(split)
    assert [(c.id, len(c.reports)) for c in clusters] == [("orchard", 2), ("library", 1)]
    assert clusters[0].reports[0].splitlines()[2].startswith("The growers' cooperative")
    assert clusters[1].reference.startswith("The Osk library")


def test_the_scores_of_a_hand_made_split_are_in_range(split: Path) -> None:
    metrics = run_evaluation("multinews", data=split).metrics
    assert metrics["clusters"] == 2
    assert 30 < metrics["rouge1"] <= 100, metrics
    assert 0 < metrics["rouge2"] <= metrics["rouge1"], metrics
    assert metrics["citation_precision"] == 1.0, metrics
    assert metrics["mean_words"] <= 250, metrics


def test_a_citation_of_a_report_that_does_not_carry_the_sentence_counts_against() -> None:
    said = "Frost destroyed most of the cherry blossom in the valley overnight."
    sentences = {
        "a": [Sentence("a", 0, 0, len(said), said)],
        "b": [Sentence("b", 0, 0, 40, "The library reopened after building work.")],
    }
    summary = [SummarySentence(said, (Span("a", 0, len(said)), Span("b", 0, 40)))]
    assert list(citations_checked(summary, sentences)) == [True, False]


@pytest.mark.shared
def test_the_first_clusters_of_multinews_score_in_range(shared, tmp_path: Path) -> None:
    data = shared("data", "multinews-longbench200", FILE)
    first = data.read_text(encoding="utf-8").splitlines(keepends=True)[:10]
    (tmp_path / FILE).write_text("".join(first), encoding="utf-8")
    metrics = run_evaluation("multinews", data=tmp_path).metrics
    assert metrics["clusters"] == 10
    assert 40 < metrics["rouge1"] < 60, metrics
    assert 10 < metrics["rouge2"] < 30, metrics
    assert metrics["citation_precision"] > 0.95, metrics
    assert 200 < metrics["mean_words"] <= 250, metrics
