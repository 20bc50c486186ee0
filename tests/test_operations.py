"""Health, API docs, migrations, configuration, logs and rate limits."""
import io
import json
import logging
import os
import re
import subprocess
import sys
import time
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


def test_connections_the_server_closed_are_replaced_without_a_failed_request(app, client, database_url):
    """What a PostgreSQL restart does to pooled connections (a FATAL error, then the socket closes),
    done to this test's database only: the next requests still succeed, with no pre-ping."""
    import psycopg
    from sqlalchemy.engine import make_url

    assert not app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping")
    with db.engine.connect() as first, db.engine.connect() as second:  # two pooled connections
        pids = {c.execute(text("SELECT pg_backend_pid()")).scalar() for c in (first, second)}
    db.session.remove()
    with psycopg.connect(make_url(database_url).set(drivername="postgresql").render_as_string(False),
                         autocommit=True) as admin:
        for pid in pids:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (pid,)).fetchone()[0]
        for _ in range(100):
            if not admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)",
                                 (list(pids),)).fetchone()[0]:
                break
            time.sleep(0.05)
    for _ in range(3):
        assert client.get("/api/health").json == {"status": "ok", "db": "ok"}


@pytest.mark.parametrize("method, autocommit", [("GET", True), ("HEAD", True), ("POST", False), ("PUT", False),
                                                ("DELETE", False)])
def test_reads_run_without_a_transaction_and_writes_in_one(app, method, autocommit):
    """No BEGIN/ROLLBACK round trips around a read; writes keep their transactions."""
    with app.test_request_context("/api/posts", method=method):
        assert db.session.connection().connection.dbapi_connection.autocommit is autocommit
        db.session.remove()


def test_shaped_responses_are_checked_against_their_schema(app):
    from portal.posts.schemas import PostPageSchema
    from portal.schemas import shaped_response

    with app.test_request_context("/api/posts"):
        assert shaped_response(PostPageSchema, {"items": [], "next_cursor": None}).json == {
            "items": [], "next_cursor": None}
        with pytest.raises(AssertionError, match="PostPageSchema"):
            shaped_response(PostPageSchema, {"items": [{"id": 1, "secret": "x"}], "next_cursor": None})


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


def test_openapi_links_point_at_real_operations_and_keep_the_response_schema(client):
    """Each link names an operation and parameters that exist; documenting links does not drop
    the response's own body schema (a linked 2xx response still says what it returns)."""
    spec = client.get("/api/openapi.json").json
    linked = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status, response in operation.get("responses", {}).items():
                for name, link in response.get("links", {}).items():
                    linked += 1
                    assert "content" in response, f"{method} {path} {status} lost its body schema"
                    target_path, target_method = link["operationRef"].removeprefix("#/paths/").rsplit("/", 1)
                    target_path = target_path.replace("~1", "/").replace("~0", "~")
                    target = spec["paths"][target_path][target_method]
                    names = {p["name"] for p in target.get("parameters", []) + spec["paths"][target_path].get(
                        "parameters", [])}
                    assert set(link["parameters"]) <= names, f"{method} {path} link {name}"
    assert linked >= 20


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


@pytest.fixture
def scratch_flask(database_url):
    """flask(*args) on an empty scratch database (created here, dropped after); .url is its URL."""
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    scratch = f"portal_scratch_{uuid.uuid4().hex[:8]}"
    admin = make_url(database_url).set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{scratch}"')
    url = make_url(database_url).set(database=scratch).render_as_string(False)
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_ENV": "testing", "FLASK_APP": "wsgi"}

    def flask(*args: str) -> None:
        result = subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr[-2000:]

    flask.url = make_url(url).set(drivername="postgresql").render_as_string(False)
    yield flask
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


def test_migrations_run_on_an_empty_database_and_downgrade(scratch_flask):
    """The full chain upgrades from nothing and downgrades back to nothing (on a scratch database)."""
    for args in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
        scratch_flask(*args)


def test_hosts_migrating_at_once_take_turns(scratch_flask):
    """Several app hosts boot and run `flask db upgrade` together: each succeeds, the schema once."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: scratch_flask("db", "upgrade"), range(3)))
    scratch_flask("db", "check")


def test_the_readpath_migration_fills_excerpts_and_html_of_existing_posts(scratch_flask):
    import psycopg

    from portal.posts.content import excerpt
    from portal.posts.markdown import render

    scratch_flask("db", "upgrade", "0002")
    bodies = ["## 회의 안내\n\n**모두** 참석 <script>x</script> [링크](https://example.com)", "짧은 글", "x " * 400]
    with psycopg.connect(scratch_flask.url) as conn:
        conn.execute("INSERT INTO users (email, name, password_hash, role, is_active, created_at) "
                     "VALUES ('a@portal.test', '가', '!', 'employee', true, now())")
        conn.execute("INSERT INTO boards (name, slug, description, admin_only, archived, position, created_at) "
                     "VALUES ('b', 'b', '', false, false, 0, now())")
        for body in bodies:
            conn.execute("INSERT INTO posts (board_id, author_id, title, body, search_grams, created_at, "
                         "updated_at) VALUES (1, 1, 't', %s, '{}', now(), now())", (body,))
    scratch_flask("db", "upgrade")
    with psycopg.connect(scratch_flask.url) as conn:
        stored = conn.execute("SELECT body, excerpt, body_html FROM posts ORDER BY id").fetchall()
    assert stored == [(body, excerpt(body), render(body)) for body in bodies]
    assert "<script>" not in stored[0][2] and stored[2][1].endswith("…")


def test_the_upload_owner_migration_moves_chat_attachments_onto_their_uploads(scratch_flask):
    """messages.upload_id becomes uploads.message_id (and back on downgrade), for every row."""
    import psycopg

    scratch_flask("db", "upgrade", "0003_readpath")
    with psycopg.connect(scratch_flask.url) as conn:
        conn.execute("INSERT INTO users (email, name, password_hash, role, is_active, created_at) "
                     "VALUES ('a@portal.test', '가', '!', 'employee', true, now())")
        conn.execute("INSERT INTO conversations (kind, name, created_at) VALUES ('room', '방', now())")
        for n in (1, 2, 3):
            conn.execute("INSERT INTO uploads (key, owner_id, filename, content_type, size, created_at) "
                         "VALUES (%s, 1, '회의록.pdf', 'application/pdf', 10, now())", (f"uploads/{n}.pdf",))
        for upload_id in (2, None, 3):
            conn.execute("INSERT INTO messages (conversation_id, author_id, body, client_id, upload_id, created_at) "
                         "VALUES (1, 1, 'x', gen_random_uuid()::text, %s, now())", (upload_id,))
    scratch_flask("db", "upgrade")
    with psycopg.connect(scratch_flask.url) as conn:
        owners = conn.execute("SELECT id, message_id FROM uploads ORDER BY id").fetchall()
        assert owners == [(1, None), (2, 1), (3, 3)]
        conn.execute("INSERT INTO boards (name, slug, description, admin_only, archived, position, created_at) "
                     "VALUES ('b', 'b', '', false, false, 0, now())")
        conn.execute("INSERT INTO posts (board_id, author_id, title, body, excerpt, body_html, search_grams, "
                     "created_at, updated_at) VALUES (1, 1, 't', 'b', 'b', 'b', '{}', now(), now())")
    with psycopg.connect(scratch_flask.url) as conn, pytest.raises(psycopg.errors.CheckViolation):
        conn.execute("UPDATE uploads SET post_id = 1 WHERE id = 2")  # one owner at most
    scratch_flask("db", "downgrade", "0003_readpath")
    with psycopg.connect(scratch_flask.url) as conn:
        assert conn.execute("SELECT id, upload_id FROM messages ORDER BY id").fetchall() == [(1, 2), (2, None), (3, 3)]

def _one_post(conn) -> None:
    """An employee (id 1), a board (id 1) and a post on it (id 1), as the schema is from 0003 on."""
    conn.execute("INSERT INTO users (email, name, password_hash, role, is_active, created_at) "
                 "VALUES ('a@portal.test', '가', '!', 'employee', true, now())")
    conn.execute("INSERT INTO boards (name, slug, description, admin_only, archived, position, created_at) "
                 "VALUES ('b', 'b', '', false, false, 0, now())")
    conn.execute("INSERT INTO posts (board_id, author_id, title, body, excerpt, body_html, search_grams, "
                 "created_at, updated_at) VALUES (1, 1, 't', 'b', 'b', 'b', '{}', now(), now())")


def test_the_comment_html_migration_renders_existing_comments(scratch_flask):
    """Comments written before 0007 get the HTML the posts' renderer makes of them."""
    import psycopg

    from portal.posts.markdown import render

    scratch_flask("db", "upgrade", "0006_notice_window")
    bodies = ["**좋아요** <script>x</script>", "[링크](javascript:alert(1))", "그냥 댓글"]
    with psycopg.connect(scratch_flask.url) as conn:
        _one_post(conn)
        for body in bodies:
            conn.execute("INSERT INTO comments (post_id, author_id, body, created_at) VALUES (1, 1, %s, now())",
                         (body,))
    scratch_flask("db", "upgrade")
    with psycopg.connect(scratch_flask.url) as conn:
        stored = conn.execute("SELECT body_html, edited_at FROM comments ORDER BY id").fetchall()
    assert stored == [(render(body), None) for body in bodies]
    assert "<strong>좋아요</strong>" in stored[0][0] and "<script>" not in stored[0][0]
    assert "<a" not in stored[1][0]  # a javascript: link stays text


def test_notice_windows_must_end_after_they_start_in_the_database(app, admin, board):
    """The window rule holds in the database too, whatever writes the row."""
    import sqlalchemy.exc

    from portal.models import Notice, Post
    from portal.models.types import utcnow

    post = Post(board_id=board.id, author_id=admin.id, title="t", body="b", excerpt="b", body_html="b",
                search_grams=[])
    db.session.add(post)
    db.session.flush()
    now = utcnow()
    db.session.add(Notice(post_id=post.id, scope="site", pinned_by_id=admin.id, starts_at=now, ends_at=now))
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


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
import io
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


# A production environment that starts: random secrets (as `openssl rand -hex 32` makes them) and
# every choice named.
PRODUCTION = {"PORTAL_ENV": "production", "SECRET_KEY": "9f2c4e7a1b8d3f6e0a5c9b2d7e4f1a8c3b6d9e2f5a7c0b4d",
              "JWT_SECRET_KEY": "c71e5a9f3d2b8e6a4c0f7d1b9e3a5c8f2d6b0e4a7c9f1d3b", "STORAGE_BACKEND": "s3",
              "S3_BUCKET": "portal-files", "REDIS_URL": "redis://127.0.0.1:6379/0"}
SSO = {"OIDC_ISSUER": "https://login.microsoftonline.com/0b5f-tenant/v2.0", "OIDC_CLIENT_ID": "portal",
       "OIDC_CLIENT_SECRET": "Qx8~Vb3.Lm0_Rt7-Hy2Zk5Wc9Np4Ds6Fg1Aj8Eu3", "OIDC_ALLOWED_DOMAINS": "example.kr"}


@pytest.mark.parametrize("env, problem", [
    ({"PORTAL_ENV": "production"}, "SECRET_KEY"),
    ({**PRODUCTION, "SECRET_KEY": "change-me"}, "SECRET_KEY"),
    ({**PRODUCTION, "JWT_SECRET_KEY": "short"}, "JWT_SECRET_KEY"),
    ({**PRODUCTION, "SECRET_KEY": "x" * 40}, "SECRET_KEY is not random enough"),
    ({**PRODUCTION, "JWT_SECRET_KEY": "abcd" * 12}, "JWT_SECRET_KEY is not random enough"),
    ({**PRODUCTION, "JWT_SECRET_KEY": "0123456789abcdef" * 4}, "JWT_SECRET_KEY is not random enough"),
    ({**PRODUCTION, "SECRET_KEY": "replace with the output of: openssl rand -hex 32"}, "SECRET_KEY is not random"),
    ({**PRODUCTION, "JWT_SECRET_KEY": PRODUCTION["SECRET_KEY"]}, "must be different"),
    ({k: v for k, v in PRODUCTION.items() if k != "STORAGE_BACKEND"}, "STORAGE_BACKEND must be set"),
    ({k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}, "REDIS_URL must be set"),
    ({"PORTAL_ENV": "staging"}, "PORTAL_ENV"),
    ({"STORAGE_BACKEND": "s3"}, "S3_BUCKET"),
    ({"STORAGE_BACKEND": "ftp"}, "STORAGE_BACKEND"),
    ({"UPLOAD_MAX_BYTES": "lots"}, "UPLOAD_MAX_BYTES"),
    # Single sign-on: a client, the company's domains, a real secret in production, https.
    ({**PRODUCTION, **SSO}, None),
    ({**PRODUCTION, **SSO, "OIDC_CLIENT_SECRET": "change-me"}, "OIDC_CLIENT_SECRET must be set"),
    ({**PRODUCTION, **SSO, "OIDC_CLIENT_SECRET": "secret" * 6}, "OIDC_CLIENT_SECRET is not random"),
    ({**PRODUCTION, **SSO, "OIDC_ISSUER": "http://idp.example.kr"}, "OIDC_ISSUER must be an https"),
    ({**SSO, "OIDC_CLIENT_ID": ""}, "OIDC_CLIENT_ID must be set"),
    ({**SSO, "OIDC_ALLOWED_DOMAINS": " , "}, "OIDC_ALLOWED_DOMAINS"),
    ({"PASSWORD_LOGIN": "false"}, "PASSWORD_LOGIN=false needs single sign-on"),
])
def test_bad_configuration_is_refused(tmp_path, env, problem):
    if problem is None:  # the valid neighbour of the cases around it
        settings_from_env(env, str(tmp_path))
        return
    with pytest.raises(ConfigError, match=problem):
        settings_from_env(env, str(tmp_path))


def test_single_sign_on_settings_are_read_from_the_environment(tmp_path):
    settings = settings_from_env({**SSO, "OIDC_ISSUER": "https://idp.example.kr/realms/corp/",
                                  "OIDC_ALLOWED_DOMAINS": "Example.kr, @corp.example.kr",
                                  "PASSWORD_LOGIN": "off", "OIDC_JIT_CREATE": "yes"}, str(tmp_path))
    assert settings["OIDC_ISSUER"] == "https://idp.example.kr/realms/corp"
    assert settings["OIDC_ALLOWED_DOMAINS"] == ["example.kr", "corp.example.kr"]
    assert settings["PASSWORD_LOGIN"] is False and settings["OIDC_JIT_CREATE"] is True
    plain = settings_from_env({}, str(tmp_path))
    assert plain["OIDC_ISSUER"] == "" and plain["PASSWORD_LOGIN"] is True  # password-only, as before


def test_provider_generated_client_secrets_pass_the_production_check():
    """Shapes of Google's (GOCSPX- and 28 characters) and Entra ID's (40) client secrets."""
    import random

    from portal.config import secret_problem

    rng = random.Random(14)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    for _ in range(2000):
        google = "GOCSPX-" + "".join(rng.choice(alphabet + "-_") for _ in range(28))
        entra = "".join(rng.choice(alphabet + "~.-_") for _ in range(40))
        assert secret_problem("OIDC_CLIENT_SECRET", google) is None, google
        assert secret_problem("OIDC_CLIENT_SECRET", entra) is None, entra


def test_generated_secrets_are_never_refused(tmp_path):
    """`openssl rand -hex 16` (the shortest accepted) and token_urlsafe values, drawn reproducibly."""
    import random

    from portal.config import secret_problem

    rng = random.Random(2026)
    for alphabet, length in (("0123456789abcdef", 32), ("0123456789abcdef", 64),
                             ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 43)):
        for _ in range(2000):
            value = "".join(rng.choice(alphabet) for _ in range(length))
            assert secret_problem("SECRET_KEY", value) is None, value


def test_production_starts_with_real_secrets(tmp_path):
    settings = settings_from_env(PRODUCTION, str(tmp_path))
    assert settings["JWT_COOKIE_SECURE"] is True and settings["TRUSTED_PROXIES"] == 1
    assert list(tmp_path.iterdir()) == []  # no generated development secrets


def test_one_json_log_line_per_request_without_secrets(client, employee):
    from portal.request_log import portal_handler

    handler, written = portal_handler(), io.StringIO()
    previous = handler.setStream(written)
    logging.getLogger("portal.auth").warning("a record, beside the request lines")
    try:
        response = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD},
                               headers={"X-Request-ID": "req-123"})
        token = response.json["access_token"]
        client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}", "X-Request-ID": "bad id"})
    finally:
        handler.setStream(previous)
    lines = written.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    requests = [r for r in records if r.get("event") == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("POST", "/api/auth/login", 200), ("GET", "/api/auth/me", 200)]
    assert requests[0]["request_id"] == "req-123" and requests[1]["user_id"] == employee.id
    assert re.fullmatch(r"[0-9a-f]{32}", requests[1]["request_id"])  # a bad incoming ID is replaced
    assert records[0] == {"level": "warning", "logger": "portal.auth", "message": "a record, beside the request lines"}
    assert all(r["level"] == "info" and r["logger"] == "portal.request" for r in requests)
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


def test_with_redis_down_login_still_works_and_is_still_throttled(migrated_app, database_url, employee):
    """Fail safe: attempts are counted per process while Redis is unreachable (nothing listens
    on port 1), so sign-in neither breaks (500) nor goes unthrottled."""
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0", "LOGIN_LIMIT_PER_ACCOUNT": "3 per minute",
                      "LOGIN_LIMIT_PER_IP": "50 per minute"})
    client = app.test_client()
    assert client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD}).status_code == 200
    for _ in range(2):
        assert client.post("/api/auth/login", json={"email": employee.email, "password": "nope-nope-1"}
                           ).status_code == 401
    assert client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD}).status_code == 429


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


def test_a_limit_for_the_whole_app_still_applies_to_writes(migrated_app, database_url):
    """Writes skip the limiter's per-request hook while no app-wide limit is set (the portal's
    limits sit on their views); once one is configured, every write counts again, reads never."""
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": "memory://", "RATELIMIT_DEFAULT": "2 per minute"})
    client = app.test_client()
    writes = [client.post("/api/auth/logout") for _ in range(3)]
    assert [response.status_code for response in writes] == [401, 401, 429]
    assert writes[1].headers["X-RateLimit-Remaining"] == "0"  # the limiter's after-request hook ran
    reads = [client.get("/api/health") for _ in range(3)]
    assert {response.status_code for response in reads} == {200}
    assert not any("X-RateLimit-Limit" in response.headers for response in reads)


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


def test_hot_statements_leave_their_connections_as_they_found_them(app):
    """database.rows() and transaction_in_one_round_trip() run on a connection kept in autocommit
    (or, while those are busy, one borrowed from the pool in autocommit): each goes back out of any
    transaction even when a statement fails (nothing of a failed transaction is stored), the pool's
    out of autocommit too, a failure is SQLAlchemy's error, and the ORM's next transaction on the
    pool still rolls back."""
    from sqlalchemy import exc, literal_column, select

    from portal import database
    from portal.models import Board

    stored = "INSERT INTO boards (name, slug, description, admin_only, archived, position, created_at) " \
             "VALUES (%(name)s, %(name)s, '', false, false, 0, now()) RETURNING id"

    def use_and_fail(suffix: str) -> None:
        assert database.rows(select(literal_column("1")), {}) == [(1,)]
        with pytest.raises(exc.ProgrammingError):
            database.rows(select(literal_column("no_such_column")), {})
        assert database.transaction_in_one_round_trip([stored], {"name": f"kept-{suffix}"})[0][0][0] > 0
        with pytest.raises(exc.ProgrammingError):
            database.transaction_in_one_round_trip([stored, "SELECT no_such_column"], {"name": f"lost-{suffix}"})

    use_and_fail("kept")
    kept = database._kept[db.engine]
    idle = [pooled.dbapi_connection for pooled in kept.idle]
    assert idle and all(c.autocommit and c.info.transaction_status.name == "IDLE" for c in idle)
    busy = [kept.take(db.engine) for _ in range(kept.size)]
    try:
        assert None not in busy
        assert kept.take(db.engine) is None  # all busy: the pool lends one
        use_and_fail("pooled")
    finally:
        for connection in busy:
            kept.give_back(connection, Exception)
    pooled = [record.dbapi_connection for record in db.engine.pool._pool.queue]
    assert pooled and not any(connection.autocommit for connection in pooled)
    assert all(connection.info.transaction_status.name == "IDLE" for connection in pooled)
    assert sorted(db.session.scalars(select(Board.slug)).all()) == ["kept-kept", "kept-pooled"]
    db.session.add(Board(name="되돌릴 게시판", slug="rolled-back"))
    db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(Board).where(Board.name == "되돌릴 게시판")) is None


def test_hot_statements_keep_their_connections_and_replace_one_the_server_closed(app, database_url):
    """One statement after another on one kept connection (no pool checkout each time); after the
    server closes it (as a restart does), the next statement runs on a new one without failing;
    and an engine's dispose() closes the kept ones."""
    import psycopg
    from sqlalchemy import func, select
    from sqlalchemy.engine import make_url

    from portal import database

    backend = select(func.pg_backend_pid())
    pids = {database.rows(backend, {})[0][0] for _ in range(20)}
    assert len(pids) == 1
    with psycopg.connect(make_url(database_url).set(drivername="postgresql").render_as_string(False),
                         autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", (list(pids)[0],)).fetchone()[0]
        for _ in range(100):
            if not admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)",
                                 (list(pids),)).fetchone()[0]:
                break
            time.sleep(0.05)
    after = {database.rows(backend, {})[0][0] for _ in range(5)}
    assert len(after) == 1 and not after & pids
    kept = [pooled.dbapi_connection for pooled in database._kept[db.engine].idle]
    db.engine.dispose()
    assert kept and all(connection.closed for connection in kept)
    assert database.rows(backend, {})[0][0] not in after


@pytest.mark.parametrize("pool, kept", [({}, 5), ({"pool_size": 10, "max_overflow": 0}, 0),
                                        ({"pool_size": 5, "max_overflow": 2}, 2),
                                        ({"pool_size": 3, "max_overflow": -1}, 3)])
def test_hot_statements_keep_connections_only_from_a_pools_overflow(pool, kept):
    """The API's pool (5 and 10 overflow) lends 5 for keeping and still has 10 for the ORM; the
    chat tier's (a fixed set for its greenlets, no overflow) lends none."""
    from sqlalchemy import create_engine

    from portal.database import _keepable

    assert _keepable(create_engine("postgresql+psycopg://portal@127.0.0.1/portal", **pool).pool) == kept


@pytest.mark.parametrize("env, warned", [
    ({"COOKIE_SECURE": "false"}, "COOKIE_SECURE is off"),
    ({"CORS_ORIGINS": "http://portal.example"}, "plain http://"),
    ({"CORS_ORIGINS": "https://portal.example"}, None),
])
def test_production_says_at_start_up_when_cookies_and_origin_disagree(tmp_path, env, warned):
    from portal.config import start_up_warnings

    warnings = start_up_warnings(settings_from_env({**PRODUCTION, **env}, str(tmp_path)))
    if warned:
        assert any(warned in warning for warning in warnings), warnings
    else:
        assert warnings == []


def test_the_search_migration_gives_existing_comments_and_messages_their_bigrams(scratch_flask):
    """Comments and messages written before 0012 are found by search once it has run."""
    import psycopg

    from portal.bigrams import grams_of

    scratch_flask("db", "upgrade", "0011_reactions")
    with psycopg.connect(scratch_flask.url) as conn:
        _one_post(conn)
        conn.execute("INSERT INTO conversations (kind, name, created_at) VALUES ('room', '방', now())")
        for body in ("주간 회의록", "Quarterly REPORT", ""):
            conn.execute("INSERT INTO comments (post_id, author_id, body, body_html, created_at) "
                         "VALUES (1, 1, %s, '', now())", (body,))
            conn.execute("INSERT INTO messages (conversation_id, author_id, body, client_id, created_at) "
                         "VALUES (1, 1, %s, gen_random_uuid()::text, now())", (body,))
    scratch_flask("db", "upgrade")
    with psycopg.connect(scratch_flask.url) as conn:
        for table in ("comments", "messages"):
            stored = conn.execute(f"SELECT body, search_grams FROM {table} ORDER BY id").fetchall()
            assert stored == [(body, grams_of(body)) for body, _ in stored]
            assert set(stored[0][1]) == {"주간", "간 ", " 회", "회의", "의록"}
    scratch_flask("db", "downgrade", "0011_reactions")
    with psycopg.connect(scratch_flask.url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.columns "
                            "WHERE column_name = 'search_grams' AND table_name IN ('comments', 'messages')"
                            ).fetchone() == (0,)
