"""`make run`, as a newcomer types it: the port is checked before anything is installed or built,
nothing is reinstalled or rebuilt when nothing changed, the output ends with one box of the URL
and sample logins, and each request is logged once. The portal runs on its embedded defaults in a
temporary instance folder, so the checkout's own data is left alone."""

import os
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
INSTALLS_AND_BUILDS = ("pip install", "npm ci", "npm run", "vite build")


def _env(instance: Path) -> dict:
    """A shell's environment, without the test run's settings: only what `make run` reads by default."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PIP_FIND_LINKS", "PIP_CERT", "SSL_CERT_FILE")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, "PORTAL_INSTANCE_PATH": str(instance)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _make(*args: str, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Installed and built once, as after a first `make run`."""
    env = _env(tmp_path_factory.mktemp("instance"))
    first = _make("setup", "frontend-build", env=env)
    assert first.returncode == 0, first.stdout + first.stderr
    return env


def test_nothing_is_installed_or_built_again_when_nothing_changed(built):
    assert _make("-q", "setup", "frontend-build", env=built).returncode == 0


def test_a_taken_port_is_refused_before_anything_is_built(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.monotonic()
        # -W: as if a web source had changed, so a build would run were the port not checked first.
        result = _make("run", f"PORT={port}", "-W", "frontend/index.html", env=built, timeout=60)
    assert result.returncode != 0
    assert f"port {port} is in use" in result.stderr and "make run PORT=" in result.stderr
    output = result.stdout + result.stderr
    assert not [step for step in INSTALLS_AND_BUILDS if step in output], output
    assert time.monotonic() - started < 20


def _read_lines(stream, lines: list[str]):
    for line in stream:
        lines.append(line.rstrip("\n"))


def _wait_for(lines: list[str], predicate, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not predicate(lines):
        assert process.poll() is None, "\n".join(lines)
        assert time.monotonic() < deadline, "\n".join(lines)
        time.sleep(0.2)


def test_run_ends_with_one_box_of_logins_and_logs_each_request_once(built, tmp_path):
    port = _free_port()
    env = {**built, "PORTAL_INSTANCE_PATH": str(tmp_path)}
    process = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"], cwd=REPO, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    lines: list[str] = []
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        _wait_for(lines, lambda seen: any("Stop: Ctrl+C" in line for line in seen), 240, process)
        box_end = next(i for i, line in enumerate(lines) if "Stop: Ctrl+C" in line) + 1
        _wait_for(lines, lambda seen: len(seen) > box_end, 10, process)  # the box's bottom edge
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as response:
            assert response.status == 200
        _wait_for(lines, lambda seen: any('"/api/health"' in line for line in seen), 10, process)
        time.sleep(1)  # a second log line for the same request would arrive by now
        said = list(lines)  # what it said while running; stopping it adds make's own complaint
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)

    lines = said
    output = "\n".join(lines)
    assert not [step for step in INSTALLS_AND_BUILDS if step in output], output
    box = [line for line in lines[: box_end + 1] if line.startswith(("+", "|"))]
    assert box[0].startswith("+-") and box[-1].startswith("+-") and len(box) < 15
    assert sum(line.startswith("+-") for line in lines) == 2  # one box, nothing like it elsewhere
    text = "\n".join(box)
    assert f"http://127.0.0.1:{port}/" in text and "make run PORT=" in text
    roles = [line.strip("| ").split()[0] for line in box if "@" in line]
    assert roles == ["admin", "employee", "employee"]
    # The box is the last thing `make run` says before requests arrive.
    assert all('"portal.request"' in line for line in lines[box_end + 1:] if line.strip()), output
    assert sum('"/api/health"' in line for line in lines) == 1
