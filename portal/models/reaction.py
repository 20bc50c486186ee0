from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import UtcDateTime, utcnow

# The reactions an employee can leave on a post, in the order the post page shows them: the one
# list that builds the API's validation, its OpenAPI enum and the table's check constraint.
REACTIONS = {"like": "👍", "love": "❤️", "laugh": "😂", "wow": "😮", "celebrate": "🎉", "thanks": "🙏"}
REACTION_KINDS = tuple(REACTIONS)
_KIND_CHECK = "kind IN (" + ", ".join(f"'{kind}'" for kind in REACTION_KINDS) + ")"


class PostReaction(db.Model):
    """One employee's reaction of one kind on a post (at most one per kind)."""

    __tablename__ = "post_reactions"
    __table_args__ = (CheckConstraint(_KIND_CHECK, name="kind"),)

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class PostReactionCount(db.Model):
    """How many reactions of a kind a post has: kept at write time with the reactions themselves,
    so showing them never counts rows."""

    __tablename__ = "post_reaction_counts"
    __table_args__ = (CheckConstraint(_KIND_CHECK, name="kind"), CheckConstraint("count >= 0", name="count"))

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class PostView(db.Model):
    """An employee has opened a post (once per employee: posts.view_count counts these rows)."""

    __tablename__ = "post_views"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    viewed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
