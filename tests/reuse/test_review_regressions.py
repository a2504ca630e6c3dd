"""Regressions found in review of the reuse stage; each test names the bug it guards."""

from __future__ import annotations

import numpy as np

import newsweave as nw
from newsweave.reuse import find_derivations
from newsweave.reuse.evidence import is_official
from newsweave.reuse.minhash import NearDuplicateIndex
from newsweave.reuse.tokens import token_ids
from newsweave.text import split_sentences
from newsweave.types import Article, Derivation, Moment

STATEMENT_BODY = """The Ministry of Transport will rebuild the old Brenna bridge over the Seline River, starting in May and finishing before the winter floods of next year.

The new bridge will carry two lanes for cars, a protected lane for bicycles and a footpath on each side, and it will be raised by two metres above the old deck.

The works will cost 38 million euros, of which the regional government of the Seline valley will pay a third and the ministry the rest.
"""

REPORT = (
    "The Veltra city council voted on Tuesday to close the old harbour bridge for repairs "
    "after engineers found deep cracks in two of its stone piers. Cars will be sent over "
    "the northern ring road while the work lasts, and a free shuttle boat will carry people "
    "on foot between the two banks every twenty minutes from early morning until midnight."
)


def _article(
    key: str, text: str, *, published: str | None = None, url: str | None = None
) -> Article:
    moment = Moment.fromisoformat(published) if published else None
    return Article(id=key, text=text, kind="string", language="en", published=moment, url=url)


def _derive(articles: list[Article]) -> list[tuple[str, str, str]]:
    sentences = {a.id: split_sentences(a) for a in articles}
    found: tuple[Derivation, ...] = find_derivations(articles, sentences, embedder=None)
    return [(d.source, d.derived, d.kind) for d in found]


def test_a_report_without_words_added_before_others_does_not_break_the_index() -> None:
    # Guards minhash._candidate_indices: it indexed the non-empty reports' band
    # column with positions among all reports, an IndexError as soon as a report
    # without words (no shingles) was added before a report with words.
    index = NearDuplicateIndex()
    index.add_many(
        ["blank", "original", "copy"],
        [np.zeros(0, dtype=np.uint64), token_ids(REPORT), token_ids(REPORT + " More to come.")],
    )

    assert [(a, b) for a, b, _ in index.near_duplicates()] == [("original", "copy")]
    assert list(index.candidate_pairs()) == [("original", "copy")]


def test_find_derivations_accepts_an_article_without_words_first() -> None:
    # The same bug, reached from the stage: an article of punctuation only.
    articles = [
        _article("dashes", "— … —"),
        _article("a", REPORT),
        _article("b", REPORT + " Ends."),
    ]

    assert _derive(articles) == [("a", "b", "copy")]


def test_a_month_dated_report_is_not_taken_as_earlier_than_a_day_in_that_month() -> None:
    # Guards derivation._earlier: "2026-02" was read as 2026-02-01 and so as
    # published before "2026-02-02", making the copy the statement's source.
    # The times cannot tell these two apart; the official statement decides.
    statement_text = (
        "---\ntitle: Statement on the Brenna bridge\noutlet: Ministry of Transport of Calvera\n"
        f"published: 2026-02-02T10:00:00+01:00\n---\n\n{STATEMENT_BODY}"
    )
    copy_text = (
        f"---\ntitle: Brenna bridge to be rebuilt\npublished: 2026-02\n---\n\n{STATEMENT_BODY}"
    )
    statement, copy = nw.read_texts([statement_text, copy_text]).articles
    assert copy.published is not None and copy.published.precision == "month"

    (found,) = find_derivations(
        [statement, copy], {a.id: split_sentences(a) for a in (statement, copy)}
    )

    assert (found.source, found.derived) == (statement.id, copy.id)
    assert found.confidence < 0.95  # not the confidence of publication times


def test_a_copy_is_kept_when_a_third_report_only_restates_its_sentences() -> None:
    # Guards find_derivations: a pair was dropped as "explained by a common
    # source" z even when z -> y was itself rejected as no derivation (a few
    # restated sentences, nothing taken word for word), so y's real source was lost.
    facts = [
        (
            "Regional council approved Monday after months debate",
            "new flood barrier for Seline valley villages",
        ),
        (
            "Engineers say it will protect from spring floods",
            "concrete wall along four northern river villages",
        ),
        (
            "Construction planned begin April should finish before winter",
            "barrier costing twelve million euros in total",
        ),
        (
            "Farmers valley welcomed decision asked compensation land",
            "lost to works near the old mill",
        ),
    ]
    other_news = [
        f"Paragraph {i} reports market prices of wheat{i} barley{i} and oats{i} in town{i} on day{i}."
        for i in range(20)
    ]
    # z states the facts among much else; x restates them in another order,
    # sharing only seven-word runs with z; y republishes x word for word.
    z = " ".join([f"{head} {tail}." for head, tail in facts] + other_news)
    x = " ".join(f"{tail} {' '.join(reversed(head.split()))}." for head, tail in facts)
    y = f"VALLEY NEWS. {x}"
    articles = [
        _article("z", z, published="2026-01-01"),
        _article("x", x, published="2026-01-02"),
        _article("y", y, published="2026-01-03"),
    ]

    assert _derive(articles[1:]) == [("x", "y", "copy")]
    assert _derive(articles) == [("x", "y", "copy")]


def test_a_malformed_url_does_not_stop_the_stage() -> None:
    # Guards evidence.is_official: urlsplit raises ValueError on "http://[...",
    # which ingest lets through when the outlet is given, and which crashed the stage.
    articles = [_article("a", REPORT, url="http://[broken/x"), _article("b", REPORT + " Ends.")]

    assert _derive(articles) == [("a", "b", "copy")]
    assert not is_official(articles[0])


def test_a_site_that_is_an_official_suffix_itself_is_official() -> None:
    # Guards evidence.is_official: "europa.eu" did not end with ".europa.eu".
    assert is_official(_article("eu", REPORT, url="https://europa.eu/newsroom/item"))
    assert is_official(_article("ec", REPORT, url="https://ec.europa.eu/commission/item"))
    assert not is_official(_article("shop", REPORT, url="https://europa.eu.example.com/"))


def test_a_report_naming_its_own_outlet_does_not_name_a_source() -> None:
    # Guards derivation._names: an update carrying its own outlet's tag
    # ("VELTRA (Valley Herald) -") made the other report of the same outlet its
    # "named source" at confidence 0.85; only the texts can tell here.
    first = Article(
        id="first", text=f"{REPORT} More to follow.", kind="string", outlet="Valley Herald"
    )
    update = Article(
        id="update",
        text=f"VELTRA (Valley Herald) - {REPORT} The mayor said the bridge would reopen in "
        "spring, and residents of both banks welcomed the shuttle boat.",
        kind="string",
        outlet="Valley Herald",
    )

    (found,) = find_derivations(
        [first, update], {a.id: split_sentences(a) for a in (first, update)}
    )

    assert (found.source, found.derived) == ("first", "update")  # by containment
    assert found.confidence < 0.85
