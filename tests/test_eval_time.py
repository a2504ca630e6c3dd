"""The ECB+ text loader and the time-expression evaluation, on a hand-made split and on ECB+."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.evaluate import run_evaluation
from newsweave.evaluate.ecbplus_text import (
    detokenize,
    gold_mentions,
    load_documents,
    read_mentions,
)
from newsweave.evaluate.ecbplus_time import document_anchor, evaluate

# Two documents in ECB+'s format. Each sentence is its tokens joined by spaces;
# sentence 0 of an "ecbplus" document is its source URL.
HARBOR = [
    "http : / / example . com / harbor",
    "Harbor closes ahead of storm",
    "May 03 , 2013",
    "`` It was a mess , '' the mayor said on Friday .",
    "The U . S . office opened at 9 : 30 a . m . and closed in September .",
    "Officials said today that the season is over .",
]
CLUB = ["The club fired its coach on Monday after two weeks of losses ."]
# (document, sentence, first token, last token (both counted in the sentence), type)
GOLD = [
    ("1_1ecbplus", 2, 0, 3, "TIME_DATE"),  # May 03 , 2013 (sentence not annotated)
    ("1_1ecbplus", 3, 10, 11, "TIME_DATE"),  # on Friday
    ("1_1ecbplus", 4, 8, 14, "TIME_OF_THE_DAY"),  # 9 : 30 a . m .
    ("1_1ecbplus", 4, 17, 18, "TIME_DATE"),  # in September
    ("1_1ecbplus", 5, 4, 5, "TIME_DATE"),  # the season
    ("1_2ecb", 0, 5, 6, "TIME_DATE"),  # on Monday
    ("1_2ecb", 0, 8, 9, "TIME_DURATION"),  # two weeks
]
ANNOTATED = {"1_1ecbplus": (3, 4, 5), "1_2ecb": (0,)}


def _write_split(folder: Path) -> Path:
    """Write the two documents as an ECB+ folder: XML tokens, JSONL records, annotated CSV."""
    docs = {"1_1ecbplus": HARBOR, "1_2ecb": CLUB}
    t_ids: dict[tuple[str, int, int], int] = {}
    records = []
    for doc_id, sentences in docs.items():
        tokens = []
        for number, sentence in enumerate(sentences):
            for position, token in enumerate(sentence.split(" ")):
                t_ids[(doc_id, number, position)] = len(tokens) + 1
                tokens.append(
                    f'<token t_id="{len(tokens) + 1}" sentence="{number}" number="{position}">'
                    f"{token.replace('&', '&amp;')}</token>"
                )
        xml = folder / "xml" / "1" / f"{doc_id}.xml"
        xml.parent.mkdir(parents=True, exist_ok=True)
        xml.write_text(f'<Document doc_name="{doc_id}.xml">{"".join(tokens)}</Document>')
        records.append(
            {
                "doc_id": doc_id,
                "topic": 1,
                "subtopic": "1_" + doc_id.split("_")[1].lstrip("0123456789"),
                "file": f"xml/1/{doc_id}.xml",
                "sentences": [{"sentence": i, "text": s} for i, s in enumerate(sentences)],
            }
        )
    (folder / "ecbplus_docs.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    mentions = [
        {
            "doc_id": doc_id,
            "topic": 1,
            "m_id": str(i),
            "type": kind,
            "sentence": sentence,
            "t_ids": [t_ids[(doc_id, sentence, p)] for p in range(first, last + 1)],
            "coref_chain": f"SINGLETON_{i}",
            "link": None,
        }
        for i, (doc_id, sentence, first, last, kind) in enumerate(GOLD)
    ]
    (folder / "ecbplus_mentions.jsonl").write_text("\n".join(json.dumps(m) for m in mentions))
    rows = [
        f"1,{doc_id.split('_')[1]},{n}" for doc_id, numbers in ANNOTATED.items() for n in numbers
    ]
    (folder / "ECBplus_coreference_sentences.csv").write_text(
        "Topic,File,Sentence Number\n" + "\n".join(rows) + "\n"
    )
    return folder


@pytest.fixture
def split(tmp_path: Path) -> Path:
    return _write_split(tmp_path / "ecbplus")


def test_documents_read_as_text_without_the_url_sentence(split: Path) -> None:
    harbor, club = load_documents(split)
    assert (harbor.doc_id, harbor.subtopic, sorted(harbor.annotated)) == (
        "1_1ecbplus",
        "1_ecbplus",
        [3, 4, 5],
    )
    assert harbor.text.split("\n") == [
        "Harbor closes ahead of storm",
        "May 03, 2013",
        "“It was a mess,” the mayor said on Friday.",
        "The U.S. office opened at 9:30 a.m. and closed in September.",
        "Officials said today that the season is over.",
    ]
    assert [harbor.text[slice(*harbor.sentences[n])] for n in (1, 5)] == [
        "Harbor closes ahead of storm",
        "Officials said today that the season is over.",
    ]
    assert club.text == "The club fired its coach on Monday after two weeks of losses."


def test_gold_mentions_are_character_spans_of_the_annotated_sentences(split: Path) -> None:
    harbor, club = load_documents(split)
    mentions = read_mentions(split, type_prefixes=("TIME_",))
    assert [(g.sentence, g.text, g.type) for g in gold_mentions(harbor, mentions)] == [
        (3, "on Friday", "TIME_DATE"),
        (4, "9:30 a.m.", "TIME_OF_THE_DAY"),
        (4, "in September", "TIME_DATE"),
        (5, "the season", "TIME_DATE"),
    ]
    every = gold_mentions(harbor, mentions, annotated_only=False)
    assert every[0].text == "May 03, 2013"
    assert [g.text for g in gold_mentions(club, mentions)] == ["on Monday", "two weeks"]


def test_detokenized_tokens_keep_their_offsets() -> None:
    tokens = [(1, 0, "It"), (2, 0, "’"), (3, 0, "s"), (4, 0, "$"), (5, 0, "80"), (6, 0, "-")]
    tokens += [(7, 0, "million"), (8, 0, "deal"), (9, 1, "Lakers"), (10, 1, "'"), (11, 1, "win")]
    text, sentences, offsets = detokenize(tokens)
    assert text == "It’s $80-million deal\nLakers' win"
    assert sentences == {0: (0, 21), 1: (22, 33)}
    assert [text[slice(*offsets[t])] for t in (1, 2, 3, 5, 9, 10)] == [
        "It",
        "’",
        "s",
        "80",
        "Lakers",
        "'",
    ]


def test_a_document_is_anchored_on_its_dateline(split: Path) -> None:
    harbor, club = load_documents(split)
    anchor = document_anchor(harbor)
    assert anchor is not None and anchor.isoformat() == "2013-05-03"
    assert document_anchor(club) is None


def test_time_scores_on_a_small_split(split: Path) -> None:
    # Found: Friday, 9:30 a.m., September, today (no gold), Monday (unresolved: no
    # dateline). Missed: "the season". Not counted: the dateline's sentence.
    metrics = evaluate(split).metrics
    assert metrics == {
        "precision": 0.8,
        "recall": 0.8,
        "f1": pytest.approx(0.8),
        "strict_f1": pytest.approx(0.8),
        "duration_recall": 0.0,
        "resolved": 0.8,
        "gold": 5,
        "predicted": 5,
    }


@pytest.mark.shared
def test_time_scores_on_ecbplus(shared: Callable[..., Path]) -> None:
    shared("data", "ecbplus")
    metrics = run_evaluation("ecbplus-time").metrics
    shares = {k: v for k, v in metrics.items() if k not in ("gold", "predicted")}
    assert all(0.0 <= v <= 1.0 for v in shares.values()), shares
    assert metrics["gold"] > 0 and metrics["predicted"] > 0, metrics
