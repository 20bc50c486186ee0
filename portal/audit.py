"""The audit log: admin actions and sign-ins, written in the caller's transaction."""
from __future__ import annotations

from flask import has_request_context, request

from portal.extensions import db
from portal.models import AuditEvent, User


def record(actor: User | None, action: str, target=None, **detail) -> AuditEvent:
    """Add an audit event to the current transaction; the calling service commits."""
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
