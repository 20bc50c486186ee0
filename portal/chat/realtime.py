"""Delivering chat events: Socket.IO set-up, publishing, presence and forced disconnects.

Every socket joins one room, `user:<id>`. Events for a conversation are emitted to the rooms
of its members *as read from the database at that moment*, so adding, removing or leaving
takes effect on the next event with no room bookkeeping to get out of step, on any process.

With REDIS_URL set, Socket.IO uses Redis as its message queue: an emit from any process (a
REST request, another socket, the CLI) reaches sockets held by every process. Without it
everything runs in-process, which is enough for development.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable

from flask import Flask, current_app

from portal import metrics
from portal.chat import tier
from portal.extensions import socketio

log = logging.getLogger("portal.chat")


def init_app(app: Flask) -> None:
    from portal.auth.accounts import user_deactivated
    from portal.chat import events  # noqa: F401  (registers the Socket.IO handlers)
    from portal.chat.message_queue import MeasuredRedisManager

    mode = tier.async_mode(app.config["CHAT_ASYNC_MODE"])
    if mode == "gevent":
        tier.check_database_driver_yields()
    queue = {}
    if app.config["REDIS_URL"]:
        # Publishing takes a connection for one PUBLISH; let a burst of them through.
        queue["client_manager"] = MeasuredRedisManager(
            app.config["REDIS_URL"], channel=app.config["CHAT_CHANNEL"],
            redis_options={"max_connections": 10000})
    without_socketio = app.wsgi_app
    socketio.init_app(
        app,
        **queue,
        async_mode=mode,
        # WebSocket only: a connection is one request held by one process from start to end,
        # so any number of processes can serve it without sticky sessions (no long-polling).
        transports=["websocket"],
        # None means same origin only (the SPA is served by the portal behind the same Nginx).
        cors_allowed_origins=app.config["CORS_ORIGINS"] or None,
        manage_session=False,
    )
    # Outside Socket.IO's own middleware: a full process answers 503 before any Socket.IO work.
    app.wsgi_app = app.extensions["chat_socket_limit"] = tier.SocketLimit(
        app.wsgi_app, "socket.io", app.config["CHAT_MAX_SOCKETS"], without_socketio)
    log.info("chat: Socket.IO on %s, at most %d sockets in this process", mode, app.config["CHAT_MAX_SOCKETS"])
    with app.app_context():
        app.extensions["chat_presence"] = (
            RedisPresence(app.config["REDIS_URL"], app.config["CHAT_CHANNEL"], app.config["CHAT_PRESENCE_TTL"])
            if app.config["REDIS_URL"] else LocalPresence())
        app.extensions["chat_socket_watch"] = SocketWatch(app, app.config["CHAT_SESSION_CHECK_SECONDS"])
    user_deactivated.connect(_on_user_deactivated, weak=False)


def configure_pools(app: Flask) -> None:
    """Under gevent, one process runs every socket at once: a burst of connecting sockets must
    queue for a fixed set of database connections (greenlets wait cooperatively) rather than open
    and close an overflow of them, each one a PostgreSQL backend. Called before the engine exists."""
    if tier.async_mode(app.config["CHAT_ASYNC_MODE"]) == "gevent":
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "pool_size": app.config["CHAT_DATABASE_POOL"], "max_overflow": 0, "pool_timeout": 10}


def _redis(url: str, **options):
    """A Redis client whose pool waits (at most 2 s) for a free connection when all
    CHAT_REDIS_POOL are busy, instead of failing at once as redis-py's default pool does."""
    import redis

    pool = redis.BlockingConnectionPool.from_url(
        url, max_connections=current_app.config["CHAT_REDIS_POOL"], timeout=2, socket_timeout=2,
        socket_connect_timeout=2, **options)
    return redis.Redis(connection_pool=pool)


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def publish(event: str, payload: dict, user_ids: Iterable[int], skip_sid: str | None = None) -> None:
    """Send `event` to every socket of `user_ids`, on whichever process holds it.

    Called after the transaction is committed. A failure here is logged, not raised: the data
    is already stored, and clients catch up from the history API when they reconnect.
    """
    rooms = [user_room(user_id) for user_id in sorted(set(user_ids))]
    if not rooms:
        return
    try:
        socketio.emit(event, payload, to=rooms, skip_sid=skip_sid)
    except Exception:
        log.exception("could not publish %s", event)


class SocketWatch:
    """This process's sockets and the sessions behind them.

    Every few seconds (CHAT_SESSION_CHECK_SECONDS) it closes the sockets whose access token has
    expired or whose session has ended — sign-out, password change, a reused refresh token,
    deactivation — with one query for all of them. Each process watches the sockets it holds,
    so a session ended through any process stops its sockets on every process. The SPA
    reconnects with its renewed token before the old one expires.
    """

    def __init__(self, app: Flask, interval: float):
        self._app = app
        self.interval = interval
        self._queue = _QueueHealth(app.config["REDIS_URL"]) if app.config["REDIS_URL"] else None
        self._sockets: dict[str, tuple[str, float]] = {}  # sid -> (session id, token expiry)
        self._lock = threading.Lock()
        self._watching = False

    def add(self, sid: str, session_id: str, expires_at: float) -> None:
        with self._lock:
            self._sockets[sid] = (session_id, expires_at)
            start = not self._watching
            self._watching = True
            metrics.set_open_sockets(len(self._sockets))
        if start:
            socketio.start_background_task(self._watch)

    def remove(self, sid: str) -> None:
        with self._lock:
            self._sockets.pop(sid, None)
            metrics.set_open_sockets(len(self._sockets))

    def ended(self) -> list[tuple[str, str]]:
        """(socket, reason) for the sockets whose session is no longer open (`session_ended`)
        or whose token expired (`token_expired`: the client renews it and reconnects)."""
        from sqlalchemy import select

        from portal.extensions import db
        from portal.models import AuthSession, User

        with self._lock:
            sockets = dict(self._sockets)
        if not sockets:
            return []
        now = time.time()
        with self._app.app_context():
            open_sessions = set(db.session.scalars(
                select(AuthSession.id).join(User, User.id == AuthSession.user_id)
                .where(AuthSession.id.in_({session for session, _ in sockets.values()}),
                       AuthSession.revoked_at.is_(None), User.is_active.is_(True))))
            db.session.remove()
        return [(sid, "session_ended" if session not in open_sessions else "token_expired")
                for sid, (session, expires_at) in sockets.items()
                if expires_at <= now or session not in open_sessions]

    def close_ended(self) -> None:
        for sid, reason in self.ended():
            self._close(sid, "session:ended", {"reason": reason})

    def close_all(self, reason: str) -> None:
        """Drop every socket of this process; clients reconnect and catch up from the history."""
        with self._lock:
            sids = list(self._sockets)
        for sid in sids:
            self._close(sid, "chat:reconnect", {"reason": reason})

    def _close(self, sid: str, event: str, payload: dict) -> None:
        self.remove(sid)
        try:  # this process's own sockets: no round through the message queue, which may be down
            socketio.server.emit(event, payload, to=sid, ignore_queue=True)
            socketio.server.disconnect(sid, ignore_queue=True)
        except Exception:
            log.exception("could not close socket %s", sid)

    def _watch(self) -> None:
        while True:
            socketio.sleep(self.interval)
            # Redis (the message queue) lost or back: events published meanwhile never reached
            # these sockets, so they reconnect and fetch what they missed.
            if self._queue is not None and (change := self._queue.change()):
                log.warning("chat message queue %s: closing this process's sockets so clients catch up", change)
                self.close_all(f"queue_{change}")
            if metrics.enabled():
                _send_heartbeat()
            try:
                self.close_ended()
            except Exception:  # the database may be restarting: try again next round
                log.exception("could not check the sockets' sessions")


class _QueueHealth:
    """Whether the message queue answers, and when that changes."""

    def __init__(self, url: str):
        import redis

        self._redis = _redis(url)
        self._errors = redis.RedisError
        self._up = True

    def change(self) -> str | None:
        """"lost", "restored", or None when nothing changed since the last call."""
        try:
            up = bool(self._redis.ping())
        except self._errors:
            up = False
        if up == self._up:
            return None
        self._up = up
        return "restored" if up else "lost"


def _send_heartbeat() -> None:
    manager = socketio.server.manager
    if hasattr(manager, "send_heartbeat"):  # the Redis queue (none in development)
        manager.send_heartbeat()


def socket_watch() -> SocketWatch:
    return current_app.extensions["chat_socket_watch"]


def presence() -> LocalPresence | RedisPresence:
    return current_app.extensions["chat_presence"]


def disconnect_user(user_id: int) -> None:
    """Tell the user's sockets their session ended, then close them on every process."""
    publish("session:ended", {}, [user_id])
    for sid in presence().sids(user_id):
        try:
            socketio.server.disconnect(sid)  # crosses processes through the message queue
        except Exception:
            log.exception("could not disconnect socket %s", sid)


def _on_user_deactivated(user, **_extra) -> None:
    disconnect_user(user.id)


class LocalPresence:
    """Which users have a live socket, for one process (development, tests)."""

    def __init__(self):
        self._sids: dict[int, set[str]] = {}
        self._lock = threading.Lock()

    def add(self, user_id: int, sid: str) -> bool:
        """Record a socket; True when it is the user's first (the user came online)."""
        with self._lock:
            sids = self._sids.setdefault(user_id, set())
            sids.add(sid)
            return len(sids) == 1

    def remove(self, user_id: int, sid: str) -> bool:
        """Forget a socket; True when it was the user's last (the user went offline)."""
        with self._lock:
            sids = self._sids.get(user_id, set())
            if sid not in sids:
                return False
            sids.discard(sid)
            if not sids:
                self._sids.pop(user_id, None)
                return True
            return False

    def sids(self, user_id: int) -> list[str]:
        with self._lock:
            return list(self._sids.get(user_id, ()))

    def online(self, user_ids: Iterable[int]) -> set[int]:
        with self._lock:
            return {user_id for user_id in user_ids if self._sids.get(user_id)}


class RedisPresence:
    """The same, shared by every process through Redis: per user, a sorted set of socket ids
    scored by the moment each stops counting (now + ttl).

    Each process renews its own sockets every ttl/3 seconds (a heartbeat), so the sockets of a
    process killed without closing them drop out within `ttl`: nobody stays falsely online.
    Redis unreachable: reads say nobody is online and writes are skipped, since presence is a
    hint for the screen, never an access decision.
    """

    def __init__(self, url: str, prefix: str, ttl: int = 60):
        import redis

        self._redis = _redis(url, decode_responses=True)
        self._errors = redis.RedisError
        self._prefix = f"{prefix}:presence:"
        self.ttl = ttl
        self._local: dict[str, int] = {}  # this process's sockets: sid -> user id
        self._lock = threading.Lock()
        self._beating = False

    def _key(self, user_id: int) -> str:
        return f"{self._prefix}{user_id}"

    def _run(self, build, default):
        """Run a pipeline that `build` fills; `default` when Redis cannot be reached."""
        pipe = self._redis.pipeline()
        build(pipe)
        try:
            return pipe.execute()
        except self._errors as error:
            log.warning("presence unavailable (%s)", error)
            return default

    def add(self, user_id: int, sid: str) -> bool:
        with self._lock:
            self._local[sid] = user_id
            start_heartbeat = not self._beating
            self._beating = True
        if start_heartbeat:
            socketio.start_background_task(self._heartbeat)
        now, key = time.time(), self._key(user_id)

        def build(pipe):
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zadd(key, {sid: now + self.ttl})
            pipe.expire(key, self.ttl)
            pipe.zcard(key)
        return self._run(build, [0, 0, 0, 0])[-1] == 1

    def remove(self, user_id: int, sid: str) -> bool:
        with self._lock:
            self._local.pop(sid, None)
        now, key = time.time(), self._key(user_id)

        def build(pipe):
            pipe.zrem(key, sid)
            pipe.zremrangebyscore(key, "-inf", now)
            pipe.zcard(key)
        removed, _expired, remaining = self._run(build, [0, 0, 1])
        return removed == 1 and remaining == 0

    def sids(self, user_id: int) -> list[str]:
        return self._run(lambda pipe: pipe.zrangebyscore(self._key(user_id), time.time(), "+inf"), [[]])[0]

    def online(self, user_ids: Iterable[int]) -> set[int]:
        user_ids = list(user_ids)
        if not user_ids:
            return set()
        now = time.time()

        def build(pipe):
            for user_id in user_ids:
                pipe.zcount(self._key(user_id), now, "+inf")
        counts = self._run(build, [0] * len(user_ids))
        return {user_id for user_id, count in zip(user_ids, counts, strict=True) if count}

    def renew(self) -> None:
        """Extend this process's sockets by another `ttl` (one heartbeat)."""
        with self._lock:
            mine = list(self._local.items())
        if not mine:
            return
        until = time.time() + self.ttl

        def build(pipe):
            for sid, user_id in mine:
                pipe.zadd(self._key(user_id), {sid: until}, xx=True)
                pipe.expire(self._key(user_id), self.ttl)
        self._run(build, None)

    def _heartbeat(self) -> None:
        while True:
            socketio.sleep(self.ttl / 3)
            self.renew()
