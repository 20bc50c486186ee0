"""Reactions and view counts on posts: counters kept at write time, never counted per read.

A reaction is a row (post, employee, kind); adding it inserts the row and, only if the insert
happened, raises the kind's counter in the same transaction; removing it deletes the row and,
only if a row went, lowers the counter. Two requests racing on the same reaction meet on the
row's primary key, so exactly one of them moves the counter. Views work the same way with one
row per employee and posts.view_count. GET /api/posts/<id> stays read-only (it is benchmarked):
the web app records the view with its own POST when the post page opens.
"""
from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from portal.models import Post, PostReaction, PostReactionCount, PostView, User
from portal.models.reaction import REACTION_KINDS, REACTIONS
from portal.models.types import utcnow
from portal.posts.service import get_post


def _insert(model):
    """INSERT … ON CONFLICT for the engine in use (PostgreSQL in production, SQLite in development)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def summary(post_id: int, viewer: User) -> dict:
    """The post's reactions, every kind in the fixed order, each with its count and whether the
    viewer has left it; and its view count."""
    counts = dict(db.session.execute(select(PostReactionCount.kind, PostReactionCount.count)
                                     .where(PostReactionCount.post_id == post_id)).all())
    mine = set(db.session.scalars(select(PostReaction.kind).where(
        PostReaction.post_id == post_id, PostReaction.user_id == viewer.id)))
    view_count = db.session.scalar(select(Post.view_count).where(Post.id == post_id))
    return {"post_id": post_id, "view_count": view_count,
            "reactions": [{"kind": kind, "emoji": REACTIONS[kind], "count": counts.get(kind, 0), "mine": kind in mine}
                          for kind in REACTION_KINDS]}


def react(user: User, post_id: int, kind: str) -> dict:
    """Leave a reaction of `kind` on a post; leaving it twice changes nothing."""
    get_post(post_id)  # 404 for a post that is not there
    added = db.session.execute(
        _insert(PostReaction).values(post_id=post_id, user_id=user.id, kind=kind, created_at=utcnow())
        .on_conflict_do_nothing().returning(PostReaction.kind)).first()
    if added is not None:
        counter = _insert(PostReactionCount).values(post_id=post_id, kind=kind, count=1)
        db.session.execute(counter.on_conflict_do_update(
            index_elements=["post_id", "kind"], set_={"count": PostReactionCount.count + 1}))
    db.session.commit()
    return summary(post_id, user)


def unreact(user: User, post_id: int, kind: str) -> dict:
    """Take back a reaction; taking back one that is not there changes nothing."""
    get_post(post_id)
    removed = db.session.execute(delete(PostReaction).where(
        PostReaction.post_id == post_id, PostReaction.user_id == user.id, PostReaction.kind == kind)
        .returning(PostReaction.kind)).first()
    if removed is not None:
        db.session.execute(update(PostReactionCount).where(
            PostReactionCount.post_id == post_id, PostReactionCount.kind == kind)
            .values(count=PostReactionCount.count - 1))
    db.session.commit()
    return summary(post_id, user)


def record_view(user: User, post_id: int) -> dict:
    """The employee has opened the post: counted the first time only. Returns the summary the
    post page shows (reactions and view count), so opening it costs one request."""
    get_post(post_id)
    new = db.session.execute(
        _insert(PostView).values(post_id=post_id, user_id=user.id, viewed_at=utcnow())
        .on_conflict_do_nothing().returning(PostView.user_id)).first()
    if new is not None:
        db.session.execute(update(Post).where(Post.id == post_id).values(view_count=Post.view_count + 1))
    db.session.commit()
    return summary(post_id, user)
