"""How flask-jwt-extended checks tokens: every request re-reads the session and the user, in one
statement, so logout, password changes, deactivation and refresh-token reuse take effect on the
next request."""
from __future__ import annotations

from functools import cache

from flask import g, request
from flask_jwt_extended.exceptions import CSRFError
from sqlalchemy import bindparam, inspect, select
from sqlalchemy.orm.attributes import instance_state, manager_of_class
from sqlalchemy.orm.util import identity_key

from portal import database
from portal.errors import error_response
from portal.extensions import jwt
from portal.models import AuthSession, User
from portal.request_log import USER_ID


def _unauthorized(code: str, message: str):
    return error_response(401, code, message)


_USER_COLUMNS = tuple(column.key for column in User.__table__.columns)
# A User is made from its row's columns alone: it has no other attribute to load later.
assert set(inspect(User).attrs.keys()) == set(_USER_COLUMNS), "User has attributes beyond its columns"
_new_user = manager_of_class(User).new_instance


@cache
def _session_user_query():
    return (select(*User.__table__.columns).join(AuthSession, AuthSession.user_id == User.id)
            .where(AuthSession.id == bindparam("sid"), AuthSession.revoked_at.is_(None),
                   User.id == bindparam("user_id"), User.is_active.is_(True)))


def _session_user(payload) -> User | None:
    """The token's user, if the token's session is open and the user active: one statement, on
    committed data outside the request's transaction (database.rows), as every request checks.

    The row is read as plain columns and made into a User as if the ORM had loaded it and its
    session had closed (detached, nothing to flush), which costs a fraction of the ORM's own
    loading. A request that writes gets it in its session (a service may change the user: a
    password, a sign-in time) once it has one (database.in_request_session); a read leaves it
    detached, so a request that needs no other ORM object never opens a session at all."""
    found = database.rows(_session_user_query(), {"sid": str(payload.get("sid", "")), "user_id": int(payload["sub"])})
    if not found:
        return None
    user = _detached_user(found[0])
    if database.is_read():
        return user
    return database.in_request_session(user)


def _detached_user(values) -> User:
    """What make_transient_to_detached(User(**columns)) makes, without the constructor's event and
    history bookkeeping for every attribute, which it then throws away."""
    user = _new_user()
    user.__dict__.update(zip(_USER_COLUMNS, values, strict=True))
    instance_state(user).key = identity_key(User, user.id)
    return user


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
        request.environ[USER_ID] = user.id  # for the request's log line
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
