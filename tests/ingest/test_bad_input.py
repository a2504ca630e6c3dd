"""A folder of broken inputs: every good report is read, every bad one is one clear Skipped line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.ingest import DEFAULT_MAX_BYTES

GOOD_TEXT = "The museum will lend two paintings to a gallery abroad for a summer exhibition.\n"
GOOD_MD = (
    "---\ntitle: Museum loan\noutlet: Art Weekly\n---\n"
    "The museum will lend two paintings abroad, a rare step for a collection that seldom travels.\n"
)
LATIN1 = (
    "El señor alcalde inauguró la nueva biblioteca municipal el martes, y los vecinos "
    "celebraron la apertura con música y café en la plaza mayor.\n"
)
UTF16 = "The ferry company added a second evening crossing after complaints about crowded boats.\n"
JSONL = (
    '{"id": "good-1", "text": "Farmers in the valley reported the best apple harvest in '
    'twenty years after a mild spring and a dry autumn."}\n'
    "{not json\n"
    '["an", "array"]\n'
    '{"id": "no-text", "title": "A record without a body"}\n'
)
TRUNCATED_HTML = (
    "<html><head><title>Dock strike</title></head><body><article><p>Dock workers walked out on "
    "Tuesday over a dispute about night shifts and overtime pay, halting cargo at the port for "
    "the first time in a decade.</p><p>The union said the strike would la"
)
SENTENCE = "The same sentence is written again and again to make one very large file. "

# Each bad input (its file name, or file:line) and the words its reason must contain.
BAD = {
    "empty.txt": "empty",
    "photo.txt": "binary",
    "broken.md": "YAML",
    "not-a-feed.xml": "not a readable feed",
    "no-entries.rss": "no entries",
    "mixed.jsonl:2": "not JSON",
    "mixed.jsonl:3": "not an object",
    "mixed.jsonl:4": "no 'text'",
    "huge.txt": "limit",
    "notes.docx": "unsupported file type",
}
GOOD = ["good.txt", "good.md", "mixed.jsonl", "latin1.txt", "utf16.txt"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder of broken inputs beside two good ones (written once: one is 50 MB)."""
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "good.txt").write_text(GOOD_TEXT)
    (folder / "good.md").write_text(GOOD_MD)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    (folder / "utf16.txt").write_bytes(UTF16.encode("utf-16"))  # with its byte-order mark
    (folder / "truncated.html").write_text(TRUNCATED_HTML)
    (folder / "broken.md").write_text('---\ntitle: "Unclosed\noutlet: [a, b\n---\n' + GOOD_TEXT)
    (folder / "not-a-feed.xml").write_text("these are words in a file, not XML and not a feed")
    (folder / "no-entries.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    )
    (folder / "mixed.jsonl").write_text(JSONL)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    with (folder / "huge.txt").open("w") as huge:
        block = SENTENCE * 1000 + "\n"
        for _ in range(50_000_000 // len(block) + 1):
            huge.write(block)
    assert (folder / "huge.txt").stat().st_size > 2 * DEFAULT_MAX_BYTES
    return folder


def test_every_good_report_is_read(corpus):
    result = nw.read([corpus])

    by_name = {Path(article.path).name: article for article in result.articles}
    html = by_name.pop("truncated.html", None)
    assert sorted(by_name) == sorted(GOOD)
    assert by_name["mixed.jsonl"].source_id == "good-1"
    assert by_name["good.md"].title == "Museum loan"
    if html is not None:  # what there is of a cut-off page is fine to read
        assert html.text.startswith("Dock workers walked out on Tuesday")


def test_other_encodings_are_read_with_a_note(corpus):
    result = nw.read([corpus / "latin1.txt", corpus / "utf16.txt"])

    latin1, utf16 = result.articles
    assert latin1.text == LATIN1.strip()
    assert "señor" in latin1.text
    assert latin1.language == "es"
    assert any("not UTF-8" in note for note in latin1.notes), latin1.notes
    assert utf16.text == UTF16.strip()
    assert any("utf-16" in note for note in utf16.notes), utf16.notes


def test_every_bad_input_is_one_clear_skipped_line(corpus):
    result = nw.read([corpus])

    skipped = [item for item in result.skipped if not item.source.endswith("truncated.html")]
    reasons = {Path(item.source).name: item.reason for item in skipped}
    assert len(skipped) == len(reasons), skipped  # one line per bad input
    assert sorted(reasons) == sorted(BAD)
    for name, words in BAD.items():
        assert words in reasons[name], (name, reasons[name])
    assert all(item.source.startswith(str(corpus)) for item in skipped)


def test_truncated_html_is_read_or_skipped_never_a_crash(corpus):
    result = nw.read([corpus / "truncated.html"])

    assert len(result.articles) + len(result.skipped) == 1
    assert all(item.reason for item in result.skipped)


def test_cli_ingest_reports_skips_and_stores_the_good(corpus, tmp_path):
    from typer.testing import CliRunner

    from newsweave.cli import app
    from newsweave.store import open_store

    db = tmp_path / "tmp.db"
    outcome = CliRunner().invoke(
        app, ["ingest", str(corpus), "--db", str(db)], env={"COLUMNS": "400"}
    )

    assert outcome.exit_code == 0, outcome.output
    skipped_table = outcome.output[outcome.output.index("Skipped") :]
    for name in BAD:
        assert name in skipped_table, (name, skipped_table)
    store = open_store(db)
    try:
        stored = {Path(article.path).name for article in store.articles()}
        assert stored - {"truncated.html"} == set(GOOD)
        assert store.article_count() == len(stored)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("front_matter", "words"),
    [
        ("a: !!int abc", "not valid YAML"),
        ("a: !!float abc", "not valid YAML"),
        ("a: " + "[" * 5000 + "]" * 5000, "not valid YAML"),
        ("- a list\n- not a mapping", "mapping"),
    ],
)
def test_front_matter_errors_skip_the_report_not_the_batch(front_matter, words):
    # PyYAML raises plain ValueError / RecursionError here; they used to stop the batch.
    result = nw.read_texts([f"---\n{front_matter}\n---\n{GOOD_TEXT}", GOOD_TEXT])

    assert len(result.articles) == 1
    (skipped,) = result.skipped
    assert skipped.source == "text #1"
    assert words in skipped.reason


def test_deeply_nested_jsonl_line_is_skipped(write):
    good = json.dumps({"text": GOOD_TEXT})
    path = write("deep.jsonl", "[" * 100_000 + "]" * 100_000 + "\n" + good + "\n")

    result = nw.read([path])

    assert len(result.articles) == 1
    (skipped,) = result.skipped
    assert skipped.source == f"{path}:1"
    assert skipped.reason == "line is not a JSON record (nested too deeply)"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("blank.txt", " \n\t\n\u00a0\n"),
        ("tiny.txt", "OK."),
        ("only-meta.md", "---\ntitle: Nothing here\n---\n"),
        ("only-byline.txt", "Jane Marlow. Northern Ledger [NL].\n###\n"),
        ("empty.html", ""),
        ("empty.jsonl", "\n\n"),
        ("bad-bom.txt", b"\xff\xfeA\x00\x00\xd8"),
    ],
)
def test_nothing_to_read_is_skipped_or_empty(write, name, content):
    result = nw.read([write(name, content)])

    assert result.articles == ()
    assert all(item.source.endswith(name) and item.reason for item in result.skipped)


def test_unreadable_file_is_skipped(write, monkeypatch):
    locked = write("locked.txt", GOOD_TEXT)
    other = write("other.txt", GOOD_TEXT.replace("two", "three"))
    read_bytes = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)

    result = nw.read([locked, other])

    assert [Path(article.path).name for article in result.articles] == ["other.txt"]
    assert result.skipped == (nw.Skipped(str(locked), "cannot read the file (Permission denied)"),)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        # feedparser's fallback parser raised UnicodeEncodeError on a surrogate reference.
        ("surrogate.xml", "<>&#xD800;", "not a readable feed"),
        # htmldate tripped an assert inside lxml on this fragment.
        ("svg.html", "<svg><html lang='", "HTML page could not be parsed"),
    ],
)
def test_parser_failures_skip_the_file_not_the_batch(write, name, content, words):
    good = write("good.txt", GOOD_TEXT)

    result = nw.read([write(name, content), good])

    assert [Path(article.path).name for article in result.articles] == ["good.txt"]
    (skipped,) = result.skipped
    assert skipped.source.endswith(name)
    assert words in skipped.reason


def test_cli_max_entries_reads_the_first_entries_of_a_long_feed(tmp_path):
    from typer.testing import CliRunner

    from newsweave.cli import app
    from newsweave.store import open_store

    items = "".join(
        f"<item><title>Ferry timetable {i}</title><link>https://ferry.example/{i}</link>"
        f"<description>The ferry to Brenna leaves at {i} o'clock from pier {i}, the harbour "
        f"office said on Monday.</description></item>"
        for i in range(1, 6)
    )
    feed = tmp_path / "ferries.xml"
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>'
        f"{items}</channel></rss>"
    )
    db = tmp_path / "feed.db"
    outcome = CliRunner().invoke(
        app, ["ingest", str(feed), "--db", str(db), "--max-entries", "3"], env={"COLUMNS": "400"}
    )

    assert outcome.exit_code == 0, outcome.output
    assert "feed has 5 entries, over the 3 limit" in outcome.output, outcome.output
    with open_store(db) as store:
        assert store.article_count() == 3
