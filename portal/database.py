"""Database round trips the read path does not need.

Reads run without a transaction: a GET (or HEAD) request's session uses its engine in
autocommit, so PostgreSQL gets the request's statements and nothing else (no BEGIN before them,
no ROLLBACK after). Under READ COMMITTED every statement takes its own snapshot inside a
transaction too, so reads see exactly what they saw before; requests that write keep their
transactions.

The hottest statements (the session check, a page of posts, a post page, the health check)
are built once with SQLAlchemy and, on PostgreSQL, compiled once too: `rows()` sends the
compiled SQL on a connection of its own, kept in autocommit for such statements, taken for that
one statement and given straight back (as a bare psycopg app does with its pool). It skips the ORM
session (created, joined and closed per request), the Core Connection and its result objects, and
the pool's checkout and checkin, which cost more CPU than the statements themselves, and it keeps
the session check out of a write's transaction, whose BEGIN would otherwise cost a round trip
before it. They read committed data only, so nothing that must see the request's own uncommitted
writes uses them. Elsewhere (SQLite in development) they run on an autocommit Core connection.

Pooled connections are checked without a round trip too. `pool_pre_ping` sends a statement
each time a request takes a connection from the pool, to find connections a PostgreSQL restart
closed. A restart (or `pg_terminate_backend`) makes the server
send a FATAL error and close the socket, so a dead idle connection is one whose socket is
readable: a connection with no query in flight has nothing else to read. Checking that costs a
poll(2) with a zero timeout, and a connection found dead is replaced before the request uses it.
"""
from __future__ import annotations

import os
import select
import threading
import weakref
from collections import deque
from contextlib import contextmanager

from flask import Flask, g, has_request_context, request
from flask_sqlalchemy.session import Session
from psycopg.pq import TransactionStatus
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection
from sqlalchemy.orm.attributes import instance_state
from sqlalchemy.pool import QueuePool

READ_METHODS = frozenset({"GET", "HEAD"})


def is_read() -> bool:
    """This request only reads (GET or HEAD)."""
    return has_request_context() and request.method in READ_METHODS


class PortalSession(Session):
    """Flask-SQLAlchemy's session, on an autocommit view of the same engine for reads. A request's
    session starts with the objects in_request_session() held for it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if has_request_context():
            for instance in g.pop(_HELD, {}).values():
                self.add(instance)

    def get_bind(self, *args, **kwargs):
        engine = super().get_bind(*args, **kwargs)
        if is_read():
            return _autocommit_views.get(engine) or _autocommit_view(engine)
        return engine


_HELD = "portal_objects_for_session"


def in_request_session(instance):
    """`instance` (a detached object) in this request's ORM session: added now if the request has
    one, else when it opens one, so a request that never needs its session never opens one (a
    session costs its set-up, and for a write its commit and close). The object in the session
    for that row, which is `instance` unless the session had already loaded the row."""
    from portal.extensions import db

    key = instance_state(instance).key
    if not db.session.registry.has():
        # One object per row, as a session keeps it (a view under two sign-in checks asks twice).
        return g.setdefault(_HELD, {}).setdefault(key, instance)
    session = db.session()
    loaded = session.identity_map.get(key)
    if loaded is not None:
        return loaded
    session.add(instance)
    return instance


_autocommit_views: dict = {}


def _autocommit_view(engine):
    view = _autocommit_views[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return view


def read_connection(engine):
    """A pooled Core connection for reads outside a transaction (no BEGIN, no ROLLBACK)."""
    return (_autocommit_views.get(engine) or _autocommit_view(engine)).connect()


_compiled: dict = {}


def rows(statement, params: dict) -> list[tuple]:
    """The rows of `statement` (built once, e.g. under functools.cache: it is compiled once per
    object) as tuples, with `params` bound by name; on a connection of its own (_own_connection), outside
    any transaction, so it sees committed data only. Statement listeners see it as from a
    Connection; errors are SQLAlchemy's (a lost connection invalidates the pool)."""
    from portal.extensions import db

    engine = db.engine
    if engine.dialect.name != "postgresql":
        with read_connection(engine) as connection:
            return [tuple(row) for row in connection.execute(statement, params)]
    sql, defaults = _compiled.get(statement) or _compile(statement, engine.dialect)
    params = {**defaults, **params}
    with _own_connection(engine) as connection, connection.cursor() as cursor:
        dispatch = engine.dispatch
        if dispatch.before_cursor_execute:  # listeners (tracing, tests) see these statements too
            dispatch.before_cursor_execute(None, cursor, sql, params, None, False)
        found = cursor.execute(sql, params).fetchall()
        if dispatch.after_cursor_execute:
            dispatch.after_cursor_execute(None, cursor, sql, params, None, False)
        return found


def transaction_in_one_round_trip(statements: list[str], params: dict) -> list[list[tuple]]:
    """BEGIN, `statements` (PostgreSQL SQL with named parameters, all given `params`) and COMMIT,
    sent together in one psycopg pipeline on a pooled connection of its own: one round trip, and
    a lock taken by one statement is held for the server's own work only. The rows of each
    statement. For a write that needs nothing else of the request's transaction."""
    from portal.extensions import db

    with _own_connection(db.engine) as connection:
        return pipelined(connection, statements, params, db.engine.dispatch, transaction=True)


def pipelined(dbapi_connection, statements: list[str], params: dict, dispatch, connection=None,
              transaction: bool = False) -> list[list[tuple]]:
    """The rows of each of `statements` (all given `params`), sent together in one psycopg pipeline
    on `dbapi_connection`, between BEGIN and COMMIT if `transaction`. Statement listeners
    (`dispatch`) see each statement, as from `connection` (the SQLAlchemy Connection, if any);
    errors are the driver's, for the caller to wrap."""
    cursors = []
    with dbapi_connection.pipeline():
        if transaction:
            dbapi_connection.execute("BEGIN")
        for sql in statements:
            cursor = dbapi_connection.cursor()
            if dispatch.before_cursor_execute:
                dispatch.before_cursor_execute(connection, cursor, sql, params, None, False)
            cursors.append(cursor.execute(sql, params))
        if transaction:
            dbapi_connection.execute("COMMIT")
    found = []
    for sql, cursor in zip(statements, cursors, strict=True):
        found.append(cursor.fetchall())
        if dispatch.after_cursor_execute:
            dispatch.after_cursor_execute(connection, cursor, sql, params, None, False)
        cursor.close()
    return found


@contextmanager
def _own_connection(engine):
    """A DBAPI connection in autocommit for the `with` block: one of the connections kept for
    these statements (_KeptConnections), or while all of those are busy, one of the engine's pool,
    given back as SQLAlchemy's sessions expect it. Errors are raised as SQLAlchemy's, and a lost
    connection is replaced, as for its own statements."""
    kept = _kept.get(engine)
    if kept is None:
        kept = _kept[engine] = _KeptConnections(_keepable(engine.pool))
    pooled = kept.take(engine)
    if pooled is None:
        with _pooled_connection(engine) as connection:
            yield connection
        return
    error_class = engine.dialect.loaded_dbapi.Error
    try:
        yield pooled.dbapi_connection
    except error_class as error:
        _raise_as_sqlalchemy(engine, error, pooled)
    finally:
        kept.give_back(pooled, error_class)


def _keepable(pool) -> int:
    """How many of a pool's connections may be kept: its size, if its overflow has room for them
    besides (the ORM's sessions then still get as many as the pool's size); none from a pool
    without overflow (the chat tier's: its greenlets share a fixed set fairly)."""
    if not isinstance(pool, QueuePool):
        return 0
    overflow = pool._max_overflow  # -1: no limit
    return pool.size() if overflow < 0 else min(pool.size(), overflow)


class _KeptConnections:
    """Up to `size` (_keepable) of an engine's pooled connections, each checked out once,
    kept out and in autocommit for these statements: taking one and giving it back is a list's pop
    and append, where the pool's checkout and checkin (their events, the reset on return, switching
    autocommit on and off) cost a third of a session check's CPU. They stay the pool's: it counts
    them (so a process opens no more connections than before), and a kept connection a server
    restart closed is found as the pool finds its own (closed_by_server) and replaced. None is
    shared across a fork: a process that finds it was forked starts with none."""

    def __init__(self, size: int):
        self.size = size
        self.idle: deque = deque()
        self.count = 0
        self.pid = os.getpid()
        self.lock = threading.Lock()

    def take(self, engine):
        """A kept connection (the pool's entry), or None while all of them are busy (the caller
        then borrows one from the pool for the statement)."""
        if self.pid != os.getpid():
            self.__init__(self.size)
        if not self.size:
            return None
        while self.idle:
            try:
                pooled = self.idle.pop()
            except IndexError:  # another thread took the last one
                break
            if not closed_by_server(pooled.dbapi_connection):
                return pooled
            self._discard(pooled)
        with self.lock:
            if self.count >= self.size:
                return None
            self.count += 1
        try:
            pooled = engine.raw_connection()  # the pool's checkout, with its liveness check
        except BaseException as error:
            self._forget_one()
            if isinstance(error, engine.dialect.loaded_dbapi.Error):  # wrapped as Engine.connect() wraps it
                Connection._handle_dbapi_exception_noconnection(error, engine.dialect, engine)
            raise
        pooled.dbapi_connection.autocommit = True  # never checked in again, only invalidated
        return pooled

    def give_back(self, pooled, error_class) -> None:
        connection = pooled.dbapi_connection
        if connection is None or connection.closed or self.count > self.size:
            self._discard(pooled)  # invalidated after a disconnect, or kept no more (close)
            return
        if connection.pgconn.transaction_status != TransactionStatus.IDLE:  # a BEGIN ... COMMIT that failed
            try:
                connection.rollback()
            except error_class:
                self._discard(pooled)
                return
        self.idle.append(pooled)

    def close(self) -> None:
        """Close the idle ones (an engine's dispose()); busy ones are closed when given back."""
        self.size = 0
        while self.idle:
            self._discard(self.idle.pop())

    def _discard(self, pooled) -> None:
        """Close it; the pool opens another when it needs one."""
        try:
            if pooled.dbapi_connection is not None:  # not invalidated already
                pooled.invalidate()
        finally:
            self._forget_one()

    def _forget_one(self) -> None:
        with self.lock:
            self.count -= 1


_kept: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def idle_kept(engine) -> int:
    """The engine's kept connections waiting for a statement (its pool counts them checked out)."""
    kept = _kept.get(engine)
    return len(kept.idle) if kept is not None else 0


def _close_kept(engine) -> None:
    kept = _kept.pop(engine, None)
    if kept is not None:
        kept.close()


@contextmanager
def _pooled_connection(engine):
    """A connection of the engine's pool in autocommit for the `with` block; then back to the pool
    as SQLAlchemy's sessions expect it: out of any transaction and of autocommit."""
    error_class = engine.dialect.loaded_dbapi.Error
    try:
        pooled = engine.raw_connection()  # the pool's checkout, with its liveness check (_check_on_checkout)
    except error_class as error:  # wrapped as Engine.connect() wraps it
        Connection._handle_dbapi_exception_noconnection(error, engine.dialect, engine)
    connection = pooled.dbapi_connection
    try:
        connection.autocommit = True
        yield connection
    except error_class as error:
        _raise_as_sqlalchemy(engine, error, pooled)
    finally:
        try:
            if not connection.closed:
                if connection.pgconn.transaction_status != TransactionStatus.IDLE:  # a BEGIN ... COMMIT that failed
                    connection.rollback()
                connection.autocommit = False
        except error_class:
            pooled.invalidate()
        pooled.close()


def _compile(statement, dialect) -> tuple[str, dict]:
    compiled = statement.compile(dialect=dialect)
    if compiled.positional or compiled.literal_execute_params or compiled.post_compile_params:
        raise ValueError("rows() runs statements with plain named parameters only")
    found = _compiled[statement] = (str(compiled), compiled.params)
    return found


def _raise_as_sqlalchemy(engine, error, pooled):
    """Raise `error` as a statement run through SQLAlchemy would: wrapped in its DBAPIError, and
    after a disconnect with the whole pool invalidated (the connection is never reused)."""
    lost = engine.dialect.is_disconnect(error, pooled.dbapi_connection, None)
    if lost:
        engine.pool._invalidate(pooled, error)
    raise exc.DBAPIError.instance(None, None, error, engine.dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=engine.dialect) from error


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
            event.listen(engine, "engine_disposed", _close_kept)
