"""Simulated employees (locust): what one person does with the portal during a working day.

Each employee is signed in (an access token issued by bench/employees/run.py, as the SPA holds
one) and, with a pause of EMPLOYEES_WAIT seconds ("5,15" by default) between actions, picks one:

    weight  action
      10    open the home page (the SPA's index.html, the boards, the newest posts, the notices)
      10    read a board's list of posts
      15    read a post and its comments
       2    search a board's posts (Korean or English terms)
       1    search everywhere (the header box: posts, comments, people or messages)
       1    write a post
       2    comment on a post
       1    confirm a notice that asks for it
       1    request a presigned upload
       6    chat: open a room's recent messages
       4    chat: send a message in one of their rooms (a unique client_id)

Besides, every employee keeps a chat socket open (Socket.IO over WebSocket, through Nginx, as the
SPA does while signed in) and receives the `message:new` events of their rooms; each delivery's
latency (from the message's `created_at` to its arrival) is kept apart from the request figures.
Requests go through locust's FastHttpUser (geventhttpclient): the load generator shares the host's
two cores, so it should spend as little of them as it can.

The employees, their tokens, rooms and posts come from EMPLOYEES_FILE (JSON written by run.py).

The load is a ramp of steps (StepRamp): EMPLOYEES_STEPS employees ("100,200,400"), each step held
EMPLOYEES_STEP_SECONDS after its employees have all started (longer, up to five times, until it has
EMPLOYEES_MIN_REQUESTS requests: a p99 needs samples); the ramp stops after the first step
whose p99 passes EMPLOYEES_P99_MS or whose error rate passes EMPLOYEES_MAX_ERRORS. Each step's
figures (requests/s, p50, p99, errors, each request name's count, p50 and p99, load average, the
CPU of each part) go to EMPLOYEES_RESULT. The parts are EMPLOYEES_SERVER_PIDS
("api:1,2,3;chat:4,5,6;nginx:7,8": each master and its workers), PostgreSQL's and Redis's
processes (found by name) and locust itself.

With EMPLOYEES_PROFILE_STEP (a step's employees), EMPLOYEES_PROFILE_PIDS ("api:2,3;chat:5,6": the
workers) and EMPLOYEES_PROFILE_DIR, py-spy records each of those workers during that step's
measured part, into DIR/<part>-<pid>.txt (collapsed stacks; run.py summarises them).
"""
from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import socketio
from locust import FastHttpUser, LoadTestShape, between, events, task

_FACTS = json.loads(open(os.environ["EMPLOYEES_FILE"], encoding="utf-8").read())  # noqa: SIM115
_NEXT = itertools.count()
_WAIT = [float(x) for x in os.environ.get("EMPLOYEES_WAIT", "5,15").split(",")]
TERMS = ("회의", "보고", "예산", "배포 일정", "release", "incident", "주간회의록", "customer")


class Employee(FastHttpUser):
    wait_time = between(*_WAIT)

    def on_start(self):
        me = _FACTS["employees"][next(_NEXT) % len(_FACTS["employees"])]
        self.client.auth_header = f"Bearer {me['token']}"
        self.rooms = me["rooms"]
        self.run = uuid.uuid4().hex[:10]
        self.sent = 0
        self.post_ids = _FACTS["post_ids"]
        self.socket = _open_socket(self.host, me["token"])

    def on_stop(self):
        if self.socket is not None:
            self.socket.disconnect()

    @task(10)
    def home(self):
        if _FACTS["spa"]:
            self.client.get("/", name="GET / (SPA)")
        self.client.get("/api/boards", name="GET /api/boards")
        self.client.get("/api/posts", name="GET /api/posts")
        self.client.get("/api/notices", name="GET /api/notices")

    @task(10)
    def board(self):
        self.client.get(f"/api/posts?board_id={random.choice(_FACTS['board_ids'])}", name="GET /api/posts?board_id")

    @task(15)
    def read_post(self):
        post_id = random.choice(self.post_ids)
        self.client.get(f"/api/posts/{post_id}", name="GET /api/posts/<id>")
        self.client.get(f"/api/posts/{post_id}/comments", name="GET /api/posts/<id>/comments")

    @task(2)
    def search(self):
        self.client.get(f"/api/posts?q={quote(random.choice(TERMS))}", name="GET /api/posts?q")

    @task(1)
    def search_everywhere(self):
        scope = random.choice(("posts", "comments", "people", "messages"))
        self.client.get(f"/api/search?q={quote(random.choice(TERMS))}&scope={scope}", name="GET /api/search")

    @task(1)
    def write_post(self):
        self.client.post("/api/posts", name="POST /api/posts", json={
            "board_id": random.choice(_FACTS["board_ids"]), "title": "주간 회의 결과 공유",
            "body": "## 요약\n\n- 배포 일정 확정\n- **예산** 검토 요청\n\n다음 회의는 목요일입니다.",
            "attachment_keys": []})

    @task(2)
    def comment(self):
        self.client.post(f"/api/posts/{random.choice(self.post_ids)}/comments",
                         json={"body": "확인했습니다. 감사합니다."}, name="POST /api/posts/<id>/comments")

    @task(1)
    def confirm_notice(self):
        self.client.post(f"/api/notices/{_FACTS['notice_id']}/ack", name="POST /api/notices/<id>/ack")

    @task(1)
    def presign(self):
        self.client.post("/api/uploads/presign", json={"filename": "회의록.pdf", "content_type": "application/pdf",
                                                       "size": 120_000}, name="POST /api/uploads/presign")

    @task(6)
    def chat_read(self):
        self.client.get(f"/api/chat/conversations/{random.choice(self.rooms)}/messages?limit=30",
                        name="GET /api/chat/conversations/<id>/messages")

    @task(4)
    def chat_send(self):
        self.sent += 1
        self.client.post(f"/api/chat/conversations/{random.choice(self.rooms)}/messages",
                         json={"body": f"네, 10분 뒤에 봬요 ({self.sent})", "client_id": f"{self.run}-{self.sent}"},
                         name="POST /api/chat/conversations/<id>/messages")


# -- the chat socket -----------------------------------------------------------------------
_SOCKETS = [0]  # open now
_DELIVERIES: list[float] = []  # ms from a message's created_at to its arrival, in the step being measured


def _open_socket(host: str, token: str) -> socketio.Client | None:
    """A socket as the SPA holds one; a failed connect counts as a failed request."""
    sio = socketio.Client(reconnection=False)
    sio.on("message:new", _delivered)
    sio.on("disconnect", lambda *_: _SOCKETS.__setitem__(0, _SOCKETS[0] - 1))
    started = time.perf_counter()
    try:
        sio.connect(host, auth={"token": token}, transports=["websocket"], wait_timeout=10)
    except Exception as problem:  # noqa: BLE001 - any failure to connect is the figure
        events.request.fire(request_type="WS", name="connect", response_time=(time.perf_counter() - started) * 1000,
                            response_length=0, exception=problem, context={})
        return None
    _SOCKETS[0] += 1
    events.request.fire(request_type="WS", name="connect", response_time=(time.perf_counter() - started) * 1000,
                        response_length=0, exception=None, context={})
    return sio


def _delivered(message: dict) -> None:
    if _MEASURING[0]:
        _DELIVERIES.append((time.time() - datetime.fromisoformat(message["created_at"]).timestamp()) * 1000)


# -- the ramp ------------------------------------------------------------------------------
_SAMPLES: list[tuple[str, float, bool]] = []  # (request name, response time in ms, failed) of the step being measured
_MEASURING = [False]


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_kwargs):
    if _MEASURING[0]:
        _SAMPLES.append((name, response_time, exception is not None))


def _groups(text: str) -> dict[str, list[int]]:
    """"api:1,2;chat:3" -> {"api": [1, 2], "chat": [3]} (run.py writes them so)."""
    return {part: [int(pid) for pid in pids.split(",") if pid]
            for part, _, pids in (group.partition(":") for group in text.split(";") if group)}


_SERVER_PARTS = _groups(os.environ.get("EMPLOYEES_SERVER_PIDS", ""))


def _ticks(pid: int) -> int | None:
    """utime + stime of a process (all its threads), or None when it is gone."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()  # noqa: SIM115
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def _cpu_ticks() -> dict[str, dict[int, int]]:
    """Each part's processes and their CPU ticks so far. PostgreSQL and Redis are the machine's own
    services: their processes are listed by name each time (backends come and go), so they include
    every database's backends and any other PostgreSQL on the machine (other work counts too)."""
    parts = {**_SERVER_PARTS, "postgres": [], "redis": [], "locust": [os.getpid()]}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                command = open(f"/proc/{entry.name}/comm").read().strip()  # noqa: SIM115
            except OSError:
                continue
            if command == "postgres":
                parts["postgres"].append(int(entry.name))
            elif command.startswith("redis-server"):
                parts["redis"].append(int(entry.name))
    return {part: {pid: ticks for pid in pids if (ticks := _ticks(pid)) is not None} for part, pids in parts.items()}


def _cores(start: dict[str, dict[int, int]], end: dict[str, dict[int, int]], seconds: float) -> dict[str, float]:
    """Cores each part used between two _cpu_ticks(). Approximated: a process listed only at the end
    (a backend that connected during the step) counts all its ticks, as if it had started with the
    step; one gone by the end (a backend that disconnected) counts none."""
    per_second = os.sysconf("SC_CLK_TCK") * seconds
    return {part: sum(ticks - start[part].get(pid, 0) for pid, ticks in pids.items()) / per_second if seconds else 0.0
            for part, pids in end.items()}


def _by_name(samples: list[tuple[str, float, bool]]) -> dict[str, dict]:
    """Count, errors, p50 and p99 of each request name (which requests make the p99)."""
    times: dict[str, list[float]] = {}
    errors: Counter = Counter()
    for name, ms, failed in samples:
        times.setdefault(name, []).append(ms)
        errors[name] += failed
    return {name: {"count": len(values), "errors": errors[name], "p50": _percentile(values, 0.50),
                   "p99": _percentile(values, 0.99)} for name, values in sorted(times.items())}


def _profile(seconds: float) -> list[subprocess.Popen]:
    """py-spy on each worker of EMPLOYEES_PROFILE_PIDS for `seconds` (run.py --profile)."""
    py_spy, directory = Path(sys.executable).parent / "py-spy", Path(os.environ["EMPLOYEES_PROFILE_DIR"])
    return [subprocess.Popen([str(py_spy), "record", "--nonblocking", "--format", "raw", "--duration",
                              str(max(1, round(seconds))), "--pid", str(pid),
                              "--output", str(directory / f"{part}-{pid}.txt")], stdout=subprocess.DEVNULL)
            for part, pids in _groups(os.environ["EMPLOYEES_PROFILE_PIDS"]).items() for pid in pids]


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


class StepRamp(LoadTestShape):
    steps = [int(x) for x in os.environ.get("EMPLOYEES_STEPS", "100,200").split(",")]
    hold = float(os.environ.get("EMPLOYEES_STEP_SECONDS", "60"))
    spawn_rate = float(os.environ.get("EMPLOYEES_SPAWN_RATE", "50"))
    p99_limit = float(os.environ.get("EMPLOYEES_P99_MS", "200"))
    error_limit = float(os.environ.get("EMPLOYEES_MAX_ERRORS", "0.00025"))
    # A p99 needs samples: a step is held past its time until it has this many requests (or 5x its time).
    min_requests = int(os.environ.get("EMPLOYEES_MIN_REQUESTS", "500"))
    profile_step = int(os.environ.get("EMPLOYEES_PROFILE_STEP", "0"))

    def __init__(self):
        super().__init__()
        self.index, self.step_started, self.measure_from, self.results, self.done = 0, None, None, [], False
        self.spies: list[subprocess.Popen] = []

    def _finish_step(self, now: float) -> None:
        _MEASURING[0] = False
        samples, seconds, deliveries = list(_SAMPLES), now - self.measure_from, list(_DELIVERIES)
        cores = _cores(self.cpu_from, _cpu_ticks(), seconds)
        for spy in self.spies:  # they sampled the step's first EMPLOYEES_STEP_SECONDS: done by now, or nearly
            spy.wait(30)
        self.spies = []
        times = [ms for _name, ms, _failed in samples]
        errors = sum(1 for _name, _ms, failed in samples if failed)
        self.results.append({
            "employees": self.steps[self.index], "seconds": round(seconds, 1), "requests": len(samples),
            "rps": len(samples) / seconds if seconds else 0.0, "p50": _percentile(times, 0.50),
            "p99": _percentile(times, 0.99), "errors": errors, "error_rate": errors / len(samples) if samples else 0.0,
            "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            "cpu": cores, "server_cpu": cores["api"] + cores["chat"] + cores["nginx"],
            "requests_by_name": _by_name(samples),
            "sockets": _SOCKETS[0], "deliveries": len(deliveries),
            "delivery_p50": _percentile(deliveries, 0.50), "delivery_p99": _percentile(deliveries, 0.99)})
        _SAMPLES.clear()
        _DELIVERIES.clear()
        with open(os.environ["EMPLOYEES_RESULT"], "w", encoding="utf-8") as out:
            json.dump(self.results, out, indent=1)
        last = self.results[-1]
        if last["p99"] > self.p99_limit or last["error_rate"] > self.error_limit or self.index + 1 >= len(self.steps):
            self.done = True
        else:
            self.index += 1
            self.step_started = None

    def tick(self):
        if self.done:
            return None
        now = self.get_run_time()
        users = self.steps[self.index]
        if self.step_started is None:
            previous = self.steps[self.index - 1] if self.index else 0
            self.step_started = now
            self.measure_from = now + (users - previous) / self.spawn_rate + 5  # all started, then settled
        elif not _MEASURING[0] and now >= self.measure_from:
            _SAMPLES.clear()
            _DELIVERIES.clear()
            self.cpu_from = _cpu_ticks()
            if users == self.profile_step:
                self.spies = _profile(self.hold)
            _MEASURING[0] = True
        elif _MEASURING[0] and now >= self.measure_from + self.hold and (
                len(_SAMPLES) >= self.min_requests or now >= self.measure_from + 5 * self.hold):
            self._finish_step(now)
            if self.done:
                return None
            users = self.steps[self.index]
        return users, self.spawn_rate
