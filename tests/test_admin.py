"""The admin API: users, boards, audit log, stats."""
import pytest

from tests.conftest import PASSWORD


def test_create_search_and_update_users(client, admin, login):
    headers = login(admin)
    created = client.post("/api/admin/users", json={"email": "Hana.Park@portal.test", "name": "박하나",
                                                    "password": "하나의-비밀번호-123"}, headers=headers)
    assert created.status_code == 201
    assert created.json["email"] == "hana.park@portal.test" and created.json["role"] == "employee"
    duplicate = client.post("/api/admin/users", json={"email": "hana.park@portal.test", "name": "x",
                                                      "password": "하나의-비밀번호-123"}, headers=headers)
    assert duplicate.status_code == 409 and duplicate.json["error"]["code"] == "email_taken"
    weak = client.post("/api/admin/users", json={"email": "w@portal.test", "name": "w", "password": "1234567890"},
                       headers=headers)
    assert weak.status_code == 422 and weak.json["error"]["code"] == "weak_password"

    found = client.get("/api/admin/users", query_string={"q": "하나"}, headers=headers).json["items"]
    assert [u["email"] for u in found] == ["hana.park@portal.test"]
    user_id = created.json["id"]
    promoted = client.patch(f"/api/admin/users/{user_id}", json={"role": "admin", "name": "박하나 팀장"},
                            headers=headers)
    assert promoted.json["role"] == "admin" and promoted.json["name"] == "박하나 팀장"
    assert client.patch("/api/admin/users/999999", json={"role": "admin"}, headers=headers).status_code == 404


def test_admins_cannot_lock_themselves_out(client, admin, login):
    response = client.patch(f"/api/admin/users/{admin.id}", json={"is_active": False}, headers=login(admin))
    assert response.status_code == 422 and response.json["error"]["code"] == "self_lockout"


def test_reset_password_ends_sessions(client, admin, employee, login):
    old_session = login(employee)
    response = client.put(f"/api/admin/users/{employee.id}/password", json={"password": "새-임시-비밀번호-77"},
                          headers=login(admin))
    assert response.status_code == 204
    assert client.get("/api/auth/me", headers=old_session).status_code == 401
    assert client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD}).status_code == 401
    assert client.post("/api/auth/login", json={"email": employee.email, "password": "새-임시-비밀번호-77"}
                       ).status_code == 200


def test_reactivate(client, admin, employee, login):
    headers, url = login(admin), f"/api/admin/users/{employee.id}"
    credentials = {"email": employee.email, "password": PASSWORD}
    assert client.patch(url, json={"is_active": False}, headers=headers).status_code == 200
    assert client.post("/api/auth/login", json=credentials).status_code == 401
    assert client.patch(url, json={"is_active": True}, headers=headers).status_code == 200
    assert client.post("/api/auth/login", json=credentials).status_code == 200


@pytest.mark.parametrize("q", ["%", "_", "\\"])
def test_user_search_takes_wildcards_literally(q, client, admin, employee, make_user, login):
    make_user("100%_완료\\팀", email="percent@portal.test")
    found = client.get("/api/admin/users", query_string={"q": q}, headers=login(admin)).json["items"]
    assert [user["email"] for user in found] == ["percent@portal.test"]


def test_boards_create_rename_archive(client, admin, employee, login):
    headers = login(admin)
    created = client.post("/api/admin/boards", json={"name": "개발팀", "slug": "dev", "description": "개발 이야기"},
                          headers=headers)
    assert created.status_code == 201
    board_id = created.json["id"]
    taken = client.post("/api/admin/boards", json={"name": "x", "slug": "dev"}, headers=headers)
    assert taken.status_code == 409
    bad_slug = client.post("/api/admin/boards", json={"name": "x", "slug": "개발"}, headers=headers)
    assert bad_slug.status_code == 422 and "slug" in bad_slug.json["error"]["fields"]
    renamed = client.patch(f"/api/admin/boards/{board_id}", json={"name": "개발본부"}, headers=headers)
    assert renamed.json["name"] == "개발본부"
    client.patch(f"/api/admin/boards/{board_id}", json={"archived": True}, headers=headers)
    assert client.get("/api/boards", headers=login(employee)).json["items"] == []
    assert [b["name"] for b in client.get("/api/admin/boards", headers=headers).json["items"]] == ["개발본부"]


def test_audit_log_records_sign_ins_and_admin_actions(client, admin, employee, login):
    client.post("/api/auth/login", json={"email": employee.email, "password": "wrong-password-x"})
    headers = login(admin)
    client.patch(f"/api/admin/users/{employee.id}", json={"role": "admin"}, headers=headers)
    page = client.get("/api/admin/audit", query_string={"limit": 2}, headers=headers).json
    assert [e["action"] for e in page["items"]] == ["user.update", "auth.login"]
    assert page["items"][0]["actor"] == {"id": admin.id, "name": "관리자"}
    # The target is named as it was when it happened (the admin area shows it, not "user #4").
    assert page["items"][0]["detail"] == {"role": "admin", "target_label": "김민지"}
    assert page["items"][0]["ip"] == "127.0.0.1"
    rest = client.get("/api/admin/audit", query_string={"cursor": page["next_cursor"]}, headers=headers).json
    assert "auth.login_failed" in [e["action"] for e in rest["items"]]
    failed = client.get("/api/admin/audit", query_string={"action": "auth.login_failed"}, headers=headers).json
    assert failed["items"][0]["detail"] == {"reason": "password", "target_label": "김민지"}


def test_stats(client, admin, employee, login, board):
    headers = login(employee)
    client.post("/api/posts", json={"board_id": board.id, "title": "t", "body": "b"}, headers=headers)
    stats = client.get("/api/admin/stats", query_string={"days": 7}, headers=login(admin)).json
    assert (stats["users"], stats["posts"], stats["comments"], stats["uploads"]) == (2, 1, 0, 0)
    assert stats["active_users"] == 2 and len(stats["daily_active"]) == 7
    assert stats["daily_active"][-1]["count"] == 2


def test_an_employees_own_password_change_is_audited_against_their_user(client, admin, employee, login):
    """The signed-in user reaches the service as `current_user`, a proxy: the log names a user."""
    changed = client.put("/api/auth/password", headers=login(employee),
                          json={"current_password": PASSWORD, "new_password": "새 비밀번호-2026-봄"})
    assert changed.status_code in (200, 204), changed.json
    page = client.get("/api/admin/audit", query_string={"action": "auth.password_changed"}, headers=login(admin)).json
    assert [(e["target_type"], e["target_id"]) for e in page["items"]] == [("user", str(employee.id))]
