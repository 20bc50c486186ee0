"""Notices: posts pinned by admins, and the read confirmations they may require."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy import and_, bindparam, or_, select

from portal import audit, database
from portal.boards import service as boards
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Notice, NoticeAck, Post, User
from portal.models.notice import window_state
from portal.models.types import utcnow
from portal.notifications import service as notifications
from portal.posts import content


def _listed_at(now: datetime):
    """Inside its window at `now` (both ends in UTC; an open end never excludes)."""
    return and_(or_(Notice.starts_at.is_(None), Notice.starts_at <= now),
                or_(Notice.ends_at.is_(None), Notice.ends_at > now))


@cache
def _listed(on_one_board: bool) -> sa.Select:
    """The notices inside their window at :now, site-wide first, each with its post's title, board
    and author and whether :viewer_id confirmed it: one statement (built once), read on every home
    page, without loading the posts' bodies."""
    acked = (select(NoticeAck.notice_id)
             .where(NoticeAck.notice_id == Notice.id, NoticeAck.user_id == bindparam("viewer_id"))
             .correlate(Notice).exists())
    query = (select(Notice.id, Notice.post_id, Post.title, Notice.scope, Post.board_id, Notice.requires_ack, acked,
                    Notice.created_at, Post.author_id, User.name, Notice.starts_at, Notice.ends_at)
             .join(Post, Post.id == Notice.post_id).join(User, User.id == Post.author_id)
             .where(_listed_at(bindparam("now"))))
    if on_one_board:
        query = query.where(or_(Notice.scope == "site", Post.board_id == bindparam("board_id")))
    return query.order_by((Notice.scope == "site").desc(), Notice.id.desc())


def list_notices(viewer: User, board_id: int | None) -> list[dict]:
    """Site-wide notices, then board notices (of `board_id` only, when given); only those inside
    their window now (on committed data)."""
    now = utcnow()
    rows = database.rows(_listed(board_id is not None), {"now": now, "viewer_id": viewer.id, "board_id": board_id})
    return [_notice_view(*row, now) for row in rows]


def list_all(viewer: User) -> list[dict]:
    """Every notice, whatever its window, newest first, each with its state (the admin list)."""
    notices = list(db.session.scalars(select(Notice).order_by(Notice.id.desc())))
    acked = set(db.session.scalars(select(NoticeAck.notice_id).where(
        NoticeAck.user_id == viewer.id, NoticeAck.notice_id.in_([n.id for n in notices]))))
    return [_summary(notice, notice.id in acked) for notice in notices]


def _summary(notice: Notice, acked: bool) -> dict:
    post = notice.post
    return _notice_view(notice.id, post.id, post.title, notice.scope, post.board_id, notice.requires_ack, acked,
                        notice.created_at, post.author_id, post.author.name, notice.starts_at, notice.ends_at,
                        utcnow())


def _notice_view(notice_id, post_id, title, scope, board_id, requires_ack, acked, created_at, author_id,
                 author_name, starts_at, ends_at, now: datetime) -> dict:
    """A notice as NoticeSchema shapes it, in the columns of _listed()'s rows, its state at `now`."""
    return {"id": notice_id, "post_id": post_id, "title": title, "scope": scope, "board_id": board_id,
            "requires_ack": requires_ack, "acked": acked, "created_at": created_at,
            "author": {"id": author_id, "name": author_name}, "starts_at": starts_at, "ends_at": ends_at,
            "state": window_state(starts_at, ends_at, now)}


def _check_window(starts_at: datetime | None, ends_at: datetime | None) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise InvalidInput("A notice must end after it starts.", code="notice_window",
                           fields={"ends_at": [Problem("ends_before_start", "Must be later than starts_at.")]})


def get_notice(notice_id: int) -> Notice:
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("No such notice.")
    return notice


def compose(actor: User, board_id: int, title: str, body: str, scope: str, requires_ack: bool,
            starts_at: datetime | None, ends_at: datetime | None) -> dict:
    """Write a new post on a board and pin it as a notice, in one transaction."""
    _check_window(starts_at, ends_at)
    board = boards.writable_board(actor, board_id)
    post = Post(board_id=board.id, author_id=actor.id, **content.written(title, body))
    db.session.add(post)
    db.session.flush()
    notice = Notice(post_id=post.id, scope=scope, requires_ack=requires_ack, pinned_by_id=actor.id,
                    starts_at=starts_at, ends_at=ends_at)
    db.session.add(notice)
    db.session.flush()
    audit.record(actor, "notice.create", notice, post_id=post.id, scope=scope, requires_ack=requires_ack,
                 starts_at=_iso(starts_at), ends_at=_iso(ends_at))
    pending = _announce(actor, notice)
    db.session.commit()
    notifications.deliver(pending)
    return _summary(notice, acked=False)


def _announce(actor: User, notice: Notice):
    """Notify a required notice only once it is listed; a scheduled one stays unannounced
    (announced_at NULL) until announce_due finds its window open."""
    if notice.state(utcnow()) != "active":
        return []
    notice.announced_at = notice.announced_at or utcnow()
    return notifications.for_notice(actor, notice)


def announce_due(now: datetime | None = None) -> int:
    """Tell everyone of each required notice whose window has opened and who nobody has told yet;
    returns how many notices were announced.

    Run every minute on every app host (`flask notices announce-due`, a systemd timer) rather than
    on a read path: reads stay free of writes, and the bell is told within a minute of the start.
    The claim is one UPDATE … WHERE announced_at IS NULL … RETURNING through a partial index: a
    host that races another waits for its row lock, sees announced_at set and claims nothing, so
    each notice is announced exactly once however many hosts run it."""
    now = now or utcnow()
    claimed = db.session.scalars(
        sa.update(Notice).where(Notice.announced_at.is_(None), Notice.requires_ack.is_(True),
                             Notice.starts_at <= now, or_(Notice.ends_at.is_(None), Notice.ends_at > now))
        .values(announced_at=now).returning(Notice.id)).all()
    pending = []
    for notice in db.session.scalars(select(Notice).where(Notice.id.in_(claimed)).order_by(Notice.id)):
        pending += notifications.for_notice(db.session.get(User, notice.pinned_by_id), notice)
    db.session.commit()
    notifications.deliver(pending)
    return len(claimed)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def pin(actor: User, post_id: int, scope: str, requires_ack: bool) -> dict:
    post = db.session.get(Post, post_id)
    if post is None:
        raise InvalidInput("No such post.", code="unknown_post",
                           fields={"post_id": [Problem("not_found", "No such post.")]})
    if db.session.scalar(select(Notice).where(Notice.post_id == post_id)) is not None:
        raise Conflict("This post is already a notice.", code="already_pinned")
    notice = Notice(post_id=post_id, scope=scope, requires_ack=requires_ack, pinned_by_id=actor.id)
    db.session.add(notice)
    db.session.flush()
    audit.record(actor, "notice.pin", notice, post_id=post_id, scope=scope, requires_ack=requires_ack)
    pending = _announce(actor, notice)  # a pinned notice has an open window: always active
    db.session.commit()
    notifications.deliver(pending)
    return _summary(notice, acked=False)


def update(actor: User, notice: Notice, **changes) -> dict:
    """Change what was sent: scope, requires_ack, the window, and the post's title or body."""
    _check_window(changes.get("starts_at", notice.starts_at), changes.get("ends_at", notice.ends_at))
    for column in ("scope", "requires_ack", "starts_at", "ends_at"):
        if column in changes:
            setattr(notice, column, changes[column])
    post = notice.post
    if "title" in changes or "body" in changes:
        written = content.written(changes.get("title", post.title), changes.get("body", post.body))
        for column, value in written.items():
            setattr(post, column, value)
        post.updated_at = utcnow()
    audit.record(actor, "notice.update", notice, changed=sorted(changes), scope=notice.scope,
                 requires_ack=notice.requires_ack, starts_at=_iso(notice.starts_at), ends_at=_iso(notice.ends_at))
    pending = _announce(actor, notice)  # newly required: everyone not yet told
    db.session.commit()
    notifications.deliver(pending)
    acked = db.session.get(NoticeAck, (notice.id, actor.id)) is not None
    return _summary(notice, acked)


def unpin(actor: User, notice: Notice) -> None:
    audit.record(actor, "notice.unpin", notice, post_id=notice.post_id)
    db.session.delete(notice)
    db.session.commit()


def retire(actor: User, notice: Notice) -> dict:
    """End the notice now (it stays in the admin list, ended); retiring twice changes nothing."""
    now = utcnow()
    if notice.state(now) != "ended":
        if notice.starts_at is not None and notice.starts_at >= now:
            notice.starts_at = None  # a scheduled notice retired before it started never shows
        notice.ends_at = now
        audit.record(actor, "notice.retire", notice, ends_at=_iso(now))
        db.session.commit()
    acked = db.session.get(NoticeAck, (notice.id, actor.id)) is not None
    return _summary(notice, acked)


def acknowledge(user: User, notice: Notice) -> None:
    """Confirm having read a notice; confirming twice changes nothing."""
    if not notice.requires_ack:
        raise InvalidInput("This notice does not ask for confirmation.", code="ack_not_required")
    if db.session.get(NoticeAck, (notice.id, user.id)) is None:
        db.session.add(NoticeAck(notice_id=notice.id, user_id=user.id))
        db.session.commit()


def confirmations(notice: Notice) -> dict:
    """Who has confirmed (with when) and which active users have not yet."""
    acks = list(db.session.scalars(
        select(NoticeAck).where(NoticeAck.notice_id == notice.id).order_by(NoticeAck.acked_at)))
    acked_ids = {ack.user_id for ack in acks}
    pending = [user for user in db.session.scalars(
        select(User).where(User.is_active.is_(True)).order_by(User.name)) if user.id not in acked_ids]
    return {"acked": [{"user": ack.user, "acked_at": ack.acked_at} for ack in acks],
            "pending": pending}


CSV_HEADERS = {"ko": ("이름", "이메일", "확인 여부", "확인 시각 (UTC)"),
               "en": ("Name", "Email", "Confirmed", "Confirmed at (UTC)")}
_CSV_YES_NO = {"ko": ("확인", "미확인"), "en": ("yes", "no")}


def _cell(value: str) -> str:
    """Keep a spreadsheet from reading a name as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def confirmations_csv(actor: User, notice: Notice, lang: str) -> str:
    """Who has and has not confirmed, as CSV text: confirmed first (by time), then pending (by name).
    The caller sends it with a BOM so Excel reads the Korean names as UTF-8."""
    result = confirmations(notice)
    yes, no = _CSV_YES_NO[lang]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS[lang])
    for ack in result["acked"]:
        writer.writerow((_cell(ack["user"].name), _cell(ack["user"].email), yes,
                         ack["acked_at"].isoformat(timespec="seconds")))
    for user in result["pending"]:
        writer.writerow((_cell(user.name), _cell(user.email), no, ""))
    audit.record(actor, "notice.export_acks", notice, acked=len(result["acked"]), pending=len(result["pending"]))
    db.session.commit()
    return out.getvalue()
