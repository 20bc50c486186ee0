"""Chat: conversations (a DM between two people or a room for several), members and messages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import TextArray, UtcDateTime, utcnow
from portal.models.upload import Upload
from portal.models.user import User

CONVERSATION_KINDS = ("dm", "room")


class Conversation(db.Model):
    __tablename__ = "conversations"
    __table_args__ = (CheckConstraint("kind IN ('dm', 'room')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    # Rooms have a name and an owner; a DM's title is the other person's name.
    name: Mapped[str | None] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # "<lower user id>:<higher user id>" for a DM, so one pair always has one conversation.
    dm_key: Mapped[str | None] = mapped_column(String(41), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    members: Mapped[list[ConversationMember]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", passive_deletes=True
    )


class ConversationMember(db.Model):
    """A person's place in a conversation; `left_at` keeps the row (and read position) after leaving."""

    __tablename__ = "conversation_members"
    __table_args__ = (Index("ix_conversation_members_user_id_left_at", "user_id", "left_at"),)

    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # A position, not a reference: messages are never hard-deleted, and a plain id keeps
    # the conversations <-> messages tables free of a foreign-key cycle.
    last_read_message_id: Mapped[int | None] = mapped_column()

    conversation: Mapped[Conversation] = relationship(back_populates="members")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.left_at is None


class Message(db.Model):
    __tablename__ = "messages"
    __table_args__ = (
        # History pages and catch-up are keyset scans over (conversation, id).
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        # A retried send carries the same client_id and must not store a second message.
        UniqueConstraint("author_id", "client_id", name="uq_messages_author_id_client_id"),
        Index("ix_messages_search_grams", "search_grams", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))  # indexed by the unique pair
    body: Mapped[str] = mapped_column(Text)
    search_grams: Mapped[list[str]] = mapped_column(TextArray, default=list, deferred=True)  # as Post's
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    author: Mapped[User] = relationship(lazy="joined")
    # The file is owned through Upload.message_id (uploads have one ownership model).
    attachment: Mapped[Upload | None] = relationship(lazy="joined")
