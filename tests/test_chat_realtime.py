"""Real-time chat across two real server processes that share the real Redis.

Each test talks to two gunicorn processes (A and B) over HTTP and WebSocket, the way browsers
behind Nginx would: a message sent through one process reaches sockets held by the other.
TEST_REDIS_URL names the Redis (default redis://127.0.0.1:6379/0); each run uses its own
Socket.IO channel, so parallel runs do not hear each other.
"""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import psycopg
import pytest
import requests
import socketio

from portal.auth import accounts
from tests.conftest import PASSWORD, REDIS_URL
from tests.servers import free_port, wait_until_healthy
from tests.waiting import next_event

ROOT = Path(__file__).resolve().parent.parent
QUIET = 0.6  # seconds to wait before concluding that nothing arrives


class Server:
    """One chat process as the systemd unit runs it: gunicorn's gevent worker, a bounded number
    of connections (`-k gevent --worker-connections N`)."""

    def __init__(self, env: dict, log_path: Path, worker_connections: int = 200):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "1", "-k", "gevent", "--worker-connections",
             str(worker_connections), "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        assert len(children) == 1, children
        return int(children[0])

    def wait_ready(self, timeout: float = 30) -> None:
        wait_until_healthy(self.process, self.url, self._log.name, timeout)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@pytest.fixture(scope="module")
def server_env(migrated_app, database_url, tmp_path_factory):
    """The environment every chat process of this module runs with (one channel, one database)."""
    instance = tmp_path_factory.mktemp("chat-instance")
    return {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "VIRTUAL_ENV"}},
        "PORTAL_ENV": "testing",
        "PORTAL_INSTANCE_PATH": str(instance),
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CHAT_CHANNEL": f"portal-chat-test-{uuid.uuid4().hex[:10]}",
        "SECRET_KEY": migrated_app.config["SECRET_KEY"],
        "JWT_SECRET_KEY": migrated_app.config["JWT_SECRET_KEY"],  # tokens from either side work
        "RATELIMIT_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "CHAT_SESSION_CHECK_SECONDS": "1",
    }


@pytest.fixture(scope="module")
def servers(server_env):
    """Two server processes on the test database and the real Redis: (A, B)."""
    instance = Path(server_env["PORTAL_INSTANCE_PATH"])
    started = [Server(server_env, instance / f"server-{name}.log") for name in ("a", "b")]
    try:
        for server in started:
            server.wait_ready()
        yield tuple(server.url for server in started)
    finally:
        for server in started:
            server.stop()


class ChatClient:
    """A signed-in user with a python-socketio client on one server, recording every event."""

    def __init__(self, user, server_url: str):
        self.user = user
        response = requests.post(server_url + "/api/auth/login", json={"email": user.email, "password": PASSWORD},
                                 timeout=10)
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.events: queue.Queue = queue.Queue()
        self.disconnected = threading.Event()
        self.sio = None
        self.connect(server_url)

    def connect(self, server_url: str) -> None:
        self.server_url = server_url
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("*", lambda event, data=None: self.events.put((event, data)))
        self.sio.on("disconnect", lambda *args: self.disconnected.set())
        self.disconnected.clear()
        self.sio.connect(server_url, auth={"token": self.token}, transports=["websocket"], wait_timeout=10)

    def close(self) -> None:
        if self.sio is not None and self.sio.connected:
            self.sio.disconnect()

    # -- REST, through whichever server this client uses ----------------------------------
    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(method, f"{self.server_url}/api/chat{path}", headers=self.headers, timeout=10,
                                **kwargs)

    def send(self, conversation_id: int, body: str, client_id: str | None = None) -> dict:
        response = self.api("POST", f"/conversations/{conversation_id}/messages",
                            json={"body": body, "client_id": client_id or uuid.uuid4().hex})
        assert response.status_code == 201, response.text
        return response.json()

    # -- events ---------------------------------------------------------------------------
    def expect(self, event: str, timeout: float = 10, **match) -> dict:
        """The next `event` whose payload has the given values (skipping other events)."""
        if (found := next_event(self.events, event, timeout, match)) is None:
            raise AssertionError(f"{self.user.name} got no {event} {match}")
        return found

    def received(self, event: str, wait: float = QUIET) -> list[dict]:
        """Every `event` received within `wait` seconds from now (and not yet consumed)."""
        # Absence has no event to wait for: collect whatever arrives until the deadline.
        deadline = time.monotonic() + wait
        found = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                name, data = self.events.get(timeout=left)
            except queue.Empty:
                break
            if name == event:
                found.append(data)
        while True:
            try:
                name, data = self.events.get_nowait()
            except queue.Empty:
                return found
            if name == event:
                found.append(data)


@pytest.fixture
def connect(servers, app):
    """connect(user, server_index) -> ChatClient; every client is closed after the test."""
    clients = []

    def make(user, server_index: int) -> ChatClient:
        client = ChatClient(user, servers[server_index])
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ("김민지", "이준호", "박서연", "최도윤")}


def test_dm_across_processes(connect, people):
    minji, junho = connect(people["김민지"], 0), connect(people["이준호"], 1)
    outsider = connect(people["최도윤"], 0)
    dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]

    sent = minji.send(dm, "안녕하세요 👋")  # through process A
    got = junho.expect("message:new", id=sent["id"])  # socket on process B
    assert got["body"] == "안녕하세요 👋" and got["author"]["id"] == minji.user.id

    reply = junho.send(dm, "네, 안녕하세요")  # through process B
    assert minji.expect("message:new", id=reply["id"])["conversation_id"] == dm
    assert outsider.received("message:new") == []
    assert outsider.api("GET", f"/conversations/{dm}/messages").status_code == 404


def test_room_across_processes_and_leaving_stops_delivery(connect, people):
    minji, junho, seoyeon = connect(people["김민지"], 0), connect(people["이준호"], 1), connect(people["박서연"], 1)
    outsider = connect(people["최도윤"], 1)
    room = minji.api("POST", "/rooms", json={"name": "개발팀", "member_ids": [junho.user.id, seoyeon.user.id]}
                     ).json()["id"]
    junho.expect("conversation:updated", conversation_id=room)

    sent = seoyeon.send(room, "회의는 3시입니다")
    for member in (minji, junho, seoyeon):
        assert member.expect("message:new", id=sent["id"])["body"] == "회의는 3시입니다"
    assert outsider.received("message:new") == []
    assert outsider.api("GET", f"/conversations/{room}/messages").status_code == 404

    assert junho.api("POST", f"/rooms/{room}/leave").status_code == 204
    after_leaving = minji.send(room, "준호 씨 없이 계속")
    seoyeon.expect("message:new", id=after_leaving["id"])
    assert junho.received("message:new") == []
    refused = junho.api("POST", f"/conversations/{room}/messages", json={"body": "다시", "client_id": "x"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "left_conversation"


def test_a_reconnecting_client_catches_up_exactly(connect, people, servers):
    minji, junho = connect(people["김민지"], 0), connect(people["이준호"], 1)
    dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]
    first = minji.send(dm, "1")
    seen = [junho.expect("message:new", id=first["id"])["id"]]

    junho.close()
    missed = [minji.send(dm, str(n))["id"] for n in range(2, 6)]

    junho.connect(servers[0])  # back, on the other process
    live = minji.send(dm, "6")
    page = junho.api("GET", f"/conversations/{dm}/messages", params={"after": seen[-1]}).json()
    caught_up = [m["id"] for m in page["items"]]
    live_ids = [m["id"] for m in junho.received("message:new", wait=1.0)]
    # The client merges history and live events by id: nothing lost, nothing twice.
    assert caught_up[:4] == missed and not page["has_more"]
    assert live_ids == [live["id"]]
    assert sorted(set(seen + caught_up + live_ids)) == [first["id"], *missed, live["id"]]


def test_live_messages_carry_what_a_client_needs_to_see_a_gap(connect, people):
    """Sent at once from many threads, live messages may arrive in any order; each names the
    message before it in the conversation, so a client knows when it is missing one."""
    minji, junho = connect(people["김민지"], 0), connect(people["이준호"], 1)
    room = minji.api("POST", "/rooms", json={"name": "동시 전송", "member_ids": [junho.user.id]}).json()["id"]
    senders = [threading.Thread(target=lambda n=n: [minji.send(room, f"{n}-{i}") for i in range(4)])
               for n in range(8)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    received = [junho.expect("message:new", conversation_id=room) for _ in range(32)]
    stored = [m["id"] for m in minji.api("GET", f"/conversations/{room}/messages", params={"limit": 100}
                                         ).json()["items"]]
    assert sorted(m["id"] for m in received) == stored
    previous = dict(zip(stored, [None, *stored[:-1]], strict=True))
    assert all(m["previous_id"] == previous[m["id"]] for m in received)


def test_a_retried_send_stores_and_delivers_one_message(connect, people):
    minji, junho = connect(people["김민지"], 0), connect(people["이준호"], 1)
    dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]
    junho_on_b = ChatClient.__new__(ChatClient)
    junho_on_b.__dict__.update(minji.__dict__)
    junho_on_b.server_url = junho.server_url  # the same user retrying through the other process

    results = []
    threads = [threading.Thread(target=lambda c=c: results.append(c.send(dm, "한 번만", client_id="retry-42")))
               for c in (minji, junho_on_b, minji)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({r["id"] for r in results}) == 1
    history = minji.api("GET", f"/conversations/{dm}/messages").json()["items"]
    assert [m["body"] for m in history] == ["한 번만"]
    assert len(junho.received("message:new", wait=1.0)) == 1


def test_typing_and_presence(connect, people):
    minji, junho = connect(people["김민지"], 0), connect(people["이준호"], 1)
    dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]
    assert minji.sio.call("typing", {"conversation_id": dm}, timeout=5) == {"ok": True}
    assert junho.expect("typing", conversation_id=dm)["user_id"] == minji.user.id

    outsider = connect(people["최도윤"], 1)
    assert outsider.sio.call("typing", {"conversation_id": dm}, timeout=5)["ok"] is False
    assert [c for c in minji.api("GET", f"/conversations/{dm}").json()["members"] if c["online"]] != []

    junho.close()
    assert minji.expect("presence", user_id=junho.user.id)["online"] is False
    junho.connect(minji.server_url)
    assert minji.expect("presence", user_id=junho.user.id)["online"] is True


def test_a_killed_process_leaves_no_one_falsely_online(connect, people, server_env):
    """kill -9 closes no socket and runs no disconnect handler: the heartbeat stops, and the
    process's sockets stop counting once their time-to-live passes. Nothing accepted is lost:
    the client reconnects to another process and fetches what it missed."""
    ttl = 3
    doomed = Server({**server_env, "CHAT_PRESENCE_TTL": str(ttl)},
                    Path(server_env["PORTAL_INSTANCE_PATH"]) / "server-doomed.log")
    try:
        doomed.wait_ready()
        minji = connect(people["김민지"], 0)
        junho = ChatClient(people["이준호"], doomed.url)
        dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]

        def junho_online() -> bool:
            members = minji.api("GET", f"/conversations/{dm}").json()["members"]
            return next(m["online"] for m in members if m["id"] == junho.user.id)

        past_ttl = time.monotonic() + ttl + 1
        while time.monotonic() < past_ttl:
            assert junho_online(), "the heartbeat keeps a live socket online past its time-to-live"
            time.sleep(0.5)
        # The worker holds the socket, the master would only start another: kill -9 both.
        subprocess.run(["pkill", "-KILL", "-P", str(doomed.process.pid)], check=False)
        doomed.process.kill()
        doomed.process.wait()
        deadline = time.monotonic() + ttl + 5
        while junho_online():
            assert time.monotonic() < deadline, "still online after its process was killed"
            time.sleep(0.5)
        # Writes accepted meanwhile are kept; the client reconnects elsewhere and catches up by id.
        seen = minji.send(dm, "프로세스가 죽은 뒤 1")["id"]
        missed = minji.send(dm, "프로세스가 죽은 뒤 2")["id"]
        junho.connect(minji.server_url)
        caught_up = junho.api("GET", f"/conversations/{dm}/messages", params={"after": seen - 1}).json()["items"]
        assert [m["id"] for m in caught_up] == [seen, missed]
        junho.close()
    finally:
        if doomed.process.poll() is None:
            doomed.stop()
        else:
            doomed._log.close()


def _socket_on(server_url: str, token: str) -> tuple[socketio.Client, queue.Queue, threading.Event]:
    events, closed = queue.Queue(), threading.Event()
    sio = socketio.Client(reconnection=False)
    sio.on("*", lambda event, data=None: events.put((event, (data or {}).get("reason"))))
    sio.on("disconnect", lambda *args: closed.set())
    sio.connect(server_url, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    return sio, events, closed


@pytest.mark.parametrize("ending", ["logout", "password_change", "token_expiry"])
def test_a_socket_ends_with_its_session_on_every_process(people, servers, server_env, ending):
    """A stolen token's socket stops when the victim signs out, changes the password, or the
    token expires — also when the socket is on another process than the request that ended it."""
    user = people["이준호"]
    victim = requests.Session()  # signed in through process A, with its refresh cookie
    signed_in = victim.post(servers[0] + "/api/auth/login", json={"email": user.email, "password": PASSWORD},
                            timeout=10)
    token = signed_in.json()["access_token"]
    other_device = ChatClient(user, servers[0])  # a second session of the same user
    if ending == "token_expiry":
        from flask_jwt_extended import create_access_token, decode_token

        from portal import create_app
        from tests.conftest import TEST_SETTINGS

        minting = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": server_env["DATABASE_URL"],
                              "JWT_SECRET_KEY": server_env["JWT_SECRET_KEY"]})
        with minting.app_context():
            claims = decode_token(token)
            token = create_access_token(identity=claims["sub"], additional_claims={"sid": claims["sid"]},
                                        expires_delta=timedelta(seconds=2))
    sio, events, closed = _socket_on(servers[1], token)
    try:
        if ending == "logout":
            csrf = victim.cookies.get("csrf_refresh_token")
            assert victim.post(servers[0] + "/api/auth/logout", headers={"X-CSRF-TOKEN": csrf},
                               timeout=10).status_code == 204
        elif ending == "password_change":
            changed = requests.put(servers[0] + "/api/auth/password", headers=other_device.headers, timeout=10,
                                   json={"current_password": PASSWORD, "new_password": "새-비밀번호-2026-가나"})
            assert changed.status_code == 204, changed.text
        assert closed.wait(10), "the socket outlived its session"
        reason = "token_expired" if ending == "token_expiry" else "session_ended"
        assert ("session:ended", reason) in [events.get_nowait() for _ in range(events.qsize())]
        if ending != "password_change":  # the other device's session is untouched
            assert other_device.sio.connected
    finally:
        sio.disconnect()
        other_device.close()


def test_a_deactivated_user_is_disconnected_at_once(connect, people, make_user, servers):
    admin = make_user("관리자", role="admin")
    junho = connect(people["이준호"], 1)
    admin_client = connect(admin, 0)
    response = requests.patch(f"{servers[0]}/api/admin/users/{junho.user.id}", headers=admin_client.headers,
                              json={"is_active": False}, timeout=10)
    assert response.status_code == 200, response.text
    junho.expect("session:ended")
    assert junho.disconnected.wait(5)
    with pytest.raises(socketio.exceptions.ConnectionError):
        junho.connect(servers[1])


@pytest.mark.parametrize("auth", [None, {}, {"token": "not-a-token"}])
def test_a_socket_needs_a_valid_token(servers, app, auth):
    sio, refusals = socketio.Client(reconnection=False), []
    sio.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(servers[0], auth=auth, transports=["websocket"], wait_timeout=5)
    assert [refusal["data"] for refusal in refusals] == [{"code": "unauthorized"}]  # the web app renews its token


def test_a_socket_of_a_signed_out_session_is_refused(connect, people, servers):
    junho = connect(people["이준호"], 1)
    accounts.revoke_sessions(junho.user)
    from portal.extensions import db

    db.session.commit()
    with pytest.raises(socketio.exceptions.ConnectionError):
        junho.connect(servers[0])


def test_a_socket_of_a_session_with_an_initial_password_is_refused_until_it_is_changed(servers, app, make_user):
    newcomer = make_user("신입", initial=True)
    signed_in = requests.post(servers[0] + "/api/auth/login", json={"email": newcomer.email, "password": PASSWORD},
                              timeout=10).json()
    token = signed_in["access_token"]
    sio, refusals = socketio.Client(reconnection=False), []
    sio.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(servers[0], auth={"token": token}, transports=["websocket"], wait_timeout=5)
    assert [refusal["data"] for refusal in refusals] == [{"code": "password_change_required"}]
    changed = requests.put(servers[0] + "/api/auth/password", headers={"Authorization": f"Bearer {token}"},
                           json={"current_password": PASSWORD, "new_password": "신입의-새-비밀번호-1"}, timeout=10)
    assert changed.status_code == 204, changed.text
    sio.connect(servers[1], auth={"token": token}, transports=["websocket"], wait_timeout=5)
    sio.disconnect()


@pytest.mark.parametrize("origin, forwarded_proto, accepted", [
    ("https://evil.example", "https", False),
    ("https://{host}", None, False),  # plain HTTP here, so an https page is another origin
    ("https://{host}", "https", True),  # behind Nginx terminating TLS, as deployed
])
def test_sockets_from_other_sites_are_refused(connect, people, servers, origin, forwarded_proto, accepted):
    junho = connect(people["이준호"], 0)
    junho.close()
    origin = origin.format(host=servers[1].removeprefix("http://"))
    headers = {"X-Forwarded-Proto": forwarded_proto} if forwarded_proto else {}
    sio = socketio.Client(reconnection=False, websocket_extra_options={"origin": origin})
    try:
        sio.connect(servers[1], headers=headers, auth={"token": junho.token}, transports=["websocket"], wait_timeout=5)
    except socketio.exceptions.ConnectionError:
        assert not accepted
    else:
        sio.disconnect()
        assert accepted


def _start_redis(port: int, directory: Path) -> subprocess.Popen:
    """A redis-server of the test's own on `port` (the caller stops it)."""
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
        assert time.monotonic() < deadline, "redis did not start"
        time.sleep(0.1)
    return process


def _wait_for_a_lock_wait(locker: psycopg.Connection, timeout: float = 10) -> None:
    """Until another session waits for the lock on conversation_members that `locker` holds."""
    deadline = time.monotonic() + timeout
    query = ("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'conversation_members'::regclass"
             " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
    while locker.execute(query).fetchone()[0] == 0:
        assert time.monotonic() < deadline, "nothing waits on the lock"
        time.sleep(0.05)


def test_when_redis_goes_away_and_returns_clients_are_told_to_catch_up(people, server_env, tmp_path):
    """A Redis of this test's own: stopped, sockets are dropped (events would silently miss
    them) while messages are still stored; restarted, sockets are dropped again so clients
    fetch what was sent meanwhile."""
    port = free_port()

    def start_redis():
        return _start_redis(port, tmp_path)

    redis_process = start_redis()
    server = Server({**server_env, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}, tmp_path / "server.log")
    try:
        server.wait_ready()
        minji, junho = ChatClient(people["김민지"], server.url), ChatClient(people["이준호"], server.url)
        dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]

        redis_process.terminate()
        redis_process.wait(10)
        assert junho.expect("chat:reconnect")["reason"] == "queue_lost"
        assert junho.disconnected.wait(10)
        during = minji.send(dm, "Redis가 없는 동안")  # stored all the same
        assert requests.get(server.url + "/api/chat/conversations", headers=junho.headers,
                            timeout=10).status_code == 200  # presence degrades, no 500

        redis_process = start_redis()
        junho.connect(server.url)
        assert junho.expect("chat:reconnect", timeout=15)["reason"] == "queue_restored"
        history = junho.api("GET", f"/conversations/{dm}/messages", params={"after": 0}).json()["items"]
        assert during["id"] in [m["id"] for m in history]
        junho.connect(server.url)
        after = minji.send(dm, "다시 실시간")
        assert junho.expect("message:new", conversation_id=dm)["id"] == after["id"]
        minji.close()
        junho.close()
    finally:
        server.stop()
        if redis_process.poll() is None:
            redis_process.terminate()
            redis_process.wait(10)


def _answers_quickly(server_url: str, client: ChatClient) -> float:
    """Seconds for a socket event round trip and a health check on the same process."""
    started = time.monotonic()
    assert client.sio.call("typing", {"conversation_id": 0}, timeout=5)["ok"] is False  # database, no lock
    assert requests.get(server_url + "/api/health", timeout=5).status_code == 200
    return time.monotonic() - started


def test_a_slow_query_or_a_stalled_redis_on_one_socket_does_not_stop_the_others(people, server_env, tmp_path):
    """The chat process runs every socket in one thread (gevent): PostgreSQL and Redis calls
    must yield while they wait, or one slow call stops every socket of the process."""
    redis_port = free_port()
    redis_process = _start_redis(redis_port, tmp_path)  # its own: this test pauses it
    server = Server({**server_env, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0"}, tmp_path / "server.log")
    try:
        server.wait_ready()
        minji, junho = ChatClient(people["김민지"], server.url), ChatClient(people["이준호"], server.url)
        dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]

        # PostgreSQL: Minji's typing event waits on a lock the test holds while it measures.
        answers = []
        with psycopg.connect(server_env["DATABASE_URL"].replace("+psycopg", "")) as locker:
            locker.execute("LOCK TABLE conversation_members IN ACCESS EXCLUSIVE MODE")
            waiting = threading.Thread(
                target=lambda: answers.append(minji.sio.call("typing", {"conversation_id": dm}, timeout=20)))
            waiting.start()
            _wait_for_a_lock_wait(locker)
            assert waiting.is_alive() and not answers, "the typing event should be waiting on the lock"
            while_waiting = _answers_quickly(server.url, junho)
            assert waiting.is_alive(), "the lock is still held"
        waiting.join(10)
        assert answers == [{"ok": True}]
        assert while_waiting < 1.0, f"another socket waited {while_waiting:.2f}s behind a slow query"

        # Redis: paused for 1.5 s, a new socket's presence write waits; the others do not.
        assert subprocess.run(["redis-cli", "-p", str(redis_port), "CLIENT", "PAUSE", "1500", "ALL"],
                              capture_output=True).stdout.strip() == b"OK"
        seoyeon = ChatClient(people["박서연"], server.url)
        seoyeon.close()
        arriving = threading.Thread(target=lambda: seoyeon.connect(server.url))
        arriving.start()
        time.sleep(0.3)  # no event to wait on: a paused Redis answers nobody, not even CLIENT LIST
        while_paused = _answers_quickly(server.url, junho)
        arriving.join(15)
        assert while_paused < 1.0, f"another socket waited {while_paused:.2f}s behind a stalled Redis"
        assert seoyeon.sio.connected
        seoyeon.close()
        minji.close()
        junho.close()
    finally:
        server.stop()
        redis_process.terminate()
        redis_process.wait(10)


def _threads(pid: int) -> int:
    return next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                if line.startswith("Threads:"))


def test_a_full_chat_process_refuses_new_sockets_at_once_and_keeps_answering(people, server_env, tmp_path):
    """Sockets cost no thread; past CHAT_MAX_SOCKETS a new one gets 503 at once (the client
    retries elsewhere or later) while health checks and the open sockets are served."""
    limit = 30
    # Small pools: the sockets below connect all at once and queue for them (none fails for want
    # of a Redis or PostgreSQL connection).
    server = Server({**server_env, "CHAT_MAX_SOCKETS": str(limit), "CHAT_REDIS_POOL": "2",
                     "CHAT_DATABASE_POOL": "2"}, tmp_path / "full.log", worker_connections=60)
    user = people["최도윤"]
    opened = []
    try:
        server.wait_ready()
        worker = server.worker_pid()
        idle_threads = _threads(worker)
        client = ChatClient(user, server.url)
        opened.append(client.sio)
        with ThreadPoolExecutor(limit) as pool:
            opened += [sio for sio, _events, _closed in
                       pool.map(lambda _: _socket_on(server.url, client.token), range(limit - 1))]
        assert _threads(worker) <= idle_threads + 4, "open sockets should not hold threads"
        assert "presence unavailable" not in (tmp_path / "full.log").read_text()
        online = requests.get(server.url + "/api/chat/conversations", headers=client.headers, timeout=5)
        assert online.status_code == 200

        started = time.monotonic()
        with pytest.raises(socketio.exceptions.ConnectionError):
            _socket_on(server.url, client.token)
        upgrade = requests.get(server.url + "/socket.io/?EIO=4&transport=websocket", timeout=5, headers={
            "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="})
        assert upgrade.status_code == 503 and upgrade.json()["error"]["code"] == "chat_full"
        assert _answers_quickly(server.url, client) < 1.0
        assert time.monotonic() - started < 3, "a full process must refuse quickly, not hang"
        assert all(sio.connected for sio in opened)

        opened.pop().disconnect()  # room again, once the process has seen the socket close
        deadline = time.monotonic() + 5
        while True:
            try:
                opened.append(_socket_on(server.url, client.token)[0])
                break
            except socketio.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "a closed socket's place is not given back"
                time.sleep(0.2)
    finally:
        for sio in opened:
            sio.disconnect()
        server.stop()


def test_a_chat_process_whose_database_driver_would_block_refuses_to_start(server_env, tmp_path):
    """psycopg waiting in C (as when it is imported before gevent patches) would let one slow
    query stop every socket of the process: the worker refuses to boot, saying why."""
    log = tmp_path / "blocking.log"
    server = Server({**server_env, "PSYCOPG_WAIT_FUNC": "wait_c"}, log)
    try:
        deadline = time.monotonic() + 60
        while "psycopg was imported before gevent patched" not in log.read_text():
            assert time.monotonic() < deadline, "the worker booted with a blocking database driver"
            time.sleep(0.2)
        with pytest.raises(requests.RequestException):
            requests.get(server.url + "/api/health", timeout=2)
    finally:
        server.stop()


def test_the_async_mode_follows_the_server():
    from portal.chat import tier
    from portal.config import ConfigError

    assert not tier.gevent_patched()  # pytest's own process: threads
    assert tier.async_mode("auto") == "threading"
    assert tier.async_mode("threading") == "threading"
    with pytest.raises(ConfigError, match="gunicorn -k gevent"):
        tier.async_mode("gevent")
    with pytest.raises(ConfigError, match="CHAT_ASYNC_MODE"):
        tier.async_mode("eventlet")
