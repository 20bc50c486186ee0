from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import TextArray, UtcDateTime, utcnow
from portal.models.user import User

# A board's address (/boards/<slug>). Written so it means the same in Python and in a browser's
# `pattern` attribute (JavaScript's `v` flag needs the hyphen escaped).
SLUG_PATTERN = r"^[a-z0-9][a-z0-9\-]{0,59}$"


class Board(db.Model):
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    admin_only: Mapped[bool] = mapped_column(default=False)
    archived: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Post(db.Model):
    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_board_id_id", "board_id", "id"),
        # Serves `q` for any term of two or more characters, Korean included (see portal.bigrams).
        Index("ix_posts_search_grams", "search_grams", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # The search bigrams (portal.bigrams), written with the text; only SQL reads them, so loading
    # a post through the ORM leaves them in the database (deferred), as for comments and messages.
    search_grams: Mapped[list[str]] = mapped_column(TextArray, default=list, deferred=True)
    # Derived from body when it is written (posts.content.written), never per read.
    excerpt: Mapped[str] = mapped_column(String(200))
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # Employees who have opened the post, each once: raised only when a post_views row is inserted.
    view_count: Mapped[int] = mapped_column(default=0, server_default="0")

    board: Mapped[Board] = relationship()
    author: Mapped[User] = relationship()
    comments: Mapped[list[Comment]] = relationship(
        back_populates="post", cascade="all, delete-orphan", passive_deletes=True
    )


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_search_grams", "search_grams", postgresql_using="gin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # Rendered (sanitised HTML) when written, by the renderer posts use, not on every read.
    body_html: Mapped[str] = mapped_column(Text)
    search_grams: Mapped[list[str]] = mapped_column(TextArray, default=list, deferred=True)  # as Post's
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)

    post: Mapped[Post] = relationship(back_populates="comments")
    author: Mapped[User] = relationship()
