"""`analyze --llm-url/--llm-model`: an abstractive summary from a local endpoint, checked."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsweave as nw
from newsweave.cli import app

runner = CliRunner()
EXAMPLE = Path(nw.__file__).parent / "example"


class _Echo(BaseHTTPRequestHandler):
    """Answers with claim [1] as written (supported) and an invented sentence citing it."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = "\n".join(m["content"] for m in body["messages"])
        first = re.search(r"^\[1\] (.+?) \(reported by", prompt, re.MULTILINE)
        claim = first.group(1) if first else "nothing"
        reply = f"{claim} [1]\nThe barrier will cost 999 million euros in Madrid. [1]"
        answer = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(answer.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for variable in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_the_abstract_keeps_what_its_citations_carry_and_says_what_it_dropped(
    endpoint: str, tmp_path: Path
) -> None:
    result = runner.invoke(
        app,
        ["analyze", str(EXAMPLE), "-o", str(tmp_path), "--llm-url", endpoint, "--llm-model", "m"],
    )
    assert result.exit_code == 0, result.output

    stories = json.loads((tmp_path / "dossier.json").read_text(encoding="utf-8"))["stories"]
    agreement = max(stories, key=lambda s: len(s["article_ids"]))
    assert len(agreement["abstract"]) == 1
    assert len(agreement["abstract"][0]["article_ids"]) > 1, "it cites every report of its claim"
    (dropped,) = agreement["abstract_dropped"]
    assert "999" in dropped["reason"] or "Madrid" in dropped["reason"], dropped


def test_an_endpoint_without_a_model_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["analyze", str(EXAMPLE), "-o", str(tmp_path), "--llm-url", "http://127.0.0.1:9/v1"]
    )

    assert result.exit_code == 2
    assert "--llm-url and --llm-model go together" in result.output


def test_the_report_shows_the_checked_abstract_and_what_was_dropped(
    endpoint: str, tmp_path: Path
) -> None:
    runner.invoke(
        app,
        ["analyze", str(EXAMPLE), "-o", str(tmp_path), "--llm-url", endpoint, "--llm-model", "m"],
    )
    page = (tmp_path / "report.html").read_text(encoding="utf-8")

    assert "each sentence checked against what it cites" in page
    assert "1 sentence dropped" in page
    assert "999 million euros in Madrid" in page
