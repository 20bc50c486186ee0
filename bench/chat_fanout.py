"""Chat fan-out benchmark: a ramp of open sockets in rooms, on the chat tier's production layouts.

    .venv/bin/python bench/chat_fanout.py                      # ramp 500,1000,2000; gevent then gthread
    .venv/bin/python bench/chat_fanout.py --ramp 250,500 --layouts gevent --rate 50 --json out.json

Production runs two gunicorns behind Nginx: the API (`--workers 2 --threads 4 --worker-class
gthread`), which stores a message and publishes it on Redis, and the chat tier, which holds the
sockets and fans out what Redis brings. This script starts both the same way on a scratch
database, for each chat layout in turn:

  gevent   `--workers 2 --worker-class gevent --worker-connections M+200`, CHAT_MAX_SOCKETS=M (today's)
  gthread  `--workers 2 --threads 200 --worker-class gthread` (the layout before: a thread per socket)

and then, with sockets in rooms of --room-size members (every member of a room connected):
  1. ramp: for each step of --ramp, opens sockets up to that many (one per user, up to --connect-
     concurrency at a time, each given --connect-timeout), times a health check on the chat tier,
     then posts --messages messages over REST at a steady --rate from random connected members.
     Per delivery (every connected member of the room gets every message), the time from the
     start of the POST to `message:new` at that member: fan-out p50 / p99. CPU of the chat and
     API processes over the window, as % of one core.
  2. closed loop at the last step: --senders concurrent senders post back to back for --seconds;
     messages stored per second. Then the check: every POST answered 201, the database holds
     exactly those messages (by client_id), every connected member got each one once.

The client side is one asyncio process (python-socketio's AsyncClient over aiohttp, one shared
HTTP session): thousands of sockets cost it little, and it runs on the same 2-core machine, so
the figures are a floor. Loopback only; every loop is bounded in count and time.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import socket
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import aiohttp
import psycopg
import socketio

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-correct-horse-9"
API_ARGS = ["--workers", "2", "--threads", "4", "--worker-class", "gthread"]


def chat_args(layout: str, max_sockets: int) -> list[str]:
    if layout == "gevent":
        return ["--workers", "2", "--worker-class", "gevent", "--worker-connections", str(max_sockets + 200)]
    if layout == "gthread":
        return ["--workers", "2", "--threads", "200", "--worker-class", "gthread"]
    raise SystemExit(f"unknown layout {layout!r}: gevent or gthread")


# -- the database and the people ----------------------------------------------------------
def create_database(server_url: str) -> str:
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(database_url: str, instance: Path, users: int, room_size: int) -> tuple[dict, list[dict]]:
    """Migrate, then make `users` users in rooms of `room_size` (users 0-9 in the first room...)."""
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
        made = [accounts.create_user(f"bench{i}@portal.test", f"사용자{i}", PASSWORD,
                                     must_change_password=False) for i in range(users)]
        people = []
        for start in range(0, users, room_size):
            members = made[start:start + room_size]
            room = Conversation(kind="room", name=f"방 {start // room_size}", owner_id=members[0].id)
            room.members = [ConversationMember(user_id=u.id) for u in members]
            db.session.add(room)
            db.session.flush()
            people += [{"id": u.id, "email": u.email, "room": room.id} for u in members]
        db.session.commit()
        secrets = {"SECRET_KEY": app.config["SECRET_KEY"], "JWT_SECRET_KEY": app.config["JWT_SECRET_KEY"]}
        db.engine.dispose()
    return secrets, people


# -- servers ------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, args: list[str], env: dict, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = open(log, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *args, "-b", f"127.0.0.1:{self.port}", "--no-control-socket",
             "--graceful-timeout", "2", "--timeout", "120", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        from tests.servers import wait_until_healthy

        try:
            wait_until_healthy(self.process, self.url, self._log.name, timeout)
        except RuntimeError:
            self.stop()
            raise

    def pids(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except FileNotFoundError:
            children = []
        return [self.process.pid, *map(int, children)]

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
            except (FileNotFoundError, IndexError):
                pass
        return total / os.sysconf("SC_CLK_TCK")

    def status(self, field: str) -> int:
        """Sum of a /proc status field (Threads, VmRSS in kB) over master and workers."""
        total = 0
        for pid in self.pids():
            try:
                total += next(int(line.split()[1]) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                              if line.startswith(field + ":"))
            except (FileNotFoundError, StopIteration):
                pass
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                for pid in reversed(self.pids()):
                    try:
                        os.kill(pid, 9)
                    except ProcessLookupError:
                        pass
                self.process.wait()
        self._log.close()


class DatabaseBackends:
    """The PostgreSQL backends serving the bench's database (the API's and the chat tier's pooled
    connections): their CPU, read from /proc like the servers', so the CPU per message includes
    the database's share. A backend that ends within a window is missed (pools keep theirs)."""

    def __init__(self, database_url: str):
        self._conn = psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True)
        self._database = self._conn.info.dbname
        self._start: dict[int, int] = {}

    def _ticks(self) -> dict[int, int]:
        ticks = {}
        for (pid,) in self._conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> "
                                         "pg_backend_pid()", (self._database,)):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks[pid] = int(fields[11]) + int(fields[12])
            except (FileNotFoundError, IndexError):
                pass
        return ticks

    def cpu_seconds(self) -> float:
        """CPU since the first call, of every backend seen now (one opened since counts whole)."""
        now = self._ticks()
        if not self._start:
            self._start = now
        return sum(t - self._start.get(pid, 0) for pid, t in now.items()) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        self._conn.close()


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class CPU:
    """CPU used by some processes (anything with cpu_seconds()), and by this client process
    (last), as % of one core; and how
    late this client's event loop ran (p99 of a 10 ms timer's lateness): when the client itself
    falls behind, the latencies it measures grow with it."""

    def __init__(self, *servers: Gunicorn):
        self.servers = servers

    async def __aenter__(self):
        self._wall, self._cpu = time.monotonic(), [s.cpu_seconds() for s in self.servers]
        self._own = _own_cpu_seconds()
        self._lags: list[float] = []
        self._ticking = asyncio.ensure_future(self._tick())
        return self

    async def _tick(self):
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            self._lags.append(time.perf_counter() - started - 0.01)

    async def __aexit__(self, *exc):
        self._ticking.cancel()
        wall = time.monotonic() - self._wall
        self.percent = [100 * (s.cpu_seconds() - c) / wall for s, c in zip(self.servers, self._cpu, strict=True)]
        self.percent.append(100 * (_own_cpu_seconds() - self._own) / wall)
        self.loop_lag_p99_ms = _percentile(self._lags, 0.99)


# -- clients ------------------------------------------------------------------------------
class Deliveries:
    """`message:new` arrivals per socket: latency from the POST's start, duplicates."""

    def __init__(self):
        self.sent: dict[str, float] = {}
        self.answered: dict[str, float] = {}  # when the API answered 201: the message is published
        self.arrivals: list[tuple[str, float]] = []
        self.latencies: list[float] = []
        self.count = 0
        self.duplicates = 0
        self._seen: set[tuple[int, int]] = set()

    def arrived(self, user_id: int, payload: dict) -> None:
        now = time.perf_counter()
        if payload.get("client_id") not in self.sent:  # a straggler of an earlier phase
            return
        key = (user_id, payload["id"])
        if key in self._seen:
            self.duplicates += 1
            return
        self._seen.add(key)
        self.count += 1
        self.latencies.append(now - self.sent[payload["client_id"]])
        self.arrivals.append((payload["client_id"], now))

    def after_answer(self) -> list[float]:
        """Per delivery, how long after the API's 201 it arrived (0 when before): the chat tier's
        share of fan-out — Redis, the chat process, the socket — without the POST's own time."""
        return [max(0.0, now - self.answered[c]) for c, now in self.arrivals if c in self.answered]


class Crowd:
    """Signed-in users and their sockets, all in this one asyncio process."""

    def __init__(self, api: str, chat: str, people: list[dict], http: aiohttp.ClientSession, args):
        self.api, self.chat, self.people, self.http, self.args = api, chat, people, http, args
        self.tokens: dict[int, str] = {}
        self.sockets: dict[int, socketio.AsyncClient] = {}
        self.deliveries = Deliveries()
        self.failed_connects = 0

    async def login(self) -> None:
        gate = asyncio.Semaphore(16)

        async def one(person):
            async with gate, self.http.post(self.api + "/api/auth/login", timeout=aiohttp.ClientTimeout(30),
                                            json={"email": person["email"], "password": PASSWORD}) as response:
                response.raise_for_status()
                self.tokens[person["id"]] = (await response.json())["access_token"]
        await asyncio.gather(*(one(p) for p in self.people))

    async def connect_up_to(self, count: int) -> None:
        gate = asyncio.Semaphore(self.args.connect_concurrency)

        async def one(person):
            sio = socketio.AsyncClient(reconnection=False, http_session=self.http)
            sio.on("message:new", lambda data, uid=person["id"]: self.deliveries.arrived(uid, data))
            async with gate:
                try:
                    await asyncio.wait_for(sio.connect(self.chat, auth={"token": self.tokens[person["id"]]},
                                                       transports=["websocket"],
                                                       wait_timeout=self.args.connect_timeout),
                                           self.args.connect_timeout + 1)
                except (socketio.exceptions.ConnectionError, asyncio.TimeoutError):
                    self.failed_connects += 1
                    await _quietly(sio.disconnect())
                    return
            self.sockets[person["id"]] = sio
        await asyncio.gather(*(one(p) for p in self.people[:count] if p["id"] not in self.sockets))

    def connected(self) -> int:
        return sum(1 for sio in self.sockets.values() if sio.connected)

    def full_rooms(self) -> dict[int, list[int]]:
        """Rooms whose every member has a live socket: room id -> member ids."""
        rooms: dict[int, list[int]] = {}
        for person in self.people:
            rooms.setdefault(person["room"], []).append(person["id"])
        return {room: members for room, members in rooms.items()
                if all(m in self.sockets and self.sockets[m].connected for m in members)}

    async def post(self, sender: int, room: int, outcome: dict) -> None:
        client_id = uuid.uuid4().hex
        self.deliveries.sent[client_id] = started = time.perf_counter()
        try:
            async with self.http.post(f"{self.api}/api/chat/conversations/{room}/messages",
                                      headers={"Authorization": f"Bearer {self.tokens[sender]}"},
                                      json={"body": "벤치마크 메시지 " + client_id[:8], "client_id": client_id},
                                      timeout=aiohttp.ClientTimeout(30)) as response:
                await response.read()
                ok = response.status == 201
        except (aiohttp.ClientError, asyncio.TimeoutError):
            ok = False
        outcome["stored" if ok else "failed"] += 1
        answered = time.perf_counter()
        outcome["post_latencies"].append(answered - started)
        self.deliveries.answered[client_id] = answered
        if ok:  # every member whose socket is still open must get it (a dropped socket is counted apart)
            outcome["client_ids"].append(client_id)
            outcome["expected"] += sum(1 for member in outcome["rooms"][room] if self.sockets[member].connected)

    def dropped(self) -> int:
        """Sockets that were open and have closed since (the server or a ping timeout ended them)."""
        return sum(1 for sio in self.sockets.values() if not sio.connected)

    async def wait_for(self, expected: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.deliveries.count < expected and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    async def close(self) -> None:
        await asyncio.gather(*(_quietly(sio.disconnect()) for sio in self.sockets.values()))


async def _quietly(awaitable) -> None:
    try:
        await asyncio.wait_for(awaitable, 5)
    except Exception:
        pass


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[int(fraction * (len(ordered) - 1))] if ordered else float("nan")


async def open_loop(crowd: Crowd, messages: int, rate: float) -> dict:
    rooms = crowd.full_rooms()
    outcome = {"stored": 0, "failed": 0, "expected": 0, "client_ids": [], "post_latencies": [], "rooms": rooms}
    if not rooms:
        return {"messages": 0, "failed": messages, "p50_ms": float("nan"), "p99_ms": float("nan"), "lost": 0,
                "duplicates": 0}
    crowd.deliveries = Deliveries()
    chooser = random.Random(7)
    started, tasks = time.perf_counter(), []
    for i in range(messages):
        await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
        room = chooser.choice(list(rooms))
        tasks.append(asyncio.ensure_future(crowd.post(chooser.choice(rooms[room]), room, outcome)))
    await asyncio.gather(*tasks)
    await crowd.wait_for(outcome["expected"], 30)
    lat = crowd.deliveries.latencies
    return {"messages": outcome["stored"], "failed": outcome["failed"], "rate": rate,
            "p50_ms": _percentile(lat, 0.5), "p99_ms": _percentile(lat, 0.99),
            "post_p50_ms": _percentile(outcome["post_latencies"], 0.5),
            "post_p99_ms": _percentile(outcome["post_latencies"], 0.99),
            "tier_p50_ms": _percentile(crowd.deliveries.after_answer(), 0.5),
            "tier_p99_ms": _percentile(crowd.deliveries.after_answer(), 0.99),
            "lost": outcome["expected"] - crowd.deliveries.count, "duplicates": crowd.deliveries.duplicates}


async def closed_loop(crowd: Crowd, senders: int, seconds: float) -> tuple[dict, list[str]]:
    rooms = crowd.full_rooms()
    outcome = {"stored": 0, "failed": 0, "expected": 0, "client_ids": [], "post_latencies": [], "rooms": rooms}
    crowd.deliveries = Deliveries()
    stop_at = time.perf_counter() + seconds
    room_ids = list(rooms)

    async def sender(n):
        chooser = random.Random(n)
        while time.perf_counter() < stop_at:
            room = chooser.choice(room_ids)
            await crowd.post(chooser.choice(rooms[room]), room, outcome)

    started = time.perf_counter()
    await asyncio.gather(*(sender(n) for n in range(senders)))
    elapsed = time.perf_counter() - started
    await crowd.wait_for(outcome["expected"], 60)
    lat = crowd.deliveries.latencies
    return ({"senders": senders, "seconds": round(elapsed, 1), "messages": outcome["stored"],
             "failed": outcome["failed"], "msgs_per_s": outcome["stored"] / elapsed,
             "p50_ms": _percentile(lat, 0.5), "p99_ms": _percentile(lat, 0.99),
             "post_p50_ms": _percentile(outcome["post_latencies"], 0.5),
             "post_p99_ms": _percentile(outcome["post_latencies"], 0.99),
             "tier_p50_ms": _percentile(crowd.deliveries.after_answer(), 0.5),
             "tier_p99_ms": _percentile(crowd.deliveries.after_answer(), 0.99),
             "lost": outcome["expected"] - crowd.deliveries.count, "duplicates": crowd.deliveries.duplicates},
            outcome["client_ids"])


async def health_ms(http: aiohttp.ClientSession, url: str) -> float | None:
    """Milliseconds for GET /api/health; None when it does not answer within 5 s (hung)."""
    started = time.perf_counter()
    try:
        async with http.get(url + "/api/health", timeout=aiohttp.ClientTimeout(5)) as response:
            await response.read()
            return 1000 * (time.perf_counter() - started) if response.status == 200 else None
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return None


def stored_once(database_url: str, client_ids: list[str]) -> tuple[int, int]:
    """(client_ids with exactly one stored message, client_ids stored more than once)."""
    with psycopg.connect(database_url.replace("+psycopg", "")) as conn:
        rows = conn.execute("SELECT client_id, count(*) FROM messages WHERE client_id = ANY(%s) GROUP BY client_id",
                            (client_ids,)).fetchall()
    return sum(1 for _, n in rows if n == 1), sum(1 for _, n in rows if n > 1)


# -- one layout ---------------------------------------------------------------------------
async def measure(args, layout: str, api: Gunicorn, chat: Gunicorn, people: list[dict], database_url: str,
                  profile: Path | None) -> dict:
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        crowd = Crowd(api.url, chat.url, people, http, args)
        await crowd.login()
        steps = []
        database = DatabaseBackends(database_url)
        try:
            for target in args.ramp:
                load = f"{os.getloadavg()[0]:.1f}"
                connect_started = time.perf_counter()
                await crowd.connect_up_to(target)
                connect_s = time.perf_counter() - connect_started
                await asyncio.sleep(1)
                health = await health_ms(http, chat.url)
                async with CPU(chat, api, database) as cpu:
                    result = await open_loop(crowd, args.messages, args.rate)
                connected = crowd.connected()
                steps.append({"sockets": target, "connected": connected, "connect_s": round(connect_s, 1),
                              "health_ms": health, "chat_threads": chat.status("Threads"),
                              "chat_rss_mib": chat.status("VmRSS") / 1024, "chat_cpu": cpu.percent[0],
                              "api_cpu": cpu.percent[1], "db_cpu": cpu.percent[2], "client_cpu": cpu.percent[3],
                              "client_lag_p99_ms": cpu.loop_lag_p99_ms, "load": load,
                              "dropped": connected - crowd.connected(), **result})
                print(json.dumps({"layout": layout, **steps[-1]}), file=sys.stderr, flush=True)
            spy = None
            if profile is not None:
                worker = api.pids()[-1]
                spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--idle",
                                        "--pid", str(worker), "--duration", str(int(args.seconds)),
                                        "--format", "raw", "--output", str(profile)],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            async with CPU(chat, api, database) as cpu:
                closed, client_ids = await closed_loop(crowd, args.senders, args.seconds)
            if spy is not None:
                spy.wait(args.seconds + 30)
            once, twice = stored_once(database_url, client_ids)
            closed.update(stored_once=once, stored_twice=twice, chat_cpu=cpu.percent[0], api_cpu=cpu.percent[1],
                          db_cpu=cpu.percent[2], client_cpu=cpu.percent[3], client_lag_p99_ms=cpu.loop_lag_p99_ms,
                          sockets=crowd.connected())
            print(json.dumps({"layout": layout, "closed_loop": closed}), file=sys.stderr, flush=True)
        finally:
            database.close()
            await crowd.close()
    return {"layout": layout, "steps": steps, "closed_loop": closed}


def run_layout(args, layout: str) -> dict:
    database = create_database(args.database_server)
    work = Path(f"/tmp/portal-bench-chat-{uuid.uuid4().hex[:6]}")
    work.mkdir(parents=True)
    servers: list[Gunicorn] = []
    try:
        base = args.database_server.rsplit("/", 1)[0]
        database_url = f"{base}/{database}".replace("postgresql://", "postgresql+psycopg://", 1)
        secrets, people = seed(database_url, work, max(args.ramp), args.room_size)
        env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "VIRTUAL_ENV"}}
        env.update({"PORTAL_ENV": "testing", "PORTAL_INSTANCE_PATH": str(work), "DATABASE_URL": database_url,
                    "REDIS_URL": args.redis_url, "CHAT_CHANNEL": f"portal-chat-bench-{uuid.uuid4().hex[:8]}",
                    "RATELIMIT_ENABLED": "false", "LOG_LEVEL": "WARNING", "CHAT_MAX_SOCKETS": str(args.max_sockets),
                    **secrets})
        api = Gunicorn(API_ARGS, env, work / "api.log")
        chat = Gunicorn(chat_args(layout, args.max_sockets), env, work / "chat.log")
        servers = [api, chat]
        for server in servers:
            server.wait_ready()
        profile = Path(args.profile) / f"api-{layout}.txt" if args.profile else None
        return asyncio.run(measure(args, layout, api, chat, people, database_url, profile))
    finally:
        for server in servers:
            server.stop()
        drop_database(args.database_server, database)


def _ms(value) -> str:
    return "hung" if value is None else ("–" if value != value else f"{value:.0f}")


def markdown(results: list[dict], args, loads: tuple[str, str]) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    lines = [
        f"Chat ramp, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPU ({cpu}), "
        f"Python {platform.python_version()}; load generator on the same machine (one asyncio process). "
        f"Rooms of {args.room_size}; open loop {args.rate:g} msg/s, {args.messages} messages per step; "
        f"load average (1 min) at start / end: {loads[0]} / {loads[1]}.",
        "",
        "| chat layout | sockets | connected | health on chat | fan-out p50 / p99 | POST p50 / p99 "
        "| after the 201 p50 / p99 | msg/s stored "
        "| lost / dup | chat CPU | API CPU | DB CPU | client CPU / loop lag p99 | chat threads | chat RSS |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for s in r["steps"]:
            lines.append(
                f"| {r['layout']} | {s['sockets']} | {s['connected']} | "
                f"{'hung' if s['health_ms'] is None else _ms(s['health_ms']) + ' ms'} | "
                f"{_ms(s['p50_ms'])} / {_ms(s['p99_ms'])} ms | {_ms(s['post_p50_ms'])} / {_ms(s['post_p99_ms'])} ms | "
                f"{_ms(s['tier_p50_ms'])} / {_ms(s['tier_p99_ms'])} ms | "
                f"{s['messages'] / (args.messages / args.rate):.0f} (open loop) | {s['lost']} / {s['duplicates']}"
                f"{f' ({dropped} sockets dropped)' if (dropped := s.get('dropped')) else ''} | "
                f"{s['chat_cpu']:.0f}% | {s['api_cpu']:.0f}% | {s['db_cpu']:.0f}% | "
                f"{s['client_cpu']:.0f}% / {_ms(s['client_lag_p99_ms'])} ms | "
                f"{s['chat_threads']} | {s['chat_rss_mib']:.0f} MiB |")
        c = r["closed_loop"]
        lines.append(
            f"| {r['layout']} | {c['sockets']} | closed loop, {c['senders']} senders × {c['seconds']:g} s | | "
            f"{_ms(c['p50_ms'])} / {_ms(c['p99_ms'])} ms | {_ms(c['post_p50_ms'])} / {_ms(c['post_p99_ms'])} ms | "
            f"{_ms(c['tier_p50_ms'])} / {_ms(c['tier_p99_ms'])} ms | "
            f"**{c['msgs_per_s']:.0f}** | {c['lost']} / {c['duplicates']} (stored once {c['stored_once']} of "
            f"{c['messages']}, twice {c['stored_twice']}, failed {c['failed']}) | {c['chat_cpu']:.0f}% | "
            f"{c['api_cpu']:.0f}% | {c['db_cpu']:.0f}% | {c['client_cpu']:.0f}% / {_ms(c['client_lag_p99_ms'])} ms "
            "| | |")
    lines.append("")
    for r in results:
        lines.append(per_message(r["layout"], r["closed_loop"]))
    return "\n".join(lines)


def per_message(layout: str, closed: dict) -> str:
    """The closed loop's CPU per stored message, by process: what a busy machine disturbs least
    (throughput there is set by whoever else wants the cores), and what says how many messages
    per second two idle cores could store."""
    rate = max(closed["msgs_per_s"], 1e-9)
    parts = {name: closed[f"{name}_cpu"] * 10 / rate for name in ("api", "db", "chat", "client")}
    total = sum(parts.values())
    return (f"{layout}, closed loop, CPU per stored message (each delivered to its room): "
            f"API {parts['api']:.2f} ms, PostgreSQL {parts['db']:.2f} ms, chat tier {parts['chat']:.2f} ms, "
            f"load generator {parts['client']:.2f} ms; {total:.2f} ms in all, so two otherwise idle cores "
            f"would store at most ~{2000 / total:.0f} messages/s ({2000 / (total - parts['client']):.0f} with the "
            f"load generator elsewhere).")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ramp", default="500,1000,2000", help="comma-separated socket counts")
    parser.add_argument("--room-size", type=int, default=10)
    parser.add_argument("--layouts", default="gevent,gthread", help="chat layouts to run: gevent, gthread")
    parser.add_argument("--max-sockets", type=int, default=2500, help="gevent: CHAT_MAX_SOCKETS per worker")
    parser.add_argument("--messages", type=int, default=500, help="open loop: messages per step")
    parser.add_argument("--rate", type=float, default=50, help="open loop: messages per second")
    parser.add_argument("--senders", type=int, default=32, help="closed loop: concurrent senders")
    parser.add_argument("--seconds", type=float, default=15, help="closed loop: duration")
    parser.add_argument("--connect-concurrency", type=int, default=100)
    parser.add_argument("--connect-timeout", type=float, default=10)
    parser.add_argument("--database-server", default=os.environ.get(
        "BENCH_DATABASE_SERVER", os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--profile", help="a directory: py-spy records an API worker during the closed loop")
    parser.add_argument("--json", help="also write the raw results here")
    args = parser.parse_args()
    args.ramp = [int(n) for n in args.ramp.split(",")]
    if any(n % args.room_size for n in args.ramp):
        parser.error("every --ramp step must be a multiple of --room-size")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # a socket is a file, here and in the servers
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)

    load_start = f"{os.getloadavg()[0]:.1f}"
    results = []
    for layout in args.layouts.split(","):
        print(f"running {layout} ...", file=sys.stderr, flush=True)
        results.append(run_layout(args, layout.strip()))
    load_end = f"{os.getloadavg()[0]:.1f}"
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "load": [load_start, load_end],
                                               "date": datetime.now(timezone.utc).isoformat()}, indent=2))
    print(markdown(results, args, (load_start, load_end)))


if __name__ == "__main__":
    main()
