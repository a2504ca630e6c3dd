from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import DataNotFound, NotFound
from newsweave.evaluate import bcubed, run_evaluation


def test_bcubed_of_a_perfect_clustering_is_one() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert bcubed({"a": "x", "b": "x", "c": "y"}, gold) == (1.0, 1.0, 1.0)


def test_bcubed_of_everything_in_one_cluster() -> None:
    # Each item's cluster holds 4 items, 2 of them its own class: precision 1/2, recall 1.
    precision, recall, f1 = bcubed(dict.fromkeys("abcd", 0), {"a": 1, "b": 1, "c": 2, "d": 2})
    assert (precision, recall, round(f1, 4)) == (0.5, 1.0, 0.6667)


def test_bcubed_of_all_singletons() -> None:
    precision, recall, _ = bcubed({k: k for k in "abcd"}, {"a": 1, "b": 1, "c": 2, "d": 2})
    assert (precision, recall) == (1.0, 0.5)


def test_bcubed_needs_the_same_items() -> None:
    with pytest.raises(ValueError, match="same items"):
        bcubed({"a": 1}, {"b": 1})


def test_unknown_evaluation_names_the_known_ones() -> None:
    with pytest.raises(NotFound, match="choose one of: ecbplus"):
        run_evaluation("nosuch")


def test_missing_data_says_where_it_looked_and_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(DataNotFound, match="pass --data PATH or set NEWSWEAVE_DATA"):
        run_evaluation("ecbplus", data=tmp_path / "absent")


def test_ecbplus_on_a_small_split_in_the_same_format(tmp_path: Path) -> None:
    """Two events per topic, as in ECB+: the reports of each event share their specifics."""
    docs = [
        (
            1,
            "1_ecb",
            "An earthquake of magnitude 6.1 struck Ostmouth on Monday, killing 12 people.",
        ),
        (
            1,
            "1_ecb",
            "Twelve people died in Ostmouth when a 6.1 magnitude earthquake struck Monday.",
        ),
        (
            1,
            "1_ecbplus",
            "A magnitude 5.2 earthquake shook Brenna village at dawn, damaging a church.",
        ),
        (
            1,
            "1_ecbplus",
            "The church of Brenna village was damaged by a dawn earthquake of magnitude 5.2.",
        ),
    ]
    path = tmp_path / "docs.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n, (topic, subtopic, text) in enumerate(docs):
            suffix = "ecbplus" if subtopic.endswith("ecbplus") else "ecb"
            sentences = (
                [{"sentence": 0, "text": "http : / / example . com"}] if suffix == "ecbplus" else []
            )
            sentences.append({"sentence": len(sentences), "text": text})
            record = {
                "doc_id": f"{topic}_{n}{suffix}",
                "topic": topic,
                "subtopic": subtopic,
                "sentences": sentences,
            }
            out.write(json.dumps(record) + "\n")
    report = run_evaluation("ecbplus", data=path)
    assert report.metrics["documents"] == 4
    assert report.metrics["event_f1"] == 1.0, report.metrics
