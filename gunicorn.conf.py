"""gunicorn's settings file, read from the working directory by every gunicorn started there
(the systemd units, the tests, the benchmarks). It adds one thing: with METRICS_PORT set, the
master serves, on METRICS_BIND:METRICS_PORT (default 127.0.0.1), the Prometheus metrics that
its workers write (portal/metrics.py). Unset, the default and the development setting, it does
nothing. Nginx never proxies this port.

It imports nothing of the portal: whatever the master imports is what every worker forked after
a SIGHUP would run, so a reload would not load new code.
"""
import glob
import os
import shutil
import tempfile


def _metrics_address() -> tuple[str, int] | None:
    raw = os.environ.get("METRICS_PORT", "").strip()
    if raw in ("", "0"):
        return None
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise RuntimeError(f"METRICS_PORT must be a port number (or empty to serve no metrics), got {raw!r}")
    return os.environ.get("METRICS_BIND", "").strip() or "127.0.0.1", int(raw)


def on_starting(server):
    """Give the workers a fresh directory for their samples (prometheus_client's multiprocess
    mode), before anything imports prometheus_client: it reads the variable at import."""
    if _metrics_address() is None:
        return
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if not directory:
        directory = tempfile.mkdtemp(prefix="portal-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
        server.portal_metrics_dir = directory  # ours: removed on exit
    os.makedirs(directory, exist_ok=True)
    for stale in glob.glob(os.path.join(directory, "*.db")):  # a previous run's counters
        os.remove(stale)


def when_ready(server):
    address = _metrics_address()
    if address is None:
        return
    from prometheus_client import CollectorRegistry, multiprocess, start_http_server

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    start_http_server(address[1], addr=address[0], registry=registry)
    server.log.info("Serving Prometheus metrics on http://%s:%s/metrics", *address)


def child_exit(server, worker):
    """A worker's gauges stop counting when it exits (its counters are kept)."""
    if _metrics_address() is not None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    directory = getattr(server, "portal_metrics_dir", None)
    if directory:
        shutil.rmtree(directory, ignore_errors=True)
