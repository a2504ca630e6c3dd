"""Multi-News: cited extractive summaries against human summaries of news clusters.

Each of the 100 clusters (2–9 reports of one event, from LongBench's sample of
the Multi-News test split) is read as one story: its sentences split, its
claims aligned by the compare stage, and a 250-word summary drawn by
`summarize_story`. Scores:

- ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (×100, Porter stemming, Lsum over
  newline-separated sentences) against the newser.com editor's summary;
- `citation_precision`: of all the reports the summary's sentences cite, the
  share that really carry the sentence: the report holds the sentence itself,
  or a sentence whose content words overlap it with Dice ≥ 0.5.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.compare import compare_story
from newsweave.errors import MissingDependency
from newsweave.evaluate.base import EvalReport, find_data
from newsweave.ingest import read_records
from newsweave.reuse.evidence import content_words, dice
from newsweave.reuse.tokens import tokenize
from newsweave.summarize import summarize_story
from newsweave.text import split_sentences
from newsweave.types import Article, Sentence, SummarySentence

FOLDER = "multinews-longbench200"
FILE = "multi_news.jsonl"
#: What `pip install` needs for the ROUGE scorer (the `test` extra has it).
ROUGE_REQUIREMENT = "rouge-score==0.1.2"
WORDS = 250
# A report carries a summary sentence when one of its sentences shares this
# much of its content words (Dice), the rule claims align sentences by.
CARRIES = 0.5
_PASSAGE = re.compile(r"(?:^|\n)Passage \d+:\n")
# LongBench writes the source articles' line breaks as this token, spaced out.
_NEWLINE = re.compile(r" ?NEWLINE_CHAR ?")


@dataclass(frozen=True)
class Cluster:
    """One Multi-News item: its reports' texts and the human summary."""

    id: str
    reports: tuple[str, ...]
    reference: str


def load(path: Path) -> list[Cluster]:
    """Return the clusters of the LongBench Multi-News JSON lines."""
    source = path if path.is_file() else path / FILE
    clusters = []
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                clusters.append(_cluster(json.loads(line)))
    return clusters


def _cluster(row: Mapping[str, Any]) -> Cluster:
    texts = (_NEWLINE.sub("\n", t).strip() for t in _PASSAGE.split(row["context"]))
    # Summaries open with the dash of newser's "– " lead-in, no word of theirs.
    reference = str(row["answers"][0]).strip().lstrip("–—- ").strip()
    return Cluster(str(row["_id"]), tuple(t for t in texts if t), reference)


def evaluate(data: Path | None = None, *, words: int = WORDS) -> EvalReport:
    """Return ROUGE-1/2/Lsum F1 and citation precision of `words`-word summaries."""
    scorer = _rouge_scorer()
    path = find_data(FOLDER, FILE, data)
    clusters = load(path)
    totals = dict.fromkeys(("rouge1", "rouge2", "rougeLsum"), 0.0)
    checked: list[bool] = []
    chosen = summary_words = 0
    for cluster in clusters:
        summary, sentences = summarize_cluster(cluster, words=words)
        scores = scorer.score(_lines(cluster.reference), "\n".join(s.text for s in summary))
        for name in totals:
            totals[name] += scores[name].fmeasure
        checked.extend(citations_checked(summary, sentences))
        chosen += len(summary)
        summary_words += sum(len(s.text.split()) for s in summary)
    count = max(len(clusters), 1)
    return EvalReport(
        name="multinews",
        description=f"cited {words}-word extractive summaries, Multi-News (LongBench sample)",
        data=str(path),
        metrics={
            "clusters": len(clusters),
            **{name: 100 * total / count for name, total in totals.items()},
            "citation_precision": sum(checked) / max(len(checked), 1),
            "citations_per_sentence": len(checked) / max(chosen, 1),
            "mean_words": summary_words / count,
        },
    )


def summarize_cluster(
    cluster: Cluster, *, words: int = WORDS
) -> tuple[tuple[SummarySentence, ...], dict[str, list[Sentence]]]:
    """Return the cluster's summary, read as one story, and its reports' sentences."""
    records = [
        {"id": f"{cluster.id}-{k}", "text": text, "language": "en"}
        for k, text in enumerate(cluster.reports)
    ]
    articles = read_records(records).articles
    sentences = {a.id: split_sentences(a) for a in articles}
    comparison = compare_story(articles, sentences, (), {}, embedder=None)
    summary = summarize_story(articles, sentences, claims=comparison.claims, words=words)
    return summary, sentences


def citations_checked(
    summary: Sequence[SummarySentence], sentences: Mapping[str, Sequence[Sentence]]
) -> Iterator[bool]:
    """Yield, for every report each summary sentence cites, whether that report carries it."""
    words: dict[str, list[tuple[str, frozenset[str]]]] = {
        report: [(s.text, _content(s.text)) for s in found] for report, found in sentences.items()
    }
    for sentence in summary:
        own = _content(sentence.text)
        for report in sentence.article_ids:
            yield any(
                text == sentence.text or dice(own, theirs) >= CARRIES
                for text, theirs in words.get(report, ())
            )


def _content(text: str) -> frozenset[str]:
    return content_words(tokenize(text).words, "en")


def _lines(text: str) -> str:
    """Return the text one sentence a line, as ROUGE-Lsum reads it."""
    article = Article(id="reference", text=text, kind="string", language="en")
    return "\n".join(s.text for s in split_sentences(article))


def _rouge_scorer() -> Any:
    """Return a ROUGE-1/2/Lsum scorer with stemming, or say how to install it."""
    try:
        from rouge_score import rouge_scorer  # type: ignore[import-untyped]
    except ImportError as error:
        raise MissingDependency.package(ROUGE_REQUIREMENT, "The multinews evaluation") from error
    return rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
