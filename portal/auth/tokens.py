"""How flask-jwt-extended checks tokens: every request re-reads the session and the user, in one
statement, so logout, password changes, deactivation and refresh-token reuse take effect on the
next request."""
from __future__ import annotations

from functools import cache

from flask import g
from flask_jwt_extended.exceptions import CSRFError
from sqlalchemy import bindparam, select

from portal.errors import error_response
from portal.extensions import db, jwt
from portal.models import AuthSession, User


def _unauthorized(code: str, message: str):
    return error_response(401, code, message)


@cache
def _session_user_query():
    return (select(User).join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.id == bindparam("sid"), AuthSession.revoked_at.is_(None),
                   User.id == bindparam("user_id"), User.is_active.is_(True)))


def _session_user(payload) -> User | None:
    """The token's user, if the token's session is open and the user active: one statement."""
    return db.session.scalar(_session_user_query(),
                             {"sid": str(payload.get("sid", "")), "user_id": int(payload["sub"])})


@jwt.token_in_blocklist_loader
def _session_ended(_header, payload) -> bool:
    # flask-jwt-extended asks this first, then _load_user: the user found here is kept for it.
    g.session_user = _session_user(payload)
    return g.session_user is None


@jwt.user_lookup_loader
def _load_user(_header, payload) -> User | None:
    user = g.pop("session_user", None)
    if user is None or user.id != int(payload["sub"]):
        user = _session_user(payload)
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
