"""Who copied whom: derivations on small hand-written reports, the seeds and the example."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.embeddings import load_embedder
from newsweave.reuse import count_origins, find_derivations
from newsweave.text import split_sentences
from newsweave.types import Article, Derivation

STATEMENT = """---
title: Statement on the Brenna bridge
outlet: Ministry of Transport of Calvera
published: 2026-02-02T10:00:00+01:00
---

The Ministry of Transport will rebuild the old Brenna bridge over the Seline River, starting in May and finishing before the winter floods of next year.

The new bridge will carry two lanes for cars, a protected lane for bicycles and a footpath on each side, and it will be raised by two metres above the old deck.

The works will cost 38 million euros, of which the regional government of the Seline valley will pay a third and the ministry the rest.

During the works a ferry will run every twenty minutes between the two banks, free of charge for residents of Brenna and Ostmouth.
"""

COPY = """date 2026-02-03 BRENNA

The Ministry of Transport will rebuild the old Brenna bridge over the Seline River, starting in May and finishing before the winter floods of next year.

The new bridge will carry two lanes for cars, a protected lane for bicycles and a footpath on each side, and it will be raised by two metres above the old deck.

The works will cost 38 million euros, of which the regional government of the Seline valley will pay a third and the ministry the rest.

During the works a ferry will run every twenty minutes between the two banks, free of charge for residents of Brenna and Ostmouth.
"""

QUOTING = """date 2026-02-03 OSTMOUTH

Shopkeepers in Ostmouth welcomed the plan on Tuesday but asked for the ferry to run late into the evening, when most of their customers cross the river.

"The works will cost 38 million euros, of which the regional government of the Seline valley will pay a third and the ministry the rest," the ministry said in a statement.

The harbour master said the ferry landing on the Ostmouth side would need a new pontoon before May, and that he had not yet been told who would pay for it.

Local councillors plan to hold a public meeting about the closure in March at the town hall.
"""

INDEPENDENT = """date 2026-02-04 VARNHOLT

A chess club in Varnholt celebrated its hundredth anniversary with a tournament that drew players from eleven countries and a record crowd of spectators.

The youngest player, aged nine, drew her game against the club's oldest member, who has played there for sixty years.
"""


def _read(*texts: str) -> list[Article]:
    result = nw.read_texts(texts)
    assert result.skipped == ()
    return list(result.articles)


def _derive(articles: list[Article], embedder: object | None = None) -> list[Derivation]:
    sentences = {a.id: split_sentences(a) for a in articles}
    return list(find_derivations(articles, sentences, embedder=embedder))  # type: ignore[arg-type]


def test_word_for_word_republication_is_a_copy_of_the_earlier_report() -> None:
    statement, copy = _read(STATEMENT, COPY)
    (derivation,) = _derive([copy, statement])
    assert (derivation.source, derivation.derived, derivation.kind) == (
        statement.id,
        copy.id,
        "copy",
    )
    assert derivation.shared_fraction > 0.9
    passage = derivation.passages[0]
    source_text = statement.text[passage.source.start : passage.source.end]
    derived_text = copy.text[passage.derived.start : passage.derived.end]
    assert source_text.lower() == derived_text.lower()


def test_attributed_quotation_of_a_statement_is_a_quotation() -> None:
    statement, quoting = _read(STATEMENT, QUOTING)
    (derivation,) = _derive([statement, quoting])
    assert (derivation.source, derivation.derived, derivation.kind) == (
        statement.id,
        quoting.id,
        "quotation",
    )
    assert 0.1 < derivation.shared_fraction < 0.5


def test_unrelated_reports_derive_from_nothing() -> None:
    assert _derive(_read(STATEMENT, INDEPENDENT)) == []


def test_a_copy_is_not_a_second_source() -> None:
    statement, copy, quoting = _read(STATEMENT, COPY, QUOTING)
    derivations = _derive([statement, copy, quoting])
    assert count_origins([statement.id, copy.id, quoting.id], derivations) == 2


def test_direction_without_dates_comes_from_the_official_statement() -> None:
    undated = STATEMENT.replace("published: 2026-02-02T10:00:00+01:00\n", "")
    statement, copy = _read(undated, COPY.replace("date 2026-02-03 BRENNA\n", ""))
    (derivation,) = _derive([copy, statement])
    assert derivation.source == statement.id
    assert derivation.confidence < 0.95  # less sure than with publication times


def test_two_reports_quoting_the_same_speaker_are_independent() -> None:
    speech = (
        "“We will not let the river decide where our children go to school, and we will "
        "not wait for the next flood to act,” the mayor said."
    )
    first = (
        f"date 2026-02-05 BRENNA\n\nThe mayor of Brenna spoke at the school on Thursday. "
        f"{speech}\n\nParents asked for a bus while the bridge is closed."
    )
    second = (
        f"date 2026-02-06 OSTMOUTH\n\nResidents of Ostmouth gathered at the harbour. "
        f"{speech}\n\nThe harbour master promised a second ferry in the summer."
    )
    assert _derive(_read(first, second)) == []


@pytest.fixture(scope="module")
def embedder() -> object:
    return load_embedder()


@pytest.mark.shared
def test_seeds_rewrite_and_quotation_of_the_statement(shared, embedder) -> None:
    result = nw.read([shared("seeds")])
    by_file = {Path(a.path or "").name[:3]: a.id for a in result.articles}
    found = {(d.derived, d.source): d.kind for d in _derive(list(result.articles), embedder)}
    assert found[(by_file["000"], by_file["001"])] == "rewrite"
    assert found[(by_file["004"], by_file["001"])] == "quotation"
    pairs = {frozenset(pair) for pair in found}
    assert frozenset((by_file["003"], by_file["004"])) not in pairs
    assert count_origins(list(by_file.values()), _derive(list(result.articles), embedder)) == 4


def test_example_derivations_match_the_ground_truth(embedder) -> None:
    truth = tomllib.loads(
        (Path(__file__).parents[1] / "fixtures" / "example_truth.toml").read_text("utf-8")
    )
    example = Path(nw.__file__).parent / "example"
    articles = list(nw.read([example]).articles)
    by_file = {
        Path(a.path or "").name: a.id
        for a in articles
        if a.source_id is None or "tram" not in a.source_id
    }
    found = {(d.source, d.derived): d.kind for d in _derive(articles, embedder)}
    expected = {
        (by_file[t["source"]], by_file[t["derived"]]): [t["kind"], *t["also_acceptable"]]
        for t in truth["derivations"]
    }
    wrong = {
        pair: (found.get(pair), kinds)
        for pair, kinds in expected.items()
        if found.get(pair) not in kinds
    }
    extra = sorted(set(found) - set(expected))
    assert (wrong, extra) == ({}, [])
