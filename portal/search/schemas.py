import marshmallow as ma

from portal.field_problems import coded
from portal.pagination import PageArgs, page_of
from portal.schemas import IdField, TrimmedString, UserSummarySchema, UtcField
from portal.search.service import SCOPES

Q_MAX = 100
UNTIL_AFTER_SINCE = coded("ends_before_start", "Must be later than since.")


class SearchArgs(PageArgs):
    q = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=Q_MAX), metadata={
        "description": "What to find: part of a word or phrase, Korean or English (two syllables are enough)"})
    scope = ma.fields.String(load_default="posts", validate=ma.validate.OneOf(SCOPES),
                             metadata={"description": "Where to look"})
    board_id = IdField(load_default=None, metadata={"description": "Posts and comments on this board only"})
    author_id = IdField(load_default=None, metadata={"description": "Posts, comments or messages by this person only"})
    since = UtcField(load_default=None, metadata={"description": "Written at or after this time"})
    until = UtcField(load_default=None, metadata={"description": "Written before this time"})

    @ma.validates_schema
    def _until_after_since(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ma.ValidationError(UNTIL_AFTER_SINCE, "until")


class SegmentSchema(ma.Schema):
    text = ma.fields.String(required=True)
    match = ma.fields.Boolean(required=True, metadata={"description": "This text is the term searched for"})


def _segments(description: str):
    return ma.fields.List(ma.fields.Nested(SegmentSchema), required=True, metadata={"description": description})


class SearchHitSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "The post's, comment's, person's or message's id"})
    title = _segments("The post's title (for a comment, its post's), the person's name, or the conversation's name")
    snippet = _segments("Text around the first match: the body, comment or message, or department · title · email")
    post_id = ma.fields.Integer(required=True, allow_none=True)
    board_id = ma.fields.Integer(required=True, allow_none=True)
    conversation_id = ma.fields.Integer(required=True, allow_none=True)
    author = ma.fields.Nested(UserSummarySchema, required=True, allow_none=True)
    created_at = ma.fields.DateTime(required=True, allow_none=True)


SearchPageSchema = page_of(SearchHitSchema, "SearchPageSchema")
