"""Several hosts: two API processes and two chat processes on one PostgreSQL and one Redis,
behind nginx (the Ansible role's own site) balancing them round robin, as the scaled stack runs
app hosts behind its load balancer. Nothing a user sees may depend on which process serves
a request, and restarting one process at a time (a rolling deploy) loses nothing.

nginx logs which upstream served each request (by its X-Request-ID), so every test also shows
that its requests really reached both processes; with one process doing all the work, the
tests would prove nothing, and they fail instead.
"""
from __future__ import annotations

import os
import queue
import re
import threading
import time
import uuid
from dataclasses import dataclass, field

import pytest
import requests
import socketio

from tests.conftest import PASSWORD, REDIS_URL
from tests.servers import S3RVER_KEY, Gunicorn, Nginx, free_port
from tests.waiting import next_event, wait_until

# One cluster per worker; `--dist loadgroup` would keep them on one, but does not group with
# pytest 9.2 and xdist 3.8 (checked 2026-12-04), so under -n 2 each worker may start one.
pytestmark = pytest.mark.xdist_group("several_hosts")

PDF = b"%PDF-1.4\n% several hosts\n" + b"0" * 1024


@dataclass
class Cluster:
    nginx: Nginx
    apis: list[Gunicorn]
    chats: list[Gunicorn]
    metrics_ports: dict[str, int]
    names: dict[str, str] = field(default_factory=dict)  # "127.0.0.1:<port>" -> "api-a", ...

    @property
    def url(self) -> str:
        return self.nginx.url

    def call(self, method: str, path: str, session=requests, **kwargs) -> tuple[requests.Response, str]:
        """A request through nginx, and the name of the process that answered it."""
        request_id = uuid.uuid4().hex
        headers = {**kwargs.pop("headers", {}), "X-Request-ID": request_id}
        response = session.request(method, self.url + path, headers=headers, timeout=15, **kwargs)
        return response, self.names[self.nginx.served_by(request_id)[-1]]

    def next_goes_to(self, name: str) -> None:
        """Make the next API request go to `name`: nginx's round robin alternates, so a cheap
        request served by the other process puts `name` next."""
        for _ in range(4):
            if self.call("GET", "/api/health")[1] != name:
                return
        raise AssertionError(f"nginx never sent a request to {name}")

    def metrics(self, name: str) -> dict[str, float]:
        text = requests.get(f"http://127.0.0.1:{self.metrics_ports[name]}/metrics", timeout=10).text
        return {sample: float(value) for sample, value in
                (line.rsplit(" ", 1) for line in text.splitlines() if line and not line.startswith("#"))}


def _sample(name: str, **labels: str) -> str:
    """A sample's name as prometheus_client writes it (labels sorted by name)."""
    if not labels:
        return name
    return name + "{" + ",".join(f'{key}="{value}"' for key, value in sorted(labels.items())) + "}"


@pytest.fixture(scope="module")
def cluster(migrated_app, database_url, s3rver, tmp_path_factory):
    directory = tmp_path_factory.mktemp("several-hosts")
    nginx_port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV"}},
        "PORTAL_ENV": "testing",
        "PORTAL_INSTANCE_PATH": str(directory / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CHAT_CHANNEL": f"portal-hosts-test-{uuid.uuid4().hex[:10]}",
        "SECRET_KEY": migrated_app.config["SECRET_KEY"],
        "JWT_SECRET_KEY": migrated_app.config["JWT_SECRET_KEY"],
        "TRUSTED_PROXIES": "1",  # behind nginx, as deployed
        # Every request comes from 127.0.0.1: the per-account limit is the one under test.
        "LOGIN_LIMIT_PER_IP": "10000 per minute",
        "PASSWORD_HASH_TIME_COST": "1",
        "PASSWORD_HASH_MEMORY_KIB": "64",
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": s3rver.bucket,
        "S3_ENDPOINT_URL": s3rver.url,
        "S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": S3RVER_KEY,
        "AWS_SECRET_ACCESS_KEY": S3RVER_KEY,
        "LOG_LEVEL": "WARNING",
        "CHAT_SESSION_CHECK_SECONDS": "1",
        # No CORS_ORIGINS: nginx passes the Host the browser sent, port included, so a socket
        # from the portal's own page is same-origin on any port.
    }
    metrics_ports = {name: free_port() for name in ("api-a", "api-b", "chat-a", "chat-b")}
    # Both run as the Ansible role runs them, except that a chat process has one worker (the
    # API's two show the metrics of several workers added up) and, stopping, drops its sockets
    # after 2 s rather than gunicorn's default 30 s: clients reconnect the same way either way.
    apis = [Gunicorn({**env, "METRICS_PORT": str(metrics_ports[f"api-{n}"])}, directory / f"api-{n}.log")
            for n in "ab"]
    chats = [Gunicorn({**env, "METRICS_PORT": str(metrics_ports[f"chat-{n}"])}, directory / f"chat-{n}.log",
                      unit="chat", extra_args=("--workers", "1", "--graceful-timeout", "2")) for n in "ab"]
    nginx_dir = directory / "nginx"
    nginx_dir.mkdir()
    try:
        for server in [*apis, *chats]:
            server.launch()
        for server in [*apis, *chats]:
            server.wait_ready(timeout=180)  # six workers importing the app at once on a busy machine
        # One nginx worker: one round-robin turn for all requests, so tests can tell who is next.
        with Nginx(nginx_dir, [api.port for api in apis], [chat.port for chat in chats], access_log=True,
                   workers="1", port=nginx_port) as nginx:
            names = {f"127.0.0.1:{server.port}": f"{kind}-{n}" for kind, servers in (("api", apis), ("chat", chats))
                     for n, server in zip("ab", servers, strict=True)}
            yield Cluster(nginx, apis, chats, metrics_ports, names)
    finally:
        for server in [*apis, *chats]:  # all at once: each takes seconds to finish gracefully
            if server.process is not None and server.process.poll() is None:
                server.process.terminate()
        for server in [*apis, *chats]:
            server.stop()


def sign_in(cluster: Cluster, user) -> tuple[requests.Session, str]:
    """A browser-like session signed in through nginx; and which API process signed it in."""
    session = requests.Session()
    response, served_by = cluster.call("POST", "/api/auth/login", session,
                                       json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return session, served_by


def other(name: str) -> str:
    return name[:-1] + ("b" if name.endswith("a") else "a")


class Socket:
    """A Socket.IO connection through nginx, recording events; `request_id` names it in nginx's log."""

    def __init__(self, cluster: Cluster, token: str):
        self.cluster, self.events, self.closed = cluster, queue.Queue(), threading.Event()
        self.request_id = uuid.uuid4().hex
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", lambda event, data=None: self.events.put((event, data)))
        self.sio.on("disconnect", lambda *args: self.closed.set())
        self.sio.connect(cluster.url, headers={"X-Request-ID": self.request_id}, auth={"token": token},
                         transports=["websocket"], wait_timeout=10)

    def expect(self, event: str, timeout: float = 10, **match) -> dict:
        if (found := next_event(self.events, event, timeout, match)) is None:
            raise AssertionError(f"no {event} {match} within {timeout}s")
        return found

    def close(self) -> str:
        """Disconnect; the chat process that held the socket (nginx logs it when it ends)."""
        if self.sio.connected:
            self.sio.disconnect()
        return self.cluster.names[self.cluster.nginx.served_by(self.request_id, timeout=5)[-1]]


# -- sessions, limits, chat and uploads, whichever process serves them -----------------------

def test_a_user_signed_in_through_one_api_process_is_served_by_the_other(cluster, make_user):
    user = make_user("김민지")
    session, signed_in_by = sign_in(cluster, user)
    me, served_by = cluster.call("GET", "/api/auth/me", session)
    assert served_by == other(signed_in_by)
    assert me.status_code == 200 and me.json()["id"] == user.id

    # The refresh cookie one process set is accepted, rotated and checked by the other.
    cluster.next_goes_to(other(served_by))
    csrf = {"X-CSRF-TOKEN": session.cookies.get("csrf_refresh_token")}
    refreshed, refreshed_by = cluster.call("POST", "/api/auth/refresh", session, headers=csrf)
    assert refreshed_by == signed_in_by and refreshed.status_code == 200, refreshed.text


def test_the_login_rate_limit_counts_across_both_processes(cluster, make_user):
    user = make_user("이준호")
    wrong = {"email": user.email, "password": "wrong-password-123"}
    attempts = [cluster.call("POST", "/api/auth/login", json=wrong) for _ in range(7)]
    statuses = [response.status_code for response, _ in attempts]
    # LOGIN_LIMIT_PER_ACCOUNT is 5 a minute: the sixth is refused, though neither process saw five.
    assert statuses == [401] * 5 + [429] * 2, statuses
    per_process = {name: sum(1 for _, by in attempts[:6] if by == name) for name in ("api-a", "api-b")}
    assert max(per_process.values()) < 5, per_process
    assert {by for _, by in attempts[5:]} == {"api-a", "api-b"}  # both refuse


def test_a_chat_message_sent_through_one_process_reaches_sockets_on_the_other(cluster, make_user):
    minji, junho = make_user("김민지"), make_user("이준호")
    minji_session, _ = sign_in(cluster, minji)
    junho_session, _ = sign_in(cluster, junho)
    token = lambda session: session.headers["Authorization"].removeprefix("Bearer ")  # noqa: E731
    minji_socket, junho_socket = Socket(cluster, token(minji_session)), Socket(cluster, token(junho_session))
    try:
        dm = cluster.call("POST", "/api/chat/dm", minji_session, json={"user_id": junho.id})[0].json()["id"]
        sent_by = set()
        for n in range(4):  # through both API processes
            sent, by = cluster.call("POST", f"/api/chat/conversations/{dm}/messages", minji_session,
                                    json={"body": f"안녕하세요 {n}", "client_id": uuid.uuid4().hex})
            assert sent.status_code == 201, sent.text
            sent_by.add(by)
            assert junho_socket.expect("message:new", id=sent.json()["id"])["body"] == f"안녕하세요 {n}"
        assert sent_by == {"api-a", "api-b"}

        # From a socket on one chat process to a socket on the other.
        assert minji_socket.sio.call("typing", {"conversation_id": dm}, timeout=5) == {"ok": True}
        assert junho_socket.expect("typing", conversation_id=dm)["user_id"] == minji.id
    finally:
        held_by = {minji_socket.close(), junho_socket.close()}
    assert held_by == {"chat-a", "chat-b"}


def test_an_upload_presigned_by_one_process_is_attached_through_the_other(cluster, make_user, board):
    user = make_user("박서연")
    session, _ = sign_in(cluster, user)
    ticket, presigned_by = cluster.call("POST", "/api/uploads/presign", session,
                                        json={"filename": "회의록.pdf", "content_type": "application/pdf",
                                              "size": len(PDF)})
    assert ticket.status_code == 200, ticket.text
    ticket = ticket.json()
    assert requests.put(ticket["url"], data=PDF, headers=ticket["headers"], timeout=10).status_code == 200

    cluster.next_goes_to(other(presigned_by))
    created, attached_by = cluster.call("POST", "/api/posts", session,
                                        json={"board_id": board.id, "title": "회의록", "body": "첨부",
                                              "attachment_keys": [ticket["key"]]})
    assert attached_by == other(presigned_by)
    assert created.status_code == 201, created.text
    assert created.json()["attachments"][0]["key"] == ticket["key"]


def test_signing_out_through_one_process_ends_the_session_on_the_other(cluster, make_user):
    user = make_user("최도윤")
    session, signed_in_by = sign_in(cluster, user)
    token = session.headers["Authorization"].removeprefix("Bearer ")
    sockets = [Socket(cluster, token), Socket(cluster, token)]  # round robin: one on each chat process
    try:
        cluster.next_goes_to(other(signed_in_by))
        csrf = {"X-CSRF-TOKEN": session.cookies.get("csrf_refresh_token")}
        out, signed_out_by = cluster.call("POST", "/api/auth/logout", session, headers=csrf)
        assert (out.status_code, signed_out_by) == (204, other(signed_in_by))

        # REST: the access token is refused by both processes.
        refused_by = set()
        for _ in range(2):
            me, by = cluster.call("GET", "/api/auth/me", session)
            assert me.status_code == 401, me.text
            refused_by.add(by)
        assert refused_by == {"api-a", "api-b"}
        # Sockets: each chat process closes its own.
        for socket in sockets:
            assert socket.closed.wait(10), "a socket outlived its session"
            assert socket.expect("session:ended", timeout=1)["reason"] == "session_ended"
    finally:
        held_by = {socket.close() for socket in sockets}
    assert held_by == {"chat-a", "chat-b"}


# -- a rolling restart -------------------------------------------------------------------------

class Reader:
    """A chat member's client as the SPA behaves: a socket through nginx that, when dropped,
    reconnects and fetches what it missed with `after=<the last message it has with no gap
    before it>` (each live message names the one before it)."""

    def __init__(self, cluster: Cluster, session: requests.Session, room: int):
        self.cluster, self.session, self.room = cluster, session, room
        self.previous: dict[int, int] = {}  # message id -> the id before it (0: the first)
        self.contiguous = 0
        self.lock = threading.Lock()
        self.reconnects = 0
        self.held_by: list[str] = []
        self.stopping = threading.Event()
        self.socket: socketio.Client | None = None
        self.dropped = threading.Event()
        self._connect()
        self.thread = threading.Thread(target=self._stay_connected, daemon=True)
        self.thread.start()

    def _connect(self) -> None:
        token = self.session.headers["Authorization"].removeprefix("Bearer ")
        while True:
            request_id = uuid.uuid4().hex
            sio = socketio.Client(reconnection=False)
            sio.on("message:new", self._live)
            sio.on("disconnect", lambda *args: self.dropped.set())
            try:
                sio.connect(self.cluster.url, headers={"X-Request-ID": request_id}, auth={"token": token},
                            transports=["websocket"], wait_timeout=5)
                break
            except socketio.exceptions.ConnectionError:
                time.sleep(0.2)
        self.dropped.clear()
        self.socket, self.request_id = sio, request_id

    def _live(self, message: dict) -> None:
        if message["conversation_id"] == self.room:
            self._have([(message["id"], message["previous_id"] or 0)])

    def _have(self, pairs) -> None:
        with self.lock:
            self.previous.update(pairs)
            following = {before: after for after, before in self.previous.items()}
            while self.contiguous in following:
                self.contiguous = following[self.contiguous]

    def _catch_up(self) -> None:
        while True:
            with self.lock:
                after = self.contiguous
            try:
                page = self.session.get(f"{self.cluster.url}/api/chat/conversations/{self.room}/messages",
                                        params={"after": after, "limit": 100}, timeout=15)
            except requests.RequestException:
                page = None
            if page is None or page.status_code != 200:  # an API process going away: ask again
                time.sleep(0.2)
                continue
            ids = [message["id"] for message in page.json()["items"]]
            self._have(zip(ids, [after, *ids[:-1]], strict=True))
            if not page.json()["has_more"]:
                return

    def _stay_connected(self) -> None:
        while not self.stopping.is_set():
            if not self.dropped.wait(0.2):
                continue
            if self.stopping.is_set():
                return
            self.reconnects += 1
            self._connect()
            self._catch_up()

    def seen(self) -> set[int]:
        with self.lock:
            return set(self.previous)

    def stop(self) -> None:
        self.stopping.set()
        self.socket.disconnect()
        self.thread.join(10)


class Writer(threading.Thread):
    """Sends messages through nginx until told to stop; a send that fails (a process going
    away) is retried with the same client_id, so it is stored once. Keeps what was acknowledged."""

    def __init__(self, cluster: Cluster, session: requests.Session, room: int, name: str):
        super().__init__(daemon=True)
        self.cluster, self.session, self.room, self.name = cluster, session, room, name
        self.acknowledged: list[tuple[int, float, float, str]] = []  # (id, sent, answered, served by)
        self.retries = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stopping.is_set():
            body, client_id = f"{self.name} {n}", uuid.uuid4().hex
            while True:
                sent = time.monotonic()
                try:
                    response, by = self.cluster.call("POST", f"/api/chat/conversations/{self.room}/messages",
                                                     self.session, json={"body": body, "client_id": client_id})
                except (requests.RequestException, AssertionError):
                    response = None
                if response is not None and response.status_code == 201:
                    answered = sent + response.elapsed.total_seconds()
                    self.acknowledged.append((response.json()["id"], sent, answered, by))
                    break
                assert response is None or response.status_code >= 500, response.text
                self.retries += 1
                time.sleep(0.05)
            n += 1
            time.sleep(0.02)


def test_a_rolling_restart_loses_nothing(cluster, make_user):
    """While members read and write, one API process and one chat process are stopped and
    started again. Every acknowledged message is stored once, and every reader ends with all."""
    writers_users = [make_user("김민지"), make_user("박서연")]
    readers_users = [make_user("이준호"), make_user("최도윤")]
    sessions = {user.id: sign_in(cluster, user)[0] for user in writers_users + readers_users}
    room = cluster.call("POST", "/api/chat/rooms", sessions[writers_users[0].id],
                        json={"name": "배포 중에도", "member_ids": [u.id for u in writers_users[1:] + readers_users]}
                        )[0].json()["id"]
    readers = [Reader(cluster, sessions[user.id], room) for user in readers_users]
    writers = [Writer(cluster, sessions[user.id], room, user.name) for user in writers_users]
    for writer in writers:
        writer.start()
    try:
        wait_until(lambda: all(len(writer.acknowledged) >= 3 for writer in writers), "the writers are writing")
        api_a, chat_b = cluster.apis[0], cluster.chats[1]
        # chat-b's sockets drop; their clients reconnect to chat-a, or to chat-b once it is back.
        chat_restart = threading.Thread(target=lambda: (chat_b.stop(), chat_b.start(timeout=120)))
        chat_restart.start()
        api_a.stop()
        stopped_at = time.monotonic()
        wait_until(lambda: any(sent > stopped_at and by == "api-b" for writer in writers
                               for _, sent, _, by in writer.acknowledged), "api-b alone acknowledges a write")
        starting_at = time.monotonic()
        api_a.start(timeout=120)
        started_at = time.monotonic()
        chat_restart.join()
        # nginx tries a failed upstream again after fail_timeout (10 s): write until api-a serves.
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not any(
                sent > started_at and by == "api-a" for writer in writers for _, sent, _, by in writer.acknowledged):
            time.sleep(0.2)
    finally:
        for writer in writers:
            writer.stopping.set()
        for writer in writers:
            writer.join(30)

    acknowledged = {id for writer in writers for id, _, _, _ in writer.acknowledged}
    stored = _stored_ids(cluster, sessions[readers_users[0].id], room)
    assert len(acknowledged) > 20 and stored == acknowledged  # each once (retries kept their client_id)
    # The restart happened under load: api-b alone acknowledged writes meanwhile, api-a again after.
    during = {by for writer in writers for _, sent, answered, by in writer.acknowledged
              if stopped_at < sent and answered < starting_at}
    after = {by for writer in writers for _, sent, _, by in writer.acknowledged if sent > started_at}
    assert during == {"api-b"} and after == {"api-a", "api-b"}, (during, after)

    deadline = time.monotonic() + 30
    while any(reader.seen() != stored for reader in readers) and time.monotonic() < deadline:
        time.sleep(0.2)
    for reader in readers:
        reader.stop()
    assert [sorted(stored - reader.seen()) for reader in readers] == [[], []], "a reader lost messages"
    assert sum(reader.reconnects for reader in readers) >= 1, "no socket was on the restarted chat process"


def _stored_ids(cluster: Cluster, session: requests.Session, room: int) -> set[int]:
    ids, after = [], 0
    while True:
        page = session.get(f"{cluster.url}/api/chat/conversations/{room}/messages",
                           params={"after": after, "limit": 100}, timeout=15).json()
        ids += [message["id"] for message in page["items"]]
        if not page["has_more"]:
            return set(ids)
        after = ids[-1]


# -- metrics -----------------------------------------------------------------------------------

def test_metrics_count_requests_per_route_and_status_on_each_process(cluster, make_user):
    session, _ = sign_in(cluster, make_user("김민지"))
    route = dict(route="/api/posts/<int:post_id>", method="GET")
    before = {name: cluster.metrics(name) for name in ("api-a", "api-b")}
    served = [cluster.call("GET", f"/api/posts/{900000 + n}", session) for n in range(5)]
    assert {response.status_code for response, _ in served} == {404}
    after = {name: cluster.metrics(name) for name in ("api-a", "api-b")}
    for name in ("api-a", "api-b"):
        expected = sum(1 for _, by in served if by == name)
        assert expected, f"nginx sent no request to {name}"
        count = _sample("portal_http_requests_total", **route, status="404")
        assert after[name].get(count, 0) - before[name].get(count, 0) == expected, name
        latency = _sample("portal_http_request_duration_seconds_count", **route)
        assert after[name].get(latency, 0) - before[name].get(latency, 0) == expected, name
        assert not [sample for sample in after[name] if "/api/posts/9000" in sample], "a raw path as a label"
        # Two workers with SQLAlchemy's default pool of 5 each; nothing in use between requests
        # (sampled every second).
        assert after[name]["portal_db_pool_size"] == 10
        deadline = time.monotonic() + 5
        while (in_use := cluster.metrics(name)["portal_db_pool_checked_out"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert in_use == 0


def test_a_method_no_one_uses_is_counted_without_a_label_of_its_own(cluster):
    brewed, by = cluster.call("BREW", "/api/health")
    assert brewed.status_code == 405
    samples = cluster.metrics(by)
    assert samples.get(_sample("portal_http_requests_total", route="unmatched", method="OTHER", status="405"), 0) >= 1
    assert not [sample for sample in samples if "BREW" in sample]


def test_metrics_show_open_sockets_and_the_queue_lag_on_the_chat_processes(cluster, make_user):
    session, _ = sign_in(cluster, make_user("이준호"))
    token = session.headers["Authorization"].removeprefix("Bearer ")

    def open_sockets() -> dict[str, float]:
        return {name: cluster.metrics(name)["portal_chat_open_sockets"] for name in ("chat-a", "chat-b")}

    def settles_at(expected: dict) -> dict:
        deadline = time.monotonic() + 10
        while (now := open_sockets()) != expected and time.monotonic() < deadline:
            time.sleep(0.2)
        return now

    baseline = settles_at({"chat-a": 0, "chat-b": 0})
    assert baseline == {"chat-a": 0, "chat-b": 0}
    sockets = [Socket(cluster, token) for _ in range(3)]  # round robin: two on one, one on the other

    def queue_samples() -> dict:
        return {name: cluster.metrics(name) for name in ("chat-a", "chat-b")}

    # A heartbeat a second (CHAT_SESSION_CHECK_SECONDS=1) goes through each process's queue.
    wait_until(lambda: sum(open_sockets().values()) == 3, "three sockets open")
    wait_until(lambda: all(samples.get("portal_chat_queue_lag_seconds_count", 0) >= 1
                           for samples in queue_samples().values()), "a heartbeat through each queue")
    while_open = open_sockets()
    lag = queue_samples()
    held = [socket.close() for socket in sockets]
    assert while_open == {name: held.count(name) for name in ("chat-a", "chat-b")}
    assert settles_at({"chat-a": 0, "chat-b": 0}) == {"chat-a": 0, "chat-b": 0}
    for name, samples in lag.items():
        assert samples["portal_chat_queue_lag_seconds_count"] >= 1, name
        assert 0 < samples["portal_chat_queue_lag_seconds_sum"] / samples["portal_chat_queue_lag_seconds_count"] < 1
        assert time.time() - samples["portal_chat_queue_heartbeat_timestamp_seconds"] < 10


def test_nginx_does_not_serve_the_metrics(cluster):
    for path in ("/metrics", "/api/metrics"):
        response = requests.get(cluster.url + path, timeout=10)
        assert "portal_http_requests_total" not in response.text, path
    assert requests.get(cluster.url + "/api/metrics", timeout=10).status_code == 404
    scraped = requests.get(f"http://127.0.0.1:{cluster.metrics_ports['api-a']}/metrics", timeout=10)
    assert re.search(r"^portal_http_requests_total\{", scraped.text, re.M)
