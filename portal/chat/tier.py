"""How a chat process holds its sockets: the concurrency it runs on and how many it takes.

Production runs chat under gunicorn's gevent worker (`-k gevent`): an open WebSocket is a
greenlet of a few kilobytes instead of a pool thread, so one process holds thousands. The
worker monkey-patches the standard library before it loads the app, so redis-py's sockets and
the SQLAlchemy pool's locks yield to other greenlets; psycopg 3 (>= 3.1.14) sees the patched
`select` when it is imported and waits cooperatively instead of in C. `make run` and the tests
that run the app in-process use threads, as before.
"""
from __future__ import annotations

import json
import logging
import sys
import threading

from portal.config import ConfigError

log = logging.getLogger("portal.chat")

MODES = ("auto", "gevent", "threading")


def gevent_patched() -> bool:
    """True in a process whose standard library gevent has monkey-patched (its gunicorn worker)."""
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("socket") and monkey.is_module_patched("select"))


def async_mode(configured: str) -> str:
    """Socket.IO's async_mode for this process: CHAT_ASYNC_MODE, "auto" following the server."""
    if configured not in MODES:
        raise ConfigError(f"CHAT_ASYNC_MODE must be one of {', '.join(MODES)}, got {configured!r}")
    if configured == "auto":
        return "gevent" if gevent_patched() else "threading"
    if configured == "gevent" and not gevent_patched():
        raise ConfigError("CHAT_ASYNC_MODE=gevent needs gevent's worker: gunicorn -k gevent")
    return configured


def check_database_driver_yields() -> None:
    """Under gevent, refuse to start if psycopg waits in C: one slow query would stop every
    socket of the process. That happens when psycopg is imported before gevent patches."""
    import psycopg.waiting

    if getattr(psycopg.waiting, "wait_c", None) is not None and psycopg.waiting.wait is psycopg.waiting.wait_c:
        raise ConfigError("psycopg was imported before gevent patched the standard library "
                          "(its queries would block every socket); do not use --preload with -k gevent")


class SocketLimit:
    """WSGI middleware: at most `limit` open WebSockets on `path` in this process.

    An open WebSocket is one WSGI call from upgrade to close (WebSocket-only transport), so the
    calls in flight are the sockets held. Past the limit the upgrade is answered 503 at once —
    the client retries with back-off, on whichever process has room — and every other request
    is served as usual, the health check included. gunicorn's --worker-connections must leave
    room above the limit for those requests.

    Requests outside `path` go straight to `app`, the portal without Socket.IO's middleware, which
    would only copy their environ and build a class for each (~4% of a health check) to pass them on.
    """

    def __init__(self, wsgi_app, path: str, limit: int, app):
        self.wsgi_app = wsgi_app
        self.app = app
        self.path = "/" + path.strip("/") + "/"
        self.limit = limit
        self.open = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("PATH_INFO", "").startswith(self.path):
            return self.app(environ, start_response)
        if environ.get("HTTP_UPGRADE", "").lower() != "websocket":
            return self.wsgi_app(environ, start_response)
        with self._lock:
            full = self.limit > 0 and self.open >= self.limit
            if not full:
                self.open += 1
        if full:
            log.warning("chat process full (%d sockets): refusing a new one", self.limit)
            body = json.dumps({"error": {"code": "chat_full", "fields": {},
                                         "message": "This chat server is full; try again shortly."}}).encode()
            start_response("503 Service Unavailable", [("Content-Type", "application/json"),
                                                       ("Content-Length", str(len(body))), ("Retry-After", "2")])
            return [body]
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            with self._lock:
                self.open -= 1
