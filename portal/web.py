"""Serve the built SPA (frontend/dist) at / with fallback to index.html for client routes.

In production Nginx does this; here it gives the development run one URL for the whole portal.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, current_app, send_from_directory

NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>Portal</title>"
    "<p>The web app is not built yet: run <code>npm ci && npm run build</code> in "
    "<code>frontend/</code>. The API is at <a href=/api/docs>/api/docs</a>.</p>"
)
RESERVED_PREFIXES = ("api/", "socket.io/")


def init_app(app: Flask) -> None:
    app.add_url_rule("/", "spa_index", spa, defaults={"path": ""})
    app.add_url_rule("/<path:path>", "spa", spa)


def spa(path: str):
    if path.startswith(RESERVED_PREFIXES) or path in {"api", "socket.io"}:
        abort(404)
    dist = Path(current_app.config["FRONTEND_DIST"])
    if not (dist / "index.html").is_file():
        return NOT_BUILT, 200, {"Content-Type": "text/html; charset=utf-8"}
    if path and (dist / path).is_file():
        # Vite puts content-hashed files under assets/: they never change.
        max_age = 31536000 if path.startswith("assets/") else 0
        return send_from_directory(dist, path, max_age=max_age)
    response = send_from_directory(dist, "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response
