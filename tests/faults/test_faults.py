"""Faults under load: the portal under gunicorn (production's worker settings) with a PostgreSQL
and a Redis of its own, while threads keep reading and writing. Run with `make test-faults`.

Each test prints what it measured (recovery times) so a run shows the figures the README quotes.
"""
from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field

import psycopg
import pytest
import redis
import requests

from tests.faults.harness import INITIAL_PASSWORD, PASSWORD, Portal, Postgres, Redis, wait_until

pytestmark = pytest.mark.faults

FAIL_FAST_SECONDS = 5.0  # a request while PostgreSQL is down answers within this
RECOVERY_SECONDS = 10.0  # every worker serves again within this after a fault ends


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    directory = tmp_path_factory.mktemp("faults")
    postgres, cache = Postgres(), Redis(directory)
    postgres.start()
    cache.start()
    portal = Portal(directory, postgres, cache)
    portal.postgres, portal.redis = postgres, cache
    try:
        with psycopg.connect(postgres.url.replace("/portal", "/postgres"), autocommit=True) as conn:
            conn.execute("CREATE DATABASE portal")
        portal.flask("db", "upgrade")
        accounts = (("admin@faults.test", ["--admin"]), ("writer@faults.test", []), ("target@faults.test", []))
        for email, extra in accounts:
            portal.flask("create-user", email, "--name", "장애", *extra, "--password-stdin",
                         stdin=INITIAL_PASSWORD + "\n")
        portal.start()
        for email, _extra in accounts:
            portal.first_sign_in(email)
        admin = portal.login("admin@faults.test")
        board = requests.post(f"{portal.url}/api/admin/boards", headers=admin, timeout=10,
                              json={"name": "장애 시험", "slug": "faults"})
        board.raise_for_status()
        portal.board_id = board.json()["id"]
        portal.headers = portal.login("writer@faults.test")
        yield portal
    finally:
        portal.stop()
        cache.stop()
        postgres.cleanup()


@dataclass
class Outcome:
    started: float
    seconds: float
    status: int  # 0: no HTTP answer (connection refused or reset)
    body: dict = field(default_factory=dict)


class Load:
    """Threads alternating a post list read and a post write, until stopped (bounded by `limit`)."""

    def __init__(self, portal: Portal, threads: int = 6, limit: float = 60.0):
        self.portal, self.threads, self.limit = portal, threads, limit
        self.outcomes: list[Outcome] = []
        self.created: list[int] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def _one(self, session: requests.Session, write: bool) -> None:
        started = time.monotonic()
        try:
            if write:
                response = session.post(f"{self.portal.url}/api/posts", timeout=15,
                                        json={"board_id": self.portal.board_id, "title": "부하",
                                              "body": "faults"})
            else:
                response = session.get(f"{self.portal.url}/api/posts", timeout=15,
                                       params={"board_id": self.portal.board_id})
            status, body = response.status_code, response.json()
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError, ValueError):
            status, body = 0, {}  # no answer, or one cut off (a worker killed while it was sending)
        outcome = Outcome(started, time.monotonic() - started, status, body)
        with self._lock:
            self.outcomes.append(outcome)
            if status == 201:
                self.created.append(body["id"])

    def _run(self) -> None:
        session = requests.Session()
        session.headers.update(self.portal.headers)
        deadline = time.monotonic() + self.limit
        write = False
        while not self._stop.is_set() and time.monotonic() < deadline:
            self._one(session, write)
            write = not write

    def __enter__(self):
        self.workers = [threading.Thread(target=self._run, daemon=True) for _ in range(self.threads)]
        for worker in self.workers:
            worker.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for worker in self.workers:
            worker.join(30)

    def between(self, start: float, end: float) -> list[Outcome]:
        with self._lock:
            return [o for o in self.outcomes if start <= o.started < end]


def all_workers_serve(portal: Portal, probes: int = 12) -> bool:
    """Several fresh connections in a row succeed (gunicorn spreads them over its workers)."""
    for _ in range(probes):
        try:
            response = requests.get(f"{portal.url}/api/posts", headers=portal.headers, timeout=5)
        except requests.ConnectionError:
            return False
        if response.status_code != 200:
            return False
    return True


def stored_post_ids(portal: Portal, ids: list[int]) -> set[int]:
    with psycopg.connect(portal.postgres.url) as conn:
        rows = conn.execute("SELECT id FROM posts WHERE id = ANY(%s)", (ids,)).fetchall()
    return {row[0] for row in rows}


def test_postgres_restart_fails_fast_with_503_and_every_worker_recovers(portal):
    with Load(portal) as load:
        time.sleep(1.5)
        portal.postgres.stop()
        down_at = time.monotonic()  # the server is gone: pg_ctl waited for it
        time.sleep(4)
        up_at = time.monotonic()
        portal.postgres.start()
        recovered_after = wait_until(lambda: all_workers_serve(portal), RECOVERY_SECONDS)
        time.sleep(2)
        steady_from = time.monotonic() - 1.5

    while_down = load.between(down_at, up_at)
    assert while_down, "the load made no requests while PostgreSQL was down"
    assert {o.status for o in while_down} == {503}, {o.status for o in while_down}
    assert {o.body["error"]["code"] for o in while_down} == {"database_unavailable"}
    slowest = max(o.seconds for o in while_down)
    assert slowest < FAIL_FAST_SECONDS
    after = load.between(steady_from, time.monotonic())
    assert after and all(o.status in (200, 201) for o in after)
    assert stored_post_ids(portal, load.created) == set(load.created)
    print(f"\nPostgreSQL down: {len(while_down)} answers, all 503, slowest {slowest:.2f}s; "
          f"every worker served again {recovered_after:.2f}s after PostgreSQL started")


def test_killed_worker_loses_no_accepted_write_and_is_replaced(portal):
    with Load(portal) as load:
        time.sleep(1.5)
        before = set(portal.worker_pids())
        killed = portal.kill_worker()
        killed_at = time.monotonic()
        replaced_after = wait_until(
            lambda: len(set(portal.worker_pids()) - before) == 1 and len(portal.worker_pids()) == 2,
            RECOVERY_SECONDS)
        serving_after = wait_until(lambda: all_workers_serve(portal), RECOVERY_SECONDS)
        time.sleep(2)
        steady_from = time.monotonic() - 1.5

    assert killed not in portal.worker_pids()
    after = load.between(steady_from, time.monotonic())
    assert after and all(o.status in (200, 201) for o in after)
    assert all(o.status in (0, 200, 201) for o in load.between(killed_at, time.monotonic()))
    assert stored_post_ids(portal, load.created) == set(load.created)
    lost = sum(o.status == 0 for o in load.outcomes)
    print(f"\nworker killed: replaced after {replaced_after:.2f}s, all serving after "
          f"{serving_after:.2f}s; {len(load.created)} writes accepted, all stored; "
          f"{lost} requests lost their connection (never answered)")


def _login(portal: Portal, email: str, password: str) -> int:
    return requests.post(f"{portal.url}/api/auth/login", timeout=10,
                         json={"email": email, "password": password}).status_code


def test_redis_down_api_serves_and_login_throttling_falls_back_per_process(portal):
    limits = redis.Redis.from_url(portal.redis.url)
    assert _login(portal, "writer@faults.test", PASSWORD) == 200
    assert limits.keys("LIMITS*"), "login limits are not kept in Redis while it is up"

    with Load(portal, threads=4) as load:
        time.sleep(1)
        down_at = time.monotonic()
        portal.redis.stop()
        assert _login(portal, "writer@faults.test", PASSWORD) == 200
        # 5 per minute per account, now counted by each of the 2 workers in memory:
        # 11 wrong passwords must meet a 429 whichever worker answers each.
        wrong = [_login(portal, "target@faults.test", "wrong-password-0") for _ in range(11)]
        time.sleep(1)
        up_at = time.monotonic()
    assert set(wrong) <= {401, 429} and 429 in wrong, wrong
    while_down = load.between(down_at, up_at)
    assert while_down and all(o.status in (200, 201) for o in while_down)

    portal.redis.start()
    limits = redis.Redis.from_url(portal.redis.url)
    assert limits.keys("LIMITS*") == []

    def limits_back_in_redis():
        return _login(portal, "writer@faults.test", PASSWORD) == 200 and bool(limits.keys("LIMITS*"))

    recovered_after = wait_until(limits_back_in_redis, 70, interval=1)
    print(f"\nRedis down: {len(while_down)} API answers all 2xx, wrong logins {wrong}; "
          f"limits back in Redis {recovered_after:.1f}s after it returned")


@contextlib.contextmanager
def _slow_clients(url: str, count: int, seconds: float):
    """`count` connections that start a request and then send one header byte every 2 s."""
    import socket
    from urllib.parse import urlsplit

    host, port = urlsplit(url).hostname, urlsplit(url).port
    sockets = []
    for _ in range(count):
        sock = socket.create_connection((host, port), timeout=5)
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: portal\r\nX-Slow: ")
        sockets.append(sock)
    stop = time.monotonic() + seconds

    def trickle():
        while time.monotonic() < stop:
            time.sleep(2)
            for sock in sockets:
                try:
                    sock.sendall(b"a")
                except OSError:
                    pass

    threading.Thread(target=trickle, daemon=True).start()
    try:
        yield
    finally:
        for sock in sockets:
            sock.close()


def _latencies(url: str, headers: dict, count: int) -> list[float]:
    """Seconds per signed-in post-list request; inf for one that failed or timed out."""
    times = []
    for _ in range(count):
        started = time.monotonic()
        try:
            ok = requests.get(f"{url}/api/posts", headers=headers, timeout=5).status_code == 200
        except requests.RequestException:
            ok = False
        times.append(time.monotonic() - started if ok else float("inf"))
    return times


def test_slow_clients_do_not_starve_others_behind_nginx(portal, tmp_path):
    """500 clients that never finish their request: nginx (production's front, the role's own
    template) holds them, so gunicorn's threads only see whole requests; everyone else is served.
    The same clients straight at gunicorn are measured too, to show why nginx is in front."""
    from tests.servers import Nginx

    with Nginx(tmp_path, portal.port) as proxy:
        before = _latencies(proxy.url, portal.headers, 20)
        with _slow_clients(proxy.url, 500, 20):
            during = _latencies(proxy.url, portal.headers, 40)
    with _slow_clients(portal.url, 500, 12):
        direct = _latencies(portal.url, portal.headers, 5)
    median = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
    print(f"\n[slow clients] through nginx: median {median(before) * 1000:.0f} ms before, "
          f"{median(during) * 1000:.0f} ms with 500 slow clients (max {max(during) * 1000:.0f} ms); "
          f"straight to gunicorn: {sum(t == float('inf') for t in direct)} of {len(direct)} requests failed, "
          f"median {median(direct) * 1000:.0f} ms")
    assert all(t < 2.0 for t in during), during
