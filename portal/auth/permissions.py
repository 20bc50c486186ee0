"""The one way to check who may do what."""
from __future__ import annotations

from functools import wraps

from flask.views import MethodView
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


def may_change(user: User, owner_id: int | None) -> bool:
    """The one rule for changing what someone made (a post, a comment, a room): whoever made it,
    or an admin. Checks and the `can_edit`/`can_delete`/`can_manage` flags both ask here."""
    return user.is_admin or (owner_id is not None and user.id == owner_id)


def ensure_may_change(user: User, owner_id: int | None, refusal: str) -> None:
    if not may_change(user, owner_id):
        raise Forbidden(refusal)


class SignedInView(MethodView):
    """A resource whose every method needs a signed-in user."""

    decorators = [signed_in]


class AdminView(MethodView):
    """A resource whose every method needs a signed-in admin."""

    decorators = [admin_only]
