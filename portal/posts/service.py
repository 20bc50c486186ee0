"""Posts and comments: who may do what, and the transactions behind each action."""
from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, func, select, text

from portal import audit, database
from portal.auth.permissions import ensure_may_change, may_change
from portal.boards import service as boards
from portal.errors import NotFound
from portal.extensions import db
from portal.models import Board, Comment, Notice, NoticeAck, Post, Upload, User
from portal.models.types import utcnow
from portal.notifications import service as notifications
from portal.pagination import decode_cursor, encode_cursor, keyset_page_prebuilt, keyset_page_query
from portal.posts import content, search
from portal.uploads import service as uploads


# -- posts --------------------------------------------------------------------------------
@cache
def _summaries() -> Select:
    """The columns of a post summary (built once: the list is the portal's busiest read)."""
    comment_count = (select(func.count(Comment.id)).where(Comment.post_id == Post.id)
                     .correlate(Post).scalar_subquery())
    attachment_count = (select(func.count(Upload.id)).where(Upload.post_id == Post.id)
                        .correlate(Post).scalar_subquery())
    return (select(Post.id, Post.board_id, Post.title, Post.excerpt, Post.author_id, User.name, Post.created_at,
                   Post.updated_at, comment_count, attachment_count, Post.view_count)
            .join(User, User.id == Post.author_id))


@cache
def _summary_page(on_one_board: bool) -> Select:
    if on_one_board:
        query = _summaries().where(Post.board_id == bindparam("board_id"))
    else:
        query = _summaries().join(Board, Board.id == Post.board_id).where(Board.archived.is_(False))
    return keyset_page_query(query, Post.id)


def list_posts(board_id: int | None, q: str | None, cursor: str | None, limit: int, **narrowed):
    """One page of post summaries, newest first, whatever the page size: one statement, or for a
    search two (the page's ids, found as _search_page explains, then the summaries of just those).
    A search may be `narrowed` by author_id, and by since (inclusive) and until (exclusive) times."""
    if q and q.strip():
        page_query = select(Post.id).join(Board, Board.id == Post.board_id)
        if board_id is not None:
            page_query = page_query.where(Post.board_id == board_id)
        else:
            page_query = page_query.where(Board.archived.is_(False))
        page_query = _narrowed(page_query, **narrowed).where(search.matches(q, db.engine.dialect.name))
        rows, next_cursor = _search_page(page_query, cursor, limit)
        ids = [row[0] for row in rows]
        if not ids:
            return [], next_cursor
        rows = db.session.execute(_summaries().where(Post.id.in_(ids)).order_by(Post.id.desc())).all()
    else:
        rows, next_cursor = keyset_page_prebuilt(_summary_page(board_id is not None), {"board_id": board_id},
                                                 cursor, limit)
    items = [
        {"id": r[0], "board_id": r[1], "title": r[2], "excerpt": r[3],
         "author": {"id": r[4], "name": r[5]}, "created_at": r[6], "updated_at": r[7],
         "comment_count": r[8], "attachment_count": r[9], "view_count": r[10]}
        for r in rows
    ]
    return items, next_cursor


def _narrowed(query: Select, author_id: int | None = None, since=None, until=None) -> Select:
    if author_id is not None:
        query = query.where(Post.author_id == author_id)
    if since is not None:
        query = query.where(Post.created_at >= since)
    if until is not None:
        query = query.where(Post.created_at < until)
    return query


def _search_page(page_query, cursor: str | None, limit: int):
    """Probe the newest posts in id order; then, if the probe says it is cheaper, a span of older
    posts in id order; then the rest through the index (see search.PROBE and in_order_span)."""
    top = decode_cursor(cursor)
    if top is None:
        top = (db.session.scalar(select(func.max(Post.id))) or 0) + 1
    floor = max(top - search.PROBE, 0)
    rows = _search_ids(page_query.where(Post.id < top, Post.id >= floor), limit + 1, by_index=False)
    span = search.in_order_span(len(rows), limit + 1 - len(rows), top - floor, floor)
    if len(rows) <= limit and span:
        rows += _search_ids(page_query.where(Post.id < floor, Post.id >= floor - span),
                            limit + 1 - len(rows), by_index=False)
        floor -= span
    if len(rows) <= limit and floor > 0:
        rows += _search_ids(page_query.where(Post.id < floor), limit + 1 - len(rows), by_index=True)
    has_more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1][0]) if has_more else None


def _search_ids(query, limit: int, by_index: bool):
    """The newest `limit` rows of a search query, read through the bigram index (by_index) or
    in id order, stopping at `limit`; on PostgreSQL the planner is told which, for this query only.

    The settings are transaction-local, and reads otherwise run without a transaction
    (portal.database), so this statement gets a transaction of its own: its end resets them."""
    query = query.order_by(Post.id.desc()).limit(limit)
    if db.engine.dialect.name != "postgresql":
        return db.session.execute(query).all()
    with db.engine.connect() as connection, connection.begin():
        connection.execute(text(search.PLANNER_BY_INDEX if by_index else search.PLANNER_IN_ID_ORDER))
        return connection.execute(query).all()


def get_post(post_id: int) -> Post:
    post = db.session.get(Post, post_id)
    if post is None:
        raise NotFound("No such post.")
    return post


@cache
def _post_page() -> Select:
    """The post page's one statement (built once): the post and its author, its notice with the
    viewer's confirmation, its comment count, and its attachments, one row each."""
    comment_count = (select(func.count(Comment.id)).where(Comment.post_id == Post.id)
                     .correlate(Post).scalar_subquery())
    acked = (select(NoticeAck.notice_id)
             .where(NoticeAck.notice_id == Notice.id, NoticeAck.user_id == bindparam("viewer_id"))
             .correlate(Notice).exists())
    return (select(Post.id, Post.board_id, Post.title, Post.body, Post.body_html, Post.author_id, User.name,
                   Post.created_at, Post.updated_at, comment_count, Notice.id, Notice.scope, Notice.requires_ack,
                   acked, Upload.key, Upload.filename, Upload.content_type, Upload.size)
            .join(User, User.id == Post.author_id)
            .outerjoin(Notice, Notice.post_id == Post.id)
            .outerjoin(Upload, Upload.post_id == Post.id)
            .where(Post.id == bindparam("post_id"))
            .order_by(Upload.attached_at, Upload.id))


def post_details(post_id: int, viewer: User) -> dict:
    """What the post page shows, in one statement (on committed data: after a write, its commit)."""
    rows = database.rows(_post_page(), {"post_id": post_id, "viewer_id": viewer.id})
    if not rows:
        raise NotFound("No such post.")
    r = rows[0]
    notice = None if r[10] is None else {"id": r[10], "scope": r[11], "requires_ack": r[12], "acked": r[13]}
    return {
        "id": r[0], "board_id": r[1], "title": r[2], "body": r[3], "body_html": r[4],
        "author": {"id": r[5], "name": r[6]}, "created_at": r[7], "updated_at": r[8],
        "comment_count": r[9], "notice": notice,
        "attachments": [uploads.attachment_view(*row[14:18]) for row in rows if row[14] is not None],
        "can_edit": may_change(viewer, r[5]),
    }


def create_post(user: User, board_id: int, title: str, body: str, attachment_keys: list[str]) -> Post:
    board = boards.writable_board(user, board_id)
    files = uploads.claim(user, attachment_keys, "attachment_keys")
    post = Post(board_id=board.id, author_id=user.id, **content.written(title, body))
    db.session.add(post)
    db.session.flush()
    uploads.attach_to_post(files, post)
    pending = notifications.for_post(user, post)
    db.session.commit()
    notifications.deliver(pending)
    return post


def update_post(user: User, post: Post, title: str, body: str, attachment_keys: list[str]) -> Post:
    ensure_may_change(user, post.author_id, "Only the author or an admin can change this post.")
    files = uploads.claim(user, attachment_keys, "attachment_keys", post=post)
    for column, value in content.written(title, body).items():
        setattr(post, column, value)
    post.updated_at = utcnow()
    uploads.attach_to_post(files, post)
    if user.id != post.author_id:
        audit.record(user, "post.update", post)
    db.session.commit()
    return post


def delete_post(user: User, post: Post) -> None:
    ensure_may_change(user, post.author_id, "Only the author or an admin can change this post.")
    if user.id != post.author_id:
        audit.record(user, "post.delete", post, title=post.title, author_id=post.author_id)
    db.session.delete(post)
    db.session.commit()


# -- comments -----------------------------------------------------------------------------
def comment_view(comment: Comment, viewer: User) -> dict:
    return _comment_view(comment.id, comment.post_id, comment.body, comment.body_html, comment.author_id,
                         comment.author.name, comment.created_at, comment.edited_at, viewer)


def _comment_view(comment_id, post_id, body, body_html, author_id, author_name, created_at, edited_at,
                  viewer: User) -> dict:
    """A comment as CommentSchema shapes it, for `viewer`."""
    allowed = may_change(viewer, author_id)
    return {"id": comment_id, "post_id": post_id, "body": body, "body_html": body_html,
            "author": {"id": author_id, "name": author_name}, "created_at": created_at, "edited_at": edited_at,
            "can_edit": allowed, "can_delete": allowed}


@cache
def _comments_of_post() -> Select:
    """A post's comments with their authors' names, oldest first, in one statement (built once);
    a post with none gives one row of NULLs, a missing post none."""
    return (select(Comment.id, Comment.body, Comment.body_html, Comment.author_id, User.name, Comment.created_at,
                   Comment.edited_at)
            .select_from(Post)
            .outerjoin(Comment, Comment.post_id == Post.id)
            .outerjoin(User, User.id == Comment.author_id)
            .where(Post.id == bindparam("post_id"))
            .order_by(Comment.id))


def list_comments(post_id: int, viewer: User) -> list[dict]:
    """The comments on a post as the post page shows them (on committed data), read without the
    ORM: the comment list is read on every post page."""
    rows = database.rows(_comments_of_post(), {"post_id": post_id})
    if not rows:
        raise NotFound("No such post.")
    return [_comment_view(r[0], post_id, *r[1:], viewer) for r in rows if r[0] is not None]


def add_comment(user: User, post: Post, body: str) -> dict:
    comment = Comment(post_id=post.id, author_id=user.id, **content.comment_written(body))
    db.session.add(comment)
    db.session.flush()
    pending = notifications.for_comment(user, post, comment)
    db.session.commit()
    notifications.deliver(pending)
    return comment_view(comment, user)


def _comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("No such comment.")
    return comment


def update_comment(user: User, comment_id: int, body: str) -> dict:
    """Change a comment's text (author or admin); it shows as edited from then on."""
    comment = _comment(comment_id)
    ensure_may_change(user, comment.author_id, "Only the author or an admin can change this comment.")
    for column, value in content.comment_written(body).items():
        setattr(comment, column, value)
    comment.edited_at = utcnow()
    if user.id != comment.author_id:
        audit.record(user, "comment.update", comment, post_id=comment.post_id)
    db.session.commit()
    return comment_view(comment, user)


def delete_comment(user: User, comment_id: int) -> None:
    comment = _comment(comment_id)
    ensure_may_change(user, comment.author_id, "Only the author or an admin can change this comment.")
    if user.id != comment.author_id:
        audit.record(user, "comment.delete", comment, post_id=comment.post_id)
    db.session.delete(comment)
    db.session.commit()
