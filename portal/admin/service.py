"""Admin-only reads and board management; user accounts live in portal.auth.accounts."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import distinct, func, or_, select

from portal import audit
from portal.errors import Conflict
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import AuditEvent, Board, Comment, Post, Upload, User
from portal.models.types import utcnow
from portal.pagination import keyset_page
from portal.substring import contains


def search_users(q: str | None, cursor: str | None, limit: int):
    query = select(User)
    if q and q.strip():
        query = query.where(or_(contains(User.email, q.strip()), contains(User.name, q.strip())))
    rows, next_cursor = keyset_page(db.session, query, User.id, cursor, limit)
    return [row[0] for row in rows], next_cursor


def create_board(actor: User, name: str, slug: str, description: str, admin_only: bool) -> Board:
    if db.session.scalar(select(Board).where(Board.slug == slug)) is not None:
        raise Conflict("A board with this slug exists.", code="slug_taken",
                       fields={"slug": [Problem("taken", "Already in use.")]})
    position = (db.session.scalar(select(func.max(Board.position))) or 0) + 1
    board = Board(name=name, slug=slug, description=description, admin_only=admin_only,
                  position=position)
    db.session.add(board)
    db.session.flush()
    audit.record(actor, "board.create", board, name=name, slug=slug)
    db.session.commit()
    return board


def update_board(actor: User, board: Board, **changes) -> Board:
    """Rename, describe, restrict or archive a board; only given fields change."""
    applied = {}
    for field_name, value in changes.items():
        if value is not None and getattr(board, field_name) != value:
            setattr(board, field_name, value)
            applied[field_name] = value
    if applied:
        audit.record(actor, "board.update", board, **applied)
        db.session.commit()
    return board


def audit_page(cursor: str | None, limit: int, action: str | None = None):
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    rows, next_cursor = keyset_page(db.session, query, AuditEvent.id, cursor, limit)
    return [row[0] for row in rows], next_cursor


def stats(days: int) -> dict:
    """Totals, plus users who signed in on each of the last `days` days (UTC dates)."""
    since = utcnow() - timedelta(days=days - 1)
    since_day = since.date()
    day = func.date(AuditEvent.created_at)
    per_day = dict(db.session.execute(
        select(day, func.count(distinct(AuditEvent.actor_id)))
        .where(AuditEvent.action == "auth.login", AuditEvent.created_at >= _start_of(since_day))
        .group_by(day)).all())
    per_day = {str(key): count for key, count in per_day.items()}
    daily = []
    for offset in range(days):
        current = since_day + timedelta(days=offset)
        daily.append({"date": current.isoformat(), "count": per_day.get(current.isoformat(), 0)})
    active_users = db.session.scalar(select(func.count(distinct(AuditEvent.actor_id))).where(
        AuditEvent.action == "auth.login", AuditEvent.created_at >= _start_of(since_day)))

    def count(column):
        return db.session.scalar(select(func.count(column)))

    return {
        "users": db.session.scalar(select(func.count(User.id)).where(User.is_active.is_(True))),
        "active_users": active_users,
        "posts": count(Post.id),
        "comments": count(Comment.id),
        "uploads": db.session.scalar(select(func.count(Upload.id)).where(Upload.attached_at.is_not(None))),
        "daily_active": daily,
    }


def _start_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
