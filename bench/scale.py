"""newsweave at scale: reports/s per stage, peak memory, growth and Dask speed-up, with accuracy.

For each size, a corpus with known truth (bench/corpus.py) is generated, or
reused from `--cache`; it is ingested with `newsweave.read`, then run through
the pipeline's chosen stages on each engine: `serial` (this process) or
`local:N` (a Dask LocalCluster of N worker processes). Printed per run: the
seconds and reports/s of each step (a stage, or the per-story stages, which run
together story by story, with each one's share) and of the whole pipeline; peak memory of
this process and the sum of the Dask workers' peaks (sampled every 0.5 s);
B-cubed of the stories against the planted events and precision/recall of the
derivations against the planted ones (when those stages ran). At the end: a
table, the growth of time between consecutive sizes, and the speed-up of
`local:2` over `local:1`.

    .venv/bin/python bench/scale.py [--sizes 10000,100000] [--stages text,reuse,stories]
        [--engines serial,local:1,local:2] [--cache DIR] [--per-day 300] [--seed 7]
        [--json FILE] [--data PATH]
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import itertools
import json
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import newsweave
from corpus import CorpusStats, generate
from near_duplicates import DATA
from newsweave.pipeline import PIPELINE, Analysis, Settings, Stage, check_pipeline, run_pipeline
from newsweave.scale import executor_for
from truth import Truth, read_truth, score_derivations, score_stories

#: Near-linear growth: time at k times the reports within this factor of k times the time.
NEAR_LINEAR = 1.2


@dataclass
class Run:
    """The figures of one size on one engine."""

    size: int
    engine: str
    ingest_s: float
    #: Wall seconds of each step (a stage, or per-story stages run together).
    stages: dict[str, float] = field(default_factory=dict)
    #: Seconds of each per-story stage within its step, summed over the stories.
    per_story: dict[str, float] = field(default_factory=dict)
    pipeline_s: float = 0.0
    peak_mb: float = 0.0
    run_peak_mb: float = 0.0
    workers_peak_mb: float | None = None
    stories: dict[str, float] | None = None
    derivations: dict[str, float] | None = None


class StepClock:
    """The pipeline's progress callback: times each step from one call to the next."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._current: str | None = None
        self._since = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if self._current is not None:
            self.seconds[self._current] = now - self._since
        self._current = None if stage == "done" else stage
        self._since = now
        if self._current:
            print(f"    step {done + 1}/{total}: {stage} …", flush=True)


class MemorySampler(threading.Thread):
    """Samples, every 0.5 s, the resident memory of this process and of its Dask workers.

    A LocalCluster's workers are processes spawned by this one (their command
    line runs multiprocessing's `spawn_main`); each worker's peak is kept by
    process id, so a worker restarted mid-run counts with both of its lives.
    """

    def __init__(self, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.own_peak = 0
        self.worker_peaks: dict[int, int] = {}
        self._done = threading.Event()
        self._me = psutil.Process()

    def run(self) -> None:
        while True:
            self.sample()
            if self._done.wait(self.interval):
                return

    def sample(self) -> None:
        """Record the memory of this process and of each worker now."""
        self.own_peak = max(self.own_peak, self._me.memory_info().rss)
        for child in self._me.children(recursive=True):
            try:
                if any("spawn_main" in part for part in child.cmdline()):
                    rss = child.memory_info().rss
                    self.worker_peaks[child.pid] = max(self.worker_peaks.get(child.pid, 0), rss)
            except psutil.Error:  # a process that ended between the listing and the look
                continue

    def stop(self) -> None:
        """Take a last sample and end the thread."""
        self._done.set()
        self.join()
        self.sample()


def corpus_for(size: int, cache: Path, *, seed: int, per_day: int, data: Path) -> Path:
    """Return the folder of the corpus of `size` reports, generating it unless cached."""
    folder = cache / f"reports-{size}-seed{seed}-per-day{per_day}"
    done = folder / "stats.json"
    if done.exists():
        stats = CorpusStats(**json.loads(done.read_text()))
        print(f"  reusing {folder}\n  {stats.describe().replace(chr(10), chr(10) + '  ')}")
        return folder
    stats = generate(size, folder, seed=seed, per_day=per_day, data=data)
    print(f"  generated {folder}\n  {stats.describe().replace(chr(10), chr(10) + '  ')}")
    # Written last: a corpus cut short by an interrupted run is generated again.
    done.write_text(json.dumps(dataclasses.asdict(stats)))
    return folder


def run_engine(
    articles: Sequence[newsweave.Article],
    truth: Truth,
    stages: Sequence[Stage],
    engine: str,
    ingest_s: float,
) -> Run:
    """Return the figures of the pipeline's run over the articles on one engine."""
    tick = time.perf_counter()
    executor = executor_for(None if engine == "serial" else engine)
    if engine != "serial":
        started = time.perf_counter() - tick
        print(f"  {engine}: a cluster of {executor.workers} workers started in {started:.1f} s")
    sampler, clock = MemorySampler(), StepClock()
    seconds: dict[str, float] = {}
    extra: dict[str, Any] = {} if engine == "serial" else {"executor": executor}
    sampler.start()
    try:
        tick = time.perf_counter()
        analysis = run_pipeline(
            articles, settings=Settings(), stages=stages, progress=clock, seconds=seconds, **extra
        )
        pipeline_s = time.perf_counter() - tick
    finally:
        sampler.stop()
        executor.close()
    workers = sum(sampler.worker_peaks.values()) / 1e6 if engine != "serial" else None
    run = Run(
        len(articles),
        engine,
        ingest_s,
        clock.seconds,
        {stage.name: seconds[stage.name] for stage in stages if stage.per_story is not None},
        pipeline_s,
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6,  # KiB on Linux
        sampler.own_peak / 1e6,
        workers,
    )
    score(run, analysis, truth, {stage.name for stage in stages})
    return run


def score(run: Run, analysis: Analysis, truth: Truth, ran: set[str]) -> None:
    """Fill the run's accuracy against the planted truth, for the stages that ran."""
    source = {article.id: str(article.source_id) for article in analysis.articles}
    if "stories" in ran:
        story_of = {source[a]: story.id for story in analysis.stories for a in story.article_ids}
        precision, recall, f1 = score_stories(story_of, truth)
        run.stories = {"precision": precision, "recall": recall, "f1": f1}
    if "reuse" in ran:
        found = ((source[d.source], source[d.derived], d.kind) for d in analysis.derivations)
        run.derivations = score_derivations(found, truth)


def describe(run: Run) -> str:
    """Return the run's figures as a few indented lines."""
    lines = [
        f"  {run.engine}: pipeline {run.pipeline_s:,.1f} s, {run.size / run.pipeline_s:,.0f} "
        f"reports/s; peak memory {run.peak_mb:,.0f} MB (this process, {run.run_peak_mb:,.0f} "
        "MB during the run)"
        + (f", Dask workers {run.workers_peak_mb:,.0f} MB" if run.workers_peak_mb else "")
    ]
    for name, seconds in run.stages.items():
        lines.append(f"    {name:<20} {seconds:9.1f} s {run.size / seconds:11,.0f} reports/s")
    if run.per_story:
        within = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in run.per_story.items())
        summed = " summed over the workers" if run.workers_peak_mb else ""
        lines.append(f"      per-story stages{summed}: {within}")
    if run.stories:
        s = run.stories
        lines.append(
            f"    stories B-cubed P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
        )
    if run.derivations:
        d = run.derivations
        kinds = " ".join(
            f"{k} {d[f'recall_{k}']:.2f}" for k in ("copy", "rewrite", "partial", "quotation")
        )
        lines.append(
            f"    derivations P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}; "
            f"direction {d['direction']:.3f}, kind {d['kind']:.3f}; recall by kind: {kinds}; "
            f"unplanted {d['false_same_event']:.0f} in one event, "
            f"{d['false_cross_event']:.0f} across events"
        )
    return "\n".join(lines)


def growth(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Return, per engine and consecutive sizes, the time ratio and the growth ratio."""
    rows = []
    for engine in dict.fromkeys(run.engine for run in runs):
        mine = sorted((r for r in runs if r.engine == engine), key=lambda r: r.size)
        for small, big in itertools.pairwise(mine):
            times = big.pipeline_s / small.pipeline_s
            sizes = big.size / small.size
            row = {
                "engine": engine,
                "from": small.size,
                "to": big.size,
                "size_ratio": sizes,
                "time_ratio": times,
                "growth": times / sizes,
                "stages": {
                    n: big.stages[n] / small.stages[n] / sizes
                    for n in big.stages
                    if small.stages.get(n)
                },
            }
            rows.append(row)
    return rows


def speedups(runs: Sequence[Run]) -> list[dict[str, Any]]:
    """Return, per size where both ran, the speed-up of local:2 over local:1."""
    by = {(run.size, run.engine): run for run in runs}
    rows = []
    for size in sorted({run.size for run in runs}):
        one, two = by.get((size, "local:1")), by.get((size, "local:2"))
        if one and two:
            rows.append(
                {
                    "size": size,
                    "speedup": one.pipeline_s / two.pipeline_s,
                    "stages": {
                        n: one.stages[n] / two.stages[n] for n in one.stages if two.stages.get(n)
                    },
                }
            )
    return rows


def print_summary(runs: Sequence[Run]) -> None:
    """Print the table over sizes and engines, the growth ratios and the speed-ups."""
    names = list(dict.fromkeys(n for run in runs for n in run.stages))
    print(
        f"\n{'reports':>9} {'engine':<8} {'ingest/s':>9}"
        + "".join(f" {n + ' s':>10}" for n in names)
        + f" {'total s':>9} {'reports/s':>10} {'peak MB':>8} {'workers MB':>10}"
        + f" {'stories F1':>10} {'deriv P':>8} {'deriv R':>8}"
    )
    for run in runs:
        cells = "".join(f" {run.stages.get(n, float('nan')):10.1f}" for n in names)
        workers = f"{run.workers_peak_mb:10,.0f}" if run.workers_peak_mb else f"{'-':>10}"
        f1 = f"{run.stories['f1']:10.3f}" if run.stories else f"{'-':>10}"
        deriv = run.derivations
        pr = f"{deriv['precision']:8.3f} {deriv['recall']:8.3f}" if deriv else f"{'-':>8} {'-':>8}"
        print(
            f"{run.size:>9,} {run.engine:<8} {run.size / run.ingest_s:9,.0f}{cells} "
            f"{run.pipeline_s:9.1f} {run.size / run.pipeline_s:10,.0f} {run.peak_mb:8,.0f} "
            f"{workers} {f1} {pr}"
        )
    for row in growth(runs):
        ratio = row["size_ratio"]
        print(
            f"growth {row['engine']}: {row['from']:,} → {row['to']:,} reports ({ratio:.0f}x): "
            f"time at {ratio:.0f}x / time at 1x = {row['time_ratio']:.1f}x, growth ratio "
            f"{row['growth']:.2f} (linear 1.00; ≤ {NEAR_LINEAR} means time ≤ "
            f"{NEAR_LINEAR * ratio:.1f}x)"
        )
        print("  per stage: " + ", ".join(f"{n} {g:.2f}" for n, g in row["stages"].items()))
    for row in speedups(runs):
        stages = ", ".join(f"{n} {s:.2f}x" for n, s in row["stages"].items())
        print(f"speed-up local:2 over local:1 at {row['size']:,}: {row['speedup']:.2f}x ({stages})")


def chosen_stages(names: str | None) -> tuple[Stage, ...]:
    """Return the pipeline's stages named in `names` (all when None), in run order."""
    if names is None:
        return PIPELINE
    wanted = [name.strip() for name in names.split(",") if name.strip()]
    known = {stage.name for stage in PIPELINE}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        sys.exit(f"unknown stage(s) {unknown}; the stages are {', '.join(known)}")
    stages = tuple(stage for stage in PIPELINE if stage.name in wanted)
    check_pipeline(stages)  # a stage without the stages it reads from fails here, not midway
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--stages", default=None, help="comma-separated (default: all)")
    parser.add_argument("--engines", default="serial", help="serial, local:N, or an address")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsweave-scale"
    )
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    stages = chosen_stages(args.stages)
    engines = [engine.strip() for engine in args.engines.split(",") if engine.strip()]
    if "executor" not in inspect.signature(run_pipeline).parameters:
        skipped = [e for e in engines if e != "serial"]
        engines = [e for e in engines if e == "serial"]
        if skipped:
            print(f"run_pipeline takes no executor yet: skipping {', '.join(skipped)}")
    runs: list[Run] = []
    for size in sorted(int(s) for s in args.sizes.split(",")):
        print(f"\n{size:,} reports")
        folder = corpus_for(size, args.cache, seed=args.seed, per_day=args.per_day, data=args.data)
        tick = time.perf_counter()
        result = newsweave.read([folder / "reports.jsonl"])
        ingest_s = time.perf_counter() - tick
        print(
            f"  ingest: {len(result.articles):,} reports in {ingest_s:.1f} s "
            f"({len(result.articles) / ingest_s:,.0f} reports/s), {len(result.skipped)} skipped"
        )
        truth = read_truth(folder / "truth.jsonl")
        for engine in engines:
            run = run_engine(result.articles, truth, stages, engine, ingest_s)
            print(describe(run))
            runs.append(run)
    print_summary(runs)
    if args.json:
        figures = {
            "runs": [dataclasses.asdict(r) for r in runs],
            "growth": growth(runs),
            "speedup": speedups(runs),
        }
        args.json.write_text(json.dumps(figures, indent=2))
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
