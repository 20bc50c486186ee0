from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.board import Post
from portal.models.types import UtcDateTime, utcnow
from portal.models.user import User

SCOPES = ("site", "board")


class Notice(db.Model):
    """A post pinned by an admin, site-wide or on its board, optionally to be confirmed."""

    __tablename__ = "notices"
    __table_args__ = (CheckConstraint("starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at",
                                      name="window"),
                      Index("ix_notices_unannounced", "starts_at",
                            postgresql_where=text("announced_at IS NULL AND requires_ack")))

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), unique=True
    )
    scope: Mapped[str] = mapped_column(String(10))
    requires_ack: Mapped[bool] = mapped_column(default=False)
    pinned_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The window in which the notice is listed (UTC; either end open when NULL).
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    # When employees were told of it (required notices only); NULL until its window opens, so the
    # announcer (notices.service.announce_due) finds the ones still to tell through a partial index.
    announced_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    post: Mapped[Post] = relationship(lazy="joined")

    def state(self, now: datetime) -> str:
        return window_state(self.starts_at, self.ends_at, now)


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


def window_state(starts_at: datetime | None, ends_at: datetime | None, now: datetime) -> str:
    """A notice's state at `now`: 'scheduled' before its start, 'ended' from its end on, 'active'
    between (an open end never limits)."""
    if starts_at is not None and now < starts_at:
        return "scheduled"
    if ends_at is not None and now >= ends_at:
        return "ended"
    return "active"
