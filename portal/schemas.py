"""Schema pieces shared by several blueprints."""
import json
from datetime import datetime, timezone

import marshmallow as ma
import orjson
from flask import Response, current_app

from portal.models.user import ROLES


class UserSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class UserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    role = ma.fields.String(required=True, metadata={"enum": list(ROLES)})


class TrimmedString(ma.fields.String):
    """A string with surrounding whitespace removed before validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class BlankIsNone(TrimmedString):
    """Optional text: trimmed, and nothing left (or null) means none: stored as NULL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_none", True)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs) or None

    def _validate(self, value):
        if value is not None:
            super()._validate(value)


MAX_ID = 2**31 - 1  # PostgreSQL integer primary keys


class IdField(ma.fields.Integer):
    """A row id: a positive 32-bit integer (anything larger could never name a row)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)


class UtcField(ma.fields.AwareDateTime):
    """An ISO 8601 time; one without a zone is read as UTC, and every time is stored in UTC.
    A time whose UTC value lies outside years 1-9999 (0001-01-01T00:00+05:00) is not a valid one."""

    def __init__(self, **kwargs):
        super().__init__(format="iso", default_timezone=timezone.utc, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return super()._deserialize(value, attr, data, **kwargs).astimezone(timezone.utc)
        except OverflowError:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE) from None


def _iso_datetime(value):
    if isinstance(value, datetime):
        return value.isoformat()  # as ma.fields.DateTime writes it
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def shaped_response(schema: type[ma.Schema], payload) -> Response:
    """`payload`, which a service already shaped as `schema` (its fields, plain values, datetimes),
    as the JSON that `@blp.response(schema)` would send (by orjson, in UTF-8), without marshmallow's walk over every
    field of every item: on a page of posts that walk cost as much as the query. The view keeps
    `@blp.response(schema)`, so the OpenAPI document is unchanged; under TESTING every response
    is checked against `schema().dump(payload)`, so the two cannot drift apart."""
    body = orjson.dumps(payload, default=_iso_datetime, option=orjson.OPT_APPEND_NEWLINE)
    if current_app.testing and json.loads(body) != schema().dump(payload):
        raise AssertionError(f"{schema.__name__}: the shaped payload differs from the schema's dump")
    return current_app.response_class(body, mimetype=current_app.json.mimetype)
