"""Who may call what: every endpoint x anonymous / the owner / another employee / an admin."""
import re

import pytest

ROLES = ["anonymous", "owner", "other", "admin"]

# method, path, JSON body, expected status for anonymous / owner / other employee / admin.
# {post}, {comment}, {notice}, {key}, {user}, {board} are resources owned by the "owner" employee.
MATRIX = [
    ("GET", "/api/auth/me", None, (401, 200, 200, 200)),
    ("PUT", "/api/auth/password", {"current_password": "wrong-one-123", "new_password": "x" * 12},
     (401, 422, 422, 422)),
    ("POST", "/api/auth/refresh", None, (401, 401, 401, 401)),  # no refresh cookie sent here
    ("GET", "/api/auth/methods", None, (200, 200, 200, 200)),
    # Browser navigations, not API calls: every outcome is a redirect (tests/test_sso.py).
    ("GET", "/api/auth/sso/start", None, (302, 302, 302, 302)),
    ("GET", "/api/auth/sso/callback", None, (302, 302, 302, 302)),
    ("GET", "/api/health", None, (200, 200, 200, 200)),
    ("GET", "/api/boards", None, (401, 200, 200, 200)),
    ("GET", "/api/posts", None, (401, 200, 200, 200)),
    ("POST", "/api/posts", {"board_id": "{board}", "title": "새 글", "body": "본문"}, (401, 201, 201, 201)),
    ("GET", "/api/posts/{post}", None, (401, 200, 200, 200)),
    ("PUT", "/api/posts/{post}", {"title": "고침", "body": "본문"}, (401, 200, 403, 200)),
    ("DELETE", "/api/posts/{post}", None, (401, 204, 403, 204)),
    ("GET", "/api/posts/{post}/comments", None, (401, 200, 200, 200)),
    ("POST", "/api/posts/{post}/comments", {"body": "댓글"}, (401, 201, 201, 201)),
    ("PUT", "/api/comments/{comment}", {"body": "고친 댓글"}, (401, 200, 403, 200)),
    ("DELETE", "/api/comments/{comment}", None, (401, 204, 403, 204)),
    ("POST", "/api/posts/{post}/view", None, (401, 200, 200, 200)),
    ("PUT", "/api/posts/{post}/reactions/like", None, (401, 200, 200, 200)),
    ("DELETE", "/api/posts/{post}/reactions/like", None, (401, 200, 200, 200)),
    ("POST", "/api/posts/preview", {"body": "**미리보기**"}, (401, 200, 200, 200)),
    ("GET", "/api/notices", None, (401, 200, 200, 200)),
    ("POST", "/api/notices", {"post_id": "{post}"}, (401, 403, 403, 409)),  # {post} is already a notice
    ("PATCH", "/api/notices/{notice}", {"scope": "board"}, (401, 403, 403, 200)),
    ("DELETE", "/api/notices/{notice}", None, (401, 403, 403, 204)),
    ("POST", "/api/notices/{notice}/ack", None, (401, 204, 204, 204)),
    ("GET", "/api/notices/{notice}/acks", None, (401, 403, 403, 200)),
    ("GET", "/api/notices/{notice}/acks.csv", None, (401, 403, 403, 200)),
    ("POST", "/api/notices/{notice}/retire", None, (401, 403, 403, 200)),
    ("GET", "/api/admin/notices", None, (401, 403, 403, 200)),
    ("POST", "/api/admin/notices", {"board_id": "{board}", "title": "공지", "body": "본문"}, (401, 403, 403, 201)),
    ("POST", "/api/uploads/presign", {"filename": "a.pdf", "content_type": "application/pdf", "size": 3},
     (401, 200, 200, 200)),
    ("GET", "/api/uploads/presign-get?key={key}", None, (401, 200, 404, 404)),  # not attached: owner only
    ("GET", "/api/uploads/limits", None, (401, 200, 200, 200)),
    ("GET", "/api/admin/users", None, (401, 403, 403, 200)),
    ("POST", "/api/admin/users", {"email": "new@portal.test", "name": "신입", "password": "신입사원-비밀번호-1"},
     (401, 403, 403, 201)),
    ("PATCH", "/api/admin/users/{user}", {"role": "admin"}, (401, 403, 403, 200)),
    ("PUT", "/api/admin/users/{user}/password", {"password": "다른-비밀번호-456"}, (401, 403, 403, 204)),
    ("GET", "/api/admin/boards", None, (401, 403, 403, 200)),
    ("POST", "/api/admin/boards", {"name": "새 게시판", "slug": "new"}, (401, 403, 403, 201)),
    ("PATCH", "/api/admin/boards/{board}", {"name": "이름 변경"}, (401, 403, 403, 200)),
    ("GET", "/api/admin/audit", None, (401, 403, 403, 200)),
    ("GET", "/api/admin/stats", None, (401, 403, 403, 200)),
    ("GET", "/api/admin/sign-in-policy", None, (401, 403, 403, 200)),
    ("PUT", "/api/admin/sign-in-policy", {"password_login": True}, (401, 403, 403, 200)),
    ("GET", "/api/people", None, (401, 200, 200, 200)),
    ("GET", "/api/search?q=글", None, (401, 200, 200, 200)),
    ("GET", "/api/search?q=댓글&scope=comments", None, (401, 200, 200, 200)),
    ("GET", "/api/search?q=김&scope=people", None, (401, 200, 200, 200)),
    ("GET", "/api/search?q=안녕&scope=messages", None, (401, 200, 200, 200)),
    ("GET", "/api/people/departments", None, (401, 200, 200, 200)),
    ("GET", "/api/people/{user}", None, (401, 200, 200, 200)),
    ("PATCH", "/api/people/{user}", {"phone": "02-1234-5678"}, (401, 200, 403, 200)),
    ("GET", "/api/notifications", None, (401, 200, 200, 200)),
    ("GET", "/api/notifications/unread-count", None, (401, 200, 200, 200)),
    ("POST", "/api/notifications/{notification}/read", None, (401, 204, 404, 404)),  # the recipient's only
    ("POST", "/api/notifications/read-all", {}, (401, 200, 200, 200)),
]


def fill(value, ids):
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, body, expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_access(client, world, method, path, body, expected, role):
    ids, headers = world
    response = client.open(fill(path, ids), method=method, json=fill(body, ids), headers=headers[role])
    assert response.status_code == expected[ROLES.index(role)], response.get_data(as_text=True)
    if response.status_code >= 400:
        assert set(response.json) == {"error"} and response.json["error"]["code"]


# What a session signed in with an initial password (an admin set it) may still do: learn that it
# must change it, and change it. Cookie-only routes (refresh, sign-out) do not read the token.
OWN_ACCOUNT = {("GET", "/api/auth/me"), ("PUT", "/api/auth/password"), ("POST", "/api/auth/refresh")}


@pytest.mark.parametrize("method, path, body, expected", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_an_initial_password_opens_nothing_but_the_password_change(client, world, make_user, login, method, path,
                                                                   body, expected):
    ids, _headers = world
    newcomer = make_user("신입", initial=True)
    response = client.open(fill(path, ids), method=method, json=fill(body, ids), headers=login(newcomer))
    anonymous, _owner, other, _admin = expected
    if (method, path) in OWN_ACCOUNT:
        assert response.status_code == other, response.get_data(as_text=True)
    elif anonymous == 401:  # any signed-in call
        assert response.status_code == 403, response.get_data(as_text=True)
        assert response.json["error"]["code"] == "password_change_required"
    else:  # public
        assert response.status_code == anonymous, response.get_data(as_text=True)


def test_every_api_route_is_in_the_matrix_or_tested_elsewhere(app):
    """A new endpoint must be added to MATRIX (or to the chat suite) so its access rules are tested."""
    covered = {(m, p.split("?")[0]) for m, p, _, _ in MATRIX}
    elsewhere = {"/api/auth/login", "/api/auth/logout", "/api/openapi.json", "/api/docs",
                 "/api/docs/assets/<path:filename>", "/api/uploads/local/<path:key>"}
    missing = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        if not path.startswith("/api") or path in elsewhere or path.startswith("/api/chat"):
            continue
        template = re.sub(r"<(?:int:)?(\w+)_id>", r"{\1}", path)
        template = template.replace("<kind>", "like")  # the matrix reacts with one real kind
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (method, template) not in covered:
                missing.append(f"{method} {path}")
    assert missing == []
