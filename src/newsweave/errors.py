"""Every error newsweave raises, in one place.

Each says what was expected, what came, and what to do. They carry the exit code
the CLI uses; the CLI and HTTP edges are the only places that translate them.
A report dropped on purpose (a duplicate, an empty file) is not an error: it
becomes a `Skipped` record with its reason.
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class: a message meant for the user and the exit code to leave with."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableInput(NewsweaveError):
    """One input (a file, a line, an entry) cannot become an article.

    Readers raise it for a single input; the batch catches it, records the reason
    as a `Skipped` line and goes on.
    """

    exit_code = 2


class InputNotFound(NewsweaveError):
    """A path the user named does not exist."""

    exit_code = 2


class ParameterError(NewsweaveError):
    """A setting has a value outside what it accepts."""

    exit_code = 2

    @classmethod
    def invalid(cls, name: str, expected: str, got: object) -> ParameterError:
        return cls(f"The '{name}' parameter must be {expected}. Got {got!r} instead.")


class MissingDependency(NewsweaveError):
    """An optional package that a feature needs is not installed."""

    exit_code = 2

    @classmethod
    def package(cls, requirement: str, needed_for: str) -> MissingDependency:
        return cls(
            f"{needed_for} needs the '{requirement}' package, which is not installed. "
            f"Install it with: pip install '{requirement}'"
        )


class StoreError(NewsweaveError):
    """The store cannot be opened or written."""

    exit_code = 3


class NotFound(NewsweaveError):
    """A story, article or data set the user asked for is not there."""

    exit_code = 4


class DataNotFound(NotFound):
    """A labeled data set for `newsweave eval` is missing or not in the expected format."""


def byte_size(count: float) -> str:
    """Return a size as people read it in a message: "900 bytes", "2.5 kB", "25 MB"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{int(count)} bytes"
