"""Fixtures shared by the whole suite."""

from __future__ import annotations

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


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a user's NEWSWEAVE_DB from leaking into tests."""
    monkeypatch.delenv("NEWSWEAVE_DB", raising=False)
