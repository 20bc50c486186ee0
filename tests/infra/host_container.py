"""A real, booted Debian 12 systemd host for the Ansible end-to-end test.

The host is a debootstrap root filesystem booted with ``systemd-nspawn``. It
shares the machine's network, so its sshd listens on a non-default port and the
services the playbook installs must use ports the machine does not already use.

Building the root filesystem takes a minute or two, so it is cached as a
tarball keyed by everything that goes into it; later runs unpack the tarball
into a fresh directory and boot in seconds.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
SECURITY_MIRROR = "http://deb.debian.org/debian-security"

# What a minimal cloud image of Debian 12 has: enough to be reached by Ansible.
BASE_PACKAGES = (
    "systemd", "systemd-sysv", "dbus", "python3", "sudo", "openssh-server",
    "ca-certificates", "iproute2", "procps",
)
# Downloaded into the image's apt cache but NOT installed: the roles still
# install them on a clean host, they just don't wait for the download.
PREFETCH_PACKAGES = (
    "postgresql", "postgresql-contrib", "python3-psycopg2", "redis-server", "nginx",
    "python3-venv", "python3-pip", "python3-dev", "build-essential", "locales",
    "tzdata", "cron", "acl", "git", "rsync", "curl", "unzip",
)

CACHE_DIR = Path(os.environ.get("PORTAL_INFRA_CACHE", "/var/cache/portal-infra"))
PIP_CACHE = CACHE_DIR / "pip-cache"


def missing_tools() -> list[str]:
    """The host-side tools this harness needs and cannot find."""
    return [t for t in ("debootstrap", "systemd-nspawn", "ssh", "ssh-keygen", "tar")
            if shutil.which(t) is None]


def cannot_work_reason() -> str | None:
    """Why nspawn cannot boot a container on this machine at all, or None.

    A machine where the tools could be installed but are not is NOT such a
    machine: that is a failure, not a skip.
    """
    if os.geteuid() != 0:
        return "booting a systemd-nspawn container needs root"
    if not Path("/sys/fs/cgroup").is_dir():
        return "no cgroup filesystem: systemd-nspawn cannot run here"
    return None


def image_key() -> str:
    # The month is part of the key: the image is rebuilt with the month's updates,
    # so installing a package rarely has to upgrade half the base system first.
    text = "\n".join([SUITE, MIRROR, SECURITY_MIRROR, ",".join(BASE_PACKAGES),
                      ",".join(PREFETCH_PACKAGES), time.strftime("%Y-%m"), "v3"])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def image_path() -> Path:
    return CACHE_DIR / f"{SUITE}-rootfs-{image_key()}.tar"


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault("check", True)
    return subprocess.run(cmd, **kw)


def _sources_list() -> str:
    return (
        f"deb {MIRROR} {SUITE} main\n"
        f"deb {MIRROR} {SUITE}-updates main\n"
        f"deb {SECURITY_MIRROR} {SUITE}-security main\n"
    )


def build_image(log) -> Path:
    """Return the cached rootfs tarball, building it first if it is missing."""
    target = image_path()
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with open(CACHE_DIR / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            return target
        with tempfile.TemporaryDirectory(dir=CACHE_DIR, prefix="build-") as tmp:
            rootfs = Path(tmp) / "rootfs"
            log(f"debootstrap {SUITE} into {rootfs} (cached afterwards as {target})")
            _run(["debootstrap", "--variant=minbase", f"--include={','.join(BASE_PACKAGES)}",
                  SUITE, str(rootfs), MIRROR], stdout=subprocess.DEVNULL)
            (rootfs / "etc/apt/sources.list").write_text(_sources_list())
            # Keep downloaded packages (Debian's default, but be explicit).
            (rootfs / "etc/apt/apt.conf.d/99keep-debs").write_text(
                'Binary::apt::APT::Keep-Downloaded-Packages "true";\n')
            nspawn = ["systemd-nspawn", "-q", "-D", str(rootfs), "--register=no",
                      "--keep-unit", "--resolv-conf=copy-host", "--machine=portal-image-build",
                      "--setenv=DEBIAN_FRONTEND=noninteractive"]
            _run(nspawn + ["apt-get", "update", "-qq"], stdout=subprocess.DEVNULL)
            _run(nspawn + ["apt-get", "-y", "-qq", "dist-upgrade"], stdout=subprocess.DEVNULL)
            _run(nspawn + ["apt-get", "-y", "-qq", "--download-only", "install",
                           *PREFETCH_PACKAGES], stdout=subprocess.DEVNULL)
            # A cloud image has no machine-id until first boot.
            (rootfs / "etc/machine-id").write_text("")
            partial = target.with_suffix(".tar.partial")
            _run(["tar", "--numeric-owner", "--xattrs", "-C", str(rootfs), "-cf",
                  str(partial), "."])
            partial.rename(target)
        for stale in CACHE_DIR.glob(f"{SUITE}-rootfs-*.tar"):
            if stale != target:
                stale.unlink()
        return target


@dataclass
class Container:
    """A booted container reached over SSH on ``ssh_port``."""

    workdir: Path
    name: str = "portal-e2e"
    ssh_port: int = 2222
    rootfs: Path = field(init=False)
    key: Path = field(init=False)
    proc: subprocess.Popen | None = field(default=None, init=False)
    boots: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.rootfs = self.workdir / "rootfs"
        self.key = self.workdir / "id_ed25519"

    # --- preparing ---------------------------------------------------------
    def prepare(self, image: Path) -> None:
        self.rootfs.mkdir(parents=True)
        _run(["tar", "--numeric-owner", "--xattrs", "-C", str(self.rootfs), "-xf", str(image)])
        _run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "portal-e2e",
              "-f", str(self.key)])
        ssh_dir = self.rootfs / "root/.ssh"
        ssh_dir.mkdir(mode=0o700, exist_ok=True)
        (ssh_dir / "authorized_keys").write_text(Path(f"{self.key}.pub").read_text())
        (ssh_dir / "authorized_keys").chmod(0o600)
        sshd = self.rootfs / "etc/ssh/sshd_config.d/portal-e2e.conf"
        sshd.write_text(f"Port {self.ssh_port}\nListenAddress 127.0.0.1\n"
                        "PermitRootLogin prohibit-password\nUseDNS no\n")
        self._trust_machine_cas()
        self._test_only_speedups()
        (self.rootfs / "etc/hostname").write_text(f"{self.name}\n")
        (self.rootfs / "etc/hosts").write_text(
            f"127.0.0.1 localhost\n127.0.1.1 {self.name}\n::1 localhost ip6-localhost\n")

    def _trust_machine_cas(self) -> None:
        """Trust the certificate authorities this machine trusts.

        Where the machine reaches the package registries through a TLS-inspecting
        proxy, its CA bundle holds that proxy's CA; the container shares the
        network, so it needs the same trust (a cloud host does not need this).
        """
        bundle = Path("/etc/ssl/certs/ca-certificates.crt")
        if not bundle.exists():
            return
        shutil.copyfile(bundle, self.rootfs / "usr/local/share/ca-certificates/test-machine.crt")
        # pip in a virtualenv would otherwise use its own certifi bundle.
        (self.rootfs / "etc/pip.conf").write_text(
            "[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n")
        _run(["systemd-nspawn", "-q", "-D", str(self.rootfs), "--register=no", "--keep-unit",
              f"--machine={self.name}-setup", "update-ca-certificates"],
             stdout=subprocess.DEVNULL)

    def _test_only_speedups(self) -> None:
        """Adjustments that exist only because the container shares this machine.

        - Debian's packages start their service on the default port as they are
          installed, before the roles configure another one; here those ports belong
          to the machine's own PostgreSQL and Redis. A policy-rc.d tells the packages
          not to start anything: the roles start every service themselves anyway.
        - dpkg need not fsync a throwaway root filesystem.
        """
        policy = self.rootfs / "usr/sbin/policy-rc.d"
        policy.write_text("#!/bin/sh\n# TEST ONLY (tests/infra/host_container.py)\nexit 101\n")
        policy.chmod(0o755)
        (self.rootfs / "etc/dpkg/dpkg.cfg.d/test-unsafe-io").write_text("force-unsafe-io\n")

    # --- running -----------------------------------------------------------
    def boot(self, timeout: float = 120) -> None:
        if _port_open(self.ssh_port):
            raise RuntimeError(f"port {self.ssh_port} is already in use on this machine")
        self.boots += 1
        PIP_CACHE.mkdir(parents=True, exist_ok=True)
        log = open(self.workdir / f"console-{self.boots}.log", "wb")
        self.proc = subprocess.Popen(
            ["systemd-nspawn", "-D", str(self.rootfs), "-b", "--register=no", "--keep-unit",
             f"--machine={self.name}", "--resolv-conf=copy-host", "--console=read-only",
             "--timezone=off",  # the host's own time zone (the roles set it), not this machine's
             # pip's cache outlives the container (where the index lets pip cache)
             f"--bind={PIP_CACHE}:/root/.cache/pip"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_until_running(timeout)

    def wait_until_running(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"container exited with {self.proc.returncode}; "
                                   f"see {self.workdir}/console-{self.boots}.log")
            r = self.ssh("systemctl is-system-running --wait", check=False, timeout=60)
            last = (r.stdout + r.stderr).strip()
            if r.stdout.strip() in ("running", "degraded"):
                return
            time.sleep(1)
        raise TimeoutError(f"container did not finish booting: {last}")

    def ssh_base(self) -> list[str]:
        return ["ssh", "-i", str(self.key), "-p", str(self.ssh_port),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5",
                "root@127.0.0.1"]

    def ssh(self, command: str, *, check: bool = True, timeout: float = 300,
            input: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(self.ssh_base() + [command], capture_output=True, text=True,
                              check=check, timeout=timeout, input=input)

    def reboot(self, timeout: float = 120) -> None:
        """Reboot the container's OS.

        Outside a ``systemd-nspawn@`` unit nothing restarts nspawn when the
        container reboots (it exits with 133), so we boot the same root
        filesystem again, the way a machine's firmware would.
        """
        self.ssh("systemctl reboot", check=False, timeout=30)
        assert self.proc is not None
        rc = self.proc.wait(timeout=timeout)
        if rc not in (133, 0):
            raise RuntimeError(f"container exited with {rc} on reboot")
        _wait_port_closed(self.ssh_port, 30)
        self.boot(timeout)

    def poweroff(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.ssh("systemctl poweroff", check=False, timeout=30)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # The container is ours: end nspawn (by its pid) and its session.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, 15)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait()


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _wait_port_closed(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while _port_open(port) and time.monotonic() < deadline:
        time.sleep(0.5)
