"""bench/employees/run.py runs once at a tiny size and reports (a benchmark, never a speed assertion).

It seeds a scratch database, issues sessions, starts the portal as production runs it (Nginx in front
of the API and chat gunicorns) and ramps locust's simulated employees through two small steps, each
employee holding a chat socket; the table must name each step and the figure held, each step must
say how many cores each part used and how each request name fared, and --profile must leave py-spy's
stacks of the API and chat workers and their summary.
"""
import pytest

from tests.benches import run_bench
from tests.conftest import REDIS_URL


@pytest.mark.bench
def test_the_employees_bench_runs_and_reports(tmp_path):
    result, report = run_bench(
        "bench/employees/run.py", "--posts", "200", "--steps", "5,10", "--step-seconds", "3", "--wait", "0.5,1",
        "--min-requests", "1", "--p99-ms", "100000", "--max-errors", "1", "--redis-url", REDIS_URL,
        "--profile", str(tmp_path / "profile"), report=tmp_path / "employees.json", timeout=300)
    steps = report["steps"]
    assert [step["employees"] for step in steps] == [5, 10]
    for step in steps:
        assert step["requests"] > 0 and step["errors"] == 0
        assert step["sockets"] == step["employees"]  # every employee's socket is open, through Nginx
        assert f"| {step['employees']:,} |" in result.stdout
        assert set(step["cpu"]) == {"api", "chat", "nginx", "postgres", "redis", "locust"}
        assert step["server_cpu"] == pytest.approx(step["cpu"]["api"] + step["cpu"]["chat"] + step["cpu"]["nginx"])
        by_name = step["requests_by_name"]
        assert sum(stats["count"] for stats in by_name.values()) == step["requests"]
        assert all({"count", "errors", "p50", "p99"} <= set(stats) for stats in by_name.values())
    assert "**Employees held" in result.stdout
    assert "| request | count | p50 | p99 |" in result.stdout
    stacks = list((tmp_path / "profile").glob("*.txt"))  # the last step: one file per API and chat worker
    assert {path.name.split("-")[0] for path in stacks} == {"api", "chat"}
    # At this size a worker may sit idle (py-spy keeps no sample of an idle thread), but not all the API's.
    assert any(path.stat().st_size for path in stacks if path.name.startswith("api-"))
    assert "py-spy of the api workers" in result.stdout and "py-spy of the chat workers" in result.stdout
    assert "| where the innermost frame is | share |" in result.stdout
