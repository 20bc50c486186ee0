from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow

ROLES = ("employee", "admin")


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="employee")
    is_active: Mapped[bool] = mapped_column(default=True)
    # Break-glass admins keep password sign-in when PASSWORD_LOGIN is off (single sign-on only).
    break_glass: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # A password an admin set (a new account, a reset) is an initial one (초기 비밀번호): until the
    # employee replaces it, a session signed in with it may only change it (portal.auth.permissions).
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The profile (portal.people): department and title are the company's (set by admins), the
    # phone the employee's own; the photo is an Upload owned through its profile_user_id.
    department: Mapped[str | None] = mapped_column(String(100), index=True)
    title: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(30))

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class AuthSession(db.Model):
    """One signed-in device: a family of rotating refresh tokens.

    Only the newest refresh token (`refresh_jti`) is accepted, and the one it replaced
    (`previous_refresh_jti`) for a moment after the rotation (`last_used_at`), in case its
    response was lost; presenting any other means it was stolen or replayed, and the whole
    session is revoked (portal.auth.sessions).
    """

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    refresh_jti: Mapped[str] = mapped_column(String(36))
    previous_refresh_jti: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ip: Mapped[str | None] = mapped_column(String(64))
    # Sessions opened by single sign-on: the provider (issuer), the subject there, and the
    # provider's refresh token, encrypted (portal/auth/sso/secrets.py); each portal refresh asks
    # the provider, and a refusal ends the session.
    provider: Mapped[str | None] = mapped_column(String(255))
    provider_subject: Mapped[str | None] = mapped_column(String(255))
    provider_refresh_token: Mapped[str | None] = mapped_column(Text)

    user: Mapped[User] = relationship(lazy="joined")


class SignInPolicy(db.Model):
    """How employees may sign in, as the admins set it (one row; none means the defaults)."""

    __tablename__ = "sign_in_policy"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Off: single sign-on for everyone but break-glass admins (PASSWORD_LOGIN=false forces it off).
    password_login: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
