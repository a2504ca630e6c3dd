from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsweave as nw
from newsweave.embeddings import load_embedder
from newsweave.errors import ParameterError
from newsweave.evaluate import ecbplus
from newsweave.stories import (
    DEFAULT_THRESHOLD,
    StoryClusterer,
    arrival_order,
    entity_terms,
    group_stories,
)
from newsweave.stories.clusterer import _Scores

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


def test_a_follow_up_weeks_later_is_another_event_of_the_same_storyline() -> None:
    meeting = "date 2026-03-06 PORT AMBREL\n\nThe leaders of Calvera and Estmark agreed on Friday to build a joint flood barrier on the Seline River, and the president will visit Varnholt to sign the treaty."
    report = "date 2026-03-06 VARNHOLT\n\nCalvera and Estmark agreed to build a joint flood barrier on the Seline River after a video call of their leaders, who will sign a treaty in Varnholt."
    signing = "date 2026-03-27 VARNHOLT\n\nThe leaders of Calvera and Estmark signed the Seline River flood barrier treaty in Varnholt on Thursday, three weeks after agreeing to build the joint barrier."
    articles = nw.read_texts([meeting, report, signing]).articles
    stories = group_stories(articles)
    assert [len(s.article_ids) for s in stories] == [2, 1]
    first, follow_up = stories
    assert follow_up.article_ids == (articles[2].id,)
    assert first.storyline_id == follow_up.storyline_id == first.id


def test_the_same_reports_without_dates_are_one_story() -> None:
    texts = [
        "The leaders of Calvera and Estmark agreed on Friday to build a joint flood barrier on the Seline River, and the president will visit Varnholt to sign the treaty.",
        "The leaders of Calvera and Estmark signed the Seline River flood barrier treaty in Varnholt on Thursday, three weeks after agreeing to build the joint barrier.",
    ]
    stories = group_stories(nw.read_texts(texts).articles)
    assert [len(s.article_ids) for s in stories] == [2]


@pytest.mark.shared
def test_seeds_the_may_meeting_is_one_event_and_the_june_visit_another_of_its_storyline(
    shared,
) -> None:
    articles = nw.read([shared("seeds")]).articles
    by_file = {Path(a.path or "").name[:3]: a.id for a in articles}
    stories = group_stories(articles, embedder=load_embedder())
    groups = sorted(sorted(k for k, v in by_file.items() if v in s.article_ids) for s in stories)
    assert groups == [["000", "001", "003", "004"], ["002"]]
    assert len({s.storyline_id for s in stories}) == 1


def test_every_report_keeps_the_reason_it_is_in_its_story() -> None:
    articles = nw.read_texts([*FLOOD, CHESS]).articles
    flood, chess = group_stories(articles)
    opener, joined = flood.placements
    assert (opener.article_id, opener.opened, opener.story_id) == (articles[1].id, True, flood.id)
    assert not joined.opened and joined.article_id == articles[0].id
    assert joined.score >= DEFAULT_THRESHOLD, joined
    assert set(joined.signals) == {"words", "names", "time"}, joined.signals
    assert {"seline", "brenna", "#2000"} <= set(joined.shared), joined.shared
    # The chess report is undated, so time does not count against it: words and names do.
    (alone,) = chess.placements
    assert alone.opened and alone.score < DEFAULT_THRESHOLD and alone.signals["time"] == 1.0


def test_reports_placed_one_at_a_time_form_the_batch_stories_and_keep_their_ids() -> None:
    articles = nw.read_texts([*FLOOD, CHESS]).articles
    clusterer = StoryClusterer()
    for index in arrival_order(articles):
        clusterer.place(articles[index])
    before = {s.id: s.article_ids for s in clusterer.stories()}
    assert before == {s.id: s.article_ids for s in group_stories(articles)}
    later = nw.read_texts(
        [
            "date 2026-01-06 BRENNA\n\nThe Seline river fell back in Brenna on Tuesday and the 2,000 residents began to return, the mayor said."
        ]
    ).articles[0]
    placement = clusterer.place(later)
    after = {s.id: s.article_ids for s in clusterer.stories()}
    assert not placement.opened and placement.story_id in before, placement
    assert after[placement.story_id] == (*before[placement.story_id], later.id)


@pytest.mark.shared
def test_a_batch_places_as_one_report_at_a_time_would_across_chunks_and_blocks(shared) -> None:
    """A batch takes its products with the placed reports chunk by chunk, one at a time per report.

    Both must score every pair the same: the ECB+ documents and each one less
    its first line (1,491 reports, past a block of 1,024), dated over 60 days so
    windows cut blocks, with repeats in the batch, so blocks end inside chunks.
    """
    records = ecbplus.load(shared("data", "ecbplus"))
    shortened = [
        {"id": f"{r['id']}-short", "text": str(r["text"]).split("\n", 1)[-1]} for r in records
    ]
    dated = [*records, *shortened]
    for number, record in enumerate(dated):
        record["published"] = f"2024-{1 + number % 2:02d}-{1 + number % 29:02d}"
    articles = nw.read_records(dated).articles
    batch = [*articles[:700], *articles[100:110], *articles[700:]]
    together = StoryClusterer()
    placed_together = together.place_many(batch)
    alone = StoryClusterer()
    alone.observe(batch)
    placed_alone = {}
    for index in arrival_order(batch):
        placed_alone.setdefault(batch[index].id, alone.place(batch[index]))
    assert len(together) == len(alone) == len(articles) > 1024
    differing = [
        (p.article_id, p, placed_alone[p.article_id])
        for p in placed_together
        if p != placed_alone[p.article_id]
    ]
    assert not differing, differing[:3]
    assert together.stories() == alone.stories()


def test_placing_the_same_report_twice_keeps_one_copy() -> None:
    articles = nw.read_texts(FLOOD).articles
    clusterer = StoryClusterer()
    clusterer.place_many(articles)
    again = clusterer.place(articles[0])
    assert len(clusterer) == 2 and not again.opened
    assert [s.article_ids for s in clusterer.stories()] == [(articles[1].id, articles[0].id)]


def test_clusterer_parameters_are_checked() -> None:
    with pytest.raises(
        ParameterError, match="'names_weight' parameter must be a float in \\[0, 1\\]"
    ):
        StoryClusterer(names_weight=-0.1)
    with pytest.raises(ParameterError, match="'link' parameter must be an int >= 1"):
        StoryClusterer(link=0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Floods hit Brenna on Monday.", ["brenna", "monday"]),
        (
            "The quake hit Los Angeles on June 8, killing 1,200.",
            ["los angeles", "los", "angeles", "#8", "@06-08", "#1200"],
        ),
        ('Kamala Harris said: "We will help."', ["kamala harris", "kamala", "harris"]),
        (
            "El 8 de junio, López Obrador visitó Guatemala.",
            ["#8", "@06-08", "lopez obrador", "lopez", "obrador", "guatemala"],
        ),
        (
            "The White House said on 7 May it would help.",
            ["white house", "white", "house", "#7", "@05-07"],
        ),
    ],
)
def test_entity_terms_are_names_numbers_and_day_dates(text: str, expected: list[str]) -> None:
    assert entity_terms(text) == expected


def test_a_follow_up_names_the_story_it_follows() -> None:
    meeting = "date 2026-03-06 PORT AMBREL\n\nThe leaders of Calvera and Estmark agreed on Friday to build a joint flood barrier on the Seline River, and the president will visit Varnholt to sign the treaty."
    signing = "date 2026-03-27 VARNHOLT\n\nThe leaders of Calvera and Estmark signed the Seline River flood barrier treaty in Varnholt on Thursday, three weeks after agreeing to build the joint barrier."
    first, follow_up = group_stories(nw.read_texts([meeting, signing]).articles)
    assert (first.follows, follow_up.follows) == (None, first.id)


def test_a_storyline_runs_on_while_its_events_keep_coming_and_ends_after_a_silent_season() -> None:
    """An event follows one that started up to 90 days before it; a chain of them runs longer."""
    meeting = "date 2026-03-06 PORT AMBREL\n\nThe leaders of Calvera and Estmark agreed on Friday to build a joint flood barrier on the Seline River, and the president will visit Varnholt to sign the treaty."
    signing = "date 2026-05-20 VARNHOLT\n\nThe leaders of Calvera and Estmark signed the Seline River flood barrier treaty in Varnholt on Wednesday, weeks after agreeing to build the joint barrier."
    opening = "date 2026-08-01 VARNHOLT\n\nThe joint flood barrier of Calvera and Estmark on the Seline River opened in Varnholt on Saturday, as the treaty the leaders signed had planned."
    # Without the signing in between, the opening comes five months after the meeting.
    alone = group_stories(nw.read_texts([meeting, opening]).articles)
    assert [(s.follows, s.storyline_id == s.id) for s in alone] == [(None, True), (None, True)]
    articles = nw.read_texts([meeting, signing, opening]).articles
    story_of = {s.article_ids[0]: s for s in group_stories(articles)}
    met, signed, opened = (story_of[a.id] for a in articles)
    assert (met.follows, signed.follows, opened.follows) == (None, met.id, signed.id)
    assert met.storyline_id == signed.storyline_id == opened.storyline_id == met.id


@settings(max_examples=200, deadline=None)
@given(
    link=st.integers(1, 4),
    pairs=st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from([0.0, 0.1, 0.25, 0.25, 0.5, 0.9])),
        min_size=1,
        max_size=30,
    ),
)
def test_an_event_scores_the_mean_of_its_link_best_pairs_ties_included(
    link: int, pairs: list[tuple[int, float]]
) -> None:
    """The score a report has with an event: the mean of its `link` best pairs with it."""
    clusterer = StoryClusterer(link=link)
    sizes = {event: 1 + sum(e == event for e, _ in pairs) for event in range(6)}
    for event, _ in pairs:
        clusterer._event.append(event)
    for event in range(6):
        clusterer._event_size.append(sizes[event])
    values = np.array([score for _, score in pairs])
    ones = np.ones(len(pairs))
    scores = _Scores(np.arange(len(pairs)), values, values, 0 * ones, ones, values)
    events, totals = clusterer._event_scores(scores)
    expected = {
        event: sum(sorted((s for e, s in pairs if e == event), reverse=True)[:link])
        / min(sizes[event], link)
        for event in sorted({e for e, _ in pairs})
    }
    assert dict(zip(events.tolist(), totals.tolist(), strict=True)) == pytest.approx(expected)
