"""Sentence-embedding cost on real news sentences: load time, memory, sentences/s.

Reads distinct sentences from the MRPC news paraphrase pairs in ../shared/data
at run time, then times `UniversalSentenceEncoder.embed` at several batch sizes.

    .venv/bin/python bench/embeddings.py [--sentences N] [--data PATH] [--threads N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsweave.embeddings import UniversalSentenceEncoder, default_threads

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MRPC = Path("mrpc-news-paraphrase") / "msr_paraphrase_train.txt"


def news_sentences(data: Path, count: int) -> list[str]:
    """Return up to `count` distinct sentences from the MRPC training pairs."""
    # Split on tabs by hand: the sentences hold unbalanced quotes that trip csv.
    lines = (data / MRPC).read_text(encoding="utf-8-sig").splitlines()[1:]
    sentences: dict[str, None] = {}
    for line in lines:
        _quality, _id1, _id2, first, second = line.split("\t")
        sentences.update(dict.fromkeys((first, second)))
    return list(sentences)[:count]


def rss_mb() -> float:
    """Return this process's resident memory now, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs")
    args = parser.parse_args()

    sentences = news_sentences(args.data, args.sentences)
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    print(f"{len(sentences)} sentences, {words:.1f} words on average")
    print(f"threads: {args.threads or default_threads()}")

    before = rss_mb()
    start = time.perf_counter()
    embedder = UniversalSentenceEncoder(threads=args.threads)
    embedder.load()
    print(f"load: {time.perf_counter() - start:.2f} s")
    print(f"RSS after load: {rss_mb():.0f} MB ({rss_mb() - before:+.0f} MB for the model)")

    for batch_size in (16, 64, 256):
        timed = UniversalSentenceEncoder(batch_size=batch_size, threads=args.threads)
        best = float("inf")
        for _ in range(args.repeats):
            start = time.perf_counter()
            timed.embed(sentences)
            best = min(best, time.perf_counter() - start)
        print(f"batch {batch_size:>3}: {len(sentences) / best:,.0f} sentences/s")
    print(f"RSS at the end: {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
