"""Tests for the HTML report: every section shows, text is escaped, citations land."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from newsweave.display import display_date, percent, safe_href
from newsweave.report.html import render_report

SECTION_HEADINGS = (
    ">Stories</h2>",
    ">Reports</h3>",
    ">Summary</h3>",
    ">Who copied whom</h3>",
    ">What the sources agree on</h3>",
    ">Conflicts</h3>",
    ">Quotes</h3>",
    ">Timeline</h3>",
    ">All reports</h2>",
    ">Skipped inputs</h2>",
)

EMPTY_MESSAGES = (
    "No summary has been written for this story yet.",
    "No copying or rewriting found between these reports.",
    "No claims shared between these reports were found.",
    "No conflicts found between these reports.",
    "No quotes found in these reports.",
    "No dated events found in these reports.",
    "Nothing was skipped.",
)

STATEMENT = (
    "The Vice President spoke with the President of Mexico on Friday.\n\n"
    "They agreed to meet in Mexico City on June 8."
)
REWRITE = (
    "Vice President Harris spoke with Mexico's president on Friday.\n\n"
    "The two leaders agreed to meet in Mexico City on June 8."
)
TRANSLATION = "Harris visitará la Ciudad de México el 7 de junio, dijo el presidente."
MEETING = "They agreed to meet in Mexico City on June 8."
MEETING_REWRITTEN = "The two leaders agreed to meet in Mexico City on June 8."
MEETING_SPAN = {
    "article_id": "a1",
    "start": STATEMENT.index(MEETING),
    "end": STATEMENT.index(MEETING) + len(MEETING),
}
MEETING_REWRITTEN_SPAN = {
    "article_id": "a2",
    "start": REWRITE.index(MEETING_REWRITTEN),
    "end": REWRITE.index(MEETING_REWRITTEN) + len(MEETING_REWRITTEN),
}


def make_dossier() -> dict[str, Any]:
    """Return a small dossier: three reports of one story, one of them undated."""
    return {
        "generated_at": "2026-11-23T10:00:00+00:00",
        "articles": [
            {
                "id": "a1",
                "source_id": None,
                "path": "seeds/statement.txt",
                "kind": "text",
                "title": "Readout of the Vice President's Call",
                "outlet": "White House",
                "author": None,
                "published": "2021-05-07T12:38:03-04:00",
                "url": "https://www.whitehouse.gov/readout",
                "language": "en",
                "dateline": "WASHINGTON",
                "notes": ["front matter read from YAML"],
                "text": STATEMENT,
            },
            {
                "id": "a2",
                "source_id": "feed-42",
                "path": "seeds/rewrite.html",
                "kind": "html",
                "title": "Harris and López Obrador to meet in June",
                "outlet": "Border News",
                "author": "Ana Ruiz",
                "published": "2021-05-08",
                "url": "http://border.example/harris",
                "language": "en",
                "dateline": None,
                "notes": [],
                "text": REWRITE,
            },
            {
                "id": "a3",
                "source_id": None,
                "path": "seeds/diario.txt",
                "kind": "text",
                "title": "Harris visitará México",
                "outlet": "El Diario",
                "author": None,
                "published": None,
                "url": None,
                "language": "es",
                "dateline": None,
                "notes": [],
                "text": TRANSLATION,
            },
        ],
        "skipped": [{"source": "seeds/empty.txt", "reason": "empty file"}],
        "stories": [
            {
                "id": "s1",
                "title": "Harris to visit Mexico",
                "article_ids": ["a1", "a2", "a3"],
                "storyline_id": "line-1",
                "follows": "s0",
                "first_reported_by": "a1",
                "placements": [
                    {
                        "article_id": "a1",
                        "opened": True,
                        "score": 0.04,
                        "signals": {},
                        "shared": [],
                    },
                    {
                        "article_id": "a2",
                        "opened": False,
                        "score": 0.61,
                        "signals": {"words": 0.58, "names": 0.66, "time": 1.0},
                        "shared": ["kamala harris", "#3200"],
                    },
                ],
                "independent_sources": 2,
                "derivations": [
                    {
                        "source": "a1",
                        "derived": "a2",
                        "kind": "rewrite",
                        "shared_fraction": 0.78,
                        "confidence": 0.9,
                        "passages": [
                            {
                                "source": MEETING_SPAN,
                                "derived": MEETING_REWRITTEN_SPAN,
                            }
                        ],
                    }
                ],
                "claims": [
                    {
                        "text": "The leaders will meet in Mexico City.",
                        "article_ids": ["a1", "a2"],
                        "independent_sources": 1,
                        "evidence": [],
                    }
                ],
                "conflicts": [
                    {
                        "about": "date of the visit",
                        "values": [
                            {
                                "value": "2021-06-08",
                                "text": "They agreed to meet in Mexico City on June 8.",
                                "article_ids": ["a1", "a2"],
                                "evidence": [],
                            },
                            {
                                "value": "2021-06-07",
                                "text": TRANSLATION,
                                "article_ids": ["a3"],
                                "evidence": [],
                            },
                        ],
                    }
                ],
                "quotes": [
                    {
                        "speaker": "Andrés Manuel López Obrador",
                        "text": "Harris visitará la Ciudad de México",
                        "article_ids": ["a3"],
                        "evidence": [],
                    }
                ],
                "timeline": [
                    {
                        "date": "2021-06-08",
                        "text": "Harris visits Mexico City.",
                        "article_ids": ["a1"],
                        "evidence": [],
                    }
                ],
                "summary": [
                    {
                        "text": "Harris will visit Mexico City in June.",
                        "article_ids": ["a1", "a3"],
                        "evidence": [MEETING_SPAN],
                    }
                ],
            }
        ],
    }


def make_empty_dossier() -> dict[str, Any]:
    """Return the small dossier with every stage's list left empty, as before they are built."""
    dossier = make_dossier()
    dossier["skipped"] = []
    story = dossier["stories"][0]
    for key in ("derivations", "claims", "conflicts", "quotes", "timeline", "summary"):
        story[key] = []
    story["first_reported_by"] = None
    story["independent_sources"] = None
    return dossier


@pytest.fixture
def page() -> str:
    return render_report(make_dossier())


def test_page_is_one_self_contained_document(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    assert "<script" not in page
    assert "<link" not in page
    assert 'src="' not in page


def test_header_names_the_page_and_counts_what_was_read(page: str) -> None:
    assert "<h1>newsweave dossier</h1>" in page
    assert "3 reports · 1 story · 1 skipped" in page
    assert '<time datetime="2026-11-23T10:00:00+00:00">23 Nov 2026, 10:00 UTC</time>' in page


@pytest.mark.parametrize("heading", SECTION_HEADINGS)
def test_page_has_every_section_heading(page: str, heading: str) -> None:
    assert heading in page


def test_table_of_contents_links_each_story_with_its_counts(page: str) -> None:
    assert '<a href="#s-s1">Harris to visit Mexico</a>' in page
    assert "· 3 reports · 2 independent sources" in page
    assert '<span class="badge badge-conflict">1 conflict</span>' in page


def test_page_shows_article_titles_and_outlets(page: str) -> None:
    for text in (
        "Readout of the Vice President&#39;s Call",
        "Harris and López Obrador to meet in June",
        "Harris visitará México",
        "White House",
        "Border News",
        "El Diario",
    ):
        assert text in page


def test_null_published_date_reads_date_unknown(page: str) -> None:
    assert '<span class="muted">date unknown</span>' in page
    assert '<time datetime="2021-05-08">8 May 2021</time>' in page


def test_first_reporter_is_marked(page: str) -> None:
    assert 'White House <span class="badge badge-first"' in page
    assert "first reported by White House" in page


def test_summary_citation_chip_links_to_the_article_anchor(page: str) -> None:
    chip_1 = (
        '<a class="cite" href="#a-a1" title="White House (7 May 2021, 12:38 UTC-04:00)">[1]</a>'
    )
    chip_3 = '<a class="cite" href="#a-a3" title="El Diario (date unknown)">[3]</a>'
    sentence = "<p>Harris will visit Mexico City in June."
    assert f'{sentence}<span class="cites">{chip_1}{chip_3}</span></p>' in page
    assert '<article class="report" id="a-a1">' in page
    assert '<article class="report" id="a-a3">' in page


def test_each_report_says_why_it_is_in_the_story(page: str) -> None:
    assert "opened the story (best score with an earlier one 0.04)" in page
    assert (
        "joined at 0.61 (words 0.58 · names 0.66 · time 1.00); shares kamala harris, #3200" in page
    )


def test_a_follow_up_links_the_story_it_follows() -> None:
    dossier = make_dossier()
    dossier["stories"].append(
        {"id": "s0", "title": "Harris and López Obrador meet", "article_ids": []}
    )
    assert 'Follows <a href="#s-s0">Harris and López Obrador meet</a>' in render_report(dossier)


def test_derivation_reads_as_who_rewrites_whom(page: str) -> None:
    assert "<strong>Border News</strong>" in page
    assert " rewrites <strong>White House</strong>" in page
    assert "— 78% shared" in page
    assert '<span class="badge badge-rewrite">rewrite</span>' in page
    # The shared passage is quoted from both reports' own text, cut at the span's offsets.
    assert f'<span class="who">White House</span>{MEETING}</p>' in page
    assert f'<span class="who">Border News</span>{MEETING_REWRITTEN}</p>' in page


def test_claim_shows_its_support(page: str) -> None:
    assert "The leaders will meet in Mexico City." in page
    assert "Carried by 2 reports, 1 independent source" in page
    assert '<span class="badge">single source</span>' in page


def test_conflict_shows_each_side_with_its_outlets(page: str) -> None:
    assert "<h4>date of the visit</h4>" in page
    assert '<span class="value">2021-06-08</span>' in page
    assert '<span class="value">2021-06-07</span>' in page
    assert "according to White House, Border News" in page
    assert "according to El Diario" in page


def test_quote_shows_speaker_words_and_outlet(page: str) -> None:
    assert "<p>“Harris visitará la Ciudad de México”</p>" in page
    assert "— Andrés Manuel López Obrador, first in El Diario" in page


def test_timeline_shows_date_and_event(page: str) -> None:
    assert '<time datetime="2021-06-08">8 Jun 2021</time>' in page
    assert "Harris visits Mexico City." in page


def test_all_reports_show_metadata_notes_and_paragraphs(page: str) -> None:
    assert "<li>front matter read from YAML</li>" in page
    assert "<p>The Vice President spoke with the President of Mexico on Friday.</p>" in page
    assert "<p>They agreed to meet in Mexico City on June 8.</p>" in page
    assert "<dt>Dateline</dt><dd>WASHINGTON</dd>" in page
    assert "storyline <code>line-1</code>" in page


def test_skipped_input_is_listed(page: str) -> None:
    assert "<tr><td><code>seeds/empty.txt</code></td><td>empty file</td></tr>" in page
    assert "Nothing was skipped." not in page


def test_empty_sections_still_show_with_their_message() -> None:
    page = render_report(make_empty_dossier())
    for heading in SECTION_HEADINGS:
        assert heading in page
    for message in EMPTY_MESSAGES:
        assert message in page
    assert "independent sources not counted" in page
    assert '<span class="badge">no conflicts</span>' in page


def test_sections_no_stage_fills_yet_say_not_analyzed_rather_than_none_found() -> None:
    dossier = make_empty_dossier()
    dossier["pending_sections"] = ["conflicts", "quotes"]
    page = render_report(dossier)
    assert "does not look for conflicts between the reports yet" in page
    assert "does not look for quotes and their speakers yet" in page
    assert "No conflicts found between these reports." not in page
    assert "No dated events found in these reports." in page  # timeline is not pending
    assert '<span class="badge">conflicts not analyzed</span>' in page
    assert '<span class="badge">no conflicts</span>' not in page


def test_dossier_with_no_stories_says_so() -> None:
    page = render_report({"articles": [], "stories": []})
    assert "0 reports · 0 stories · 0 skipped" in page
    assert "No stories were found in these reports." in page
    assert "No reports were read." in page
    assert "Generation time unknown." in page


def test_script_in_a_title_is_shown_as_text() -> None:
    dossier = make_dossier()
    dossier["articles"][0]["title"] = "<script>alert(1)</script>"
    dossier["stories"][0]["title"] = "<script>alert(2)</script>"
    page = render_report(dossier)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<script>alert" not in page


def test_javascript_url_is_not_made_a_link() -> None:
    dossier = make_dossier()
    dossier["articles"][0]["url"] = "javascript:alert(1)"
    page = render_report(dossier)
    assert 'href="javascript:' not in page
    assert "javascript:alert(1) (not linked: not a web address)" in page
    assert 'href="http://border.example/harris"' in page


def test_missing_fields_and_unknown_ids_do_not_break_the_page() -> None:
    dossier = copy.deepcopy(make_dossier())
    del dossier["generated_at"], dossier["skipped"]
    for article in dossier["articles"]:
        del article["notes"], article["text"]
    story = dossier["stories"][0]
    del story["quotes"], story["timeline"]
    story["summary"][0]["article_ids"] = ["a1", "nowhere"]
    page = render_report(dossier)
    assert '<span class="cite cite-missing" title="unknown report nowhere">[?]</span>' in page
    assert "No text was kept for this report." in page
    assert "No quotes found in these reports." in page


@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        ("2021", "2021"),
        ("2021-06", "Jun 2021"),
        ("2021-06-08", "8 Jun 2021"),
        ("2021-05-07T12:38:03-04:00", "7 May 2021, 12:38 UTC-04:00"),
        ("2021-06-08T09:00Z", "8 Jun 2021, 09:00 UTC"),
        ("2021-06-08T09:00", "8 Jun 2021, 09:00"),
        ("2021-13", "2021-13"),
        ("last Friday", "last Friday"),
        (None, None),
    ],
)
def test_display_date_shows_only_the_precision_given(iso: str | None, shown: str | None) -> None:
    assert display_date(iso) == shown


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("  HTTP://example.org/a ", "HTTP://example.org/a"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("/relative/path", None),
        (None, None),
    ],
)
def test_safe_href_allows_only_web_addresses(url: str | None, href: str | None) -> None:
    assert safe_href(url) == href


def test_percent_rounds_and_clamps() -> None:
    assert percent(0.784) == "78%"
    assert percent(1.2) == "100%"
    assert percent(-0.1) == "0%"
    assert percent(None) == "?"
