"""Claims, independent support, details only one source gives, conflicts and relations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsweave.compare import compare_story, unique_details
from newsweave.extract import extract_story
from newsweave.text import split_sentences
from newsweave.types import Article, Derivation, Moment

GAZETTE = (
    "The storm killed 12 people in Brenna on Tuesday, the harbour office said.\n\n"
    "The rescue at the north pier was led by Captain Ana Torres of the coast guard.\n\n"
    "The council approved 5 million euros on Wednesday to rebuild the harbour wall.\n\n"
    "The old sea wall, more than 3,000 metres long, gave way in two places."
)
# A copy of the gazette: it adds a source to no claim.
DIGEST = GAZETTE.replace("Tuesday, the harbour office said", "Tuesday, the harbour office said.")
WIRE = (
    "The storm killed 15 people in Brenna on Tuesday, the harbour office said.\n\n"
    "The rescue at the north pier was led by Captain Ana Moreno of the coast guard.\n\n"
    "The nearly 3,200-metre sea wall gave way in two places during the night.\n\n"
    "Ferries to the islands will resume on Friday, the operator said."
)
LATER = (
    "The death toll of the storm in Brenna rose to 17 people, the harbour office said on "
    "Saturday after divers searched the north pier."
)


def report(article_id: str, text: str, *, day: int, hour: int = 9) -> Article:
    published = Moment(datetime(2024, 3, day, hour, tzinfo=UTC), "minute")
    return Article(id=article_id, text=text, kind="string", language="en", published=published)


@pytest.fixture(scope="module")
def storm():
    articles = [
        report("gazette", GAZETTE, day=20, hour=8),
        report("digest", DIGEST, day=20, hour=10),
        report("wire", WIRE, day=20, hour=9),
        report("later", LATER, day=23),
    ]
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    facts, _, _ = extract_story(articles, sentences)
    copied = (Derivation("gazette", "digest", "copy", 0.97),)
    return compare_story(articles, sentences, copied, facts), facts


def claim_with(comparison, words: str):
    return next(c for c in comparison.claims if words in c.text)


def test_a_claim_gathers_its_wordings_and_counts_a_copy_once(storm):
    comparison, _ = storm
    wall = claim_with(comparison, "rebuild the harbour wall")

    assert set(wall.article_ids) == {"gazette", "digest"}
    assert wall.independent_sources == 1, "a copy is not a second source"
    assert wall.first_reported_by == "gazette"
    toll = claim_with(comparison, "The storm killed")
    assert set(toll.article_ids) == {"gazette", "digest", "wire"}
    assert toll.independent_sources == 2


def test_details_only_one_source_gives_are_listed_under_it(storm):
    comparison, facts = storm
    details = unique_details(comparison.claims, facts)

    gazette = [c.text for c in details["gazette"]]
    assert any(text.startswith("The council approved 5 million euros") for text in gazette)
    assert not any("The storm killed" in text for text in gazette), "two sources say it"
    assert any("Ferries to the islands" in c.text for c in details["wire"])


def test_different_counts_of_one_thing_are_a_conflict(storm):
    comparison, _ = storm
    numbers = [c for c in comparison.conflicts if c.kind == "number"]

    assert len(numbers) == 1, numbers
    sides = {v.value: set(v.article_ids) for v in numbers[0].values}
    assert sides == {"12 people": {"gazette", "digest"}, "15 people": {"wire"}}
    assert numbers[0].about == "the number of people"


def test_a_later_report_with_a_new_count_is_an_update_not_a_conflict(storm):
    comparison, _ = storm

    assert all("later" not in v.article_ids for c in comparison.conflicts for v in c.values)


def test_approximate_lengths_that_can_both_hold_are_no_conflict(storm):
    comparison, _ = storm

    # "more than 3,000 metres" and "nearly 3,200-metre" overlap: (3000, inf) and [2880, 3200).
    lengths = [c for c in comparison.conflicts for v in c.values if str(v.value).endswith(" m")]
    assert lengths == []


def test_the_same_claim_naming_another_person_is_a_name_conflict(storm):
    comparison, _ = storm
    names = [c for c in comparison.conflicts if c.kind == "name"]

    assert [sorted(v.value for v in c.values) for c in names] == [["Ana Moreno", "Ana Torres"]]


def test_aligned_sentences_carry_their_relation(storm):
    comparison, _ = storm
    kinds = {
        frozenset((r.source.article_id, r.target.article_id)): r.kind
        for r in comparison.relations
        if r.kind in ("identity", "contradiction")
    }

    assert kinds[frozenset(("gazette", "digest"))] == "identity"
    assert kinds[frozenset(("gazette", "wire"))] == "contradiction"


def test_a_day_and_its_month_do_not_conflict_but_two_days_do():
    articles = [
        report("a", "The treaty will be signed in Varnholt on 26 March, the ministry said.", day=6),
        report("b", "The treaty will be signed in Varnholt in March, the ministry said.", day=6),
        report("c", "The treaty will be signed in Varnholt on 27 March, the ministry said.", day=6),
    ]
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    facts, _, _ = extract_story(articles, sentences)

    conflicts = compare_story(articles, sentences, (), facts).conflicts

    assert [(c.kind, sorted(v.value for v in c.values)) for c in conflicts] == [
        ("date", ["2024-03-26", "2024-03-27"])
    ]
    assert all("b" not in v.article_ids for c in conflicts for v in c.values)


@pytest.mark.shared
def test_the_seeds_visit_date_is_a_conflict_and_the_border_is_not(shared):
    import newsweave as nw

    dossier = nw.analyze(nw.read([shared("seeds")]))
    meeting = next(s for s in dossier.stories if len(s.story.article_ids) == 4)
    name = {a.id: (a.path or "").rsplit("/", 1)[-1][:3] for a in dossier.articles}
    conflicts = [
        (c.kind, {v.value: sorted(name[i] for i in v.article_ids) for v in c.values})
        for c in meeting.conflicts
    ]

    assert ("date", {"2021-06-08": ["000", "001"], "2021-06-07": ["003"]}) in conflicts
    assert not [c for c in meeting.conflicts if c.kind == "number"]
    details = unique_details(meeting.claims, meeting.facts)
    in_004 = " ".join(c.text for c in details[next(i for i, n in name.items() if n == "004")][:4])
    for detail in ("Sembrando Vida", "$310 million", "2.7 million"):
        assert detail in in_004, in_004


class _Negation:
    """A stand-in entailment model: a sentence and its negation contradict."""

    def contradicts(self, premise: str, hypothesis: str) -> bool:
        return (" not " in premise) != (" not " in hypothesis)


def test_a_judge_can_mark_aligned_sentences_as_contradicting():
    articles = [
        report(
            "a", "The mayor said the north pier will reopen to ferries in April this year.", day=6
        ),
        report(
            "b",
            "The mayor said the north pier will not reopen to ferries in April this year.",
            day=6,
        ),
    ]
    sentences = {a.id: tuple(split_sentences(a)) for a in articles}
    facts, _, _ = extract_story(articles, sentences)

    plain = compare_story(articles, sentences, (), facts)
    judged = compare_story(articles, sentences, (), facts, judge=_Negation())

    assert [r.kind for r in plain.relations] != ["contradiction"]
    assert [r.kind for r in judged.relations] == ["contradiction"]
