"""Near-duplicate detection at scale: newsweave's MinHash-LSH against datasketch's.

Builds corpora of N reports from real news sentences in ../shared/data (each
background report strings together sentences drawn at random), plants
near-duplicates (a report republished with a few words changed, a sentence
dropped or added) and rewrites (every sentence kept, some reworded by word
swaps and cuts), then indexes every report with both libraries under the same
settings (5-word shingles, 128 permutations, Jaccard threshold 0.5) and prints
recall of the planted pairs, the candidate pairs each returns, and reports/s.

    .venv/bin/python bench/near_duplicates.py [--sizes 10000,100000] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from newsweave.reuse.minhash import DEFAULT_NUM_PERM, DEFAULT_SHINGLE, NearDuplicateIndex
from newsweave.reuse.tokens import token_ids

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")
PLANTED_SHARE = 0.1
BATCH = 2000


def real_sentences(data: Path) -> list[str]:
    """Return distinct English news sentences from MRPC and Multi-News."""
    sentences: set[str] = set()
    mrpc = data / "mrpc-news-paraphrase" / "msr_paraphrase_data.txt"
    with mrpc.open(encoding="utf-8-sig") as f:
        next(f)
        for line in f:
            fields = line.split("\t")
            if len(fields) > 1 and len(fields[1].split()) >= 8:
                sentences.add(fields[1].strip())
    with (data / "multinews-longbench200" / "multi_news.jsonl").open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["context"].replace("NEWLINE_CHAR", " ")
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if 8 <= len(sentence.split()) <= 60:
                    sentences.add(sentence.strip())
    return sorted(sentences)


def edit(text: str, rng: random.Random, share: float) -> str:
    """Return the text with about `share` of its words dropped or swapped with a neighbour."""
    words = text.split()
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll < share / 2:
            continue
        if roll < share and out:
            out[-1], word = word, out[-1]
        out.append(word)
    return " ".join(out)


Pairs = set[tuple[int, int]]


def build(count: int, pool: list[str], seed: int = 7) -> tuple[list[str], Pairs, Pairs]:
    """Return reports, planted near-duplicate pairs and planted rewrite pairs."""
    rng = random.Random(seed)
    reports: list[str] = []
    near: set[tuple[int, int]] = set()
    rewrites: set[tuple[int, int]] = set()
    while len(reports) < count:
        sentences = rng.sample(pool, rng.randint(6, 16))
        reports.append(" ".join(sentences))
        original = len(reports) - 1
        if rng.random() < PLANTED_SHARE and len(reports) < count:
            copy = sentences[:]
            copy.pop(rng.randrange(len(copy)))
            copy.insert(rng.randrange(len(copy)), rng.choice(pool))
            reports.append(edit(" ".join(copy), rng, 0.04))
            near.add((original, len(reports) - 1))
        if rng.random() < PLANTED_SHARE / 2 and len(reports) < count:
            reports.append(" ".join(edit(s, rng, 0.25) for s in sentences))
            rewrites.add((original, len(reports) - 1))
    return reports, near, rewrites


def run_newsweave(reports: list[str]) -> tuple[set[tuple[int, int]], float]:
    start = time.perf_counter()
    index = NearDuplicateIndex(
        threshold=THRESHOLD, num_perm=DEFAULT_NUM_PERM, shingle_size=DEFAULT_SHINGLE
    )
    for first in range(0, len(reports), BATCH):
        batch = reports[first : first + BATCH]
        index.add_many(range(first, first + len(batch)), [token_ids(text) for text in batch])
    found = {(int(a), int(b)) for a, b in index.candidate_pairs()}  # type: ignore[call-overload]
    return {(min(p), max(p)) for p in found}, time.perf_counter() - start


def run_datasketch(reports: list[str]) -> tuple[set[tuple[int, int]], float]:
    from datasketch import MinHash, MinHashLSH

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=DEFAULT_NUM_PERM)
    found: set[tuple[int, int]] = set()
    for key, text in enumerate(reports):
        words = _WORD.findall(text.lower())  # the same words newsweave shingles
        shingles = {
            " ".join(words[i : i + DEFAULT_SHINGLE]).encode()
            for i in range(max(len(words) - DEFAULT_SHINGLE + 1, 1))
        }
        minhash = MinHash(num_perm=DEFAULT_NUM_PERM)
        minhash.update_batch(list(shingles))
        for other in lsh.query(minhash):
            found.add((int(other), key))
        lsh.insert(key, minhash)
    return found, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data at {args.data}; pass --data PATH (the folder holding the data sets)")
    pool = real_sentences(args.data)
    print(f"sentence pool: {len(pool)} real news sentences")
    print(
        f"{'reports':>8} {'engine':<11} {'s':>7} {'reports/s':>10} {'near-dup recall':>16} "
        f"{'rewrite recall':>15} {'candidates':>11}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        reports, near, rewrites = build(size, pool)
        results = {}
        for name, run in (("newsweave", run_newsweave), ("datasketch", run_datasketch)):
            found, seconds = run(reports)
            results[name] = seconds
            near_recall = len(near & found) / len(near)
            rewrite_recall = len(rewrites & found) / max(len(rewrites), 1)
            print(
                f"{size:>8} {name:<11} {seconds:>7.1f} {size / seconds:>10.0f} "
                f"{near_recall:>16.3f} {rewrite_recall:>15.3f} {len(found):>11}"
            )
        print(
            f"{size:>8} speed-up   {results['datasketch'] / results['newsweave']:>7.1f}x "
            f"({len(near)} near-duplicates, {len(rewrites)} rewrites planted)"
        )


if __name__ == "__main__":
    main()
