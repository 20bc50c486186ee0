"""Substring search that works for Korean and English: the one machinery behind every search.

PostgreSQL's pg_trgm cannot serve two-character terms (a trigram needs three), and two
syllables are a whole word in Korean (회의, 보고). So what can be searched (a post, a comment,
a chat message) stores the set of its character bigrams in a GIN-indexed text[], computed when
it is written; a search first narrows to rows holding every bigram of the term (the index), then
ILIKE confirms the exact substring on those few rows. A one-character term has no bigram and is
matched by ILIKE alone.
"""
from __future__ import annotations

from sqlalchemy import Text, and_, literal, or_
from sqlalchemy.dialects import postgresql

from portal.substring import contains


def normalize(text: str) -> str:
    """Lower case, runs of whitespace as one space: how terms and stored text are compared."""
    return " ".join(text.lower().split())


def bigrams(text: str) -> list[str]:
    text = normalize(text)
    return sorted({text[i:i + 2] for i in range(len(text) - 1)})


def grams_of(*texts: str) -> list[str]:
    """The search_grams column of a row whose searchable text is `texts` (e.g. a title and a body)."""
    return sorted(set().union(*(bigrams(text) for text in texts)))


def matches(term: str, grams_column, *columns, dialect: str):
    """A WHERE clause: one of `columns` contains `term` (normalised), narrowed on PostgreSQL by
    `grams_column` holding every bigram of the term."""
    term = normalize(term)
    substring = or_(*(contains(column, term) for column in columns))
    grams = bigrams(term)
    if dialect != "postgresql" or not grams:
        return substring
    return and_(grams_column.op("@>")(literal(grams, type_=postgresql.ARRAY(Text))), substring)
