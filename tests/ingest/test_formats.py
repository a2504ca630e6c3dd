"""Every input format newsweave reads (feeds: test_feeds.py), from tiny hand-written reports."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import newsweave as nw

LEAD = "The harbour bridge reopened to traffic on Monday after six weeks of repairs to its deck."
MORE = "Engineers replaced forty corroded plates and repainted the main span of the old bridge."

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour bridge reopens | Coastal Courier</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="Coastal Courier">
<meta name="author" content="Dana Whitfield">
<meta property="article:published_time" content="2022-03-14T09:30:00+01:00">
<meta property="og:url" content="https://www.coastalcourier.example/news/bridge-reopens">
<link rel="canonical" href="https://www.coastalcourier.example/news/bridge-reopens">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport menu link</a></li>
<li><a href="/weather">Weather menu link</a></li></ul></nav>
<article>
<h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday morning after six weeks of repairs
to its steel deck, the city council said.</p>
<p>Engineers replaced forty corroded plates and repainted the main span, work that had been
delayed twice by winter storms along the coast.</p>
<p>Commuters who had faced a long detour through the industrial district welcomed the news,
and shops near the bridge expect more customers this spring.</p>
</article>
<footer><p>Copyright 2022 Coastal Courier footer text. All rights reserved.
Privacy policy and cookie settings.</p></footer>
</body>
</html>
"""


def test_plain_text_is_read_whole(read_one):
    article = read_one("bridge.txt", f"{LEAD}\n\n{MORE}\n")

    assert article.kind == "text"
    assert article.text == f"{LEAD}\n\n{MORE}"
    assert article.path.endswith("bridge.txt")
    assert (article.title, article.outlet, article.published, article.source_id) == (
        None,
        None,
        None,
        None,
    )
    assert article.language == "en"


def test_markdown_front_matter_becomes_metadata(read_one):
    article = read_one(
        "bridge.md",
        (
            "---\n"
            "title: Harbour bridge reopens\n"
            "outlet: Coastal Courier\n"
            "author: Dana Whitfield\n"
            "published: 2022-03-14T09:30:00+01:00\n"
            "url: https://coastalcourier.example/bridge\n"
            "---\n\n"
            f"{LEAD}\n"
        ),
    )

    assert article.kind == "markdown"
    assert article.text == LEAD
    assert article.title == "Harbour bridge reopens"
    assert article.outlet == "Coastal Courier"
    assert article.author == "Dana Whitfield"
    assert article.published.isoformat() == "2022-03-14T09:30:00+01:00"
    assert article.url == "https://coastalcourier.example/bridge"


def test_html_page_drops_boilerplate_and_reads_meta_tags(read_one):
    article = read_one("bridge.html", PAGE)

    assert article.kind == "html"
    assert article.text.startswith("The harbour bridge reopened to traffic on Monday morning")
    assert "shops near the bridge expect more customers" in article.text
    for boilerplate in ("menu link", "footer text", "All rights reserved", "cookie"):
        assert boilerplate not in article.text
    assert article.title == "Harbour bridge reopens after repairs"
    assert article.outlet == "Coastal Courier"
    assert article.author == "Dana Whitfield"
    assert article.published.isoformat() == "2022-03-14T09:30:00+01:00"
    assert article.url == "https://www.coastalcourier.example/news/bridge-reopens"
    assert article.language == "en"


def test_jsonl_reads_every_optional_field(write):
    record = {
        "id": "wire-77",
        "text": LEAD,
        "title": "Bridge reopens",
        "outlet": "Coastal Courier",
        "author": "Dana Whitfield",
        "published": "2022-03-14T09:30:00+01:00",
        "url": "https://coastalcourier.example/b",
        "language": "en",
    }
    lines = json.dumps(record) + "\n\n" + json.dumps({"text": MORE}) + "\n"
    result = nw.read([write("reports.jsonl", lines)])

    assert result.skipped == ()
    full, bare = result.articles
    assert full.kind == "jsonl"
    assert full.source_id == "wire-77"
    assert (full.title, full.outlet, full.author, full.url, full.language) == (
        "Bridge reopens",
        "Coastal Courier",
        "Dana Whitfield",
        "https://coastalcourier.example/b",
        "en",
    )
    assert full.published.isoformat() == "2022-03-14T09:30:00+01:00"
    assert full.text == LEAD
    assert (bare.source_id, bare.title, bare.published, bare.text) == (None, None, None, MORE)


def test_folder_is_read_recursively_by_suffix(write, tmp_path):
    write("a.txt", LEAD)
    write("deeper/down/b.md", f"---\ntitle: More\n---\n{MORE}\n")
    write("deeper/c.jsonl", '{"text": "A new bus route will connect the two schools in February."}')
    write(".hidden.txt", "A hidden file is never read, whatever it holds inside of it.")
    write(".git/d.txt", "Files in hidden folders are never read either, whatever they hold.")
    write("deeper/photo.jpeg", b"\xff\xd8\xff\xe0")

    result = nw.read([tmp_path])

    names = sorted(Path(article.path).name for article in result.articles)
    assert names == ["a.txt", "b.md", "c.jsonl"]
    (skipped,) = result.skipped
    assert skipped.source.endswith("photo.jpeg")
    assert "unsupported file type '.jpeg'" in skipped.reason


def test_standard_input(monkeypatch):
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(LEAD.encode())))

    result = nw.read(["-"])

    assert result.skipped == ()
    (article,) = result.articles
    assert (article.text, article.path, article.kind) == (LEAD, "<stdin>", "text")


def test_standard_input_jsonl(monkeypatch):
    lines = f'{{"id": "s1", "text": "{LEAD}"}}\n{{"id": "s2", "text": "{MORE}"}}\n'
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(lines.encode())))

    result = nw.read(["-"])

    assert [article.source_id for article in result.articles] == ["s1", "s2"]


def test_read_texts_reads_metadata_lines():
    result = nw.read_texts([f"date 2022-03-14 SOUTHPORT\n\n{LEAD}", MORE, 42])

    first, second = result.articles
    assert (first.kind, first.text, first.dateline) == ("string", LEAD, "SOUTHPORT")
    assert first.published.isoformat() == "2022-03-14"
    assert second.text == MORE
    assert result.skipped == (nw.Skipped("text #3", "expected a string, got int"),)


def test_read_records():
    result = nw.read_records(
        [
            {"id": 7, "text": LEAD, "outlet": "Coastal Courier", "published": "2022-03-14"},
            {"title": "no text here"},
        ]
    )

    (article,) = result.articles
    assert (article.source_id, article.outlet, article.kind) == ("7", "Coastal Courier", "jsonl")
    assert article.published.isoformat() == "2022-03-14"
    (skipped,) = result.skipped
    assert skipped.source == "record #2"
    assert "no 'text'" in skipped.reason


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(nw.NewsweaveError, match="no such file or folder"):
        nw.read([tmp_path / "absent.txt"])


def test_a_malformed_url_is_dropped_and_the_report_kept():
    result = nw.read_records(
        [
            {
                "text": "The council met on Tuesday and approved the budget for the new harbour bridge.",
                "url": "http://[bad",
            }
        ]
    )
    (article,) = result.articles
    assert (article.url, article.outlet) == (None, None)
    assert article.notes == ("url 'http://[bad' is not an http(s) address; dropped",)
