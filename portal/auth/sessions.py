"""Signing in and out: sessions with rotating refresh tokens."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import request
from flask_jwt_extended import create_access_token, create_refresh_token, get_jti

from portal import audit
from portal.auth import sign_in_policy
from portal.auth.accounts import check_password_policy, find_by_email, normalize_email, revoke_sessions
from portal.auth.passwords import burn_verification_time, hash_password, verify_password
from portal.auth.permissions import SIGNED_IN_WITH_PASSWORD, SIGNED_IN_WITH_PROVIDER, password_change_required
from portal.auth.sso import service as sso  # a cycle by design: sso opens sessions with open_session
from portal.errors import Forbidden, InvalidInput, Unauthorized
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import AuthSession, User
from portal.models.types import utcnow

BAD_CREDENTIALS = "The email or password is incorrect."
# How long the token a rotation replaced still rotates: a reload or a dropped connection can lose
# the response that carried its successor, and the browser then presents it once more. Any older
# token, or this one later, is a replay and ends the session.
REFRESH_GRACE = timedelta(seconds=30)


@dataclass
class SignIn:
    user: User
    access_token: str
    refresh_token: str
    claims: dict  # what the tokens say besides who and when: the session, how it signed in


def _issue(user: User, session: AuthSession) -> SignIn:
    claims = {"sid": session.id, "amr": SIGNED_IN_WITH_PROVIDER if session.provider else SIGNED_IN_WITH_PASSWORD}
    access = create_access_token(identity=str(user.id), additional_claims=claims)
    refresh = create_refresh_token(identity=str(user.id), additional_claims=claims)
    session.previous_refresh_jti = session.refresh_jti or None
    session.refresh_jti = get_jti(refresh)
    session.last_used_at = utcnow()
    return SignIn(user, access, refresh, claims)


def describe(user: User, claims: dict) -> dict:
    """The signed-in user as sign-in, refresh and /api/auth/me answer: who, and whether this
    session must first replace an initial password (portal.auth.permissions)."""
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "password_change_required": password_change_required(user, claims)}


def login(email: str, password: str) -> SignIn:
    """Check credentials and open a session. Unknown email and wrong password look the same."""
    user = find_by_email(email)
    if user is None:
        burn_verification_time(password)
        audit.record(None, "auth.login_failed", email=normalize_email(email)[:254])
        db.session.commit()
        raise Unauthorized(BAD_CREDENTIALS, code="bad_credentials")
    if user.password_hash.startswith("!"):  # single sign-on only: no password matches
        burn_verification_time(password)
    if not verify_password(user.password_hash, password) or not user.is_active:
        reason = "inactive" if user.is_active is False else "password"
        audit.record(user, "auth.login_failed", user, reason=reason)
        db.session.commit()
        raise Unauthorized(BAD_CREDENTIALS, code="bad_credentials")
    if not sign_in_policy.password_login_allowed(user):
        # Told only to whoever knows the password: it says nothing about which emails exist.
        audit.record(user, "auth.login_failed", user, reason="password_login_disabled")
        db.session.commit()
        raise Forbidden("Sign in with the company account.", code="password_login_disabled")
    signed_in = open_session(user)
    audit.record(user, "auth.login", user, method="password")
    db.session.commit()
    return signed_in


def open_session(user: User, **provider) -> SignIn:
    """A new session (one signed-in device) for the user; the caller audits and commits."""
    session = AuthSession(id=str(uuid.uuid4()), user_id=user.id, refresh_jti="", ip=request.remote_addr,
                          **provider)
    db.session.add(session)
    user.last_login_at = utcnow()
    return _issue(user, session)


def refresh(claims: dict) -> SignIn:
    """Rotate the refresh token. A token that was already rotated ends the session (theft), but
    for the one just replaced, within REFRESH_GRACE of its rotation (a lost response)."""
    # Locked: two refreshes of one session take turns, and each sees the other's rotation.
    session = db.session.get(AuthSession, claims["sid"], with_for_update={"of": AuthSession})
    if not _still_rotates(session, claims["jti"]):
        session.revoked_at = utcnow()
        audit.record(session.user, "auth.refresh_reused", session.user, session=session.id)
        db.session.commit()
        raise Unauthorized("This session has ended. Sign in again.", code="session_revoked")
    if not sso.provider_still_agrees(session):
        session.revoked_at = utcnow()
        audit.record(session.user, "auth.session_ended_by_provider", session.user, session=session.id,
                     provider=session.provider, subject=session.provider_subject)
        db.session.commit()
        raise Unauthorized("Your company account no longer signs you in. Sign in again.",
                           code="session_revoked")
    signed_in = _issue(session.user, session)
    db.session.commit()
    return signed_in


def _still_rotates(session: AuthSession, jti: str) -> bool:
    if jti == session.refresh_jti:
        return True
    return jti == session.previous_refresh_jti and utcnow() - session.last_used_at <= REFRESH_GRACE


def logout(claims: dict) -> None:
    session = db.session.get(AuthSession, claims["sid"])
    session.revoked_at = utcnow()
    audit.record(session.user, "auth.logout", session.user)
    db.session.commit()
    sso.forget_at_provider(session)


def change_password(user: User, session_id: str, current: str, new: str) -> None:
    """Change one's own password (an initial one too: the session may then do everything); other
    sessions of this user are signed out."""
    if not verify_password(user.password_hash, current):
        raise InvalidInput("The current password is incorrect.", code="bad_credentials",
                           fields={"current_password": [Problem("incorrect", "Incorrect.")]})
    check_password_policy(new, field="new_password")
    if new == current:
        raise InvalidInput("The new password is the current one.", code="weak_password",
                           fields={"new_password": [Problem("same_as_current",
                                                            "Choose a password other than the current one.")]})
    user.password_hash = hash_password(new)
    user.must_change_password = False
    revoke_sessions(user, keep_session_id=session_id)
    audit.record(user, "auth.password_changed", user)
    db.session.commit()
