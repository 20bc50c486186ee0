"""The one way to check who may do what."""
from __future__ import annotations

from collections.abc import Mapping
from functools import wraps

from flask.views import MethodView
from flask_jwt_extended import current_user, get_jwt, jwt_required

from portal.errors import Forbidden
from portal.models import User

# How a session signed in, as its tokens' `amr` claim says it (RFC 8176): with a password, or
# federated (single sign-on).
SIGNED_IN_WITH_PASSWORD = ["pwd"]
SIGNED_IN_WITH_PROVIDER = ["fed"]


def password_change_required(user: User, claims: Mapping) -> bool:
    """Whether this session must change the password before anything else: an admin set it (a new
    account, a reset) and the session signed in with it. Single sign-on sessions never used it."""
    return user.must_change_password and claims.get("amr") == SIGNED_IN_WITH_PASSWORD


def _initial_password_replaced(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if password_change_required(current_user, get_jwt()):
            raise Forbidden("Change the initial password an admin gave you first.", code="password_change_required")
        return view(*args, **kwargs)

    return wrapper


def signed_in(view):
    """Require a valid access token (Authorization: Bearer ...) of a session that is past its
    initial password."""
    return jwt_required(locations=["headers"])(_initial_password_replaced(view))


def signed_in_with_any_password(view):
    """Require a valid access token, even of a session that still has to change its initial
    password: only for what changing it takes (who am I, the change itself)."""
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


class OwnAccountView(MethodView):
    """A resource about one's own sign-in, open before the initial password is changed."""

    decorators = [signed_in_with_any_password]


class AdminView(MethodView):
    """A resource whose every method needs a signed-in admin."""

    decorators = [admin_only]
