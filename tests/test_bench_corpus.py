"""The benchmark corpus (bench/corpus.py): the truth it plants, and the scorers that use it.

The scale benchmark scores newsweave against this truth, so the truth must be
what the reports really are: copies that share their text, independent
reports that do not, sources published before what derives from them.
"""

from __future__ import annotations

import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from corpus import ROLES, generate
from newsweave import read_records
from sentences import SentenceStream, WordSwap, sentence_pool, swapped
from truth import Truth, read_truth, score_derivations, score_stories

REPORTS = 300
PER_DAY = 300


@cache
def _pool(data: Path) -> tuple[str, ...]:
    return tuple(sentence_pool(data))


@cache
def _generated(data: Path, base: Path, seed: int) -> Path:
    folder = base / f"bench-corpus-{seed}"
    generate(REPORTS, folder, seed=seed, per_day=PER_DAY, pool=list(_pool(data)))
    return folder


@pytest.fixture
def build(
    shared: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[int], Path]:
    """`build(seed)`: the folder of a 300-report corpus from ../shared/data (made once per seed)."""
    data = shared("data")
    return lambda seed: _generated(data, tmp_path_factory.getbasetemp(), seed)


def _reports(folder: Path) -> list[dict[str, str]]:
    with (folder / "reports.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _originals(truth: Truth) -> dict[str, str]:
    return {truth.events[r]: r for r, role in truth.roles.items() if role == "original"}


def _shared_5grams(text: str, source: str) -> float:
    """The share of the text's word 5-grams that are also in the source."""
    mine = _5grams(text)
    return len(mine & _5grams(source)) / len(mine)


@pytest.mark.shared
def test_the_same_seed_writes_the_same_bytes(
    build: Callable[[int], Path], tmp_path: Path, shared: Callable[..., Path]
) -> None:
    again = tmp_path / "again"
    generate(REPORTS, again, seed=7, per_day=PER_DAY, pool=list(_pool(shared("data"))))
    first = build(7)
    for name in ("reports.jsonl", "truth.jsonl"):
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
    assert (build(8) / "reports.jsonl").read_bytes() != (first / "reports.jsonl").read_bytes()


@pytest.mark.shared
def test_every_event_has_one_original_that_its_derivations_come_from(
    build: Callable[[int], Path],
) -> None:
    truth = read_truth(build(7) / "truth.jsonl")
    assert len(truth.events) == REPORTS
    roles = Counter(truth.roles.values())
    assert set(roles) == {"original", *ROLES}, roles
    sizes = Counter(truth.events.values())
    assert roles["original"] == len(sizes)
    assert max(sizes.values()) <= 12
    # Most events are told once, a few by many.
    assert sum(size == 1 for size in sizes.values()) > len(sizes) / 3, sizes
    originals = _originals(truth)
    for (source, derived), kind in truth.derivations.items():
        assert source == originals[truth.events[derived]], (source, derived)
        assert truth.roles[derived] == kind
    assert len(truth.derivations) == sum(roles[kind] for kind in ROLES if kind != "independent")


@pytest.mark.shared
def test_copies_share_their_text_and_independent_reports_do_not(
    build: Callable[[int], Path],
) -> None:
    folder = build(7)
    truth, text = read_truth(folder / "truth.jsonl"), {r["id"]: r["text"] for r in _reports(folder)}
    originals = _originals(truth)
    shares: dict[str, list[float]] = defaultdict(list)
    for report, role in truth.roles.items():
        if role != "original":
            source = text[originals[truth.events[report]]]
            shares[role].append(_shared_5grams(text[report], source))
    assert min(shares["copy"]) >= 0.8, sorted(shares["copy"])
    assert min(shares["partial"]) >= 0.1, sorted(shares["partial"])
    assert max(shares["independent"]) <= 0.15, sorted(shares["independent"])
    # A quotation carries a whole sentence of its source, inside quotation marks.
    for (source, derived), kind in truth.derivations.items():
        if kind == "quotation":
            paragraphs = text[source].split("\n\n")
            sentences = [re.sub(r"^[A-Z]+ \(.*?\) — ", "", p).rstrip(".") for p in paragraphs]
            assert any(f'"{s}' in text[derived] for s in sentences if '"' not in s), derived


@pytest.mark.shared
def test_reports_come_in_time_order_and_derived_reports_after_their_source(
    build: Callable[[int], Path],
) -> None:
    folder = build(7)
    records = _reports(folder)
    when = {r["id"]: datetime.fromisoformat(r["published"]) for r in records}
    times = [when[r["id"]] for r in records]
    assert times == sorted(times)
    truth = read_truth(folder / "truth.jsonl")
    late = [(s, d) for (s, d) in truth.derivations if when[d] <= when[s]]
    assert late == []
    # About PER_DAY reports a day: the events open over REPORTS / PER_DAY days.
    opened = sorted(when[r] for r in _originals(truth).values())
    days = (opened[-1] - opened[0]).total_seconds() / 86400
    assert REPORTS / PER_DAY / 2 < days < REPORTS / PER_DAY * 2, days
    assert max(when[d] - when[s] for s, d in truth.derivations) <= timedelta(days=4)


@pytest.mark.shared
def test_every_line_reads_as_a_dated_english_report_with_its_id(
    build: Callable[[int], Path],
) -> None:
    records = _reports(build(7))
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d", r["published"]) for r in records
    )
    result = read_records(records)
    assert result.skipped == ()
    assert [a.source_id for a in result.articles] == [r["id"] for r in records]
    assert {a.language for a in result.articles} == {"en"}
    assert all(a.published is not None and a.published.precision == "minute" for a in result)
    assert all(a.url and a.url.startswith("https://www.") for a in result)
    assert len({a.outlet for a in result}) >= 12


@pytest.mark.shared
def test_scorers_give_one_on_the_truth_and_less_on_a_perturbed_answer(
    build: Callable[[int], Path],
) -> None:
    truth = read_truth(build(7) / "truth.jsonl")
    assert score_stories(truth.events, truth) == (1.0, 1.0, 1.0)
    merged = dict.fromkeys(truth.events, "one story")
    precision, recall, _ = score_stories(merged, truth)
    assert precision < 1.0 and recall == 1.0, precision
    alone = score_stories({}, truth)
    assert alone[0] == 1.0 and alone[1] < 1.0, alone

    planted = [(s, d, kind) for (s, d), kind in truth.derivations.items()]
    perfect = score_derivations(planted, truth)
    assert {k: perfect[k] for k in ("precision", "recall", "direction", "kind")} == {
        "precision": 1.0,
        "recall": 1.0,
        "direction": 1.0,
        "kind": 1.0,
    }
    rng = random.Random(0)
    answer = [(d, s, kind) if rng.random() < 0.3 else (s, d, kind) for s, d, kind in planted]
    answer = [(s, d, "copy") if k == "rewrite" else (s, d, k) for s, d, k in answer[10:]]
    originals = sorted(_originals(truth).values())
    answer.append((originals[0], originals[1], "partial"))  # two events' originals
    scores = score_derivations(answer, truth)
    assert scores["recall"] < 1.0 and scores["precision"] < 1.0, scores
    assert scores["direction"] < 0.9 and scores["kind"] < 1.0, scores
    assert scores["false_cross_event"] == 1.0 and scores["false_same_event"] == 0.0, scores


SENTENCES = [
    "The harbour board approved a new ferry timetable on Tuesday after months of complaints.",
    "Engineers inspected the northern bridge in March and found cracks in two columns.",
    "Council members voted 7 to 2 to delay the budget until the audit is finished.",
    "Residents said the flooding had reached the ground floor of several shops near the river.",
]


def _5grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def test_a_word_swap_keeps_the_shape_of_a_sentence_but_none_of_its_5grams() -> None:
    swap = WordSwap(SENTENCES, band=4)
    permutation = swap.permutation(random.Random(1))
    for sentence in SENTENCES:
        disguised = swapped(sentence, permutation)
        assert len(disguised.split()) == len(sentence.split()), disguised
        assert re.findall(r"[^\w\s]|\d+", disguised) == re.findall(r"[^\w\s]|\d+", sentence)
        assert disguised != sentence
    # Day and month names stay, so dates still read as dates.
    assert "Tuesday" in swapped(SENTENCES[0], permutation)
    assert "March" in swapped(SENTENCES[1], permutation)


@pytest.mark.shared
def test_sentences_disguised_by_a_word_swap_share_no_5gram_with_the_pool(
    shared: Callable[..., Path],
) -> None:
    pool = list(_pool(shared("data")))
    permutation = WordSwap(pool).permutation(random.Random(3))
    sample = pool[::20]
    kept = [s for s in sample if not _5grams(swapped(s, permutation)).isdisjoint(_5grams(s))]
    assert len(kept) <= len(sample) / 200, kept[:5]


def test_the_stream_deals_each_sentence_once_then_disguised() -> None:
    pool = SENTENCES * 3
    stream = SentenceStream(pool, random.Random(2), WordSwap(SENTENCES, band=4))
    assert sorted(stream.take(12)) == sorted(pool)
    second = stream.take(12)
    assert stream.passes == 2
    assert set(second).isdisjoint(SENTENCES), second
