"""State, nonce and PKCE verifier between the redirect to the provider and its callback.

They travel in a cookie signed with SECRET_KEY (itsdangerous, like Flask's session), httpOnly,
scoped to the callback path and living ten minutes, so any app host can finish a sign-in that
another began. SameSite=Lax: the callback is a top-level navigation from the provider's site.
"""
from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "portal_sso"
MAX_AGE_SECONDS = 600
CALLBACK_PATH = "/api/auth/sso/callback"


@dataclass
class Handoff:
    state: str
    nonce: str
    verifier: str
    next: str

    @classmethod
    def new(cls, next_path: str) -> Handoff:
        return cls(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48), next_path)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="portal-sso-handoff")


def seal(handoff: Handoff) -> str:
    return _serializer().dumps(asdict(handoff))


def open_sealed(value: str | None) -> Handoff | None:
    """The handoff in the cookie, or None when it is missing, forged or older than ten minutes."""
    if not value:
        return None
    try:
        data = _serializer().loads(value, max_age=MAX_AGE_SECONDS)
        return Handoff(**data)
    except (BadSignature, TypeError):
        return None


def set_cookie(response, handoff: Handoff) -> None:
    response.set_cookie(COOKIE, seal(handoff), max_age=MAX_AGE_SECONDS, path=CALLBACK_PATH, httponly=True,
                        secure=current_app.config["JWT_COOKIE_SECURE"], samesite="Lax")


def clear_cookie(response) -> None:
    response.delete_cookie(COOKIE, path=CALLBACK_PATH, httponly=True,
                           secure=current_app.config["JWT_COOKIE_SECURE"], samesite="Lax")


def safe_next(path: str | None) -> str:
    """Only a path on this site: never `//evil.example` or `https://...` (an open redirect)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 2000:
        return "/"
    return path
