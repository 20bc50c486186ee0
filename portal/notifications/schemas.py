import marshmallow as ma

from portal.models.notification import KINDS
from portal.pagination import PageArgs, page_of
from portal.schemas import IdField, UserSummarySchema


class NotificationListArgs(PageArgs):
    unread = ma.fields.Boolean(load_default=False, metadata={"description": "Only the unread ones"})


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(KINDS)})
    actor = ma.fields.Nested(UserSummarySchema, required=True, allow_none=True)
    post_id = ma.fields.Integer(required=True, allow_none=True)
    comment_id = ma.fields.Integer(required=True, allow_none=True)
    conversation_id = ma.fields.Integer(required=True, allow_none=True)
    message_id = ma.fields.Integer(required=True, allow_none=True)
    excerpt = ma.fields.String(required=True)
    created_at = ma.fields.DateTime(required=True)
    read_at = ma.fields.DateTime(required=True, allow_none=True)


NotificationPageSchema = page_of(NotificationSchema, "NotificationPageSchema")


class UnreadCountSchema(ma.Schema):
    count = ma.fields.Integer(required=True)


class ReadAllSchema(ma.Schema):
    """Mark all read, or only those about one post or one conversation (the page just opened)."""

    post_id = IdField(load_default=None)
    conversation_id = IdField(load_default=None)


notification_schema = NotificationSchema()
