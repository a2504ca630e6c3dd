"""What a poll did, source by source, as the lines `newsweave watch` prints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsweave.types import Skipped
from newsweave.watch.sources import SourceProblem

Outcome = Literal["new", "unchanged", "not modified", "failed", "waiting"]
_QUIET: tuple[Outcome, ...] = ("not modified", "unchanged", "failed", "waiting")


@dataclass(frozen=True)
class SourceReport:
    """What one poll of one source did."""

    source: str
    outcome: Outcome
    new: int = 0
    pending: int = 0
    reason: str | None = None
    #: Seconds until the source is asked again, when it failed or waits.
    retry_in: float | None = None
    #: Inputs skipped, with why; an unchanged list is told (and stored) once.
    skipped: tuple[Skipped, ...] = ()

    def line(self) -> str:
        """Return the report as one line: `SOURCE: 3 new reports, 1 pending (why)`."""
        match self.outcome:
            case "new":
                text = f"{self.new} new report{'' if self.new == 1 else 's'}"
            case "unchanged":
                text = "no new reports"
            case "not modified":
                text = "not modified"
            case "failed":
                text = f"failed: {self.reason}; next try in {span(self.retry_in or 0)}"
            case "waiting":
                text = f"waiting, next try in {span(self.retry_in or 0)}: {self.reason}"
        if self.pending and self.outcome not in ("failed", "waiting"):
            text += f", {self.pending} pending"
            if self.reason:
                text += f" ({self.reason})"
        elif self.pending:
            text += f" ({self.pending} pending)"
        return f"{self.source}: {text}"


@dataclass(frozen=True)
class PollReport:
    """What one poll did: a report per source, the unusable arguments, the stories after it."""

    number: int
    sources: tuple[SourceReport, ...]
    problems: tuple[SourceProblem, ...]
    #: Stories in the store's analysis after the poll (None when it was never analyzed).
    stories: int | None
    analyzed: bool
    #: Seconds the poll took, and of them the analysis.
    seconds: float
    analysis_seconds: float = 0.0
    #: Why the analysis failed (it is tried again at the next poll).
    analysis_error: str | None = None

    @property
    def new(self) -> int:
        """Return the number of reports stored by this poll."""
        return sum(item.new for item in self.sources)

    def count(self, outcome: Outcome) -> int:
        """Return how many sources had `outcome` (unusable arguments count as failed)."""
        extra = len(self.problems) if outcome == "failed" else 0
        return sum(item.outcome == outcome for item in self.sources) + extra

    def lines(self) -> list[str]:
        """Return a line per unusable argument and per source polled."""
        bad = [f"{item.given}: failed: {item.reason}" for item in self.problems]
        return bad + [item.line() for item in self.sources]

    def summary(self) -> str:
        """Return the poll in one line: `poll 3: 4 new reports from 2 sources, ...; 12 stories`."""
        sources = sum(item.new > 0 for item in self.sources)
        parts = [
            f"{self.new} new report{'' if self.new == 1 else 's'} from {sources} "
            f"source{'' if sources == 1 else 's'}"
        ]
        for outcome in _QUIET:
            if count := self.count(outcome):
                parts.append(f"{count} {outcome}")
        pending = sum(item.pending for item in self.sources)
        if pending:
            parts.append(f"{pending} pending")
        stories = "no analysis yet" if self.stories is None else f"{self.stories} stories"
        if self.analysis_error:
            stories += f"; analysis failed, tried again next poll: {self.analysis_error}"
        return f"poll {self.number}: {', '.join(parts)}; {stories}"


def span(seconds: float) -> str:
    """Return a duration as people read it: `0.5 s`, `45 s`, `15 min`, `2.5 h`."""
    if seconds < 60:
        return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.3g} min"
    return f"{seconds / 3600:.3g} h"
