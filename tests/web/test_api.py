"""The REST API: stories, story, article, search, ingest, errors as JSON with a status."""

from __future__ import annotations

from fastapi.testclient import TestClient

BARRIER = "Calvera and Estmark agree to build joint flood barrier on the Seline River"


def _barrier_id(client: TestClient) -> str:
    stories = client.get("/api/stories").json()["stories"]
    return next(s["id"] for s in stories if s["title"] == BARRIER)


def test_stories_are_listed_with_counts_and_filters(client: TestClient) -> None:
    listed = client.get("/api/stories").json()
    assert listed["total"] == 3
    barrier = next(s for s in listed["stories"] if s["title"] == BARRIER)
    assert (barrier["reports"], barrier["independent_sources"], barrier["conflicts"]) == (7, 4, 3)
    spanish = client.get("/api/stories", params={"language": "es"}).json()
    assert [s["title"] for s in spanish["stories"]] == [BARRIER]
    paged = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert paged["total"] == 3 and len(paged["stories"]) == 1


def test_a_story_is_the_dossier_json_with_its_reports(client: TestClient) -> None:
    story = client.get(f"/api/stories/{_barrier_id(client)}").json()
    assert story["title"] == BARRIER
    assert len(story["articles"]) == len(story["article_ids"]) == 7
    values = {v["value"] for c in story["conflicts"] for v in c["values"]}
    assert {"450,000,000 EUR", "540,000,000 EUR"} <= values, values
    assert all(sentence["article_ids"] for sentence in story["summary"])


def test_an_article_has_its_text_and_stories(client: TestClient) -> None:
    story = client.get(f"/api/stories/{_barrier_id(client)}").json()
    article = client.get(f"/api/articles/{story['article_ids'][0]}").json()
    assert article["story_ids"] == [story["id"]]
    span = story["summary"][0]["evidence"][0]
    cited = client.get(f"/api/articles/{span['article_id']}").json()["text"]
    assert cited[span["start"] : span["end"]] == story["summary"][0]["text"]


def test_search_marks_the_matching_words(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "Ostmouth"}).json()
    assert hits and all("[Ostmouth]" in hit["snippet"] for hit in hits), hits


def test_errors_are_json_with_a_clear_message_and_status(client: TestClient) -> None:
    missing = client.get("/api/stories/no-such-story")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "no story 'no-such-story'; GET /api/stories lists them",
        "status": 404,
    }
    too_many = client.get("/api/stories", params={"limit": 5000})
    assert too_many.status_code == 422
    assert "limit" in too_many.json()["error"], too_many.json()
    bad_date = client.get("/api/stories", params={"since": "yesterday"})
    assert bad_date.status_code == 422 and "since" in bad_date.json()["error"]
    nowhere = client.get("/api/nowhere")
    assert nowhere.status_code == 404 and nowhere.json()["status"] == 404
    empty = client.post("/api/ingest", json={})
    assert empty.status_code == 400
    assert empty.json()["error"] == "nothing to ingest: give texts, records or urls"


def test_ingest_stores_once_and_analyzes_again(client: TestClient) -> None:
    record = {
        "text": "Workers at the Ostmouth port began a two-day strike on Monday, the dockers' "
        "union said, halting ferry traffic to Brenna.",
        "title": "Ostmouth dockers strike",
        "outlet": "Port Gazette",
        "published": "2026-03-30",
    }
    first = client.post("/api/ingest", params={"wait": True}, json={"records": [record]}).json()
    assert len(first["added"]) == 1 and first["already_stored"] == []
    assert first["analysis"]["current"] is True, first["analysis"]
    again = client.post("/api/ingest", json={"records": [record], "texts": [" "]}).json()
    assert again["added"] == [] and again["already_stored"] == first["added"]
    assert [s["reason"] for s in again["skipped"]] == ["no article text (empty or almost empty)"], (
        again["skipped"]
    )
    titles = [s["title"] for s in client.get("/api/stories").json()["stories"]]
    assert titles[0] == "Ostmouth dockers strike", titles


def test_uploaded_files_are_read_by_their_suffix(client: TestClient) -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Radio</title>'
        b"<item><title>Gates tested</title><link>https://radio.example/gates</link>"
        b"<description>Engineers tested the three storm gates of the Seline barrier on "
        b"Tuesday, the operator said, and all closed within ten minutes.</description>"
        b"<pubDate>Tue, 31 Mar 2026 08:00:00 +0200</pubDate></item></channel></rss>"
    )
    done = client.post(
        "/api/ingest/files",
        files=[
            ("files", ("../../etc/radio.xml", feed, "application/rss+xml")),
            ("files", ("empty.txt", b"", "text/plain")),
        ],
    ).json()
    assert len(done["added"]) == 1
    assert done["skipped"] == [
        {"source": "empty.txt", "reason": "no article text (empty or almost empty)"}
    ]
    article = client.get(f"/api/articles/{done['added'][0]}").json()
    assert (article["title"], article["path"]) == ("Gates tested", "radio.xml")


def test_urls_to_private_addresses_are_refused_by_default(client: TestClient) -> None:
    done = client.post("/api/ingest", json={"urls": ["http://127.0.0.1:9/feed.xml"]}).json()
    assert done["added"] == []
    (skip,) = done["skipped"]
    assert "private, loopback or link-local" in skip["reason"], skip


def test_a_body_over_the_limit_is_refused_with_413(store_copy) -> None:
    from newsweave.web import ServerSettings, create_app

    app = create_app(ServerSettings(str(store_copy), max_body_bytes=1000))
    with TestClient(app) as small:
        refused = small.post("/api/ingest", json={"texts": ["word " * 1000]})
        assert refused.status_code == 413
        assert refused.json()["error"] == (
            "the request body is over the 1 kB limit (the server's --max-body-bytes)"
        )
        assert refused.json()["status"] == 413


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/static/newsweave.css", "/api/nowhere"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff"


def test_static_files_do_not_leave_their_folder(client: TestClient) -> None:
    for path in ("/static/../web/app.py", "/static/%2e%2e/%2e%2e/store/sqlite.py"):
        assert client.get(path).status_code == 404, path


def test_openapi_and_its_docs_page_are_served_offline(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/search", "/api/ingest"} <= set(
        schema["paths"]
    )
    docs = client.get("/api/docs").text
    assert "/api/docs-static/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()
    assert client.get("/api/docs-static/swagger-ui-bundle.js").status_code == 200


def test_exports_stream_every_format_pandas_reads(client: TestClient) -> None:
    import io

    import pandas as pd

    total = client.get("/api/stories").json()["total"]
    csv = client.get("/api/export/stories", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert 'filename="newsweave-stories.csv"' in csv.headers["content-disposition"]
    assert len(pd.read_csv(io.BytesIO(csv.content))) == total
    parquet = client.get("/api/export/conflicts", params={"format": "parquet"})
    values = set(pd.read_parquet(io.BytesIO(parquet.content))["value"])
    assert {"450,000,000 EUR", "540,000,000 EUR"} <= values, values
    lines = client.get("/api/export/articles").text.splitlines()  # JSONL by default
    assert len(lines) == 9
    dossier = client.get("/api/export/dossier").json()
    assert len(dossier["stories"]) == total


def test_an_unknown_export_is_a_clear_400(client: TestClient) -> None:
    answer = client.get("/api/export/storys")
    assert answer.status_code == 400
    assert answer.json()["error"].endswith("Did you mean 'stories'?"), answer.json()


def test_the_brief_of_a_period_is_served_without_being_remembered(
    client: TestClient, example_store_url: str
) -> None:
    from newsweave.brief import TOLD_KEY
    from newsweave.store import open_store

    brief = client.get("/api/brief", params={"since": "3650d"}).json()
    assert brief["stories"][0]["title"] == BARRIER
    assert all(line["article_ids"] for line in brief["stories"][0]["summary"])
    again = client.get("/api/brief", params={"since": "3650d", "top": 1}).json()
    assert [s["title"] for s in again["stories"]] == [BARRIER]
    with open_store(example_store_url) as store:
        assert store.state(TOLD_KEY) is None

    page = client.get("/api/brief", params={"since": "3650d", "format": "md"})
    assert page.headers["content-type"].startswith("text/markdown")
    assert page.text.startswith("# newsweave brief")
    # The example's reports were stored when the example store was built: within a day.
    recent = client.get("/api/brief", params={"since": "24h", "format": "json"}).json()
    assert len(recent["stories"]) == 3
    wrong = client.get("/api/brief", params={"since": "yesterday"})
    assert wrong.status_code == 400, wrong.text
    assert "'since'" in wrong.json()["error"] and "24h" in wrong.json()["error"]
