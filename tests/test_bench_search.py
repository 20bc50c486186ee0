"""The search and backup/restore benchmarks run once at a tiny size and report (never a speed)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def run_bench(*args: str) -> str:
    result = subprocess.run([sys.executable, *args], cwd=ROOT, env=os.environ.copy(), capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_search_bench_runs_and_reports(tmp_path):
    import json

    out = run_bench(str(BENCH / "search.py"), "--posts", "2000", "--repeat", "3", "--baseline-repeat", "2",
                    "--json", str(tmp_path / "search.json"))
    sys.path.insert(0, str(BENCH))
    try:
        from search import QUERIES
    finally:
        sys.path.remove(str(BENCH))
    for _, term in QUERIES:
        assert f"`{term}`" in out
    results = json.loads((tmp_path / "search.json").read_text())["results"]
    assert [r["term"] for r in results] == [term for _, term in QUERIES]
    for r in results:
        assert r["portal"]["samples"] == 3 and r["baseline"]["samples"] == 2
        assert r["plans"], r["term"]  # the plan of each search statement is reported
    assert "Load average" in out


def test_backup_restore_bench_runs_and_reports():
    out = run_bench(str(BENCH / "backup_restore.py"), "--posts", "2000")
    assert "| playbook |" in out and "| jobs |" in out
    assert "dump" in out and "Load average" in out


def test_backup_bench_times_the_production_commands():
    """bench/backup_restore.py times what the backup role runs: its commands must be the role's."""
    sys.path.insert(0, str(BENCH))
    try:
        from backup_restore import DUMP_COMMAND, RESTORE_FLAGS, TEMPLATES
    finally:
        sys.path.remove(str(BENCH))
    backup = (TEMPLATES / "portal-backup.j2").read_text()
    restore = (TEMPLATES / "portal-restore.j2").read_text()
    assert " ".join(DUMP_COMMAND) in backup
    assert "TEMPLATE template0" in restore and "pg_restore" in restore
    for flag in RESTORE_FLAGS:
        assert flag in restore, flag
