"""The abstractive summary: what is sent to the endpoint, which sentences survive, and errors.

A small chat completions server runs on 127.0.0.1 inside each test and answers
with a canned reply, so no model and no network beyond the loopback are needed.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from newsweave.abstractive import (
    Abstract,
    Dropped,
    Endpoint,
    EndpointError,
    abstractive_summary,
)
from newsweave.errors import NewsweaveError, ParameterError
from newsweave.types import Article, Claim, Span

ARTICLES = (
    Article(id="nw-post", text="", kind="text", outlet="Norvland Post", language="en"),
    Article(id="bel-wire", text="", kind="text", outlet="Belmora Wire", language="en"),
    Article(id="kessel-fm", text="", kind="text", outlet="Kessel FM", language="en"),
)
CLAIMS = (
    Claim(
        "About 3,000 trucks a day used the crossing before it was closed, the port authority said.",
        (Span("bel-wire", 40, 128),),
        1,
    ),
    Claim(
        "Norvland and Belmora agreed on Tuesday to reopen the Kessel river crossing, closed since March.",
        (Span("nw-post", 0, 96), Span("bel-wire", 0, 39), Span("kessel-fm", 12, 90)),
        3,
    ),
    Claim(
        "Transport minister Ilse Varga said the first convoy of 2.7 million vaccine doses would cross on June 8.",
        (Span("kessel-fm", 100, 204),),
        1,
    ),
)
# The prompt puts the claim with the most independent sources first.
REOPEN, TRUCKS, CONVOY = 1, 2, 3


@dataclass
class FakeServer:
    """A chat completions server answering every POST with `status` and `body`."""

    url: str
    status: int = 200
    body: bytes = b""
    delay: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def reply_with(self, content: str) -> None:
        """Answer with a chat completion whose message says `content`."""
        choice = {"index": 0, "message": {"role": "assistant", "content": content}}
        self.body = json.dumps({"object": "chat.completion", "choices": [choice]}).encode()

    def endpoint(self, **settings: Any) -> Endpoint:
        return Endpoint(url=self.url, model="tiny-test-model", **settings)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeServer]:
    for variable in ("NEWSWEAVE_LLM_KEY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    fake = FakeServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            fake.requests.append(json.loads(self.rfile.read(length)))
            fake.headers.append(dict(self.headers))
            fake.paths.append(self.path)
            if fake.delay:
                fake.released.wait(fake.delay)
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(fake.body)))
            self.end_headers()
            self.wfile.write(fake.body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    # A short poll keeps shutdown quick at the end of each test.
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.released.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def summarize(server: FakeServer, reply: str, **settings: Any) -> Abstract:
    server.reply_with(reply)
    return abstractive_summary(ARTICLES, CLAIMS, server.endpoint(), **settings)


def test_the_request_carries_the_model_and_the_numbered_claims(server: FakeServer) -> None:
    summarize(server, "Norvland and Belmora agreed to reopen the Kessel crossing [1].", words=80)

    assert server.paths == ["/v1/chat/completions"]
    request = server.requests[0]
    assert request["model"] == "tiny-test-model"
    assert request["temperature"] == 0
    prompt = "\n".join(message["content"] for message in request["messages"])
    assert "80 words" in prompt
    lines = [line for line in prompt.splitlines() if line.startswith("[")]
    assert lines == [
        "[1] Norvland and Belmora agreed on Tuesday to reopen the Kessel river crossing, closed since March. (reported by Norvland Post, Belmora Wire, Kessel FM; 3 independent sources)",
        "[2] About 3,000 trucks a day used the crossing before it was closed, the port authority said. (reported by Belmora Wire; 1 independent source)",
        "[3] Transport minister Ilse Varga said the first convoy of 2.7 million vaccine doses would cross on June 8. (reported by Kessel FM; 1 independent source)",
    ]
    assert "Authorization" not in server.headers[0]


def test_the_api_key_is_sent_as_a_bearer_token(
    server: FakeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.reply_with("Norvland and Belmora agreed to reopen the Kessel crossing [1].")
    abstractive_summary(ARTICLES, CLAIMS, server.endpoint(api_key="given-key"))
    monkeypatch.setenv("NEWSWEAVE_LLM_KEY", "key-from-environment")
    abstractive_summary(ARTICLES, CLAIMS, server.endpoint())

    assert [h["Authorization"] for h in server.headers] == [
        "Bearer given-key",
        "Bearer key-from-environment",
    ]
    assert "given-key" not in repr(server.endpoint(api_key="given-key"))


def test_supported_sentences_are_kept_citing_every_report_of_their_claims(
    server: FakeServer,
) -> None:
    reply = (
        "Norvland and Belmora agreed on Tuesday to reopen the Kessel river crossing [1]. "
        "About 3,000 trucks a day used it before it closed in March [1][2]. "
        "Minister Ilse Varga said 2.7 million vaccine doses would cross on June 8 [3]."
    )
    abstract = summarize(server, reply)

    assert abstract.dropped == ()
    assert [s.text for s in abstract.sentences] == [
        "Norvland and Belmora agreed on Tuesday to reopen the Kessel river crossing.",
        "About 3,000 trucks a day used it before it closed in March.",
        "Minister Ilse Varga said 2.7 million vaccine doses would cross on June 8.",
    ]
    first, second, third = abstract.sentences
    assert first.evidence == CLAIMS[1].evidence
    assert second.evidence == CLAIMS[1].evidence + CLAIMS[0].evidence
    assert third.article_ids == ("kessel-fm",)


def test_citations_after_the_full_stop_and_ranges_are_read(server: FakeServer) -> None:
    reply = (
        "The Kessel crossing will reopen, the two governments agreed. [1]\n"
        "- Varga said about 3,000 trucks and the first vaccine convoy would cross. [2-3]"
    )
    abstract = summarize(server, reply)

    assert [(s.text, s.article_ids) for s in abstract.sentences] == [
        ("The Kessel crossing will reopen, the two governments agreed.", CLAIMS[1].article_ids),
        (
            "Varga said about 3,000 trucks and the first vaccine convoy would cross.",
            ("bel-wire", "kessel-fm"),
        ),
    ]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "Minister Ilse Varga said 15 convoys of vaccine doses would cross on June 8 [3].",
            "the number 15 is in none of its cited claims",
        ),
        (
            "About 3,000 trucks a day crossed until the closure [1].",
            "the number 3,000 is in none of its cited claims",
        ),
        (
            "Minister Ilse Varga said 2.7 billion vaccine doses would cross on June 8 [3].",
            "the number 2.7 billion is in none of its cited claims",
        ),
        (
            "The first vaccine convoy would cross on June 9, Varga said [3].",
            "the number 9 is in none of its cited claims",
        ),
        (
            "Norvland and Belmora agreed in Madrid to reopen the Kessel crossing [1].",
            "says 'Madrid', which none of its cited claims says",
        ),
        (
            "Prime Minister Otto Brandl agreed to reopen the Kessel crossing [1].",
            "says 'Prime Minister Otto Brandl', which none of its cited claims says",
        ),
        (
            "Norvland and Belmora agreed to reopen the Kessel crossing.",
            "cites nothing",
        ),
        (
            "Norvland and Belmora agreed to reopen the Kessel crossing [9].",
            "cites [9], which is not a claim",
        ),
        (
            "Fishermen upstream complained loudly about noisy weekend festivals [1].",
            "too little of it is in its cited claims (0 of 7 content words)",
        ),
    ],
)
def test_an_unsupported_sentence_is_dropped_with_its_reason(
    server: FakeServer, sentence: str, reason: str
) -> None:
    kept = "Norvland and Belmora agreed to reopen the Kessel river crossing [1]."
    abstract = summarize(server, f"{kept} {sentence}")

    assert [s.text for s in abstract.sentences] == [kept.replace(" [1]", "")]
    assert [d.reason for d in abstract.dropped] == [reason]
    assert "[" not in abstract.dropped[0].text


def test_sentences_past_the_word_budget_are_dropped(server: FakeServer) -> None:
    reply = (
        "Norvland and Belmora agreed to reopen the Kessel river crossing [1]. "
        "About 3,000 trucks a day used the crossing [2]."
    )
    abstract = summarize(server, reply, words=12)

    assert len(abstract.sentences) == 1
    assert abstract.dropped == (
        Dropped("About 3,000 trucks a day used the crossing.", "goes past the 12-word budget"),
    )


def test_no_claims_sends_no_request(server: FakeServer) -> None:
    assert abstractive_summary(ARTICLES, [], server.endpoint()) == Abstract((), ())
    assert server.requests == []


def test_a_server_error_names_the_url_and_the_cause(server: FakeServer) -> None:
    server.status = 500
    server.body = json.dumps({"error": {"message": "model failed to load"}}).encode()

    with pytest.raises(EndpointError) as raised:
        abstractive_summary(ARTICLES, CLAIMS, server.endpoint())

    assert raised.value.message == (
        f"The LLM endpoint {server.url}/chat/completions answered HTTP 500 "
        "Internal Server Error: model failed to load."
    )
    assert raised.value.exit_code == 5
    assert isinstance(raised.value, NewsweaveError)


def test_a_reply_that_is_not_json_is_an_endpoint_error(server: FakeServer) -> None:
    server.body = b"<html>welcome to the router</html>"

    with pytest.raises(EndpointError, match="did not answer with JSON") as raised:
        abstractive_summary(ARTICLES, CLAIMS, server.endpoint())

    assert server.url in raised.value.message
    assert "welcome to the router" in raised.value.message
    assert "\n" not in raised.value.message


def test_json_that_is_no_chat_completion_is_an_endpoint_error(server: FakeServer) -> None:
    server.body = json.dumps({"data": []}).encode()

    with pytest.raises(EndpointError, match=r"without choices\[0\]\.message\.content"):
        abstractive_summary(ARTICLES, CLAIMS, server.endpoint())


def test_a_slow_endpoint_times_out(server: FakeServer) -> None:
    server.delay = 5.0
    server.reply_with("Norvland and Belmora agreed to reopen the Kessel crossing [1].")

    with pytest.raises(EndpointError) as raised:
        abstractive_summary(ARTICLES, CLAIMS, server.endpoint(timeout=0.2))

    assert raised.value.message.startswith(
        f"The LLM endpoint {server.url}/chat/completions gave no answer within 0.2 s"
    )


def test_a_refused_connection_is_an_endpoint_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = Endpoint(url=f"http://127.0.0.1:{port}/v1", model="m")

    with pytest.raises(EndpointError, match="refused the connection") as raised:
        abstractive_summary(ARTICLES, CLAIMS, endpoint)

    assert f"127.0.0.1:{port}" in raised.value.message


@pytest.mark.parametrize("url", ["file:///etc/passwd", "127.0.0.1:8080/v1", "ftp://host/v1"])
def test_only_http_addresses_are_accepted(url: str) -> None:
    with pytest.raises(ParameterError, match="'url' parameter must be an http"):
        Endpoint(url=url, model="m")
