from flask_jwt_extended import current_user

from portal.auth.permissions import SignedInView
from portal.errors import documents_errors
from portal.people import blp, service
from portal.people.schemas import (
    DepartmentListSchema,
    DirectoryArgs,
    PeoplePageSchema,
    ProfileSchema,
    ProfileUpdateSchema,
)

errors = documents_errors(blp, 401)


@blp.route("")
class Directory(SignedInView):
    @blp.arguments(DirectoryArgs, location="query")
    @blp.response(200, PeoplePageSchema)
    @errors()
    def get(self, args):
        """Active employees by name; `q` matches part of a name, email or department."""
        items, next_cursor = service.directory(args["q"], args["department"], args["cursor"], args["limit"])
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/departments")
class Departments(SignedInView):
    @blp.response(200, DepartmentListSchema)
    @errors()
    def get(self):
        """Departments with how many active employees each has."""
        return service.departments()


@blp.route("/<int:user_id>")
class Profile(SignedInView):
    @blp.response(200, ProfileSchema)
    @errors(404)
    def get(self, user_id):
        """An active employee's profile."""
        return service.profile(current_user, user_id)

    @blp.arguments(ProfileUpdateSchema)
    @blp.response(200, ProfileSchema)
    @errors(400, 403, 404)
    def patch(self, changes, user_id):
        """Change one's own phone or photo (admins: anyone's); department and title are set in the
        admin area."""
        return service.update_profile(current_user, user_id, **changes)
