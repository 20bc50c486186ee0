"""Running the portal's playbooks from tests, the way an operator runs them."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ANSIBLE_DIR = REPO / "ansible"
LOCAL_VAULT_PASSWORD = "portal-local-test-only"  # published: it guards test-only secrets


def tool(name: str) -> str | None:
    """A command from the running interpreter's environment first, then PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


@dataclass
class PlayResult:
    returncode: int
    output: str
    log: Path

    def recap(self) -> dict[str, dict[str, int]]:
        """The PLAY RECAP counters per host, e.g. {"portal-e2e": {"ok": 40, "changed": 0, ...}}."""
        hosts = {}
        section = self.output.split("PLAY RECAP", 1)[-1].split("\n\n", 1)[0]
        for line in section.splitlines():
            match = re.match(r"^(\S+)\s+:\s+(ok=.*)$", line.strip())
            if match:
                hosts[match[1]] = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", match[2])}
        return hosts

    def changed_tasks(self) -> list[str]:
        """Names of the tasks that reported a change (for a readable idempotence failure)."""
        names, task = [], None
        for line in self.output.splitlines():
            if line.startswith(("TASK [", "RUNNING HANDLER [")):
                task = line
            elif line.startswith("changed:") and task:
                names.append(task)
        return names

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.output.splitlines()[-lines:])


def run_playbook(playbook: str, *, inventory: str, workdir: Path, private_key: Path,
                 extra_vars_file: Path, vault_password_file: Path, label: str,
                 extra_args: list[str] | None = None, timeout: float = 900) -> PlayResult:
    """Run `ansible-playbook` from ansible/ and keep its output in workdir/<label>.log."""
    binary = tool("ansible-playbook")
    if binary is None:
        raise RuntimeError("ansible-playbook not found: pip install -r requirements-dev.txt")
    env = dict(os.environ,
               ANSIBLE_HOST_KEY_CHECKING="False",
               ANSIBLE_FORCE_COLOR="0",
               ANSIBLE_NOCOLOR="1",
               ANSIBLE_CALLBACKS_ENABLED="ansible.posix.profile_tasks",
               ANSIBLE_SSH_CONTROL_PATH_DIR=str(workdir / "cp"),
               ANSIBLE_LOCAL_TEMP=str(workdir / "ansible-tmp"),
               PYTHONWARNINGS="ignore")
    cmd = [binary, "-i", inventory, playbook, "--private-key", str(private_key),
           "-e", f"@{extra_vars_file}", "--vault-password-file", str(vault_password_file),
           *(extra_args or [])]
    log = workdir / f"{label}.log"
    with open(log, "w") as out:  # written as it runs: `tail -f` it to watch
        proc = subprocess.run(cmd, cwd=ANSIBLE_DIR, env=env, stdin=subprocess.DEVNULL,
                              stdout=out, stderr=subprocess.STDOUT, text=True, timeout=timeout)
    output = log.read_text()
    return PlayResult(proc.returncode, output, log)


def run_tool(args: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a linter (or ansible-playbook --syntax-check) from ansible/."""
    binary = tool(args[0])
    if binary is None:
        raise RuntimeError(f"{args[0]} not found: pip install -r requirements-dev.txt")
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", NO_COLOR="1", PYTHONWARNINGS="ignore")
    return subprocess.run([binary, *args[1:]], cwd=ANSIBLE_DIR, env=env, text=True,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)


def build_release(out: Path, log) -> dict:
    """Build a release tarball with ansible/scripts/build-release.sh into `out`.

    The SPA is the one the frontend build left in frontend/dist when there is one
    (CI builds it before the infra tests); otherwise the script builds it.
    """
    env = dict(os.environ, PORTAL_RELEASE_OUT=str(out))
    dist = REPO / "frontend" / "dist"
    if "PORTAL_SPA_DIST" not in env and (dist / "index.html").exists():
        env["PORTAL_SPA_DIST"] = str(dist)
    log(f"building the release (SPA from {env.get('PORTAL_SPA_DIST', 'npm run build')})")
    subprocess.run([str(ANSIBLE_DIR / "scripts" / "build-release.sh")], cwd=REPO, env=env,
                   check=True, stdin=subprocess.DEVNULL)
    return json.loads((out / "release.json").read_text())
