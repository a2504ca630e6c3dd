"""The bundled example corpus: read as its ground truth says, analyzed end to end."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import newsweave as nw
from newsweave.types import Moment

EXAMPLE = Path(nw.__file__).parent / "example"

TRUTH = tomllib.loads(
    (Path(__file__).parent / "fixtures" / "example_truth.toml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def example() -> nw.ReadResult:
    return nw.read([EXAMPLE])


def _article(example: nw.ReadResult, file: str, guid: str | None = None) -> nw.Article:
    matches = [
        a
        for a in example.articles
        if a.path and Path(a.path).name == file and (guid is None or a.source_id == guid)
    ]
    assert len(matches) == 1, [a.path for a in example.articles]
    return matches[0]


def test_every_report_is_read_and_nothing_skipped(example: nw.ReadResult) -> None:
    files = {Path(a.path).name for a in example.articles if a.path}
    assert (len(example.articles), example.skipped) == (9, ())
    assert files == set(TRUTH["articles"])


@pytest.mark.parametrize("file", sorted(TRUTH["articles"]))
def test_metadata_matches_the_ground_truth(example: nw.ReadResult, file: str) -> None:
    truth = TRUTH["articles"][file]
    article = _article(example, file, truth.get("guid"))
    got = {
        "outlet": article.outlet,
        "language": article.language,
        "author": article.author,
        "title": article.title,
        "dateline": article.dateline,
        "published": article.published.value if article.published else None,
    }
    expected = {
        "outlet": truth["outlet"],
        "language": truth["language"],
        "author": truth.get("author"),
        "title": truth.get("title"),
        "dateline": truth.get("dateline_place"),
        "published": Moment.fromisoformat(truth["published"]).value
        if "published" in truth
        else None,
    }
    assert got == expected


def test_stated_times_keep_their_precision(example: nw.ReadResult) -> None:
    for file, truth in TRUTH["articles"].items():
        published = _article(example, file, truth.get("guid")).published
        if "published" in truth:
            assert published is not None
            assert published.isoformat() == truth["published"], file


def test_example_dossier_passes_the_contract_checker(check_dossier) -> None:
    assert check_dossier(nw.analyze(nw.read([EXAMPLE])).to_json()) == "ok"


def test_unrelated_feed_item_is_its_own_story(example: nw.ReadResult) -> None:
    tram = _article(example, TRUTH["unrelated"][0]["file"], TRUTH["unrelated"][0]["guid"])
    dossier = nw.analyze(example)
    holding = [s for s in dossier.stories if tram.id in s.story.article_ids]
    assert [len(s.story.article_ids) for s in holding] == [1]


def test_events_and_storyline_match_the_ground_truth(example: nw.ReadResult) -> None:
    """The agreement and the signing are two events of one storyline; the tram item is apart."""
    dossier = nw.analyze(example)
    tram = _article(example, TRUTH["unrelated"][0]["file"], TRUTH["unrelated"][0]["guid"])
    signing_guid = TRUTH["articles"]["08_herald_feed.xml"]["guid"]

    def name(article_id: str) -> str:
        article = next(a for a in example.articles if a.id == article_id)
        return Path(article.path or "").name

    events = sorted(
        sorted(name(i) for i in s.story.article_ids)
        for s in dossier.stories
        if tram.id not in s.story.article_ids
    )
    assert events == sorted(sorted(e["files"]) for e in TRUTH["events"])
    storylines = {
        s.story.storyline_id for s in dossier.stories if tram.id not in s.story.article_ids
    }
    tram_story = next(s for s in dossier.stories if tram.id in s.story.article_ids)
    assert len(storylines) == 1 and tram_story.story.storyline_id not in storylines
    signing = next(
        s
        for s in dossier.stories
        if any(a.source_id == signing_guid for a in example.articles if a.id in s.story.article_ids)
    )
    assert signing.story.storyline_id != signing.story.id  # it follows the agreement


def test_the_planted_conflicts_are_found_and_nothing_else(example: nw.ReadResult) -> None:
    """05 changed the cost while copying the wire; 07 moved the signing and the speaker."""
    dossier = nw.analyze(example)
    agreement = max(dossier.stories, key=lambda s: len(s.story.article_ids))

    def files(ids: tuple[str, ...]) -> set[str]:
        return {Path(a.path or "").name for a in example.articles if a.id in ids}

    found = {
        c.kind: {str(v.value): files(v.article_ids) for v in c.values} for c in agreement.conflicts
    }

    assert set(found) == {"number", "date", "speaker"}, found
    assert "05_seline_courier.txt" in found["number"]["540,000,000 EUR"]
    assert found["date"]["2026-03-27"] == {"07_evening_post.txt"}
    assert found["speaker"]["Maren Oskelund"] == {"07_evening_post.txt"}
