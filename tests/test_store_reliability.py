"""The store under stress, with real processes: an ingest killed mid-batch, two writers at once.

Each test runs once per backend (SQLite, and PostgreSQL where one is configured).
The figures each test measured are attached to its report (`user_properties`,
which a plugin or pytest's JUnit XML in the xunit1 family can show).
"""

from __future__ import annotations

import inspect
import json
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.errors import StoreError
from newsweave.store import Store, add_in_batches, open_store
from newsweave.types import Article

PLACES = ("Brenna", "Ostmouth", "Port Ambrel", "Kessel", "Dunmore")
INSPECTORS = ("Mara Lind", "Tomas Ek", "Ines Vidal", "Kofi Mensah")

#: The batch size the CLI stores with: `add_in_batches`' own default.
BATCH = inspect.signature(add_in_batches).parameters["batch_size"].default

#: How long a child process may take before the test gives up on it.
CHILD_TIMEOUT = 120


def report(number: int) -> dict[str, str]:
    """Return a small report record, different for every `number`; each holds "harbour"."""
    place = PLACES[number % len(PLACES)]
    return {
        "title": f"Port tally {number}",
        "outlet": f"{place} Courier",
        "published": f"2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}T08:00:00+00:00",
        "text": (
            f"The harbour board of {place} counted {number * 7 % 913} ferries in week "
            f"{number % 52 + 1}. Inspector {INSPECTORS[number % len(INSPECTORS)]} filed "
            f"ledger{number:05d} and asked for {number % 17 + 2} new cranes before the council "
            f"votes on a budget of {number % 90 + 10} million."
        ),
    }


def write_reports(path: Path, numbers: Sequence[int]) -> Path:
    """Write the reports `numbers` as JSON Lines (a number repeated is the same report again)."""
    lines = (json.dumps(report(number)) for number in numbers)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_back(path: Path) -> list[Article]:
    """Return the articles an ingest of `path` stores, in the order it stores them."""
    return list(nw.read([path]).articles)


@pytest.fixture
def new_store(store_url: str, tmp_path: Path) -> Callable[[], str]:
    """`new_store()`: the URL of another empty store of the test's backend."""
    made = 0

    def make() -> str:
        nonlocal made
        made += 1
        if not store_url.startswith("postgresql://"):
            return str(tmp_path / f"store-{made}.db")
        import psycopg

        with psycopg.connect(store_url, autocommit=True) as admin:
            admin.execute("DROP SCHEMA IF EXISTS public CASCADE")
            admin.execute("CREATE SCHEMA public")
        return store_url

    return make


# -- one writer at a time ----------------------------------------------------------------------


def test_while_a_writer_holds_the_store_others_open_and_read_and_a_writer_gives_up(
    new_store: Callable[[], str],
) -> None:
    url = new_store()
    articles = nw.read_texts(["The harbour board of Kessel counted 40 ferries on Monday."])
    holder = open_store(url)
    try:
        with holder._transaction():  # type: ignore[attr-defined]
            began = time.monotonic()
            with open_store(url) as reader:
                assert reader.article_count() == 0
            opened_in = time.monotonic() - began
            late = open_store(url, busy_timeout=0.3)
            with late, pytest.raises(StoreError, match=r"locked by another writer for 0\.3 s"):
                late.add(articles)
            gave_up_in = time.monotonic() - began - opened_in
    finally:
        holder.close()
    assert opened_in < 1.0 and gave_up_in >= 0.3, (opened_in, gave_up_in)
    with open_store(url) as store:
        assert store.add(articles).added == (articles.articles[0].id,)


# -- an ingest killed mid-batch ----------------------------------------------------------------


def ingest_command(source: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "newsweave", "ingest", str(source), "--db", url]


def kill_mid_ingest(source: Path, url: str, total: int, log: Path) -> int | None:
    """Run `newsweave ingest` and SIGKILL it once the store holds some but not all reports.

    Return how many reports the store held when the kill was sent, or None when the
    ingest finished before it could be killed. The ingest's errors go to `log`.
    """
    with open_store(url) as store, log.open("wb") as errors:
        child = subprocess.Popen(
            ingest_command(source, url), stdout=subprocess.DEVNULL, stderr=errors
        )
        try:
            deadline = time.monotonic() + CHILD_TIMEOUT
            while time.monotonic() < deadline:
                if child.poll() is not None:
                    assert child.returncode == 0, log.read_text(encoding="utf-8")
                    return None
                stored = store.article_count()
                if 0 < stored < total:
                    child.send_signal(signal.SIGKILL)
                    child.wait(timeout=CHILD_TIMEOUT)
                    return stored
                time.sleep(0.002)
            pytest.fail(f"the ingest still ran after {CHILD_TIMEOUT} s")
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


def assert_consistent(url: str, expected: Sequence[Article]) -> None:
    """Assert that the store holds a prefix of `expected`, whole, once each, and all indexed."""
    with open_store(url) as store:
        stored = store.articles()
        ids = [article.id for article in stored]
        assert len(ids) % BATCH == 0 or len(ids) == len(expected), f"{len(ids)} reports stored"
        assert ids == [article.id for article in expected[: len(ids)]]
        changed = [a.id for a, b in zip(stored, expected, strict=False) if a != b]
        assert changed == [], "stored reports differ from what was read"
        found = {hit.article_id for hit in store.search("harbour", limit=len(expected) + 1)}
        assert found == set(ids), (len(found), len(ids))
    if not url.startswith("postgresql://"):
        assert_sqlite_intact(url, len(ids))


def assert_sqlite_intact(path: str, reports: int) -> None:
    """Assert SQLite's own checks pass and the full-text index agrees with the reports."""
    db = sqlite3.connect(path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        # With rank 1, FTS5 also compares its index with the `articles` table it indexes.
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        indexed = db.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert indexed == reports
    finally:
        db.close()


@pytest.mark.slow
def test_an_ingest_killed_mid_batch_keeps_whole_batches_and_a_rerun_completes_it(
    new_store: Callable[[], str], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    distinct = 6 * BATCH
    numbers = [*range(distinct), *range(0, distinct, 97)]  # some reports come twice
    source = write_reports(tmp_path / "reports.jsonl", numbers)
    expected = read_back(source)
    assert len(expected) == distinct

    for _attempt in range(3):  # an ingest that finished before the kill is tried again
        url = new_store()
        killed_at = kill_mid_ingest(source, url, distinct, tmp_path / "ingest.log")
        if killed_at is not None:
            break
    else:
        pytest.fail("the ingest finished three times before it could be killed")

    assert_consistent(url, expected)
    with open_store(url) as store:
        after_kill = store.article_count()

    rerun = subprocess.run(
        ingest_command(source, url), capture_output=True, text=True, timeout=CHILD_TIMEOUT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"{distinct - after_kill} new, {after_kill} already stored" in rerun.stdout
    assert_consistent(url, expected)
    with open_store(url) as store:
        ids = [article.id for article in store.articles()]
    assert (len(ids), len(set(ids))) == (distinct, distinct)
    request.node.user_properties.append(("reports_before_kill", after_kill))
    request.node.user_properties.append(("reports_after_rerun", len(ids)))
    request.node.user_properties.append(("duplicates", len(ids) - len(set(ids))))


# -- two writers at once -----------------------------------------------------------------------

#: A child that reads its reports, says "ready", waits for a line on stdin (the start
#: signal), then opens the store and writes in batches: so the two children open a
#: possibly new store and write at the same moment, whatever their start-up times.
WRITER = """
import json, sys, time
import newsweave as nw
from newsweave.store import add_in_batches, open_store

url, source = sys.argv[1:3]
articles = nw.read([source]).articles
print("ready", flush=True)
sys.stdin.readline()
began = time.monotonic()
with open_store(url) as store:
    outcome = add_in_batches(store, articles, batch_size=50)
print(json.dumps({"added": len(outcome.added), "known": len(outcome.already_stored),
                  "began": began, "ended": time.monotonic()}))
"""


def start_writers(url: str, sources: Sequence[Path]) -> list[subprocess.Popen[str]]:
    """Start one writer process per source and release them together; return the processes."""
    return release([[sys.executable, "-c", WRITER, url, str(source)] for source in sources])


def release(commands: Sequence[list[str]]) -> list[subprocess.Popen[str]]:
    """Start processes that print "ready" and wait for a line; release them together."""
    children = [
        subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    return children


def outcome_of(writer: subprocess.Popen[str]) -> dict[str, float]:
    """Return what a writer process printed once done (it must have succeeded)."""
    out, err = writer.communicate(timeout=CHILD_TIMEOUT)
    assert writer.returncode == 0, err
    outcome: dict[str, float] = json.loads(out)
    return outcome


def handoffs(store: Store, first_only: set[str], second_only: set[str]) -> int:
    """Return how often, in commit order, the writer of the stored reports changed."""
    owners = [
        1 if article.id in first_only else 2
        for article in store.iter_articles()
        if article.id in first_only or article.id in second_only
    ]
    return sum(a != b for a, b in pairwise(owners))


@pytest.mark.slow
def test_two_processes_ingesting_at_once_lose_nothing_and_store_each_report_once(
    new_store: Callable[[], str], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # 800 reports each alone and 400 both, the shared ones in opposite orders: the
    # order in which two inserting transactions would deadlock without a write lock.
    first = read_back(write_reports(tmp_path / "first.jsonl", range(1200)))
    second = read_back(write_reports(tmp_path / "second.jsonl", range(1999, 799, -1)))
    first_ids, second_ids = {a.id for a in first}, {a.id for a in second}
    url = new_store()

    writers = start_writers(url, [tmp_path / "first.jsonl", tmp_path / "second.jsonl"])
    outcomes = [outcome_of(writer) for writer in writers]

    with open_store(url) as store:
        ids = [article.id for article in store.articles()]
        changes = handoffs(store, first_ids - second_ids, second_ids - first_ids)
    assert (len(ids), len(set(ids)), set(ids) == first_ids | second_ids) == (2000, 2000, True)
    added = [int(outcome["added"]) for outcome in outcomes]
    known = [int(outcome["known"]) for outcome in outcomes]
    assert (sum(added), sum(known)) == (2000, 400), (added, known)
    # Both were writing at the same time: each began before the other ended.
    assert max(o["began"] for o in outcomes) < min(o["ended"] for o in outcomes), outcomes
    if not url.startswith("postgresql://"):
        assert_sqlite_intact(url, 2000)
    request.node.user_properties.append(("added_per_process", added))
    request.node.user_properties.append(("already_stored_per_process", known))
    request.node.user_properties.append(("writer_handoffs", changes))


#: A child that opens a store the moment it is released, and closes it.
OPENER = """
import sys
from newsweave.store import open_store

print("ready", flush=True)
sys.stdin.readline()
open_store(sys.argv[1]).close()
"""


def test_two_processes_opening_one_new_sqlite_store_at_once_both_open_it(tmp_path: Path) -> None:
    # Turning a new file to WAL takes an exclusive lock that SQLite's busy handler does
    # not wait for: before the store waited its turn, about one opener in four of a
    # pair failed at once with "database is locked".
    failures = []
    for round_ in range(8):
        url = str(tmp_path / f"new-{round_}.db")
        for opener in release([[sys.executable, "-c", OPENER, url]] * 2):
            _, err = opener.communicate(timeout=CHILD_TIMEOUT)
            if opener.returncode:
                failures.append(err.strip().splitlines()[-1])
    assert failures == []
