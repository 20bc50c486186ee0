"""Signing in, refresh rotation, logout, password change and deactivation."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.auth.sessions import REFRESH_GRACE
from portal.extensions import db
from portal.models import AuthSession
from tests.conftest import PASSWORD


def refresh(client):
    csrf = client.get_cookie("csrf_refresh_token", path="/")
    headers = {"X-CSRF-TOKEN": csrf.value} if csrf else {}
    return client.post("/api/auth/refresh", headers=headers)


def test_login_returns_token_and_sets_strict_httponly_refresh_cookie(client, employee):
    response = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json["user"] == {"id": employee.id, "email": employee.email, "name": "김민지",
                                     "role": "employee", "password_change_required": False}
    assert response.json["access_token"]
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("refresh_token_cookie="))
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/api/auth" in cookie


def test_the_refresh_cookies_last_as_long_as_the_refresh_token(app, client, employee):
    response = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD})
    lifetime = int(app.config["JWT_REFRESH_TOKEN_EXPIRES"].total_seconds())
    for name in ("refresh_token_cookie=", "csrf_refresh_token="):
        cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(name))
        assert f"Max-Age={lifetime}" in cookie, cookie


def test_email_is_case_insensitive(client, employee):
    response = client.post("/api/auth/login", json={"email": employee.email.upper(), "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.parametrize("email_kind", ["unknown", "known"])
def test_wrong_credentials_get_the_same_401(client, employee, email_kind):
    email = employee.email if email_kind == "known" else "nobody@portal.test"
    response = client.post("/api/auth/login", json={"email": email, "password": "wrong-password-1"})
    assert response.status_code == 401
    assert response.json == {"error": {"code": "bad_credentials",
                                       "message": "The email or password is incorrect."}}


def test_me_requires_a_token(client):
    response = client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_me(client, employee, login):
    assert client.get("/api/auth/me", headers=login(employee)).json["email"] == employee.email


def _refresh_cookies(client) -> tuple[str, str]:
    return (client.get_cookie("refresh_token_cookie", path="/api/auth").value,
            client.get_cookie("csrf_refresh_token", path="/").value)


def _present(client, cookies: tuple[str, str]):
    """Refresh with an earlier pair of refresh cookies, as a replaying browser (or thief) would."""
    client.set_cookie("refresh_token_cookie", cookies[0], path="/api/auth")
    client.set_cookie("csrf_refresh_token", cookies[1], path="/")
    return refresh(client)


def _assert_session_ended(client, replay, *headers):
    assert replay.status_code == 401
    assert replay.json["error"]["code"] == "session_revoked"
    for each in headers:
        assert client.get("/api/auth/me", headers=each).status_code == 401


def test_refresh_rotates_and_a_reused_token_ends_the_session(client, employee, login):
    headers = login(employee)
    first_cookies = _refresh_cookies(client)
    first = refresh(client)
    assert first.status_code == 200 and first.json["access_token"]
    assert _refresh_cookies(client)[0] != first_cookies[0]
    second = refresh(client)
    assert second.status_code == 200
    # Replaying a token two rotations old (e.g. stolen) is refused and revokes the session, so the
    # newest token and the access tokens of the session stop working too.
    _assert_session_ended(client, _present(client, first_cookies), headers,
                          {"Authorization": f"Bearer {second.json['access_token']}"})


def test_the_token_a_rotation_replaced_rotates_once_more_within_the_grace(client, employee, login):
    """A reload that aborts a refresh loses the new cookie the server already rotated to: the
    browser presents the replaced one again. Within REFRESH_GRACE that rotates (once): the user
    stays signed in."""
    login(employee)
    replaced = _refresh_cookies(client)
    assert refresh(client).status_code == 200  # its response is lost
    again = _present(client, replaced)
    assert again.status_code == 200, again.json
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {again.json['access_token']}"}
                      ).json["email"] == employee.email
    assert refresh(client).status_code == 200  # the cookie it set goes on rotating
    # The replaced token was good for that one lost response, not for another replay.
    _assert_session_ended(client, _present(client, replaced))


def test_the_token_a_rotation_replaced_ends_the_session_after_the_grace(app, client, employee, login):
    headers = login(employee)
    replaced = _refresh_cookies(client)
    assert refresh(client).status_code == 200
    with app.app_context():
        session = db.session.scalars(select(AuthSession).where(AuthSession.user_id == employee.id)).one()
        session.last_used_at -= REFRESH_GRACE + timedelta(seconds=1)
        db.session.commit()
    _assert_session_ended(client, _present(client, replaced), headers)


def test_refresh_needs_the_csrf_header(client, employee, login):
    login(employee)
    response = client.post("/api/auth/refresh")
    assert response.status_code == 401
    assert response.json["error"]["code"] == "csrf_failed"


def test_logout_revokes_the_session(client, employee, login):
    headers = login(employee)
    csrf = client.get_cookie("csrf_refresh_token", path="/").value
    assert client.post("/api/auth/logout", headers={"X-CSRF-TOKEN": csrf}).status_code == 204
    assert client.get("/api/auth/me", headers=headers).json["error"]["code"] == "session_revoked"
    assert refresh(client).status_code == 401


def test_deactivated_user_loses_access_on_next_request(client, employee, admin, login):
    headers, admin_headers = login(employee), login(admin)
    assert client.get("/api/posts", headers=headers).status_code == 200
    response = client.patch(f"/api/admin/users/{employee.id}", json={"is_active": False},
                            headers=admin_headers)
    assert response.status_code == 200 and response.json["is_active"] is False
    assert client.get("/api/posts", headers=headers).status_code == 401
    login_again = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD})
    assert login_again.status_code == 401


def _log_out(client, employee, admin, login):
    csrf = client.get_cookie("csrf_refresh_token", path="/").value
    assert client.post("/api/auth/logout", headers={"X-CSRF-TOKEN": csrf}).status_code == 204


def _change_password_elsewhere(client, employee, admin, login):
    other_device = login(employee)
    assert client.put("/api/auth/password", json={"current_password": PASSWORD, "new_password": "다른-기기-비밀번호-1"},
                      headers=other_device).status_code == 204


def _deactivate(client, employee, admin, login):
    assert client.patch(f"/api/admin/users/{employee.id}", json={"is_active": False},
                        headers=login(admin)).status_code == 200


# Reads check the session on a connection of their own, writes before their transaction
# (portal.database.rows): both must still see the end of a session on the very next request.
@pytest.mark.parametrize("end_session", [_log_out, _change_password_elsewhere, _deactivate],
                         ids=["logout", "password change", "deactivation"])
@pytest.mark.parametrize("method, path, body", [
    ("get", "/api/posts", None), ("get", "/api/posts/1", None), ("get", "/api/auth/me", None),
    ("post", "/api/chat/rooms", {"name": "회의", "member_ids": []}),
    ("post", "/api/chat/conversations/1/messages", {"body": "안녕하세요", "client_id": "after-the-end"}),
], ids=["posts", "post", "me", "new room", "chat send"])
def test_a_session_ends_on_the_next_read_and_write(client, employee, admin, login, end_session, method, path,
                                                    body):
    headers = login(employee)
    assert client.get("/api/auth/me", headers=headers).status_code == 200
    end_session(client, employee, admin, login)
    response = getattr(client, method)(path, json=body, headers=headers)
    assert response.status_code == 401, response.json
    assert response.json["error"]["code"] in ("session_revoked", "unauthorized")


def test_change_password_and_policy(client, employee, login):
    headers = login(employee)
    for new, problem in [("short", "at least 10"), ("x" * 129, "at most 128"), ("qwertyuiop", "too common")]:
        response = client.put("/api/auth/password", json={"current_password": PASSWORD, "new_password": new},
                              headers=headers)
        assert response.status_code == 422, new
        assert problem in response.json["error"]["fields"]["new_password"][0]
    wrong = client.put("/api/auth/password", json={"current_password": "nope-nope-nope", "new_password":
                                                   "새로운-비밀번호-2026"}, headers=headers)
    assert wrong.status_code == 422 and "current_password" in wrong.json["error"]["fields"]
    ok = client.put("/api/auth/password", json={"current_password": PASSWORD, "new_password": "새로운-비밀번호-2026"},
                    headers=headers)
    assert ok.status_code == 204
    assert client.get("/api/auth/me", headers=headers).status_code == 200  # this session stays
    assert client.post("/api/auth/login", json={"email": employee.email, "password": "새로운-비밀번호-2026"}
                       ).status_code == 200


def test_expired_and_forged_tokens(app, client, employee, login):
    from datetime import timedelta

    from flask_jwt_extended import create_access_token

    headers = login(employee)
    token = headers["Authorization"].split()[1]
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get("/api/auth/me", headers={"Authorization": f"Bearer {forged}"}).json["error"]["code"] \
        == "invalid_token"
    expired = create_access_token(identity=str(employee.id), expires_delta=timedelta(seconds=-1),
                                  additional_claims={"sid": "x"})
    response = client.get("/api/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401 and response.json["error"]["code"] == "token_expired"
    assert client.get("/api/auth/me", headers={"Authorization": "Bearer not.a.jwt"}).status_code == 401


# -- initial passwords (초기 비밀번호): an admin set it, the employee changes it first --------------
def test_an_account_an_admin_creates_changes_its_password_at_the_first_sign_in(client, admin, login):
    created = client.post("/api/admin/users", headers=login(admin), json={
        "email": "hana.park@portal.test", "name": "박하나", "password": "관리자가-정한-비밀번호-1"})
    assert created.status_code == 201 and created.json["must_change_password"] is True
    signed_in = client.post("/api/auth/login", json={"email": "hana.park@portal.test",
                                                     "password": "관리자가-정한-비밀번호-1"})
    assert signed_in.status_code == 200 and signed_in.json["user"]["password_change_required"] is True
    headers = {"Authorization": f"Bearer {signed_in.json['access_token']}"}

    refused = client.get("/api/posts", headers=headers)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "password_change_required"
    assert client.get("/api/auth/me", headers=headers).json["password_change_required"] is True
    same = client.put("/api/auth/password", headers=headers, json={
        "current_password": "관리자가-정한-비밀번호-1", "new_password": "관리자가-정한-비밀번호-1"})
    assert same.status_code == 422
    assert same.json["error"]["field_codes"]["new_password"] == [{"code": "same_as_current", "params": {}}]

    changed = client.put("/api/auth/password", headers=headers, json={
        "current_password": "관리자가-정한-비밀번호-1", "new_password": "하나만-아는-비밀번호-2"})
    assert changed.status_code == 204
    assert client.get("/api/posts", headers=headers).status_code == 200  # this session, at once
    assert client.get("/api/auth/me", headers=headers).json["password_change_required"] is False
    again = client.post("/api/auth/login", json={"email": "hana.park@portal.test",
                                                  "password": "하나만-아는-비밀번호-2"})
    assert again.json["user"]["password_change_required"] is False
    users = client.get("/api/admin/users", query_string={"q": "hana.park"}, headers=login(admin)).json["items"]
    assert users[0]["must_change_password"] is False


def test_a_password_an_admin_resets_is_an_initial_one_again(client, admin, employee, login):
    assert client.put(f"/api/admin/users/{employee.id}/password", json={"password": "새-임시-비밀번호-77"},
                      headers=login(admin)).status_code == 204
    signed_in = client.post("/api/auth/login", json={"email": employee.email, "password": "새-임시-비밀번호-77"})
    assert signed_in.json["user"]["password_change_required"] is True
    headers = {"Authorization": f"Bearer {signed_in.json['access_token']}"}
    assert client.get("/api/people", headers=headers).json["error"]["code"] == "password_change_required"


def test_refresh_reports_the_initial_password_and_sign_out_stays_open(client, make_user):
    newcomer = make_user("신입", initial=True)
    client.post("/api/auth/login", json={"email": newcomer.email, "password": PASSWORD})
    refreshed = refresh(client)
    assert refreshed.status_code == 200 and refreshed.json["user"]["password_change_required"] is True
    csrf = client.get_cookie("csrf_refresh_token", path="/")
    assert client.post("/api/auth/logout", headers={"X-CSRF-TOKEN": csrf.value}).status_code == 204


def test_flask_create_user_and_set_password_give_initial_passwords(runner, client, employee):
    assert runner.invoke(args=["create-user", "new@portal.test", "--name", "신입", "--password-stdin"],
                         input="초기-비밀번호-2026\n").exit_code == 0
    assert runner.invoke(args=["set-password", employee.email, "--password-stdin"],
                         input="초기-비밀번호-2027\n").exit_code == 0
    for email, password in (("new@portal.test", "초기-비밀번호-2026"), (employee.email, "초기-비밀번호-2027")):
        signed_in = client.post("/api/auth/login", json={"email": email, "password": password})
        assert signed_in.json["user"]["password_change_required"] is True


def test_the_seeded_sample_logins_need_no_change(runner, client):
    from tests.test_cli import _logins

    for email, (_role, password) in _logins(runner.invoke(args=["seed"]).output).items():
        signed_in = client.post("/api/auth/login", json={"email": email, "password": password})
        assert signed_in.json["user"]["password_change_required"] is False
        headers = {"Authorization": f"Bearer {signed_in.json['access_token']}"}
        assert client.get("/api/posts", headers=headers).status_code == 200


def test_the_signed_in_user_joins_the_session_a_write_opens_later(client, admin, employee, notice_board):
    # The client runs each request in an app context of its own (tests/conftest.py), as gunicorn does.

    def sign_in(user, password=PASSWORD):
        response = client.post("/api/auth/login", json={"email": user.email, "password": password})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['access_token']}"}

    admin_headers = sign_in(admin)
    post = client.post("/api/posts", json={"board_id": notice_board.id, "title": "공지", "body": "필독"},
                       headers=admin_headers)
    assert post.status_code == 201, post.json
    # Two sign-in checks (admin_only inside a signed-in view), each making the user, before the
    # service opens the session: one user in it, not two.
    pinned = client.post("/api/notices", json={"post_id": post.json["id"], "scope": "site"}, headers=admin_headers)
    assert pinned.status_code == 201, pinned.json
    # A service that changes the signed-in user: the change is stored.
    changed = client.put("/api/auth/password", json={"current_password": PASSWORD,
                                                     "new_password": "another-horse-battery-7"},
                         headers=sign_in(employee))
    assert changed.status_code == 204, changed.json
    sign_in(employee, "another-horse-battery-7")
