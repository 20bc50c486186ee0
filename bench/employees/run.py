"""A ceiling test of simulated employees (locust, bench/employees/locustfile.py) against the
portal laid out as production runs it: Nginx with the Ansible role's site in front (the built SPA,
`/api` and `/socket.io/`), the API gunicorn (gthread) and the chat gunicorn (gevent) with the
role's arguments (tests/servers.py renders both from ansible/roles).

    .venv/bin/python bench/employees/run.py       # 20,000 posts; 200, 400, 800, ... 4,000 employees
    .venv/bin/python bench/employees/run.py --steps 20,40 --step-seconds 5 --posts 200   # the CI-size run
    .venv/bin/python bench/employees/run.py --profile /tmp/prof --profile-step 1600   # py-spy during that step

Seeds a scratch database (bench/ceiling.py's seed: users, boards, posts with comments, attachments
and a notice to confirm) plus chat rooms of ten, issues one signed-in session per employee (an
access token, as the SPA holds; signing in is not part of the ramp), starts the portal and runs
locust headless in its own process; every employee keeps a chat socket open. Prints a Markdown
table: one row per step (employees, sockets, requests/s, p50, p99, errors, chat delivery p50/p99,
load average, the CPU in cores of the portal (Nginx + both gunicorns), then of each part: the API,
the chat, Nginx, PostgreSQL, Redis and locust) and the most employees whose step met
p99 <= --p99-ms and error rate <= --max-errors; then the last step's requests with the highest p99.
With --profile, py-spy records the API and chat workers during one step and the summary of
bench/profile_summary.py follows.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import ceiling  # noqa: E402
import psycopg  # noqa: E402

from tests.servers import Gunicorn, Nginx  # noqa: E402  (the Ansible roles' gunicorn arguments and nginx site)

ROOM_SIZE = 10
CPU_PARTS = ("api", "chat", "nginx", "postgres", "redis", "locust")  # the locustfile's parts, in the table's order


def seed_employees(url: str, database_url: str, jwt_secret: str, employees: int) -> dict:
    """Rooms of ROOM_SIZE over all users; one open session and access token per employee."""
    from flask_jwt_extended import create_access_token

    from portal import create_app

    with psycopg.connect(url) as conn:
        users = [row[0] for row in conn.execute("SELECT id FROM users WHERE is_active ORDER BY id")]
        rooms_of: dict[int, list[int]] = {user: [] for user in users}
        for start in range(0, len(users), ROOM_SIZE):
            members = users[start:start + ROOM_SIZE]
            room = conn.execute("INSERT INTO conversations (kind, name, owner_id, created_at) "
                                "VALUES ('room', %s, %s, now()) RETURNING id", (f"팀 {start // ROOM_SIZE + 1}",
                                                                                members[0])).fetchone()[0]
            for member in members:
                conn.execute("INSERT INTO conversation_members (conversation_id, user_id, joined_at) "
                             "VALUES (%s, %s, now())", (room, member))
                rooms_of[member].append(room)
        sessions = [(str(uuid.uuid4()), users[i % len(users)]) for i in range(employees)]
        with conn.cursor().copy("COPY auth_sessions (id, user_id, refresh_jti, created_at, last_used_at) "
                                "FROM STDIN") as copy:
            now = datetime.now(timezone.utc)
            for session_id, user in sessions:
                copy.write_row((session_id, user, "", now, now))
        boards = [row[0] for row in conn.execute("SELECT id FROM boards WHERE NOT archived AND NOT admin_only")]
        posts = [row[0] for row in conn.execute("SELECT id FROM posts ORDER BY id DESC LIMIT 2000")]
        notice = conn.execute("SELECT id FROM notices ORDER BY id LIMIT 1").fetchone()[0]
    app = create_app({"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": database_url, "JWT_SECRET_KEY": jwt_secret})
    with app.app_context():
        tokens = [create_access_token(identity=str(user), additional_claims={"sid": session_id},
                                      expires_delta=timedelta(hours=6)) for session_id, user in sessions]
    return {"employees": [{"token": token, "rooms": rooms_of[user]}
                          for token, (_sid, user) in zip(tokens, sessions, strict=True)],
            "board_ids": boards, "post_ids": posts, "notice_id": notice}


def process_tree(root: int) -> list[int]:
    """The pid of a gunicorn or nginx master, then its workers'."""
    return [root] + [int(pid) for task in Path(f"/proc/{root}/task").iterdir()
                     for pid in (task / "children").read_text().split()]


def pid_groups(parts: dict[str, list[int]]) -> str:
    """{"api": [1, 2], "chat": [3]} -> "api:1,2;chat:3", as the locustfile reads them."""
    return ";".join(f"{part}:{','.join(map(str, pids))}" for part, pids in parts.items())


def table(results: list[dict], args, load_before: str) -> str:
    held = [r["employees"] for r in results if r["p99"] <= args.p99_ms and r["error_rate"] <= args.max_errors]
    lines = [f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {ceiling.machine()}; load average {load_before} "
             f"before; {args.posts:,} posts; Nginx in front of the API (gthread) and chat (gevent) gunicorns "
             f"as the Ansible roles run them; think time {args.wait} s; {args.step_seconds:.0f} s per step",
             "",
             "| employees | sockets open | requests/s | p50 | p99 | errors | chat delivered | delivery p50 / p99 "
             "| load average | portal CPU (cores) | API | chat | Nginx | PostgreSQL | Redis | locust |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['employees']:,} | {r['sockets']:,} | {r['rps']:.1f} | {r['p50']:.0f} ms | "
                     f"{r['p99']:.0f} ms | {r['errors']} / {r['requests']:,} | {r['deliveries']:,} | "
                     f"{r['delivery_p50']:.0f} / {r['delivery_p99']:.0f} ms | {r['load']} | {r['server_cpu']:.2f} | "
                     + " | ".join(f"{r['cpu'][part]:.2f}" for part in CPU_PARTS) + " |")
    lines += ["", f"**Employees held (p99 <= {args.p99_ms:.0f} ms, errors <= {args.max_errors:.3%}): "
                  f"{max(held) if held else 0:,}**", "", slowest_requests(results[-1])]
    return "\n".join(lines)


def slowest_requests(step: dict, count: int = 8) -> str:
    """The `count` request names with the highest p99 in a step: what makes its p99."""
    slowest = sorted(step["requests_by_name"].items(), key=lambda item: -item[1]["p99"])[:count]
    lines = [f"At {step['employees']:,} employees, the requests with the highest p99:", "",
             "| request | count | p50 | p99 |", "|---|---|---|---|"]
    lines += [f"| {name} | {s['count']:,} | {s['p50']:.0f} ms | {s['p99']:.0f} ms |" for name, s in slowest]
    return "\n".join(lines)


def profile_report(directory: Path, step: int, workers: dict[str, list[int]]) -> str:
    """bench/profile_summary.py's tables over the py-spy files of the API workers, then of the chat's."""
    from profile_summary import summarise

    lines = []
    for part, pids in workers.items():
        files = [path for path in (directory / f"{part}-{pid}.txt" for pid in pids) if path.exists()]
        lines += ["", f"py-spy of the {part} workers at {step:,} employees ({len(files)} files in {directory}):", "",
                  summarise(files) if files else "(none: the ramp stopped before this step)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--steps", default="200,400,800,1200,1600,2000,2500,3000,4000",
                        help="employees at each step of the ramp")
    parser.add_argument("--step-seconds", type=float, default=60, help="how long each step is measured")
    parser.add_argument("--spawn-rate", type=float, default=50, help="employees started per second")
    parser.add_argument("--wait", default="5,15", help="seconds between one employee's actions (min,max)")
    parser.add_argument("--min-requests", type=int, default=500,
                        help="hold a step past --step-seconds (up to 5x) until it has this many requests")
    parser.add_argument("--p99-ms", type=float, default=200)
    parser.add_argument("--max-errors", type=float, default=0.00025, help="error rate that ends the ramp")
    parser.add_argument("--redis-url", default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--profile", type=Path, help="a directory: py-spy records each API and chat worker during "
                                                   "the measured part of --profile-step (collapsed stacks) and "
                                                   "bench/profile_summary.py says where the time goes")
    parser.add_argument("--profile-step", type=int, help="the step (employees) to profile; default: the last")
    args = parser.parse_args(argv)

    load_before = ceiling.load_average()
    steps = [int(x) for x in args.steps.split(",")]
    profile_step = args.profile_step or steps[-1]
    if profile_step not in steps:
        parser.error(f"--profile-step {profile_step} is not one of --steps")
    database = f"portal_employees_{uuid.uuid4().hex[:8]}"
    url = ceiling.server_url(database)
    sqlalchemy_url = "postgresql+psycopg" + url[len("postgresql"):]
    jwt_secret, workdir = secrets.token_urlsafe(48), Path(tempfile.mkdtemp(prefix="employees-"))
    servers: list = []
    try:
        ceiling.create_migrated_database(database, url, workdir)
        ceiling.seed(url, args.posts)
        facts = seed_employees(url, sqlalchemy_url, jwt_secret, max(steps))
        env = {"PORTAL_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(48), "JWT_SECRET_KEY": jwt_secret,
               "DATABASE_URL": url, "REDIS_URL": args.redis_url, "STORAGE_BACKEND": "local",
               "CHAT_CHANNEL": f"employees-{uuid.uuid4().hex[:8]}", "PORTAL_INSTANCE_PATH": str(workdir)}
        api = Gunicorn(env, workdir / "api.log", "api")
        chat = Gunicorn(env, workdir / "chat.log", "chat")
        for server in (api, chat):
            servers.append(server)
            server.start()
        spa = ROOT / "frontend" / "dist"
        front = Nginx(workdir, api.port, chat.port,
                      overrides={"nginx_spa_root": str(spa)} if (spa / "index.html").exists() else None)
        servers.append(front.__enter__())
        facts["spa"] = (spa / "index.html").exists()
        (workdir / "facts.json").write_text(json.dumps(facts))
        result_file = workdir / "result.json"
        trees = {"api": process_tree(api.process.pid), "chat": process_tree(chat.process.pid),
                 "nginx": process_tree(front.process.pid)}
        workers = {"api": trees["api"][1:], "chat": trees["chat"][1:]}
        profile_env = {}
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            profile_env = {"EMPLOYEES_PROFILE_DIR": str(args.profile.resolve()),
                           "EMPLOYEES_PROFILE_STEP": str(profile_step), "EMPLOYEES_PROFILE_PIDS": pid_groups(workers)}
        locust = Path(sys.executable).parent / "locust"
        completed = subprocess.run(
            [str(locust), "-f", str(HERE / "locustfile.py"), "--headless", "--host", front.url, "--only-summary",
             "--loglevel", "WARNING", "--stop-timeout", "10"],
            env={**os.environ, "EMPLOYEES_FILE": str(workdir / "facts.json"), "EMPLOYEES_RESULT": str(result_file),
                 "EMPLOYEES_STEPS": args.steps, "EMPLOYEES_STEP_SECONDS": str(args.step_seconds),
                 "EMPLOYEES_SPAWN_RATE": str(args.spawn_rate), "EMPLOYEES_WAIT": args.wait,
                 "EMPLOYEES_P99_MS": str(args.p99_ms), "EMPLOYEES_MIN_REQUESTS": str(args.min_requests),
                 "EMPLOYEES_MAX_ERRORS": str(args.max_errors),
                 "EMPLOYEES_SERVER_PIDS": pid_groups(trees), **profile_env},
            capture_output=True, text=True, timeout=len(steps) * (5 * args.step_seconds + 120) + 120)
        if not result_file.exists():
            raise SystemExit(f"locust reported nothing (exit {completed.returncode}):\n{completed.stderr[-3000:]}")
        results = json.loads(result_file.read_text())
        print(completed.stdout[-4000:] + completed.stderr[-4000:], file=sys.stderr)
        report = table(results, args, load_before)
        print(report)
        if args.profile:
            print(profile_report(args.profile, profile_step, workers))
        if args.json:
            args.json.write_text(json.dumps({"steps": results, "table": report}, ensure_ascii=False, indent=2))
    finally:
        for server in reversed(servers):
            if isinstance(server, Nginx):
                server.__exit__(None, None, None)
            else:
                server.stop()
        with psycopg.connect(ceiling.server_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
