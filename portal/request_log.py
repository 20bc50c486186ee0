"""One structured (JSON) log line per request; never bodies, query strings or headers."""
from __future__ import annotations

import logging
import os
import re
import sys
import time

import orjson
from flask import Flask, g, request

log = logging.getLogger("portal.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"level": record.levelname.lower(), "logger": record.name}
        if isinstance(record.msg, dict):
            entry.update(record.msg)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        # orjson: a tenth of json.dumps's time on the line every request writes.
        return orjson.dumps(entry, default=str).decode()


def init_app(app: Flask) -> None:
    root = logging.getLogger("portal")
    if not any(getattr(h, "_portal", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._portal = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    root.propagate = False
    # The development server would log every request a second time, in its own format.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    @app.before_request
    def _start():
        g.started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if incoming and _REQUEST_ID.match(incoming) else os.urandom(16).hex()

    @app.after_request
    def _finish(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if not log.isEnabledFor(logging.INFO):
            return response
        # Logger.info() would first walk the stack for the caller's file and line, which this
        # line never shows and which cost as much as the rest of the logging.
        log.handle(log.makeRecord(log.name, logging.INFO, __file__, 0, {
            "event": "request",
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
            "user_id": g.get("user_id"),
            "request_id": g.get("request_id"),
            "ip": request.remote_addr,
        }, None, None))
        return response
