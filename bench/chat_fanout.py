"""Chat fan-out benchmark: N connected clients across rooms, on one or several server processes.

    .venv/bin/python bench/chat_fanout.py                     # the default matrix (see --help)
    .venv/bin/python bench/chat_fanout.py --clients 100 --layouts 1x1,2x1 --rate 50

What it does, each layout in turn (a layout "PxW" is P gunicorn instances of W workers each,
`gunicorn -w W --threads T`, all sharing Redis as Socket.IO's message queue):
  1. creates a scratch PostgreSQL database, migrates it, makes N users in R rooms;
  2. starts the servers, signs every user in, connects each one's python-socketio client over
     WebSocket to a server (round-robin);
  3. open loop: senders post messages over REST at --rate per second; for each delivery
     (every room member gets every message) it records the time from the start of the POST
     to the arrival of `message:new` at that member: the fan-out latency, p50/p99;
  4. closed loop: --senders threads post as fast as they can for --seconds; messages stored
     per second and deliveries per second, every delivery accounted for.
The clients run in this one process on the same machine, so they compete with the servers
for the CPU: the figures are a floor for what the servers can do, and a fair comparison of
layouts. Only loopback addresses are used; every loop is bounded in count and time.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-correct-horse-9"


# -- the database and the people ----------------------------------------------------------
def create_database(server_url: str) -> str:
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(database_url: str, instance: Path, clients: int, rooms: int) -> tuple[dict, list[dict], list[list[int]]]:
    """Migrate, then make `clients` users spread over `rooms` rooms. Returns (secrets, users, rooms)."""
    os.environ["PORTAL_INSTANCE_PATH"] = str(instance)
    from flask_migrate import upgrade

    from portal import create_app
    from portal.auth import accounts
    from portal.extensions import db
    from portal.models import Conversation, ConversationMember

    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 64, "REDIS_URL": ""})
    with app.app_context():
        upgrade()
        users = [accounts.create_user(f"bench{i}@portal.test", f"사용자{i}", PASSWORD) for i in range(clients)]
        members: list[list[int]] = [[] for _ in range(rooms)]
        for index, user in enumerate(users):
            members[index % rooms].append(user.id)
        room_ids = []
        for number, ids in enumerate(members):
            room = Conversation(kind="room", name=f"방 {number}", owner_id=ids[0])
            room.members = [ConversationMember(user_id=i) for i in ids]
            db.session.add(room)
            db.session.flush()
            room_ids.append(room.id)
        db.session.commit()
        result = [{"id": u.id, "email": u.email, "room": room_ids[i % rooms]} for i, u in enumerate(users)]
        secrets = {"SECRET_KEY": app.config["SECRET_KEY"], "JWT_SECRET_KEY": app.config["JWT_SECRET_KEY"]}
        db.engine.dispose()
    return secrets, result, members


# -- servers ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servers:
    def __init__(self, instances: int, workers: int, threads: int, env: dict, logs: Path):
        self.urls, self.processes, self._logs = [], [], []
        for n in range(instances):
            port = free_port()
            log = open(logs / f"server-{n}.log", "wb")  # noqa: SIM115
            self._logs.append(log)
            self.processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", str(workers), "--threads", str(threads),
                 "-b", f"127.0.0.1:{port}", "--no-control-socket", "--graceful-timeout", "2", "wsgi:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
            self.urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 60
        for url in self.urls:
            while True:
                try:
                    if requests.get(url + "/api/health", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not start; see {logs}")
                time.sleep(0.2)

    def rss_mib(self) -> float:
        """Resident memory of every server process (masters and workers)."""
        total = 0
        for process in self.processes:
            pids = [process.pid, *_children(process.pid)]
            for pid in pids:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except FileNotFoundError:
                    pass
        return total / 1024

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in self._logs:
            log.close()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


# -- clients ------------------------------------------------------------------------------
class Deliveries:
    """Arrival times of `message:new`, keyed by client_id, for every client."""

    def __init__(self):
        self.sent: dict[str, float] = {}
        self.latencies: list[float] = []
        self.count = 0
        self.duplicates = 0
        self._seen: set[tuple[int, int]] = set()
        self._lock = threading.Lock()

    def arrived(self, user_id: int, payload: dict) -> None:
        now = time.perf_counter()
        with self._lock:
            key = (user_id, payload["id"])
            if key in self._seen:
                self.duplicates += 1
                return
            self._seen.add(key)
            self.count += 1
            started = self.sent.get(payload["client_id"])
            if started is not None:
                self.latencies.append(now - started)


def connect_clients(users: list[dict], urls: list[str],
                    deliveries: Deliveries) -> list[tuple[dict, socketio.Client, str]]:
    def one(index_user):
        index, user = index_user
        url = urls[index % len(urls)]
        token = requests.post(url + "/api/auth/login", json={"email": user["email"], "password": PASSWORD},
                              timeout=30).json()["access_token"]
        sio = socketio.Client(reconnection=False)
        sio.on("message:new", lambda data, uid=user["id"]: deliveries.arrived(uid, data))
        sio.connect(url, auth={"token": token}, transports=["websocket"], wait_timeout=30)
        return user, sio, token

    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(one, enumerate(users)))


# -- the two loops ------------------------------------------------------------------------
def post(session: requests.Session, url: str, token: str, room: int, deliveries: Deliveries) -> None:
    client_id = uuid.uuid4().hex
    deliveries.sent[client_id] = time.perf_counter()
    response = session.post(f"{url}/api/chat/conversations/{room}/messages", timeout=30,
                            headers={"Authorization": f"Bearer {token}"},
                            json={"body": "벤치마크 메시지 " + client_id[:8], "client_id": client_id})
    response.raise_for_status()


def wait_for(deliveries: Deliveries, expected: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while deliveries.count < expected and time.monotonic() < deadline:
        time.sleep(0.05)


def open_loop(connected, urls, room_sizes, messages: int, rate: float) -> dict:
    """`messages` sends at `rate` per second from random members; fan-out latency per delivery."""
    deliveries = Deliveries()
    for _user, sio, _token in connected:
        sio.handlers["/"]["message:new"] = (lambda data, uid=_user["id"]: deliveries.arrived(uid, data))
    expected = 0
    senders = ThreadPoolExecutor(8)
    sessions = threading.local()

    def send(i):
        user, _sio, token = connected[(i * 7) % len(connected)]
        if not hasattr(sessions, "s"):
            sessions.s = requests.Session()
        post(sessions.s, urls[i % len(urls)], token, user["room"], deliveries)

    started = time.perf_counter()
    futures = []
    for i in range(messages):
        target = started + i / rate
        time.sleep(max(0.0, target - time.perf_counter()))
        user = connected[(i * 7) % len(connected)][0]
        expected += room_sizes[user["room"]]
        futures.append(senders.submit(send, i))
    for future in futures:
        future.result()
    wait_for(deliveries, expected, 30)
    senders.shutdown()
    lat = sorted(deliveries.latencies)
    return {"messages": messages, "rate": rate, "deliveries": deliveries.count, "expected": expected,
            "duplicates": deliveries.duplicates,
            "p50_ms": 1000 * statistics.median(lat), "p99_ms": 1000 * lat[int(0.99 * (len(lat) - 1))],
            "max_ms": 1000 * lat[-1]}


def closed_loop(connected, urls, room_sizes, senders: int, seconds: float) -> dict:
    """`senders` threads post back to back for `seconds`; throughput of stores and deliveries."""
    deliveries = Deliveries()
    for _user, sio, _token in connected:
        sio.handlers["/"]["message:new"] = (lambda data, uid=_user["id"]: deliveries.arrived(uid, data))
    sent = [0] * senders
    expected = [0] * senders
    stop_at = time.perf_counter() + seconds

    def run(n):
        session = requests.Session()
        i = n
        while time.perf_counter() < stop_at:
            user, _sio, token = connected[(i * 7) % len(connected)]
            post(session, urls[n % len(urls)], token, user["room"], deliveries)
            sent[n] += 1
            expected[n] += room_sizes[user["room"]]
            i += senders

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(n,)) for n in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored_elapsed = time.perf_counter() - started
    wait_for(deliveries, sum(expected), 60)
    elapsed = time.perf_counter() - started
    lat = sorted(deliveries.latencies)
    return {"senders": senders, "messages": sum(sent), "msgs_per_s": sum(sent) / stored_elapsed,
            "deliveries": deliveries.count, "expected": sum(expected), "duplicates": deliveries.duplicates,
            "deliveries_per_s": deliveries.count / elapsed,
            "p50_ms": 1000 * statistics.median(lat), "p99_ms": 1000 * lat[int(0.99 * (len(lat) - 1))]}


# -- one layout ---------------------------------------------------------------------------
def run_layout(args, layout: str, pg_server: str) -> dict:
    instances, workers = (int(x) for x in layout.split("x"))
    database = create_database(pg_server)
    work = Path(f"/tmp/portal-bench-{uuid.uuid4().hex[:6]}")
    work.mkdir(parents=True)
    servers = None
    connected = []
    try:
        base = pg_server.rsplit("/", 1)[0]
        database_url = f"{base}/{database}".replace("postgresql://", "postgresql+psycopg://", 1)
        secrets, users, members = seed(database_url, work, args.clients, args.rooms)
        room_sizes = {u["room"]: len(members[i % args.rooms]) for i, u in enumerate(users)}
        per_process = -(-args.clients // (instances * workers))
        env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
        env.update({"PORTAL_ENV": "testing", "PORTAL_INSTANCE_PATH": str(work), "DATABASE_URL": database_url,
                    "REDIS_URL": args.redis_url, "CHAT_CHANNEL": f"portal-chat-bench-{uuid.uuid4().hex[:8]}",
                    "RATELIMIT_ENABLED": "false", "LOG_LEVEL": "WARNING", **secrets})
        # Every WebSocket holds one gthread thread for its lifetime: leave room for REST too.
        threads = args.threads or per_process * 2 + 50
        servers = Servers(instances, workers, threads, env, work)
        connected = connect_clients(users, servers.urls, Deliveries())
        time.sleep(1)
        warm = open_loop(connected, servers.urls, room_sizes, 20, 20)  # noqa: F841 (warm-up)
        latency = open_loop(connected, servers.urls, room_sizes, args.messages, args.rate)
        throughput = closed_loop(connected, servers.urls, room_sizes, args.senders, args.seconds)
        return {"layout": layout, "instances": instances, "workers": workers, "threads": threads,
                "clients": args.clients, "rooms": args.rooms, "rss_mib": servers.rss_mib(),
                "open_loop": latency, "closed_loop": throughput}
    finally:
        for _user, sio, _token in connected:
            try:
                sio.disconnect()
            except Exception:
                pass
        if servers:
            servers.stop()
        drop_database(pg_server, database)


def markdown(results: list[dict], args) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    lines = [
        f"Chat fan-out, {datetime.now(timezone.utc):%Y-%m-%d}, {os.cpu_count()} CPU ({cpu}), "
        f"Python {platform.python_version()}, clients in the same machine. "
        f"{args.clients} clients in {args.rooms} rooms ({args.clients // args.rooms} members each). "
        f"Load average before / after: {results[0]['load_before']} / {results[-1]['load_after']}.",
        "",
        f"| layout (instances x workers) | threads | open loop {args.rate:g} msg/s: p50 / p99 fan-out | "
        f"closed loop ({args.senders} senders): msgs/s stored | deliveries/s | p50 / p99 under load "
        "| lost / duplicated | server RSS |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        o, c = r["open_loop"], r["closed_loop"]
        lost = (o["expected"] - o["deliveries"]) + (c["expected"] - c["deliveries"])
        lines.append(
            f"| {r['layout']} | {r['threads']} | {o['p50_ms']:.1f} / {o['p99_ms']:.1f} ms | "
            f"{c['msgs_per_s']:.0f} | {c['deliveries_per_s']:.0f} | {c['p50_ms']:.0f} / {c['p99_ms']:.0f} ms | "
            f"{lost} / {o['duplicates'] + c['duplicates']} | {r['rss_mib']:.0f} MiB |")
    return "\n".join(lines)


def _load() -> str:
    """The 1-minute load average: other work on the machine skews every figure."""
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--layouts", default="1x1,2x1,1x2", help="comma-separated PxW (instances x workers)")
    parser.add_argument("--threads", type=int, default=0, help="gthread threads per worker (default: fits)")
    parser.add_argument("--messages", type=int, default=300, help="open loop: messages to send")
    parser.add_argument("--rate", type=float, default=30, help="open loop: messages per second")
    parser.add_argument("--senders", type=int, default=8, help="closed loop: concurrent senders")
    parser.add_argument("--seconds", type=float, default=10, help="closed loop: duration")
    parser.add_argument("--database-server", default=os.environ.get(
        "BENCH_DATABASE_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--json", help="also write the raw results here")
    args = parser.parse_args()

    results = []
    for layout in args.layouts.split(","):
        print(f"running {layout} ...", file=sys.stderr, flush=True)
        load_before = _load()
        results.append(run_layout(args, layout.strip(), args.database_server))
        results[-1].update(load_before=load_before, load_after=_load())
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    print(markdown(results, args))


if __name__ == "__main__":
    main()
