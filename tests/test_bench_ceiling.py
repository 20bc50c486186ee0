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
                               "--redis-url", REDIS_URL, report=tmp_path / "ceiling.json", timeout=300)
    assert result.stderr.count("same JSON from both apps") == 3
    assert "same message from both apps for a chat send" in result.stderr
    rows = report["rows"]
    assert [row["endpoint"] for row in rows] == ["GET /api/posts", rows[1]["endpoint"], "GET /api/health",
                                                 "POST /api/chat/conversations/<id>/messages"]
    assert rows[1]["endpoint"].startswith("GET /api/posts/")
    for row in rows:
        assert row["portal_rps"] > 0 and row["bare_rps"] > 0 and row["ratio"] > 0
        assert f"| `{row['endpoint']}` |" in result.stdout
    # Each run knows how wrk's 16 connections fell on the two workers (one worker holding all of
    # them is measured again, up to ONE_WORKER_RETRIES times).
    for run in (run for runs in report["runs"].values() for run in runs):
        assert len(run["split"]) == 2 and sum(run["split"]) == 16 and 1 <= run["attempts"] <= 5, run


@pytest.mark.bench
def test_the_ceiling_bench_profiles_the_portal_under_load(tmp_path):
    """--profile: py-spy records the portal's workers under wrk, and the summary names where the
    time went (the view's own module among the functions on the stack)."""
    result, _ = run_bench("bench/ceiling.py", "--posts", "200", "--rounds", "1", "--duration", "2",
                          "--endpoints", "health", "--profile", str(tmp_path / "profile"),
                          "--redis-url", REDIS_URL, report=tmp_path / "ceiling.json", timeout=300)
    assert list((tmp_path / "profile").glob("get-api-health-*.txt")), result.stderr
    assert "py-spy --gil on the portal's workers" in result.stdout
    assert "| where the innermost frame is | share |" in result.stdout
    assert "Health.get (portal/health)" in result.stdout


def test_the_profile_summary_adds_up_collapsed_stacks(tmp_path):
    from bench.profile_summary import summarise

    stacks = tmp_path / "stacks.txt"
    stacks.write_text(
        "run (gunicorn/workers/gthread.py:1);get (/srv/portal/posts/routes.py:3);"
        "execute (/v/lib/python3.11/site-packages/psycopg/cursor.py:9) 3\n"
        "run (gunicorn/workers/gthread.py:1);get (/srv/portal/posts/routes.py:3) 1\n")
    summary = summarise([stacks])
    assert summary.startswith("4 samples")
    assert "| psycopg | 75.0% |" in summary and "| portal/posts | 25.0% |" in summary
    assert "| get (portal/posts) | 100.0% |" in summary
