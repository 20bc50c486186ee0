"""How flask-jwt-extended checks tokens: every request re-reads the session and the user,
so logout, deactivation and refresh-token reuse take effect on the next request."""
from __future__ import annotations

from flask import g
from flask_jwt_extended.exceptions import CSRFError

from portal.errors import error_response
from portal.extensions import db, jwt
from portal.models import AuthSession, User


def _unauthorized(code: str, message: str):
    return error_response(401, code, message)


@jwt.token_in_blocklist_loader
def _session_ended(_header, payload) -> bool:
    session = db.session.get(AuthSession, payload.get("sid", ""))
    return session is None or session.revoked_at is not None or not session.user.is_active


@jwt.user_lookup_loader
def _load_user(_header, payload) -> User | None:
    user = db.session.get(User, int(payload["sub"]))
    if user is not None:
        g.user_id = user.id
    return user


@jwt.user_lookup_error_loader
def _user_gone(_header, _payload):
    return _unauthorized("unauthorized", "Your account is not available. Sign in again.")


@jwt.expired_token_loader
def _expired(_header, _payload):
    return _unauthorized("token_expired", "Your session has expired.")


@jwt.revoked_token_loader
def _revoked(_header, _payload):
    return _unauthorized("session_revoked", "This session has ended. Sign in again.")


@jwt.invalid_token_loader
def _invalid(_reason):
    return _unauthorized("invalid_token", "The token is not valid.")


@jwt.unauthorized_loader
def _missing(_reason):
    return _unauthorized("unauthorized", "Sign in to continue.")


def register_csrf_handler(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_failed(_error):
        return _unauthorized("csrf_failed", "The request is missing its CSRF token.")
