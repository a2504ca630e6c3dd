"""Fixtures shared by the whole suite."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

#: `../shared` beside the checkout: the seeds, the labeled data and the dossier checker.
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsweave" / "example"


def needs_shared(*parts: str) -> Path:
    """Return a path under ../shared, skipping the calling test where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (../shared beside the checkout)")
    return path


@pytest.fixture
def shared() -> Callable[..., Path]:
    """`shared("seeds")`: a path under ../shared, or skip the test where it is absent."""
    return needs_shared


@pytest.fixture
def check_dossier(tmp_path: Path) -> Callable[[str], str]:
    """`check_dossier(json_text)`: the verdict of ../shared/tools/check-dossier ("ok" when it conforms)."""

    def check(text: str) -> str:
        checker = needs_shared("tools", "check-dossier")
        target = tmp_path / "dossier-to-check.json"
        target.write_text(text, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, str(checker), str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        return (
            done.stdout.strip() if done.returncode == 0 else f"rc={done.returncode}: {done.stdout}"
        )

    return check


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a user's NEWSWEAVE_DB from leaking into tests."""
    monkeypatch.delenv("NEWSWEAVE_DB", raising=False)


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a store holding the example corpus, analyzed (built once per run).

    Tests that read it must not write to it; copy it first (`shutil.copy`) to write.
    """
    import newsweave as nw
    from newsweave.store import open_store

    path = tmp_path_factory.mktemp("example-store") / "example.db"
    store = open_store(path)
    result = nw.read([EXAMPLE])
    store.add(result.articles, skipped=result.skipped)
    nw.analyze(result.articles, store=store, skipped=result.skipped)
    store.close()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of an empty PostgreSQL database for tests ($NEWSWEAVE_TEST_POSTGRES).

    Tests that need it skip where it is unset, unless NEWSWEAVE_REQUIRE_POSTGRES=1
    (CI), where they fail.
    """
    import os

    url = os.environ.get("NEWSWEAVE_TEST_POSTGRES")
    if not url:
        if os.environ.get("NEWSWEAVE_REQUIRE_POSTGRES") == "1":
            pytest.fail("NEWSWEAVE_REQUIRE_POSTGRES=1 but NEWSWEAVE_TEST_POSTGRES is unset")
        pytest.skip("no PostgreSQL for tests (set NEWSWEAVE_TEST_POSTGRES=postgresql://...)")
    return url


def empty_postgres(url: str) -> str:
    """Drop everything newsweave stored in the test database; return its URL."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("DROP SCHEMA IF EXISTS public CASCADE")
        admin.execute("CREATE SCHEMA public")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store's URL, once per backend: every store test runs against both."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return empty_postgres(request.getfixturevalue("postgres_url"))


@pytest.fixture
def example_store_url(store_url: str, example_store: Path) -> str:
    """The analyzed example corpus in a store of each backend (copied, not analyzed again)."""
    from newsweave.store import open_store

    source = open_store(example_store)
    target = open_store(store_url)
    articles = source.articles()
    target.add(articles, skipped=source.skipped())
    target.save_sentences(s for a in articles for s in source.sentences(a.id))
    analysis = source.load_analysis()
    assert analysis is not None
    target.save_analysis(analysis)
    source.close()
    target.close()
    return store_url
