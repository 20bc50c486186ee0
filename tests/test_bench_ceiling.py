"""bench/ceiling.py runs once at a tiny size and reports (a benchmark, never a speed assertion).

It seeds a scratch database, checks that the portal and the bare app answer the measured requests
with identical JSON, loads each with wrk, and prints the Markdown table for the README.
"""
import pytest

from tests.benches import run_bench
from tests.conftest import REDIS_URL


@pytest.mark.bench
def test_the_ceiling_bench_runs_and_reports(tmp_path):
    result, report = run_bench("bench/ceiling.py", "--posts", "200", "--rounds", "1", "--duration", "1",
                               "--redis-url", REDIS_URL, report=tmp_path / "ceiling.json", timeout=120)
    assert result.stderr.count("same JSON from both apps") == 3
    assert "same message from both apps for a chat send" in result.stderr
    rows = report["rows"]
    assert [row["endpoint"] for row in rows] == ["GET /api/posts", rows[1]["endpoint"], "GET /api/health",
                                                 "POST /api/chat/conversations/<id>/messages"]
    assert rows[1]["endpoint"].startswith("GET /api/posts/")
    for row in rows:
        assert row["portal_rps"] > 0 and row["bare_rps"] > 0 and row["ratio"] > 0
        assert f"| `{row['endpoint']}` |" in result.stdout
