"""What the web pages show, decided in Python so the templates only lay it out.

A story page and an article page are built from the store's typed objects
(`StoryDossier`, `Article`). Every citation becomes a chip that links to the
cited report at the cited sentence (`/articles/ID?hl=START-END#hl`).
"""

from newsweave.web.views.article import ArticlePageView, article_page
from newsweave.web.views.common import Chip, Mark, Segment, article_href, segment
from newsweave.web.views.story import StoryPageView, story_page

__all__ = [
    "ArticlePageView",
    "Chip",
    "Mark",
    "Segment",
    "StoryPageView",
    "article_href",
    "article_page",
    "segment",
    "story_page",
]
