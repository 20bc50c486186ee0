"""Socket.IO handlers: sign-in on connect, typing, presence.

A socket signs in with its access token (`auth={"token": ...}`), checked exactly as a REST
request checks it: flask-jwt-extended decodes it and runs the portal's own loaders
(portal.auth.tokens), so a revoked session or a deactivated user is refused. Every event a
socket sends re-runs the session check. Messages are sent over REST, not over the socket:
one path stores, validates and makes retries idempotent.
"""
from __future__ import annotations

from flask import request
from flask_jwt_extended import decode_token, get_unverified_jwt_headers
from flask_jwt_extended.exceptions import JWTExtendedException
from flask_jwt_extended.internal_utils import user_lookup, verify_token_not_blocklisted, verify_token_type
from flask_socketio import ConnectionRefusedError, disconnect, join_room
from jwt import PyJWTError

from portal.auth.permissions import password_change_required
from portal.chat import conversations, realtime
from portal.extensions import socketio
from portal.models import User
from portal.schemas import MAX_ID

SESSION_ENDED = {"ok": False, "error": {"code": "session_ended", "message": "Sign in again."}}
NOT_FOUND = {"ok": False, "error": {"code": "not_found", "message": "No such conversation."}}


def _identity_from_token(auth) -> dict | None:
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token:
        return None
    try:
        payload = decode_token(token)
        verify_token_type(payload, refresh=False)
        header = get_unverified_jwt_headers(token)
        verify_token_not_blocklisted(header, payload)
    except (JWTExtendedException, PyJWTError):
        return None
    user = user_lookup(header, payload)
    if user is None:
        return None
    return {"user": user, "user_id": user.id, "session_id": str(payload.get("sid", "")),
            "expires_at": float(payload["exp"]), "header": header, "payload": payload}


def _signed_in_user() -> User | None:
    """The socket's user, if the session behind its token is still valid; else disconnect."""
    identity = socketio.server.get_session(request.sid)
    try:
        verify_token_not_blocklisted(identity["header"], identity["payload"])
        user = user_lookup(identity["header"], identity["payload"])
    except JWTExtendedException:
        user = None
    if user is None:
        disconnect()
    return user


@socketio.on("connect")
def on_connect(auth=None):
    identity = _identity_from_token(auth)
    # (message, data): the client's connect_error carries the message and `data` as given.
    if identity is None:
        raise ConnectionRefusedError("Sign in to continue.", {"code": "unauthorized"})
    if password_change_required(identity.pop("user"), identity["payload"]):
        raise ConnectionRefusedError("Change the initial password an admin gave you first.",
                                     {"code": "password_change_required"})
    user_id = identity["user_id"]
    socketio.server.save_session(request.sid, identity)
    realtime.socket_watch().add(request.sid, identity["session_id"], identity["expires_at"])
    join_room(realtime.user_room(user_id))
    if realtime.presence().add(user_id, request.sid):
        realtime.publish("presence", {"user_id": user_id, "online": True}, conversations.co_member_ids(user_id))


@socketio.on("disconnect")
def on_disconnect(reason=None):
    identity = socketio.server.get_session(request.sid)
    realtime.socket_watch().remove(request.sid)
    user_id = identity.get("user_id") if identity else None
    if user_id is not None and realtime.presence().remove(user_id, request.sid):
        realtime.publish("presence", {"user_id": user_id, "online": False}, conversations.co_member_ids(user_id))


@socketio.on("typing")
def on_typing(data=None):
    """`{"conversation_id": id}` while composing; other members get `typing` events."""
    user = _signed_in_user()
    if user is None:
        return SESSION_ENDED
    conversation_id = data.get("conversation_id") if isinstance(data, dict) else None
    if not isinstance(conversation_id, int) or isinstance(conversation_id, bool) or not 0 < conversation_id <= MAX_ID:
        return NOT_FOUND
    members = conversations.active_member_ids(conversation_id)
    if user.id not in members:
        return NOT_FOUND
    realtime.publish("typing", {"conversation_id": conversation_id, "user_id": user.id, "name": user.name},
                     [member for member in members if member != user.id])
    return {"ok": True}
