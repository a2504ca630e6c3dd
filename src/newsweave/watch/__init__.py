"""Following sources continuously: `newsweave watch` polls feeds, pages and folders.

from newsweave.watch import Watcher, WatchSettings
watcher = Watcher(store, ["feeds.opml", "https://example.org/rss"])
report = watcher.poll()   # or watcher.run(polls=3)
print(report.summary())
"""

from newsweave.watch.poller import Watcher, WatchSettings
from newsweave.watch.report import PollReport, SourceReport
from newsweave.watch.sources import Source, SourceProblem, expand_sources, read_opml, read_url_list
from newsweave.watch.state import PendingEntry, SourceState
from newsweave.watch.timing import HostTurns, backoff_delay, retry_after_seconds

__all__ = [
    "HostTurns",
    "PendingEntry",
    "PollReport",
    "Source",
    "SourceProblem",
    "SourceReport",
    "SourceState",
    "WatchSettings",
    "Watcher",
    "backoff_delay",
    "expand_sources",
    "read_opml",
    "read_url_list",
    "retry_after_seconds",
]
