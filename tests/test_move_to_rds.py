"""docs/scaling.md's move from one host to the scaled topology, as far as this machine allows.

The one host's database is dumped as the nightly backup dumps it (pg_dump --format=custom)
and restored as the guide says to restore it into RDS: into an empty database owned by a
login role that is not a superuser (RDS's master user is not one), with --no-owner --no-acl,
then `flask db upgrade` (already at head: a no-op). A second database on the same PostgreSQL
server stands in for RDS. The app is then pointed at it, with nothing else changed, and must
serve what the one host served: the same people signing in with their passwords, the same
posts found by search, the same upload keys (the bucket stays where it is), the same chat
history, and new rows numbered after the old ones.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.auth import accounts
from portal.extensions import db
from portal.storage import get_storage
from tests.conftest import PASSWORD, SERVER_URL, TEST_SETTINGS, _admin_url

PDF = b"%PDF-1.4 move test"


def _admin():
    return psycopg.connect(_admin_url(make_url(SERVER_URL).database or "postgres"), autocommit=True)


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as pg_dump and pg_restore take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def databases():
    """(one host's URL, RDS stand-in's URL): two scratch databases, the second owned by its own
    non-superuser role with a password, as an RDS master user; all dropped afterwards."""
    suffix = uuid.uuid4().hex[:10]
    source, target = f"portal_onehost_{suffix}", f"portal_rds_{suffix}"
    role, password = f"rds_{suffix}", uuid.uuid4().hex
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{source}"')
        conn.execute(f"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOCREATEROLE PASSWORD '{password}'")
        conn.execute(f'CREATE DATABASE "{target}" OWNER "{role}" ENCODING \'UTF8\' TEMPLATE template0')
    server = make_url(SERVER_URL)
    urls = (
        server.set(drivername="postgresql+psycopg", database=source).render_as_string(hide_password=False),
        server.set(drivername="postgresql+psycopg", database=target, username=role, password=password)
        .render_as_string(hide_password=False),
    )
    try:
        yield urls
    finally:
        with _admin() as conn:
            for name in (source, target):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{role}"')


def portal_on(url: str, tmp_path, name: str):
    from flask_migrate import upgrade

    os.environ["PORTAL_INSTANCE_PATH"] = str(tmp_path / f"instance-{name}")
    app = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": url,
                      "LOCAL_STORAGE_PATH": str(tmp_path / "uploads")})
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def sign_in(client, email: str) -> dict:
    response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.json
    return {"Authorization": f"Bearer {response.json['access_token']}"}


def fill_one_host(app) -> dict:
    """What a company has on its one host: people, a board, posts with a comment and an
    attachment, a DM with history."""
    from portal.models import Board, Upload

    with app.app_context():
        # Employees of a company that has used the portal a while: past their initial passwords.
        kim = accounts.create_user("kim@company.kr", "김민지", PASSWORD, must_change_password=False)
        lee = accounts.create_user("lee@company.kr", "이준호", PASSWORD, must_change_password=False)
        accounts.create_user("admin@company.kr", "관리자", PASSWORD, role="admin", must_change_password=False)
        board = Board(name="자유게시판", slug="free", description="")
        db.session.add(board)
        key = f"uploads/{uuid.uuid4()}.pdf"
        db.session.add(Upload(key=key, owner_id=kim.id, filename="회의록.pdf", content_type="application/pdf",
                              size=len(PDF)))
        # The browser's PUT, as the local backend stores it (in S3 the object stays in the bucket).
        get_storage().save(key, io.BytesIO(PDF), "application/pdf", len(PDF))
        db.session.commit()
        ids = {"kim": kim.id, "lee": lee.id, "board": board.id, "key": key}
        db.session.remove()

    client = app.test_client()
    kim_headers, lee_headers = sign_in(client, "kim@company.kr"), sign_in(client, "lee@company.kr")
    posts = []
    for title in ("주간 회의록", "분기 실적 보고", "postmortem: 로그인 장애"):
        created = client.post("/api/posts", headers=kim_headers, json={
            "board_id": ids["board"], "title": title, "body": f"{title} 본문",
            "attachment_keys": [ids["key"]] if title == "주간 회의록" else []})
        assert created.status_code == 201, created.json
        posts.append(created.json["id"])
    commented = client.post(f"/api/posts/{posts[0]}/comments", headers=lee_headers, json={"body": "확인했습니다"})
    assert commented.status_code == 201, commented.json
    dm = client.post("/api/chat/dm", headers=kim_headers, json={"user_id": ids["lee"]})
    assert dm.status_code == 200, dm.json
    for index, (headers, body) in enumerate([(kim_headers, "안녕하세요"), (lee_headers, "네, 안녕하세요")]):
        sent = client.post(f"/api/chat/conversations/{dm.json['id']}/messages", headers=headers,
                           json={"body": body, "client_id": f"move-{index}"})
        assert sent.status_code in (200, 201), sent.json
    return {**ids, "posts": posts, "dm": dm.json["id"]}


def row_counts(app) -> dict:
    with app.app_context():
        counts = {table.name: db.session.execute(text(f'SELECT count(*) FROM "{table.name}"')).scalar()
                  for table in db.metadata.sorted_tables}
        db.session.remove()
    return counts


def test_dump_restore_into_a_managed_database_and_the_portal_serves_the_same_data(databases, tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump/pg_restore not found: install postgresql-client", pytrace=False)
    one_host_url, rds_url = databases
    one_host = portal_on(one_host_url, tmp_path, "one-host")
    world = fill_one_host(one_host)
    before = row_counts(one_host)
    with one_host.app_context():
        db.engine.dispose()

    # docs/scaling.md step 3 and 4: dump the one host, restore into RDS.
    dump = tmp_path / "portal.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}",
                    _libpq(one_host_url)], check=True, timeout=120)
    subprocess.run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", f"--dbname={_libpq(rds_url)}",
                    str(dump)], check=True, timeout=120)

    # Step 5: the app, pointed at RDS; `flask db upgrade` finds the schema at head.
    rds = portal_on(rds_url, tmp_path, "rds")
    assert row_counts(rds) == before
    assert before["users"] == 3 and before["posts"] == 3

    client = rds.test_client()
    kim, lee = sign_in(client, "kim@company.kr"), sign_in(client, "lee@company.kr")
    assert client.post("/api/auth/login", json={"email": "kim@company.kr", "password": "wrong-password-1"}
                       ).status_code == 401

    listed = client.get("/api/posts", headers=kim).json["items"]
    assert sorted(post["id"] for post in listed) == sorted(world["posts"])
    found = client.get("/api/posts", headers=lee, query_string={"q": "실적"}).json["items"]
    assert [post["title"] for post in found] == ["분기 실적 보고"]
    post = client.get(f"/api/posts/{world['posts'][0]}", headers=lee).json
    # The upload key is unchanged: the object stays in the same bucket, nothing to copy.
    assert [a["key"] for a in post["attachments"]] == [world["key"]]
    comments = client.get(f"/api/posts/{world['posts'][0]}/comments", headers=kim).json
    assert [c["body"] for c in comments.get("items", comments)] == ["확인했습니다"]

    history = client.get(f"/api/chat/conversations/{world['dm']}/messages", headers=lee).json["items"]
    assert [m["body"] for m in history] == ["안녕하세요", "네, 안녕하세요"]

    # Sequences came along: a new post gets the next id, not one of the old ones.
    created = client.post("/api/posts", headers=kim, json={"board_id": world["board"], "title": "이전 후 첫 글",
                                                            "body": "RDS"})
    assert created.status_code == 201, created.json
    assert created.json["id"] > max(world["posts"])

    # The stand-in is not a superuser's database: the restored objects belong to its login role.
    with rds.app_context():
        owners = db.session.execute(text(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
        assert owners == [make_url(rds_url).username]
        db.engine.dispose()
