"""Metadata lines inside a report's own text: read into fields, cut from the article text."""

from __future__ import annotations

import pytest

LEAD = "The river flooded three villages overnight and rescue teams moved two hundred people."
MORE = "More rain is forecast for the weekend, the weather service said on Friday."


def test_byline_gives_author_and_outlet(read_text):
    article = read_text(f"Jane Marlow. Northern Ledger [NL].\n{LEAD}\n{MORE}\n")

    assert (article.author, article.outlet) == ("Jane Marlow", "Northern Ledger")
    assert article.text == f"{LEAD}\n\n{MORE}"
    assert "Northern Ledger" not in article.text
    assert "[NL]" not in article.text


def test_by_author_byline(read_text):
    article = read_text(f"By Jane Marlow, Northern Ledger\n\n{LEAD}\n")

    assert (article.author, article.outlet, article.text) == (
        "Jane Marlow",
        "Northern Ledger",
        LEAD,
    )


def test_a_long_first_line_is_the_lead_not_a_byline(read_text):
    lead = "Jane Marlow. " + "Rescue teams worked through the night in the flooded valley " * 2
    article = read_text(f"{lead.strip()}\n{MORE}")

    assert article.author is None
    assert article.text.startswith("Jane Marlow. Rescue teams")


def test_date_place_dateline(read_text):
    article = read_text(f" date 2021-06-08 SANTIAGO DE CHILE\n\n{LEAD}\n\n{MORE}\n")

    assert article.published.isoformat() == "2021-06-08"
    assert article.dateline == "SANTIAGO DE CHILE"
    assert article.text == f"{LEAD}\n\n{MORE}"


def test_date_outlet_text_dateline_keeps_the_text_after_the_outlet(read_text):
    article = read_text(f"date 2021-05-08 Daily Star. {LEAD}\n\n{MORE}\n")

    assert article.published.isoformat() == "2021-05-08"
    assert article.outlet == "Daily Star"
    assert article.text == f"{LEAD}\n\n{MORE}"
    assert "date 2021" not in article.text


def test_date_text_dateline(read_text):
    article = read_text(f"date 2021-05-08 {LEAD}\n")

    assert article.published.isoformat() == "2021-05-08"
    assert article.text == LEAD


def test_wire_dateline_has_no_year_so_no_date(read_text):
    article = read_text(f"LIMA, May 7 (Andes Wire) - {LEAD}\n{MORE}\n")

    assert (article.dateline, article.outlet) == ("LIMA", "Andes Wire")
    # "May 7" without a year is not a publication date: newsweave does not guess one.
    assert article.published is None
    assert article.text == f"{LEAD}\n\n{MORE}"
    assert "(Andes Wire)" not in article.text


def test_byline_then_dateline(read_text):
    article = read_text(f"Jane Marlow. Northern Ledger.\ndate 2021-06-08 LIMA\n\n{LEAD}\n")

    assert (article.author, article.outlet, article.dateline) == (
        "Jane Marlow",
        "Northern Ledger",
        "LIMA",
    )
    assert article.published.isoformat() == "2021-06-08"
    assert article.text == LEAD


def test_source_trailer_gives_outlet_and_stated_language(read_text):
    article = read_text(f"{LEAD}\n{MORE}\nSource: Andes Wire (en)\n")

    assert article.outlet == "Andes Wire"
    assert article.language == "en"
    assert article.text == f"{LEAD}\n\n{MORE}"
    assert "Source:" not in article.text


def test_reporting_by_trailer(read_text):
    article = read_text(f"{LEAD}\n\n(Reporting by Jane Marlow; Editing by Tom Reyes)\n")

    assert article.author == "Jane Marlow"
    assert article.text == LEAD


@pytest.mark.parametrize("mark", ["###", "\\###", "-30-", "(END)"])
def test_end_marks_are_dropped(read_text, mark):
    article = read_text(f"{LEAD}\n\n{MORE}\n\n{mark}\n\n")

    assert article.text == f"{LEAD}\n\n{MORE}"
    assert mark not in article.text


def test_end_mark_under_a_trailer(read_text):
    article = read_text(f"{LEAD}\nSource: Andes Wire (en)\n###\n")

    assert (article.outlet, article.text) == ("Andes Wire", LEAD)


def test_front_matter_wins_over_a_byline(read_text):
    article = read_text(
        f"---\noutlet: River Times\n---\nJane Marlow. Northern Ledger [NL].\n{LEAD}\n"
    )

    assert (article.outlet, article.author, article.text) == ("River Times", "Jane Marlow", LEAD)


def test_conventions_only_at_the_edges(read_text):
    middle = "###"
    text = f"{LEAD}\n{middle}\nSource: the ministry (es) said so.\n{MORE}\n"
    article = read_text(text)

    assert article.text == f"{LEAD}\n\n{middle}\n\nSource: the ministry (es) said so.\n\n{MORE}"
    assert article.outlet is None


def test_offsets_still_point_into_the_original_after_cutting(read_text):
    article = read_text(f"Jane Marlow. Northern Ledger [NL].\r\n{LEAD}\r\nSource: Andes Wire\r\n")

    start = article.offsets.to_original(0)
    assert article.original[start : start + len(LEAD)] == LEAD
