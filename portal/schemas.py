"""Schema pieces shared by several blueprints."""
import marshmallow as ma


class UserSummarySchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)


class UserSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    role = ma.fields.String(required=True, metadata={"enum": ["employee", "admin"]})


class TrimmedString(ma.fields.String):
    """A string with surrounding whitespace removed before validation."""

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


MAX_ID = 2**31 - 1  # PostgreSQL integer primary keys


class IdField(ma.fields.Integer):
    """A row id: a positive 32-bit integer (anything larger could never name a row)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", ma.validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)
