"""Admin-only reads: the user search, the audit log and statistics. Accounts live in
portal.auth.accounts, boards in portal.boards."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import distinct, func, or_, select

from portal.extensions import db
from portal.models import AuditEvent, Comment, Post, Upload, User
from portal.models.types import utcnow
from portal.pagination import keyset_page
from portal.substring import contains


def search_users(q: str | None, cursor: str | None, limit: int):
    query = select(User)
    if q and q.strip():
        query = query.where(or_(contains(User.email, q.strip()), contains(User.name, q.strip())))
    rows, next_cursor = keyset_page(db.session, query, User.id, cursor, limit)
    return [row[0] for row in rows], next_cursor


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
