"""Backup and restore of a large portal database, timed the way production runs them.

    .venv/bin/python bench/backup_restore.py --posts 1000000 --database portal_search_1m --keep

The dump is `portal-backup`'s command (ansible/roles/backup/templates/portal-backup.j2):
`pg_dump --format=custom`. The restore is `portal-restore`'s (portal-restore.j2), which
restore.yml runs: terminate the database's sessions, DROP DATABASE, CREATE DATABASE ... TEMPLATE
template0, `pg_restore` with the script's flags, then restore.yml's `flask db upgrade`. Both
run against a second database (`<database>_restored`) on the same server, as the server's
superuser over libpq (production uses `runuser -u postgres` on the socket; same flags).

The same run times the restore with the playbook's flags and with each variant in
`--variants` (e.g. parallel jobs), so the figures are ratios against the playbook as it is.
S3 transfer is left out (the dump is read from local disk, as portal-restore does after
downloading it).
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset  # noqa: E402
import psycopg  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

TEMPLATES = dataset.ROOT / "ansible" / "roles" / "backup" / "templates"
DUMP_COMMAND = ["pg_dump", "--format=custom"]
# portal-restore's pg_restore flags (--role is the portal's database user there).
RESTORE_FLAGS = ["--no-owner", "--exit-on-error"]
# Variants timed in the same run: name -> (extra pg_restore flags, environment); the first is
# the baseline. maintenance_work_mem=1GB for the index builds was tried: 159 s against 149 s.
VARIANTS = {
    "playbook": ([], {}),
    "memory": ([], {"PGOPTIONS": "-c maintenance_work_mem=1GB"}),
    "jobs": (["--jobs=2"], {}),  # would need the dump where the postgres user can read it
}


def libpq_env() -> dict:
    """libpq variables for the benchmark's server (TEST_DATABASE_URL)."""
    server = make_url(dataset.SERVER)
    env = {**os.environ, "PGHOST": server.host or "127.0.0.1", "PGPORT": str(server.port or 5432),
           "PGUSER": server.username or "postgres"}
    if server.password:
        env["PGPASSWORD"] = server.password
    return env


def psql(database: str, sql: str) -> None:
    subprocess.run(["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-q", "-d", database, "-c", sql],
                   env=libpq_env(), check=True, capture_output=True)


def dump(database: str, path: Path) -> float:
    started = time.perf_counter()
    with path.open("wb") as out:
        subprocess.run([*DUMP_COMMAND, database], env=libpq_env(), stdout=out, check=True)
    return time.perf_counter() - started


def restore(path: Path, target: str, flags: list[str], env: dict) -> dict:
    """portal-restore's steps into `target`, then restore.yml's migrations; seconds for each."""
    role = libpq_env()["PGUSER"]
    started = time.perf_counter()
    psql("postgres", f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     f"WHERE datname = '{target}' AND pid <> pg_backend_pid();")
    psql("postgres", f'DROP DATABASE IF EXISTS "{target}";')
    psql("postgres", f"CREATE DATABASE \"{target}\" OWNER \"{role}\" ENCODING 'UTF8' TEMPLATE template0 "
                     "LOCALE 'C.UTF-8';")
    restored = time.perf_counter()
    command = ["pg_restore", f"--dbname={target}", *RESTORE_FLAGS, f"--role={role}", *flags]
    if any(flag.startswith("--jobs") for flag in flags):
        subprocess.run([*command, str(path)], env={**libpq_env(), **env}, check=True)  # -j needs a file
    else:
        with path.open("rb") as source:  # as portal-restore does: pg_restore ... <"$dump"
            subprocess.run(command, stdin=source, env={**libpq_env(), **env}, check=True)
    migrated = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"], cwd=dataset.ROOT,
                   env={**os.environ, "DATABASE_URL": dataset.database_url(target), "PORTAL_ENV": "testing",
                        "REDIS_URL": ""}, check=True, capture_output=True)
    done = time.perf_counter()
    return {"recreate": restored - started, "pg_restore": migrated - restored, "migrate": done - migrated,
            "total": done - started}


def posts_in(database: str) -> int:
    with psycopg.connect(dataset.libpq_url(dataset.database_url(database))) as conn:
        return conn.execute("SELECT count(*) FROM posts").fetchone()[0]


def run(database: str, variants: list[str], rounds: int) -> dict:
    target = f"{database}_restored"
    results = {"variants": {name: [] for name in variants}}
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as scratch:
        path = Path(scratch) / "portal.dump"
        results["dump_seconds"] = dump(database, path)
        results["dump_bytes"] = path.stat().st_size
        try:
            for _ in range(rounds):  # alternate variants: load changes hit each alike
                for name in variants:
                    flags, env = VARIANTS[name]
                    timing = restore(path, target, flags, env)
                    assert posts_in(target) == posts_in(database), "the restore lost posts"
                    results["variants"][name].append(timing)
                    print(f"{name}: {timing}", file=sys.stderr)
        finally:
            dataset.drop_database(target)
    return results


def report(results: dict, posts: int, load: tuple[float, float]) -> str:
    rows = [f"Backup and restore of {posts:,} posts: dump {results['dump_seconds']:.1f} s "
            f"({results['dump_bytes'] / 2**20:,.0f} MiB, `pg_dump --format=custom`).", "",
            "| restore | pg_restore flags | recreate (s) | pg_restore (s) | db upgrade (s) | total (s) "
            "| vs playbook |", "|---|---|---|---|---|---|---|"]
    base = None
    for name, timings in results["variants"].items():
        median = {key: sorted(t[key] for t in timings)[len(timings) // 2] for key in timings[0]}
        base = base or median["total"]
        flags, env = VARIANTS[name]
        shown = " ".join(RESTORE_FLAGS + flags + [f"{k}='{v}'" for k, v in env.items()])
        rows.append(f"| {name} | `{shown}` | {median['recreate']:.1f} | {median['pg_restore']:.1f} | "
                    f"{median['migrate']:.1f} | {median['total']:.1f} | {median['total'] / base:.2f} |")
    rows.append(f"\nMedian of {len(timings)} run(s) each, alternated. Load average (1 min) before / after: "
                f"{load[0]:.2f} / {load[1]:.2f}.")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--database", default=None, help="keep/reuse this database (default: a scratch one)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--variants", default="playbook,jobs", help=f"of {', '.join(VARIANTS)}")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    name = args.database or f"portal_bench_backup_{secrets.token_hex(4)}"
    before = os.getloadavg()[0]
    try:
        try:
            existing = posts_in(name) == args.posts
        except psycopg.Error:
            existing = False
        if not existing:
            dataset.build(name, args.posts, log=lambda line: print(line, file=sys.stderr))
        results = run(name, args.variants.split(","), args.rounds)
    finally:
        if not args.keep:
            dataset.drop_database(name)
    text = report(results, args.posts, (before, os.getloadavg()[0]))
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"posts": args.posts, **results}, indent=1))


if __name__ == "__main__":
    main()
