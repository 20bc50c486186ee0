"""Database round trips the read path does not need.

Reads run without a transaction: a GET (or HEAD) request's session uses its engine in
autocommit, so PostgreSQL gets the request's statements and nothing else (no BEGIN before them,
no ROLLBACK after). Under READ COMMITTED every statement takes its own snapshot inside a
transaction too, so reads see exactly what they saw before; requests that write keep their
transactions.

The hottest statements (the session check, a page of posts, a post page) are built once with
SQLAlchemy and, on PostgreSQL, compiled once too: `rows()` sends the compiled SQL straight to
the request's own connection (the session's, so it sees and joins the request's transaction),
skipping the per-execution work of the ORM and of Core's result objects, which cost more CPU than
the statements themselves. Elsewhere (SQLite in development) they run through the session.

Pooled connections are checked without a round trip too. `pool_pre_ping` sends a statement
each time a request takes a connection from the pool, to find connections a PostgreSQL restart
closed. A restart (or `pg_terminate_backend`) makes the server
send a FATAL error and close the socket, so a dead idle connection is one whose socket is
readable: a connection with no query in flight has nothing else to read. Checking that costs a
poll(2) with a zero timeout, and a connection found dead is replaced before the request uses it.
"""
from __future__ import annotations

import select

from flask import Flask, has_request_context, request
from flask_sqlalchemy.session import Session
from sqlalchemy import event, exc

READ_METHODS = frozenset({"GET", "HEAD"})


def is_read() -> bool:
    """This request only reads (GET or HEAD)."""
    return has_request_context() and request.method in READ_METHODS


class PortalSession(Session):
    """Flask-SQLAlchemy's session, on an autocommit view of the same engine for reads."""

    def get_bind(self, *args, **kwargs):
        engine = super().get_bind(*args, **kwargs)
        if is_read():
            return _autocommit_views.get(engine) or _autocommit_view(engine)
        return engine


_autocommit_views: dict = {}


def _autocommit_view(engine):
    view = _autocommit_views[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return view


def read_connection(engine):
    """A pooled connection for reads outside a transaction (no BEGIN, no ROLLBACK)."""
    return (_autocommit_views.get(engine) or _autocommit_view(engine)).connect()


_compiled: dict = {}


def rows(session, statement, params: dict) -> list[tuple]:
    """The rows of `statement` (built once, e.g. under functools.cache: it is compiled once per
    object) as tuples, with `params` bound by name; on the request's connection of `session`.
    Errors are SQLAlchemy's, as from session.execute (a lost connection invalidates the pool)."""
    return rows_on(session.connection(), statement, params)


def rows_on(connection, statement, params: dict) -> list[tuple]:
    """rows() on a Core connection."""
    if connection.dialect.name != "postgresql":
        return [tuple(row) for row in connection.execute(statement, params)]
    compiled = _compiled.get(statement)
    if compiled is None:
        compiled = statement.compile(dialect=connection.dialect)
        if compiled.positional or compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("rows() runs statements with plain named parameters only")
        compiled = _compiled[statement] = (str(compiled), compiled.params)
    sql, defaults = compiled
    params = {**defaults, **params}
    cursor = None
    try:
        cursor = connection.connection.dbapi_connection.cursor()
        with cursor:
            dispatch = connection.dispatch
            if dispatch.before_cursor_execute:  # listeners (tracing, tests) see these statements too
                dispatch.before_cursor_execute(connection, cursor, sql, params, None, False)
            found = cursor.execute(sql, params).fetchall()
            if dispatch.after_cursor_execute:
                dispatch.after_cursor_execute(connection, cursor, sql, params, None, False)
            return found
    except Exception as error:
        # The same wrapping and disconnect handling as a statement run through SQLAlchemy.
        connection._handle_dbapi_exception(error, sql, params, cursor, None)


def closed_by_server(dbapi_connection) -> bool:
    pgconn = getattr(dbapi_connection, "pgconn", None)  # psycopg 3; other drivers are not checked
    if pgconn is None:
        return False
    if dbapi_connection.closed or dbapi_connection.broken:
        return True
    try:
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN)
        return bool(poller.poll(0))
    except Exception:  # the driver already knows the socket is gone
        return True


def _check_on_checkout(dbapi_connection, _record, _proxy) -> None:
    if closed_by_server(dbapi_connection):
        # The pool replaces the connection and tries again (SQLAlchemy's DisconnectionError contract).
        raise exc.DisconnectionError("the server closed this pooled connection")


def init_app(app: Flask) -> None:
    from portal.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            event.listen(engine, "checkout", _check_on_checkout)
