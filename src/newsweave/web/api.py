"""The REST API under /api: a thin shell over the store, the readers and the exports.

Handlers parse their input, call the library and shape the answer; errors are
`NewsweaveError`s, turned into JSON with a status in `newsweave.web.app`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from newsweave.dossier import article_to_dict, story_to_dict
from newsweave.errors import NotFound
from newsweave.store import Store, StoryQuery, open_store
from newsweave.web.ingesting import Ingested, ingest_bytes, ingest_request
from newsweave.web.state import analyst_of, pages_of, stores_of

router = APIRouter(prefix="/api")

ExportFormat = Literal["json", "jsonl", "csv", "parquet"]


class ErrorBody(BaseModel):
    """What every failed request answers: why, in one line, and the HTTP status."""

    error: str
    status: int


class StoryRowBody(BaseModel):
    id: str
    title: str | None
    reports: int
    independent_sources: int | None
    conflicts: int
    outlets: list[str]
    languages: list[str]
    first_published: str | None
    last_published: str | None
    storyline_id: str | None


class StoryListBody(BaseModel):
    total: int = Field(description="How many stories match, over all pages.")
    stories: list[StoryRowBody]


class SearchHitBody(BaseModel):
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str = Field(description="An excerpt; the matching words are between [ and ].")
    story_ids: list[str]


class AnalysisBody(BaseModel):
    state: Literal["idle", "running", "failed"]
    stage: str | None
    stages_done: int
    stages_total: int
    error: str | None
    finished_at: str | None
    current: bool = Field(description="Whether the last analysis covers every stored report.")


class SkippedBody(BaseModel):
    source: str
    reason: str


class IngestBody(BaseModel):
    added: list[str] = Field(description="Ids of the reports newly stored.")
    already_stored: list[str]
    skipped: list[SkippedBody]
    analysis: AnalysisBody


class IngestRequest(BaseModel):
    """Reports to read: whole texts, records with the JSONL fields, feed or page URLs."""

    texts: list[str] = Field(default=[], description="Each a whole report (metadata lines too).")
    records: list[dict[str, Any]] = Field(
        default=[],
        description="Each with 'text' and optionally id, title, outlet, author, published, "
        "url, language.",
    )
    urls: list[str] = Field(default=[], description="Feeds (one report per entry) or pages.")


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 404, 413, 422, 503)
}


@router.get("/stories", response_model=StoryListBody, responses=ERRORS, tags=["stories"])
def list_stories(
    request: Request,
    q: Annotated[
        str | None, Query(description="Words every matching story's reports hold.")
    ] = None,
    since: Annotated[date | None, Query(description="A report published on or after.")] = None,
    until: Annotated[date | None, Query(description="A report published on or before.")] = None,
    outlet: Annotated[str | None, Query(description="A report from this outlet.")] = None,
    language: Annotated[str | None, Query(description="A report in this language.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Stories of the last analysis: newest first, or best match first with `q`."""
    found = (
        stores_of(request)
        .get()
        .list_stories(StoryQuery(q, since, until, outlet, language, limit, offset))
    )
    return {"total": found.total, "stories": [asdict(row) for row in found.rows]}


@router.get("/stories/{story_id}", responses=ERRORS, response_class=JSONResponse, tags=["stories"])
async def get_story(request: Request, story_id: str) -> Response:
    """One story as in the dossier JSON, with its reports' metadata under `articles`."""
    # A story's JSON changes only with a new analysis (reports are never edited), so
    # the encoded answer is cached with the pages, under the analysis stamp: building
    # one of ECB+'s stories (200 kB on average) takes about 50 ms. It is encoded with
    # json.dumps, as FastAPI's `jsonable_encoder` took eight times as long.
    stores = stores_of(request)
    key = ("api-story", story_id, stores.get().analysis_stamp())

    def build() -> str:
        store = stores.get()
        story = store.story(story_id)
        if story is None:
            raise NotFound(f"no story {story_id!r}; GET /api/stories lists them")
        articles = store.articles(list(story.story.article_ids))
        body = {**story_to_dict(story), "articles": [article_to_dict(a) for a in articles]}
        return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    cache = pages_of(request)
    body = cache.peek(key) or await run_in_threadpool(cache.get, key, build)
    return Response(body, media_type="application/json")


@router.get("/articles/{article_id}", responses=ERRORS, tags=["reports"])
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One report: its metadata, normalized text (offsets point into it) and stories."""
    store = stores_of(request).get()
    article = store.article(article_id)
    if article is None:
        raise NotFound(f"no report {article_id!r}; GET /api/search finds reports")
    return {
        **article_to_dict(article),
        "text": article.text,
        "notes": list(article.notes),
        "story_ids": store.story_ids_of(article_id),
    }


@router.get("/search", response_model=list[SearchHitBody], responses=ERRORS, tags=["reports"])
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, description="Words a report must hold (all).")],
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[dict[str, Any]]:
    """Reports holding every word of `q`, best match first (accents ignored)."""
    hits = stores_of(request).get().search(q, limit=limit)
    return [
        {**asdict(hit), "snippet": hit.snippet.replace("\x02", "[").replace("\x03", "]")}
        for hit in hits
    ]


@router.post("/ingest", response_model=IngestBody, responses=ERRORS, tags=["ingest"])
def ingest(
    request: Request,
    body: IngestRequest,
    wait: Annotated[bool, Query(description="Answer after the new analysis is saved.")] = False,
) -> dict[str, Any]:
    """Store reports given as texts, records or URLs, then analyze the store again."""
    done = ingest_request(
        request.app.state.settings,
        stores_of(request).get(),
        texts=body.texts,
        records=body.records,
        urls=body.urls,
    )
    return _ingested(request, done, wait)


@router.post("/ingest/files", response_model=IngestBody, responses=ERRORS, tags=["ingest"])
def ingest_files(
    request: Request,
    files: Annotated[list[UploadFile], File(description="Report files, read by suffix.")],
    wait: Annotated[bool, Query(description="Answer after the new analysis is saved.")] = False,
) -> dict[str, Any]:
    """Store uploaded files (.txt .md .html .xml .rss .atom .jsonl), then analyze again."""
    uploads = [(upload.filename or "upload", upload.file.read()) for upload in files]
    done = ingest_bytes(request.app.state.settings, stores_of(request).get(), uploads)
    return _ingested(request, done, wait)


_BRIEF_MEDIA = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


@router.get(
    "/brief",
    responses={200: {"description": "The brief, in the format asked for."}, **ERRORS},
    tags=["stories"],
)
def brief(
    request: Request,
    since: Annotated[
        str, Query(description="Start of the period: 24h, 90m, 7d, or a date (2026-12-06).")
    ] = "24h",
    format: Annotated[Literal["json", "md", "html"], Query(description="json, md or html.")] = (
        "json"
    ),
    top: Annotated[int, Query(ge=1, le=100, description="At most this many stories.")] = 10,
) -> Response:
    """The brief of a period over the last analysis, as `newsweave brief --preview` writes it.

    A GET changes nothing: what it tells is not remembered, so every story of the
    period is told whole (`newsweave brief` keeps the memory of what was told).
    """
    from newsweave.brief import brief_store
    from newsweave.brief.render import render_brief
    from newsweave.periods import parse_since

    now = datetime.now(UTC)
    start = parse_since(since, now=now, name="since")
    store = stores_of(request).get()
    dossier = store.load_analysis()
    if dossier is None:
        raise NotFound("the store has not been analyzed yet; ingest reports first")
    told = brief_store(store, dossier, since=start, top=top, fresh=True, remember=False, now=now)
    return Response(render_brief(told, format), media_type=_BRIEF_MEDIA[format])


@router.get("/analysis", response_model=AnalysisBody, tags=["ingest"])
def analysis(request: Request) -> dict[str, Any]:
    """Whether an analysis is running, and whether the last one covers every report."""
    return _analysis_body(request)


@router.get(
    "/export/{table}",
    responses={
        200: {"description": "The table, streamed in the format asked for."},
        **ERRORS,
    },
    response_class=StreamingResponse,
    tags=["export"],
)
def export(
    request: Request,
    table: str,
    format: Annotated[
        ExportFormat | None,
        Query(description="File format (default: jsonl; json for the dossier)."),
    ] = None,
) -> StreamingResponse:
    """Every row of a table (or `dossier`, the whole dossier JSON), streamed, no cap."""
    from newsweave.export import DOSSIER, FORMATS, check_export, stream_export

    format = format or ("json" if table == DOSSIER else "jsonl")
    check_export(table, format)
    filename = f"newsweave-{table}{FORMATS[format].suffix}"
    # A store of its own: the response is streamed after this handler returns.
    store = open_store(stores_of(request).url)
    return StreamingResponse(
        _closing(stream_export(store, table, format), store),
        media_type=FORMATS[format].media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _closing(chunks: Iterator[bytes], store: Store) -> Iterator[bytes]:
    try:
        yield from chunks
    finally:
        store.close()


def _ingested(request: Request, done: Ingested, wait: bool) -> dict[str, Any]:
    if done.added:
        analyst_of(request).request()
        if wait:
            analyst_of(request).wait(timeout=request.app.state.settings.wait_seconds)
    return {
        "added": list(done.added),
        "already_stored": list(done.already_stored),
        "skipped": [{"source": s.source, "reason": s.reason} for s in done.skipped],
        "analysis": _analysis_body(request),
    }


def _analysis_body(request: Request) -> dict[str, Any]:
    status = analyst_of(request).status
    current = stores_of(request).get().analysis_is_current()
    return {**asdict(status), "current": current}
