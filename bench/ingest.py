"""Ingest speed on real news text: reports/s to read, to store, and both.

Builds a corpus from the texts in ../shared/data (ECB+ documents, Multi-News
passages, SemEval-2022 articles in ten languages) as .txt files and one JSONL
file, then times `newsweave.read` (decode, metadata, normalization, language)
and the SQLite store.

    .venv/bin/python bench/ingest.py [--reports N] [--data PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import newsweave as nw
from newsweave.store import add_in_batches, open_store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def news_texts(data: Path) -> Iterator[str]:
    """Yield report texts from the labeled data sets, cycling through sources."""
    with (data / "ecbplus" / "ecbplus_docs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            yield "\n".join(s["text"] for s in doc["sentences"][1:])
    with (data / "multinews-longbench200" / "multi_news.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            context = json.loads(line)["context"]
            for passage in context.split("Passage ")[1:]:
                yield passage.split("\n", 1)[-1].replace("NEWLINE_CHAR", "\n")
    csv.field_size_limit(sys.maxsize)
    path = data / "semeval2022-task8-sample" / "training_set.csv"
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            yield row["text1"]
            yield row["text2"]


def build_corpus(folder: Path, data: Path, count: int) -> int:
    """Write `count` distinct reports: half as .txt files, half as one JSONL file."""
    texts = [t for t in news_texts(data) if len(t) > 200]
    jsonl = (folder / "reports.jsonl").open("w", encoding="utf-8")
    for n in range(count):
        # A serial keeps recycled texts distinct, as distinct reports are.
        text = f"{texts[n % len(texts)]}\n\nReport {n}."
        if n % 2:
            jsonl.write(
                json.dumps({"id": f"r{n}", "text": text, "outlet": f"Outlet {n % 40}"}) + "\n"
            )
        else:
            (folder / f"report-{n:06d}.txt").write_text(text, encoding="utf-8")
    jsonl.close()
    return len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data at {args.data}; pass --data PATH (the folder holding ecbplus/ etc.)")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        distinct = build_corpus(folder, args.data, args.reports)
        size = sum(p.stat().st_size for p in folder.iterdir())
        nw.read_texts(["Warm-up: load the language and sentence models once, as a long run would."])

        start = time.perf_counter()
        result = nw.read([folder])
        read_s = time.perf_counter() - start

        store = open_store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        add_in_batches(store, result.articles, skipped=result.skipped)
        store_s = time.perf_counter() - start

        start = time.perf_counter()
        again = add_in_batches(store, result.articles)  # every report already stored
        rerun_s = time.perf_counter() - start
        store.close()

    n = len(result.articles)
    print(f"corpus: {args.reports} reports ({distinct} distinct source texts), {size / 1e6:.1f} MB")
    print(
        f"read:   {n} articles, {len(result.skipped)} skipped, {read_s:.2f} s, "
        f"{n / read_s:.0f} reports/s"
    )
    print(f"store:  {store_s:.2f} s, {n / store_s:.0f} reports/s (SQLite, batches of 500)")
    print(f"both:   {n / (read_s + store_s):.0f} reports/s")
    print(f"re-run: {len(again.already_stored)} already stored, {rerun_s:.2f} s")


if __name__ == "__main__":
    main()
