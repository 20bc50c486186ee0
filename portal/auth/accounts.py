"""User accounts: creation, passwords, roles, activation. Used by the admin API and the CLI."""
from __future__ import annotations

from blinker import signal
from sqlalchemy import select, update

from portal import audit
from portal.auth.passwords import hash_password, policy_problem
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import AuthSession, User
from portal.models.types import utcnow
from portal.models.user import ROLES

# Sent with the user after a deactivation is committed (chat closes the user's live sockets).
user_deactivated = signal("portal.user-deactivated")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such user.")
    return user


def check_password_policy(password: str, field: str = "password") -> None:
    problem = policy_problem(password)
    if problem:
        raise InvalidInput(problem.message, code="weak_password", fields={field: [problem]})


def create_user(email: str, name: str, password: str, role: str = "employee",
                actor: User | None = None, department: str | None = None, title: str | None = None,
                *, must_change_password: bool = True) -> User:
    """Create an account; raises Conflict for a taken email, InvalidInput for a weak password.

    The password is an initial one (초기 비밀번호) the employee must replace at the first sign-in:
    whoever created the account knows it. Only sample and test accounts pass
    `must_change_password=False`."""
    email = normalize_email(email)
    if role not in ROLES:
        raise InvalidInput("Unknown role.", fields={"role": [Problem("one_of", f"Must be one of {', '.join(ROLES)}.",
                                                                   {"choices": ", ".join(ROLES)})]})
    check_password_policy(password)
    if find_by_email(email) is not None:
        raise Conflict("A user with this email already exists.", code="email_taken",
                       fields={"email": [Problem("taken", "Already in use.")]})
    user = User(email=email, name=name.strip(), password_hash=hash_password(password), role=role,
                department=department, title=title, must_change_password=must_change_password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", user, email=email, role=role)
    db.session.commit()
    return user


def revoke_sessions(user: User, keep_session_id: str | None = None) -> None:
    """End the user's signed-in sessions (all, or all but one); the caller commits."""
    query = update(AuthSession).where(
        AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None)
    )
    if keep_session_id:
        query = query.where(AuthSession.id != keep_session_id)
    db.session.execute(query.values(revoked_at=utcnow()))


def set_password(user: User, password: str, actor: User | None = None) -> None:
    """Set a new password (an admin's reset: an initial one, to be replaced at the next sign-in)
    and sign the user out everywhere."""
    check_password_policy(password)
    user.password_hash = hash_password(password)
    user.must_change_password = True
    revoke_sessions(user)
    audit.record(actor, "user.set_password", user)
    db.session.commit()


UNCHANGED = object()  # a department or title left out (None clears it)


def update_user(user: User, actor: User | None, name: str | None = None, role: str | None = None,
                is_active: bool | None = None, break_glass: bool | None = None,
                department: str | None = UNCHANGED, title: str | None = UNCHANGED) -> User:
    """Rename, change role, (de)activate, mark break-glass, set the department and title (직함);
    deactivation ends every session at once."""
    if actor is not None and user.id == actor.id and (is_active is False or (role and role != "admin")):
        raise InvalidInput("You cannot deactivate or demote yourself.", code="self_lockout")
    if break_glass and (role or user.role) != "admin":
        raise InvalidInput("Only admins can keep password sign-in (break-glass).", code="not_admin",
                           fields={"break_glass": [Problem("admins_only", "Only for admins.")]})
    changes = {}
    if name is not None and name.strip() != user.name:
        changes["name"] = user.name = name.strip()
    if role is not None and role != user.role:
        changes["role"] = user.role = role
    if department is not UNCHANGED and department != user.department:
        changes["department"] = user.department = department
    if title is not UNCHANGED and title != user.title:
        changes["title"] = user.title = title
    if break_glass is not None and break_glass != user.break_glass:
        changes["break_glass"] = user.break_glass = break_glass
    if role == "employee" and user.break_glass:
        changes["break_glass"] = user.break_glass = False
    if is_active is not None and is_active != user.is_active:
        changes["is_active"] = user.is_active = is_active
        if not is_active:
            revoke_sessions(user)
    if changes:
        audit.record(actor, "user.update", user, **changes)
        db.session.commit()
    if changes.get("is_active") is False:
        user_deactivated.send(user)
    return user


def deactivate(user: User, actor: User | None = None) -> None:
    user.is_active = False
    revoke_sessions(user)
    audit.record(actor, "user.update", user, is_active=False)
    db.session.commit()
    user_deactivated.send(user)
