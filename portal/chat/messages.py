"""Messages: history, idempotent sending, editing, deleting and read positions.

Ordering guarantee: a message's id is taken while its conversation row is locked, so within a
conversation ids are committed in increasing order. A client that has seen message N and asks
for `after=N` therefore gets every message it missed, none twice.

Live delivery is published after the commit, so two messages sent at once may arrive in either
order. Each `message:new` carries `previous_id`, the message before it in its conversation:
a client that has not seen that one knows of a gap and asks for `after=<the last id it has>`.
"""
from __future__ import annotations

from functools import cache

from flask import current_app
from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from portal import database
from portal.bigrams import grams_of
from portal.chat import realtime
from portal.chat.conversations import active_member_ids, membership
from portal.chat.schemas import message_schema
from portal.errors import Conflict, Forbidden, InvalidInput, NotFound, PortalError
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Conversation, Message, Upload, User
from portal.models.types import utcnow
from portal.notifications import service as notifications
from portal.notifications.mentions import handles
from portal.uploads import service as uploads


def history(user: User, conversation_id: int, before: int | None, after: int | None,
            limit: int) -> tuple[list[dict], bool]:
    """One page, oldest first, as MessageSchema shapes it: the newest `limit` before `before` (or
    the latest), or the oldest `limit` after `after` (catching up). `has_more` says more lie in
    that direction.

    Chat pages by message id in both directions where the rest of the API has one keyset cursor:
    a conversation is read from its newest message backwards (scrolling up), and a client that
    reconnects, or sees a gap in `previous_id`, must fetch forwards from the last id it holds.
    The page is one statement on committed data (database.rows), every open room reads it."""
    conversation, _member = membership(user, conversation_id)
    direction = "after" if after is not None else "before" if before is not None else "latest"
    rows = database.rows(_history_page(direction), {"conversation_id": conversation.id, "after": after,
                                                    "before": before, "page_size": limit + 1})
    has_more = len(rows) > limit
    rows = rows[:limit]
    if direction != "after":
        rows.reverse()
    return [{"id": r[0], "conversation_id": conversation.id, "author": {"id": r[1], "name": r[2]}, "body": r[3],
             "client_id": r[4], "created_at": r[5], "edited_at": r[6], "deleted_at": r[7],
             "attachment": None if r[8] is None else uploads.attachment_view(*r[8:12])}
            for r in rows], has_more


@cache
def _history_page(direction: str) -> Select:
    """A page of a conversation's messages with their authors' names and attachments (built once
    per direction): after an id in id order, else before an id (or the latest) newest first."""
    query = (select(Message.id, Message.author_id, User.name, Message.body, Message.client_id, Message.created_at,
                    Message.edited_at, Message.deleted_at, Upload.key, Upload.filename, Upload.content_type,
                    Upload.size)
             .join(User, User.id == Message.author_id)
             .outerjoin(Upload, Upload.message_id == Message.id)
             .where(Message.conversation_id == bindparam("conversation_id")))
    if direction == "after":
        return query.where(Message.id > bindparam("after")).order_by(Message.id).limit(bindparam("page_size"))
    if direction == "before":
        query = query.where(Message.id < bindparam("before"))
    return query.order_by(Message.id.desc()).limit(bindparam("page_size"))


# A plain send (no attachment) after the session check, in one round trip (a psycopg pipeline):
# the sender's place in the conversation, taking the conversation's row lock (sends are serialised
# per conversation, as the ordering guarantee above needs); then the insert, which stores nothing
# for a client_id already used, or for a sender who is not an active member, and returns the
# message before it and the members to deliver to. The server runs the insert after the lock is
# granted, with a snapshot of its own, so it reads what every earlier send committed (one statement
# holding both could not: its snapshot would predate the lock). When the send writes nothing else
# (a room, no @mention: the common case) the COMMIT joins the same pipeline, so the lock is held
# for the server's own work only, never across a round trip to this process; it then runs on a
# pooled connection of its own (database.transaction_in_one_round_trip), as it needs nothing of the
# request's session. Plain SQL for psycopg: this path runs on PostgreSQL only.
_PLACE = """
SELECT m.left_at IS NULL, c.kind FROM conversations c
JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = %(user_id)s
WHERE c.id = %(conversation_id)s FOR UPDATE OF c
"""
_INSERT = """
INSERT INTO messages (conversation_id, author_id, body, search_grams, client_id, created_at)
SELECT %(conversation_id)s, %(user_id)s, %(body)s, %(search_grams)s, %(client_id)s, %(created_at)s
WHERE EXISTS (SELECT FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
              WHERE m.conversation_id = %(conversation_id)s AND m.user_id = %(user_id)s AND m.left_at IS NULL
                AND (c.kind = 'room' OR NOT %(rooms_only)s))
ON CONFLICT ON CONSTRAINT uq_messages_author_id_client_id DO NOTHING
RETURNING id,
  (SELECT max(p.id) FROM messages p WHERE p.conversation_id = %(conversation_id)s AND p.id < messages.id),
  (SELECT array_agg(a.user_id) FROM conversation_members a
   WHERE a.conversation_id = %(conversation_id)s AND a.left_at IS NULL)
"""


def send(user: User, conversation_id: int, body: str, client_id: str,
         attachment_key: str | None = None) -> Message | dict:
    """Store a message, then deliver it. A retry with the same `client_id` returns the stored
    message instead of a second one (and is not delivered again)."""
    if attachment_key is None and db.engine.dialect.name == "postgresql":
        return _send_plain(user, conversation_id, body, client_id)
    conversation, _member = membership(user, conversation_id)
    stored = _sent_before(user, client_id)
    if stored is not None:
        return _same_send(stored, conversation.id)
    _check_body(body, allow_empty=attachment_key is not None)
    try:
        files = uploads.claim(user, [attachment_key], "attachment_key") if attachment_key else []
    except PortalError:
        # A retry racing its first copy waits on the file's lock, then finds it on that copy.
        stored = _sent_before(user, client_id)
        if stored is None:
            raise
        return _same_send(stored, conversation.id)
    # Serialise sends per conversation so ids reach the database in commit order (see above).
    db.session.execute(select(Conversation.id).where(Conversation.id == conversation.id).with_for_update())
    message = Message(conversation_id=conversation.id, author=user, body=body, search_grams=grams_of(body),
                      client_id=client_id, attachment=files[0] if files else None)
    db.session.add(message)
    try:
        db.session.flush()
    except IntegrityError:
        # The same send arrived twice at once and the other copy won.
        db.session.rollback()
        return _same_send(_sent_before(user, client_id), conversation.id)
    # Read what to deliver, and to whom, inside the transaction (the hot path: no reload after it).
    payload, recipients = message_schema.dump(message), active_member_ids(conversation.id)
    payload["previous_id"] = db.session.scalar(
        select(func.max(Message.id)).where(Message.conversation_id == conversation.id, Message.id < message.id))
    pending = notifications.for_message(user, conversation, message, recipients)
    db.session.commit()
    realtime.publish("message:new", payload, recipients)
    notifications.deliver(pending)
    return message


def _send_plain(user: User, conversation_id: int, body: str, client_id: str,
                commit_with_insert: bool = True) -> Message | dict:
    """send() without an attachment, on PostgreSQL: the message as MessageSchema shapes it."""
    body_ok = bool(body) and len(body) <= current_app.config["MESSAGE_MAX"]
    # Committing in the pipeline suits a room message without mentions: nothing else to write.
    # A DM (its kind is known only from the first statement) is then left unstored by the insert's
    # condition and sent again below with an ordinary commit, after its notification.
    quick = commit_with_insert and body_ok and not handles(body)
    created_at = utcnow()
    params = {"conversation_id": conversation_id, "user_id": user.id, "body": body,
              "search_grams": grams_of(body) if body_ok else [], "client_id": client_id,
              "created_at": created_at, "rooms_only": quick}
    statements = [_PLACE, _INSERT] if body_ok else [_PLACE]
    results = (database.transaction_in_one_round_trip if quick else _pipeline)(statements, params)
    place = results[0]
    if not place:
        raise NotFound("No such conversation.")
    if not place[0][0]:
        raise Forbidden("You left this conversation.", code="left_conversation")
    _check_body(body)
    inserted, kind = results[1], place[0][1]
    if not inserted and quick and kind != "room":
        return _send_plain(user, conversation_id, body, client_id, commit_with_insert=False)
    if not inserted:  # a retry: this client_id is already stored
        return _same_send(_sent_before(user, client_id), conversation_id)
    message_id, previous_id, recipients = inserted[0]
    author = {"id": user.id, "name": user.name}  # read before the commit expires the user
    pending = []
    if kind == "dm" or handles(body):  # notifications.for_message has nothing to do otherwise
        pending = notifications.for_message(user, db.session.get(Conversation, conversation_id),
                                            db.session.get(Message, message_id), recipients or [])
    if not quick:
        db.session.commit()
    message = {"id": message_id, "conversation_id": conversation_id, "author": author, "body": body,
               "client_id": client_id, "attachment": None, "created_at": created_at, "edited_at": None,
               "deleted_at": None}
    realtime.publish("message:new", {**message, "created_at": created_at.isoformat(), "previous_id": previous_id},
                     recipients or [])
    notifications.deliver(pending)
    return message


def _pipeline(statements: list[str], params: dict) -> list[list[tuple]]:
    """The rows of each statement, sent together on the request's connection in one round trip,
    inside the session's transaction (the caller commits). Statement listeners and SQLAlchemy's
    error wrapping (a lost connection invalidates the pool) apply as in portal.database.rows()."""
    connection = db.session.connection()
    try:
        return database.pipelined(connection.connection.dbapi_connection, statements, params, connection.dispatch,
                                  connection)
    except Exception as error:
        connection._handle_dbapi_exception(error, "; ".join(statements), params, None, None)


def _sent_before(user: User, client_id: str) -> Message | None:
    return db.session.scalar(select(Message).where(Message.author_id == user.id, Message.client_id == client_id))


def _same_send(stored: Message, conversation_id: int) -> Message:
    if stored.conversation_id != conversation_id:
        raise Conflict("This client_id was already used for another message.", code="client_id_reused",
                       fields={"client_id": [Problem("client_id_reused", "Generate a new one for each message.")]})
    return stored


def _check_body(body: str, allow_empty: bool = False) -> None:
    limit = current_app.config["MESSAGE_MAX"]
    if not body and not allow_empty:
        raise InvalidInput("The message is empty.", code="empty_message",
                           fields={"body": [Problem("required", "Write something.")]})
    if len(body) > limit:
        raise InvalidInput("The message is too long.", code="message_too_long",
                           fields={"body": [Problem("too_long", f"At most {limit} characters.", {"max": limit})]})


def _own_message(user: User, message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None:
        raise NotFound("No such message.")
    membership(user, message.conversation_id)
    if message.author_id != user.id:
        raise Forbidden("You can only change your own messages.")
    return message


def edit(user: User, message_id: int, body: str) -> Message:
    message = _own_message(user, message_id)
    if message.deleted_at is not None:
        raise Conflict("This message was deleted.", code="message_deleted")
    _check_body(body, allow_empty=message.attachment is not None)
    if body != message.body:
        message.body, message.search_grams, message.edited_at = body, grams_of(body), utcnow()
        db.session.commit()
        _publish("message:edited", message)
    return message


def delete(user: User, message_id: int) -> None:
    """Blank the message and detach its file (which goes back to its owner only); the row
    stays, so others see it was deleted and history keeps its place."""
    message = _own_message(user, message_id)
    if message.deleted_at is not None:
        return
    message.body, message.search_grams, message.attachment, message.deleted_at = "", [], None, utcnow()
    db.session.commit()
    db.session.refresh(message)
    _publish("message:deleted", message)


def mark_read(user: User, conversation_id: int, message_id: int) -> None:
    """Move the user's read position forward (never back) to `message_id`."""
    conversation, member = membership(user, conversation_id)
    in_conversation = db.session.scalar(
        select(Message.id).where(Message.id == message_id, Message.conversation_id == conversation.id))
    if in_conversation is None:
        raise InvalidInput("No such message in this conversation.", code="unknown_message",
                           fields={"message_id": [Problem("not_found", "Not a message of this conversation.")]})
    if member.last_read_message_id is None or message_id > member.last_read_message_id:
        member.last_read_message_id = message_id
        db.session.commit()
        realtime.publish("read", {"conversation_id": conversation.id, "user_id": user.id,
                                  "message_id": message_id}, active_member_ids(conversation.id))


def _publish(event: str, message: Message) -> None:
    realtime.publish(event, message_schema.dump(message), active_member_ids(message.conversation_id))
