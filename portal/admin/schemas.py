import marshmallow as ma

from portal.auth.passwords import new_password_field
from portal.models.user import ROLES
from portal.pagination import PageArgs, page_of
from portal.people.schemas import department_field, title_field
from portal.schemas import TrimmedString, UserSchema, UserSummarySchema

ROLE = ma.validate.OneOf(ROLES)


class UserSearchArgs(PageArgs):
    q = ma.fields.String(load_default=None, validate=ma.validate.Length(max=100))


class AdminUserSchema(UserSchema):
    is_active = ma.fields.Boolean(required=True)
    break_glass = ma.fields.Boolean(required=True, metadata={
        "description": "Keeps password sign-in when PASSWORD_LOGIN is off (admins only)"})
    department = ma.fields.String(required=True, allow_none=True)
    title = ma.fields.String(required=True, allow_none=True)
    must_change_password = ma.fields.Boolean(required=True, metadata={
        "description": "Still on the initial password an admin set (changed at the next password sign-in)"})
    created_at = ma.fields.DateTime(required=True)
    last_login_at = ma.fields.DateTime(required=True, allow_none=True)


AdminUserPageSchema = page_of(AdminUserSchema, "AdminUserPageSchema")


class UserCreateSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    name = TrimmedString(required=True, validate=ma.validate.Length(min=1, max=100))
    password = new_password_field(metadata={"description": "The initial password: changed at the first sign-in"})
    role = ma.fields.String(load_default="employee", validate=ROLE)
    department = department_field(load_default=None)
    title = title_field(load_default=None)


class UserUpdateSchema(ma.Schema):
    name = TrimmedString(load_default=None, validate=ma.validate.Length(min=1, max=100))
    role = ma.fields.String(load_default=None, validate=ROLE)
    is_active = ma.fields.Boolean(load_default=None)
    break_glass = ma.fields.Boolean(load_default=None)
    department = department_field()
    title = title_field()


class PasswordResetSchema(ma.Schema):
    password = new_password_field(metadata={"description": "An initial password: changed at the next sign-in"})


class AuditArgs(PageArgs):
    action = ma.fields.String(load_default=None, validate=ma.validate.Length(max=60))


class AuditEventSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    actor = ma.fields.Nested(UserSummarySchema, required=True, allow_none=True)
    action = ma.fields.String(required=True)
    target_type = ma.fields.String(required=True, allow_none=True)
    target_id = ma.fields.String(required=True, allow_none=True)
    detail = ma.fields.Dict(required=True)
    ip = ma.fields.String(required=True, allow_none=True)
    created_at = ma.fields.DateTime(required=True)


AuditPageSchema = page_of(AuditEventSchema, "AuditPageSchema")


class StatsArgs(ma.Schema):
    days = ma.fields.Integer(load_default=14, validate=ma.validate.Range(min=1, max=90))


class DailyCountSchema(ma.Schema):
    date = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True)


class StatsSchema(ma.Schema):
    users = ma.fields.Integer(required=True)
    active_users = ma.fields.Integer(required=True)
    posts = ma.fields.Integer(required=True)
    comments = ma.fields.Integer(required=True)
    uploads = ma.fields.Integer(required=True)
    daily_active = ma.fields.List(ma.fields.Nested(DailyCountSchema), required=True)


class SignInPolicySchema(ma.Schema):
    password_login = ma.fields.Boolean(required=True, metadata={
        "description": "Everyone may sign in with a password; off: the company account only, except "
                       "break-glass admins"})
    sso = ma.fields.Boolean(required=True, metadata={"description": "Single sign-on is configured"})
    deployment_allows_passwords = ma.fields.Boolean(required=True, metadata={
        "description": "The deployment's PASSWORD_LOGIN; when off, password sign-in stays off"})
    break_glass_admins = ma.fields.Integer(required=True)


class SignInPolicyUpdateSchema(ma.Schema):
    password_login = ma.fields.Boolean(required=True)
