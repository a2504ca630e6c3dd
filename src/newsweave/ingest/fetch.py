"""Reports from the web: fetch a feed or a page by URL, within limits, then read it.

A URL a user pastes into a server's form is fetched by the server, so by default
it may only reach the public internet: an address on the machine itself
(loopback), the local network (private ranges) or link-local (cloud metadata
services live there) is refused unless the caller allows it. Every hop of a
redirect is checked the same way. A fetch has a time limit and a size cap.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from newsweave.errors import UnreadableInput, byte_size
from newsweave.ingest.sources import DEFAULT_MAX_BYTES, ReadResult, read_bytes
from newsweave.types import Skipped, SourceKind

USER_AGENT = "newsweave/0.1 (news report reader)"
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5

_FEED_TYPES = ("rss", "atom", "xml")


@dataclass(frozen=True)
class Fetched:
    """The body of a URL after redirects, and what its server says it is."""

    url: str
    data: bytes
    content_type: str


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
) -> Fetched:
    """Return the body of `url`; raise `UnreadableInput` with the reason it cannot be had."""
    with httpx.Client(
        timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    ) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private=allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise UnreadableInput(
                            f"{url} answered HTTP {response.status_code} {response.reason_phrase}"
                        )
                    data = _read_capped(response, max_bytes, url)
                    return Fetched(url, data, response.headers.get("content-type", ""))
            except httpx.TimeoutException:
                raise UnreadableInput(f"{url} did not answer within {timeout:g} s") from None
            except httpx.HTTPError as error:
                raise UnreadableInput(f"cannot fetch {url}: {error}") from None
    raise UnreadableInput(f"{url} redirects more than {MAX_REDIRECTS} times")


def read_urls(
    urls: Iterable[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
) -> ReadResult:
    """Return the articles of feeds and pages at `urls`; a URL that fails is one skipped line."""
    fetched: list[tuple[str, bytes]] = []
    kinds: dict[str, SourceKind] = {}
    failed: list[Skipped] = []
    for url in urls:
        try:
            page = fetch(url, timeout=timeout, max_bytes=max_bytes, allow_private=allow_private)
        except UnreadableInput as error:
            failed.append(Skipped(url, error.message))
            continue
        fetched.append((url, page.data))
        kinds[url] = kind_of(page)
    result = read_bytes(fetched, max_bytes=max_bytes, kinds=kinds)
    return ReadResult(result.articles, (*failed, *result.skipped))


def kind_of(page: Fetched) -> SourceKind:
    """Return how to read a fetched body: by its content type, else by its first bytes."""
    media = page.content_type.split(";")[0].strip().lower()
    if "html" in media:
        return "html"
    if any(word in media for word in _FEED_TYPES):
        return "feed"
    if media in ("application/x-ndjson", "application/jsonl"):
        return "jsonl"
    start = page.data[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return "feed"
    return "text"


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise `UnreadableInput` unless `url` is http(s) and, by default, reaches a public address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnreadableInput(f"{url!r} is not an http:// or https:// URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnreadableInput(f"cannot resolve {parts.hostname}: {error}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise UnreadableInput(
                f"{url} resolves to {address}, a private, loopback or link-local address; "
                "newsweave fetches only public addresses unless allowed "
                "(--allow-private-urls)"
            )


def _read_capped(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise UnreadableInput(_too_big(url, max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise UnreadableInput(_too_big(url, max_bytes))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, max_bytes: int) -> str:
    return f"{url} is over the {byte_size(max_bytes)} limit (raise it with --max-bytes)"
