import marshmallow as ma

from portal.models.notice import SCOPES
from portal.schemas import IdField, TrimmedString, UserSummarySchema, UtcField

SCOPE = ma.validate.OneOf(SCOPES)
STATES = ("scheduled", "active", "ended")


class NoticeListArgs(ma.Schema):
    board_id = IdField(load_default=None)


class NoticeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    post_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    scope = ma.fields.String(required=True, metadata={"enum": list(SCOPES)})
    board_id = ma.fields.Integer(required=True)
    requires_ack = ma.fields.Boolean(required=True)
    acked = ma.fields.Boolean(required=True)
    created_at = ma.fields.DateTime(required=True)
    author = ma.fields.Nested(UserSummarySchema, required=True)
    starts_at = ma.fields.DateTime(required=True, allow_none=True,
                                   metadata={"description": "Listed from this time on (UTC); null: at once"})
    ends_at = ma.fields.DateTime(required=True, allow_none=True,
                                 metadata={"description": "Listed until this time (UTC); null: until retired"})
    state = ma.fields.String(required=True, metadata={"enum": list(STATES)})


class NoticeListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NoticeSchema), required=True)


class NoticePinSchema(ma.Schema):
    post_id = IdField(required=True, strict=True)
    scope = ma.fields.String(load_default="site", validate=SCOPE)
    requires_ack = ma.fields.Boolean(load_default=False)


class NoticeComposeSchema(ma.Schema):
    """A notice written in the admin area: a new post on a board, pinned at once."""
    board_id = IdField(required=True, strict=True)
    title = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=200))
    body = ma.fields.String(required=True, validate=ma.validate.Length(max=100_000),
                            metadata={"description": "Markdown"})
    scope = ma.fields.String(load_default="site", validate=SCOPE)
    requires_ack = ma.fields.Boolean(load_default=False)
    starts_at = UtcField(load_default=None, allow_none=True)
    ends_at = UtcField(load_default=None, allow_none=True)


class NoticeUpdateSchema(ma.Schema):
    """Only the fields sent change; `starts_at`/`ends_at` sent as null open that end."""
    scope = ma.fields.String(validate=SCOPE)
    requires_ack = ma.fields.Boolean()
    title = TrimmedString(validate=ma.validate.Length(min=1, max=200))
    body = ma.fields.String(validate=ma.validate.Length(max=100_000))
    starts_at = UtcField(allow_none=True)
    ends_at = UtcField(allow_none=True)


class AdminNoticeListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NoticeSchema), required=True)


class AckUserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)


class AckSchema(ma.Schema):
    user = ma.fields.Nested(AckUserSchema, required=True)
    acked_at = ma.fields.DateTime(required=True)


class ConfirmationsSchema(ma.Schema):
    acked = ma.fields.List(ma.fields.Nested(AckSchema), required=True)
    pending = ma.fields.List(ma.fields.Nested(AckUserSchema), required=True)


class CsvArgs(ma.Schema):
    lang = ma.fields.String(load_default="ko", validate=ma.validate.OneOf(["ko", "en"]),
                            metadata={"description": "Language of the header row and the yes/no column"})
