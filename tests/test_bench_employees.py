"""bench/employees/run.py runs once at a tiny size and reports (a benchmark, never a speed assertion).

It seeds a scratch database, issues sessions, starts the portal as production runs it (Nginx in front
of the API and chat gunicorns) and ramps locust's simulated employees through two small steps, each
employee holding a chat socket; the table must name each step and the figure held.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REDIS_URL, SERVER_URL

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.bench
def test_the_employees_bench_runs_and_reports(tmp_path):
    out = tmp_path / "employees.json"
    result = subprocess.run(
        [sys.executable, "bench/employees/run.py", "--posts", "200", "--steps", "5,10", "--step-seconds", "3",
         "--wait", "0.5,1", "--min-requests", "1", "--p99-ms", "100000", "--max-errors", "1",
         "--redis-url", REDIS_URL, "--json", str(out)],
        cwd=ROOT, env={**os.environ, "TEST_DATABASE_URL": SERVER_URL}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    steps = json.loads(out.read_text())["steps"]
    assert [step["employees"] for step in steps] == [5, 10]
    for step in steps:
        assert step["requests"] > 0 and step["errors"] == 0
        assert step["sockets"] == step["employees"]  # every employee's socket is open, through Nginx
        assert f"| {step['employees']:,} |" in result.stdout
    assert "**Employees held" in result.stdout
