"""Entities with canonical names across a story, quotes with speakers, the quote ledger."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsweave.embeddings import load_embedder
from newsweave.extract import extract_story, story_entities
from newsweave.extract.names import country_key, initials, name_tokens
from newsweave.ingest import read
from newsweave.text import split_sentences
from newsweave.types import Article, Moment

HARBOUR_DAILY = (
    "Mayor Elena Marsh met Governor Tomás Ridley on Friday to discuss the storm damage.\n\n"
    "“We will rebuild the north pier before winter,” Marsh said.\n\n"
    "The governor told reporters that the state would pay half of the cost.\n\n"
    "“This is a promise to every family on the coast,” he added.\n\n"
    "Ridley thanked Mayor Marsh for her patience. “The money is there,” she said."
)
COAST_WIRE = (
    "Ridley said the state will cover half of the bill for the harbour.\n\n"
    "“We will rebuild the north pier before the winter,” the mayor told the governor.\n\n"
    "Residents of Brenna were not convinced, according to a council survey."
)


def article(article_id: str, text: str, *, language: str = "en", day: int | None = None) -> Article:
    published = Moment(datetime(2024, 3, day, tzinfo=UTC), "day") if day else None
    return Article(id=article_id, text=text, kind="string", language=language, published=published)


@pytest.fixture(scope="module")
def harbour_story():
    articles = [article("daily", HARBOUR_DAILY, day=16), article("wire", COAST_WIRE)]
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    return articles, extract_story(articles, sentences)


def test_names_fold_accents_and_leave_out_function_words():
    assert name_tokens("Andrés Manuel López Obrador") == ("andres", "manuel", "lopez", "obrador")
    assert name_tokens("the United States") == ("united", "states")
    assert initials("Andres Manuel Lopez Obrador") == "amlo"
    assert country_key("Mexican") == country_key("of Mexico")
    assert country_key("U.S.") == country_key("the United States") == "united states"


def test_shorter_names_and_titles_are_one_person_across_the_reports(harbour_story):
    articles, _ = harbour_story
    found = story_entities(articles)
    people = {e.name: e for e in found.entities if e.kind == "person"}

    assert set(people) >= {"Elena Marsh", "Tomás Ridley"}, sorted(people)
    assert "Ridley" in people["Tomás Ridley"].aliases
    assert people["Tomás Ridley"].article_ids == ("daily", "wire")
    titles = {
        (m.span.article_id, m.text): m.entity
        for a in articles
        for m in found.mentions[a.id]
        if m.via == "title"
    }
    assert titles[("daily", "The governor")] == "Tomás Ridley"
    assert titles[("wire", "the mayor")] == "Elena Marsh"
    assert titles[("wire", "the governor")] == "Tomás Ridley"


def test_acronyms_and_the_many_names_of_the_united_states_are_one_entity():
    text = (
        "Officials of the United States met Andrés Manuel López Obrador in Mexico City. "
        "Critics of AMLO said U.S. aid was late, and a US envoy agreed."
    )
    found = story_entities([article("a", text)])
    names = {m.text: m.entity for m in found.mentions["a"]}

    assert names["AMLO"] == "Andrés Manuel López Obrador"
    assert names["U.S."] == names["US"] == "United States"


def test_direct_quotes_get_the_speaker_named_after_them(harbour_story):
    _, (facts, _, _) = harbour_story
    quotes = {a.text: a for a in facts["daily"].attributions}

    pier = quotes["We will rebuild the north pier before winter"]
    assert (pier.speaker, pier.direct, pier.cue) == ("Elena Marsh", True, "said")


def test_pronouns_resolve_to_the_person_they_fit(harbour_story):
    _, (facts, _, _) = harbour_story
    quotes = {a.text: a.speaker for a in facts["daily"].attributions}

    # "he added" after "The governor told reporters ...": the governor.
    assert quotes["This is a promise to every family on the coast"] == "Tomás Ridley"
    # "she said" after "Ridley thanked Mayor Marsh": the one "she" fits.
    assert quotes["The money is there"] == "Elena Marsh"


def test_indirect_speech_is_a_quote_of_its_subject(harbour_story):
    _, (facts, _, _) = harbour_story
    indirect = {a.text: a for a in facts["daily"].attributions if not a.direct}
    wire = {a.text: a for a in facts["wire"].attributions if not a.direct}

    assert indirect["the state would pay half of the cost"].speaker == "Tomás Ridley"
    assert wire["the state will cover half of the bill for the harbour"].speaker == "Tomás Ridley"
    survey = next(a for a in facts["wire"].attributions if a.cue == "according to")
    assert survey.speaker == "a council survey"


def test_the_ledger_matches_one_statement_across_reports_and_keeps_each_wording(harbour_story):
    _, (_, _, ledger) = harbour_story
    pier = next(q for q in ledger if "north pier" in q.text)

    assert pier.speaker == "Elena Marsh"
    assert pier.article_ids == ("daily", "wire")
    assert pier.first_reported_by == "daily"
    assert pier.wordings == (
        "We will rebuild the north pier before winter",
        "We will rebuild the north pier before the winter",
    )
    others = [q for q in ledger if q is not pier]
    assert all(len(q.article_ids) == 1 for q in others if q.direct), others


def test_spanish_titles_and_reporting_verbs_name_the_speaker():
    text = (
        "El presidente Andrés Ruiz visitó Brenna el lunes.\n\n"
        "“Vamos a reconstruir el muelle antes del invierno”, dijo el presidente.\n\n"
        "Ruiz afirmó que el gobierno pagará la mitad del costo."
    )
    report = article("es", text, language="es")
    facts, _, _ = extract_story([report], {"es": tuple(split_sentences(report))})
    speakers = {a.text: (a.speaker, a.direct) for a in facts["es"].attributions}

    assert speakers["Vamos a reconstruir el muelle antes del invierno"] == ("Andrés Ruiz", True)
    assert speakers["el gobierno pagará la mitad del costo"] == ("Andrés Ruiz", False)


def test_a_quote_with_no_attribution_goes_on_with_the_previous_speaker():
    text = (
        "“The river rose faster than any model said,” engineer Paula Grant said.\n\n"
        "“We had four hours, not twelve.”"
    )
    report = article("a", text)
    facts, _, _ = extract_story([report], {"a": tuple(split_sentences(report))})

    assert [(a.text, a.speaker) for a in facts["a"].attributions] == [
        ("The river rose faster than any model said", "Paula Grant"),
        ("We had four hours, not twelve.", "Paula Grant"),
    ]


@pytest.mark.shared
def test_the_seeds_quotes_have_their_speakers_and_the_translations_are_matched(shared):
    articles = read([shared("seeds")]).articles
    story = [a for a in articles if "002_" not in (a.path or "")]
    sentences = {a.id: tuple(split_sentences(a)) for a in story}
    # Wordings of one quote in two translations share few words: the embedder matches them.
    facts, entities, ledger = extract_story(story, sentences, embedder=load_embedder())
    by_file = {Path(a.path or "").name[:3]: a.id for a in story}
    in_004 = {q.text: q.speaker for q in facts[by_file["004"]].attributions}

    assert (
        in_004[
            "We agree with the migration policies you are developing and we are going to help, you can count on us"
        ]
        == "Andrés Manuel López Obrador"
    )
    assert (
        in_004[
            "Together, we must fight violence, we must fight corruption and impunity. It is in our countries’ mutual interest to provide immediate relief to the Northern Triangle [Guatemala, Honduras and El Salvador] and to address the root causes of migration"
        ]
        == "Kamala Harris"
    )
    matched = [
        (q.speaker, *q.wordings)
        for q in ledger
        if set(q.article_ids) == {by_file["003"], by_file["004"]}
    ]

    def pair(speaker: str, in_003: str, in_004: str) -> bool:
        return any(
            m[0] == speaker and m[1].startswith(in_003) and m[2].startswith(in_004) for m in matched
        )

    assert pair(
        "Andrés Manuel López Obrador",
        "We are going to help, you can count",
        "We agree with the migration",
    )
    assert pair(
        "Kamala Harris",
        "Our countries face great challenges",
        "Our nations face serious challenges",
    )
    assert len(matched) >= 6, matched
    names = {e.name: e for e in entities}
    assert {"López Obrador", "Andres Manuel Lopez Obrador"} <= set(
        names["Andrés Manuel López Obrador"].aliases
    )
