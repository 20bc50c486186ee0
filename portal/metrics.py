"""Prometheus metrics, written by every gunicorn worker and served by its master.

gunicorn runs several worker processes, so prometheus_client's multiprocess mode is used: each
worker writes its samples to memory-mapped files in PROMETHEUS_MULTIPROC_DIR, and the master
(gunicorn.conf.py) adds them up when scraped on METRICS_PORT, a port Nginx never proxies.
Without that directory (development, tests, the CLI) nothing is measured and requests pay nothing.
A request costs one counter increment and one histogram sample, labelled by its URL rule
(`/api/posts/<int:post_id>`), never the raw path, so the number of series stays bounded;
the database pools are sampled by a thread instead.
The metric names, types and labels are described in the README ("Metrics").
"""
from __future__ import annotations

import threading
import time

from flask import Flask, request

from portal.request_log import STARTED

# Requests: most answer in milliseconds; a search or a sign-in (argon2) takes longer.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
# Redis publish to receipt: sub-millisecond on one host, a few on a managed Redis.
QUEUE_LAG_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0)


class _Metrics:
    """This process's metric objects (created after the fork, in the worker)."""

    def __init__(self):
        from prometheus_client import Counter, Gauge, Histogram

        # registry=None: in multiprocess mode the master's collector reads the files, and a
        # second create_app() in one process (tests) must not register twice.
        self.requests = Counter("portal_http_requests", "HTTP requests answered, by URL rule, method and status",
                                ["route", "method", "status"], registry=None)
        self.latency = Histogram("portal_http_request_duration_seconds",
                                 "Time from the request reaching Flask to its response, by URL rule and method",
                                 ["route", "method"], buckets=LATENCY_BUCKETS, registry=None)
        self.pool_size = Gauge("portal_db_pool_size", "Connections the database pools keep open (pool_size)",
                               multiprocess_mode="livesum", registry=None)
        self.pool_checked_out = Gauge("portal_db_pool_checked_out",
                                      "Database connections in use (sampled every second)",
                                      multiprocess_mode="livesum", registry=None)
        self.open_sockets = Gauge("portal_chat_open_sockets", "Signed-in Socket.IO connections held now",
                                  multiprocess_mode="livesum", registry=None)
        self.queue_lag = Histogram("portal_chat_queue_lag_seconds",
                                   "Time from publishing a heartbeat on the Socket.IO Redis channel to receiving it",
                                   buckets=QUEUE_LAG_BUCKETS, registry=None)
        self.queue_heartbeat = None  # created by the first heartbeat: only chat processes have one


_metrics: _Metrics | None = None


def enabled() -> bool:
    return _metrics is not None


def init_app(app: Flask) -> None:
    """Measure this process when gunicorn's master collects metrics (METRICS_PORT is set)."""
    global _metrics
    if not app.config.get("METRICS_MULTIPROC_DIR"):
        return
    if _metrics is None:
        _metrics = _Metrics()
    _measure_requests(app, _metrics)
    _measure_pools(app, _metrics)


# Any other method (a client may send any word) is counted as OTHER: labels must stay few.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
POOL_SAMPLE_SECONDS = 1.0


def _measure_requests(app: Flask, metrics: _Metrics) -> None:
    # The labelled samples, found once per (route, method, status): prometheus_client's own
    # lookup takes a lock and validates the labels on every call. A race adds the same entry twice.
    samples: dict[tuple, tuple] = {}

    @app.after_request
    def _count(response):
        rule = request.url_rule
        key = (rule.rule if rule is not None else "unmatched",
               request.method if request.method in METHODS else "OTHER", response.status_code)
        found = samples.get(key)
        if found is None:
            found = samples[key] = (metrics.requests.labels(key[0], key[1], str(key[2])),
                                    metrics.latency.labels(key[0], key[1]))
        found[0].inc()
        started = request.environ.get(STARTED)  # set by request_log's middleware, before Flask
        if started is not None:
            found[1].observe(time.perf_counter() - started)
        return response


def _measure_pools(app: Flask, metrics: _Metrics) -> None:
    """Pool use, sampled every second by a thread of each worker rather than on every checkout:
    requests pay nothing for it."""
    from portal import database
    from portal.extensions import db

    with app.app_context():
        engines = list(db.engines.values())
    metrics.pool_size.set(sum(engine.pool.size() for engine in engines if hasattr(engine.pool, "size")))
    counted = [engine for engine in engines if hasattr(engine.pool, "checkedout")]

    def sample() -> None:
        while True:
            # In use: checked out, but for the kept connections waiting for a statement (database.py).
            metrics.pool_checked_out.set(sum(engine.pool.checkedout() - database.idle_kept(engine)
                                             for engine in counted))
            time.sleep(POOL_SAMPLE_SECONDS)

    threading.Thread(target=sample, name="portal-metrics-pools", daemon=True).start()


def set_open_sockets(count: int) -> None:
    if _metrics is not None:
        _metrics.open_sockets.set(count)


def queue_heartbeat_received(lag_seconds: float) -> None:
    """A heartbeat this process published came back through the message queue."""
    if _metrics is None:
        return
    if _metrics.queue_heartbeat is None:
        from prometheus_client import Gauge

        _metrics.queue_heartbeat = Gauge(
            "portal_chat_queue_heartbeat_timestamp_seconds",
            "When this process last received its own heartbeat through the Socket.IO Redis channel",
            multiprocess_mode="livemin", registry=None)
    _metrics.queue_lag.observe(lag_seconds)
    _metrics.queue_heartbeat.set(time.time())
