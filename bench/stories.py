"""Streaming story clustering: reports/s, memory, and the time to place one report.

Builds a feed of N reports from real news sentences in ../shared/data: planted
events (a core of sentences that each of the event's reports tells in part,
with words edited, beside sentences of its own) published over the days after
the event, about `--per-day` reports a day, with minute timestamps. The
reports are placed one at a time, in time order, by a `StoryClusterer` that
observes each as it arrives (nothing is known in advance). Prints, per slice
of the feed, reports/s and resident memory; then the time to place one more
report into the full clusterer (p50, p95 over 200); the time to build the
stories and storylines; and B-cubed precision/recall/F1 against the planted
events.

    .venv/bin/python bench/stories.py [--reports 100000] [--per-day 300] [--data PATH]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from near_duplicates import DATA, edit, real_sentences
from newsweave.evaluate.metrics import bcubed
from newsweave.ingest import read_records
from newsweave.stories import StoryClusterer

#: Far enough back that a million reports at 300 a day are all in the past: a
#: future publication date is refused at ingest, which would leave them undated.
START = datetime(2016, 1, 1, tzinfo=UTC)


def build(count: int, per_day: int, pool: list[str], seed: int = 11) -> list[dict[str, object]]:
    """Return `count` report records in time order, each with the event it was planted in."""
    rng = random.Random(seed)
    days = count / per_day
    records: list[dict[str, object]] = []
    event = 0
    while len(records) < count:
        size = 1 if rng.random() < 0.6 else rng.randint(2, 12)
        core = rng.sample(pool, rng.randint(5, 10))
        began = START + timedelta(days=rng.uniform(0, days))
        for _ in range(min(size, count - len(records))):
            told = [edit(s, rng, 0.1) for s in core if rng.random() < 0.7] or core[:2]
            own = rng.sample(pool, rng.randint(1, 4))
            published = began + timedelta(minutes=rng.expovariate(1 / (24 * 60)))
            records.append(
                {
                    "id": f"r{len(records)}",
                    "title": edit(core[0], rng, 0.2),
                    "text": "\n\n".join(told + own),
                    "published": published.isoformat(timespec="minutes"),
                    "event": f"e{event}",
                }
            )
        event += 1
    records.sort(key=lambda r: str(r["published"]))
    return records


def rss_mb() -> float:
    """Return this process's resident memory now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no data at {args.data}; pass --data PATH")
    pool = real_sentences(args.data)
    extra = 200
    records = build(args.reports + extra, args.per_day, pool)
    articles = list(read_records(records).articles)
    feed, later = articles[: args.reports], articles[args.reports :]
    event_of = {str(r["id"]): str(r["event"]) for r in records}
    print(
        f"{len(feed):,} reports over {args.reports / args.per_day:.0f} days "
        f"({args.per_day}/day), {len(set(event_of.values())):,} planted events; "
        f"memory before placing: {rss_mb():,.0f} MB"
    )
    clusterer = StoryClusterer()
    step = max(len(feed) // 10, 1)
    began = time.perf_counter()
    for start in range(0, len(feed), step):
        tick = time.perf_counter()
        for article in feed[start : start + step]:
            clusterer.place(article)
        seconds = time.perf_counter() - tick
        print(
            f"  placed {start + step:>9,}: {step / seconds:8.1f} reports/s, "
            f"memory {rss_mb():7,.0f} MB"
        )
    total = time.perf_counter() - began
    print(f"streamed {len(feed):,} reports in {total:.1f} s: {len(feed) / total:.1f} reports/s")
    latencies = []
    for article in later:
        tick = time.perf_counter()
        clusterer.place(article)
        latencies.append(time.perf_counter() - tick)
    p50, p95 = np.percentile(np.array(latencies) * 1000, [50, 95])
    print(f"placing one more report among {len(feed):,}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    tick = time.perf_counter()
    stories = clusterer.stories()
    seconds = time.perf_counter() - tick
    storylines = len({s.storyline_id for s in stories})
    print(f"{len(stories):,} stories in {storylines:,} storylines, built in {seconds:.1f} s")
    source = {a.id: str(a.source_id) for a in articles}
    predicted = {source[i]: s.id for s in stories for i in s.article_ids}
    precision, recall, f1 = bcubed(
        predicted, {source[a.id]: event_of[source[a.id]] for a in articles}
    )
    print(f"B-cubed against the planted events: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    print(f"peak memory: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
