"""A portal of its own for fault tests: PostgreSQL (initdb + pg_ctl), Redis and gunicorn run as
production runs them, each on a free loopback port, stopped by the harness and only by it."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.servers import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "correct-horse-battery-9"
INITIAL_PASSWORD = "given-by-the-admin-1"  # what `flask create-user` sets: replaced at the first sign-in


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (apt-get install postgresql)")
    return found[-1]


def as_postgres_user() -> list[str]:
    """PostgreSQL refuses to run as root: a root test runs its cluster as the `postgres` account."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    """A throwaway PostgreSQL cluster in a temporary directory, removed by cleanup()."""

    def __init__(self):
        self.home = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.home, account.pw_uid, account.pw_gid)
        self.data = self.home / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/portal"
        subprocess.run([*as_postgres_user(), postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth=trust", "--no-sync", "-E", "UTF8"],
                       check=True, capture_output=True)

    def start(self) -> None:
        subprocess.run([*as_postgres_user(), postgres_bin("pg_ctl"), "-D", str(self.data), "-w",
                        "-l", str(self.home / "log"),
                        "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
                              "-c fsync=off -c max_connections=50",
                        "start"], check=True, capture_output=True)

    def stop(self, check: bool = True) -> None:
        """Stop (fast: sessions are ended) and wait until the server is gone; a stop that fails
        raises, so a test never mistakes a running server for a stopped one."""
        result = subprocess.run([*as_postgres_user(), postgres_bin("pg_ctl"), "-D", str(self.data), "-w",
                                 "-m", "fast", "stop"], check=False, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"pg_ctl stop failed: {result.stdout}{result.stderr}")

    def cleanup(self) -> None:
        self.stop(check=False)
        shutil.rmtree(self.home, ignore_errors=True)


class Redis:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.directory = directory
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


class Portal:
    """gunicorn with production's worker settings, in front of the harness's PostgreSQL and Redis."""

    def __init__(self, directory: Path, postgres: Postgres, redis: Redis):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "PORTAL_ENV": "development",
            "PORTAL_INSTANCE_PATH": str(directory / "instance"),
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "CHAT_CHANNEL": f"faults-{self.port}",
            "SECRET_KEY": "f" * 16 + os.urandom(16).hex(),
            "JWT_SECRET_KEY": "j" * 16 + os.urandom(16).hex(),
            "PASSWORD_HASH_TIME_COST": "1",
            "PASSWORD_HASH_MEMORY_KIB": "64",
            "LOG_LEVEL": "WARNING",
        }
        self.log = directory / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=self.env,
                              input=stdin, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"flask {' '.join(args)} failed: {done.stderr[-800:]}")
        return done.stdout

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--threads", "4", "--worker-class", "gthread",
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "5",
             "--no-control-socket", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        wait_for_port(self.port, timeout=60)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def kill_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def first_sign_in(self, email: str) -> None:
        """The account's first day: sign in with the initial password and replace it with PASSWORD."""
        response = requests.post(f"{self.url}/api/auth/login",
                                 json={"email": email, "password": INITIAL_PASSWORD}, timeout=10)
        response.raise_for_status()
        changed = requests.put(f"{self.url}/api/auth/password", timeout=10,
                               headers={"Authorization": f"Bearer {response.json()['access_token']}"},
                               json={"current_password": INITIAL_PASSWORD, "new_password": PASSWORD})
        changed.raise_for_status()

    def login(self, email: str) -> dict:
        response = requests.post(f"{self.url}/api/auth/login",
                                 json={"email": email, "password": PASSWORD}, timeout=10)
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


def wait_until(check, timeout: float, interval: float = 0.1) -> float:
    """Seconds until check() is true; fails after timeout."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(interval)
    raise AssertionError(f"not true within {timeout}s: {check.__doc__ or check}")
