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
