from __future__ import annotations

import json
from dataclasses import fields

import pytest

import newsweave as nw
from newsweave.dossier import Dossier
from newsweave.errors import ParameterError
from newsweave.pipeline import PIPELINE, Analysis, Settings, Stage, check_pipeline, run_pipeline
from newsweave.scale import SerialExecutor

FLOOD = [
    "Floods hit Brenna on Monday after the Seline river burst its banks, forcing 2,000 residents "
    "from their homes. The mayor of Brenna said the water rose two metres overnight.",
    "The Seline river burst its banks in Brenna on Monday and about 2,000 residents left their "
    "homes, the mayor of Brenna said, after the water rose two metres in one night.",
]
CHESS = [
    "The national chess championship in Varnholt ended on Sunday with a surprise win by a "
    "seventeen-year-old player from Ostmouth, who beat the defending champion in the final round.",
]


def test_every_stage_reads_only_what_earlier_stages_wrote() -> None:
    check_pipeline(PIPELINE)  # raises if not
    names = [stage.name for stage in PIPELINE]
    assert names == [
        "text",
        "reuse",
        "stories",
        "names",
        "extract",
        "compare",
        "timeline",
        "abstract",
        "summarize",
    ]


def test_a_stage_reading_what_comes_later_is_rejected() -> None:
    early = Stage("early", reads=("stories",), writes=(), run=lambda a, s, e: {})
    with pytest.raises(ParameterError, match="'early' reads \\['stories'\\]"):
        check_pipeline([early, *PIPELINE])


def test_unknown_field_is_rejected() -> None:
    typo = Stage("typo", reads=("articles",), writes=("storys",), run=lambda a, s, e: {})
    with pytest.raises(ParameterError, match="'storys', not a field"):
        check_pipeline([typo])


@pytest.mark.parametrize("stage", PIPELINE, ids=lambda stage: stage.name)
def test_each_stage_writes_exactly_what_it_declares(stage: Stage) -> None:
    """The contract every stage keeps, on a tiny story and on no articles at all."""
    for texts in (FLOOD + CHESS, []):
        articles = nw.read_texts(texts).articles
        analysis = Analysis(articles=articles)
        for earlier in PIPELINE[: PIPELINE.index(stage)]:
            analysis = Analysis(
                **{**_as_dict(analysis), **earlier.apply(analysis, Settings(), SerialExecutor())}
            )
        written = stage.apply(analysis, Settings(), SerialExecutor())
        assert set(written) == set(stage.writes)


def _as_dict(analysis: Analysis) -> dict[str, object]:
    return {f.name: getattr(analysis, f.name) for f in fields(analysis)}


def test_analyze_groups_reports_of_one_event_and_keeps_the_other_apart() -> None:
    dossier = nw.analyze(nw.read_texts(FLOOD + CHESS))
    sizes = sorted(len(story.story.article_ids) for story in dossier.stories)
    assert sizes == [1, 2]
    flood = dossier.stories[0]
    assert flood.independent_sources == 2  # no reuse found yet: each report is its own origin
    cited = {article_id for s in flood.summary for article_id in s.article_ids}
    assert cited <= set(flood.story.article_ids) and cited


def test_dossier_json_round_trips() -> None:
    dossier = nw.analyze(nw.read_texts(FLOOD + CHESS))
    again = Dossier.from_dict(json.loads(dossier.to_json()))
    assert again.to_dict() == dossier.to_dict()


def test_run_pipeline_reports_progress_per_step_and_seconds_per_stage() -> None:
    seen: list[tuple[str, int, int]] = []
    seconds: dict[str, float] = {}
    run_pipeline(
        nw.read_texts(CHESS),
        progress=lambda name, done, total: seen.append((name, done, total)),
        seconds=seconds,
    )
    assert seen == [
        ("text", 0, 5),
        ("reuse", 1, 5),
        ("stories", 2, 5),
        ("names", 3, 5),
        ("extract … summarize", 4, 5),
        ("done", 5, 5),
    ]
    assert set(seconds) == {stage.name for stage in PIPELINE}
    assert all(spent >= 0 for spent in seconds.values()), seconds


def test_per_story_stages_run_together_give_what_each_run_alone_gives() -> None:
    articles = nw.read_texts(FLOOD + CHESS).articles
    together = run_pipeline(articles)
    alone = Analysis(articles=articles)
    for stage in PIPELINE:
        alone = Analysis(**{**_as_dict(alone), **stage.apply(alone, Settings(), SerialExecutor())})
    assert _as_dict(alone) == _as_dict(together)


def test_a_stage_needs_exactly_one_way_to_run() -> None:
    with pytest.raises(ParameterError, match="'both' needs exactly one of run and per_story"):
        Stage(
            "both",
            reads=(),
            writes=(),
            run=lambda a, s, e: {},
            per_story=lambda work, s: {},
        )


def test_summarize_cites_every_report_that_carries_a_sentence() -> None:
    same = "The mayor of Brenna said the water rose two metres overnight and the bridge closed."
    texts = [f"{same} Residents were moved to the school.", f"{same} Rain is expected to stop."]
    summary = nw.summarize(nw.read_texts(texts), words=40)
    assert summary[0].text == same
    assert len(summary[0].article_ids) == 2


def test_summary_stays_within_its_word_budget() -> None:
    summary = nw.summarize(nw.read_texts(FLOOD + CHESS), words=30)
    assert sum(len(s.text.split()) for s in summary) <= 30


@pytest.mark.shared
def test_seeds_dossier_passes_the_contract_checker(shared, check_dossier) -> None:
    assert check_dossier(nw.analyze(nw.read([shared("seeds")])).to_json()) == "ok"


@pytest.mark.shared
def test_seeds_dossier_carries_the_facts_of_each_report(shared) -> None:
    dossier = nw.analyze(nw.read([shared("seeds")]))
    meeting = next(s for s in dossier.stories if len(s.story.article_ids) == 4)
    by_file = {a.path.rsplit("/", 1)[-1][:3]: a.id for a in dossier.articles if a.path}
    dates = {
        (name, d.text): (d.value, d.anchor)
        for name, article_id in by_file.items()
        if article_id in meeting.facts
        for d in meeting.facts[article_id].dates
    }

    # 004 has no date of its own: its relative dates hang on the story's first date.
    assert dates[("004", "last month")] == ("2021-04", "story")
    assert dates[("004", "Friday")] == ("2021-05-07", "story")
    assert dates[("003", "this Friday")] == ("2021-05-07", "published")
    assert {e.name for e in meeting.entities} >= {"Kamala Harris", "Andrés Manuel López Obrador"}
    speakers = {q.speaker for q in meeting.quotes if len(q.article_ids) == 2}
    assert speakers == {"Kamala Harris", "Andrés Manuel López Obrador"}, speakers
    round_trip = Dossier.from_dict(json.loads(dossier.to_json()))
    assert round_trip.stories[0].facts == dossier.stories[0].facts
    assert round_trip.stories[0].quotes == dossier.stories[0].quotes
