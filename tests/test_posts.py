"""Boards, posts and comments through the API, as employees and admins use them."""
import pytest
from sqlalchemy import event

from portal.extensions import db


def write(client, headers, board, title="주간회의록", body="회의 **내용**", **extra):
    return client.post("/api/posts", json={"board_id": board.id, "title": title, "body": body, **extra},
                       headers=headers)


def test_boards_list_hides_archived(client, employee, login, board):
    from portal.models import Board

    db.session.add(Board(name="옛 게시판", slug="old", description="", archived=True))
    db.session.commit()
    items = client.get("/api/boards", headers=login(employee)).json["items"]
    assert [b["slug"] for b in items] == ["free"]
    assert set(items[0]) == {"id", "name", "slug", "description", "admin_only", "archived"}


def test_write_read_update_delete_a_post(client, employee, login, board):
    headers = login(employee)
    created = write(client, headers, board)
    assert created.status_code == 201
    post = created.json
    assert post["title"] == "주간회의록" and post["author"] == {"id": employee.id, "name": "김민지"}
    assert post["body_html"] == "<p>회의 <strong>내용</strong></p>\n"
    assert post["can_edit"] is True and post["attachments"] == [] and post["notice"] is None

    fetched = client.get(f"/api/posts/{post['id']}", headers=headers).json
    assert fetched["body"] == "회의 **내용**"

    updated = client.put(f"/api/posts/{post['id']}", json={"title": "수정됨", "body": "새 본문"}, headers=headers)
    assert updated.status_code == 200 and updated.json["title"] == "수정됨"
    assert client.delete(f"/api/posts/{post['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/posts/{post['id']}", headers=headers).status_code == 404


@pytest.mark.parametrize("markdown", [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    "<a href=\"https://example.com\" onclick=\"alert(1)\">x</a>",
])
def test_rendered_html_never_carries_script(client, employee, login, board, markdown):
    html = write(client, login(employee), board, body=markdown).json["body_html"]
    assert script_carriers(html) == []


@pytest.mark.parametrize("src", ["https://tracker.example/p.gif?reader=1", "http://tracker.example/p.gif",
                                 "//tracker.example/p.gif", "///tracker.example/p.gif"])
def test_images_from_elsewhere_become_links_so_no_pixel_tracks_readers(client, employee, login, board, src):
    html = write(client, login(employee), board, body=f"공지 ![읽음 확인]({src})").json["body_html"]
    assert "<img" not in html
    assert "읽음 확인</a>" in html


def test_images_from_the_portal_or_an_allowed_host_are_shown(app, client, employee, login, board):
    app.config["MARKDOWN_IMAGE_HOSTS"] = ["intranet.company.kr"]
    try:
        html = write(client, login(employee), board,
                     body="![조직도](https://intranet.company.kr/org.png) ![로고](/logo.png)").json["body_html"]
    finally:
        app.config["MARKDOWN_IMAGE_HOSTS"] = []
    assert '<img src="https://intranet.company.kr/org.png" alt="조직도">' in html
    assert '<img src="/logo.png" alt="로고">' in html


def script_carriers(html: str) -> list:
    """Tags and attributes through which HTML could run script."""
    from html.parser import HTMLParser

    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in {"script", "iframe", "object", "embed", "style"}:
                found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith(("javascript:", "data:")):
                    found.append(f"{tag}[{name}={value}]")

    Finder().feed(html)
    return found


def test_only_author_or_admin_may_change_a_post(client, employee, other_employee, admin, login, board):
    post_id = write(client, login(employee), board).json["id"]
    other = login(other_employee)
    assert client.put(f"/api/posts/{post_id}", json={"title": "x", "body": "y"}, headers=other).status_code == 403
    assert client.delete(f"/api/posts/{post_id}", headers=other).status_code == 403
    admin_headers = login(admin)
    assert client.put(f"/api/posts/{post_id}", json={"title": "관리자 수정", "body": "y"},
                      headers=admin_headers).status_code == 200
    assert client.delete(f"/api/posts/{post_id}", headers=admin_headers).status_code == 204
    actions = [e["action"] for e in client.get("/api/admin/audit", headers=admin_headers).json["items"]]
    assert "post.delete" in actions and "post.update" in actions


def test_admin_only_board_refuses_employees(client, employee, admin, login, notice_board):
    assert write(client, login(employee), notice_board).status_code == 403
    assert write(client, login(admin), notice_board).status_code == 201


def test_archived_board_takes_no_posts(client, employee, login, board):
    board.archived = True
    db.session.commit()
    response = write(client, login(employee), board)
    assert response.status_code == 422 and response.json["error"]["code"] == "board_archived"


def test_list_is_newest_first_with_keyset_pages(client, employee, login, board):
    headers = login(employee)
    ids = [write(client, headers, board, title=f"글 {i}").json["id"] for i in range(5)]
    first = client.get("/api/posts", query_string={"board_id": board.id, "limit": 2}, headers=headers).json
    assert [p["id"] for p in first["items"]] == ids[::-1][:2] and first["next_cursor"]
    second = client.get("/api/posts", query_string={"limit": 2, "cursor": first["next_cursor"]},
                        headers=headers).json
    third = client.get("/api/posts", query_string={"limit": 2, "cursor": second["next_cursor"]},
                       headers=headers).json
    assert [p["id"] for p in second["items"] + third["items"]] == ids[::-1][2:]
    assert third["next_cursor"] is None
    item = first["items"][0]
    assert set(item) == {"id", "board_id", "title", "excerpt", "author", "comment_count", "attachment_count",
                         "view_count", "created_at", "updated_at"}


def count_queries(app, fn):
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(statements)


def test_list_uses_a_fixed_number_of_queries_whatever_the_page_size(app, client, make_user, login, board):
    authors = [make_user(f"작성자{i}") for i in range(4)]
    for i in range(30):
        headers = login(authors[i % 4])
        post_id = write(client, headers, board, title=f"글 {i}").json["id"]
        client.post(f"/api/posts/{post_id}/comments", json={"body": "댓글"}, headers=headers)
    headers = login(authors[0])
    small = count_queries(app, lambda: client.get("/api/posts", query_string={"limit": 3}, headers=headers))
    large = count_queries(app, lambda: client.get("/api/posts", query_string={"limit": 30}, headers=headers))
    assert small == large == 2  # the session check, then the page
    post_id = client.get("/api/posts", headers=headers).json["items"][0]["id"]
    assert count_queries(app, lambda: client.get(f"/api/posts/{post_id}", headers=headers)) == 2
    page = client.get("/api/posts", query_string={"limit": 30}, headers=headers).json["items"]
    assert all(p["comment_count"] == 1 for p in page)


def test_comments(client, employee, other_employee, admin, login, board):
    mine, theirs = login(employee), login(other_employee)
    post_id = write(client, mine, board).json["id"]
    created = client.post(f"/api/posts/{post_id}/comments", json={"body": "  좋은 글이네요  "}, headers=theirs)
    assert created.status_code == 201 and created.json["body"] == "좋은 글이네요"
    listed = client.get(f"/api/posts/{post_id}/comments", headers=mine).json["items"]
    assert [c["body"] for c in listed] == ["좋은 글이네요"] and listed[0]["can_delete"] is False
    assert client.delete(f"/api/comments/{created.json['id']}", headers=mine).status_code == 403
    assert client.delete(f"/api/comments/{created.json['id']}", headers=theirs).status_code == 204
    again = client.post(f"/api/posts/{post_id}/comments", json={"body": "x"}, headers=theirs).json["id"]
    assert client.delete(f"/api/comments/{again}", headers=login(admin)).status_code == 204
    assert client.get(f"/api/posts/{post_id}", headers=mine).json["comment_count"] == 0


def test_comments_render_markdown_like_posts(client, employee, login, board):
    headers = login(employee)
    post_id = write(client, headers, board).json["id"]
    body = "**굵게** [링크](https://example.kr) <script>alert(1)</script> [x](javascript:alert(1))"
    created = client.post(f"/api/posts/{post_id}/comments", json={"body": body}, headers=headers).json
    post_html = client.post("/api/posts/preview", json={"body": body}, headers=headers).json["body_html"]
    assert created["body_html"] == post_html  # one renderer for posts, comments and the preview
    assert "<strong>굵게</strong>" in created["body_html"] and 'href="https://example.kr"' in created["body_html"]
    assert script_carriers(created["body_html"]) == []
    assert created["edited_at"] is None and created["can_edit"] is True


def test_editing_a_comment(client, employee, other_employee, admin, login, board):
    mine, theirs, admins = login(employee), login(other_employee), login(admin)
    post_id = write(client, mine, board).json["id"]
    comment = client.post(f"/api/posts/{post_id}/comments", json={"body": "처음"}, headers=mine).json
    refused = client.put(f"/api/comments/{comment['id']}", json={"body": "남의 것"}, headers=theirs)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "forbidden"
    edited = client.put(f"/api/comments/{comment['id']}", json={"body": "  _고친_ 댓글 "}, headers=mine)
    assert edited.status_code == 200
    assert edited.json["body"] == "_고친_ 댓글" and "<em>고친</em>" in edited.json["body_html"]
    assert edited.json["edited_at"] is not None
    listed = client.get(f"/api/posts/{post_id}/comments", headers=theirs).json["items"]
    assert listed[0]["body"] == "_고친_ 댓글" and listed[0]["edited_at"] == edited.json["edited_at"]
    assert listed[0]["can_edit"] is False
    by_admin = client.put(f"/api/comments/{comment['id']}", json={"body": "관리자가 고침"}, headers=admins)
    assert by_admin.status_code == 200
    actions = [e["action"] for e in client.get("/api/admin/audit", headers=admins).json["items"]]
    assert "comment.update" in actions  # an admin changing someone's comment is audited
    assert client.put("/api/comments/999999", json={"body": "x"}, headers=mine).status_code == 404
    assert client.put(f"/api/comments/{comment['id']}", json={"body": "  "}, headers=mine).status_code == 422


def test_preview_is_for_signed_in_users_and_capped(client, employee, login):
    assert client.post("/api/posts/preview", json={"body": "x"}).status_code == 401
    headers = login(employee)
    too_long = client.post("/api/posts/preview", json={"body": "x" * 100_001}, headers=headers)
    assert too_long.status_code == 422 and list(too_long.json["error"]["fields"]) == ["body"]


def test_preview_is_rate_limited_per_user(migrated_app, database_url, employee, other_employee):
    from portal import create_app
    from portal.extensions import limiter
    from tests.conftest import PASSWORD, TEST_SETTINGS

    was_enabled = limiter.enabled  # one Limiter serves every app in this process: put it back after
    try:
        limited = create_app({**TEST_SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url, "RATELIMIT_ENABLED": True,
                              "RATELIMIT_STORAGE_URI": "memory://", "PREVIEW_LIMIT_PER_USER": "3 per minute"})
        _preview_until_limited(limited.test_client(), employee, other_employee, PASSWORD)
    finally:
        limiter.enabled = was_enabled


def _preview_until_limited(client, employee, other_employee, password):
    def headers(user):
        token = client.post("/api/auth/login", json={"email": user.email, "password": password}).json["access_token"]
        return {"Authorization": f"Bearer {token}"}

    mine = headers(employee)
    statuses = [client.post("/api/posts/preview", json={"body": "a"}, headers=mine).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Per user, not per address: a colleague behind the same address still previews.
    assert client.post("/api/posts/preview", json={"body": "a"}, headers=headers(other_employee)).status_code == 200


@pytest.mark.parametrize("body", ["", "   ", "x" * 4001])
def test_bad_comments_are_refused(client, employee, login, board, body):
    headers = login(employee)
    post_id = write(client, headers, board).json["id"]
    response = client.post(f"/api/posts/{post_id}/comments", json={"body": body}, headers=headers)
    assert response.status_code == 422 and "body" in response.json["error"]["fields"]


def test_the_script_checker_itself_catches_script():
    assert script_carriers('<a href=" JavaScript:alert(1)">x</a><img src=x onerror=y><script></script>') == [
        "a[href= JavaScript:alert(1)]", "img[onerror=y]", "script"]


def test_list_excerpts_are_plain_text(client, employee, login, board):
    headers = login(employee)
    write(client, headers, board, body="## 회의 안내\n\n**모두** 참석 & <b>필수</b> [링크](https://example.com)")
    excerpt = client.get("/api/posts", headers=headers).json["items"][0]["excerpt"]
    # Raw HTML is not Markdown here: it stays visible text, as on the post page.
    assert excerpt == "회의 안내 모두 참석 & <b>필수</b> 링크"
