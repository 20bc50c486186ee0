"""Admins pin notices; employees confirm the ones that require it; admins see who has."""


def make_post(client, headers, board, title="보안 교육 안내"):
    return client.post("/api/posts", json={"board_id": board.id, "title": title, "body": "필독"},
                       headers=headers).json["id"]


def test_pin_list_ack_and_confirmations(client, admin, employee, other_employee, login, notice_board):
    admin_headers, mine = login(admin), login(employee)
    post_id = make_post(client, admin_headers, notice_board)
    pinned = client.post("/api/notices", json={"post_id": post_id, "scope": "site", "requires_ack": True},
                         headers=admin_headers)
    assert pinned.status_code == 201
    notice_id = pinned.json["id"]

    listed = client.get("/api/notices", headers=mine).json["items"]
    assert [(n["title"], n["requires_ack"], n["acked"]) for n in listed] == [("보안 교육 안내", True, False)]
    assert client.get(f"/api/posts/{post_id}", headers=mine).json["notice"] == {
        "id": notice_id, "scope": "site", "requires_ack": True, "acked": False}

    assert client.post(f"/api/notices/{notice_id}/ack", headers=mine).status_code == 204
    assert client.post(f"/api/notices/{notice_id}/ack", headers=mine).status_code == 204  # idempotent
    assert client.get("/api/notices", headers=mine).json["items"][0]["acked"] is True

    confirmations = client.get(f"/api/notices/{notice_id}/acks", headers=admin_headers).json
    assert [a["user"]["name"] for a in confirmations["acked"]] == ["김민지"]
    assert {u["name"] for u in confirmations["pending"]} == {"관리자", "이준호"}
    assert client.get(f"/api/notices/{notice_id}/acks", headers=mine).status_code == 403


def test_board_notices_show_on_their_board_only(client, admin, employee, login, board, notice_board):
    admin_headers = login(admin)
    site = make_post(client, admin_headers, notice_board, "전사 공지")
    local = make_post(client, admin_headers, board, "게시판 공지")
    client.post("/api/notices", json={"post_id": site, "scope": "site"}, headers=admin_headers)
    client.post("/api/notices", json={"post_id": local, "scope": "board"}, headers=admin_headers)
    mine = login(employee)
    on_board = client.get("/api/notices", query_string={"board_id": board.id}, headers=mine).json["items"]
    assert [n["title"] for n in on_board] == ["전사 공지", "게시판 공지"]
    elsewhere = client.get("/api/notices", query_string={"board_id": notice_board.id}, headers=mine).json["items"]
    assert [n["title"] for n in elsewhere] == ["전사 공지"]


def test_pinning_rules(client, admin, employee, login, board):
    admin_headers = login(admin)
    post_id = make_post(client, admin_headers, board)
    assert client.post("/api/notices", json={"post_id": post_id}, headers=login(employee)).status_code == 403
    assert client.post("/api/notices", json={"post_id": post_id}, headers=admin_headers).status_code == 201
    again = client.post("/api/notices", json={"post_id": post_id}, headers=admin_headers)
    assert again.status_code == 409 and again.json["error"]["code"] == "already_pinned"
    assert client.post("/api/notices", json={"post_id": 999999}, headers=admin_headers).status_code == 422
    bad_scope = client.post("/api/notices", json={"post_id": post_id, "scope": "world"}, headers=admin_headers)
    assert bad_scope.status_code == 422 and "scope" in bad_scope.json["error"]["fields"]


def test_unpin_and_update(client, admin, employee, login, board):
    admin_headers = login(admin)
    post_id = make_post(client, admin_headers, board)
    notice_id = client.post("/api/notices", json={"post_id": post_id}, headers=admin_headers).json["id"]
    ack = client.post(f"/api/notices/{notice_id}/ack", headers=login(employee))
    assert ack.status_code == 422 and ack.json["error"]["code"] == "ack_not_required"
    updated = client.patch(f"/api/notices/{notice_id}", json={"requires_ack": True}, headers=admin_headers)
    assert updated.status_code == 200 and updated.json["requires_ack"] is True
    assert client.delete(f"/api/notices/{notice_id}", headers=admin_headers).status_code == 204
    assert client.get("/api/notices", headers=admin_headers).json["items"] == []
    assert client.get(f"/api/posts/{post_id}", headers=admin_headers).status_code == 200  # the post stays
    assert client.delete(f"/api/notices/{notice_id}", headers=admin_headers).status_code == 404
