"""Notifications: something happened that one employee should hear about."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow
from portal.models.user import User

# comment: on my post · reply: in a thread I commented on · mention: @me in a post, comment or
# chat message · notice: a new notice I must confirm · dm: a direct message to me.
KINDS = ("comment", "reply", "mention", "notice", "dm")


class Notification(db.Model):
    """One notification for one recipient. Its target is a post (and maybe a comment on it) or a
    conversation (and maybe a message in it); deleting the target deletes the notification."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's list is a keyset scan over (recipient, id); the unread count uses it too.
        Index("ix_notifications_recipient_id_id", "recipient_id", "id"),
        CheckConstraint("kind IN ('comment', 'reply', 'mention', 'notice', 'dm')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True)
    # A position, as in conversation_members: messages are never hard-deleted.
    message_id: Mapped[int | None] = mapped_column()
    # What the bell shows without another query: the post title or the first words of the text.
    excerpt: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id], lazy="joined")
