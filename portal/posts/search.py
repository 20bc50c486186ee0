"""Substring search over titles and bodies that works for Korean and English.

PostgreSQL's pg_trgm cannot serve two-character terms (a trigram needs three), and two
syllables are a whole word in Korean (회의, 보고). So each post stores the set of its
character bigrams in a GIN-indexed text[]; a query first narrows to posts holding every
bigram of the term (index), then ILIKE confirms the exact substring on those few rows.
"""
from __future__ import annotations

from sqlalchemy import Text, and_, literal, or_
from sqlalchemy.dialects import postgresql

from portal.models import Post

# A search reads the newest posts first, in growing windows of ids (each this many ids wide,
# the last one reaching back to the first post), and stops as soon as a page is full. A common
# term fills its page in the first window; a term in one post in a thousand fills it in the
# third; a rarer one has, by then, few enough matches left that reading them all through the
# index is cheap. So no search reads more than a few thousand rows, whatever the planner
# guesses (it cannot estimate ILIKE '%...%').
WINDOWS = (500, 5_000, 50_000)


def normalize(text: str) -> str:
    return " ".join(text.lower().split())


def bigrams(text: str) -> list[str]:
    text = normalize(text)
    return sorted({text[i:i + 2] for i in range(len(text) - 1)})


def post_grams(title: str, body: str) -> list[str]:
    return sorted(set(bigrams(title)) | set(bigrams(body)))


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(term: str, dialect: str):
    """A WHERE clause selecting posts whose title or body contains `term`."""
    term = normalize(term)
    pattern = _like_pattern(term)
    substring = or_(Post.title.ilike(pattern, escape="\\"), Post.body.ilike(pattern, escape="\\"))
    grams = bigrams(term)
    if dialect != "postgresql" or not grams:
        return substring
    has_grams = Post.search_grams.op("@>")(literal(grams, type_=postgresql.ARRAY(Text)))
    return and_(has_grams, substring)
