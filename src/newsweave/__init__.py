"""newsweave: weave many news reports of the same events into cited story dossiers.

import newsweave as nw
articles = nw.read(["reports/", "feed.xml", "more.jsonl"])
dossier = nw.analyze(articles)
print(dossier.to_json())
"""

from __future__ import annotations

from collections.abc import Iterable

from newsweave.dossier import Dossier, StoryDossier
from newsweave.errors import NewsweaveError
from newsweave.ingest import ReadResult, read, read_records, read_texts
from newsweave.pipeline import Settings, StageProgress, run_pipeline, to_dossier
from newsweave.scale import Executor
from newsweave.store import Store, open_store
from newsweave.summarize import DEFAULT_WORDS
from newsweave.summarize import summarize_sentences as _summarize_sentences
from newsweave.text import split_sentences
from newsweave.types import Article, Skipped, Story, SummarySentence

__version__ = "0.1.0"


def analyze(
    articles: Iterable[Article],
    *,
    settings: Settings | None = None,
    progress: StageProgress | None = None,
    store: Store | None = None,
    skipped: Iterable[Skipped] = (),
    executor: Executor | None = None,
) -> Dossier:
    """Return the dossier of the articles: every stage of the pipeline, in order.

    The `ReadResult` of `read` carries its skipped inputs into the dossier (as
    does `skipped`). With a `store`, the sentences and the analysis are saved
    there too, replacing its previous analysis. An `executor`
    (`newsweave.scale.executor_for("local:2")`, a Dask cluster) runs the
    stages' work in parallel; the stories and derivations are the same.
    """
    if isinstance(articles, ReadResult):
        skipped = (*articles.skipped, *skipped)
    analysis = run_pipeline(articles, settings=settings, progress=progress, executor=executor)
    dossier = to_dossier(analysis, skipped=skipped)
    if store is not None:
        store.save_sentences(s for group in analysis.sentences.values() for s in group)
        store.save_analysis(dossier)
    return dossier


def summarize(
    articles: Iterable[Article], *, words: int = DEFAULT_WORDS
) -> tuple[SummarySentence, ...]:
    """Return a cited extractive summary of the articles, taken as one story."""
    chosen = list(articles)
    sentences = {article.id: tuple(split_sentences(article)) for article in chosen}
    return _summarize_sentences(chosen, sentences, words=words)


__all__ = [
    "Article",
    "Dossier",
    "NewsweaveError",
    "ReadResult",
    "Settings",
    "Skipped",
    "Store",
    "Story",
    "StoryDossier",
    "SummarySentence",
    "__version__",
    "analyze",
    "open_store",
    "read",
    "read_records",
    "read_texts",
    "summarize",
]
