"""bench/employees/run.py runs once at a tiny size and reports (a benchmark, never a speed assertion).

It seeds a scratch database, issues sessions, starts the portal as production runs it (Nginx in front
of the API and chat gunicorns) and ramps locust's simulated employees through two small steps, each
employee holding a chat socket; the table must name each step and the figure held.
"""
import pytest

from tests.benches import run_bench
from tests.conftest import REDIS_URL


@pytest.mark.bench
def test_the_employees_bench_runs_and_reports(tmp_path):
    result, report = run_bench(
        "bench/employees/run.py", "--posts", "200", "--steps", "5,10", "--step-seconds", "3", "--wait", "0.5,1",
        "--min-requests", "1", "--p99-ms", "100000", "--max-errors", "1", "--redis-url", REDIS_URL,
        report=tmp_path / "employees.json", timeout=300)
    steps = report["steps"]
    assert [step["employees"] for step in steps] == [5, 10]
    for step in steps:
        assert step["requests"] > 0 and step["errors"] == 0
        assert step["sockets"] == step["employees"]  # every employee's socket is open, through Nginx
        assert f"| {step['employees']:,} |" in result.stdout
    assert "**Employees held" in result.stdout
