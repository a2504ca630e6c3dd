"""`fetch` and `request` with validators: 304, ETag and Last-Modified, error answers."""

from __future__ import annotations

import pytest

from newsweave.errors import UnreadableInput
from newsweave.ingest.fetch import fetch, request

from .conftest import BRIDGE, Item, Reply, Server, rss

STAMP = "Mon, 30 Mar 2026 07:00:00 GMT"


def test_validators_come_back_and_a_conditional_fetch_is_not_modified(server: Server) -> None:
    body = rss(Item("b1", "Bridge reopens", BRIDGE))
    server.serve("/feed.xml", body, etag='"v1"', headers={"Last-Modified": STAMP})
    url = server.url("/feed.xml")

    first = fetch(url, allow_private=True)
    again = fetch(url, allow_private=True, etag=first.etag, last_modified=first.last_modified)

    assert (first.status, first.etag, first.last_modified, first.data) == (200, '"v1"', STAMP, body)
    assert (again.status, again.not_modified, again.data) == (304, True, b"")
    sent = server.hits()[1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', STAMP)


def test_request_returns_an_error_answer_that_fetch_raises(server: Server) -> None:
    server.route("/busy", Reply(503, b"later", "text/plain", headers={"Retry-After": "30"}))
    url = server.url("/busy")

    answer = request(url, allow_private=True)
    with pytest.raises(UnreadableInput) as caught:
        fetch(url, allow_private=True)

    assert (answer.refused, answer.status, answer.retry_after, answer.data) == (
        True,
        503,
        "30",
        b"",
    )
    assert (
        caught.value.message == answer.problem() == f"{url} answered HTTP 503 Service Unavailable"
    )
