"""Admins pin notices; employees confirm the ones that require it; admins see who has."""

import pytest


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


# -- notices written, scheduled and retired in the admin area ---------------------------------
def _at(**delta) -> str:
    from datetime import datetime, timedelta, timezone
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def _listed(client, headers) -> list[str]:
    return [n["title"] for n in client.get("/api/notices", headers=headers).json["items"]]


def _states(client, headers) -> dict[str, str]:
    return {n["title"]: n["state"] for n in client.get("/api/admin/notices", headers=headers).json["items"]}


def test_compose_pins_a_new_post_at_once(client, admin, employee, login, notice_board):
    admin_headers = login(admin)
    created = client.post("/api/admin/notices", json={
        "board_id": notice_board.id, "title": "  연말 휴무 안내 ", "body": "**12월 31일** 휴무", "requires_ack": True},
        headers=admin_headers)
    assert created.status_code == 201, created.json
    notice = created.json
    assert (notice["title"], notice["scope"], notice["requires_ack"], notice["state"]) == (
        "연말 휴무 안내", "site", True, "active")
    assert notice["starts_at"] is None and notice["ends_at"] is None
    post = client.get(f"/api/posts/{notice['post_id']}", headers=login(employee)).json
    assert post["body_html"] .strip() == "<p><strong>12월 31일</strong> 휴무</p>"
    assert post["notice"]["id"] == notice["id"]
    assert _listed(client, login(employee)) == ["연말 휴무 안내"]
    actions = [e["action"] for e in client.get("/api/admin/audit", headers=admin_headers).json["items"]]
    assert "notice.create" in actions


def test_a_notice_is_listed_only_inside_its_window(client, admin, employee, login, notice_board):
    admin_headers, mine = login(admin), login(employee)

    def compose(title, **window):
        response = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": title,
                                                           "body": "본문", **window}, headers=admin_headers)
        assert response.status_code == 201, response.json
        return response.json

    compose("예정", starts_at=_at(hours=1))
    compose("지난", starts_at=_at(days=-2), ends_at=_at(minutes=-1))
    now = compose("진행 중", starts_at=_at(minutes=-1), ends_at=_at(hours=1))
    compose("끝없음", starts_at=_at(minutes=-1))
    # A time written in Korean time is the same instant in UTC, and comes back in UTC.
    korean = compose("한국 시각", ends_at="2099-01-01T09:00:00+09:00")
    assert korean["ends_at"] == "2099-01-01T00:00:00+00:00"

    assert sorted(_listed(client, mine)) == sorted(["진행 중", "끝없음", "한국 시각"])
    assert _states(client, admin_headers) == {"예정": "scheduled", "지난": "ended", "진행 중": "active",
                                              "끝없음": "active", "한국 시각": "active"}
    # Opening the window lists it; the admin list follows.
    scheduled = next(n for n in client.get("/api/admin/notices", headers=admin_headers).json["items"]
                     if n["title"] == "예정")
    opened = client.patch(f"/api/notices/{scheduled['id']}", json={"starts_at": None}, headers=admin_headers)
    assert opened.status_code == 200 and opened.json["state"] == "active"
    assert "예정" in _listed(client, mine)
    assert now["state"] == "active"


def test_the_admin_list_is_for_admins(client, employee, login):
    assert client.get("/api/admin/notices", headers=login(employee)).status_code == 403


def test_edit_title_body_and_window(client, admin, employee, login, notice_board):
    admin_headers = login(admin)
    notice = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "초안", "body": "내용"},
                         headers=admin_headers).json
    edited = client.patch(f"/api/notices/{notice['id']}", json={"title": "최종", "body": "_바뀐_ 내용",
                                                                 "ends_at": _at(days=7)}, headers=admin_headers)
    assert edited.status_code == 200, edited.json
    assert edited.json["title"] == "최종" and edited.json["ends_at"] is not None
    post = client.get(f"/api/posts/{notice['post_id']}", headers=login(employee)).json
    assert (post["title"], post["body_html"].strip()) == ("최종", "<p><em>바뀐</em> 내용</p>")
    assert client.get("/api/posts", query_string={"q": "최종"}, headers=admin_headers).json["items"][0]["id"] == \
        notice["post_id"]  # the search words follow the edit
    events = client.get("/api/admin/audit", headers=admin_headers).json["items"]
    event = next(e for e in events if e["action"] == "notice.update")
    assert event["detail"]["changed"] == ["body", "ends_at", "title"]


def test_retire_ends_a_notice_now(client, admin, employee, login, notice_board):
    admin_headers, mine = login(admin), login(employee)
    active = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "진행", "body": "b"},
                         headers=admin_headers).json
    scheduled = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "예정", "body": "b",
                                                        "starts_at": _at(days=1)}, headers=admin_headers).json
    for notice in (active, scheduled):
        retired = client.post(f"/api/notices/{notice['id']}/retire", headers=admin_headers)
        assert retired.status_code == 200 and retired.json["state"] == "ended"
    assert _listed(client, mine) == []
    assert _states(client, admin_headers) == {"진행": "ended", "예정": "ended"}
    again = client.post(f"/api/notices/{active['id']}/retire", headers=admin_headers)
    assert again.json["ends_at"] == retired.json["ends_at"] or again.json["state"] == "ended"
    actions = [e["action"] for e in client.get("/api/admin/audit", headers=admin_headers).json["items"]]
    assert actions.count("notice.retire") == 2  # retiring twice records once
    # Pinning it anew (unpin, then pin the post) lists it again.
    assert client.delete(f"/api/notices/{active['id']}", headers=admin_headers).status_code == 204
    assert client.post("/api/notices", json={"post_id": active["post_id"]}, headers=admin_headers).status_code == 201
    assert _listed(client, mine) == ["진행"]


def test_confirmations_csv(client, admin, employee, other_employee, login, notice_board):
    admin_headers = login(admin)
    notice = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "필독", "body": "b",
                                                     "requires_ack": True}, headers=admin_headers).json
    client.post(f"/api/notices/{notice['id']}/ack", headers=login(employee))
    response = client.get(f"/api/notices/{notice['id']}/acks.csv", headers=admin_headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    import csv
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["이름", "이메일", "확인 여부", "확인 시각 (UTC)"]
    assert rows[1][:3] == ["김민지", employee.email, "확인"] and rows[1][3].endswith("+00:00")
    assert sorted(r[0] for r in rows[2:]) == sorted(["관리자", "이준호"])
    assert {r[2] for r in rows[2:]} == {"미확인"} and {r[3] for r in rows[2:]} == {""}
    english = client.get(f"/api/notices/{notice['id']}/acks.csv", query_string={"lang": "en"}, headers=admin_headers)
    assert english.get_data().decode("utf-8-sig").splitlines()[0] == "Name,Email,Confirmed,Confirmed at (UTC)"


def test_csv_cells_cannot_become_formulas(client, admin, employee, login, notice_board):
    from portal.extensions import db
    employee.name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    admin_headers = login(admin)
    notice = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "t", "body": "b",
                                                     "requires_ack": True}, headers=admin_headers).json
    text = client.get(f"/api/notices/{notice['id']}/acks.csv", headers=admin_headers).get_data().decode("utf-8-sig")
    import csv
    names = [row[0] for row in csv.reader(text.splitlines())]
    assert "'=HYPERLINK(\"http://x\")" in names and not any(n.startswith("=") for n in names)


def test_a_written_required_notice_notifies_once_it_is_listed(client, admin, employee, login, notice_board):
    admin_headers, mine = login(admin), login(employee)

    def notice_kinds():
        return [n["kind"] for n in client.get("/api/notifications", headers=mine).json["items"]]

    scheduled = client.post("/api/admin/notices", json={
        "board_id": notice_board.id, "title": "예정 필독", "body": "b", "requires_ack": True,
        "starts_at": _at(days=1)}, headers=admin_headers).json
    assert notice_kinds() == []  # not before it is listed
    client.patch(f"/api/notices/{scheduled['id']}", json={"starts_at": None}, headers=admin_headers)
    assert notice_kinds() == ["notice"]
    client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "바로 필독", "body": "b",
                                            "requires_ack": True}, headers=admin_headers)
    assert notice_kinds() == ["notice", "notice"]


@pytest.mark.parametrize("field, value", [("starts_at", "0001-01-01T00:00:00+05:00"),
                                          ("ends_at", "9999-12-31T23:59:59-05:00")])
def test_a_time_beyond_any_utc_year_is_422_not_500(client, admin, login, notice_board, field, value):
    response = client.post("/api/admin/notices", json={"board_id": notice_board.id, "title": "공지", "body": "본문",
                                                       field: value}, headers=login(admin))
    assert response.status_code == 422, response.json
    assert response.json["error"]["field_codes"][field] == [{"code": "invalid_date", "params": {}}]
