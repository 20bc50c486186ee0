"""Boards: the list employees read and write in, and the admin's changes to it."""
from __future__ import annotations

from functools import cache

from sqlalchemy import func, select

from portal import audit, database
from portal.errors import Conflict, Forbidden, InvalidInput, NotFound
from portal.extensions import db
from portal.field_problems import Problem
from portal.models import Board, User

_LISTED = ("id", "name", "slug", "description", "admin_only", "archived")


@cache
def _boards(include_archived: bool):
    query = select(*(getattr(Board, column) for column in _LISTED)).order_by(Board.position, Board.id)
    return query if include_archived else query.where(Board.archived.is_(False))


def list_boards(include_archived: bool = False) -> list[dict]:
    """The boards in display order, as BoardSchema shapes them (on committed data: every home page
    reads them)."""
    return [dict(zip(_LISTED, row, strict=True)) for row in database.rows(_boards(include_archived), {})]


def get_board(board_id: int) -> Board:
    board = db.session.get(Board, board_id)
    if board is None:
        raise NotFound("No such board.")
    return board


def writable_board(user: User, board_id: int) -> Board:
    board = db.session.get(Board, board_id)
    if board is None:
        raise InvalidInput("No such board.", code="unknown_board",
                           fields={"board_id": [Problem("not_found", "No such board.")]})
    if board.archived:
        raise InvalidInput("This board is archived.", code="board_archived",
                           fields={"board_id": [Problem("board_archived", "Archived boards take no new posts.")]})
    if board.admin_only and not user.is_admin:
        raise Forbidden("Only admins can post on this board.")
    return board


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
