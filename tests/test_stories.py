from __future__ import annotations

from pathlib import Path

import pytest

import newsweave as nw
from newsweave.embeddings import load_embedder
from newsweave.errors import ParameterError
from newsweave.stories import group_stories

EXAMPLE = Path(nw.__file__).parent / "example"

FLOOD = [
    "date 2026-01-05 BRENNA\n\nFloods hit Brenna on Monday after the Seline river burst its banks, forcing 2,000 residents from their homes, the mayor said.",
    "---\ntitle: Seline floods Brenna\npublished: 2026-01-05T18:00:00+01:00\noutlet: Harbour Times\n---\n\nThe Seline river burst its banks in Brenna on Monday and about 2,000 residents left their homes, the mayor of Brenna said.",
]
CHESS = "The national chess championship in Varnholt ended on Sunday with a surprise win by a seventeen-year-old player from Ostmouth."


def test_reports_of_one_event_form_one_story_with_title_and_first_report() -> None:
    articles = nw.read_texts([*FLOOD, CHESS]).articles
    stories = group_stories(articles)
    assert [len(s.article_ids) for s in stories] == [2, 1]
    flood = stories[0]
    # The bare date "2026-01-05" cannot be said to precede 18:00 that day: the stated time wins.
    assert flood.first_reported_by == articles[1].id
    assert flood.title == "Seline floods Brenna"


def test_story_ids_are_stable_for_the_same_reports() -> None:
    articles = nw.read_texts([*FLOOD, CHESS]).articles
    assert [s.id for s in group_stories(articles)] == [s.id for s in group_stories(articles[::-1])]


def test_threshold_outside_zero_one_is_refused() -> None:
    with pytest.raises(ParameterError, match="'threshold' parameter must be a float in \\[0, 1\\]"):
        group_stories(nw.read_texts([CHESS]).articles, threshold=1.5)


def test_translated_report_joins_its_story_only_with_an_embedder() -> None:
    articles = nw.read([EXAMPLE]).articles
    spanish = next(a for a in articles if a.language == "es")
    statement = next(a for a in articles if Path(a.path or "").name == "01_statement.md")

    def together(stories: tuple[nw.Story, ...]) -> bool:
        return any({spanish.id, statement.id} <= set(s.article_ids) for s in stories)

    assert not together(group_stories(articles))
    assert together(group_stories(articles, embedder=load_embedder()))
