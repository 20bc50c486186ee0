"""Notices: posts pinned by admins, and the read confirmations they may require."""
from __future__ import annotations

from sqlalchemy import or_, select

from portal import audit
from portal.errors import Conflict, InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Notice, NoticeAck, Post, User
from portal.notifications import service as notifications


def list_notices(viewer: User, board_id: int | None) -> list[dict]:
    """Site-wide notices, then board notices (of `board_id` only, when given)."""
    query = select(Notice).join(Post, Post.id == Notice.post_id)
    if board_id is not None:
        query = query.where(or_(Notice.scope == "site", Post.board_id == board_id))
    notices = list(db.session.scalars(
        query.order_by((Notice.scope == "site").desc(), Notice.id.desc())))
    acked = set(db.session.scalars(select(NoticeAck.notice_id).where(
        NoticeAck.user_id == viewer.id, NoticeAck.notice_id.in_([n.id for n in notices]))))
    return [_summary(notice, notice.id in acked) for notice in notices]


def _summary(notice: Notice, acked: bool) -> dict:
    post = notice.post
    return {"id": notice.id, "post_id": post.id, "title": post.title, "scope": notice.scope,
            "board_id": post.board_id, "requires_ack": notice.requires_ack, "acked": acked,
            "created_at": notice.created_at, "author": post.author}


def get_notice(notice_id: int) -> Notice:
    notice = db.session.get(Notice, notice_id)
    if notice is None:
        raise NotFound("No such notice.")
    return notice


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
    pending = notifications.for_notice(actor, notice)
    db.session.commit()
    notifications.deliver(pending)
    return _summary(notice, acked=False)


def update(actor: User, notice: Notice, scope: str | None, requires_ack: bool | None) -> dict:
    if scope is not None:
        notice.scope = scope
    if requires_ack is not None:
        notice.requires_ack = requires_ack
    audit.record(actor, "notice.update", notice, scope=notice.scope, requires_ack=notice.requires_ack)
    pending = notifications.for_notice(actor, notice)  # newly required: everyone not yet told
    db.session.commit()
    notifications.deliver(pending)
    acked = db.session.get(NoticeAck, (notice.id, actor.id)) is not None
    return _summary(notice, acked)


def unpin(actor: User, notice: Notice) -> None:
    audit.record(actor, "notice.unpin", notice, post_id=notice.post_id)
    db.session.delete(notice)
    db.session.commit()


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
