import marshmallow as ma

from portal.field_problems import coded
from portal.models.board import SLUG_PATTERN
from portal.schemas import TrimmedString


class BoardSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    slug = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    admin_only = ma.fields.Boolean(required=True)
    archived = ma.fields.Boolean(required=True)


class BoardListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(BoardSchema), required=True)


class AdminBoardListArgs(ma.Schema):
    include_archived = ma.fields.Boolean(load_default=True)


class BoardCreateSchema(ma.Schema):
    name = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=100))
    slug = ma.fields.String(required=True, validate=ma.validate.Regexp(
        SLUG_PATTERN, error=coded("slug_pattern", "Use a-z, 0-9 and -, starting with a letter or digit (at most 60).",
                                  max=60)))
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=500))
    admin_only = ma.fields.Boolean(load_default=False)


class BoardUpdateSchema(ma.Schema):
    name = TrimmedString(load_default=None, validate=ma.validate.Length(min=1, max=100))
    description = ma.fields.String(load_default=None, validate=ma.validate.Length(max=500))
    admin_only = ma.fields.Boolean(load_default=None)
    archived = ma.fields.Boolean(load_default=None)
