"""What a running server keeps: store connections, the analysis worker, rendered pages.

Requests run on a pool of threads; each thread gets its own store connection.
Analysis (the whole pipeline) is slow, so it never runs inside a request: an
ingest stores its reports, asks the `Analyst` for a new analysis and returns;
pages keep showing the last analysis, with a note, until the new one is saved.
Rendered pages are cached under the analysis stamp, so a new analysis makes
every cached page stale at once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from starlette.requests import Request

import newsweave as nw
from newsweave.errors import NewsweaveError
from newsweave.ingest import DEFAULT_MAX_BYTES
from newsweave.pipeline import Settings
from newsweave.store import Store, open_store

log = logging.getLogger("newsweave.web")

AnalysisState = Literal["idle", "running", "failed"]


@dataclass(frozen=True)
class ServerSettings:
    """How a server reads, fetches and answers; every limit can be set by the user."""

    store_url: str
    #: The largest input (a file, a fetched page, a JSONL line) read.
    max_bytes: int = DEFAULT_MAX_BYTES
    #: The largest request body accepted (uploads of many files together).
    max_body_bytes: int = 100_000_000
    #: Whether pasted URLs may reach loopback, private and link-local addresses.
    allow_private_urls: bool = False
    fetch_timeout: float = 20.0
    #: How long `?wait=true` on an ingest waits for the analysis.
    wait_seconds: float = 900.0
    #: Pipeline settings for the analyses the server runs.
    analysis: Settings | None = None


class Stores:
    """One store connection per thread, opened on first use, all closed together."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


@dataclass(frozen=True)
class AnalysisStatus:
    """Where the analysis worker is: idle, running (which stage), or failed (why)."""

    state: AnalysisState = "idle"
    stage: str | None = None
    stages_done: int = 0
    stages_total: int = 0
    error: str | None = None
    finished_at: str | None = None
    #: Whether the store's last analysis covers every stored report.
    current: bool = True


class Analyst:
    """Runs the pipeline over the whole store in a background thread, when asked.

    Requests that arrive while it runs are folded into one more run, so a burst
    of ingests costs two analyses, not one per ingest.
    """

    def __init__(self, store_url: str, settings: Settings | None = None) -> None:
        self.store_url = store_url
        self.settings = settings
        self._wanted = threading.Event()
        self._idle = threading.Condition()
        self._status = AnalysisStatus()
        self._thread: threading.Thread | None = None
        self._stopping = False

    @property
    def status(self) -> AnalysisStatus:
        return self._status

    def request(self) -> None:
        """Ask for an analysis of whatever the store holds now."""
        with self._idle:
            self._wanted.set()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="newsweave-analyst", daemon=True
                )
                self._thread.start()

    def wait(self, timeout: float) -> bool:
        """Return once no analysis is running or wanted (True), or after `timeout` (False)."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._wanted.is_set() or self._status.state == "running":
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def stop(self) -> None:
        self._stopping = True
        self._wanted.set()

    def _stopped(self) -> bool:
        return self._stopping

    def _loop(self) -> None:
        while not self._stopped():
            if not self._wanted.wait(timeout=60) or self._stopped():
                continue
            with self._idle:
                self._wanted.clear()
                self._status = replace(self._status, state="running", error=None)
            outcome = self._analyze()
            with self._idle:
                self._status = outcome
                self._idle.notify_all()

    def _analyze(self) -> AnalysisStatus:
        finished = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            store = open_store(self.store_url)
        except NewsweaveError as error:
            return AnalysisStatus("failed", error=error.message, finished_at=finished)
        try:
            if store.analysis_is_current():
                return AnalysisStatus(finished_at=finished)
            articles = store.articles()
            if articles:
                nw.analyze(
                    articles,
                    store=store,
                    skipped=store.skipped(),
                    settings=self.settings,
                    progress=self._progress,
                )
            return AnalysisStatus(
                finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
                current=store.analysis_is_current(),
            )
        except Exception as error:  # the server must go on; the reason is shown to users
            log.exception("analysis failed")
            reason = error.message if isinstance(error, NewsweaveError) else repr(error)
            return AnalysisStatus("failed", error=reason, finished_at=finished, current=False)
        finally:
            store.close()

    def _progress(self, stage: str, done: int, total: int) -> None:
        self._status = AnalysisStatus(
            "running", stage=stage, stages_done=done, stages_total=total, current=False
        )


class PageCache:
    """The last `size` rendered pages, each under the analysis stamp it was made from."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[object, ...], str] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: tuple[object, ...]) -> str | None:
        """Return the page under `key` if it was rendered, else None (renders nothing)."""
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def get(self, key: tuple[object, ...], render: Callable[[], str]) -> str:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
                return page
        page = render()
        with self._lock:
            self._pages[key] = page
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)
        return page


def stores_of(request: Request) -> Stores:
    """Return the running app's store connections (one per thread)."""
    stores: Stores = request.app.state.stores
    return stores


def analyst_of(request: Request) -> Analyst:
    """Return the running app's analysis worker."""
    analyst: Analyst = request.app.state.analyst
    return analyst


def pages_of(request: Request) -> PageCache:
    """Return the running app's cache of rendered pages."""
    pages: PageCache = request.app.state.pages
    return pages
