"""Executors: the same analysis in this process and on a Dask cluster."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

import newsweave as nw
from newsweave.errors import ParameterError
from newsweave.evaluate import ecbplus
from newsweave.pipeline import run_pipeline, to_dossier
from newsweave.scale import DaskExecutor, SerialExecutor, chunked, executor_for

EXAMPLE = Path(nw.__file__).parent / "example"


def _lengths(chunk: Sequence[str]) -> list[int]:
    return [len(item) for item in chunk]


def test_the_serial_executor_maps_chunks_in_order() -> None:
    words = ["a", "bb", "ccc", "dddd", "eeeee"]
    assert SerialExecutor().map_chunks(_lengths, words, chunk=2) == [1, 2, 3, 4, 5]
    assert [list(part) for part in chunked(words, 2)] == [["a", "bb"], ["ccc", "dddd"], ["eeeee"]]
    with pytest.raises(ParameterError, match="The 'chunk' parameter must be an int >= 1"):
        list(chunked(words, 0))


def test_a_bad_dask_address_is_a_clear_error() -> None:
    with pytest.raises(ParameterError, match="local:N with N >= 1"):
        DaskExecutor("local:0")
    with pytest.raises(
        ParameterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"
    ):
        DaskExecutor("tcp://127.0.0.1:9", timeout=2)


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExecutor]:
    """A local Dask cluster of two worker processes."""
    executor = DaskExecutor("local:2")
    yield executor
    executor.close()


def _dossier(articles: Sequence[nw.Article], executor: Any) -> dict[str, Any]:
    data = to_dossier(run_pipeline(articles, executor=executor)).to_dict()
    data.pop("generated_at")
    return data


def test_the_dask_executor_maps_chunks_in_order(cluster: DaskExecutor) -> None:
    words = [str(n) * (n % 7) for n in range(1000)]
    assert cluster.workers == 2
    assert cluster.map_chunks(_lengths, words, chunk=64) == [len(w) for w in words]


def _findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Return what each story holds, each list in a fixed order.

    Stories and derivations must come out identical, in the same order. Sentence
    embeddings differ in their last bits with the batch a sentence was embedded
    in, so near-tied claims, conflicts and relations may come in another order
    and their scores differ past the sixth decimal: those are compared as sets,
    scores rounded.
    """

    def spans(item: dict[str, Any]) -> tuple[tuple[str, int, int], ...]:
        return tuple(sorted((e["article_id"], e["start"], e["end"]) for e in item["evidence"]))

    def side(span: dict[str, Any]) -> tuple[str, int, int]:
        return (span["article_id"], span["start"], span["end"])

    return [
        {
            "story": (story["id"], story["title"], story["article_ids"], story["storyline_id"]),
            "derivations": story["derivations"],
            "independent_sources": story["independent_sources"],
            "claims": sorted(
                (c["text"], spans(c), c["independent_sources"]) for c in story["claims"]
            ),
            "conflicts": sorted(
                (c["about"], c["kind"], sorted((str(v["value"]), spans(v)) for v in c["values"]))
                for c in story["conflicts"]
            ),
            "relations": sorted(
                (*sorted((side(r["source"]), side(r["target"]))), r["kind"], round(r["score"], 5))
                for r in story["relations"]
            ),
            "quotes": sorted((q["speaker"] or "", q["text"], spans(q)) for q in story["quotes"]),
            "rest": {
                key: story[key]
                for key in ("entities", "facts", "timeline", "summary", "placements")
            },
        }
        for story in data["stories"]
    ]


@pytest.mark.slow
def test_dask_and_one_process_give_the_same_dossier_on_the_example(cluster: DaskExecutor) -> None:
    articles = nw.read([EXAMPLE]).articles
    assert _findings(_dossier(articles, cluster)) == _findings(
        _dossier(articles, executor_for(None))
    )


@pytest.mark.slow
@pytest.mark.shared
def test_dask_and_one_process_give_the_same_stories_and_derivations(
    cluster: DaskExecutor, shared: Any
) -> None:
    records = list(ecbplus.load(shared("data", "ecbplus")))[:200]
    articles = nw.read_records(records).articles
    alone = _dossier(articles, SerialExecutor())
    spread = _dossier(articles, cluster)
    assert len(alone["stories"]) > 10
    assert sum(len(s["derivations"]) for s in alone["stories"]) > 10

    def skeleton(data: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [
            (
                story["id"],
                story["article_ids"],
                [(d["source"], d["derived"], d["kind"]) for d in story["derivations"]],
            )
            for story in data["stories"]
        ]

    assert skeleton(spread) == skeleton(alone)
    # Near-tied sentences may pair up differently (see `_findings`): nearly all
    # claims, conflicts, quotes and relations must still be the same.
    agreement = _agreement(_findings(spread), _findings(alone))
    assert min(agreement.values()) >= 0.97, agreement


def _agreement(one: list[dict[str, Any]], other: list[dict[str, Any]]) -> dict[str, float]:
    """Return, per finding, the share of items found the same way in both runs (Jaccard)."""
    shares = {}
    for key in ("claims", "conflicts", "quotes", "relations"):
        first = {(i, repr(item)) for i, story in enumerate(one) for item in story[key]}
        second = {(i, repr(item)) for i, story in enumerate(other) for item in story[key]}
        shares[key] = len(first & second) / max(len(first | second), 1)
    return shares
