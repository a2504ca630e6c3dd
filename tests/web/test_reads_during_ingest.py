"""The API keeps answering while another process ingests into its store.

A live server reads the store while another process writes reports into it in
batches, a tenth of a second apart (as an ingest of a slow source would), so
that reads and writes overlap for a second whatever the machine. Every read
must succeed, and a read must see each batch whole or not at all. The figures
are attached to the test's report (`user_properties`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from newsweave.web import ServerSettings

BATCH = 100
BATCHES = 10
READERS = 2
#: The pause between two reads of one reader, so that the readers (threads of the test
#: process, beside the server's) leave the ingest its share of a small machine.
PAUSE = 0.01

#: The writer: stores the reports of a JSONL file in batches of BATCH, pausing between them.
WRITER = f"""
import sys, time
import newsweave as nw
from newsweave.store import add_in_batches, open_store

with open_store(sys.argv[1]) as store:
    add_in_batches(
        store, nw.read([sys.argv[2]]).articles, batch_size={BATCH},
        progress=lambda done, total: time.sleep(0.1),
    )
"""


def write_lots(path: Path) -> Path:
    """Write BATCHES * BATCH reports as JSON Lines; those of batch k all hold the word `lotk`.

    A search for `lotk` then counts how much of batch k a reader can see.
    """
    lines = []
    for number in range(BATCHES * BATCH):
        text = (
            f"Dockside note {number}: crews at pier {number % 11 + 1} unloaded "
            f"{number * 13 % 700 + 20} crates of lot{number // BATCH} while the pilot boat "
            f"waited {number % 40 + 5} minutes for the tide."
        )
        lines.append(json.dumps({"text": text, "title": f"Dockside note {number}"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Reads:
    """What the readers saw: how many reads, which failed, and each batch's visible share."""

    #: Reads answered while the writer process was still running.
    during_ingest: int = 0
    errors: list[str] = field(default_factory=list)
    #: (when, batch, reports of it found) for every search.
    seen: list[tuple[float, int, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ingesting: bool, error: str | None, seen: tuple[int, int] | None) -> None:
        """Count one read: whether the ingest still ran, why it failed, what a search found."""
        with self.lock:
            self.during_ingest += ingesting
            if error:
                self.errors.append(error)
            if seen:
                self.seen.append((time.monotonic(), *seen))

    def while_writing(self) -> int:
        """Return how many searches ran between the first batch seen whole and the last
        batch seen missing: reads served while the ingest was writing."""
        whole = [when for when, _, found in self.seen if found == BATCH]
        missing = [when for when, _, found in self.seen if found == 0]
        if not whole or not missing:
            return 0
        return sum(min(whole) <= when <= max(missing) for when, _, _ in self.seen)


def read_until(done: threading.Event, base: str, article: str, reads: Reads) -> None:
    """Read the API in a loop (a search for one batch, the story list, a report) until
    `done` is set."""
    paths = [f"/api/search?q=lot{lot}&limit={BATCH * 2}" for lot in range(BATCHES)]
    paths += ["/api/stories?limit=5", f"/api/articles/{article}"]
    with httpx.Client(base_url=base, timeout=30) as client:
        turn = 0
        while not done.is_set():
            path = paths[turn % len(paths)]
            turn += 1
            seen: tuple[int, int] | None = None
            try:
                response = client.get(path)
                error = None if response.status_code == 200 else f"{path}: {response.text}"
                if error is None and path.startswith("/api/search"):
                    seen = (paths.index(path), len(response.json()))
            except httpx.HTTPError as failure:
                error = f"{path}: {failure!r}"
            reads.record(not done.is_set(), error, seen)
            time.sleep(PAUSE)


@pytest.mark.slow
def test_the_api_answers_every_read_while_another_process_ingests(
    store_copy: Path, serve: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    source = write_lots(tmp_path / "lots.jsonl")
    with serve(ServerSettings(str(store_copy))) as base:
        story = httpx.get(f"{base}/api/stories?limit=1").json()["stories"][0]["id"]
        article = httpx.get(f"{base}/api/stories/{story}").json()["articles"][0]["id"]
        ingest = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(store_copy), str(source)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        reads, done = Reads(), threading.Event()
        readers = [
            threading.Thread(target=read_until, args=(done, base, article, reads))
            for _ in range(READERS)
        ]
        began = time.monotonic()
        for reader in readers:
            reader.start()
        try:
            _, stderr = ingest.communicate(timeout=120)
        finally:
            done.set()
        for reader in readers:
            reader.join(timeout=60)
        took = time.monotonic() - began
        final = [
            len(httpx.get(f"{base}/api/search?q=lot{lot}&limit={BATCH * 2}").json())
            for lot in range(BATCHES)
        ]

    assert ingest.returncode == 0, stderr.decode()
    assert reads.errors == []
    partial = [(lot, found) for _, lot, found in reads.seen if found not in (0, BATCH)]
    assert partial == [], f"reads saw part of a batch: {partial[:10]}"
    assert final == [BATCH] * BATCHES
    request.node.user_properties.append(("reads_served_during_ingest", reads.during_ingest))
    request.node.user_properties.append(("searches_while_writing", reads.while_writing()))
    request.node.user_properties.append(("errors", len(reads.errors)))
    request.node.user_properties.append(("ingest_seconds", round(took, 1)))
    assert reads.while_writing() > 0, "no search ran while the batches were written"
