"""HTML pages (through trafilatura) and HTML fragments (feed entries)."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from newsweave.errors import UnreadableInput
from newsweave.ingest.records import RawReport

_BLOCKS = (
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "figure",
)
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
)
# Characters XML (so lxml) cannot hold: C0 controls other than tab and line ends, lone
# surrogates and the two non-characters. They carry no text, and lxml refuses to set
# element text that has them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# htmldate's extensive search guesses a date from the page's free text; newsweave
# takes only the dates a page states: its metadata, <time> elements, a dated URL path.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_page(html: str, *, path: str | None = None) -> RawReport:
    """Return the report in a full HTML page: main text, title, author, site, date, url."""
    tree, limit = _parse_page(html)
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        ) or trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            favor_recall=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as error:
        # trafilatura and htmldate fail in assorted ways on broken markup
        # ("<svg><html lang='" trips an assert in lxml); that is one bad file.
        raise UnreadableInput(
            f"HTML page could not be parsed ({type(error).__name__} in trafilatura)"
        ) from None
    text = getattr(document, "text", None) or ""
    if not text.strip():
        if limit:
            raise UnreadableInput(
                f"no article text found in the HTML page (the HTML parser stopped: {limit})"
            )
        raise UnreadableInput("no article text found in the HTML page")
    title = getattr(document, "title", None)
    # trafilatura keeps the headline as the first line; it is the title, not body text.
    first_line, _, rest = text.partition("\n")
    is_headline = bool(title and rest and first_line.strip() == title.strip())
    body_start = len(first_line) + 1 if is_headline else 0
    meta = _page_metadata(tree) if tree is not None else {}
    raw = RawReport(
        text=text,
        kind="html",
        path=path,
        body_start=body_start,
        title=title,
        outlet=getattr(document, "sitename", None),
        author=getattr(document, "author", None),
        published=meta.get("published") or getattr(document, "date", None),
        url=getattr(document, "url", None),
        language=meta.get("language"),
    )
    if limit:
        raw.notes.append(
            f"the HTML parser stopped early ({limit}); the text after that is not read"
        )
    return raw


def fragment_text(html: str) -> str:
    """Return the text of an HTML fragment, one paragraph per block element."""
    if "<" not in html:
        return unescape(html)  # "AT&amp;T" is still HTML, if one without tags
    root = _fragment_root(_NOT_XML.sub("", html))
    if root is None:
        return html
    for element in list(root.iter("script", "style", "noscript")):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCKS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    return str(root.text_content())


def _fragment_root(html: str) -> Any:
    """Return the element that holds a fragment's content, or None when lxml reads none."""
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except AssertionError:
        # lxml asserts on a "fragment" that is a document without a body ("<html>").
        pass
    except (etree.ParserError, ValueError):
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _parse_page(html: str) -> tuple[Any, str | None]:
    """Return a page's element tree (None when lxml reads none) and the limit it hit, if any.

    libxml2 stops at 256 levels of nesting (a page of 100,000 nested <div>s is
    read to that depth, quickly, and no further); the page is then kept only for
    what lies above, and the user is told.
    """
    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None, None
    limits = [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if not limits:
        return tree, None
    limit = limits[0].split(",")[0].strip()  # "Excessive depth in document: 256, use ..."
    return tree, limit[:1].lower() + limit[1:]


def _page_metadata(tree: Any) -> dict[str, str]:
    """Return the full publication timestamp and language a page states, where it does.

    trafilatura reports the publication date as a day; pages usually state the
    exact time (with zone) in their meta tags or JSON-LD, and that is worth keeping.
    """
    found: dict[str, str] = {}
    language = tree.get("lang")
    if language:
        found["language"] = language
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        content = element.get("content")
        if content and key.lower() in (name.lower() for name in _PUBLISHED_META):
            found.setdefault("published", content.strip())
    if "published" not in found:
        for script in tree.iter("script"):
            if script.get("type") == "application/ld+json" and script.text:
                published = _json_ld_published(script.text)
                if published:
                    found["published"] = published
                    break
    return found


def _json_ld_published(source: str) -> str | None:
    try:
        data: Any = json.loads(source)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return str(item["datePublished"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None
