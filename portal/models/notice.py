from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.board import Post
from portal.models.types import UtcDateTime, utcnow
from portal.models.user import User

SCOPES = ("site", "board")


class Notice(db.Model):
    """A post pinned by an admin, site-wide or on its board, optionally to be confirmed."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), unique=True
    )
    scope: Mapped[str] = mapped_column(String(10))
    requires_ack: Mapped[bool] = mapped_column(default=False)
    pinned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    post: Mapped[Post] = relationship(lazy="joined")


class NoticeAck(db.Model):
    __tablename__ = "notice_acks"

    notice_id: Mapped[int] = mapped_column(
        ForeignKey("notices.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    acked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    user: Mapped[User] = relationship()
