"""Feed entries as a watch reads them: full reports, or summaries whose page is the report.

A feed entry that carries its article (`content:encoded`, Atom `content`) is a
report as read. One that carries only a summary and a link is read from its
page, with the HTML reader; the feed then fills what the page does not say
(title, date, outlet). When the page never gives a report, the summary is kept
instead, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsweave.ingest.decode import decode
from newsweave.ingest.fetch import Fetched
from newsweave.ingest.html import fragment_text, read_html_page
from newsweave.ingest.records import RawReport, article_id, build_article
from newsweave.types import Article
from newsweave.watch.state import PendingEntry

#: A feed entry without content whose text is shorter than this is a summary of its page.
SUMMARY_CHARS = 1000


def parse_feed(data: bytes) -> Any:
    """Return feedparser's reading of a feed, or None where it fails.

    `read_bytes` reads the feed's reports (and says why one cannot be read);
    this second reading tells what the reports lose: which entries had full
    content, and whether a feed with no reports is simply empty.
    """
    try:
        return feedparser.parse(data)
    except Exception:  # read_bytes says why the feed is unreadable
        return None


def entries_with_content(parsed: Any) -> set[str]:
    """Return the ids and links of the feed entries that carry full content, not a summary."""
    keys: set[str] = set()
    for entry in (parsed or {}).get("entries") or []:
        if entry.get("content"):
            keys.update(
                str(value).strip() for value in (entry.get("id"), entry.get("link")) if value
            )
    return keys


def bare_entries(feed: Any, url: str, max_entries: int) -> Iterator[PendingEntry]:
    """Yield the entries of a parsed feed that have a link and no content, only a summary.

    Those whose summary makes a report are also among the feed's articles; the
    others (a summary of a few words, or none) are only here, and their page is
    the only place their report can come from.
    """
    outlet = (feed.get("feed") or {}).get("title")
    for entry in (feed.get("entries") or [])[:max_entries]:
        link = str(entry.get("link") or "").strip()
        if entry.get("content") or not link.lower().startswith(("http://", "https://")):
            continue
        text = fragment_text(entry.get("summary") or "")
        if len(text) >= SUMMARY_CHARS:
            continue
        title = entry.get("title")
        yield PendingEntry(
            url=link,
            feed=url,
            summary=text,
            summary_id=article_id(text, title, outlet, link),
            title=title,
            outlet=outlet,
            published=entry.get("published") or dict.get(entry, "updated") or None,
            source_id=entry.get("id"),
            language=entry.get("language"),
        )


def summary_only(article: Article, full: set[str]) -> bool:
    """Return whether a feed article is a short summary with a link to its page."""
    if not article.url or article.source_id in full or article.url in full:
        return False
    return len(article.text) < SUMMARY_CHARS


def page_article(entry: PendingEntry, page: Fetched) -> Article:
    """Return the report read from an entry's page, with the feed's metadata where it has none."""
    text, note = decode(page.data)
    raw = read_html_page(text, path=entry.url)
    if note:
        raw.notes.append(note)
    raw.title = raw.title or entry.title
    raw.outlet = raw.outlet or entry.outlet
    raw.author = raw.author or entry.author
    raw.published = raw.published or entry.published
    raw.language = raw.language or entry.language
    raw.url = raw.url or page.url
    raw.source_id = entry.source_id
    return build_article(raw, now=datetime.now(UTC))


def summary_article(entry: PendingEntry, why: str) -> Article:
    """Return the report made of the feed's summary, noted with why the page was not used."""
    raw = RawReport(
        text=entry.summary,
        kind="feed",
        path=entry.feed,
        source_id=entry.source_id,
        title=entry.title,
        outlet=entry.outlet,
        author=entry.author,
        published=entry.published,
        url=entry.url,
        language=entry.language,
    )
    article = build_article(raw, now=datetime.now(UTC))
    return replace(article, notes=(*article.notes, f"the feed's summary is stored: {why}"))
