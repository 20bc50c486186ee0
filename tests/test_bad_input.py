"""Bad input anywhere gets the right 4xx and the error envelope; never a 500, never HTML."""
import json

import pytest

from portal import field_problems
from tests.test_access import fill

# Endpoints that take a JSON body, with a valid body for each.
JSON_ENDPOINTS = [
    ("POST", "/api/auth/login", {"email": "a@b.c", "password": "x"}),
    ("PUT", "/api/auth/password", {"current_password": "a", "new_password": "b"}),
    ("POST", "/api/posts", {"board_id": "{board}", "title": "t", "body": "b"}),
    ("PUT", "/api/posts/{post}", {"title": "t", "body": "b"}),
    ("POST", "/api/posts/{post}/comments", {"body": "b"}),
    ("PUT", "/api/comments/{comment}", {"body": "b"}),
    ("POST", "/api/posts/preview", {"body": "b"}),
    ("POST", "/api/notices", {"post_id": "{post}"}),
    ("PATCH", "/api/notices/{notice}", {"scope": "site", "starts_at": "2026-12-01T00:00:00Z"}),
    ("POST", "/api/admin/notices", {"board_id": "{board}", "title": "t", "body": "b",
                                    "ends_at": "2030-01-01T09:00:00+09:00"}),
    ("POST", "/api/uploads/presign", {"filename": "a.pdf", "content_type": "application/pdf", "size": 3}),
    ("POST", "/api/admin/users", {"email": "a@b.cd", "name": "n", "password": "p"}),
    ("PATCH", "/api/admin/users/{user}", {"name": "n", "department": "개발팀", "title": "선임"}),
    ("PUT", "/api/admin/users/{user}/password", {"password": "p"}),
    ("POST", "/api/admin/boards", {"name": "n", "slug": "s"}),
    ("PATCH", "/api/admin/boards/{board}", {"name": "n"}),
    ("PUT", "/api/admin/sign-in-policy", {"password_login": True}),
    ("POST", "/api/notifications/read-all", {"post_id": "{post}", "conversation_id": 1}),
    ("PATCH", "/api/people/{user}", {"phone": "02-1234-5678", "photo_key": "uploads/x.png"}),
]
IDS = [f"{m} {p}" for m, p, _ in JSON_ENDPOINTS]
# Bodies whose fields are all optional (an empty object is a valid request).
OPTIONAL_BODIES = {"/api/notifications/read-all", "/api/people/{user}"}
REQUIRED_BODIES = [(e, i) for e, i in zip(JSON_ENDPOINTS, IDS, strict=True)
                   if e[0] in {"POST", "PUT"} and e[1] not in OPTIONAL_BODIES]


@pytest.fixture
def as_admin(world):
    ids, headers = world
    return ids, headers["admin"]


def assert_envelope(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json and set(response.json) == {"error"}
    assert response.json["error"]["code"] and response.json["error"]["message"]
    if code:
        assert response.json["error"]["code"] == code
    error = response.json["error"]
    # Every field sentence also goes out as a code the web app translates (no English in the UI).
    assert set(error.get("field_codes", {})) == set(error.get("fields", {}))
    for problems in error.get("field_codes", {}).values():
        assert problems and all(p["code"] in field_problems.CODES and isinstance(p["params"], dict) for p in problems)


@pytest.mark.parametrize("method, path, body", JSON_ENDPOINTS, ids=IDS)
def test_malformed_json(client, as_admin, method, path, body):
    ids, headers = as_admin
    response = client.open(fill(path, ids), method=method, data='{"title": "미완성', headers=headers,
                           content_type="application/json")
    assert_envelope(response, 400, "bad_json")


@pytest.mark.parametrize("method, path, body", JSON_ENDPOINTS, ids=IDS)
def test_a_json_array_instead_of_an_object(client, as_admin, method, path, body):
    ids, headers = as_admin
    assert_envelope(client.open(fill(path, ids), method=method, json=[1, 2], headers=headers), 422)


@pytest.mark.parametrize("method, path, body", JSON_ENDPOINTS, ids=IDS)
def test_wrong_types_name_every_bad_field(client, as_admin, method, path, body):
    ids, headers = as_admin
    wrong = {field: {"not": "this"} for field in body}
    response = client.open(fill(path, ids), method=method, json=wrong, headers=headers)
    assert_envelope(response, 422, "validation_error")
    assert set(response.json["error"]["fields"]) == set(body)


@pytest.mark.parametrize("method, path, body", [e for e, _ in REQUIRED_BODIES], ids=[i for _, i in REQUIRED_BODIES])
def test_missing_fields(client, as_admin, method, path, body):
    ids, headers = as_admin
    response = client.open(fill(path, ids), method=method, json={}, headers=headers)
    if path == "/api/auth/login":
        assert_envelope(response, 422)
        return
    assert_envelope(response, 422, "validation_error")
    assert response.json["error"]["fields"]


@pytest.mark.parametrize("field, value", [
    ("title", "가" * 201), ("title", "   "), ("body", "x" * 100_001),
    ("attachment_keys", ["k"] * 21), ("board_id", "1"), ("board_id", 10**12),
])
def test_oversize_or_empty_post_fields(client, as_admin, field, value):
    ids, headers = as_admin
    body = {"board_id": ids["board"], "title": "제목", "body": "본문", field: value}
    response = client.post("/api/posts", json=body, headers=headers)
    assert_envelope(response, 422, "validation_error")
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("path", ["/api/posts/999999", "/api/posts/999999/comments", "/api/notices/999999/acks",
                                  "/api/notices/999999/acks.csv", "/api/people/999999",
                                  "/api/uploads/presign-get?key=uploads/none.pdf"])
def test_unknown_ids(client, as_admin, path):
    _, headers = as_admin
    assert_envelope(client.get(path, headers=headers), 404, "not_found")


@pytest.mark.parametrize("path", ["/api/posts/abc", "/api/nothing-here", "/api/posts/1/nope"])
def test_unknown_routes_are_json_404(client, as_admin, path):
    _, headers = as_admin
    assert_envelope(client.get(path, headers=headers), 404)


def test_wrong_method_is_json_405(client, as_admin):
    _, headers = as_admin
    assert_envelope(client.patch("/api/boards", headers=headers), 405)


@pytest.mark.parametrize("cursor", ["garbage", "djE6YWJj", "djI6MTA", "djE6LTU", "%%%", "a" * 101])
@pytest.mark.parametrize("path", ["/api/posts", "/api/admin/users", "/api/admin/audit", "/api/notifications",
                                  "/api/people"])
def test_bad_cursors(client, as_admin, cursor, path):
    _, headers = as_admin
    response = client.get(path, query_string={"cursor": cursor}, headers=headers)
    assert_envelope(response, 422)
    assert "cursor" in response.json["error"]["fields"]


@pytest.mark.parametrize("cursor", ["garbage", "djE6LTU", "a" * 101])
@pytest.mark.parametrize("scope", ["posts", "comments", "people", "messages"])
def test_bad_search_cursors(client, as_admin, cursor, scope):
    _, headers = as_admin
    response = client.get("/api/search", query_string={"q": "회의", "scope": scope, "cursor": cursor},
                          headers=headers)
    assert_envelope(response, 422)
    assert list(response.json["error"]["fields"]) == ["cursor"]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"limit": "many"}, {"board_id": "x"},
                                   {"q": "가" * 101}])
def test_bad_list_parameters(client, as_admin, query):
    _, headers = as_admin
    assert_envelope(client.get("/api/posts", query_string=query, headers=headers), 422, "validation_error")


@pytest.mark.parametrize("path, query", [("/api/auth/sso/start", {"next": "/" + "a" * 2000}),
                                         ("/api/auth/sso/callback", {"state": "s" * 513}),
                                         ("/api/auth/sso/callback", {"code": "c" * 4097}),
                                         ("/api/auth/sso/callback", {"error": "e" * 201})])
def test_oversize_single_sign_on_parameters_are_422(client, query, path):
    assert_envelope(client.get(path, query_string=query), 422, "validation_error")
    assert list(client.get(path, query_string=query).json["error"]["fields"]) == list(query)


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"limit": "many"}, {"q": "가" * 101},
                                   {"department": ""}, {"department": "가" * 101}, {"cursor": "가" * 101}])
def test_bad_directory_parameters(client, as_admin, query):
    _, headers = as_admin
    response = client.get("/api/people", query_string=query, headers=headers)
    assert_envelope(response, 422, "validation_error")
    assert list(response.json["error"]["fields"]) == list(query)


@pytest.mark.parametrize("body, field", [
    ({"phone": 1234}, "phone"), ({"phone": ["02"]}, "phone"), ({"phone": "02\n1234"}, "phone"),
    ({"phone": "가나다"}, "phone"), ({"phone": "0" * 31}, "phone"), ({"photo_key": 7}, "photo_key"),
    ({"photo_key": "k" * 201}, "photo_key"), ({"department": "개발팀"}, "department"), ({"role": "admin"}, "role"),
])
def test_bad_profile_bodies(client, as_admin, body, field):
    ids, headers = as_admin
    response = client.patch(fill("/api/people/{user}", ids), json=body, headers=headers)
    assert_envelope(response, 422, "validation_error")
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("body, field", [({"department": "가" * 101}, "department"), ({"title": "가" * 101}, "title"),
                                         ({"department": 5}, "department"), ({"title": ["팀장"]}, "title")])
def test_bad_department_and_title_in_the_admin_area(client, as_admin, body, field):
    ids, headers = as_admin
    response = client.patch(fill("/api/admin/users/{user}", ids), json=body, headers=headers)
    assert_envelope(response, 422, "validation_error")
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101}, {"unread": "maybe"}, {"cursor": "가" * 101}])
def test_bad_notification_list_parameters(client, as_admin, query):
    _, headers = as_admin
    assert_envelope(client.get("/api/notifications", query_string=query, headers=headers), 422, "validation_error")


@pytest.mark.parametrize("path", ["/api/notifications/999999/read", "/api/notifications/99999999999/read"])
def test_unknown_notifications_are_404(client, as_admin, path):
    _, headers = as_admin
    assert_envelope(client.post(path, headers=headers), 404)


@pytest.mark.parametrize("body", [{"post_id": 0}, {"post_id": 2**31}, {"conversation_id": -1}, {"post_id": "abc"},
                                  {"everything": True}])
def test_bad_read_all_bodies(client, as_admin, body):
    _, headers = as_admin
    assert_envelope(client.post("/api/notifications/read-all", json=body, headers=headers), 422, "validation_error")


def test_form_encoded_body_is_refused_clearly(client, as_admin):
    ids, headers = as_admin
    response = client.post("/api/posts", data={"title": "t"}, headers=headers)
    assert_envelope(response, 422, "validation_error")


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Basic abc", "Bearer a.b.c", "token"])
def test_malformed_authorization_headers(client, header):
    assert_envelope(client.get("/api/auth/me", headers={"Authorization": header}), 401)


@pytest.mark.parametrize("path", ["/api/posts/99999999999", "/api/posts/2147483648/comments"])
def test_ids_beyond_any_row_are_404(client, as_admin, path):
    _, headers = as_admin
    assert_envelope(client.get(path, headers=headers), 404)


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize("kind", ["heart", "Like", "%F0%9F%91%8D", "like%00", "a" * 300, "%EA%B0%80"])
def test_unknown_reaction_kinds_are_422(client, as_admin, method, kind):
    ids, headers = as_admin
    response = client.open(f"/api/posts/{ids['post']}/reactions/{kind}", method=method, headers=headers)
    assert_envelope(response, 422, "validation_error")
    assert list(response.json["error"]["fields"]) == ["kind"]


@pytest.mark.parametrize("method, path", [("PUT", "/api/posts/99999999999/reactions/like"),
                                          ("DELETE", "/api/posts/2147483648/reactions/like"),
                                          ("PUT", "/api/posts/999999/reactions/like"),
                                          ("POST", "/api/posts/99999999999/view"),
                                          ("POST", "/api/posts/999999/view")])
def test_reactions_and_views_on_posts_beyond_any_row_are_404(client, as_admin, method, path):
    _, headers = as_admin
    assert_envelope(client.open(path, method=method, headers=headers), 404)


@pytest.mark.parametrize("query", [{"board_id": 2**31}, {"board_id": -1}])
def test_ids_beyond_any_row_in_queries_are_422(client, as_admin, query):
    _, headers = as_admin
    assert_envelope(client.get("/api/posts", query_string=query, headers=headers), 422)


# -- characters PostgreSQL cannot store, nesting, size --------------------------------------
TEXT_BODIES = [  # (method, path, body, the text field to spoil)
    ("POST", "/api/auth/login", {"email": "a@b.c", "password": "x"}, "email"),
    ("POST", "/api/posts", {"board_id": "{board}", "title": "t", "body": "b"}, "title"),
    ("POST", "/api/posts", {"board_id": "{board}", "title": "t", "body": "b"}, "body"),
    ("PUT", "/api/posts/{post}", {"title": "t", "body": "b"}, "body"),
    ("POST", "/api/posts/{post}/comments", {"body": "b"}, "body"),
    ("POST", "/api/admin/notices", {"board_id": "{board}", "title": "t", "body": "b"}, "title"),
    ("PUT", "/api/comments/{comment}", {"body": "b"}, "body"),
    ("PATCH", "/api/notices/{notice}", {"body": "b"}, "body"),
    ("POST", "/api/chat/rooms", {"name": "방", "member_ids": []}, "name"),
    ("POST", "/api/admin/boards", {"name": "n", "slug": "s"}, "name"),
    ("PATCH", "/api/people/{user}", {"phone": "010"}, "phone"),
    ("PATCH", "/api/admin/users/{user}", {"department": "개발팀"}, "department"),
    ("POST", "/api/admin/users", {"email": "a@b.cd", "name": "n", "password": "충분히-긴-비밀번호", "title": "t"},
     "title"),
]


@pytest.mark.parametrize("spoiler", ["\x00", "\ud800"], ids=["NUL", "lone-surrogate"])
@pytest.mark.parametrize("method, path, body, field", TEXT_BODIES, ids=[f"{m} {p} {f}" for m, p, _, f in TEXT_BODIES])
def test_text_the_database_cannot_store_is_422_naming_the_field(client, as_admin, method, path, body, field,
                                                                spoiler):
    ids, headers = as_admin
    body = {key: (fill(value, ids) if isinstance(value, str) and value.startswith("{") else value)
            for key, value in body.items()}
    body = {key: (int(value) if key == "board_id" else value) for key, value in body.items()}
    body[field] = f"가{spoiler}나"
    # json.dumps writes a lone surrogate as the escape "\ud800", as any client would.
    response = client.open(fill(path, ids), method=method, data=json.dumps(body), headers=headers,
                           content_type="application/json")
    assert_envelope(response, 422, "unstorable_text")
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("path, name", [("/api/posts", "q"), ("/api/chat/people", "q"), ("/api/admin/users", "q"),
                                        ("/api/uploads/presign-get", "key"), ("/api/auth/sso/start", "next"),
                                        ("/api/people", "q"), ("/api/people", "department"),
                                        ("/api/search", "q"), ("/api/auth/sso/callback", "state")])
def test_query_text_the_database_cannot_store_is_422(client, as_admin, path, name):
    _, headers = as_admin
    response = client.get(path, query_string={name: "회\x00의"}, headers=headers)
    assert_envelope(response, 422, "unstorable_text")
    assert list(response.json["error"]["fields"]) == [name]


def test_a_message_with_nul_is_422(client, as_admin, other_employee):
    ids, headers = as_admin
    room = client.post("/api/chat/rooms", json={"name": "방", "member_ids": [other_employee.id]}, headers=headers)
    assert room.status_code == 201, room.json
    response = client.post(f"/api/chat/conversations/{room.json['id']}/messages",
                           json={"body": "안녕\x00", "client_id": "c1"}, headers=headers)
    assert_envelope(response, 422, "unstorable_text")
    assert list(response.json["error"]["fields"]) == ["body"]


def test_deeply_nested_json_is_400_not_500(client, as_admin):
    _, headers = as_admin
    for depth in (100, 100_000):
        response = client.post("/api/posts", data="[" * depth + "]" * depth, headers=headers,
                               content_type="application/json")
        assert_envelope(response, 400, "too_deep")
    # Brackets inside strings are text, not nesting.
    ids, _ = as_admin
    response = client.post("/api/posts", json={"board_id": ids["board"], "title": "[[[[", "body": "{" * 100},
                           headers=headers)
    assert response.status_code == 201, response.json


def test_nesting_counts_brackets_outside_strings_at_any_count():
    from portal.request_guard import nests_deeper

    assert not nests_deeper("[" * 32 + "]" * 32, 32) and nests_deeper("[" * 33 + "]" * 33, 32)
    assert not nests_deeper('["' + "[" * 40 + '"]', 32)  # many brackets, but inside a string
    assert not nests_deeper('{"a": [' + ", ".join(["[]"] * 40) + "]}", 32)  # many, but side by side


def test_a_body_over_the_limit_is_413(client, as_admin, app):
    ids, headers = as_admin
    body = json.dumps({"board_id": ids["board"], "title": "t", "body": "x" * app.config["MAX_CONTENT_LENGTH"]})
    response = client.post("/api/posts", data=body, headers=headers, content_type="application/json")
    assert_envelope(response, 413, "too_large")


# -- notice windows ---------------------------------------------------------------------------
@pytest.mark.parametrize("method, path, body, field", [
    ("POST", "/api/admin/notices", {"starts_at": "2030-01-02T00:00:00Z", "ends_at": "2030-01-01T00:00:00Z"},
     "ends_at"),
    ("POST", "/api/admin/notices", {"starts_at": "2030-01-01T09:00:00+09:00", "ends_at": "2030-01-01T00:00:00Z"},
     "ends_at"),  # the same instant: ends must be later
    ("POST", "/api/admin/notices", {"starts_at": "내일"}, "starts_at"),
    ("POST", "/api/admin/notices", {"ends_at": "2030-13-01T00:00:00Z"}, "ends_at"),
    ("POST", "/api/admin/notices", {"board_id": 999999}, "board_id"),
    ("POST", "/api/admin/notices", {"title": "가" * 201}, "title"),
    ("POST", "/api/admin/notices", {"scope": "world"}, "scope"),
    ("PATCH", "/api/notices/{notice}", {"ends_at": "2000-01-01T00:00:00Z", "starts_at": "2001-01-01T00:00:00Z"},
     "ends_at"),
    ("PATCH", "/api/notices/{notice}", {"title": "  "}, "title"),
    ("GET", "/api/notices/{notice}/acks.csv?lang=fr", None, "lang"),
])
def test_bad_notice_fields_are_422_naming_the_field(client, as_admin, method, path, body, field):
    ids, headers = as_admin
    if method == "POST":
        body = {"board_id": ids["board"], "title": "공지", "body": "본문", **body}
    response = client.open(fill(path, ids), method=method, json=body, headers=headers)
    assert_envelope(response, 422)
    assert list(response.json["error"]["fields"]) == [field]


def test_a_window_ending_before_a_stored_start_is_422(client, as_admin):
    ids, headers = as_admin
    path = fill("/api/notices/{notice}", ids)
    assert client.patch(path, json={"starts_at": "2030-01-02T00:00:00Z"}, headers=headers).status_code == 200
    response = client.patch(path, json={"ends_at": "2030-01-01T00:00:00Z"}, headers=headers)
    assert_envelope(response, 422, "notice_window")
    assert list(response.json["error"]["fields"]) == ["ends_at"]
