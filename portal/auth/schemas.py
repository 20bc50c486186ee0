import marshmallow as ma

from portal.auth.passwords import new_password_field
from portal.schemas import UserSchema


class LoginSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=254))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1024))


class SignedInUserSchema(UserSchema):
    password_change_required = ma.fields.Boolean(required=True, metadata={
        "description": "Signed in with an initial password an admin set: until it is changed "
                       "(PUT /api/auth/password), other calls answer 403 password_change_required"})


class TokenSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    user = ma.fields.Nested(SignedInUserSchema, required=True)


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(required=True, validate=ma.validate.Length(max=1024))
    new_password = new_password_field()


class AuthMethodsSchema(ma.Schema):
    password = ma.fields.Boolean(required=True, metadata={"description": "The password form is offered"})
    sso = ma.fields.Boolean(required=True, metadata={"description": "Single sign-on is configured"})


class SsoStartArgs(ma.Schema):
    next = ma.fields.String(load_default=None, validate=ma.validate.Length(max=2000),
                            metadata={"description": "The portal path to return to"})


class SsoCallbackArgs(ma.Schema):
    """What the provider appends (RFC 6749 4.1.2); providers add more (iss, session_state): ignored."""

    class Meta:
        unknown = ma.EXCLUDE

    code = ma.fields.String(load_default=None, validate=ma.validate.Length(max=4096))
    state = ma.fields.String(load_default=None, validate=ma.validate.Length(max=512))
    error = ma.fields.String(load_default=None, validate=ma.validate.Length(max=200))
    error_description = ma.fields.String(load_default=None, validate=ma.validate.Length(max=2000))
    iss = ma.fields.String(load_default=None, validate=ma.validate.Length(max=2000),
                           metadata={"description": "The issuer (RFC 9207), checked when the provider sends it"})
