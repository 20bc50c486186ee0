import marshmallow as ma

from portal.auth.passwords import new_password_field
from portal.schemas import UserSchema


class LoginSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1024))


class TokenSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    user = ma.fields.Nested(UserSchema, required=True)


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(required=True, validate=ma.validate.Length(max=1024))
    new_password = new_password_field()
