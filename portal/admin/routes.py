from flask_jwt_extended import current_user

from portal.admin import blp, service
from portal.admin.schemas import (
    AdminUserPageSchema,
    AdminUserSchema,
    AuditArgs,
    AuditPageSchema,
    PasswordResetSchema,
    SignInPolicySchema,
    SignInPolicyUpdateSchema,
    StatsArgs,
    StatsSchema,
    UserCreateSchema,
    UserSearchArgs,
    UserUpdateSchema,
)
from portal.auth import accounts, sign_in_policy
from portal.auth.permissions import AdminView
from portal.boards import service as boards
from portal.boards.schemas import (
    AdminBoardListArgs,
    BoardCreateSchema,
    BoardListSchema,
    BoardSchema,
    BoardUpdateSchema,
)
from portal.docs import follows, its_id
from portal.errors import documents_errors
from portal.schemas import shaped_response

errors = documents_errors(blp, 401, 403)


@blp.route("/users")
class Users(AdminView):
    @blp.arguments(UserSearchArgs, location="query")
    @blp.response(200, AdminUserPageSchema)
    @errors()
    def get(self, args):
        """Users, newest first; `q` matches email or name."""
        items, next_cursor = service.search_users(args["q"], args["cursor"], args["limit"])
        return {"items": items, "next_cursor": next_cursor}

    @follows(blp, 201, change=("patch", "/api/admin/users/{user_id}", its_id("user_id")))
    @blp.arguments(UserCreateSchema)
    @blp.response(201, AdminUserSchema)
    @errors(409)
    def post(self, data):
        """Create an account; its password is an initial one, changed at the first sign-in."""
        return accounts.create_user(actor=current_user, **data)


@blp.route("/users/<int:user_id>")
class UserResource(AdminView):
    @blp.arguments(UserUpdateSchema)
    @blp.response(200, AdminUserSchema)
    @errors(404)
    def patch(self, data, user_id):
        """Rename, change role, set department and title, deactivate or reactivate (deactivation
        ends all sessions)."""
        return accounts.update_user(accounts.get_user(user_id), current_user, **data)


@blp.route("/users/<int:user_id>/password")
class UserPassword(AdminView):
    @blp.arguments(PasswordResetSchema)
    @blp.response(204)
    @errors(404)
    def put(self, data, user_id):
        """Set a new password for a user (an initial one, changed at their next sign-in); their
        sessions end."""
        accounts.set_password(accounts.get_user(user_id), data["password"], actor=current_user)


@blp.route("/boards")
class AdminBoards(AdminView):
    @blp.arguments(AdminBoardListArgs, location="query")
    @blp.response(200, BoardListSchema)
    @errors()
    def get(self, args):
        """All boards, archived ones included."""
        listed = boards.list_boards(include_archived=args["include_archived"])
        return shaped_response(BoardListSchema, {"items": listed})

    @follows(blp, 201, change=("patch", "/api/admin/boards/{board_id}", its_id("board_id")))
    @blp.arguments(BoardCreateSchema)
    @blp.response(201, BoardSchema)
    @errors(409)
    def post(self, data):
        """Create a board; `admin_only` boards take posts from admins only (e.g. 공지사항)."""
        return boards.create_board(current_user, **data)


@blp.route("/boards/<int:board_id>")
class AdminBoard(AdminView):
    @blp.arguments(BoardUpdateSchema)
    @blp.response(200, BoardSchema)
    @errors(404)
    def patch(self, data, board_id):
        """Rename, describe, restrict or archive a board."""
        return boards.update_board(current_user, boards.get_board(board_id), **data)


@blp.route("/audit")
class Audit(AdminView):
    @blp.arguments(AuditArgs, location="query")
    @blp.response(200, AuditPageSchema)
    @errors()
    def get(self, args):
        """Admin actions and sign-ins, newest first."""
        items, next_cursor = service.audit_page(args["cursor"], args["limit"], args["action"])
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/stats")
class Stats(AdminView):
    @blp.arguments(StatsArgs, location="query")
    @blp.response(200, StatsSchema)
    @errors()
    def get(self, args):
        """Totals and daily active users."""
        return service.stats(args["days"])


@blp.route("/sign-in-policy")
class SignInPolicy(AdminView):
    @blp.response(200, SignInPolicySchema)
    @errors()
    def get(self):
        """How employees sign in: passwords for everyone, or the company account only."""
        return sign_in_policy.describe()

    @blp.arguments(SignInPolicyUpdateSchema)
    @blp.response(200, SignInPolicySchema)
    @errors()
    def put(self, data):
        """Turn password sign-in off for everyone but break-glass admins (needs single sign-on and a
        break-glass admin), or back on."""
        return sign_in_policy.set_password_login(current_user, data["password_login"])
