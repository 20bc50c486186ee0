"""The one substring match: case-insensitive, with LIKE's wildcards in the term taken literally."""
from __future__ import annotations

from sqlalchemy import ColumnElement


def like_pattern(term: str) -> str:
    """`%term%` with `\\`, `%` and `_` escaped (use with escape='\\')."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column, term: str) -> ColumnElement[bool]:
    """`column` contains `term`, ignoring case; `50%` finds "50%" and not every row."""
    return column.ilike(like_pattern(term), escape="\\")
