"""The `newsweave` command: a thin shell over the library.

Each command parses its options, calls the library and formats the result.
Errors are `NewsweaveError`s, turned into a one-line message and an exit code
here and nowhere else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

import newsweave as nw
from newsweave.abstractive import Endpoint
from newsweave.compare import unique_details
from newsweave.dossier import Dossier, StoryDossier
from newsweave.errors import NewsweaveError, ParameterError
from newsweave.evaluate import EVALUATIONS
from newsweave.export import TABLES as EXPORT_TABLES
from newsweave.extract import group_dates, group_quantities
from newsweave.ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, ReadResult
from newsweave.pipeline import PIPELINE, Settings, pipeline_steps
from newsweave.revisions import RevisedReport, Segment, revised_report, revised_reports
from newsweave.scale import Executor
from newsweave.scale.executor import local_workers
from newsweave.store import Store, add_in_batches, open_store
from newsweave.types import Article, Quote, Skipped

app = typer.Typer(
    name="newsweave",
    help="Weave many news reports of the same events into cited story dossiers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)

T = TypeVar("T")
STORE_BATCH = 500
DEFAULT_DB = "newsweave.db"

DbOption = Annotated[
    str,
    typer.Option("--db", envvar="NEWSWEAVE_DB", help="Store: a SQLite file or sqlite:/// URL."),
]
MaxBytesOption = Annotated[
    int, typer.Option("--max-bytes", help="Skip files (and JSONL lines) larger than this.")
]
MaxEntriesOption = Annotated[
    int, typer.Option("--max-entries", help="Read at most this many entries of one feed.")
]


def _fail(error: NewsweaveError) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {error.message}", highlight=False, soft_wrap=True)
    return typer.Exit(error.exit_code)


@contextmanager
def _edge() -> Iterator[None]:
    """Turn newsweave's errors into a message and exit code: the CLI's only error handling."""
    try:
        yield
    except NewsweaveError as error:
        raise _fail(error) from None


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        disable=not errors.is_terminal,
    )


def _read(
    paths: Sequence[str], max_bytes: int, max_entries: int = DEFAULT_MAX_ENTRIES
) -> ReadResult:
    with _progress() as progress:
        task = progress.add_task("Reading", total=None, item="")

        def update(done: int, total: int, item: str) -> None:
            progress.update(task, completed=done, total=total, item=Path(item).name)

        return nw.read(paths, max_bytes=max_bytes, max_entries=max_entries, progress=update)


def _store(store: Store, result: ReadResult) -> tuple[int, int]:
    """Store the articles in atomic batches; return (added, already stored)."""
    with _progress() as progress:
        task = progress.add_task("Storing", total=len(result.articles), item="")

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done)

        outcome = add_in_batches(store, result.articles, skipped=result.skipped, progress=update)
    return len(outcome.added), len(outcome.already_stored)


def _analyze(
    articles: Sequence[Article],
    store: Store,
    skipped: Sequence[Skipped] = (),
    settings: Settings | None = None,
    dask: str | None = None,
) -> Dossier:
    """Run the pipeline with a progress bar; the analysis is saved in the store."""
    from newsweave.scale import executor_for

    executor = _with_status("Starting Dask", lambda: executor_for(dask)) if dask else None
    try:
        return _run_analysis(articles, store, skipped, settings, executor)
    finally:
        if executor is not None:
            executor.close()


def _run_analysis(
    articles: Sequence[Article],
    store: Store,
    skipped: Sequence[Skipped],
    settings: Settings | None,
    executor: Executor | None,
) -> Dossier:
    with _progress() as progress:
        task = progress.add_task("Analyzing", total=len(pipeline_steps(PIPELINE)), item="")

        def update(stage: str, done: int, total: int) -> None:
            progress.update(task, completed=done, item=stage)

        return nw.analyze(
            articles,
            progress=update,
            store=store,
            skipped=skipped,
            settings=settings,
            executor=executor,
        )


def _print_read_summary(result: ReadResult, added: int, known: int) -> None:
    console.print(
        f"Read [bold]{len(result.articles)}[/] reports: {added} new, {known} already stored, "
        f"{len(result.skipped)} skipped.",
        highlight=False,
    )
    noted = [(a, note) for a in result.articles for note in a.notes]
    if noted:
        table = Table(title="Notes", title_justify="left", show_lines=False)
        table.add_column("report", overflow="fold")
        table.add_column("note", overflow="fold")
        for article, note in noted:
            table.add_row(article.path or article.source_id or article.id, note)
        console.print(table)
    if result.skipped:
        table = Table(title="Skipped", title_justify="left")
        table.add_column("input", overflow="fold")
        table.add_column("why", overflow="fold")
        for item in result.skipped:
            table.add_row(item.source, item.reason)
        console.print(table)


def _example_path() -> Path:
    return Path(str(resources.files("newsweave").joinpath("example")))


@app.command()
def analyze(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders of reports; '-' reads standard input."),
    ] = None,
    out: Annotated[
        Path, typer.Option("-o", "--out", help="Folder for report.html and dossier.json.")
    ] = Path("out"),
    db: Annotated[
        str | None,
        typer.Option("--db", envvar="NEWSWEAVE_DB", help="Store (default: OUT/newsweave.db)."),
    ] = None,
    example: Annotated[
        bool,
        typer.Option("--example", help="Analyze the example corpus that ships with newsweave."),
    ] = False,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_entries: MaxEntriesOption = DEFAULT_MAX_ENTRIES,
    llm_url: Annotated[
        str | None,
        typer.Option(
            "--llm-url",
            envvar="NEWSWEAVE_LLM_URL",
            help="OpenAI-compatible endpoint (llama.cpp, vLLM, Ollama, hosted) for an "
            "abstractive summary checked against its citations, e.g. http://127.0.0.1:8080/v1. "
            "Off by default; the key, if any, is read from NEWSWEAVE_LLM_KEY.",
        ),
    ] = None,
    llm_model: Annotated[
        str | None,
        typer.Option("--llm-model", envvar="NEWSWEAVE_LLM_MODEL", help="Model name for --llm-url."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            envvar="NEWSWEAVE_DASK",
            help="Run the stages on Dask: a scheduler address (tcp://host:8786) or local:N "
            "for N worker processes here. Same stories and derivations as without.",
        ),
    ] = None,
) -> None:
    """Read reports, weave them into stories, write OUT/report.html and OUT/dossier.json.

    With PATHs, the dossier covers those reports; with none, everything in the store.
    """
    with _edge():
        if (llm_url is None) != (llm_model is None):
            raise ParameterError("--llm-url and --llm-model go together: give both or neither")
        settings = Settings(llm=Endpoint(llm_url, llm_model) if llm_url and llm_model else None)
        if dask:
            local_workers(dask)  # a bad address fails before anything is read
        chosen = list(paths or [])
        if example:
            chosen.append(str(_example_path()))
        store = open_store(db or out / DEFAULT_DB)
        result: ReadResult | None = None
        if chosen:
            result = _read(chosen, max_bytes, max_entries)
            added, known = _store(store, result)
            _print_read_summary(result, added, known)
            articles: Sequence[Article] = result.articles
        else:
            articles = store.articles()
            if not articles:
                raise ParameterError(
                    f"the store {store.url} holds no reports; name files or folders to analyze, "
                    "or --example"
                )
        dossier = _analyze(articles, store, result.skipped if result else (), settings, dask)
        store.close()
        written = write_outputs(dossier, out)
        _print_stories(dossier)
        for path in written:
            console.print(f"Wrote [bold]{path}[/]", highlight=False)


def write_outputs(dossier: Dossier, out: Path) -> list[Path]:
    """Write report.html and dossier.json into `out`; return their paths."""
    from newsweave.report import render_report

    out.mkdir(parents=True, exist_ok=True)
    data = dossier.to_dict()
    report = out / "report.html"
    report.write_text(render_report(data), encoding="utf-8")
    target = out / "dossier.json"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return [report, target]


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files or folders of reports; '-' reads stdin.")
    ],
    db: DbOption = DEFAULT_DB,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_entries: MaxEntriesOption = DEFAULT_MAX_ENTRIES,
) -> None:
    """Read reports into the store; each report is kept once however often it is read."""
    with _edge():
        store = open_store(db)
        result = _read(paths, max_bytes, max_entries)
        added, known = _store(store, result)
        store.close()
        _print_read_summary(result, added, known)


@app.command()
def watch(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Feed or page URLs, folders, OPML files, or text files of URLs (one a line)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    every: Annotated[
        str, typer.Option("--every", help="Time between polls: 90s, 15m, 1h.")
    ] = "15m",
    polls: Annotated[
        int | None,
        typer.Option("--polls", min=1, help="Stop after this many polls (default: until Ctrl-C)."),
    ] = None,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls",
            help="Let URLs reach loopback, private and link-local addresses (refused by default).",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for one answer.")
    ] = 20.0,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_entries: MaxEntriesOption = DEFAULT_MAX_ENTRIES,
    per_host_interval: Annotated[
        float,
        typer.Option("--per-host-interval", help="Least seconds between two requests to one host."),
    ] = 1.0,
) -> None:
    """Follow feeds, pages and folders: store their new reports and keep the stories current.

    Each poll asks every source once (an unchanged feed answers "not modified"),
    stores what is new and analyzes the store again if anything was. A source
    that fails is retried later, waiting longer after each failure. What each
    source has answered is kept in the store, so a restarted watch goes on where
    it stopped. Ctrl-C stops after the poll under way.
    """
    import signal
    import threading

    from newsweave.periods import parse_duration
    from newsweave.watch import PollReport, Watcher, WatchSettings

    def show(report: PollReport) -> None:
        for line in report.lines():
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        for item in (skip for source in report.sources for skip in source.skipped):
            console.print(f"  skipped {item.source}: {item.reason}", style="dim", markup=False)
        console.print(report.summary(), style="bold", markup=False, highlight=False)

    with _edge():
        settings = WatchSettings(
            every=parse_duration(every),
            allow_private=allow_private_urls,
            timeout=timeout,
            max_bytes=max_bytes,
            max_entries=max_entries,
            per_host_interval=per_host_interval,
        )
        stop = threading.Event()

        def interrupted(signum: int, frame: object) -> None:
            if stop.is_set():  # a second Ctrl-C: stop now
                raise KeyboardInterrupt
            stop.set()
            errors.print("Stopping after this poll (Ctrl-C again to stop at once).")

        store = open_store(db)
        previous = signal.signal(signal.SIGINT, interrupted)
        try:
            done = Watcher(store, sources, settings=settings).run(
                polls=polls, stop=stop, on_poll=show
            )
        finally:
            signal.signal(signal.SIGINT, previous)
            store.close()
        if stop.is_set():
            console.print(f"Stopped after poll {done}.", highlight=False)


def _current_dossier(store: Store) -> Dossier:
    """Return the store's analysis, analyzing again first if reports came in since."""
    dossier = store.load_analysis()
    if dossier is None or not store.analysis_is_current():
        articles = store.articles()
        if not articles:
            raise ParameterError(
                f"the store {store.url} holds no reports; add some with `newsweave ingest PATH`"
            )
        dossier = _analyze(articles, store, store.skipped())
    return dossier


def _label(article: Article | None) -> str:
    if article is None:
        return "unknown"
    when = article.published.isoformat()[:10] if article.published else "date unknown"
    return f"{article.outlet or 'unknown outlet'} ({when})"


def _print_stories(dossier: Dossier) -> None:
    by_id = {a.id: a for a in dossier.articles}
    table = Table(title=f"{len(dossier.stories)} stories", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("id")
    table.add_column("reports", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("first reported by", overflow="fold")
    table.add_column("title", overflow="fold")
    for number, item in enumerate(dossier.stories, start=1):
        first = item.story.first_reported_by
        table.add_row(
            str(number),
            item.id,
            str(len(item.story.article_ids)),
            "?" if item.independent_sources is None else str(item.independent_sources),
            _label(by_id.get(first)) if first else "unknown",
            item.story.title or "",
        )
    console.print(table)


@app.command()
def stories(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stories as JSON.")] = False,
) -> None:
    """List the stories in the store (analyzing first if new reports came in)."""
    with _edge():
        store = open_store(db)
        dossier = _current_dossier(store)
        store.close()
        if as_json:
            print(json.dumps(dossier.to_dict()["stories"], ensure_ascii=False, indent=2))
        else:
            _print_stories(dossier)


@app.command()
def show(
    story: Annotated[
        str, typer.Argument(help="Story id (or its start), or its number in `stories`.")
    ],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the story as JSON.")] = False,
) -> None:
    """Show one story: its reports, summary, derivations, conflicts, quotes and timeline."""
    with _edge():
        store = open_store(db)
        dossier = _current_dossier(store)
        store.close()
        item = dossier.story(story)
        if as_json:
            from newsweave.dossier import story_to_dict

            print(json.dumps(story_to_dict(item), ensure_ascii=False, indent=2))
            return
        _print_story(dossier, item)


@app.command()
def revisions(
    report: Annotated[
        str | None,
        typer.Argument(
            help="Id (or its start) of any version of a revised report: show its versions, "
            "word diff, corrected facts and the copies that still carry the old values."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="List only the reports revised since then: a duration back from now "
            "(24h, 90m, 7d, 2w) or a date (2026-12-06). Default: every revision.",
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """List the reports that changed after they were stored (read again with another text
    or title), or show one: what changed, which facts the source corrected, and which
    copies still carry the old values."""
    from datetime import UTC, datetime

    from newsweave.periods import parse_since

    with _edge():
        start = parse_since(since, now=datetime.now(UTC)) if since else None
        store = open_store(db)
        _current_dossier(store)
        if report is None:
            found = revised_reports(store, since=start)
            store.close()
            _print_revised(found, since)
            return
        history = revised_report(store, report)
        copies = store.articles([s.article_id for r in history.revisions for s in r.stale])
        store.close()
        _print_revisions(history, {copy.id: copy for copy in copies})


def _print_revised(found: Sequence[RevisedReport], since: str | None) -> None:
    if not found:
        console.print(f"No report was revised{f' since {since}' if since else ''}.")
        return
    plural = "s" if len(found) != 1 else ""
    table = Table(title=f"{len(found)} revised report{plural}", title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("report, outlet", overflow="fold")
    table.add_column("versions", justify="right")
    table.add_column("last change (UTC)")
    table.add_column("changed", overflow="fold")
    table.add_column("corrections", justify="right")
    table.add_column("stale copies", justify="right")
    for item in found:
        name = item.current.title or item.current.path or item.current.url or ""
        table.add_row(
            item.current.id,
            f"{escape(name)}\n[dim]{escape(item.current.outlet or 'unknown outlet')}[/]",
            str(len(item.versions)),
            item.last_change.strftime("%Y-%m-%d %H:%M"),
            " and ".join(item.changed) or "metadata",
            str(item.correction_count),
            str(item.stale_count),
        )
    console.print(table)


def _print_revisions(history: RevisedReport, copies: Mapping[str, Article]) -> None:
    number = {v.article_id: n for n, v in enumerate(history.versions, start=1)}
    console.rule(Text(history.current.title or history.current.id, style="bold"))
    table = Table(title="Versions", title_justify="left")
    for column in ("#", "id", "stored", "state"):
        table.add_column(column, overflow="fold")
    for version in history.versions:
        replaced = version.superseded_by
        state = f"replaced by {number.get(replaced, '?')}" if replaced else "current"
        table.add_row(
            str(number[version.article_id]),
            version.article_id,
            version.ingested_at.isoformat(),
            state,
        )
    console.print(table)
    styles = {"same": "", "removed": "red strike", "added": "green bold"}
    for item in history.revisions:
        old, new = number.get(item.revision.old, "?"), number.get(item.revision.new, "?")
        console.print(f"\n[bold]Version {old} → {new}[/], stored {item.revision.at.isoformat()}")
        if item.diff.title_changed:
            console.print(_marked("  title: ", item.diff.title_segments(), styles))
        for hunk in item.diff.hunks:
            console.print(_marked("  …", hunk.segments, styles).append("…"))
        lines = [f"{c.describe()} in “{c.new_sentence.text}”" for c in item.corrections]
        stale: dict[str, list[str]] = {}
        for s in item.stale:
            heading = (
                f"{_label(copies.get(s.article_id))} {s.article_id}, "
                f"{s.kind} of version {number.get(s.source, '?')}"
            )
            stale.setdefault(heading, []).append(
                f"still says “{s.correction.old.text}” in “{s.sentence.text}”"
            )
        lines_stale = [
            "\n".join([heading, *(f"      {says}" for says in said)])
            for heading, said in stale.items()
        ]
        for title, found in (
            ("Corrections", lines),
            ("Copies that still carry an old value", lines_stale),
        ):
            console.print(f"[bold]  {title}[/]")
            for line_text in found or ["none found"]:
                console.print(f"    • {line_text}", highlight=False, markup=False)


def _marked(start: str, segments: Sequence[Segment], styles: Mapping[str, str]) -> Text:
    """Return diff segments as marked text (`[-removed-]`, `{+added+}`), coloured by kind."""
    line = Text(start)
    for n, segment in enumerate(segments):
        line.append(" " if n else "")
        line.append(segment.marked(), style=styles[segment.kind])
    return line


def _print_story(dossier: Dossier, item: StoryDossier) -> None:
    by_id = {a.id: a for a in dossier.articles}
    number = {article_id: i for i, article_id in enumerate(item.story.article_ids, start=1)}

    def cite(ids: Sequence[str]) -> str:
        return "".join(f"[{number[i]}]" for i in ids if i in number)

    console.rule(f"[bold]{item.story.title or item.id}")
    console.print(
        f"{len(item.story.article_ids)} reports, "
        f"{item.independent_sources if item.independent_sources is not None else '?'} "
        f"independent sources; first reported by "
        f"{_label(by_id.get(item.story.first_reported_by or ''))}",
        highlight=False,
    )
    if item.story.follows:
        followed = next((s for s in dossier.stories if s.id == item.story.follows), None)
        console.print(
            f"follows: {followed.story.title if followed else item.story.follows}", highlight=False
        )
    reasons = {p.article_id: p for p in item.story.placements}
    table = Table(title="Reports, and why each is in the story", title_justify="left")
    for column in ("#", "outlet", "published", "lang", "title", "why"):
        table.add_column(column, overflow="fold")
    for article_id, n in number.items():
        article = by_id.get(article_id)
        if article:
            table.add_row(
                str(n),
                article.outlet or "",
                article.published.isoformat() if article.published else "unknown",
                article.language or "",
                article.title or "",
                reasons[article_id].describe() if article_id in reasons else "",
            )
    console.print(table)
    sections: list[tuple[str, str, list[str]]] = [
        ("Summary", "summary", [f"{s.text} {cite(s.article_ids)}" for s in item.summary]),
        *(
            [
                (
                    "Abstractive summary (each sentence checked against what it cites)",
                    "abstract",
                    [f"{s.text} {cite(s.article_ids)}" for s in item.abstract]
                    + [f"dropped: “{text}” ({why})" for text, why in item.abstract_dropped],
                )
            ]
            if item.abstract or item.abstract_dropped
            else []
        ),
        (
            "Who copied whom",
            "derivations",
            [
                f"[{number.get(d.derived, '?')}] {d.kind} of [{number.get(d.source, '?')}], "
                f"{d.shared_fraction:.0%} shared"
                for d in item.derivations
            ],
        ),
        (
            "What several reports say (claims, most independent sources first)",
            "claims",
            [
                f"{c.text} {cite(c.article_ids)} ({_sources(c.independent_sources)})"
                for c in item.claims
                if len(c.article_ids) > 1
            ],
        ),
        ("What only one source says", "claims", _unique_lines(item, cite)),
        (
            "Conflicts",
            "conflicts",
            [
                f"{c.about}: " + "; ".join(f"{v.value} {cite(v.article_ids)}" for v in c.values)
                for c in item.conflicts
            ],
        ),
        ("Quotes", "quotes", [_ledger_line(q, cite) for q in item.quotes]),
        (
            "People, organizations and places",
            "entities",
            [
                f"{e.name} ({e.kind}"
                + (f"; also {', '.join(e.aliases[:4])}" if e.aliases else "")
                + f") {cite(e.article_ids)}"
                for e in item.entities
            ],
        ),
        ("Dates mentioned", "facts", _date_lines(item, cite)),
        ("Numbers mentioned", "facts", _quantity_lines(item, cite)),
        (
            "Timeline",
            "timeline",
            [f"{t.date.isoformat()}: {t.text} {cite(t.article_ids)}" for t in item.timeline],
        ),
    ]
    for title, key, lines in sections:
        console.print(f"\n[bold]{title}[/]")
        missing = "not analyzed yet" if key in dossier.pending_sections else "none found"
        for line in lines or [missing]:
            console.print(f"  • {line}", highlight=False, markup=False)


def _sources(count: int) -> str:
    return f"{count} independent source{'s' if count != 1 else ''}"


def _unique_lines(item: StoryDossier, cite: Callable[[Sequence[str]], str]) -> list[str]:
    """Say, report by report, the claims only its own source carries, richest in facts first."""
    details = unique_details(item.claims, item.facts)
    lines = []
    for article_id in item.story.article_ids:
        own = [c.text for c in details.get(article_id, [])]
        if own:
            more = f" · (and {len(own) - 5} more)" if len(own) > 5 else ""
            lines.append(f"{cite([article_id])} " + " · ".join(own[:5]) + more)
    return lines


def _ledger_line(quote: Quote, cite: Callable[[Sequence[str]], str]) -> str:
    """Say a statement of the quote ledger: speaker, first wording, the other reports' wordings."""
    line = f"{quote.speaker or 'unattributed'}: “{quote.text}” {cite(quote.article_ids[:1])}"
    others = [
        f"{cite([span.article_id])} “{wording}”"
        for span, wording in zip(quote.evidence[1:], quote.wordings[1:], strict=False)
    ]
    return line + ("; also " + "; ".join(others) if others else "")


def _date_lines(item: StoryDossier, cite: Callable[[Sequence[str]], str]) -> list[str]:
    """Say the story's dates, earliest first, with the words that state each."""
    lines = []
    for value, found in group_dates(item.facts.values()):
        words = ", ".join(dict.fromkeys(f"“{d.text}”" for d in found))
        story = any(d.relative and d.anchor == "story" for d in found)
        note = " (resolved against the story's date)" if story else ""
        ids = [d.span.article_id for d in found]
        lines.append(f"{value or 'unresolved'}: {words}{note} {cite(ids)}")
    return lines


def _quantity_lines(item: StoryDossier, cite: Callable[[Sequence[str]], str]) -> list[str]:
    """Say the story's quantities as intervals, with the words that state each."""
    return [
        f"{interval}: "
        + ", ".join(dict.fromkeys(f"“{q.text}”" for q in found))
        + f" {cite([q.span.article_id for q in found])}"
        for interval, found in group_quantities(item.facts.values())
    ]


@app.command()
def brief(
    db: DbOption = DEFAULT_DB,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Start of the period: a duration back from now (24h, 90m, 7d) or a date "
            "(2026-12-06). Default: where the last brief stopped, else 24h.",
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="md (to mail or post), html or json.")
    ] = "md",
    top: Annotated[int, typer.Option("--top", help="Tell at most this many stories.")] = 10,
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="Write the brief to this file.")
    ] = None,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Forget earlier briefs: tell every story whole.")
    ] = False,
    remember: Annotated[
        bool,
        typer.Option(
            "--remember/--preview",
            help="Remember what this brief tells, so the next one says only what is new "
            "(--preview leaves the store as it was).",
        ),
    ] = True,
) -> None:
    """Write a brief: the top stories of the period by independent sources and novelty,
    each with its cited summary; for stories briefed before, only what is new since."""
    from datetime import UTC, datetime

    from newsweave.brief import brief_store
    from newsweave.brief.render import FORMATS, render_brief
    from newsweave.periods import parse_since

    with _edge():
        if fmt not in FORMATS:
            raise ParameterError.invalid("--format", "one of " + ", ".join(FORMATS), fmt)
        now = datetime.now(UTC)
        start = parse_since(since, now=now) if since else None
        store = open_store(db)
        dossier = _current_dossier(store)
        told = brief_store(
            store, dossier, since=start, top=top, fresh=fresh, remember=remember, now=now
        )
        store.close()
        text = render_brief(told, fmt)
        if out is None:
            print(text)
            return
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(
            f"Wrote [bold]{out}[/]: {len(told.stories)} stories since "
            f"{told.since.isoformat(timespec='minutes')}.",
            highlight=False,
        )


@app.command("eval")
def evaluate(
    name: Annotated[str, typer.Argument(help="Data set: " + ", ".join(sorted(EVALUATIONS)) + ".")],
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Another copy or split of the data set, same format."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Score newsweave on a labeled data set (default: its folder in ../shared/data)."""
    from newsweave.evaluate import run_evaluation

    with _edge():
        report = _with_status(f"Evaluating on {name}", lambda: run_evaluation(name, data=data))
        if as_json:
            print(json.dumps(report.to_dict(), indent=2))
            return
        table = Table(title=f"{report.name}: {report.description}", title_justify="left")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for metric, value in report.metrics.items():
            table.add_row(metric, f"{value:.4f}" if isinstance(value, float) else str(value))
        console.print(table)
        console.print(f"data: {report.data}", highlight=False, style="dim")


@app.command()
def export(
    table: Annotated[
        str,
        typer.Argument(
            help=f"What to export: a table ({', '.join(EXPORT_TABLES)}) "
            "or 'dossier' (everything, as one JSON document)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="json, jsonl, csv or parquet (default: from --out's suffix)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("-o", "--out", help="File to write (default: standard output)."),
    ] = None,
) -> None:
    """Write every row of a table of the store, streamed: nothing is capped or held in memory.

    `newsweave export --help` lists the tables; pandas reads every format back.
    """
    from newsweave.export import DOSSIER, check_export, write_export

    with _edge():
        chosen = fmt or (out.suffix.lstrip(".") if out and out.suffix else None)
        chosen = chosen or ("json" if table == DOSSIER else "jsonl")
        check_export(table, chosen)
        if chosen == "parquet" and out is None and sys.stdout.isatty():
            raise ParameterError("Parquet is binary: write it to a file with -o FILE.parquet")
        store = open_store(db)
        if out is None:
            write_export(store, table, chosen, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            partial = out.with_name(out.name + ".partial")
            with _progress() as progress, partial.open("wb") as sink:
                progress.add_task(f"Exporting {table}", total=None, item="")
                rows = write_export(store, table, chosen, sink)
            partial.replace(out)  # a reader never sees half a file
            console.print(f"Wrote {rows:,} rows to [bold]{out}[/]", highlight=False)
        store.close()


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    max_body_bytes: Annotated[
        int, typer.Option("--max-body-bytes", help="Refuse request bodies larger than this.")
    ] = 100_000_000,
    allow_private_urls: Annotated[
        bool,
        typer.Option(
            "--allow-private-urls",
            help="Let pasted URLs reach loopback, private and link-local addresses "
            "(refused by default: the server would fetch them).",
        ),
    ] = False,
    fetch_timeout: Annotated[
        float, typer.Option("--fetch-timeout", help="Seconds to wait for a fetched URL.")
    ] = 20.0,
) -> None:
    """Serve the web UI and the REST API (docs at /api/docs) over the store.

    Stories, reports and search read the store's last analysis; reports added
    from the browser or the API are stored at once and analyzed in the background.
    """
    import uvicorn

    from newsweave.web import ServerSettings, create_app

    with _edge():
        settings = ServerSettings(
            store_url=db,
            max_bytes=max_bytes,
            max_body_bytes=max_body_bytes,
            allow_private_urls=allow_private_urls,
            fetch_timeout=fetch_timeout,
        )
        web = create_app(settings)
        console.print(f"newsweave: http://{host}:{port}/  (API docs: /api/docs)", highlight=False)
        uvicorn.run(web, host=host, port=port, log_level="warning")


def _with_status(message: str, work: Callable[[], T]) -> T:
    with errors.status(message):
        return work()


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI (for `python -m newsweave`)."""
    return app(args=argv if argv is not None else sys.argv[1:])
