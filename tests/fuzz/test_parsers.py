"""Fuzzing every reader: whatever the bytes, a reader gives reports or one clear reason.

No exception but `UnreadableInput` leaves a reader, and none at all leaves the
batch (`read_bytes`, `read_texts`, `read_records`): each bad input is a `Skipped`
with a one-line reason. What was read can be stored: no field holds a lone
surrogate. The `@example`s are the failures these tests found, kept as regressions.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import newsweave as nw
from newsweave.errors import UnreadableInput
from newsweave.ingest import read_bytes
from newsweave.ingest.conventions import read_conventions
from newsweave.ingest.decode import decode
from newsweave.ingest.feeds import read_feed
from newsweave.ingest.frontmatter import split_front_matter
from newsweave.ingest.html import fragment_text, read_html_page
from newsweave.ingest.published import parse_published
from newsweave.ingest.records import build_article
from newsweave.types import Article, Skipped

# NEWSWEAVE_FUZZ_EXAMPLES=5000 fuzzes deeper than the suite's default.
EXAMPLES = int(os.environ.get("NEWSWEAVE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 1, 1, tzinfo=UTC)
BODY = "The council approved the new budget for the city roads on Monday after a long debate."

# Any character, lone surrogates included: JSON's "\ud800" escapes produce them.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=20)
# Characters that have broken parsers: controls, separators, byte-order marks, NUL.
ODD = st.sampled_from(list("\x00\x01\x0b\x0c\x1f\x7f\x85\u2028\u2029\ufeff\ufffe\ud800\udfff"))


def one_line(reason: str) -> bool:
    """Return whether a reason is what a user can read in one line of a table."""
    return bool(reason.strip()) and "\n" not in reason and len(reason) < 400


def assert_storable(article: Article) -> None:
    """Every text field of an article encodes as UTF-8 (a store or an export can hold it)."""
    for value in (article.text, article.original, article.title, article.author, article.url):
        (value or "").encode("utf-8")
    for value in (article.outlet, article.source_id, article.path, *article.notes):
        (value or "").encode("utf-8")


def assert_batch(result: nw.ReadResult) -> None:
    for article in result.articles:
        assert_storable(article)
    for item in result.skipped:
        assert one_line(item.reason), item
        (item.source + item.reason).encode("utf-8")


# -- front matter -----------------------------------------------------------------

YAML_PIECES = st.sampled_from(
    [
        *":{}[]&*!|>'\"%@#,-? \n\t\\`~",
        "!!int ",
        "!!float ",
        "!!timestamp ",
        "!!bool ",
        "!!binary ",
        "!!set ",
        "<<: ",
        "*a",
        "&a ",
        "---",
        "...",
        "title: ",
        "date: ",
        "2021-06-08",
        "2021-02-30",
        "12:30",
        "0x1F",
        "0b",
        "1e999",
        ".inf",
        "~",
        "null",
        "é",
        "\u2028",
        "\x85",
        "\ufeff",
        "\x00",
    ]
)
YAMLISH = st.lists(st.one_of(YAML_PIECES, st.text(max_size=4)), max_size=30).map("".join)


@FUZZ
@given(
    YAMLISH,
    st.sampled_from(["---\n", "--- \r\n", " ---\n"]),
    st.sampled_from(["\n---\n", "\n...\n", "\r\n---\r\n", ""]),
)
@example("!!int ", "---\n", "\n---\n")  # IndexError in PyYAML's int constructor
@example("!!float ", "---\n", "\n---\n")  # IndexError
@example("!!timestamp x", "---\n", "\n---\n")  # AttributeError
@example("a: !!bool", "---\n", "\n---\n")  # KeyError
def test_front_matter_gives_fields_or_a_reason(front_matter, opening, closing):
    text = f"{opening}{front_matter}{closing}{BODY}\n"

    try:
        fields, body_start = split_front_matter(text)
    except UnreadableInput as error:
        assert error.message.startswith("front matter"), error.message
        assert one_line(error.message), error.message
        return
    assert isinstance(fields, dict)
    assert 0 <= body_start <= len(text)


@FUZZ
@given(YAMLISH, st.text(ODD, max_size=3))
def test_front_matter_never_stops_a_batch(front_matter, odd):
    good = f"{BODY} A second sentence makes it a report."

    result = nw.read_texts([f"---\n{front_matter}{odd}\n---\n{BODY}\n", good])

    assert any(article.text == good for article in result.articles)
    assert len(result.articles) + len(result.skipped) == 2
    assert_batch(result)


# -- text conventions (bylines, datelines, trailers) ------------------------------

LINES = st.sampled_from(
    [
        "Jane Marlow. Northern Ledger [NL].",
        "By Jane Marlow, Ledger",
        "date 2021-06-08 MEXICO CITY",
        "date 2021-13-45 Text follows here.",
        "MEXICO CITY, May 7 (Reuters) - The talks began.",
        "Source: Reuters (en)",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "###",
        "",
        " ",
        BODY,
    ]
)


@FUZZ
@given(st.lists(st.one_of(LINES, ANY_TEXT), max_size=8), st.integers(0, 40))
def test_conventions_bound_the_body_inside_the_text(lines, start):
    text = "\n".join(lines)
    start = min(start, len(text))

    found = read_conventions(text, start)

    assert start <= found.start <= found.end <= len(text), (found, len(text))
    assert all(isinstance(value, str) for value in found.fields.values())


# -- HTML -------------------------------------------------------------------------

TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<br>",
        "<br/>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<html>",
        "<html lang='",
        "<head>",
        "<title>",
        "</title>",
        "<body>",
        "<article>",
        "</article>",
        "<svg>",
        "<math>",
        "<h1>",
        "<table><tr><td>",
        "<meta property='article:published_time' content='",
        "'>",
        "<",
        '<script type="application/ld+json">',
        '{"datePublished": ',
        '"2021-06-08"',
        "[",
        "}",
        "<?xml version='1.0' encoding='utf-8'?>",
        "<!DOCTYPE html>",
        "&amp;",
        "&#0;",
        ">",
        "&#xD800;",
        "&nbsp;",
        "&undefined;",
        "\x00",
        "\x1f",
        "\ufffd",
        "<time datetime='",
        "<a href='",
        "http://[bad",
        "<noscript>",
        "<template>",
        "<frameset>",
        "<base href='",
    ]
)
HTML = st.lists(st.one_of(TAGS, ODD, st.text(max_size=6), st.just(BODY + " ")), max_size=30).map(
    "".join
)


@FUZZ
@given(HTML)
@example("<svg><html lang='")  # an assert inside lxml, through htmldate
def test_html_page_gives_a_report_or_a_reason(page):
    try:
        raw = read_html_page(page, path="page.html")
    except UnreadableInput as error:
        assert one_line(error.message), error.message
        return
    try:
        assert_storable(build_article(raw, now=NOW))
    except UnreadableInput as error:
        assert one_line(error.message), error.message


@FUZZ
@given(HTML)
@example("<p>\x1f")  # lxml refused to set element text with a control character
@example("<html>")  # lxml asserted "too many bodies" on a document with no body
@example("<html><head><title>Only a title</title></head></html>")
@example("<p>half\ud800</p>")
def test_html_fragment_always_gives_text(fragment):
    assert isinstance(fragment_text(fragment), str)


def test_html_fragment_without_tags_has_its_entities_decoded():
    # A feed's HTML summary with no tags still escapes "&": it was read as "AT&amp;T".
    assert (
        fragment_text("AT&amp;T and Verizon &#8212; both said so")
        == "AT&T and Verizon — both said so"
    )


# -- feeds ------------------------------------------------------------------------

FIELD_TEXT = st.one_of(
    st.text(max_size=20),
    ANY_TEXT,
    HTML,
    st.sampled_from(["", " ", "&amp;", "&lt;b&gt;", "]]>", "&#xD800;", "&#0;", "&nosuch;", "\x0b"]),
)
PUBLISHED = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "Mon, 30 Mar 2026 07:00:00 +0200",
            "Tue, 31 Feb 2026 25:61:00 GMT",
            "0001-01-01",
            "9999-12-31T23:59:59+14:00",
            "Mon, 30 Mar 99999 07:00:00 +9999",
            "2021-13-45",
        ]
    ),
)
ENTRY = st.fixed_dictionaries(
    {
        "title": FIELD_TEXT,
        "description": st.one_of(FIELD_TEXT, st.just(BODY)),
        "link": st.one_of(FIELD_TEXT, st.just("https://example.org/a")),
        "guid": FIELD_TEXT,
        "pubDate": PUBLISHED,
        "author": st.one_of(FIELD_TEXT, st.emails()),
    }
)


EMPTY_ENTRY = dict.fromkeys(["title", "description", "link", "guid", "pubDate", "author"], "")


def escape(text: str, raw: bool) -> str:
    return text if raw else text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss(title: str, entries: list[dict[str, str]], raw: bool) -> str:
    items = "".join(
        "<item>" + "".join(f"<{k}>{escape(v, raw)}</{k}>" for k, v in entry.items()) + "</item>"
        for entry in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title, raw)}</title><language>en</language>{items}</channel></rss>"
    )


def atom(title: str, entries: list[dict[str, str]], raw: bool) -> str:
    items = "".join(
        f'<entry><title type="html">{escape(e["title"], raw)}</title>'
        f'<id>{escape(e["guid"], raw)}</id><link href="{escape(e["link"], False)}"/>'
        f"<updated>{escape(e['pubDate'], raw)}</updated>"
        f"<author><name>{escape(e['author'], raw)}</name></author>"
        f'<content type="html">{escape(e["description"], raw)}</content></entry>'
        for e in entries
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title, raw)}</title>{items}</feed>'


@FUZZ
@given(
    FIELD_TEXT,
    st.lists(ENTRY, max_size=4),
    st.booleans(),
    st.sampled_from([rss, atom]),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
# A repeated entry's reason quoted the first entry's id whole: a paragraph, not a line.
@example(
    "",
    [
        {**EMPTY_ENTRY, "description": BODY, "guid": "<p>" + " <p>".join([BODY] * 5)},
        {**EMPTY_ENTRY, "description": BODY},
    ],
    False,
    rss,
    "utf-8",
)
def test_feed_gives_reports_or_reasons(title, entries, raw, shape, encoding):
    document = shape(title, entries, raw)
    data = (
        document.encode(encoding, "replace")
        if encoding != "utf-8"
        else document.encode("utf-8", "surrogatepass")
    )

    result = read_bytes([("feed.xml", data)])

    assert_batch(result)


def good_feed() -> bytes:
    entry = {
        "title": "Bridge reopens",
        "description": BODY,
        "link": "https://example.org/bridge",
        "guid": "bridge-1",
        "pubDate": "Mon, 30 Mar 2026 07:00:00 +0200",
        "author": "desk@example.org (Ann Lee)",
    }
    return rss("Daily", [entry], raw=False).encode()


@FUZZ
@given(st.integers(0, 400), st.binary(max_size=24), st.binary(max_size=200))
@example(0, b"", b"<>&#xD800;")  # UnicodeEncodeError inside feedparser's fallback parser
def test_damaged_feed_bytes_give_reports_or_one_reason(at, inserted, noise):
    feed = good_feed()
    at = min(at, len(feed))
    for data in (feed[:at] + inserted + feed[at + len(inserted) :], noise):
        try:
            items = list(read_feed(data, path="feed.xml"))
        except UnreadableInput as error:
            assert one_line(error.message), error.message
            continue
        for item in items:
            if isinstance(item, Skipped):
                assert one_line(item.reason), item
                continue
            try:
                assert_storable(build_article(item, now=NOW))
            except UnreadableInput as error:
                assert one_line(error.message), error.message


# -- JSON Lines and records --------------------------------------------------------

JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | ANY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
FIELD_NAMES = st.sampled_from(
    [
        "text",
        "title",
        "headline",
        "published",
        "date",
        "pubDate",
        "url",
        "link",
        "author",
        "authors",
        "outlet",
        "publisher",
        "source",
        "language",
        "lang",
        "id",
        "guid",
    ]
)
RECORD = st.dictionaries(
    FIELD_NAMES,
    st.one_of(JSON_VALUE, PUBLISHED, st.just(BODY), ANY_TEXT.map(lambda t: f"{BODY} {t}")),
    max_size=8,
)
LINE = st.one_of(
    RECORD.map(lambda record: json.dumps(record).encode()),
    st.binary(max_size=40),
    st.text(max_size=40).map(str.encode),
)


@FUZZ
@given(st.lists(LINE, max_size=6))
@example([json.dumps({"text": f"{BODY} \ud800", "title": "Roads\udfff"}).encode()])
def test_jsonl_gives_one_report_or_reason_per_line(lines):
    # A lone surrogate escape made language detection raise UnicodeEncodeError, and
    # would have made the store raise it too: the batch stopped.
    result = read_bytes([("reports.jsonl", b"\n".join(lines))])

    assert_batch(result)
    filled = [line for line in b"\n".join(lines).split(b"\n") if line.strip()]
    assert len(result.articles) + len(result.skipped) <= max(len(filled), 1)


@FUZZ
@given(st.lists(st.one_of(RECORD, JSON_VALUE), max_size=4))
def test_records_give_one_report_or_reason_each(records):
    result = nw.read_records(records)

    assert_batch(result)
    assert len(result.articles) + len(result.skipped) == len(records)


# -- bytes to text ------------------------------------------------------------------

ENCODED = st.one_of(
    st.binary(max_size=200),
    ANY_TEXT.map(lambda t: (BODY + t).encode("utf-8", "surrogatepass")),
    st.text(max_size=60).map(lambda t: (BODY + t).encode("utf-16")),
    st.text(max_size=60).map(lambda t: (BODY + t).encode("cp1252", "ignore")),
    st.tuples(st.text(max_size=30), st.text(max_size=30)).map(
        lambda p: (p[0] + BODY).encode("utf-8") + p[1].encode("cp1252", "ignore")
    ),
)


@FUZZ
@given(ENCODED)
def test_decode_gives_text_or_a_reason(data):
    try:
        text, note = decode(data)
    except UnreadableInput as error:
        assert one_line(error.message), error.message
        return
    text.encode("utf-8", "surrogatepass")
    assert note is None or one_line(note)


@FUZZ
@given(st.text(max_size=80))
def test_utf8_text_decodes_to_itself(text):
    data = text.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf") or "\x00" in text:
        return
    try:
        decoded, note = decode(data)
    except UnreadableInput:
        # Text that opens like a binary file ("%PDF-", "GIF89a") is refused as one.
        assert text.startswith(("%PDF-", "GIF8", "PK\x03\x04", "BZh")), text
        return
    assert (decoded, note) == (text, None)


# -- publication times ----------------------------------------------------------------

STATED = st.one_of(
    st.none(),
    st.text(max_size=40),
    PUBLISHED,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.timezones()),
    st.lists(st.text(max_size=5), max_size=3),
    st.builds(
        "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:00{}".format,
        st.integers(0, 99999),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 99),
        st.sampled_from(["", "Z", "+02:00", "-23:59", "+99:99"]),
    ),
)


@FUZZ
@given(STATED, st.datetimes(min_value=datetime(1700, 1, 1), max_value=datetime(9999, 12, 1)))
def test_published_is_a_moment_no_later_than_now_or_unknown_with_a_note(value, now):
    now = now.replace(tzinfo=UTC)

    moment, note = parse_published(value, now=now)

    if moment is None:
        assert value in (None, "") or (note is not None and one_line(note)), (value, note)
        return
    assert moment.value.tzinfo is not None
    assert moment.value.year >= 1600
    if moment.precision in ("minute", "second"):
        assert moment.value <= now, (value, moment)
    else:  # a day may be tomorrow in UTC and today where it was published
        assert moment.value.date() <= (now + timedelta(days=1)).date(), (value, moment)
