"""Health, API docs, migrations, configuration, logs and rate limits."""
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from portal import create_app
from portal.config import ConfigError, settings_from_env
from portal.extensions import db
from tests.conftest import PASSWORD, REDIS_URL, TEST_SETTINGS

ROOT = Path(__file__).resolve().parent.parent


def test_health_ok(client):
    assert client.get("/api/health").json == {"status": "ok", "db": "ok"}


def test_health_503_when_the_database_is_unreachable(tmp_path):
    app = create_app({**TEST_SETTINGS,
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=1"})
    response = app.test_client().get("/api/health")
    assert response.status_code == 503 and response.json == {"status": "error", "db": "error"}


def test_openapi_documents_every_endpoint_with_its_errors(client, app):
    spec = client.get("/api/openapi.json").json
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops
                  if method != "parameters"}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api") or rule.endpoint.startswith(("api-docs", "docs_assets", "local_storage")):
            continue
        path = rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method, path) in documented, f"{method} {path} is not in openapi.json"
    error_schema = spec["components"]["schemas"]["Error"]
    assert set(error_schema["properties"]) == {"error"}
    me = spec["paths"]["/api/auth/me"]["get"]["responses"]
    assert "401" in me and "default" in me
    assert "422" in spec["paths"]["/api/posts"]["post"]["responses"]


def test_interactive_docs_are_served_without_a_cdn(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and b"/api/docs/assets/swagger-ui-bundle.js" in page.data
    assert b"cdn" not in page.data.lower()
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_models_and_migrations_agree(migrated_app):
    """Autogenerate against the migrated database finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with migrated_app.app_context(), db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert diff == []


def test_migrations_run_on_an_empty_database_and_downgrade(database_url):
    """The full chain upgrades from nothing and downgrades back to nothing (on a scratch database)."""
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    scratch = f"portal_scratch_{uuid.uuid4().hex[:8]}"
    admin = make_url(database_url).set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = make_url(database_url).set(database=scratch).render_as_string(False)
        env = {**os.environ, "DATABASE_URL": url, "PORTAL_ENV": "testing", "FLASK_APP": "wsgi"}
        for args in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
            result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr[-2000:]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_development_defaults_work_on_sqlite(tmp_path):
    """The README's run path: no configuration, SQLite and local storage in the instance folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PORTAL_", "STORAGE_"))}
    env.update({"FLASK_APP": "wsgi", "PORTAL_INSTANCE_PATH": str(tmp_path)})

    def flask(*args):
        return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    assert flask("db", "upgrade").returncode == 0
    seeded = flask("seed")
    assert seeded.returncode == 0, seeded.stderr
    assert (tmp_path / "portal.sqlite3").exists()
    admin_line = next(line for line in seeded.stdout.splitlines() if line.strip("| ").startswith("admin "))
    _role, email, password = admin_line.strip("| ").split()
    script = f"""
import json
from portal import create_app
client = create_app().test_client()
token = client.post('/api/auth/login', json={{'email': {email!r}, 'password': {password!r}}}).json['access_token']
headers = {{'Authorization': 'Bearer ' + token}}
found = client.get('/api/posts', query_string={{'q': '회의'}}, headers=headers).json['items']
print(json.dumps([p['title'] for p in found], ensure_ascii=False))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["주간회의록 (11월 3주차)"]


@pytest.mark.parametrize("env, problem", [
    ({"PORTAL_ENV": "production"}, "SECRET_KEY"),
    ({"PORTAL_ENV": "production", "SECRET_KEY": "change-me", "JWT_SECRET_KEY": "x" * 40}, "SECRET_KEY"),
    ({"PORTAL_ENV": "production", "SECRET_KEY": "x" * 40, "JWT_SECRET_KEY": "short"}, "JWT_SECRET_KEY"),
    ({"PORTAL_ENV": "staging"}, "PORTAL_ENV"),
    ({"STORAGE_BACKEND": "s3"}, "S3_BUCKET"),
    ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND"),
    ({"UPLOAD_MAX_BYTES": "lots"}, "UPLOAD_MAX_BYTES"),
])
def test_bad_configuration_is_refused(tmp_path, env, problem):
    with pytest.raises(ConfigError, match=problem):
        settings_from_env(env, str(tmp_path))


def test_production_starts_with_real_secrets(tmp_path):
    settings = settings_from_env({"PORTAL_ENV": "production", "SECRET_KEY": "s" * 40, "JWT_SECRET_KEY": "j" * 40},
                                 str(tmp_path))
    assert settings["JWT_COOKIE_SECURE"] is True and settings["TRUSTED_PROXIES"] == 1
    assert list(tmp_path.iterdir()) == []  # no generated development secrets


def test_one_json_log_line_per_request_without_secrets(client, employee):
    from portal.request_log import JsonFormatter

    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(JsonFormatter().format(record))

    handler = Collect()
    logging.getLogger("portal").addHandler(handler)
    try:
        response = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD},
                               headers={"X-Request-ID": "req-123"})
        token = response.json["access_token"]
        client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
    finally:
        logging.getLogger("portal").removeHandler(handler)
    records = [json.loads(line) for line in lines]
    requests = [r for r in records if r.get("event") == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("POST", "/api/auth/login", 200), ("GET", "/api/auth/me", 200)]
    assert requests[0]["request_id"] == "req-123" and requests[1]["user_id"] == employee.id
    assert all(isinstance(r["duration_ms"], float) for r in requests)
    everything = "\n".join(lines)
    assert PASSWORD not in everything and token not in everything


@pytest.fixture
def limited_app(migrated_app, database_url):
    """Rate limits on, shared through the real Redis as in production."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": REDIS_URL, "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
                      "LOGIN_LIMIT_PER_IP": "5 per minute"})
    with app.app_context():
        yield app
    redis.Redis.from_url(REDIS_URL).flushdb()


def test_login_is_throttled_per_account_then_per_ip(limited_app, app, employee, other_employee):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.post("/api/auth/login", json={"email": employee.email, "password": "nope-nope-1"}
                           ).status_code == 401
    blocked = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD})
    assert blocked.status_code == 429 and blocked.json["error"]["code"] == "rate_limited"
    assert int(blocked.headers["Retry-After"]) > 0
    # Another account from the same address still has the per-IP allowance...
    assert client.post("/api/auth/login", json={"email": other_employee.email, "password": PASSWORD}
                       ).status_code == 200
    # ...until that runs out too (5 per minute per IP).
    assert client.post("/api/auth/login", json={"email": other_employee.email, "password": PASSWORD}
                       ).status_code == 429


def test_spa_is_served_with_fallback(tmp_path, database_url):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>포털</title>")
    (dist / "assets" / "app-1234.js").write_text("console.log(1)")
    client = create_app({**TEST_SETTINGS, "FRONTEND_DIST": str(dist),
                         "SQLALCHEMY_DATABASE_URI": database_url}).test_client()
    assert "포털" in client.get("/").get_data(as_text=True)
    assert "포털" in client.get("/boards/1/posts/2").get_data(as_text=True)  # client-side route
    asset = client.get("/assets/app-1234.js")
    assert asset.status_code == 200 and "max-age=31536000" in asset.headers["Cache-Control"]
    assert client.get("/api/unknown").is_json


def test_requests_are_served_in_a_fixed_query_budget(client, employee, login):
    """Auth costs two primary-key reads per request (session + user), not more."""
    headers = login(employee)
    statements = []
    from sqlalchemy import event

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        client.get("/api/auth/me", headers=headers)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 2, statements
    db.session.execute(text("SELECT 1"))
