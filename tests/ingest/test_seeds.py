"""The five seed reports beside the repository (../shared/seeds): metadata read, lines cut."""

from __future__ import annotations

from pathlib import Path

import pytest

import newsweave as nw

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seeds at {SEEDS}"),
]


@pytest.fixture(scope="module")
def seeds() -> dict[str, nw.Article]:
    result = nw.read([SEEDS])
    assert result.skipped == ()
    return {Path(article.path).name[:3]: article for article in result.articles}


def test_five_articles(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


def test_outlets(seeds):
    outlets = {article.outlet for article in seeds.values()}

    assert {"White House", "Peninsula 360 Press", "Reuters"} <= outlets, outlets


def test_published(seeds):
    published = {
        key: article.published and article.published.isoformat() for key, article in seeds.items()
    }

    assert published == {
        "000": None,
        "001": "2021-05-07T12:38:03-04:00",
        "002": "2021-06-08",
        "003": "2021-05-08",
        "004": None,
    }


def test_byline_and_dateline(seeds):
    assert seeds["000"].author == "Pamela Cruz"
    assert seeds["000"].outlet == "Peninsula 360 Press"
    assert seeds["002"].dateline == "MEXICO CITY"


def test_statement_front_matter(seeds):
    statement = seeds["001"]

    assert statement.title.startswith("Statement From Senior Advisor and Chief Spokesperson")
    assert statement.url.startswith("https://www.whitehouse.gov/briefing-room/")


CUT_LINES = ["###", "Source: Reuters", "Peninsula 360 Press [P360P]", "date 20"]


@pytest.mark.parametrize("line", CUT_LINES)
def test_metadata_lines_are_not_article_text(seeds, line):
    assert [key for key, article in seeds.items() if line in article.text] == []


def test_all_english(seeds):
    assert {article.language for article in seeds.values()} == {"en"}
