import marshmallow as ma

from portal.models.notice import SCOPES
from portal.schemas import IdField, UserSummarySchema

SCOPE = ma.validate.OneOf(SCOPES)


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


class NoticeListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(NoticeSchema), required=True)


class NoticePinSchema(ma.Schema):
    post_id = IdField(required=True, strict=True)
    scope = ma.fields.String(load_default="site", validate=SCOPE)
    requires_ack = ma.fields.Boolean(load_default=False)


class NoticeUpdateSchema(ma.Schema):
    scope = ma.fields.String(load_default=None, validate=SCOPE)
    requires_ack = ma.fields.Boolean(load_default=None)


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
