"""Where the parallel parts of the pipeline run: in this process, or on a Dask cluster.

The pipeline's stages are mostly maps: per report (sentences, reuse views, story
features), per candidate pair (alignment) and per story (facts, claims,
timeline, summary). A stage hands such a map to an `Executor` as chunks; the
serial executor runs them here, the Dask executor on a `distributed` cluster,
and both give back the results in input order. The functions are the same, so
the results are the same: a Dask run and a single-process run agree exactly.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

from newsweave.errors import MissingDependency, ParameterError

T = TypeVar("T")
R = TypeVar("R")

#: Items per task: big enough that scheduling costs little, small enough to spread.
DEFAULT_CHUNK = 64


class Executor(Protocol):
    """Runs `fn` over chunks of items and returns the results in order."""

    #: How many tasks can run at once.
    workers: int

    def map_chunks(
        self, fn: Callable[[Sequence[T]], Sequence[R]], items: Sequence[T], *, chunk: int
    ) -> list[R]:
        """Return `fn` applied to consecutive chunks of `items`, results flattened in order."""
        ...

    def close(self) -> None: ...


class SerialExecutor:
    """Runs everything in this process, in order: the default."""

    workers = 1

    def map_chunks(
        self,
        fn: Callable[[Sequence[T]], Sequence[R]],
        items: Sequence[T],
        *,
        chunk: int = DEFAULT_CHUNK,
    ) -> list[R]:
        return [result for part in chunked(items, chunk) for result in fn(part)]

    def close(self) -> None:
        pass


class DaskExecutor:
    """Runs the chunks as tasks on a Dask `distributed` cluster.

    `address` is a scheduler's address (`tcp://host:8786`) or `local:N` for a
    cluster of N worker processes on this machine, started here and stopped by
    `close`. Each worker loads the models it needs once (they are cached per
    process), so the first tasks of a run are the slowest.
    """

    def __init__(self, address: str, *, timeout: float = 30.0) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise MissingDependency.package("dask[distributed]", "Running on Dask") from None
        self.address = address
        self._cluster: Any = None
        workers = local_workers(address)
        if workers is not None:
            cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
            self._cluster = LocalCluster(
                n_workers=workers,
                # The cores shared out: each worker's models use its share of threads.
                env={"NEWSWEAVE_THREADS": str(max(1, cores // workers))},
                threads_per_worker=1,
                processes=True,
                # A free port for the scheduler's HTTP routes: 8787 may be taken.
                dashboard_address="127.0.0.1:0",
                silence_logs=50,
            )
            self._client: Any = Client(self._cluster)
        else:
            try:
                self._client = Client(address, timeout=timeout)
            except (OSError, TimeoutError) as error:
                raise ParameterError(
                    f"cannot reach the Dask scheduler at {address}: {error}"
                ) from None
        self.workers = max(sum(self._client.nthreads().values()), 1)

    def map_chunks(
        self,
        fn: Callable[[Sequence[T]], Sequence[R]],
        items: Sequence[T],
        *,
        chunk: int = DEFAULT_CHUNK,
    ) -> list[R]:
        parts = list(chunked(items, chunk))
        if not parts:
            return []
        # Scattered first, so the data travels to the workers as data, not
        # inside the task graph (which the scheduler holds and warns about);
        # unhashed, as hashing large inputs to name them costs more than sending them.
        futures = self._client.map(fn, self._client.scatter(parts, hash=False), pure=False)
        return [result for part in self._client.gather(futures) for result in part]

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def local_workers(address: str) -> int | None:
    """Return N for `local:N`, None for a scheduler's address; raise for anything else."""
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if count.isdigit() and int(count) >= 1:
            return int(count)
    elif "://" in address or ":" in address:
        return None
    raise ParameterError.invalid("dask", "a scheduler address or local:N with N >= 1", address)


def executor_for(address: str | None) -> Executor:
    """Return the executor for `--dask ADDRESS`: serial when None."""
    return SerialExecutor() if address is None else DaskExecutor(address)


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Yield consecutive slices of `items` of at most `size`."""
    if size < 1:
        raise ParameterError.invalid("chunk", "an int >= 1", size)
    for start in range(0, len(items), size):
        yield items[start : start + size]
