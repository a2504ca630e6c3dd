"""Fixtures for the web UI and API: an app over a copy of the example store, a live server."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from newsweave.web import ServerSettings, create_app


@pytest.fixture
def store_copy(example_store: Path, tmp_path: Path) -> Path:
    """A copy of the analyzed example store that a test may write to."""
    target = tmp_path / "store.db"
    shutil.copy(example_store, target)
    return target


@pytest.fixture
def client(example_store_url: str) -> Iterator[TestClient]:
    """The app in process over the analyzed example, once per store backend."""
    with TestClient(create_app(ServerSettings(example_store_url))) as test_client:
        yield test_client


class LiveServer:
    """The app served by uvicorn on a free loopback port, in a thread of the test process."""

    def __init__(self, settings: ServerSettings) -> None:
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start within 30 s")
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(store_copy: Path) -> Iterator[str]:
    """The base URL of a running server over a copy of the example store."""
    with LiveServer(ServerSettings(str(store_copy), allow_private_urls=True)) as url:
        yield url


@pytest.fixture
def serve() -> type[LiveServer]:
    """`with serve(ServerSettings(...)) as url:` runs a server over another store."""
    return LiveServer
