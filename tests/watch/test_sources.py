"""Sources from arguments: URLs, folders, OPML files and URL lists, and the unusable ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import UnreadableInput
from newsweave.watch import Source, SourceProblem, expand_sources, read_opml, read_url_list

OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News">
      <outline text="Brenna Daily" type="rss" xmlUrl="https://brenna.example/rss.xml"/>
      <outline text="Regional">
        <outline text="Ostmouth Post" type="rss" xmlUrl="https://ostmouth.example/feed"
                 htmlUrl="https://ostmouth.example/"/>
      </outline>
    </outline>
    <outline text="A folder label with no feed"/>
    <outline text="Wire" type="rss" xmlUrl="https://wire.example/atom"/>
  </body>
</opml>"""


def test_opml_outlines_are_read_however_nested() -> None:
    assert read_opml(OPML, name="feeds.opml") == [
        "https://brenna.example/rss.xml",
        "https://ostmouth.example/feed",
        "https://wire.example/atom",
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<opml version="2.0"><body><outline xmlUrl="https://a.example/rss">',
            "feeds.opml is not a readable OPML file (",
        ),
        (
            b"<rss><channel/></rss>",
            "feeds.opml is not an OPML file (its root element is not <opml>)",
        ),
        (b"<opml><body><outline text='x'/></body></opml>", "feeds.opml lists no feeds"),
    ],
)
def test_a_malformed_opml_file_is_one_line_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableInput) as caught:
        read_opml(data, name="feeds.opml")
    assert caught.value.message.startswith(reason), caught.value.message
    assert "\n" not in caught.value.message


def test_an_opml_file_cannot_make_the_parser_read_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leaked.example/")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<opml><body><outline xmlUrl="&x;"/><outline xmlUrl="https://ok.example/rss"/></body></opml>'
    ).encode()
    with pytest.raises(UnreadableInput) as caught:
        read_opml(data, name="hostile.opml")
    assert "external entity" in caught.value.message
    assert "leaked" not in caught.value.message


def test_an_opml_file_cannot_blow_up_into_gigabytes() -> None:
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 9))
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY l0 "ha">{laughs}]>'
        "<opml><head><title>&l8;</title></head>"
        '<body><outline xmlUrl="https://ok.example/rss"/></body></opml>'
    ).encode()
    try:
        outcome: object = read_opml(data, name="laughs.opml")
    except UnreadableInput as error:
        outcome = error.message
    # Either the entities stay unexpanded or libxml2 refuses the amplification.
    assert outcome == ["https://ok.example/rss"] or "amplification" in str(outcome), outcome


def test_a_url_list_skips_comments_and_names_its_bad_lines() -> None:
    text = (
        "# my feeds\n"
        "https://brenna.example/rss.xml\n"
        "\n"
        "https://ostmouth.example/story#comments   # a page, with a fragment\n"
        "ftp://files.example/feed\n"
    )
    urls, problems = read_url_list(text, name="feeds.txt")
    assert urls == ["https://brenna.example/rss.xml", "https://ostmouth.example/story#comments"]
    assert problems == [
        SourceProblem("feeds.txt:5", "'ftp://files.example/feed' is not an http:// or https:// URL")
    ]


def test_arguments_become_sources_each_once_and_bad_ones_a_reason(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(OPML)
    listed = tmp_path / "more.txt"
    listed.write_text("https://brenna.example/rss.xml\nhttps://extra.example/news\nnot a url\n")
    broken = tmp_path / "broken.opml"
    broken.write_text("<opml><body>")
    folder = tmp_path / "reports"
    folder.mkdir()

    sources, problems = expand_sources(
        [
            str(opml),
            str(listed),
            str(folder),
            "https://page.example/a",
            str(broken),
            "nowhere",
            "bad\0name",
        ]
    )

    assert sources == [
        Source("url", "https://brenna.example/rss.xml"),
        Source("url", "https://ostmouth.example/feed"),
        Source("url", "https://wire.example/atom"),
        Source("url", "https://extra.example/news"),
        Source("folder", str(folder)),
        Source("url", "https://page.example/a"),
    ]
    assert [(p.given, p.reason.split(" (")[0]) for p in problems] == [
        (f"{listed}:3", "'not a url' is not an http:// or https:// URL"),
        (str(broken), f"{broken} is not a readable OPML file"),
        ("nowhere", "nowhere: no such file, folder or http(s) URL"),
        # A name no file system takes; its NUL is shown as a space.
        ("bad name", "bad name: no such file, folder or http(s) URL"),
    ]
