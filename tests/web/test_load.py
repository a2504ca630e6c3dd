"""The server under a bounded mixed load: every request answered, every report stored once.

Runs the load of bench/serve.py, smaller: twenty concurrent clients asking for
story pages, stories as JSON, story lists and searches while ingesting new
reports (some sent twice) into a live server over a copy of the example store,
whose analyst re-analyzes the store in the background meanwhile. A functional
check: no latency is asserted.
"""

from __future__ import annotations

import asyncio
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from newsweave.store import StoryQuery, open_store
from serve import (
    DEFAULT_MIX,
    check_ingested,
    make_workload,
    parse_mix,
    reports_to_ingest,
    run_load,
    search_queries,
    unstoried,
    wait_for_analysis,
)

REQUESTS = 1000
CLIENTS = 20


@pytest.mark.slow
def test_mixed_reads_and_ingests_answer_every_request_and_store_each_report_once(
    live_server: str, store_copy: Path
) -> None:
    with open_store(store_copy) as store:
        rows = store.list_stories(StoryQuery(limit=100)).rows
        before = store.article_count()
    workload = make_workload(
        [row.id for row in rows],
        search_queries([row.title or "" for row in rows]),
        mix=parse_mix(DEFAULT_MIX),
        requests=REQUESTS,
        duplicate_every=5,
    )

    result = asyncio.run(run_load(live_server, workload, clients=CLIENTS, seconds=120))

    reasons = {kind: stats.reasons for kind, stats in result.stats.items() if stats.errors}
    assert (result.requests, result.errors, reasons) == (REQUESTS, 0, {})
    assert set(result.stats) == {"page", "api", "list", "search", "ingest"}
    sent = sum(result.ingests.accepted.values())
    check = check_ingested(str(store_copy), before, result.ingests)
    assert check.ok, check
    assert 0 < check.distinct < sent == workload.plan.count("ingest")
    # The ingests asked for analyses while the reads went on; once the last one
    # is done, every report ingested under load is in a story.
    assert wait_for_analysis(live_server, 120) is not None
    assert unstoried(str(store_copy), sorted(result.ingests.accepted)) == []


def test_generated_reports_are_distinct_but_for_the_repeats() -> None:
    reports = reports_to_ingest(30, 5, random.Random(1))
    ids = [report.id for report in reports]
    repeats = ids[4::5]
    assert len(set(ids)) == 24
    assert all(ids.index(repeat) < 5 * n + 4 for n, repeat in enumerate(repeats))


def test_a_mix_names_known_kinds_with_weights() -> None:
    assert parse_mix("page:3, ingest:1") == {"page": 3.0, "ingest": 1.0}
    for wrong in ("pages:3", "page:many", "page:0"):
        with pytest.raises(ValueError):
            parse_mix(wrong)
