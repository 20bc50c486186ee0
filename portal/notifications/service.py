"""Who hears about what, and the bell's list.

The services that cause a notification (a comment, a post, a pinned notice, a chat message)
call the `for_*` functions inside their own transaction, so the notification is stored with
the thing it is about or not at all; they get back what to deliver and hand it to `deliver`
after their commit (Socket.IO `notification:new` to the recipient's `user:<id>` room).
Nobody is notified of their own doing, nor of what they cannot read: deactivated accounts,
and for chat, people who are not (or no longer) in the conversation.
"""
from __future__ import annotations

from sqlalchemy import func, select, update

from portal.chat import realtime
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Comment, Conversation, Message, Notice, Notification, Post, User
from portal.models.types import utcnow
from portal.notifications.mentions import handles, mentioned_users
from portal.notifications.schemas import notification_schema
from portal.pagination import keyset_page

EXCERPT = 120

Pending = list[tuple[int, dict]]  # (recipient id, the notification as the API shows it)


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[:EXCERPT - 1] + "…"


def _active_ids(user_ids) -> set[int]:
    ids = set(user_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(User.id).where(User.id.in_(ids), User.is_active.is_(True))))


def _add(recipients: dict[int, str], actor: User, **target) -> Pending:
    """Store one notification per recipient (id → kind); flush for ids, dump inside the transaction."""
    rows = [Notification(recipient_id=recipient_id, kind=kind, actor_id=actor.id, **target)
            for recipient_id, kind in recipients.items()]
    db.session.add_all(rows)
    db.session.flush()
    for row in rows:
        row.actor = actor
    return [(row.recipient_id, notification_schema.dump(row)) for row in rows]


def _claim(recipients: dict[int, str], user_ids, kind: str, actor: User) -> None:
    """Give `kind` to each of `user_ids` that has no notification yet for this event (first kind wins)."""
    for user_id in user_ids:
        if user_id != actor.id:
            recipients.setdefault(user_id, kind)


# -- what causes notifications --------------------------------------------------------------
def for_post(actor: User, post: Post) -> Pending:
    """A new post: the people it @mentions."""
    recipients: dict[int, str] = {}
    _claim(recipients, [u.id for u in mentioned_users(post.body)], "mention", actor)
    return _add(recipients, actor, post_id=post.id, excerpt=_excerpt(post.title))


def for_comment(actor: User, post: Post, comment: Comment) -> Pending:
    """A new comment: people it @mentions, then the post's author, then earlier commenters."""
    recipients: dict[int, str] = {}
    _claim(recipients, [u.id for u in mentioned_users(comment.body)], "mention", actor)
    _claim(recipients, _active_ids([post.author_id]), "comment", actor)
    earlier = db.session.scalars(select(Comment.author_id).where(
        Comment.post_id == post.id, Comment.id != comment.id).distinct())
    _claim(recipients, sorted(_active_ids(earlier)), "reply", actor)
    return _add(recipients, actor, post_id=post.id, comment_id=comment.id, excerpt=_excerpt(comment.body))


def for_notice(actor: User, notice: Notice) -> Pending:
    """A notice everyone must confirm: every active employee but the admin who pinned it."""
    if not notice.requires_ack:
        return []
    already = select(Notification.recipient_id).where(
        Notification.kind == "notice", Notification.post_id == notice.post_id)
    everyone = db.session.scalars(select(User.id).where(
        User.is_active.is_(True), User.id != actor.id, User.id.not_in(already)).order_by(User.id))
    return _add(dict.fromkeys(everyone, "notice"), actor, post_id=notice.post_id,
                excerpt=_excerpt(notice.post.title))


def for_message(actor: User, conversation: Conversation, message: Message, member_ids: list[int]) -> Pending:
    """A chat message: the other person of a DM; in a room, the members it @mentions.

    A DM keeps one unread notification per conversation (the newest message), not one per line.
    """
    if conversation.kind != "dm" and not handles(message.body):
        return []  # the common case on the chat's hot path: no query at all
    members = _active_ids(member_ids) - {actor.id}
    recipients: dict[int, str] = {}
    if conversation.kind == "dm":
        _claim(recipients, members, "dm", actor)
        if recipients:
            db.session.execute(Notification.__table__.delete().where(
                Notification.kind == "dm", Notification.conversation_id == conversation.id,
                Notification.recipient_id.in_(list(recipients)), Notification.read_at.is_(None)))
    else:
        _claim(recipients, [u.id for u in mentioned_users(message.body) if u.id in members], "mention", actor)
    return _add(recipients, actor, conversation_id=conversation.id, message_id=message.id,
                excerpt=_excerpt(message.body))


def deliver(pending: Pending) -> None:
    """After the commit: each recipient's sockets get their notification."""
    for recipient_id, payload in pending:
        realtime.publish("notification:new", payload, [recipient_id])


# -- the bell ---------------------------------------------------------------------------------
def list_for(user: User, unread: bool, cursor: str | None, limit: int):
    query = select(Notification).where(Notification.recipient_id == user.id)
    if unread:
        query = query.where(Notification.read_at.is_(None))
    rows, next_cursor = keyset_page(db.session, query, Notification.id, cursor, limit)
    return [row[0] for row in rows], next_cursor


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.recipient_id == user.id, Notification.read_at.is_(None)))


def mark_read(user: User, notification_id: int) -> None:
    """Mark one of my notifications read (someone else's is 404, as if it did not exist)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.recipient_id != user.id:
        raise NotFound("No such notification.", code="unknown_notification")
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.commit()


def mark_all_read(user: User, post_id: int | None = None, conversation_id: int | None = None) -> int:
    """Mark my unread notifications read: all, or those about one post or conversation."""
    query = update(Notification).where(Notification.recipient_id == user.id, Notification.read_at.is_(None))
    if post_id is not None:
        query = query.where(Notification.post_id == post_id)
    if conversation_id is not None:
        query = query.where(Notification.conversation_id == conversation_id)
    count = db.session.execute(query.values(read_at=utcnow())).rowcount
    db.session.commit()
    return count
