"""The ceiling: the portal's read path written bare (Flask + a psycopg pool, no ORM, no schema
library), answering the same JSON for the same request in the fewest statements.

    CEILING_DATABASE_URL=postgresql://... JWT_SECRET_KEY=... gunicorn --chdir bench ceiling_app:app

bench/ceiling.py runs it beside the portal under the same gunicorn layout; whatever the portal
spends above this app's time is overhead the stack does not force on it.
"""
from __future__ import annotations

import base64
import os

import jwt
import socketio
from flask import Flask, abort, jsonify, request
from psycopg_pool import ConnectionPool


def grams_of(body: str) -> list[str]:
    """The message's search bigrams, as portal.bigrams computes them (the portal stores them too)."""
    text = " ".join(body.lower().split())
    return sorted({text[i:i + 2] for i in range(len(text) - 1)})


# The session check: the token's session is open and its user active, in one statement.
SESSION_USER = """
SELECT u.id, u.role = 'admin', u.name FROM auth_sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = %s AND s.revoked_at IS NULL AND u.id = %s AND u.is_active
"""
# Sending a chat message: the sender's membership, the conversation's row lock (sends are
# serialised per conversation, as the portal does) and the members to deliver to, in one
# statement; then the insert (a retried client_id, or a sender who is not an active member, stores
# nothing) with the previous message's id. Both go in one pipelined round trip between BEGIN and
# COMMIT, as the portal's send does.
CHAT_LOCK = """
SELECT m.left_at IS NULL,
       (SELECT array_agg(a.user_id ORDER BY a.user_id) FROM conversation_members a
        WHERE a.conversation_id = c.id AND a.left_at IS NULL)
FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = %(user)s
WHERE c.id = %(conversation)s FOR UPDATE OF c
"""
CHAT_INSERT = """
INSERT INTO messages (conversation_id, author_id, body, search_grams, client_id, created_at)
SELECT %(conversation)s, %(user)s, %(body)s, %(search_grams)s, %(client_id)s, now()
WHERE EXISTS (SELECT FROM conversation_members WHERE conversation_id = %(conversation)s AND user_id = %(user)s
              AND left_at IS NULL)
ON CONFLICT (author_id, client_id) DO NOTHING
RETURNING id, created_at, (SELECT max(id) FROM messages WHERE conversation_id = %(conversation)s)
"""
POST_PAGE = """
SELECT p.id, p.board_id, p.title, p.excerpt, p.author_id, u.name, p.created_at, p.updated_at,
       (SELECT count(*) FROM comments c WHERE c.post_id = p.id),
       (SELECT count(*) FROM uploads f WHERE f.post_id = p.id), p.view_count
FROM posts p JOIN boards b ON b.id = p.board_id JOIN users u ON u.id = p.author_id
WHERE NOT b.archived AND p.id < %s ORDER BY p.id DESC LIMIT %s
"""
POST = """
SELECT p.id, p.board_id, p.title, p.body, p.body_html, p.author_id, u.name, p.created_at, p.updated_at,
       (SELECT count(*) FROM comments c WHERE c.post_id = p.id),
       n.id, n.scope, n.requires_ack,
       EXISTS (SELECT 1 FROM notice_acks a WHERE a.notice_id = n.id AND a.user_id = %(viewer)s),
       (SELECT coalesce(json_agg(json_build_object(
                'key', f.key, 'filename', f.filename, 'content_type', f.content_type, 'size', f.size,
                'is_image', f.content_type LIKE 'image/%%') ORDER BY f.attached_at, f.id), '[]')
        FROM uploads f WHERE f.post_id = p.id)
FROM posts p JOIN users u ON u.id = p.author_id LEFT JOIN notices n ON n.post_id = p.id
WHERE p.id = %(post)s
"""
NO_CURSOR = 2**31


def encode_cursor(last_id: int) -> str:  # the portal's keyset cursor (portal/pagination.py)
    return base64.urlsafe_b64encode(f"v1:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    return int(raw.removeprefix("v1:"))


def create_app() -> Flask:
    app = Flask(__name__)
    secret = os.environ["JWT_SECRET_KEY"]
    pool = ConnectionPool(os.environ["CEILING_DATABASE_URL"], min_size=4, max_size=4, open=True,
                          kwargs={"autocommit": True})

    # Publishing only (this app holds no sockets), on Socket.IO's Redis message queue as the portal does.
    queue = (socketio.RedisManager(os.environ["CEILING_REDIS_URL"], channel=os.environ["CEILING_CHANNEL"],
                                   write_only=True) if os.environ.get("CEILING_REDIS_URL") else None)
    message_max = int(os.environ.get("MESSAGE_MAX", 4000))

    def viewer() -> tuple[int, bool, str]:
        """(user id, is admin, name) of a valid access token whose session is open, else 401."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            abort(401)
        try:
            claims = jwt.decode(token, secret, algorithms=["HS256"])
        except jwt.PyJWTError:
            abort(401)
        if claims.get("type") != "access":
            abort(401)
        with pool.connection() as conn:
            row = conn.execute(SESSION_USER, (str(claims.get("sid", "")), int(claims["sub"]))).fetchone()
        if row is None:
            abort(401)
        return row[0], row[1], row[2]

    @app.get("/api/health")
    def health():
        with pool.connection() as conn:
            conn.execute("SELECT 1")
        return jsonify(status="ok", db="ok")

    @app.get("/api/posts")
    def posts():
        viewer()
        limit = int(request.args.get("limit", 20))
        before = decode_cursor(request.args.get("cursor")) or NO_CURSOR
        with pool.connection() as conn:
            rows = conn.execute(POST_PAGE, (before, limit + 1)).fetchall()
        items = [{"id": r[0], "board_id": r[1], "title": r[2], "excerpt": r[3],
                  "author": {"id": r[4], "name": r[5]}, "comment_count": r[8], "attachment_count": r[9],
                  "view_count": r[10], "created_at": r[6].isoformat(), "updated_at": r[7].isoformat()}
                 for r in rows[:limit]]
        next_cursor = encode_cursor(rows[limit - 1][0]) if len(rows) > limit else None
        return jsonify(items=items, next_cursor=next_cursor)

    @app.get("/api/posts/<int:post_id>")
    def post(post_id: int):
        user_id, is_admin, _name = viewer()
        with pool.connection() as conn:
            r = conn.execute(POST, {"viewer": user_id, "post": post_id}).fetchone()
        if r is None:
            abort(404)
        notice = None if r[10] is None else {"id": r[10], "scope": r[11], "requires_ack": r[12], "acked": r[13]}
        return jsonify(id=r[0], board_id=r[1], title=r[2], body=r[3], body_html=r[4],
                       author={"id": r[5], "name": r[6]}, created_at=r[7].isoformat(),
                       updated_at=r[8].isoformat(), comment_count=r[9], notice=notice, attachments=r[14],
                       can_edit=user_id == r[5] or is_admin)

    @app.post("/api/chat/conversations/<int:conversation_id>/messages")
    def send_message(conversation_id: int):
        user_id, _is_admin, name = viewer()
        data = request.get_json()
        body, client_id = data.get("body", "").strip(), data.get("client_id", "")
        if not body or len(body) > message_max or not 1 <= len(client_id) <= 64:
            abort(422)
        params = {"user": user_id, "conversation": conversation_id, "body": body, "search_grams": grams_of(body),
                  "client_id": client_id}
        with pool.connection() as conn:
            with conn.pipeline():
                conn.execute("BEGIN")
                place = conn.execute(CHAT_LOCK, params)
                insert = conn.execute(CHAT_INSERT, params)
                conn.execute("COMMIT")
            row, stored = place.fetchone(), insert.fetchone()
        if row is None:
            abort(404)
        if not row[0]:
            abort(403)
        if stored is None:
            abort(409)  # a retry: the portal answers with the stored message; the bench never retries
        message = {"id": stored[0], "conversation_id": conversation_id, "author": {"id": user_id, "name": name},
                   "body": body, "client_id": client_id, "attachment": None,
                   "created_at": stored[1].isoformat(), "edited_at": None, "deleted_at": None}
        if queue is not None:
            queue.emit("message:new", {**message, "previous_id": stored[2]}, namespace="/",
                       room=[f"user:{member}" for member in row[1]])
        return jsonify(message), 201

    return app


app = create_app()
