"""Metrics settings: off unless gunicorn serves them (the scraped metrics themselves are tested
across real processes in tests/test_several_hosts.py)."""
from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from portal import metrics

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.mark.parametrize("env, address", [
    ({}, None),
    ({"METRICS_PORT": ""}, None),
    ({"METRICS_PORT": "0"}, None),
    ({"METRICS_PORT": "9101"}, ("127.0.0.1", 9101)),
    ({"METRICS_PORT": " 9102 ", "METRICS_BIND": "10.0.1.10"}, ("10.0.1.10", 9102)),
])
def test_gunicorn_serves_metrics_only_on_a_port_it_is_given(monkeypatch, env, address):
    for name in ("METRICS_PORT", "METRICS_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert runpy.run_path(str(GUNICORN_CONF))["_metrics_address"]() == address


@pytest.mark.parametrize("port", ["abc", "-1", "70000", "9101x"])
def test_a_port_that_is_not_one_stops_gunicorn_with_its_name(monkeypatch, port):
    monkeypatch.setenv("METRICS_PORT", port)
    with pytest.raises(RuntimeError, match="METRICS_PORT must be a port number"):
        runpy.run_path(str(GUNICORN_CONF))["_metrics_address"]()


def test_without_gunicorns_metrics_directory_nothing_is_measured(app):
    assert app.config["METRICS_MULTIPROC_DIR"] == ""
    assert not metrics.enabled()
    assert not [f for f in app.after_request_funcs[None] if f.__module__ == "portal.metrics"]


def test_gunicorn_adds_up_its_workers_and_forgets_the_ones_that_exit(migrated_app, database_url, tmp_path):
    """One API gunicorn as the role runs it, with METRICS_PORT: after a reload (SIGHUP: new
    workers), the old workers' requests still count, their gauges no longer do, and the
    samples' directory goes when gunicorn exits."""
    import os
    import time

    import requests

    from tests.servers import Gunicorn, free_port

    metrics_port = free_port()
    env = {**{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}},
           "PORTAL_ENV": "testing", "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"), "DATABASE_URL": database_url,
           "SECRET_KEY": migrated_app.config["SECRET_KEY"], "JWT_SECRET_KEY": migrated_app.config["JWT_SECRET_KEY"],
           "LOG_LEVEL": "WARNING", "METRICS_PORT": str(metrics_port), "TMPDIR": str(tmp_path)}
    server = Gunicorn(env, tmp_path / "gunicorn.log")
    health = 'portal_http_requests_total{method="GET",route="/api/health",status="200"}'

    def scrape() -> dict[str, float]:
        text = requests.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10).text
        return {name: float(value) for name, value in
                (line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))}

    def both_workers_counted() -> dict[str, float]:
        """Metrics once both workers have loaded the app (each adds its pool of 5)."""
        deadline = time.monotonic() + 60
        while (samples := scrape()).get("portal_db_pool_size") != 10 and time.monotonic() < deadline:
            time.sleep(0.2)
        return samples

    def workers() -> set[int]:
        return set(map(int, Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()))

    server.start(timeout=120)
    try:
        for _ in range(5):
            assert requests.get(server.url + "/api/health", timeout=10).status_code == 200
        before = both_workers_counted()
        assert before[health] >= 5 and before["portal_db_pool_size"] == 10
        [directory] = [d for d in tmp_path.iterdir() if d.name.startswith("portal-metrics-")]

        old = workers()
        server.reload()
        deadline = time.monotonic() + 60
        while workers() & old or len(workers()) < 2:
            assert time.monotonic() < deadline, "the old workers did not go"
            time.sleep(0.2)
        server.wait_ready(timeout=120)
        after = both_workers_counted()
        assert after[health] >= before[health] + 1  # the old workers' count is kept
        assert after["portal_db_pool_size"] == 10  # the exited workers' pools are not (20 if they were)
    finally:
        server.stop()
    assert not directory.exists()
