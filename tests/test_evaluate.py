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
    with pytest.raises(
        NotFound,
        match="choose one of: clustmcms, conflicts, ecbplus, ecbplus-entities, ecbplus-time, fnc1, mrpc, multinews, quotes, semeval",
    ):
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


def test_clustmcms_on_a_small_split_in_the_same_format(tmp_path: Path) -> None:
    """Noise-cluster members (166) are stories of their own in the gold clustering."""
    texts = [
        (
            "Ferry fares rise",
            "Ferry fares between Brenna and Ostmouth rise by ten per cent from March, the operator said on Monday.",
            1,
        ),
        (
            "Ferry fares to rise in March",
            "The ferry operator said on Monday that fares between Brenna and Ostmouth will rise by ten per cent in March.",
            1,
        ),
        (
            "Chess club turns 100",
            "A chess club in Varnholt celebrated its hundredth anniversary with a tournament for players from eleven countries.",
            166,
        ),
    ]
    data = {
        "articles": [
            {"ID": n, "title": title, "sentences": [{"SID": 0, "content": text}]}
            for n, (title, text, _) in enumerate(texts)
        ],
        "clusters": [label for _, _, label in texts],
    }
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = run_evaluation("clustmcms", data=path)
    assert (report.metrics["articles"], report.metrics["f1"]) == (3, 1.0), report.metrics


def test_semeval_scores_similar_pairs_above_unrelated_ones(tmp_path: Path) -> None:
    header = "Unnamed: 0,pair_id,lang1,lang2,text1,text2,Geography,Entities,Time,Narrative,Overall,Style,Tone\n"
    same = "Ferry fares between Brenna and Ostmouth rise by ten per cent from March, the operator said."
    also = "The operator said ferry fares between Brenna and Ostmouth will rise by ten per cent in March."
    other = "A chess club in Varnholt celebrated its hundredth anniversary with a large tournament."
    rows = [
        (same, also, 1.0),
        (same, other, 4.0),
        (also, other, 3.5),
        (same, same + " Tickets go on sale now.", 1.5),
    ]
    lines = [
        f'{n},p{n},en,en,"{a}","{b}",1,1,1,1,{overall},1,1'
        for n, (a, b, overall) in enumerate(rows)
    ]
    path = tmp_path / "train.csv"
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    report = run_evaluation("semeval", data=path)
    assert report.metrics["scored_pairs"] == 4
    assert report.metrics["pearson_r"] > 0.8, report.metrics
