"""The portal: a Flask application factory."""
from __future__ import annotations

import os
from functools import partial

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal.config import settings_from_env


class PortalFlask(Flask):
    """Flask, asking once per view function whether it is a coroutine function: Flask, the
    class-based views, flask-smorest and flask-jwt-extended each ask on every call
    (inspect.iscoroutinefunction, ~3% of a health check). The portal's views are all sync."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._synced: dict = {}

    def ensure_sync(self, func):
        key = getattr(func, "__func__", func)  # a MethodView's bound method: one per request
        synced = self._synced.get(key)
        if synced is None:
            synced = super().ensure_sync(key) is key
            if len(self._synced) < 4096:  # bounded, should a caller make a function per request
                self._synced[key] = synced
        return func if synced else super().ensure_sync(func)


def create_app(test_config: dict | None = None) -> Flask:
    app = PortalFlask(__name__, static_folder=None, instance_path=os.environ.get("PORTAL_INSTANCE_PATH") or None,
                instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(settings_from_env(os.environ, app.instance_path))
    if test_config:
        app.config.update(test_config)

    _no_cookie_session(app)
    _bound_url_ids(app)
    _init_logging(app)
    _trust_proxies(app)  # outside the request log: it logs the client's address, not the proxy's
    _warn_about_settings(app)
    _guard_requests(app)
    _init_extensions(app)
    _init_metrics(app)
    _register_blueprints(app)
    _register_errors(app)
    _register_cli(app)
    return app


def _no_cookie_session(app: Flask) -> None:
    """The portal keeps nothing in Flask's signed-cookie session (signing in is JWT, in headers and
    cookies of its own), so no request pays for opening one: `flask.session` is a NullSession."""
    from flask.sessions import SecureCookieSessionInterface

    class NoCookieSession(SecureCookieSessionInterface):
        def open_session(self, app, request):
            return None

    app.session_interface = NoCookieSession()


def _bound_url_ids(app: Flask) -> None:
    """`<int:...>` in routes only matches ids a database row can have; larger numbers are a 404."""
    from werkzeug.routing import IntegerConverter

    from portal.schemas import MAX_ID

    class RowIdConverter(IntegerConverter):
        def __init__(self, url_map, *args, **kwargs):
            kwargs.setdefault("max", MAX_ID)
            super().__init__(url_map, *args, **kwargs)

    app.url_map.converters["int"] = RowIdConverter


def _trust_proxies(app: Flask) -> None:
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_logging(app: Flask) -> None:
    from portal import request_log

    request_log.init_app(app)


def _guard_requests(app: Flask) -> None:
    from portal import request_guard

    request_guard.init_app(app)


def _warn_about_settings(app: Flask) -> None:
    import logging

    from portal.config import start_up_warnings

    for warning in start_up_warnings(app.config):
        logging.getLogger("portal.config").warning(warning)


def _init_extensions(app: Flask) -> None:
    from flask_cors import CORS

    from portal import database
    from portal.auth import tokens
    from portal.chat import realtime as chat_realtime
    from portal.extensions import api, db, jwt, limiter, migrate
    from portal.storage import init_storage

    chat_realtime.configure_pools(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    jwt.init_app(app)
    tokens.register_csrf_handler(app)
    limiter.init_app(app)
    _limit_writes_only(app, limiter)
    api.init_app(app, spec_kwargs={"components": {"securitySchemes": {
        "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"bearerAuth": []}]})
    if app.config["CORS_ORIGINS"]:
        CORS(app, resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
             supports_credentials=True)
    init_storage(app)
    chat_realtime.init_app(app)  # Socket.IO, on Redis as its message queue when REDIS_URL is set


def _limit_writes_only(app: Flask, limiter) -> None:
    """The portal's limits are all on writes (signing in): reads skip the limiter entirely, not
    just its limits. Its before-request hook walks the limits it would skip, and its after-request
    hook (headers, deductions) has nothing to do for a request it never limited (~5% of a health
    check), so a write registers that hook for itself. Its teardown hook only empties state kept on
    the request's context, which ends with the request, so none is kept."""
    from flask import after_this_request

    from portal import database

    limiter.request_filter(database.is_read)
    manager = limiter.limit_manager
    before = app.before_request_funcs.get(None, [])
    after = app.after_request_funcs.get(None, [])
    teardown = app.teardown_request_funcs.get(None, [])
    limiters_after = [hook for hook in after if _is_limiters(hook, limiter)]
    if not limiters_after:
        return  # a disabled limiter registers no hooks

    def check_writes() -> None:
        if database.is_read():
            return
        for hook in limiters_after:
            after_this_request(hook)
        # The hook only applies limits set for the whole app or a blueprint (and the in-memory
        # fallback's); limits on a view are checked by its own decorator. The portal sets none of
        # the former, so a write walks them (~5% of a chat send) only once one is configured.
        if (manager._application_limits or manager._default_limits or manager._blueprint_limits
                or limiter._in_memory_fallback):
            limiter._check_request_limit()

    before[:] = [check_writes if _is_limiters(hook, limiter) else hook for hook in before]
    after[:] = [hook for hook in after if not _is_limiters(hook, limiter)]
    teardown[:] = [hook for hook in teardown if not _is_limiters(hook, limiter)]


def _is_limiters(hook, limiter) -> bool:
    return getattr(hook, "__self__", None) is limiter or (isinstance(hook, partial) and hook.args[:1] == (limiter,))


def _init_metrics(app: Flask) -> None:
    from portal import metrics

    metrics.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from portal import docs, health, web
    from portal.admin import blp as admin_blp
    from portal.auth import blp as auth_blp
    from portal.boards import blp as boards_blp
    from portal.chat import blp as chat_blp
    from portal.extensions import api
    from portal.notices import blp as notices_blp
    from portal.notifications import blp as notifications_blp
    from portal.people import blp as people_blp
    from portal.posts import blp as posts_blp
    from portal.search import blp as search_blp
    from portal.uploads import blp as uploads_blp

    for blueprint in (auth_blp, boards_blp, posts_blp, notices_blp, uploads_blp, admin_blp, chat_blp,
                      notifications_blp, people_blp, search_blp, health.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
    web.init_app(app)


def _register_errors(app: Flask) -> None:
    from portal.errors import register_error_handlers

    register_error_handlers(app)


def _register_cli(app: Flask) -> None:
    from portal import cli

    cli.init_app(app)
