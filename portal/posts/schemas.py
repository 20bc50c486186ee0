import marshmallow as ma

from portal.models.notice import SCOPES
from portal.models.reaction import REACTION_KINDS
from portal.pagination import PageArgs, page_of
from portal.schemas import IdField, TrimmedString, UserSummarySchema
from portal.uploads.schemas import AttachmentSchema

ATTACHMENTS_MAX = 20


class PostListArgs(PageArgs):
    board_id = IdField(load_default=None)
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100))


class PostSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    board_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    excerpt = ma.fields.String(required=True)
    author = ma.fields.Nested(UserSummarySchema, required=True)
    comment_count = ma.fields.Integer(required=True)
    attachment_count = ma.fields.Integer(required=True)
    view_count = ma.fields.Integer(required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


PostPageSchema = page_of(PostSummarySchema, "PostPageSchema")


class PostWriteSchema(ma.Schema):
    title = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=200))
    body = ma.fields.String(required=True, validate=ma.validate.Length(max=100_000))
    attachment_keys = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=200)),
        load_default=list, validate=ma.validate.Length(max=ATTACHMENTS_MAX),
    )


class PostCreateSchema(PostWriteSchema):
    board_id = IdField(required=True, strict=True)


class PostNoticeSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    scope = ma.fields.String(required=True, metadata={"enum": list(SCOPES)})
    requires_ack = ma.fields.Boolean(required=True)
    acked = ma.fields.Boolean(required=True)


class PostDetailSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    board_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    body = ma.fields.String(required=True, metadata={"description": "Markdown"})
    body_html = ma.fields.String(required=True, dump_only=True,
                                 metadata={"description": "Sanitised HTML rendering of body"})
    author = ma.fields.Nested(UserSummarySchema, required=True)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), required=True)
    notice = ma.fields.Nested(PostNoticeSchema, allow_none=True, required=True)
    comment_count = ma.fields.Integer(required=True)
    can_edit = ma.fields.Boolean(required=True)
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class PreviewWriteSchema(ma.Schema):
    body = ma.fields.String(required=True, validate=ma.validate.Length(max=100_000),
                            metadata={"description": "Markdown, as a post body"})


class PreviewSchema(ma.Schema):
    body_html = ma.fields.String(required=True, metadata={"description": "Sanitised HTML, as the post will show"})


class CommentWriteSchema(ma.Schema):
    body = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=4000))


class CommentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    post_id = ma.fields.Integer(required=True)
    body = ma.fields.String(required=True, metadata={"description": "Markdown"})
    body_html = ma.fields.String(required=True, dump_only=True,
                                 metadata={"description": "Sanitised HTML rendering of body (as posts render)"})
    author = ma.fields.Nested(UserSummarySchema, required=True)
    created_at = ma.fields.DateTime(required=True)
    edited_at = ma.fields.DateTime(required=True, allow_none=True,
                                   metadata={"description": "When the text was last changed; null if never"})
    can_edit = ma.fields.Boolean(required=True, dump_only=True)
    can_delete = ma.fields.Boolean(required=True, dump_only=True)


class CommentListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(CommentSchema), required=True)


class ReactionPathSchema(ma.Schema):
    post_id = IdField(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(REACTION_KINDS),
                            metadata={"enum": list(REACTION_KINDS), "description": "One of the fixed reactions"})


class ReactionCountSchema(ma.Schema):
    kind = ma.fields.String(required=True, metadata={"enum": list(REACTION_KINDS)})
    emoji = ma.fields.String(required=True, metadata={"description": "How the kind is shown"})
    count = ma.fields.Integer(required=True)
    mine = ma.fields.Boolean(required=True, metadata={"description": "The viewer has left this reaction"})


class PostReactionsSchema(ma.Schema):
    post_id = ma.fields.Integer(required=True)
    view_count = ma.fields.Integer(required=True, metadata={"description": "Employees who have opened the post"})
    reactions = ma.fields.List(ma.fields.Nested(ReactionCountSchema), required=True,
                               metadata={"description": "Every kind, in the order the post page shows them"})
