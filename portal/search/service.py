"""Search across the portal: one term, four scopes, each read under the reader's own rules.

- posts: every board the reader can read (archived boards only when asked for by board_id), as the
  board list's `q` finds them (portal.posts.service, which knows how to read a million posts);
- comments: on those posts;
- people: active colleagues, as the directory finds them (portal.people.service.matching);
- messages: the conversations the reader is a member of now, deleted messages left out.

Every scope matches the same way (portal.bigrams: a substring, Korean two-syllable terms
included), returns results newest first (people: by name) one keyset page at a time, and marks
the matched words (portal.search.highlight). `author_id` and the since/until times narrow posts,
comments and messages; `board_id` narrows posts and comments; people take neither.
"""
from __future__ import annotations

from sqlalchemy import select

from portal import bigrams
from portal.chat import conversations
from portal.extensions import db
from portal.models import Board, Comment, Conversation, Message, Post, User
from portal.pagination import keyset_page
from portal.people import service as people
from portal.posts import service as posts
from portal.search.highlight import plain, segments, snippet

SCOPES = ("posts", "comments", "people", "messages")


def search(viewer: User, q: str, scope: str, cursor: str | None, limit: int, board_id: int | None = None,
           author_id: int | None = None, since=None, until=None) -> tuple[list[dict], str | None]:
    """One page of what `q` finds in `scope` for `viewer`, and the cursor of the next page."""
    narrowed = {"author_id": author_id, "since": since, "until": until}
    if scope == "posts":
        return _posts(q, board_id, cursor, limit, narrowed)
    if scope == "comments":
        return _comments(q, board_id, cursor, limit, **narrowed)
    if scope == "people":
        return _people(q, cursor, limit)
    return _messages(viewer, q, cursor, limit, **narrowed)


def _hit(**fields) -> dict:
    return {"post_id": None, "board_id": None, "conversation_id": None, "author": None, "created_at": None,
            **fields}


def _posts(q: str, board_id: int | None, cursor: str | None, limit: int, narrowed: dict):
    summaries, next_cursor = posts.list_posts(board_id, q, cursor, limit, **narrowed)
    bodies = dict(db.session.execute(
        select(Post.id, Post.body).where(Post.id.in_([post["id"] for post in summaries]))).all())
    return [_hit(id=post["id"], title=segments(post["title"], q),
                 snippet=snippet(plain(bodies.get(post["id"], "")), q, fallback=post["excerpt"]),
                 post_id=post["id"], board_id=post["board_id"], author=post["author"],
                 created_at=post["created_at"])
            for post in summaries], next_cursor


def _since_until(query, column, since, until):
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def _comments(q: str, board_id: int | None, cursor: str | None, limit: int, author_id, since, until):
    query = (select(Comment.id, Comment.body, Comment.created_at, Post.id, Post.title, Post.board_id,
                    User.id, User.name)
             .join(Post, Post.id == Comment.post_id)
             .join(Board, Board.id == Post.board_id)
             .join(User, User.id == Comment.author_id)
             .where(bigrams.matches(q, Comment.search_grams, Comment.body, dialect=db.engine.dialect.name)))
    query = query.where(Post.board_id == board_id) if board_id is not None else query.where(Board.archived.is_(False))
    if author_id is not None:
        query = query.where(Comment.author_id == author_id)
    rows, next_cursor = keyset_page(db.session, _since_until(query, Comment.created_at, since, until),
                                    Comment.id, cursor, limit)
    return [_hit(id=comment_id, title=segments(title, q), snippet=snippet(plain(body), q), post_id=post_id,
                 board_id=on_board, author={"id": writer_id, "name": writer}, created_at=created_at)
            for comment_id, body, created_at, post_id, title, on_board, writer_id, writer in rows], next_cursor


def _people(q: str, cursor: str | None, limit: int):
    found, next_cursor = people.directory(q, None, cursor, limit)
    return [_hit(id=person["id"], title=segments(person["name"], q),
                 snippet=segments(" · ".join(part for part in (person["department"], person["title"], person["email"])
                                             if part), q))
            for person in found], next_cursor


def _messages(viewer: User, q: str, cursor: str | None, limit: int, author_id, since, until):
    query = (select(Message.id, Message.body, Message.created_at, Message.conversation_id, User.id, User.name)
             .join(User, User.id == Message.author_id)
             .where(Message.conversation_id.in_(conversations.current(viewer.id)), Message.deleted_at.is_(None),
                    bigrams.matches(q, Message.search_grams, Message.body, dialect=db.engine.dialect.name)))
    if author_id is not None:
        query = query.where(Message.author_id == author_id)
    rows, next_cursor = keyset_page(db.session, _since_until(query, Message.created_at, since, until),
                                    Message.id, cursor, limit)
    held = list(db.session.scalars(select(Conversation).where(Conversation.id.in_({row[3] for row in rows}))))
    titles = conversations.titles(viewer, held)
    return [_hit(id=message_id, title=[{"text": titles[conversation_id], "match": False}],
                 snippet=snippet(body, q), conversation_id=conversation_id,
                 author={"id": writer_id, "name": writer}, created_at=created_at)
            for message_id, body, created_at, conversation_id, writer_id, writer in rows], next_cursor
