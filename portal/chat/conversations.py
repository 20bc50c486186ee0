"""Conversations and their members: who may see what, DMs, rooms, and the conversation list.

Messages live in chat.messages. Both commit their own transactions and publish events
(chat.realtime) only after the commit, so a delivered event is always backed by a stored row.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.auth.permissions import ensure_may_change, may_change
from portal.chat import realtime
from portal.errors import Forbidden, InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Conversation, ConversationMember, Message, User
from portal.models.types import utcnow


# -- access -------------------------------------------------------------------------------
def membership(user: User, conversation_id: int) -> tuple[Conversation, ConversationMember]:
    """The conversation and the user's place in it.

    NotFound unless the user is or was a member (others may not learn it exists);
    Forbidden for a member who has left.
    """
    row = db.session.execute(
        select(Conversation, ConversationMember)
        .join(ConversationMember, ConversationMember.conversation_id == Conversation.id)
        .where(Conversation.id == conversation_id, ConversationMember.user_id == user.id)
    ).first()
    if row is None:
        raise NotFound("No such conversation.")
    conversation, member = row
    if not member.active:
        raise Forbidden("You left this conversation.", code="left_conversation")
    return conversation, member


def can_read_message(user: User, message_id: int) -> bool:
    """Whether the user is a current member of the message's conversation (who may open its file)."""
    return db.session.scalar(
        select(ConversationMember.user_id)
        .join(Message, Message.conversation_id == ConversationMember.conversation_id)
        .where(Message.id == message_id, ConversationMember.user_id == user.id,
               ConversationMember.left_at.is_(None))
    ) is not None


def active_member_ids(conversation_id: int) -> list[int]:
    return list(db.session.scalars(
        select(ConversationMember.user_id).where(ConversationMember.conversation_id == conversation_id,
                                                 ConversationMember.left_at.is_(None))))


def co_member_ids(user_id: int) -> list[int]:
    """Everyone who shares an active conversation with the user (who sees their presence)."""
    mine = (select(ConversationMember.conversation_id)
            .where(ConversationMember.user_id == user_id, ConversationMember.left_at.is_(None)))
    return list(db.session.scalars(
        select(ConversationMember.user_id).distinct()
        .where(ConversationMember.conversation_id.in_(mine), ConversationMember.left_at.is_(None),
               ConversationMember.user_id != user_id)))


def _active_users(user_ids: list[int], field: str) -> list[User]:
    user_ids = list(dict.fromkeys(user_ids))
    users = list(db.session.scalars(select(User).where(User.id.in_(user_ids), User.is_active.is_(True))))
    missing = sorted(set(user_ids) - {u.id for u in users})
    if missing:
        raise InvalidInput("Some people cannot be added.", code="unknown_user",
                           fields={field: [Problem("unknown_user", f"No active user {user_id}.", {"id": user_id})
                                           for user_id in missing]})
    return users


# -- the conversation list ----------------------------------------------------------------
def list_conversations(user: User) -> list[dict]:
    """The user's conversations, most recent activity first (a fixed number of queries)."""
    rows = db.session.execute(
        select(Conversation, ConversationMember)
        .join(ConversationMember, ConversationMember.conversation_id == Conversation.id)
        .where(ConversationMember.user_id == user.id, ConversationMember.left_at.is_(None))
    ).all()
    summaries = _summaries(user, rows)
    return sorted(summaries, key=lambda s: (_activity(s), s["id"]), reverse=True)


def conversation_details(user: User, conversation: Conversation, member: ConversationMember | None) -> dict:
    return _summaries(user, [(conversation, member)])[0]


def _activity(summary: dict):
    last = summary["last_message"]
    return last.created_at if last is not None else summary["created_at"]


def _summaries(user: User, rows) -> list[dict]:
    ids = [conversation.id for conversation, _member in rows]
    if not ids:
        return []
    last_ids = dict(db.session.execute(
        select(Message.conversation_id, func.max(Message.id))
        .where(Message.conversation_id.in_(ids)).group_by(Message.conversation_id)).all())
    last_messages = {m.conversation_id: m for m in db.session.scalars(
        select(Message).where(Message.id.in_(list(last_ids.values()))))}
    unread = dict(db.session.execute(
        select(Message.conversation_id, func.count(Message.id))
        .join(ConversationMember, (ConversationMember.conversation_id == Message.conversation_id)
              & (ConversationMember.user_id == user.id))
        .where(Message.conversation_id.in_(ids), Message.author_id != user.id,
               Message.deleted_at.is_(None),
               Message.id > func.coalesce(ConversationMember.last_read_message_id, 0))
        .group_by(Message.conversation_id)).all())
    members: dict[int, list[dict]] = {}
    for conversation_id, member_id, name in db.session.execute(
            select(ConversationMember.conversation_id, User.id, User.name)
            .join(User, User.id == ConversationMember.user_id)
            .where(ConversationMember.conversation_id.in_(ids), ConversationMember.left_at.is_(None))
            .order_by(ConversationMember.joined_at, User.id)):
        members.setdefault(conversation_id, []).append({"id": member_id, "name": name})
    online = realtime.presence().online({m["id"] for ms in members.values() for m in ms})
    for ms in members.values():
        for m in ms:
            m["online"] = m["id"] in online

    return [{
        "id": conversation.id,
        "kind": conversation.kind,
        "title": _title(user, conversation, members.get(conversation.id, [])),
        "owner_id": conversation.owner_id,
        "members": members.get(conversation.id, []),
        "last_message": last_messages.get(conversation.id),
        "unread_count": unread.get(conversation.id, 0),
        "last_read_message_id": member.last_read_message_id if member else None,
        "can_manage": conversation.kind == "room" and may_change(user, conversation.owner_id),
        "created_at": conversation.created_at,
    } for conversation, member in rows]


def current(user_id: int):
    """The ids of the conversations the user is a member of now: the ones they may read."""
    return select(ConversationMember.conversation_id).where(ConversationMember.user_id == user_id,
                                                            ConversationMember.left_at.is_(None))


def titles(user: User, conversations: list[Conversation]) -> dict[int, str]:
    """What each conversation is called to the user: a room's name, or a DM's other person."""
    dms = [conversation.id for conversation in conversations if conversation.kind != "room"]
    members: dict[int, list[dict]] = {}
    if dms:
        for conversation_id, member_id, name in db.session.execute(
                select(ConversationMember.conversation_id, User.id, User.name)
                .join(User, User.id == ConversationMember.user_id)
                .where(ConversationMember.conversation_id.in_(dms))):
            members.setdefault(conversation_id, []).append({"id": member_id, "name": name})
    return {conversation.id: _title(user, conversation, members.get(conversation.id, []))
            for conversation in conversations}


def _title(user: User, conversation: Conversation, members: list[dict]) -> str:
    if conversation.kind == "room":
        return conversation.name or ""
    others = [m["name"] for m in members if m["id"] != user.id]
    return others[0] if others else user.name


# -- DMs and rooms ------------------------------------------------------------------------
def open_dm(user: User, other_id: int) -> tuple[Conversation, ConversationMember]:
    """The one DM between the user and `other_id`, created on first use."""
    if other_id == user.id:
        raise InvalidInput("Choose someone else to message.", code="dm_self",
                           fields={"user_id": [Problem("dm_self", "You cannot open a DM with yourself.")]})
    _active_users([other_id], "user_id")
    dm_key = f"{min(user.id, other_id)}:{max(user.id, other_id)}"
    conversation = db.session.scalar(select(Conversation).where(Conversation.dm_key == dm_key))
    if conversation is None:
        conversation = Conversation(kind="dm", dm_key=dm_key)
        conversation.members = [ConversationMember(user_id=user.id), ConversationMember(user_id=other_id)]
        # Two people opening the same DM at once: the unique dm_key keeps one, the other reads it.
        try:
            with db.session.begin_nested():
                db.session.add(conversation)
        except IntegrityError:
            conversation = db.session.scalar(select(Conversation).where(Conversation.dm_key == dm_key))
        db.session.commit()
    return membership(user, conversation.id)


def create_room(user: User, name: str, member_ids: list[int]) -> tuple[Conversation, ConversationMember]:
    others = _active_users([i for i in member_ids if i != user.id], "member_ids")
    conversation = Conversation(kind="room", name=name, owner_id=user.id)
    conversation.members = [ConversationMember(user_id=user.id),
                            *(ConversationMember(user_id=u.id) for u in others)]
    db.session.add(conversation)
    db.session.commit()
    _announce(conversation.id, [user.id, *(u.id for u in others)])
    return membership(user, conversation.id)


def _room(user: User, conversation_id: int) -> tuple[Conversation, ConversationMember]:
    conversation, member = membership(user, conversation_id)
    if conversation.kind != "room":
        raise InvalidInput("A DM is always between the same two people.", code="not_a_room")
    return conversation, member


def rename_room(user: User, conversation_id: int, name: str) -> tuple[Conversation, ConversationMember]:
    """Rename a room: its owner, or an admin (who may do so without being a member)."""
    conversation = db.session.get(Conversation, conversation_id)
    if user.is_admin and conversation is not None and conversation.kind == "room":
        member = db.session.get(ConversationMember, (conversation.id, user.id))
    else:
        conversation, member = _room(user, conversation_id)
    ensure_may_change(user, conversation.owner_id, "Only the room's owner or an admin can rename it.")
    conversation.name = name
    db.session.commit()
    _announce(conversation.id, active_member_ids(conversation.id))
    return conversation, member


def add_members(user: User, conversation_id: int, user_ids: list[int]) -> tuple[Conversation, ConversationMember]:
    """Any member may add colleagues; someone who left comes back with their read position."""
    conversation, member = _room(user, conversation_id)
    for person in _active_users(user_ids, "user_ids"):
        existing = db.session.get(ConversationMember, (conversation.id, person.id))
        if existing is None:
            db.session.add(ConversationMember(conversation_id=conversation.id, user_id=person.id))
        elif not existing.active:
            existing.left_at, existing.joined_at = None, utcnow()
    db.session.commit()
    _announce(conversation.id, active_member_ids(conversation.id))
    return conversation, member


def leave(user: User, conversation_id: int) -> None:
    """Leave a room; the owner's role passes to the longest-standing member still there."""
    conversation, member = _room(user, conversation_id)
    member.left_at = utcnow()
    if conversation.owner_id == user.id:
        conversation.owner_id = db.session.scalar(
            select(ConversationMember.user_id)
            .where(ConversationMember.conversation_id == conversation.id,
                   ConversationMember.left_at.is_(None), ConversationMember.user_id != user.id)
            .order_by(ConversationMember.joined_at, ConversationMember.user_id).limit(1))
    db.session.commit()
    _announce(conversation.id, [user.id, *active_member_ids(conversation.id)])


def _announce(conversation_id: int, user_ids: list[int]) -> None:
    """Membership or name changed: clients reload the conversation (or drop it if they left)."""
    realtime.publish("conversation:updated", {"conversation_id": conversation_id}, user_ids)

