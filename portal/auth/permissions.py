"""The one way to check who may do what."""
from __future__ import annotations

from functools import wraps

from flask_jwt_extended import current_user, jwt_required

from portal.errors import Forbidden
from portal.models import User


def signed_in(view):
    """Require a valid access token (Authorization: Bearer ...)."""
    return jwt_required(locations=["headers"])(view)


def admin_only(view):
    """Require a signed-in admin."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            raise Forbidden("Only admins can do this.")
        return view(*args, **kwargs)

    return signed_in(wrapper)


def ensure_owner_or_admin(user: User, author_id: int, what: str = "this") -> None:
    if user.id != author_id and not user.is_admin:
        raise Forbidden(f"Only the author or an admin can change {what}.")
