"""What a post (or a comment) derives from its text, computed once when it is written.

Lists show a plain-text excerpt and the post page shows sanitised HTML; rendering Markdown
costs far more than reading a column, so both are stored beside the body (with the search
bigrams) instead of being rendered on every read.
"""
from __future__ import annotations

from portal import bigrams
from portal.posts.markdown import plain_text, render

EXCERPT_LENGTH = 160
_EXCERPT_SOURCE = 600  # characters of Markdown read to make an excerpt


def excerpt(body: str) -> str:
    return plain_text(body[:_EXCERPT_SOURCE], EXCERPT_LENGTH)


def written(title: str, body: str) -> dict:
    """The columns a post stores for its title and body (see Post)."""
    return {"title": title, "body": body, "search_grams": bigrams.grams_of(title, body),
            "excerpt": excerpt(body), "body_html": render(body)}


def comment_written(body: str) -> dict:
    """The columns a comment stores for its body (see Comment)."""
    return {"body": body, "body_html": render(body), "search_grams": bigrams.grams_of(body)}
