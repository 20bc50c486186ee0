import marshmallow as ma

from portal.field_problems import coded
from portal.models.chat import CONVERSATION_KINDS
from portal.schemas import MAX_ID, IdField, TrimmedString, UserSummarySchema
from portal.uploads.schemas import AttachmentSchema

BOTH_DIRECTIONS = coded("before_or_after", "Give before or after, not both.")

ROOM_MEMBERS_MAX = 200
HISTORY_LIMIT_MAX = 100


def _ids(**kwargs):
    return ma.fields.List(IdField(strict=True), **kwargs)


# -- input --------------------------------------------------------------------------------
class OpenDmSchema(ma.Schema):
    user_id = IdField(required=True, strict=True)


class RoomCreateSchema(ma.Schema):
    name = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=100))
    member_ids = _ids(load_default=list, validate=ma.validate.Length(max=ROOM_MEMBERS_MAX))


class RoomRenameSchema(ma.Schema):
    name = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=100))


class RoomMembersSchema(ma.Schema):
    user_ids = _ids(required=True, validate=ma.validate.Length(min=1, max=ROOM_MEMBERS_MAX))


class HistoryArgs(ma.Schema):
    before = IdField(load_default=None, metadata={"description": "Messages older than this message id"})
    after = ma.fields.Integer(load_default=None, validate=ma.validate.Range(min=0, max=MAX_ID),
                              metadata={"description": "Messages newer than this message id (catch-up)"})
    limit = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=HISTORY_LIMIT_MAX))

    @ma.validates_schema
    def _one_direction(self, data, **_kwargs):
        if data.get("before") is not None and data.get("after") is not None:
            raise ma.ValidationError(BOTH_DIRECTIONS, "before")


class MessageSendSchema(ma.Schema):
    # The length limit (MESSAGE_MAX) is configuration, so the service checks it.
    body = TrimmedString(load_default="", metadata={"description": "May be empty with an attachment"})
    client_id = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=64),
                                 metadata={"description": "Chosen by the client; a retry reuses it"})
    attachment_key = ma.fields.String(load_default=None, validate=ma.validate.Length(min=1, max=200))


class MessageEditSchema(ma.Schema):
    body = TrimmedString(required=True)


class ReadSchema(ma.Schema):
    message_id = IdField(required=True, strict=True)


class PeopleArgs(ma.Schema):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    limit = ma.fields.Integer(load_default=20, validate=ma.validate.Range(min=1, max=50))


# -- output -------------------------------------------------------------------------------
class MessageSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    conversation_id = ma.fields.Integer(required=True)
    author = ma.fields.Nested(UserSummarySchema, required=True)
    body = ma.fields.String(required=True, metadata={"description": "Empty once deleted"})
    client_id = ma.fields.String(required=True)
    attachment = ma.fields.Nested(AttachmentSchema, allow_none=True, required=True)
    created_at = ma.fields.DateTime(required=True)
    edited_at = ma.fields.DateTime(allow_none=True, required=True)
    deleted_at = ma.fields.DateTime(allow_none=True, required=True)


class MessagePageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(MessageSchema), required=True,
                           metadata={"description": "Oldest first"})
    has_more = ma.fields.Boolean(required=True, metadata={
        "description": "More messages lie beyond this page in the direction asked for"})


class MemberSchema(UserSummarySchema):
    online = ma.fields.Boolean(required=True)


class ConversationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(CONVERSATION_KINDS)})
    title = ma.fields.String(required=True, metadata={"description": "The room's name, or the other person's"})
    owner_id = ma.fields.Integer(allow_none=True, required=True)
    members = ma.fields.List(ma.fields.Nested(MemberSchema), required=True)
    last_message = ma.fields.Nested(MessageSchema, allow_none=True, required=True)
    unread_count = ma.fields.Integer(required=True)
    last_read_message_id = ma.fields.Integer(allow_none=True, required=True)
    can_manage = ma.fields.Boolean(required=True, metadata={"description": "May rename the room"})
    created_at = ma.fields.DateTime(required=True)


class ConversationListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(ConversationSchema), required=True,
                           metadata={"description": "Most recent activity first"})


class PeopleSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(UserSummarySchema), required=True)


message_schema = MessageSchema()
