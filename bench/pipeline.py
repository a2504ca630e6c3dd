"""Whole-pipeline speed: every stage of `newsweave.analyze` on the ECB+ documents.

Reads the 772 documents of ECB+ topics 1–35 from ../shared/data (as
`newsweave eval ecbplus` does), runs the pipeline once with the default
settings (embeddings included) and prints the seconds each step took (the
per-story stages run together, story by story; their shares are printed
below), and reports/s overall.

    .venv/bin/python bench/pipeline.py [--data PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import pairwise
from pathlib import Path

from newsweave.evaluate import ecbplus
from newsweave.ingest import read_records
from newsweave.pipeline import run_pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA / "ecbplus")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no ECB+ data at {args.data}; pass --data PATH")
    articles = read_records(ecbplus.load(args.data)).articles
    marks: list[tuple[str, float]] = []
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    analysis = run_pipeline(
        articles,
        progress=lambda name, done, total: marks.append((name, time.perf_counter())),
        seconds=seconds,
    )
    total = time.perf_counter() - start
    for (name, began), (_, ended) in pairwise(marks):
        print(f"{name:<20} {ended - began:6.2f} s")
    print("per stage: " + ", ".join(f"{name} {spent:.2f} s" for name, spent in seconds.items()))
    print(
        f"{len(articles)} reports in {total:.1f} s: {len(articles) / total:.0f} reports/s; "
        f"{len(analysis.derivations)} derivations, {len(analysis.stories)} stories"
    )


if __name__ == "__main__":
    main()
