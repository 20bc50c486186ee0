"""Property-based fuzzing from the OpenAPI document with schemathesis, over real HTTP, signed in
as an employee and as an admin: whatever arrives at any documented endpoint, the portal never
answers with a server error, and every answer matches the document (schema and status).

PORTAL_FUZZ_EXAMPLES sets the examples per operation (CI's default fits in about five minutes on
the project's 2-core machine; `make fuzz` runs many more). Stateful links are followed where the
document has them.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.servers import LiveServer

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
EXAMPLES = os.environ.get("PORTAL_FUZZ_EXAMPLES", "60")
# Refresh-cookie endpoints (no cookie here) and password changes (they end the fuzzer's session):
# each is tested directly in test_auth.py / test_admin.py.
EXCLUDED = "^/api/auth/(logout|refresh|password)$|/password$"


@pytest.mark.parametrize("role", ["employee", "admin"])
def test_no_server_errors_and_answers_match_the_document(app, admin, employee, board, client, role):
    user = admin if role == "admin" else employee
    token = client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD}).json["access_token"]
    with LiveServer(app) as server:
        result = subprocess.run(
            [str(SCHEMATHESIS), "run", f"{server.url}/api/openapi.json",
             "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
             "-H", f"Authorization: Bearer {token}", "--max-examples", EXAMPLES, "--seed", "2026",
             "--workers", "1", "--exclude-path-regex", EXCLUDED],
            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
