"""Running a benchmark of bench/ as its README says (`python bench/<script> … --json FILE`), once,
at a size that proves it works: the bench tests' one way to start one."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import SERVER_URL

ROOT = Path(__file__).resolve().parent.parent


def run_bench(script: str, *args: str, report: Path, timeout: float) -> tuple[subprocess.CompletedProcess, dict]:
    """The finished run (it must exit 0) and the JSON report it wrote to `report`."""
    result = subprocess.run([sys.executable, script, *args, "--json", str(report)], cwd=ROOT,
                            env={**os.environ, "TEST_DATABASE_URL": SERVER_URL}, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, json.loads(report.read_text())
