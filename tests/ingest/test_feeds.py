"""RSS and Atom feeds: one article per entry, guid as source id, dates with their zone."""

from __future__ import annotations

import pytest

import newsweave as nw

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Valley Gazette</title><link>https://valleygazette.example/</link>
<description>Local news</description><language>en</language>
<item>
<title>Library extends opening hours</title>
<link>https://valleygazette.example/library-hours</link>
<guid isPermaLink="false">vg-2023-0101</guid>
<pubDate>Tue, 10 Jan 2023 08:15:00 -0500</pubDate>
<author>newsdesk@valleygazette.example (Ruth Ng)</author>
<description>&lt;p&gt;The town library will stay open until nine in the evening on weekdays
from next month, the board announced.&lt;/p&gt;&lt;p&gt;Volunteers will staff the reading
room.&lt;/p&gt;</description>
</item>
<item>
<title>New bus route links the two schools</title>
<link>https://valleygazette.example/bus-route</link>
<guid>vg-2023-0102</guid>
<pubDate>Wed, 11 Jan 2023 17:40:00 +0000</pubDate>
<description>A new bus route will connect the north and south schools from February,
cutting the morning journey for hundreds of pupils.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Diario del Puerto</title><id>urn:uuid:diario-del-puerto</id>
<updated>2023-02-02T10:00:00+01:00</updated>
<entry>
<title>El puerto amplía su muelle</title><id>urn:uuid:entrada-1</id>
<link href="https://diariodelpuerto.example/muelle"/>
<published>2023-02-01T09:00:00+01:00</published><updated>2023-02-01T12:00:00+01:00</updated>
<author><name>Lucía Romero</name></author>
<content type="html">&lt;p&gt;La autoridad portuaria aprobó ayer la ampliación del muelle
norte, una obra que durará dos años y costará doce millones de euros.&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_feed_gives_one_article_per_item(write):
    result = nw.read([write("gazette.rss", RSS)])

    assert result.skipped == ()
    library, bus = result.articles
    assert (library.source_id, bus.source_id) == ("vg-2023-0101", "vg-2023-0102")
    assert (library.kind, library.outlet, library.title) == (
        "feed",
        "Valley Gazette",
        "Library extends opening hours",
    )
    assert library.url == "https://valleygazette.example/library-hours"
    # RFC 822 keeps its zone: -0500 stays -05:00, not converted to UTC.
    assert library.published.isoformat() == "2023-01-10T08:15:00-05:00"
    assert bus.published.isoformat() == "2023-01-11T17:40:00+00:00"
    # RSS <author> is "email (name)": the name is the author.
    assert library.author == "Ruth Ng"
    assert library.text == (
        "The town library will stay open until nine in the evening on weekdays from next "
        "month, the board announced.\n\nVolunteers will staff the reading room."
    )


def test_atom_feed_entry(write):
    result = nw.read([write("puerto.atom", ATOM)])

    assert result.skipped == ()
    (entry,) = result.articles
    assert entry.source_id == "urn:uuid:entrada-1"
    assert (entry.title, entry.outlet, entry.author) == (
        "El puerto amplía su muelle",
        "Diario del Puerto",
        "Lucía Romero",
    )
    assert entry.published.isoformat() == "2023-02-01T09:00:00+01:00"
    assert entry.url == "https://diariodelpuerto.example/muelle"
    assert entry.language == "es"
    assert entry.text.startswith("La autoridad portuaria aprobó ayer")


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Ruth Ng", "Ruth Ng"),
        ("Ruth Ng (newsdesk@gazette.example)", "Ruth Ng"),
        ("newsdesk@gazette.example", None),
    ],
)
def test_rss_author_forms(write, author, expected):
    feed = RSS.replace("newsdesk@valleygazette.example (Ruth Ng)", author)

    library = nw.read([write("gazette.xml", feed)]).articles[0]

    assert library.author == expected


def test_feed_entry_without_text_is_skipped_and_bare_guid_is_no_url(write):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        "<item><guid>item-1</guid><description>A new bus route will connect the north and "
        "south schools from February, cutting the morning journey.</description></item>"
        "<item><guid>item-2</guid><title>Only a title</title></item>"
        "</channel></rss>"
    )
    path = write("gazette.rss", feed)

    result = nw.read([path])

    (entry,) = result.articles
    # feedparser copies a permalink guid into `link`; "item-1" is no address.
    assert (entry.source_id, entry.url, entry.notes) == ("item-1", None, ())
    assert result.skipped == (
        nw.Skipped(f"{path}#2", "feed entry has no text (no content or description)"),
    )


def test_malformed_feed_is_read_as_far_as_it_parses_with_a_note(write):
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        "<item><guid>item-1</guid><description>The library will stay open late on weekdays "
        "from next month & beyond, the board said.</description></item></channel>"
    )

    (entry,) = nw.read([write("broken.rss", feed)]).articles

    assert entry.text.startswith("The library will stay open late")
    assert any("feed is malformed" in note for note in entry.notes), entry.notes
