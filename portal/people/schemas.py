import marshmallow as ma

from portal.field_problems import coded
from portal.pagination import PageArgs
from portal.schemas import BlankIsNone

DEPARTMENT_MAX = 100
TITLE_MAX = 100
PHONE_MAX = 30

# Written so a browser's `pattern` (the `v` flag) reads it as Python does: brackets escaped in the class.
PHONE_REGEX = r"^\+?\(?[0-9][0-9 .\(\)\-]*$"
PHONE_PATTERN = coded("phone_pattern", "Digits, spaces, +, -, dots and brackets only (e.g. 02-1234-5678).")


# -- fields the admin area shares (department and title are set there) ----------------------
def department_field(**kwargs):
    return BlankIsNone(validate=ma.validate.Length(max=DEPARTMENT_MAX),
                       metadata={"description": "e.g. 개발팀; empty or null clears it"}, **kwargs)


def title_field(**kwargs):
    return BlankIsNone(validate=ma.validate.Length(max=TITLE_MAX),
                       metadata={"description": "직함, e.g. 선임 연구원; empty or null clears it"}, **kwargs)


# -- input --------------------------------------------------------------------------------
class DirectoryArgs(PageArgs):
    q = ma.fields.String(load_default="", validate=ma.validate.Length(max=100),
                         metadata={"description": "Part of a name, email or department"})
    department = ma.fields.String(load_default=None, validate=ma.validate.Length(min=1, max=DEPARTMENT_MAX),
                                  metadata={"description": "Only this department (exact name)"})


class ProfileUpdateSchema(ma.Schema):
    """What an employee keeps up to date (an admin may too); a field left out stays as it is."""

    phone = BlankIsNone(validate=[ma.validate.Length(max=PHONE_MAX),
                                  ma.validate.Regexp(PHONE_REGEX, error=PHONE_PATTERN)],
                        metadata={"description": "e.g. 02-1234-5678; empty or null clears it"})
    photo_key = ma.fields.String(allow_none=True, validate=ma.validate.Length(min=1, max=200), metadata={
        "description": "An uploaded image's key (from /api/uploads/presign); null removes the photo"})


# -- output -------------------------------------------------------------------------------
class PersonSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(required=True)
    department = ma.fields.String(required=True, allow_none=True)
    title = ma.fields.String(required=True, allow_none=True)
    phone = ma.fields.String(required=True, allow_none=True)
    photo_url = ma.fields.String(required=True, allow_none=True, metadata={
        "description": "A short-lived signed GET URL of the photo (refetch the profile for a new one)"})
    online = ma.fields.Boolean(required=True, metadata={
        "description": "Has the portal open now, on any screen (a hint for the screen, never an access rule)"})


class ProfileSchema(PersonSchema):
    can_edit = ma.fields.Boolean(required=True, metadata={
        "description": "May change the phone and photo (the employee, or an admin)"})


class PeoplePageSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(PersonSchema), required=True, metadata={"description": "By name"})
    next_cursor = ma.fields.String(required=True, allow_none=True)


class DepartmentSchema(ma.Schema):
    name = ma.fields.String(required=True)
    count = ma.fields.Integer(required=True, metadata={"description": "Active employees in it"})


class DepartmentListSchema(ma.Schema):
    items = ma.fields.List(ma.fields.Nested(DepartmentSchema), required=True, metadata={"description": "By name"})
    total = ma.fields.Integer(required=True, metadata={
        "description": "Every active employee, with a department or not"})
