"""The Ansible provisioning, end to end on a real booted Debian 12 systemd host.

A debootstrap root filesystem (cached) is booted with systemd-nspawn and reached
over SSH on 127.0.0.1:2222, as an operator reaches a fresh server after Terraform.
site.yml provisions it from a release built here; the checks then look at the host
from outside, through nginx, as a user would: the SPA, the API, a login, the chat
handshake, what listens where, the second run changing nothing, a backup and
restore drill against an S3 emulator, and a reboot.

    sudo .ci/install-infra.sh && pytest -m infra tests/infra/test_ansible.py

PORTAL_INFRA_CACHE (default /var/cache/portal-infra) keeps the root filesystem
image between runs; PORTAL_INFRA_KEEP=1 keeps the container's files and the
playbook logs after the run (their directory is printed).
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from tests.infra import ansible_play, host_container
from tests.infra.ansible_deployment import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    FIXED_PORTS,
    HOST_NAME,
    INVENTORY,
    UNITS,
    Deployment,
    Moto,
    free_port,
    log,
    port_in_use,
)

pytestmark = pytest.mark.infra


# --- Fixtures ------------------------------------------------------------------

def _require_host_tools() -> None:
    reason = host_container.cannot_work_reason()
    if reason:
        print(f"SKIPPED the Ansible end-to-end test: {reason}", file=sys.stderr)
        pytest.skip(reason)
    missing = host_container.missing_tools()
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run .ci/install-infra.sh (as root)")
    for name in ("ansible-playbook", "ansible-lint", "yamllint"):
        if ansible_play.tool(name) is None:
            pytest.fail(f"{name} not found: pip install -r requirements-dev.txt")
    busy = {name: port for name, port in FIXED_PORTS.items() if port_in_use(port)}
    if busy:
        pytest.fail(f"ports the test container needs are in use on this machine: {busy}")


@pytest.fixture(scope="module")
def deployment():
    _require_host_tools()
    workdir = Path(tempfile.mkdtemp(prefix="portal-ansible-e2e-", dir="/var/tmp"))
    log(f"work directory {workdir}")
    container = host_container.Container(workdir, name=HOST_NAME, ssh_port=FIXED_PORTS["ssh"])
    moto = None
    try:
        started = time.monotonic()
        image = host_container.build_image(log)
        log(f"root filesystem image ready in {time.monotonic() - started:.0f}s: {image}")
        container.prepare(image)
        container.boot()
        log(f"container booted ({time.monotonic() - started:.0f}s since start)")
        moto = Moto(workdir)
        release = ansible_play.build_release(workdir / "release", log)
        http_port = 80 if not port_in_use(80) else free_port()
        yield Deployment(workdir, container, moto, http_port, release)
    finally:
        container.poweroff()
        if moto is not None:
            moto.stop()
        if os.environ.get("PORTAL_INFRA_KEEP") == "1":
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def provisioned(deployment):
    """The host after the first run of site.yml, with Redis's default port taken (the reason an
    operator sets portal_redis_port): the package's own start fails there, and the first run must not."""
    with contextlib.ExitStack() as stack:
        if not port_in_use(6379):
            holder = stack.enter_context(socket.socket())
            holder.bind(("127.0.0.1", 6379))
            holder.listen()
        result = deployment.play("site.yml", "site-first")
    assert result.returncode == 0, f"site.yml failed:\n{result.tail()}"
    return deployment


# --- Static checks ---------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["yamllint", "--strict", "."],
    ["ansible-lint", "--profile", "production", "--nocolor"],
    ["ansible-playbook", "-i", INVENTORY, "site.yml", "--syntax-check"],
    ["ansible-playbook", "-i", INVENTORY, "restore.yml", "--syntax-check"],
    ["ansible-playbook", "-i", "inventories/production", "site.yml", "--syntax-check"],
    ["ansible-playbook", "-i", "inventories/staging-scaled/hosts.yml", "app-host.yml", "--syntax-check"],
], ids=["yamllint", "ansible-lint", "syntax-site-local", "syntax-restore", "syntax-site-production",
        "syntax-app-host-scaled"])
def test_playbooks_are_lint_clean(command, tmp_path):
    pass_file = tmp_path / "vault-pass"
    pass_file.write_text(ansible_play.LOCAL_VAULT_PASSWORD)
    if command[0] == "ansible-playbook":
        command = [*command, "--vault-password-file", str(pass_file)]
    result = ansible_play.run_tool(command)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_release_contains_the_app_and_the_spa_only(tmp_path):
    release = ansible_play.build_release(tmp_path, log)
    listing = subprocess.run(["tar", "-tzf", str(tmp_path / release["archive"])],
                             capture_output=True, text=True, check=True).stdout.split()
    names = {name.removeprefix("./") for name in listing}
    assert {"wsgi.py", "requirements.txt", "RELEASE", "spa/index.html"} <= names
    assert any(name.startswith("migrations/") for name in names)
    assert not [n for n in names if re.search(r"(^|/)(\.venv|node_modules|instance|__pycache__)/", n)]
    again = ansible_play.build_release(tmp_path / "again", log)
    assert again["version"] == release["version"], "the same tree must give the same version"


# --- The provisioned host ----------------------------------------------------------

def test_the_host_has_the_portal_user_time_zone_and_korean_locale(provisioned):
    assert provisioned.ssh("getent passwd portal").stdout.split(":")[6].strip() == "/usr/sbin/nologin"
    assert provisioned.ssh("id -u portal").stdout.strip().isdigit()
    assert _timezone(provisioned) == "Asia/Seoul"
    assert "ko_KR.utf8" in provisioned.ssh("locale -a").stdout.split()
    assert provisioned.ssh("date +%Z").stdout.strip() == "KST"


def _timezone(provisioned) -> str:
    return provisioned.ssh("readlink /etc/localtime").stdout.strip().split("zoneinfo/")[-1]


def test_every_unit_is_active_and_enabled(provisioned):
    for unit in UNITS:
        active = provisioned.ssh(f"systemctl is-active {unit}", check=False).stdout.strip()
        enabled = provisioned.ssh(f"systemctl is-enabled {unit}", check=False).stdout.strip()
        assert (active, enabled) == ("active", "enabled"), unit


def test_the_notice_announcer_job_runs_as_the_portal_user(provisioned):
    """portal-notices.timer starts `flask notices announce-due`; started by hand, the job succeeds."""
    provisioned.ssh("systemctl start portal-notices.service")
    shown = provisioned.ssh("systemctl show portal-notices.service -p Result -p User -p ExecMainStatus").stdout
    assert "Result=success" in shown and "ExecMainStatus=0" in shown and "User=portal" in shown, shown
    assert "portal-notices.service" in provisioned.ssh("systemctl list-timers --all portal-notices.timer").stdout


def test_the_spa_is_served_with_fallback_and_long_cached_assets(provisioned):
    index = provisioned.get("/")
    assert index.status_code == 200
    assert index.headers["Content-Type"].startswith("text/html")
    assert index.headers.get("X-Content-Type-Options") == "nosniff"
    assert "no-cache" in index.headers.get("Cache-Control", "")
    deep_link = provisioned.get("/boards/1/posts/2")
    assert deep_link.status_code == 200 and deep_link.text == index.text

    assets = re.findall(r'(?:src|href)="(/assets/[^"]+\.js)"', index.text)
    assert assets, "index.html names no hashed script under /assets/"
    asset = provisioned.get(assets[0], headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert "max-age=31536000" in asset.headers["Cache-Control"]
    assert "immutable" in asset.headers["Cache-Control"]
    assert asset.headers.get("Content-Encoding") == "gzip"
    assert provisioned.get("/assets/no-such-file.js").status_code == 404


def test_api_health_through_nginx(provisioned):
    response = provisioned.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["db"]) == ("ok", "ok"), body


def test_a_user_created_with_flask_create_user_can_log_in(provisioned):
    password = "e2e-user-Password-77"
    created = provisioned.ssh(
        "portal-flask create-user e2e.user@example.test --name '테스트 사용자' --password-stdin",
        input=password + "\n", check=False)
    assert created.returncode == 0, created.stderr
    duplicate = provisioned.ssh(
        "portal-flask create-user e2e.user@example.test --name Again --password-stdin",
        input=password + "\n", check=False)
    assert duplicate.returncode != 0

    response = provisioned.login("e2e.user@example.test", password)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["access_token"] and body["user"]["email"] == "e2e.user@example.test"
    assert body["user"]["password_change_required"] is True  # an initial password, replaced first
    assert provisioned.login("e2e.user@example.test", "wrong-password-123").status_code == 401


def test_the_first_admin_was_created_from_the_inventory(provisioned):
    response = provisioned.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    assert response.status_code == 200, response.text
    # The vault's password is known to whoever holds the vault: the admin replaces it at first sign-in.
    assert response.json()["user"]["role"] == "admin" and response.json()["user"]["password_change_required"]


DRILL_ADMIN = ("drill.admin@example.test", "Drill-admin-initial-77", "Drill-admin-own-pw-78")


def _drill_admin_headers(provisioned) -> dict:
    """An admin an operator made on the host with `portal-flask create-user`, past its first sign-in
    (the initial password replaced), so it may use the API; the inventory's admin stays untouched."""
    email, initial, own = DRILL_ADMIN
    provisioned.ssh(f"portal-flask create-user {email} --name '백업 훈련' --admin --password-stdin",
                    input=initial + "\n", check=False)  # refused, harmlessly, when it exists
    signed_in = provisioned.login(email, own)
    if signed_in.status_code == 401:
        signed_in = provisioned.login(email, initial)
        headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
        changed = provisioned.put("/api/auth/password", headers=headers,
                                  json={"current_password": initial, "new_password": own})
        assert changed.status_code == 204, changed.text
        return headers
    return {"Authorization": f"Bearer {signed_in.json()['access_token']}"}


def test_socketio_is_proxied_with_websocket_upgrade(provisioned):
    port = int(provisioned.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            b"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        received = b""
        while b'"sid"' not in received:
            chunk = conn.recv(4096)
            if not chunk:
                break
            received += chunk
    assert received.split(b"\r\n", 1)[0].split(b" ")[1] == b"101", received[:200]
    # Engine.IO's open packet ("0{...sid...}") came through the upgraded connection.
    assert b'0{"sid"' in received, received[:400]


def test_the_chat_unit_runs_gevent_workers_with_room_for_thousands_of_sockets(provisioned):
    """Chat sockets are greenlets (gunicorn -k gevent), each worker bounded (503 past the bound),
    with file descriptors to spare; nginx in front allows more than Debian's 768 connections."""
    props = provisioned.ssh("systemctl show portal-chat -p ExecStart -p LimitNOFILE -p Environment").stdout
    assert "--worker-class gevent" in props and "--worker-connections 2700" in props, props
    assert "LimitNOFILE=65536" in props and "CHAT_MAX_SOCKETS=2500" in props, props
    worker = provisioned.ssh("pgrep -u portal -n -f 'gunicorn.*--worker-class gevent'").stdout.split()[0]
    threads = provisioned.ssh(f"grep ^Threads: /proc/{worker}/status").stdout.split()[1]
    assert int(threads) < 20, f"a gevent chat worker runs a handful of threads, not {threads}"
    nginx = provisioned.ssh("nginx -T 2>/dev/null | grep -E '^\\s*worker_(connections|rlimit_nofile)'").stdout
    assert "worker_connections 8192;" in nginx and "worker_rlimit_nofile 16384;" in nginx, nginx


def _listeners(provisioned, port: int) -> list[str]:
    out = provisioned.ssh(f"ss -Hltn 'sport = :{port}'").stdout
    return [line.split()[3] for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("service", ["postgresql", "redis", "api", "chat", "api-metrics", "chat-metrics"])
def test_internal_services_listen_on_loopback_only(provisioned, service):
    addresses = _listeners(provisioned, FIXED_PORTS[service])
    assert addresses, f"nothing listens on the {service} port"
    hosts = {address.rsplit(":", 1)[0] for address in addresses}
    assert hosts <= {"127.0.0.1", "[::1]"}, addresses


def test_metrics_are_served_on_the_host_and_not_through_nginx(provisioned):
    assert provisioned.get("/api/health").status_code == 200
    scraped = provisioned.ssh(f"curl -sf http://127.0.0.1:{FIXED_PORTS['api-metrics']}/metrics").stdout
    assert re.search(r'^portal_http_requests_total\{method="GET",route="/api/health",status="200"\} [1-9]',
                     scraped, re.M), scraped[-2000:]
    assert "portal_db_pool_size" in scraped
    chat = provisioned.ssh(f"curl -sf http://127.0.0.1:{FIXED_PORTS['chat-metrics']}/metrics").stdout
    assert "portal_chat_open_sockets" in chat
    for path in ("/metrics", "/api/metrics"):
        assert "portal_http_requests_total" not in provisioned.get(path).text, path


def test_secrets_files_are_readable_by_root_only(provisioned):
    for path in ("/etc/portal/portal.env", "/etc/portal/backup.env"):
        mode = provisioned.ssh(f"stat -c '%a %U %G' {path}").stdout.strip()
        assert mode == "600 root root", path
    env = provisioned.ssh("cat /etc/portal/portal.env").stdout
    assert 'PORTAL_ENV="production"' in env
    assert f'REDIS_URL="redis://127.0.0.1:{FIXED_PORTS["redis"]}/0"' in env


def test_the_app_runs_as_the_unprivileged_user_with_hardening(provisioned):
    for unit in ("portal-api", "portal-chat"):
        props = provisioned.ssh(
            f"systemctl show {unit} -p User -p NoNewPrivileges -p ProtectSystem -p PrivateTmp "
            "-p ProtectHome -p Restart").stdout
        assert set(props.split()) >= {"User=portal", "NoNewPrivileges=yes", "ProtectSystem=strict",
                                      "PrivateTmp=yes", "ProtectHome=yes", "Restart=always"}, unit


def test_a_second_run_changes_nothing(provisioned):
    result = provisioned.play("site.yml", "site-second")
    assert result.returncode == 0, result.tail()
    recap = result.recap()[HOST_NAME]
    assert recap["changed"] == 0, f"changed tasks: {result.changed_tasks()}"
    assert recap["failed"] == 0


def _row_counts(provisioned) -> dict[str, int]:
    tables = provisioned.sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1").split()
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM public.\"{t}\"" for t in tables)
    rows = [line.split("|") for line in provisioned.sql(query).splitlines()]
    return {name: int(count) for name, count in rows}


def _seed_posts(provisioned, count: int) -> None:
    auth = _drill_admin_headers(provisioned)
    board = provisioned.post("/api/admin/boards", headers=auth,
                             json={"name": "백업 훈련", "slug": "backup-drill"})
    assert board.status_code == 201, board.text
    for number in range(count):
        post = provisioned.post("/api/posts", headers=auth, json={
            "board_id": board.json()["id"], "title": f"복원 확인 {number}", "body": "백업 훈련 글"})
        assert post.status_code == 201, post.text


def test_backup_and_restore_drill(provisioned):
    _seed_posts(provisioned, 5)
    before = _row_counts(provisioned)
    assert before.get("posts", 0) >= 5 or sum(before.values()) > 5, before

    backup = provisioned.ssh("portal-backup", check=False)
    assert backup.returncode == 0, backup.stderr
    keys = provisioned.moto.keys(f"backups/{HOST_NAME}/")
    assert len(keys) == 1 and keys[0].endswith(".dump"), keys
    local = provisioned.ssh("ls /var/backups/portal").stdout.split()
    assert local == [keys[0].rsplit("/", 1)[1]]

    # Disaster: the database is gone and an empty one is in its place.
    provisioned.ssh("systemctl stop portal-api portal-chat")
    port = FIXED_PORTS["postgresql"]
    provisioned.ssh(f"runuser -u postgres -- dropdb -p {port} portal && "
                    f"runuser -u postgres -- createdb -p {port} -O portal portal")
    assert _row_counts(provisioned) == {}
    provisioned.ssh("systemctl start portal-api portal-chat")

    result = provisioned.play("restore.yml", "restore")
    assert result.returncode == 0, result.tail()
    assert _row_counts(provisioned) == before
    _wait_for_health(provisioned)
    assert provisioned.login(ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 200


def test_a_failing_backup_exits_non_zero(provisioned):
    # Point the backup at a bucket that does not exist: the upload must fail loudly.
    broken = provisioned.ssh(
        "cp -p /etc/portal/backup.env /root/backup.env.saved && "
        "sed -i 's/^PORTAL_BACKUP_BUCKET=.*/PORTAL_BACKUP_BUCKET=\"no-such-bucket\"/' "
        "/etc/portal/backup.env && portal-backup", check=False)
    provisioned.ssh("mv /root/backup.env.saved /etc/portal/backup.env")
    assert broken.returncode != 0
    assert "FAILED" in broken.stderr


def _cron_runs_the_backup_now(provisioned):
    """Make the installed cron line due every minute: its command, user and the cron file's
    environment stay exactly as the role wrote them; only the schedule fields change."""
    provisioned.ssh("cp -p /etc/cron.d/portal-backup /root/portal-backup.cron && "
                    r"sed -i -E 's/^[0-9]+ [0-9]+ (\* \* \* root )/* * \1/' /etc/cron.d/portal-backup")
    assert "* * * * * root /usr/local/sbin/portal-backup" in provisioned.ssh("cat /etc/cron.d/portal-backup").stdout


def _cron_schedule_restored(provisioned):
    provisioned.ssh("mv /root/portal-backup.cron /etc/cron.d/portal-backup")


def _poll(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} within {timeout:.0f}s")
        time.sleep(3)
    return result


def test_cron_itself_runs_the_nightly_backup(provisioned):
    """The real cron daemon runs the line the role installed (cron's PATH lacks /usr/sbin)."""
    before = set(provisioned.moto.keys(f"backups/{HOST_NAME}/"))
    _cron_runs_the_backup_now(provisioned)
    try:
        new = _poll(lambda: set(provisioned.moto.keys(f"backups/{HOST_NAME}/")) - before, 150,
                    "no dump reached S3 from cron")
    finally:
        _cron_schedule_restored(provisioned)
    assert all(key.endswith(".dump") for key in new), new
    assert "partial" not in provisioned.ssh("ls -a /var/backups/portal").stdout
    assert "done: s3://" in provisioned.ssh("tail -n 5 /var/log/portal-backup.log").stdout


def test_a_failed_cron_backup_alerts_and_leaves_no_partial_dump(provisioned):
    # The dump itself fails (nothing listens on the port): a half-written file would be left.
    provisioned.ssh("cp -p /etc/portal/backup.env /root/backup.env.saved && "
                    "sed -i 's/^PORTAL_BACKUP_DB_PORT=.*/PORTAL_BACKUP_DB_PORT=\"1\"/' /etc/portal/backup.env && "
                    "rm -f /var/log/portal-backup.alerts")
    _cron_runs_the_backup_now(provisioned)
    try:
        alert = _poll(lambda: provisioned.ssh("cat /var/log/portal-backup.alerts", check=False).stdout, 150,
                      "no alert from a failing cron backup")
    finally:
        _cron_schedule_restored(provisioned)
        provisioned.ssh("mv /root/backup.env.saved /etc/portal/backup.env")
    assert "FAILED" in alert
    assert "partial" not in provisioned.ssh("ls -a /var/backups/portal").stdout
    assert "FAILED" in provisioned.ssh("journalctl -t portal-backup --no-pager -n 20").stdout


def _wait_for_health(provisioned, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if provisioned.get("/api/health").status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the API did not come back")
        time.sleep(1)


def test_services_come_back_after_a_reboot(provisioned):
    provisioned.container.reboot()
    for unit in UNITS:
        state = provisioned.ssh(f"systemctl is-active {unit}", check=False).stdout.strip()
        if state != "active":  # units may still be starting right after boot
            time.sleep(5)
            state = provisioned.ssh(f"systemctl is-active {unit}", check=False).stdout.strip()
        assert state == "active", unit
    _wait_for_health(provisioned)
    assert provisioned.get("/").status_code == 200
    assert provisioned.login(ADMIN_EMAIL, ADMIN_PASSWORD).status_code == 200
    assert _timezone(provisioned) == "Asia/Seoul"
