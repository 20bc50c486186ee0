from flask import current_app, request
from flask.views import MethodView
from flask_jwt_extended import (
    current_user,
    get_jwt,
    jwt_required,
    set_refresh_cookies,
    unset_jwt_cookies,
)

from portal.auth import blp, sessions
from portal.auth.accounts import normalize_email
from portal.auth.permissions import OwnAccountView
from portal.auth.schemas import LoginSchema, PasswordChangeSchema, SignedInUserSchema, TokenSchema
from portal.errors import documents_errors
from portal.extensions import limiter

errors = documents_errors(blp, 401)  # every auth view can refuse its credentials


def _login_account_key() -> str:
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login-account:{normalize_email(str(email))}" if email else f"login-ip:{request.remote_addr}"


def set_session_cookie(response, signed_in_as: sessions.SignIn) -> None:
    # The cookie lives exactly as long as the token in it (flask-jwt-extended's default is a year).
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    set_refresh_cookies(response, signed_in_as.refresh_token, max_age=int(lifetime.total_seconds()))


def _token_response(signed_in_as: sessions.SignIn):
    body = TokenSchema().dump({"access_token": signed_in_as.access_token,
                               "user": sessions.describe(signed_in_as.user, signed_in_as.claims)})
    response = current_app.json.response(body)
    set_session_cookie(response, signed_in_as)
    return response


@blp.route("/login")
class Login(MethodView):
    decorators = [
        limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"]),
        limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
                      key_func=_login_account_key),
    ]

    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @errors(403, 429)
    def post(self, credentials):
        """Sign in; sets the refresh token as an httpOnly cookie scoped to /api/auth."""
        return _token_response(sessions.login(credentials["email"], credentials["password"]))


@blp.route("/refresh")
class Refresh(MethodView):
    @jwt_required(refresh=True, locations=["cookies"])
    @blp.response(200, TokenSchema)
    @errors()
    def post(self):
        """Rotate the refresh cookie and return a new access token (send X-CSRF-TOKEN)."""
        return _token_response(sessions.refresh(get_jwt()))


@blp.route("/logout")
class Logout(MethodView):
    @jwt_required(refresh=True, locations=["cookies"])
    @blp.response(204)
    @errors()
    def post(self):
        """End this session: its refresh token family is revoked."""
        sessions.logout(get_jwt())
        response = current_app.response_class(status=204)
        unset_jwt_cookies(response)
        return response


@blp.route("/me")
class Me(OwnAccountView):
    @blp.response(200, SignedInUserSchema)
    @errors()
    def get(self):
        """The signed-in user, and whether the initial password must be changed first."""
        return sessions.describe(current_user, get_jwt())


@blp.route("/password")
class Password(OwnAccountView):
    @blp.arguments(PasswordChangeSchema)
    @blp.response(204)
    @errors()
    def put(self, change):
        """Change one's own password (an initial one must be, before anything else); other
        sessions are signed out."""
        sessions.change_password(current_user, get_jwt()["sid"], change["current_password"],
                                change["new_password"])
