"""The audit log: admin actions and sign-ins, written in the caller's transaction."""
from __future__ import annotations

from flask import has_request_context, request

from portal.extensions import db
from portal.models import AuditEvent, User


def _label(target) -> str | None:
    """How the admin area names the target: kept with the event, so it reads the same after a
    rename or a delete."""
    for attribute in ("name", "title", "body"):
        value = getattr(target, attribute, None)
        if isinstance(value, str) and value:
            return value[:80]
    post = getattr(target, "post", None)  # a notice is named by its post
    return _label(post) if post is not None else None


def record(actor: User | None, action: str, target=None, **detail) -> AuditEvent:
    """Add an audit event to the current transaction; the calling service commits."""
    # `current_user` is a proxy: name the user behind it ("user"), not the proxy's class.
    target = target._get_current_object() if hasattr(target, "_get_current_object") else target
    if target is not None and _label(target):
        detail.setdefault("target_label", _label(target))
    event = AuditEvent(
        actor_id=actor.id if actor else None,
        action=action,
        target_type=type(target).__name__.lower() if target is not None else None,
        target_id=str(target.id) if target is not None else None,
        detail=detail,
        ip=request.remote_addr if has_request_context() else "cli",
    )
    db.session.add(event)
    return event
