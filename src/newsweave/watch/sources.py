"""What `newsweave watch` follows: URLs and folders, from the arguments a user gives.

An argument is a URL (a feed or a page), a folder (its new and changed files
are read), an OPML file (the `xmlUrl` of its `outline`s, however nested: the
format feed readers export their subscriptions in) or a text file of URLs, one
a line, `#` starting a comment. An argument that cannot be used is one
`SourceProblem` with its reason; the others are followed all the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from lxml import etree

from newsweave.errors import UnreadableInput
from newsweave.ingest.fetch import check_url
from newsweave.ingest.records import one_line

SourceKind = Literal["url", "folder"]

# Files this small or smaller are lists; a larger "list" is something else given by mistake.
_MAX_LIST_BYTES = 5_000_000
_OPML_SUFFIXES = (".opml", ".xml")
_COMMENT = re.compile(r"\s+#")


@dataclass(frozen=True)
class Source:
    """One thing to poll: a URL (feed or page) or a folder of report files."""

    kind: SourceKind
    location: str

    @property
    def key(self) -> str:
        """Return the store key its state is kept under (`watch:<location>`)."""
        return f"watch:{self.location}"


@dataclass(frozen=True)
class SourceProblem:
    """An argument, or a line of one, that names no usable source, and why."""

    given: str
    reason: str


def expand_sources(given: list[str]) -> tuple[list[Source], list[SourceProblem]]:
    """Return the sources named by the arguments (each once, in order) and the unusable ones."""
    sources: dict[Source, None] = {}
    problems: list[SourceProblem] = []
    for argument in given:
        try:
            found, bad_lines = _expand_one(argument)
        except UnreadableInput as error:
            problems.append(SourceProblem(one_line(argument, 200), one_line(error.message)))
            continue
        for source in found:
            sources.setdefault(source, None)
        problems.extend(bad_lines)
    return list(sources), problems


def read_opml(data: bytes, *, name: str) -> list[str]:
    """Return the feed URLs of an OPML document: every `outline`'s `xmlUrl`, depth first.

    The parser neither loads a DTD nor reaches the network: an entity that
    names an outside file, or that would blow a small file up into gigabytes
    ("billion laughs", refused by libxml2), makes the file unreadable, with
    that reason.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise UnreadableInput(f"{name} is not a readable OPML file ({error})") from None
    if root is None or etree.QName(root).localname.lower() != "opml":
        raise UnreadableInput(f"{name} is not an OPML file (its root element is not <opml>)")
    urls = []
    for outline in root.iter("{*}outline", "outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            urls.append(url)
    if not urls:
        raise UnreadableInput(f"{name} lists no feeds (no <outline> with an xmlUrl)")
    return urls


def read_url_list(text: str, *, name: str) -> tuple[list[str], list[SourceProblem]]:
    """Return the URLs of a list, one a line (`#` comments, blank lines skipped), and bad lines."""
    urls: list[str] = []
    problems: list[SourceProblem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        # A URL may hold "#" (a fragment); a comment starts a line or follows a space.
        entry = _COMMENT.split(line.strip(), maxsplit=1)[0].strip()
        if not entry or entry.startswith("#"):
            continue
        try:
            check_url(entry, allow_private=True)
        except UnreadableInput as error:
            problems.append(SourceProblem(f"{name}:{number}", one_line(error.message)))
            continue
        urls.append(entry)
    return urls, problems


def _expand_one(argument: str) -> tuple[list[Source], list[SourceProblem]]:
    """Return the sources an argument names and its unusable lines (of a URL list)."""
    if argument.lower().startswith(("http://", "https://")):
        # Addresses are checked when fetched, where --allow-private-urls is known.
        check_url(argument, allow_private=True)
        return [Source("url", argument)], []
    path = Path(argument)
    if path.is_dir():
        return [Source("folder", str(path))], []
    if not path.exists():
        raise UnreadableInput(f"{argument}: no such file, folder or http(s) URL")
    if not path.is_file():
        raise UnreadableInput(f"{argument}: not a regular file or folder")
    size = path.stat().st_size
    if size > _MAX_LIST_BYTES:
        raise UnreadableInput(
            f"{argument} is {size:,} bytes; an OPML file or URL list is far smaller"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableInput(f"cannot read {argument} ({error.strerror or error})") from None
    if path.suffix.lower() in _OPML_SUFFIXES or data.lstrip()[:1] == b"<":
        return [Source("url", url) for url in read_opml(data, name=argument)], []
    urls, problems = read_url_list(data.decode("utf-8", "replace"), name=argument)
    if not urls and not problems:
        raise UnreadableInput(f"{argument} lists no URLs (one http(s) URL a line expected)")
    return [Source("url", url) for url in urls], problems
