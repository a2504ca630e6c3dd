"""Cited extractive summaries: citations by claim, the word budget, conflicts stated fairly."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from newsweave.compare import compare_story
from newsweave.errors import ParameterError
from newsweave.summarize import summarize_sentences, summarize_story
from newsweave.text import split_sentences
from newsweave.types import Article, Claim, Conflict, ConflictValue, Moment, Sentence

HERALD = (
    "The ferry Alder Star ran aground off Port Kessel on Sunday night with 214 passengers aboard, the coast guard said.\n\n"
    "Tugboats pulled the ferry free at dawn and towed it back to the harbour.\n\n"
    "Nobody was hurt, although several passengers were treated for cold on the quay.\n\n"
    "The ferry operator said the captain had reported a steering fault an hour before the grounding."
)
COURIER = (
    "The ferry Alder Star ran aground off Port Kessel on Sunday night with 241 passengers aboard, the coast guard said.\n\n"
    "Nobody was hurt, although several passengers were treated for cold on the quay.\n\n"
    "Inspectors from the maritime agency will board the vessel on Wednesday to examine its rudder.\n\n"
    "Local fishermen said the channel had not been dredged for three years."
)
BULLETIN = (
    "Tugboats pulled the stranded ferry Alder Star free at dawn on Monday and towed it back to Port Kessel harbour.\n\n"
    "The ferry operator said the captain had reported a steering fault an hour before the grounding.\n\n"
    "Sailings between Port Kessel and the outer islands are cancelled until the end of the week, the operator said."
)
NOTE = re.compile(r"^Reports disagree on ")


def report(article_id: str, text: str, outlet: str, hour: int) -> Article:
    published = Moment(datetime(2024, 11, 4, hour, tzinfo=UTC), "minute")
    return Article(
        id=article_id, text=text, kind="string", language="en", outlet=outlet, published=published
    )


@pytest.fixture(scope="module")
def ferry() -> tuple[list[Article], dict[str, tuple[Sentence, ...]], tuple[Claim, ...]]:
    articles = [
        report("herald", HERALD, "Kessel Herald", 7),
        report("courier", COURIER, "Island Courier", 9),
        report("bulletin", BULLETIN, "Harbour Bulletin", 11),
    ]
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    claims = compare_story(articles, sentences, (), {}).claims
    return articles, sentences, claims


def sentence_with(sentences, article_id: str, words: str) -> Sentence:
    return next(s for s in sentences[article_id] if words in s.text)


def passengers_conflict(sentences) -> Conflict:
    herald = sentence_with(sentences, "herald", "214 passengers")
    courier = sentence_with(sentences, "courier", "241 passengers")
    return Conflict(
        "the number of passengers",
        (
            ConflictValue("214 passengers", herald.text, (herald.span,)),
            ConflictValue("241 passengers", courier.text, (courier.span,)),
        ),
        "number",
    )


def test_every_sentence_cites_every_report_of_its_claim(ferry) -> None:
    articles, sentences, claims = ferry
    summary = summarize_story(articles, sentences, claims=claims, words=80)
    claim_of = {span: claim for claim in claims for span in claim.evidence}
    cited = {s.text: (s.article_ids, claim_of[s.evidence[0]].article_ids) for s in summary}
    assert all(set(mine) == set(claim) for mine, claim in cited.values()), cited
    assert any(len(ids) >= 2 for ids, _ in cited.values()), cited


def test_a_sentence_cites_its_own_report_first(ferry) -> None:
    articles, sentences, claims = ferry
    for sentence in summarize_story(articles, sentences, claims=claims, words=80):
        own = sentence.evidence[0]
        text = next(a.text for a in articles if a.id == own.article_id)
        assert text[own.start : own.end] == sentence.text


@pytest.mark.parametrize("words", [15, 30, 60, 120])
def test_the_budget_holds_notes_included(ferry, words: int) -> None:
    articles, sentences, claims = ferry
    conflicts = (passengers_conflict(sentences),)
    summary = summarize_story(articles, sentences, claims=claims, conflicts=conflicts, words=words)
    assert sum(len(s.text.split()) for s in summary) <= words, [s.text for s in summary]
    assert summary, f"nothing fits in {words} words"


def test_a_conflict_is_stated_with_both_sides_cited(ferry) -> None:
    articles, sentences, claims = ferry
    conflict = passengers_conflict(sentences)
    summary = summarize_story(articles, sentences, claims=claims, conflicts=(conflict,), words=120)
    texts = [s.text for s in summary]
    notes = [k for k, s in enumerate(summary) if NOTE.match(s.text)]
    assert len(notes) == 1, texts
    note = summary[notes[0]]
    assert note.text == (
        "Reports disagree on the number of passengers: 214 passengers according to "
        "1 report (Kessel Herald), 241 passengers according to 1 report (Island Courier)."
    )
    assert set(note.evidence) == {span for v in conflict.values for span in v.evidence}
    # The note follows the sentence that states one side.
    assert "passengers aboard" in summary[notes[0] - 1].text, texts


def test_a_note_says_nothing_but_the_values_their_reports_and_what_they_are_about(
    ferry,
) -> None:
    articles, sentences, claims = ferry
    conflict = passengers_conflict(sentences)
    summary = summarize_story(articles, sentences, claims=claims, conflicts=(conflict,), words=120)
    note = next(s.text for s in summary if NOTE.match(s.text))
    allowed = " ".join(
        [
            "Reports disagree on according to report reports",
            conflict.about,
            *(str(v.value) for v in conflict.values),
            *(a.outlet or "" for a in articles),
        ]
    )
    words = set(re.findall(r"[^\W\d]+", allowed))
    extra = set(re.findall(r"[^\W\d]+", note)) - words
    numbers = set(re.findall(r"\d+", note)) - set(re.findall(r"\d+", allowed))
    assert extra == set(), note
    assert numbers <= {"1", "2"}, note  # only counts of reports


def test_no_note_without_a_sentence_that_states_a_side(ferry) -> None:
    articles, sentences, claims = ferry
    conflict = passengers_conflict(sentences)
    summary = summarize_story(articles, sentences, claims=claims, conflicts=(conflict,), words=15)
    assert not any("passengers aboard" in s.text for s in summary), [s.text for s in summary]
    assert not any(NOTE.match(s.text) for s in summary), [s.text for s in summary]


def test_a_claim_with_more_independent_sources_is_chosen_first() -> None:
    articles = [
        report(
            "north",
            "The bridge over the Kessel river will close for repairs in March, the council said.",
            "North",
            7,
        ),
        report(
            "south",
            "The tram line along the Kessel river will close for repairs in April, the council said.",
            "South",
            8,
        ),
    ]
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    bridge, tram = sentences["north"][0], sentences["south"][0]

    def lead(support_bridge: int, support_tram: int) -> str:
        claims = (
            Claim(bridge.text, (bridge.span,), support_bridge),
            Claim(tram.text, (tram.span,), support_tram),
        )
        return summarize_story(articles, sentences, claims=claims, words=18)[0].text

    assert lead(3, 1) == bridge.text
    assert lead(1, 3) == tram.text


def test_sentences_read_in_the_order_of_their_earliest_report(ferry) -> None:
    articles, sentences, claims = ferry
    summary = summarize_story(articles, sentences, claims=claims, words=120)
    rank = {a.id: k for k, a in enumerate(articles)}  # published in this order
    places = [
        min((rank[span.article_id], span.start) for span in s.evidence)
        for s in summary
        if not NOTE.match(s.text)
    ]
    assert places == sorted(places), [s.text for s in summary]


def test_without_claims_a_sentence_cites_the_reports_that_say_nearly_the_same(ferry) -> None:
    articles, sentences, _ = ferry
    summary = summarize_sentences(articles, sentences, words=40)
    aground = next(s for s in summary if "ran aground" in s.text)
    assert set(aground.article_ids) == {"herald", "courier"}, aground


def test_a_story_with_no_sentence_to_take_has_an_empty_summary() -> None:
    article = Article(id="a", text="Port Kessel.", kind="string", language="en")
    assert summarize_story([article], {"a": tuple(split_sentences(article))}) == ()


def test_a_budget_of_no_words_is_refused(ferry) -> None:
    articles, sentences, _ = ferry
    with pytest.raises(ParameterError, match="'words' parameter must be a positive number"):
        summarize_story(articles, sentences, words=0)
