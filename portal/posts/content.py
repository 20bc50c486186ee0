"""What a post derives from its title and body, computed once when it is written.

Lists show a plain-text excerpt and the post page shows sanitised HTML; rendering Markdown
costs far more than reading a column, so both are stored beside the body (with the search
bigrams) instead of being rendered on every read.
"""
from __future__ import annotations

from portal.posts import search
from portal.posts.markdown import plain_text, render

EXCERPT_LENGTH = 160
_EXCERPT_SOURCE = 600  # characters of Markdown read to make an excerpt


def excerpt(body: str) -> str:
    return plain_text(body[:_EXCERPT_SOURCE], EXCERPT_LENGTH)


def written(title: str, body: str) -> dict:
    """The columns a post stores for its title and body (see Post)."""
    return {"title": title, "body": body, "search_grams": search.post_grams(title, body),
            "excerpt": excerpt(body), "body_html": render(body)}
