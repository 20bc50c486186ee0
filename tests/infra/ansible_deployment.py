"""The pieces of the Ansible end-to-end test: the test inventory's facts, the S3
emulator, and the provisioned host as the tests see it (SSH, SQL, HTTP through nginx)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
import yaml

from tests.infra import ansible_play, host_container
from tests.servers import free_port

INVENTORY = "inventories/local"
INVENTORY_VARS = yaml.safe_load(
    (ansible_play.ANSIBLE_DIR / INVENTORY / "group_vars/all/main.yml").read_text())
HOST_VARS = yaml.safe_load((ansible_play.ANSIBLE_DIR / INVENTORY / "hosts.yml").read_text())[
    "all"]["children"]["portal"]["vars"]
BUCKET = HOST_VARS["portal_s3_bucket"]
REGION = HOST_VARS["portal_s3_region"]
HOST_NAME = "portal-e2e"
ADMIN_EMAIL = INVENTORY_VARS["portal_admin_email"]
ADMIN_PASSWORD = "Local-test-only-Admin-pw-42"  # the local vault's test-only value
UNITS = ["postgresql@15-main", "redis-server", "portal-api", "portal-chat", "portal-notices.timer", "nginx", "cron"]
# The ports the services in the container take on the machine's shared network.
FIXED_PORTS = {
    "ssh": 2222,
    "postgresql": INVENTORY_VARS["portal_db_port"],
    "redis": INVENTORY_VARS["portal_redis_port"],
    "api": INVENTORY_VARS["portal_api_port"],
    "chat": INVENTORY_VARS["portal_chat_port"],
    "api-metrics": INVENTORY_VARS["portal_app_api_metrics_port"],
    "chat-metrics": INVENTORY_VARS["portal_app_chat_metrics_port"],
}


def log(message: str) -> None:
    print(f"[test_ansible {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def port_in_use(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class Moto:
    """An S3 emulator on the machine, reachable from the container (shared network)."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=open(workdir / "moto.log", "wb"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=dict(os.environ, PYTHONWARNINGS="ignore"))
        deadline = time.monotonic() + 30
        while not port_in_use(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the moto server did not start; see {workdir}/moto.log")
            time.sleep(0.2)
        self.s3 = self._client()
        self.s3.create_bucket(Bucket=BUCKET,
                              CreateBucketConfiguration={"LocationConstraint": REGION})

    def _client(self):
        import boto3
        return boto3.client("s3", endpoint_url=self.url, region_name=REGION,
                            aws_access_key_id="test-only", aws_secret_access_key="test-only")

    def keys(self, prefix: str) -> list[str]:
        listing = self.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
        return sorted(obj["Key"] for obj in listing.get("Contents", []))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Deployment:
    """The booted host, the emulator and how to run the playbooks against them."""

    def __init__(self, workdir: Path, container: host_container.Container, moto: Moto,
                 http_port: int, release: dict):
        self.workdir = workdir
        self.container = container
        self.moto = moto
        self.release = release
        self.base_url = f"http://127.0.0.1:{http_port}"
        self.vault_password_file = workdir / "vault-pass"
        self.vault_password_file.write_text(ansible_play.LOCAL_VAULT_PASSWORD + "\n")
        self.vault_password_file.chmod(0o600)
        # Everything the test decides at run time, passed the same way on every run.
        self.extra_vars_file = workdir / "extra-vars.json"
        self.extra_vars_file.write_text(json.dumps({
            "portal_app_release_dir": str(workdir / "release"),
            "portal_s3_endpoint_url": moto.url,
            "nginx_http_port": http_port,
            "portal_public_origin": self.base_url,
        }))
        self.runs: dict[str, ansible_play.PlayResult] = {}

    def play(self, playbook: str, label: str, extra_args: list[str] | None = None):
        started = time.monotonic()
        result = ansible_play.run_playbook(
            playbook, inventory=INVENTORY, workdir=self.workdir,
            private_key=self.container.key, extra_vars_file=self.extra_vars_file,
            vault_password_file=self.vault_password_file, label=label, extra_args=extra_args)
        log(f"{playbook} ({label}): exit {result.returncode} in {time.monotonic() - started:.0f}s, "
            f"recap {result.recap()}")
        self.runs[label] = result
        return result

    def ssh(self, command: str, **kw) -> subprocess.CompletedProcess:
        return self.container.ssh(command, **kw)

    def sql(self, query: str) -> str:
        port = INVENTORY_VARS["portal_db_port"]
        return self.ssh(f"runuser -u postgres -- psql -p {port} -d portal -XAtq -c {_q(query)}").stdout

    def get(self, path: str, **kw) -> requests.Response:
        return requests.get(self.base_url + path, timeout=30, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return requests.post(self.base_url + path, timeout=30, **kw)

    def put(self, path: str, **kw) -> requests.Response:
        return requests.put(self.base_url + path, timeout=30, **kw)

    def login(self, email: str, password: str) -> requests.Response:
        return self.post("/api/auth/login", json={"email": email, "password": password})


def _q(text: str) -> str:
    return "'" + text.replace("'", "'\"'\"'") + "'"
