"""Whether employees may sign in with passwords: the deployment's PASSWORD_LOGIN, and the admins'
switch in the admin area. With either off, only break-glass admins use passwords (for when the
provider is down); everyone else signs in with the company account."""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from portal import audit
from portal.errors import InvalidInput
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import SignInPolicy, User

POLICY_ID = 1


def password_login_on() -> bool:
    """Password sign-in for everyone (not only break-glass admins)."""
    if not current_app.config["PASSWORD_LOGIN"]:
        return False
    policy = db.session.get(SignInPolicy, POLICY_ID)
    return policy is None or policy.password_login


def password_login_allowed(user: User) -> bool:
    return password_login_on() or (user.break_glass and user.is_admin)


def describe() -> dict:
    from portal.auth.sso import service as sso  # (sso's service opens sessions: imported late)

    return {"password_login": password_login_on(), "sso": sso.enabled(),
            "deployment_allows_passwords": current_app.config["PASSWORD_LOGIN"],
            "break_glass_admins": _break_glass_admins()}


def set_password_login(actor: User, on: bool) -> dict:
    """Turn password sign-in on or off for everyone but break-glass admins. Off needs single
    sign-on configured and an active break-glass admin, so nobody is locked out."""
    from portal.auth.sso import service as sso

    if not on and not sso.enabled():
        raise InvalidInput("Single sign-on is not configured.", code="needs_sso",
                           fields={"password_login": [Problem("needs_sso", "Configure single sign-on first.")]})
    if not on and _break_glass_admins() == 0:
        raise InvalidInput("No break-glass admin would keep a password.", code="needs_break_glass_admin",
                           fields={"password_login": [Problem("needs_break_glass_admin",
                                                              "Mark an admin as break-glass first.")]})
    if on and not current_app.config["PASSWORD_LOGIN"]:
        raise InvalidInput("The deployment turns password sign-in off (PASSWORD_LOGIN).",
                           code="password_login_forced_off",
                           fields={"password_login": [Problem("password_login_forced_off",
                                                              "The deployment setting PASSWORD_LOGIN is off.")]})
    policy = db.session.get(SignInPolicy, POLICY_ID)
    if policy is None:
        policy = SignInPolicy(id=POLICY_ID, password_login=True)
        db.session.add(policy)
    if policy.password_login != on:
        policy.password_login = on
        audit.record(actor, "auth.password_login", on=on)
    db.session.commit()
    return describe()


def _break_glass_admins() -> int:
    return db.session.scalar(select(func.count(User.id)).where(
        User.break_glass.is_(True), User.role == "admin", User.is_active.is_(True))) or 0
