"""The read path against its ceiling: the portal and a bare Flask + psycopg app (bench/ceiling_app.py)
serving the same JSON from the same database, under the same gunicorn layout, loaded in turn by wrk.

    .venv/bin/python bench/ceiling.py [--posts 200000] [--rounds 3] [--duration 10] [--json out.json]

Needs PostgreSQL (TEST_DATABASE_URL names the server; a scratch database is created and dropped),
Redis (--redis-url, as production's REDIS_URL) and wrk (`apt-get install wrk`). First checks that
both apps answer every measured request with identical JSON, then alternates wrk runs between them
and prints a Markdown table: req/s, p50, p99 for each app and the portal/bare ratio (the median of
the per-round ratios, each from back-to-back runs). A run in which one gunicorn worker got every
connection measures one process, not the layout, and is measured again (ONE_WORKER_RETRIES).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from portal import bigrams  # noqa: E402
from portal.posts import content  # noqa: E402
from tests.servers import wait_until_healthy  # noqa: E402

# The production API layout (ansible/roles/portal_app/defaults/main.yml), without the access log.
GUNICORN = ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--timeout", "60",
            "--no-control-socket"]
USERS, BOARDS, DISTINCT_BODIES = 500, 20, 2000
WORDS_KO = ("회의 보고 일정 점검 예산 장애 배포 교육 보안 채용 고객 계약 제품 출시 검토 공유 요청 안내 결과 계획 "
            "분기 실적 목표 서버 일정표 회의실 점심 워크숍 인사 평가 복지 출장 문서 승인 결재 정책").split()
WORDS_EN = "report release review budget incident deploy roadmap customer contract quarter meeting plan".split()


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


# -- the database --------------------------------------------------------------------------
def server_url(database: str) -> str:
    server = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    return make_url(server).set(drivername="postgresql", database=database).render_as_string(hide_password=False)


def markdown_body(rng: random.Random) -> str:
    """A post as employees write them: a heading, paragraphs, a list, emphasis and a link."""
    def sentence(count: int) -> str:
        return " ".join(rng.choice(WORDS_KO if rng.random() < 0.8 else WORDS_EN) for _ in range(count))

    parts = [f"## {sentence(3)}", f"{sentence(12)} **{sentence(2)}** {sentence(10)}.",
             "\n".join(f"- {sentence(rng.randint(3, 7))}" for _ in range(rng.randint(2, 5))),
             f"{sentence(15)} [{sentence(1)}](https://wiki.portal.local/{rng.randint(1, 999)}) {sentence(8)}."]
    if rng.random() < 0.3:
        parts.append(f"| 항목 | 값 |\n|---|---|\n| {sentence(1)} | {rng.randint(1, 100)} |")
    return "\n\n".join(parts)


def seed(url: str, posts: int) -> dict:
    """Users, boards and `posts` posts (with comments, attachments and notices) loaded with COPY;
    derived columns come from the portal's own functions. Returns what the requests need."""
    rng = random.Random(9)
    bodies = []
    for _ in range(min(DISTINCT_BODIES, posts)):
        body = markdown_body(rng)
        bodies.append((body, content.excerpt(body), content.written("", body)["body_html"]))
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy("COPY users (email, name, password_hash, role, is_active, created_at) FROM STDIN") as copy:
            for i in range(1, USERS + 1):
                copy.write_row((f"user{i}@portal.local", f"직원{i}", "!", "admin" if i == 1 else "employee",
                                True, start))
        with cur.copy("COPY boards (name, slug, description, admin_only, archived, position, created_at) "
                      "FROM STDIN") as copy:
            for i in range(1, BOARDS + 1):
                copy.write_row((f"게시판 {i}", f"board-{i}", "", i == 1, i == BOARDS, i, start))
        with cur.copy("COPY posts (board_id, author_id, title, body, search_grams, excerpt, body_html, "
                      "created_at, updated_at) FROM STDIN") as copy:
            for i in range(1, posts + 1):
                body, excerpt, body_html = bodies[i % len(bodies)]
                title = f"{rng.choice(WORDS_KO)} {rng.choice(WORDS_KO)} {rng.choice(WORDS_EN)} {i}"
                at = start + timedelta(seconds=60 * i)
                copy.write_row((rng.randint(1, BOARDS), rng.randint(1, USERS), title, body,
                                bigrams.grams_of(title, body), excerpt, body_html, at, at))
        with cur.copy("COPY comments (post_id, author_id, body, body_html, search_grams, created_at) "
                      "FROM STDIN") as copy:
            thanks = content.comment_written("확인했습니다. 감사합니다.")
            for post_id in range(1, posts + 1):
                for _ in range(rng.choice((0, 0, 0, 0, 1, 2, 3))):
                    copy.write_row((post_id, rng.randint(1, USERS), *thanks.values(), start))
        with cur.copy("COPY uploads (key, owner_id, filename, content_type, size, post_id, created_at, attached_at) "
                      "FROM STDIN") as copy:
            for post_id in range(1, posts + 1, 20):
                for n, (name, kind) in enumerate((("회의록.pdf", "application/pdf"), ("화면.png", "image/png"))):
                    copy.write_row((f"uploads/{uuid.uuid4()}.{name.rsplit('.', 1)[1]}", 1, name, kind,
                                    1000 + n, post_id, start, start + timedelta(seconds=n)))
        # The post the post-page request reads: newest on an open board, a notice to confirm,
        # attachments and comments, so every part of the page is exercised.
        post_id = cur.execute("SELECT p.id FROM posts p JOIN boards b ON b.id = p.board_id "
                              "WHERE NOT b.archived ORDER BY p.id DESC LIMIT 1").fetchone()[0]
        cur.execute("INSERT INTO notices (post_id, scope, requires_ack, pinned_by_id, created_at) "
                    "VALUES (%s, 'site', true, 1, %s)", (post_id, start))
        cur.execute("INSERT INTO uploads (key, owner_id, filename, content_type, size, post_id, created_at, "
                    "attached_at) VALUES (%s, 1, '사진.jpg', 'image/jpeg', 2048, %s, %s, %s)",
                    (f"uploads/{uuid.uuid4()}.jpg", post_id, start, start))
        cur.execute("INSERT INTO comments (post_id, author_id, body, body_html, search_grams, created_at) "
                    "VALUES (%s, 2, %s, %s, %s, %s)", (post_id, *content.comment_written("좋아요").values(), start))
        reader = 2
        session_id = str(uuid.uuid4())
        cur.execute("INSERT INTO auth_sessions (id, user_id, refresh_jti, created_at, last_used_at) "
                    "VALUES (%s, %s, '', now(), now())", (session_id, reader))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {"post_id": post_id, "user_id": reader, "session_id": session_id}


CHAT_ROOMS, CHAT_ROOM_SIZE = 20, 10


def seed_chat(url: str, reader: int) -> list[int]:
    """CHAT_ROOMS rooms of CHAT_ROOM_SIZE members, the reader in each (made once per database)."""
    rng = random.Random(11)
    with psycopg.connect(url) as conn:
        found = [row[0] for row in conn.execute("SELECT id FROM conversations WHERE name LIKE 'ceiling room %' "
                                                "ORDER BY id")]
        if found:
            return found
        for number in range(CHAT_ROOMS):
            room = conn.execute("INSERT INTO conversations (kind, name, owner_id, created_at) "
                                "VALUES ('room', %s, %s, now()) RETURNING id", (f"ceiling room {number}", reader)
                                ).fetchone()[0]
            others = rng.sample([i for i in range(1, USERS + 1) if i != reader], CHAT_ROOM_SIZE - 1)
            for member in [reader, *others]:
                conn.execute("INSERT INTO conversation_members (conversation_id, user_id, joined_at) "
                             "VALUES (%s, %s, now())", (room, member))
            found.append(room)
    return found


def access_token(database_url: str, jwt_secret: str, user_id: int, session_id: str) -> str:
    """An access token made by the portal itself (flask-jwt-extended), valid for the whole run."""
    from flask_jwt_extended import create_access_token

    from portal import create_app

    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url,
                      "JWT_SECRET_KEY": jwt_secret})
    with app.app_context():
        return create_access_token(identity=str(user_id), additional_claims={"sid": session_id},
                                   expires_delta=timedelta(hours=6))


# -- the two apps --------------------------------------------------------------------------
class Gunicorn:
    """One gunicorn on a free port, started and stopped by this script (by its pid)."""

    def __init__(self, name: str, cwd: Path, target: str, env: dict, log: Path):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.name, self.port = name, sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen([str(gunicorn), *GUNICORN, "--bind", f"127.0.0.1:{self.port}", target],
                                        cwd=cwd, env={**os.environ, **env}, stdout=self.log,
                                        stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 60) -> None:
        wait_until_healthy(self.process, self.url, f"{self.name}'s log {self.log.name}", timeout)

    def worker_pids(self) -> list[int]:
        return [int(pid) for task in Path(f"/proc/{self.process.pid}/task").iterdir()
                for pid in (task / "children").read_text().split()]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by this gunicorn's master and workers."""
        ticks, pids = 0, [self.process.pid]
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            pids += (task / "children").read_text().split()
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        self.log.close()


def get(url: str, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def send(url: str, headers: dict, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={**headers, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def check_same_send(apps: list[Gunicorn], conversation: int, headers: dict) -> None:
    """A chat send answers the same message from both apps (its id, time and client_id aside)."""
    answers = []
    for app in apps:
        status, message = send(f"{app.url}/api/chat/conversations/{conversation}/messages", headers,
                               {"body": "  확인 부탁드립니다  ", "client_id": f"check-{uuid.uuid4().hex}"})
        answers.append((status, {k: v for k, v in message.items() if k not in ("id", "created_at", "client_id")}))
    if answers[0] != answers[1] or answers[0][0] != 201:
        raise SystemExit(f"chat send: the apps answer differently: {answers}")
    print("same message from both apps for a chat send", file=sys.stderr)


def check_same_json(apps: list[Gunicorn], endpoints: dict, headers: dict) -> None:
    """Every measured request gets the same status and JSON from both apps, or the bench stops."""
    for name, path in endpoints.items():
        if isinstance(path, tuple):
            check_same_send(apps, int(path[1][0]), headers)
            continue
        answers = [get(app.url + path, headers) for app in apps]
        (status_a, body_a), (status_b, body_b) = answers
        if status_a != 200 or status_b != 200 or json.loads(body_a) != json.loads(body_b):
            raise SystemExit(f"{name}: the apps answer differently\n{apps[0].name}: {status_a} {body_a[:2000]!r}\n"
                             f"{apps[1].name}: {status_b} {body_b[:2000]!r}")
        print(f"same JSON from both apps for {name} ({len(body_a)} bytes)", file=sys.stderr)


# -- wrk -----------------------------------------------------------------------------------
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


CHAT_SCRIPT = Path(__file__).resolve().parent / "chat_send.lua"


def wrk(url: str, headers: dict, duration: float, connections: int, threads: int,
        script_args: list[str] | None = None, while_running=None) -> dict:
    """One wrk run: GET `url`, or with `script_args` POST chat messages (chat_send.lua) under it.
    `while_running()`, if given, is called once the connections are open; its answer is kept as
    the result's "during"."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    if script_args is not None:
        command[1:1] = ["-s", str(CHAT_SCRIPT)]
        command += ["--", uuid.uuid4().hex[:12], *script_args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as running:
        during = None
        if while_running is not None:
            time.sleep(min(1.0, duration / 4))
            during = while_running()
        output, _ = running.communicate(timeout=duration + 60)
    if running.returncode != 0:
        raise SystemExit(f"wrk failed ({running.returncode}) on {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"wrk saw {errors.group(1)} error responses from {url}:\n{output}")
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "p50": _ms(re.search(r"\s50%\s+(\S+)", output).group(1)),
            "p99": _ms(re.search(r"\s99%\s+(\S+)", output).group(1)),
            "during": during}


# wrk opens all its connections at once, and the kernel hands each to whichever worker accepts
# first: now and then one worker gets every connection (16 of 16) while the other idles, and the run
# measures one process at 40-50% of the layout's rate, for either app (seen in 3 of 8 runs). Such a
# run is measured again, up to this many times, so that a ratio compares the layout with itself.
ONE_WORKER_RETRIES = 4


def connection_split(app: Gunicorn) -> list[int]:
    """How many of the clients' established connections each of the app's workers holds, most first."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == app.port and fields[3] == "01":  # ESTABLISHED
                established.add(f"socket:[{fields[9]}]")
    split = []
    for pid in app.worker_pids():
        held = 0
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                held += os.readlink(fd) in established
            except OSError:
                continue  # closed meanwhile
        split.append(held)
    return sorted(split, reverse=True)


def measure(apps: list[Gunicorn], endpoints: dict, headers: dict, args) -> dict:
    """Alternate the apps run by run (each round swaps which goes first), endpoint by endpoint."""
    runs = {(name, app.name): [] for name in endpoints for app in apps}
    def run(app: Gunicorn, path, duration: float) -> dict:
        for attempt in range(ONE_WORKER_RETRIES + 1):
            cpu = app.cpu_seconds()
            url, script = (app.url + path[0], path[1]) if isinstance(path, tuple) else (app.url + path, None)
            result = wrk(url, headers, duration, args.connections, args.threads, script, lambda: connection_split(app))
            # The app's own CPU per request: what the machine's other load disturbs least.
            result["cpu_ms"] = (app.cpu_seconds() - cpu) * 1000 / max(result["requests"], 1)
            result["split"], result["attempts"] = result.pop("during"), attempt + 1
            if len(result["split"]) < 2 or result["split"][1] > 0:
                break
            print(f"{app.name}: every connection on one worker ({result['split']}), "
                  f"{result['rps']:,.0f} req/s: measured again", file=sys.stderr)
        return result

    for path in endpoints.values():  # warm both up: imports, pools, caches
        for app in apps:
            run(app, path, min(2, args.duration))
    for round_number in range(args.rounds):
        order = apps if round_number % 2 == 0 else apps[::-1]
        for name, path in endpoints.items():
            for app in order:
                runs[(name, app.name)].append(run(app, path, args.duration))
        print(f"round {round_number + 1}/{args.rounds} done, load {load_average()}", file=sys.stderr)
    return runs


def profile(app: Gunicorn, endpoints: dict, headers: dict, args) -> None:
    """py-spy (`--gil`: only the time a thread holds the GIL, i.e. the Python work) on each of the
    portal's workers while wrk loads one endpoint; one collapsed-stack file per endpoint and worker,
    summarised by bench/profile_summary.py."""
    from profile_summary import summarise

    py_spy = Path(sys.executable).parent / "py-spy"
    args.profile.mkdir(parents=True, exist_ok=True)
    for name, path in endpoints.items():
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        outputs = [args.profile / f"{slug}-{pid}.txt" for pid in app.worker_pids()]
        spies = [subprocess.Popen([str(py_spy), "record", "--gil", "--nonblocking", "--format", "raw",
                                   "--duration", str(args.duration + 1), "--pid", output.stem.rsplit("-", 1)[1],
                                   "--output", str(output)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                  for output in outputs]
        time.sleep(0.5)  # py-spy attaches
        if isinstance(path, tuple):
            wrk(app.url + path[0], headers, args.duration, args.connections, args.threads, path[1])
        else:
            wrk(app.url + path, headers, args.duration, args.connections, args.threads)
        for spy in spies:
            spy.wait(60)
        print(f"\n{name}: py-spy --gil on the portal's workers ({', '.join(str(o) for o in outputs)})")
        print(summarise([o for o in outputs if o.exists()]))


def report(runs: dict, endpoints: dict, args, started_load: str) -> tuple[str, list[dict]]:
    rows = []
    for name in endpoints:
        portal, bare = runs[(name, "portal")], runs[(name, "bare")]
        ratios = [p["rps"] / b["rps"] for p, b in zip(portal, bare, strict=True)]
        cpu_ratios = [b["cpu_ms"] / p["cpu_ms"] for p, b in zip(portal, bare, strict=True)]
        keys = ("rps", "p50", "p99", "cpu_ms")
        rows.append({"endpoint": name,
                     **{f"portal_{k}": statistics.median(r[k] for r in portal) for k in keys},
                     **{f"bare_{k}": statistics.median(r[k] for r in bare) for k in keys},
                     "ratio": statistics.median(ratios), "ratios": ratios,
                     "cpu_ratio": statistics.median(cpu_ratios), "cpu_ratios": cpu_ratios})
    lines = [
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {machine()}; load average {started_load} before, "
        f"{load_average()} after",
        f"{args.posts:,} posts; gunicorn {' '.join(GUNICORN[:6])}; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, {args.rounds} rounds (medians); runs measured again because one worker held every "
        f"connection: {sum(run['attempts'] - 1 for app_runs in runs.values() for run in app_runs)}",
        "",
        "| endpoint | portal req/s | p50 | p99 | CPU/req | bare req/s | p50 | p99 | CPU/req "
        "| portal/bare req/s | bare/portal CPU per request |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(f"| `{row['endpoint']}` | {row['portal_rps']:,.0f} | {row['portal_p50']:.1f} ms | "
                     f"{row['portal_p99']:.1f} ms | {row['portal_cpu_ms']:.2f} ms | {row['bare_rps']:,.0f} | "
                     f"{row['bare_p50']:.1f} ms | {row['bare_p99']:.1f} ms | {row['bare_cpu_ms']:.2f} ms | "
                     f"**{row['ratio']:.2f}** | **{row['cpu_ratio']:.2f}** |")
    return "\n".join(lines), rows


def create_migrated_database(database: str, url: str, workdir: Path) -> None:
    """CREATE DATABASE `database` and bring it to the portal's latest migration (`url` names it)."""
    with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    migrated = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=ROOT,
                              env={**os.environ, "DATABASE_URL": url, "PORTAL_ENV": "testing",
                                   "PORTAL_INSTANCE_PATH": str(workdir)}, capture_output=True, text=True)
    if migrated.returncode != 0:
        raise SystemExit(migrated.stderr[-2000:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--portal-tree", type=Path, default=ROOT,
                        help="the portal checkout to run (e.g. an export of an older commit, for before/after)")
    parser.add_argument("--database", help="reuse this already seeded database (kept afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and print its name")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", type=Path, help="a directory: after measuring, py-spy records the portal's "
                                                   "workers under wrk for each endpoint (collapsed stacks) "
                                                   "and prints where the time goes (bench/profile_summary.py)")
    parser.add_argument("--endpoints", help="only the endpoints whose names contain one of these words "
                                            "(comma-separated, e.g. 'chat' or 'health,posts')")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")

    started_load = load_average()
    database = args.database or f"portal_ceiling_{uuid.uuid4().hex[:8]}"
    url = server_url(database)
    sqlalchemy_url = "postgresql+psycopg" + url[len("postgresql"):]
    jwt_secret, workdir = secrets.token_urlsafe(48), Path(tempfile.mkdtemp(prefix="ceiling-"))
    apps: list[Gunicorn] = []
    try:
        if args.database is None:
            create_migrated_database(database, url, workdir)
            started = time.monotonic()
            seeded = seed(url, args.posts)
            print(f"seeded {args.posts:,} posts in {time.monotonic() - started:.0f}s", file=sys.stderr)
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("CREATE TABLE ceiling_run (facts json)")
                conn.execute("INSERT INTO ceiling_run VALUES (%s)", (json.dumps(seeded),))
        else:
            with psycopg.connect(url) as conn:
                seeded = conn.execute("SELECT facts FROM ceiling_run").fetchone()[0]
                args.posts = conn.execute("SELECT count(*) FROM posts").fetchone()[0]  # as seeded then
        rooms = seed_chat(url, seeded["user_id"])
        token = access_token(sqlalchemy_url, jwt_secret, seeded["user_id"], seeded["session_id"])
        headers = {"Authorization": f"Bearer {token}"}
        endpoints = {"GET /api/posts": "/api/posts", f"GET /api/posts/{seeded['post_id']}":
                     f"/api/posts/{seeded['post_id']}", "GET /api/health": "/api/health",
                     "POST /api/chat/conversations/<id>/messages": ("", [str(room) for room in rooms])}
        if args.endpoints:
            endpoints = {name: path for name, path in endpoints.items()
                         if any(word in name for word in args.endpoints.split(","))}

        portal_env = {"PORTAL_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48),
                      "JWT_SECRET_KEY": jwt_secret, "DATABASE_URL": url, "REDIS_URL": args.redis_url,
                      "STORAGE_BACKEND": "local", "CHAT_CHANNEL": f"ceiling-{uuid.uuid4().hex[:8]}",
                      "PORTAL_INSTANCE_PATH": str(workdir)}
        apps = [Gunicorn("portal", args.portal_tree, "wsgi:app", portal_env, workdir / "portal.log"),
                Gunicorn("bare", ROOT / "bench", "ceiling_app:app",
                         {"CEILING_DATABASE_URL": url, "JWT_SECRET_KEY": jwt_secret,
                          "CEILING_REDIS_URL": args.redis_url, "CEILING_CHANNEL": portal_env["CHAT_CHANNEL"] + "-bare"},
                         workdir / "bare.log")]
        for app in apps:
            app.wait()
        check_same_json(apps, endpoints, headers)
        runs = measure(apps, endpoints, headers, args)
        table, rows = report(runs, endpoints, args, started_load)
        print(table)
        if args.profile:
            profile(apps[0], endpoints, headers, args)
        if args.json:
            args.json.write_text(json.dumps({"rows": rows, "runs": {f"{k[0]} {k[1]}": v for k, v in runs.items()},
                                             "table": table}, ensure_ascii=False, indent=2))
    finally:
        for app in apps:
            app.stop()
        if args.database is None and not args.keep:
            with psycopg.connect(server_url("postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        elif args.keep:
            print(f"kept database {database}", file=sys.stderr)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
