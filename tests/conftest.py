"""Shared fixtures: a real PostgreSQL database per test run, migrated with the real migrations.

TEST_DATABASE_URL names the server to use (default: postgresql://postgres@127.0.0.1:5432/postgres);
each run (each xdist worker) creates its own database there and drops it afterwards.
"""
from __future__ import annotations

import contextvars
import os
import uuid

import psycopg
import pytest
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.auth import accounts
from portal.extensions import db

PASSWORD = "correct-horse-battery-9"
SERVER_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

# Fast hashing in tests only; production uses argon2id's defaults (see config.py).
TEST_SETTINGS = {
    "PORTAL_ENV": "testing",
    "TESTING": True,
    "PASSWORD_HASH_TIME_COST": 1,
    "PASSWORD_HASH_MEMORY_KIB": 64,
    "RATELIMIT_ENABLED": False,
}


def _admin_url(database: str) -> str:
    url = make_url(SERVER_URL).set(drivername="postgresql", database=database)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_url():
    """A fresh, migrated PostgreSQL database for this test run; dropped at the end."""
    name = f"portal_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin_url(make_url(SERVER_URL).database or "postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(SERVER_URL).set(drivername="postgresql+psycopg", database=name)
    yield url.render_as_string(hide_password=False)
    with psycopg.connect(_admin_url(make_url(SERVER_URL).database or "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_app(database_url, tmp_path_factory):
    from flask_migrate import upgrade

    os.environ["PORTAL_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        upgrade()
    return app


@pytest.fixture
def app(migrated_app):
    """The app with empty tables (the schema stays)."""
    with migrated_app.app_context():
        tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()
    with migrated_app.app_context():
        yield migrated_app
        db.session.remove()


class RequestClient(FlaskClient):
    """A test client whose every request runs as under gunicorn: in an app context of its own
    (its own `g` and ORM session), not in the test's. Flask would otherwise reuse the test's app
    context, so every request of a test shared one ORM session and one `g`, and a request could
    see what an earlier one left there (a 500 hid that way once)."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = RequestClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """make_user(name="김민지", role="employee") -> User, password PASSWORD, past its first sign-in
    (no initial password to change; initial=True for an account as an admin just made it);
    department=, title=, phone= fill its profile."""
    counter = iter(range(1, 10_000))

    def make(name: str = "김민지", role: str = "employee", email: str | None = None,
             password: str = PASSWORD, initial: bool = False, phone: str | None = None, **assigned):
        email = email or f"user{next(counter)}-{uuid.uuid4().hex[:6]}@portal.test"
        user = accounts.create_user(email, name, password, role=role, must_change_password=initial, **assigned)
        if phone:
            user.phone = phone
            db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """login(user) -> headers with a fresh Bearer access token for that user."""

    def do_login(user, password: str = PASSWORD) -> dict:
        response = client.post("/api/auth/login", json={"email": user.email, "password": password})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['access_token']}"}

    return do_login


@pytest.fixture
def employee(make_user):
    return make_user("김민지")


@pytest.fixture
def other_employee(make_user):
    return make_user("이준호")


@pytest.fixture
def admin(make_user):
    return make_user("관리자", role="admin")


@pytest.fixture
def board(app):
    from portal.models import Board

    board = Board(name="자유게시판", slug="free", description="")
    db.session.add(board)
    db.session.commit()
    return board


@pytest.fixture
def notice_board(app):
    from portal.models import Board

    board = Board(name="공지사항", slug="notice", description="", admin_only=True)
    db.session.add(board)
    db.session.commit()
    return board


# -- real HTTP and a real S3-compatible server ---------------------------------------------
@pytest.fixture(scope="session")
def s3rver(tmp_path_factory):
    from tests.servers import S3RVER_KEY, S3rver

    # boto3 reads credentials from the environment, as on a server with keys (not an instance role).
    os.environ["AWS_ACCESS_KEY_ID"] = S3RVER_KEY
    os.environ["AWS_SECRET_ACCESS_KEY"] = S3RVER_KEY
    with S3rver(tmp_path_factory.mktemp("s3rver"), "portal-test") as server:
        yield server


@pytest.fixture(scope="session")
def s3_app(migrated_app, database_url, s3rver):
    return create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "STORAGE_BACKEND": "s3",
                       "S3_BUCKET": s3rver.bucket, "S3_ENDPOINT_URL": s3rver.url, "S3_REGION": "us-east-1"})


@pytest.fixture(params=["local", "s3"])
def storage_app(request, app):
    """The app with each storage backend: `local` (the portal signs URLs) and `s3` (s3rver)."""
    if request.param == "local":
        yield app
        return
    s3_app = request.getfixturevalue("s3_app")
    with s3_app.app_context():
        yield s3_app
        db.session.remove()


@pytest.fixture
def live_server(storage_app):
    """storage_app served over real HTTP; yields its base URL."""
    from tests.servers import LiveServer

    with LiveServer(storage_app) as server:
        yield server.url


@pytest.fixture
def world(client, employee, other_employee, admin, login, board):
    """A post (pinned as a notice that needs confirming), a comment and an upload, all the owner's."""
    owner = login(employee)
    created = client.post("/api/posts", json={"board_id": board.id, "title": "글", "body": "본문"}, headers=owner)
    assert created.status_code == 201, created.json
    post = created.json
    commented = client.post(f"/api/posts/{post['id']}/comments", json={"body": "댓글"}, headers=owner)
    assert commented.status_code == 201, commented.json
    comment = commented.json
    from portal.models import Notice, Notification, Upload

    notice = Notice(post_id=post["id"], scope="site", requires_ack=True, pinned_by_id=admin.id)
    db.session.add(notice)
    notification = Notification(recipient_id=employee.id, kind="comment", actor_id=other_employee.id,
                                post_id=post["id"], excerpt="댓글")
    db.session.add(notification)
    db.session.add(Upload(key="uploads/owned.pdf", owner_id=employee.id, filename="a.pdf",
                          content_type="application/pdf", size=3))
    db.session.commit()
    ids = {"post": post["id"], "comment": comment["id"], "notice": notice.id, "key": "uploads/owned.pdf",
           "user": employee.id, "board": board.id, "notification": notification.id}
    headers = {"anonymous": {}, "owner": owner, "other": login(other_employee), "admin": login(admin)}
    return ids, headers


# -- a real OpenID Connect provider (single sign-on) -----------------------------------------
SSO_CALLBACK = "http://localhost/api/auth/sso/callback"  # the test client's host
SSO_DOMAIN = "portal.test"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    from tests.servers import OidcProvider

    with OidcProvider(tmp_path_factory.mktemp("oidc"), [SSO_CALLBACK]) as provider:
        yield provider


@pytest.fixture
def sso_app(app, oidc_provider):
    """The app with single sign-on at the loopback provider; settings and the provider restored after."""
    settings = {"OIDC_ISSUER": oidc_provider.url, "OIDC_CLIENT_ID": oidc_provider.client_id,
                "OIDC_CLIENT_SECRET": oidc_provider.client_secret, "OIDC_ALLOWED_DOMAINS": [SSO_DOMAIN],
                "OIDC_JIT_CREATE": False, "OIDC_ADMIN_GROUP": "", "PASSWORD_LOGIN": True}
    saved = {name: app.config[name] for name in settings}
    app.config.update(settings)
    oidc_provider.misbehave()
    yield app
    app.config.update(saved)
    oidc_provider.misbehave()
