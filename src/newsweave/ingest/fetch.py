"""Reports from the web: fetch a feed or a page by URL, within limits, then read it.

A URL a user pastes into a server's form is fetched by the server, so by default
it may only reach the public internet: an address on the machine itself
(loopback), the local network (private ranges) or link-local (cloud metadata
services live there) is refused unless the caller allows it. Every hop of a
redirect is checked the same way. A fetch has a time limit and a size cap, and
the cap holds for the body as decompressed: a gzip "bomb" of 1 MB that would
expand to 1 GB is stopped once `max_bytes` have come out of it.

A poller asks again and again: `request` sends the validators of its last
answer (`If-None-Match`, `If-Modified-Since`), so an unchanged feed costs the
server one "304 Not Modified" and no body, and it hands back error answers
(429, 503 with their `Retry-After`) instead of raising, for the caller to wait.
"""

from __future__ import annotations

import ipaddress
import socket
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from newsweave.errors import UnreadableInput, byte_size
from newsweave.ingest.feeds import DEFAULT_MAX_ENTRIES
from newsweave.ingest.sources import DEFAULT_MAX_BYTES, ReadResult, read_bytes
from newsweave.types import Skipped, SourceKind

USER_AGENT = "newsweave/0.1 (news report reader)"
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5

_FEED_TYPES = ("rss", "atom", "xml")
# Only what `_Inflater` decodes is asked for; httpx would also offer brotli and zstd
# when their packages are installed, and decode them with no bound on the output.
_ACCEPT_ENCODING = "gzip, deflate"


@dataclass(frozen=True)
class Fetched:
    """The body of a URL after redirects, and what its server says it is.

    `status` is the final HTTP status: 200 (or another 2xx) with a body, 304 when
    the validators sent still hold (no body), or, from `request` only, an error
    status with no body. `etag` and `last_modified` are the validators to send
    next time; `retry_after` is the server's `Retry-After`, as written.
    """

    url: str
    data: bytes
    content_type: str
    status: int = 200
    reason: str = "OK"
    etag: str | None = None
    last_modified: str | None = None
    retry_after: str | None = None

    @property
    def not_modified(self) -> bool:
        """Return whether the server said the body has not changed since the validators sent."""
        return self.status == 304

    @property
    def refused(self) -> bool:
        """Return whether the server answered with an error status (4xx, 5xx)."""
        return self.status >= 400

    def problem(self) -> str:
        """Return the one-line reason an error answer gives ("... answered HTTP 503 ...")."""
        return f"{self.url} answered HTTP {self.status} {self.reason}".rstrip()


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """Return the body of `url`; raise `UnreadableInput` with the reason it cannot be had.

    With `etag` or `last_modified` (the validators of an earlier answer) the
    request is conditional: an unchanged body comes back as a `Fetched` whose
    `not_modified` is true and whose `data` is empty.
    """
    page = request(
        url,
        timeout=timeout,
        max_bytes=max_bytes,
        allow_private=allow_private,
        etag=etag,
        last_modified=last_modified,
    )
    if page.refused:
        raise UnreadableInput(page.problem())
    return page


def request(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    allow_private: bool = False,
    etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """Return the server's answer for `url`, an error status included, with its validators.

    Raises `UnreadableInput` only when there is no answer to give: a refused
    address, a time-out, a broken connection, a body over `max_bytes`, too many
    redirects. An error answer (4xx, 5xx) comes back with its status and
    `Retry-After` and without its body, which is not read.
    """
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": _ACCEPT_ENCODING}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
        for _ in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private=allow_private)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    return _answer(url, response, max_bytes)
            except httpx.TimeoutException:
                raise UnreadableInput(f"{url} did not answer within {timeout:g} s") from None
            except httpx.HTTPError as error:
                raise UnreadableInput(f"cannot fetch {url}: {error}") from None
    raise UnreadableInput(f"{url} redirects more than {MAX_REDIRECTS} times")


def _answer(url: str, response: httpx.Response, max_bytes: int) -> Fetched:
    """Return what `response` says: its body (read within `max_bytes`) unless 304 or an error."""
    status = response.status_code
    data = b"" if status >= 400 or status == 304 else _read_capped(response, max_bytes, url)
    headers = response.headers
    return Fetched(
        url,
        data,
        headers.get("content-type", ""),
        status=status,
        reason=response.reason_phrase,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        retry_after=headers.get("retry-after"),
    )


def read_urls(
    urls: Iterable[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
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
    result = read_bytes(fetched, max_bytes=max_bytes, max_entries=max_entries, kinds=kinds)
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
    """Return the body, decompressed, or raise once more than `max_bytes` came out of it."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise UnreadableInput(_too_big(url, max_bytes))
    inflater = _Inflater(response.headers.get("content-encoding", ""), url)
    body = bytearray()
    # Raw bytes, decoded here: httpx decodes each network chunk whole, and 64 kB of
    # gzip can hold 64 MB.
    for chunk in response.iter_raw():
        body += inflater.decode(chunk, max_bytes + 1 - len(body))
        if len(body) > max_bytes:
            raise UnreadableInput(_too_big(url, max_bytes))
    inflater.finish()
    return bytes(body)


class _Inflater:
    """Decodes a body's content encoding (none, gzip or deflate), never past a given size.

    zlib does the decompressing; what is written here is the bound, which
    neither zlib's one-call functions nor httpx's decoders keep.
    """

    def __init__(self, encoding: str, url: str) -> None:
        self.encoding = encoding.strip().lower()
        if self.encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise UnreadableInput(
                f"{url} sent its body encoded as {encoding!r}; newsweave decodes gzip and deflate"
            )
        self.url = url
        gzipped = self.encoding in ("gzip", "x-gzip")
        self.zlib = zlib.decompressobj(16 + zlib.MAX_WBITS if gzipped else zlib.MAX_WBITS)
        self.started = False

    def decode(self, chunk: bytes, room: int) -> bytes:
        """Return up to `room` bytes of what `chunk` decodes to (`room` + 1 means over)."""
        if self.encoding in ("", "identity"):
            return chunk[:room]
        try:
            return self._inflate(chunk, room)
        except zlib.error as error:
            raise UnreadableInput(
                f"{self.url} sent a body that is not valid {self.encoding} ({error})"
            ) from None

    def finish(self) -> None:
        """Raise `UnreadableInput` when the body ended before its compressed data did."""
        if self.encoding not in ("", "identity") and not self.zlib.eof:
            raise UnreadableInput(
                f"{self.url} sent a body that is not valid {self.encoding} "
                "(it ends before its compressed data does)"
            )

    def _inflate(self, chunk: bytes, room: int) -> bytes:
        # With a `room` limit, input left over stays in `unconsumed_tail`; if any is
        # left, the output filled `room`, and the caller stops there.
        first, self.started = not self.started, True
        try:
            return self.zlib.decompress(chunk, room)
        except zlib.error:
            if not (first and self.encoding == "deflate"):
                raise
            # "deflate" should be zlib-wrapped, but some servers send it raw.
            self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.zlib.decompress(chunk, room)


def _too_big(url: str, max_bytes: int) -> str:
    return f"{url} is over the {byte_size(max_bytes)} limit (raise it with --max-bytes)"
