"""Keyset pagination: the one way the portal pages through lists (newest first, or in a column's
order such as a directory by name). A cursor is always the last row's id."""
from __future__ import annotations

import base64
import binascii

import marshmallow as ma
from sqlalchemy import Select, bindparam, select, tuple_

from portal import database
from portal.errors import InvalidInput
from portal.field_problems import Problem
from portal.schemas import MAX_ID


def page_of(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The response schema of one page: `items` of `item_schema` and the `next_cursor` to ask
    for the next (null on the last page). `name` is the schema's name in the OpenAPI document."""
    return ma.Schema.from_dict({"items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
                                "next_cursor": ma.fields.String(required=True, allow_none=True)}, name=name)


class PageArgs(ma.Schema):
    cursor = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100))
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=100))


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        if prefix != "v1":
            raise ValueError(prefix)
        last_id = int(value)
        if last_id < 1:
            raise ValueError(value)
        return last_id
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidInput("The cursor is not valid.", code="bad_cursor",
                           fields={"cursor": [Problem("bad_cursor", "Not a cursor issued by this API.")]}) from None


def keyset_page(session, query: Select, id_column, cursor: str | None, limit: int):
    """Run `query` newest first, after `cursor`; return (rows, next_cursor).

    `query` may select an entity or a tuple whose first element has an `id`.
    """
    last_id = decode_cursor(cursor)
    if last_id is not None:
        query = query.where(id_column < last_id)
    rows = session.execute(query.order_by(id_column.desc()).limit(limit + 1)).unique().all()
    return _page(rows, limit)


def keyset_page_by(session, query: Select, sort_column, id_column, cursor: str | None, limit: int):
    """Run `query` in ascending `sort_column` order (ties by id), after `cursor`; return
    (rows, next_cursor). The cursor names the last row by id, as everywhere; the next page starts
    after that row's sort value as it is now (read in the same statement)."""
    last_id = decode_cursor(cursor)
    if last_id is not None:
        last_value = select(sort_column).where(id_column == last_id).scalar_subquery()
        query = query.where(tuple_(sort_column, id_column) > tuple_(last_value, last_id))
    rows = session.execute(query.order_by(sort_column, id_column).limit(limit + 1)).unique().all()
    return _page(rows, limit)


def keyset_page_query(query: Select, id_column) -> Select:
    """`query` as a page statement built once (e.g. under functools.cache) and run with
    keyset_page_prebuilt(): its cursor and size are bound parameters, so SQLAlchemy does not
    rebuild and re-key the statement on every request."""
    return (query.where(id_column <= bindparam("page_last")).order_by(id_column.desc())
            .limit(bindparam("page_size")))


def keyset_page_prebuilt(page_query: Select, params: dict, cursor: str | None, limit: int):
    """keyset_page() for a statement from keyset_page_query(); `params` bind its other parameters.
    Run by database.rows(): on committed data, outside the request's session."""
    last_id = decode_cursor(cursor)
    page_last = MAX_ID if last_id is None else last_id - 1
    rows = database.rows(page_query, {**params, "page_last": page_last, "page_size": limit + 1})
    return _page(rows, limit)


def _page(rows, limit: int):
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(_row_id(rows[-1])) if has_more and rows else None
    return rows, next_cursor


def _row_id(row) -> int:
    first = row[0]
    return first.id if hasattr(first, "id") else first
