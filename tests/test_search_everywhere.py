"""Search across the portal (GET /api/search): posts and comments on every board the reader can
read, people, and the messages of the reader's own conversations, with the matched words marked,
filters by board, author and time, and the same Korean two-syllable guarantee everywhere."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import text

from portal import bigrams
from portal.extensions import db
from portal.models import Board, Comment, Message, Post
from portal.search.highlight import SNIPPET, plain, segments, snippet


def find(client, headers, q, scope="posts", **filters):
    response = client.get("/api/search", query_string={"q": q, "scope": scope, **filters}, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def marked(parts) -> list[str]:
    return [part["text"] for part in parts if part["match"]]


def whole(parts) -> str:
    return "".join(part["text"] for part in parts)


@pytest.fixture
def second_board(app):
    board = Board(name="공지게시판", slug="notices", description="")
    db.session.add(board)
    db.session.commit()
    return board


@pytest.fixture
def old_board(app):
    """A board archived (archive()) after its posts are written: archived boards take no new posts."""
    board = Board(name="옛 게시판", slug="old", description="")
    db.session.add(board)
    db.session.commit()
    return board


def archive(board):
    board.archived = True
    db.session.commit()


def write(client, headers, board, title, body="본문"):
    response = client.post("/api/posts", json={"board_id": board.id, "title": title, "body": body}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def comment(client, headers, post_id, body):
    response = client.post(f"/api/posts/{post_id}/comments", json={"body": body}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


# -- posts ---------------------------------------------------------------------------------------
def test_posts_are_found_on_every_open_board_with_the_matches_marked(
        client, employee, login, board, second_board, old_board):
    headers = login(employee)
    on_free = write(client, headers, board, "주간회의록", "11월 셋째 주 회의 내용")
    on_notices = write(client, headers, second_board, "전사 회의 일정", "다음 주 월요일")
    archived = write(client, login(employee), old_board, "지난 회의", "보관된 글")
    archive(old_board)
    found = find(client, headers, "회의")
    assert [hit["id"] for hit in found["items"]] == [on_notices, on_free]  # newest first; not the archived board
    first = found["items"][1]
    assert marked(first["title"]) == ["회의"] and whole(first["title"]) == "주간회의록"
    assert marked(first["snippet"]) == ["회의"] and whole(first["snippet"]) == "11월 셋째 주 회의 내용"
    assert first["post_id"] == on_free and first["board_id"] == board.id
    assert first["author"] == {"id": employee.id, "name": employee.name} and first["conversation_id"] is None
    assert [hit["id"] for hit in find(client, headers, "회의", board_id=old_board.id)["items"]] == [archived]


def test_a_post_whose_title_alone_matches_shows_its_excerpt(client, employee, login, board):
    headers = login(employee)
    write(client, headers, board, "예산 보고", "**굵은** 첫 문단입니다.")
    [hit] = find(client, headers, "예산")["items"]
    assert marked(hit["title"]) == ["예산"]
    assert whole(hit["snippet"]) == "굵은 첫 문단입니다." and marked(hit["snippet"]) == []


def test_posts_narrowed_by_board_author_and_time(client, employee, other_employee, login, board, second_board):
    mine, theirs = login(employee), login(other_employee)
    first = write(client, mine, board, "보고서 초안")
    second = write(client, theirs, second_board, "보고서 최종")
    assert [h["id"] for h in find(client, mine, "보고서", board_id=second_board.id)["items"]] == [second]
    assert [h["id"] for h in find(client, mine, "보고서", author_id=employee.id)["items"]] == [first]
    db.session.get(Post, first).created_at = datetime(2026, 1, 10, tzinfo=timezone.utc)
    db.session.commit()
    in_january = {"since": "2026-01-01T00:00:00+09:00", "until": "2026-02-01T00:00:00+09:00"}
    assert [h["id"] for h in find(client, mine, "보고서", **in_january)["items"]] == [first]
    assert [h["id"] for h in find(client, mine, "보고서", since="2026-02-01T00:00:00Z")["items"]] == [second]
    assert [h["id"] for h in find(client, mine, "보고서", until="2026-01-10T00:00:00Z")["items"]] == []


# -- comments ------------------------------------------------------------------------------------
def test_comments_are_found_with_their_post(client, employee, other_employee, login, board, old_board):
    mine, theirs = login(employee), login(other_employee)
    post_id = write(client, mine, board, "점심 메뉴")
    found_id = comment(client, theirs, post_id, "국밥 어때요? 국밥이 최고")
    comment(client, mine, post_id, "냉면도 좋아요")
    hidden_post = write(client, mine, old_board, "보관")
    comment(client, mine, hidden_post, "국밥은 보관 게시판에도")
    archive(old_board)
    [hit] = find(client, mine, "국밥", scope="comments")["items"]
    assert hit["id"] == found_id and hit["post_id"] == post_id and hit["board_id"] == board.id
    assert whole(hit["title"]) == "점심 메뉴" and marked(hit["title"]) == []
    assert marked(hit["snippet"]) == ["국밥", "국밥"]
    assert hit["author"] == {"id": other_employee.id, "name": other_employee.name}
    assert find(client, mine, "국밥", scope="comments", author_id=employee.id)["items"] == []
    archived = find(client, mine, "국밥", scope="comments", board_id=old_board.id)["items"]
    assert [whole(h["title"]) for h in archived] == ["보관"]


def test_an_edited_comment_is_found_by_its_new_words_only(client, employee, login, board):
    headers = login(employee)
    comment_id = comment(client, headers, write(client, headers, board, "글"), "처음 쓴 댓글")
    assert client.put(f"/api/comments/{comment_id}", json={"body": "고쳐 쓴 댓글"}, headers=headers).status_code == 200
    assert find(client, headers, "처음", scope="comments")["items"] == []
    assert [h["id"] for h in find(client, headers, "고쳐", scope="comments")["items"]] == [comment_id]


def test_comment_pages_follow_the_cursor(client, employee, login, board):
    headers = login(employee)
    post_id = write(client, headers, board, "글")
    ids = [comment(client, headers, post_id, f"회의 메모 {n}") for n in range(5)]
    seen, cursor = [], None
    while True:
        page = find(client, headers, "메모", scope="comments", limit=2, **({"cursor": cursor} if cursor else {}))
        seen += [hit["id"] for hit in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ids[::-1]


# -- people --------------------------------------------------------------------------------------
def test_people_are_found_by_name_department_or_email(client, make_user, login):
    reader = make_user("읽는이")
    found = make_user("박서연", department="인사팀", title="과장", email="seoyeon.park@portal.test")
    gone = make_user("박서준", department="인사팀")
    gone.is_active = False
    db.session.commit()
    headers = login(reader)
    [hit] = find(client, headers, "박서", scope="people")["items"]
    assert hit["id"] == found.id and marked(hit["title"]) == ["박서"] and whole(hit["title"]) == "박서연"
    assert whole(hit["snippet"]) == "인사팀 · 과장 · seoyeon.park@portal.test"
    assert hit["author"] is None and hit["post_id"] is None
    assert [h["id"] for h in find(client, headers, "인사", scope="people")["items"]] == [found.id]
    [by_email] = find(client, headers, "SEOYEON", scope="people")["items"]
    assert marked(by_email["snippet"]) == ["seoyeon"]


# -- messages ------------------------------------------------------------------------------------
def room(client, headers, name, member_ids):
    response = client.post("/api/chat/rooms", json={"name": name, "member_ids": member_ids}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def say(client, headers, conversation_id, body):
    response = client.post(f"/api/chat/conversations/{conversation_id}/messages",
                           json={"body": body, "client_id": bigrams.normalize(body)[:40] + str(conversation_id)},
                           headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def test_messages_are_found_only_in_my_conversations(client, employee, other_employee, make_user, login):
    mine, theirs = login(employee), login(other_employee)
    outsider = make_user("외부인")
    shared = room(client, theirs, "기획팀", [employee.id])
    said = say(client, theirs, shared, "내일 회의는 3시입니다")
    elsewhere = room(client, theirs, "비밀방", [outsider.id])
    say(client, theirs, elsewhere, "회의 안건은 비밀")
    dm = client.post("/api/chat/dm", json={"user_id": other_employee.id}, headers=mine).json["id"]
    in_dm = say(client, mine, dm, "회의 자료 보냈어요")
    found = find(client, mine, "회의", scope="messages")["items"]
    assert [hit["id"] for hit in found] == [in_dm, said]
    assert [whole(hit["title"]) for hit in found] == [other_employee.name, "기획팀"]  # a DM is named by the other
    assert found[1]["conversation_id"] == shared and marked(found[1]["snippet"]) == ["회의"]
    assert found[1]["author"] == {"id": other_employee.id, "name": other_employee.name}
    assert [h["id"] for h in find(client, mine, "회의", scope="messages", author_id=employee.id)["items"]] == [in_dm]
    [outsiders] = find(client, login(outsider), "회의", scope="messages")["items"]
    assert outsiders["conversation_id"] == elsewhere and whole(outsiders["snippet"]) == "회의 안건은 비밀"


def test_left_conversations_and_deleted_messages_are_not_searched(client, employee, other_employee, login):
    mine, theirs = login(employee), login(other_employee)
    left = room(client, theirs, "떠난 방", [employee.id])
    say(client, theirs, left, "떠난 방의 회의록")
    assert client.post(f"/api/chat/rooms/{left}/leave", headers=mine).status_code == 204
    stays = room(client, theirs, "남은 방", [employee.id])
    deleted = say(client, theirs, stays, "지운 회의록")
    assert client.delete(f"/api/chat/messages/{deleted}", headers=theirs).status_code == 204
    edited = say(client, theirs, stays, "처음 문장")
    assert client.patch(f"/api/chat/messages/{edited}", json={"body": "고친 회의록"}, headers=theirs).status_code == 200
    assert [h["id"] for h in find(client, mine, "회의록", scope="messages")["items"]] == [edited]
    assert find(client, mine, "처음", scope="messages")["items"] == []


# -- one rule in every scope ---------------------------------------------------------------------
@pytest.mark.parametrize("q, expected", [("회의", True), ("REPORT", True), ("100%", True), ("_확", True),
                                         ("셋째 주", True), ("회", True), ("없는말", False), ("50%", False)])
@pytest.mark.parametrize("scope", ["posts", "comments", "messages"])
def test_the_same_match_in_every_scope(client, employee, other_employee, login, board, q, expected, scope):
    mine = login(employee)
    words = "주간회의 quarterly report 100% 참석 필수_확인 셋째 주"
    if scope == "posts":
        write(client, mine, board, "제목", words)
    elif scope == "comments":
        comment(client, mine, write(client, mine, board, "제목"), words)
    else:
        say(client, mine, room(client, mine, "방", [other_employee.id]), words)
    items = find(client, mine, q, scope=scope)["items"]
    assert len(items) == (1 if expected else 0)
    if expected:
        assert [part.lower() for part in marked(items[0]["snippet"])] == [bigrams.normalize(q)]


@pytest.mark.parametrize("table, index", [(Comment, "ix_comments_search_grams"),
                                          (Message, "ix_messages_search_grams")])
def test_two_syllable_terms_can_use_the_bigram_index(app, table, index):
    query = text(f"EXPLAIN SELECT id FROM {table.__tablename__} WHERE search_grams @> CAST(:grams AS text[])")
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in db.session.execute(query, {"grams": bigrams.bigrams("회의")}))
    db.session.rollback()
    assert index in plan


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("query, field", [
    ({}, "q"), ({"q": "   "}, "q"), ({"q": "가" * 101}, "q"), ({"q": "회의", "scope": "files"}, "scope"),
    ({"q": "회의", "board_id": 0}, "board_id"), ({"q": "회의", "author_id": "me"}, "author_id"),
    ({"q": "회의", "since": "어제"}, "since"), ({"q": "회의", "until": "0001-01-01T00:00:00+05:00"}, "until"),
    ({"q": "회의", "since": "9999-12-31T23:59:59-05:00"}, "since"),
    ({"q": "회의", "limit": 0}, "limit"), ({"q": "회의", "cursor": "garbage"}, "cursor"),
])
def test_bad_search_parameters_are_422_naming_the_field(client, employee, login, query, field):
    response = client.get("/api/search", query_string=query, headers=login(employee))
    assert response.status_code == 422, response.json
    assert list(response.json["error"]["fields"]) == [field]


def test_until_must_come_after_since(client, employee, login):
    response = client.get("/api/search", headers=login(employee), query_string={
        "q": "회의", "since": "2026-02-01T00:00:00Z", "until": "2026-02-01T00:00:00Z"})
    assert response.status_code == 422
    assert response.json["error"]["field_codes"]["until"] == [{"code": "ends_before_start", "params": {}}]


# -- highlighting --------------------------------------------------------------------------------
def test_segments_mark_every_occurrence_whatever_its_case():
    assert segments("Report: the REPORT  and  report", "report") == [
        {"text": "Report", "match": True}, {"text": ": the ", "match": False},
        {"text": "REPORT", "match": True}, {"text": " and ", "match": False},
        {"text": "report", "match": True}]
    assert segments("50% 할인 (a.b)", "(a.b)") == [{"text": "50% 할인 ", "match": False},
                                                   {"text": "(a.b)", "match": True}]
    assert segments("없음", "회의") == [{"text": "없음", "match": False}]


def test_a_snippet_is_a_window_around_the_first_match():
    text_ = "가" * 500 + "회의" + "나" * 500
    parts = snippet(text_, "회의")
    shown = whole(parts)
    assert shown.startswith("…") and shown.endswith("…") and marked(parts) == ["회의"]
    assert len(shown) == SNIPPET + 2
    near_the_end = snippet("가" * 500 + "회의", "회의")
    assert whole(near_the_end).endswith("회의") and len(whole(near_the_end)) == SNIPPET + 1
    assert whole(snippet("짧은 회의", "회의")) == "짧은 회의"


def test_a_snippet_shows_a_markdown_body_without_its_marks(client, employee, login, board):
    headers = login(employee)
    body = "## 일정\n\n- **중요한** 회의는 [자료](https://files.example/a.pdf)를 보고\n> `회의실` 3층"
    write(client, headers, board, "안내", body)
    [hit] = find(client, headers, "회의")["items"]
    assert whole(hit["snippet"]) == "일정 중요한 회의는 자료를 보고 회의실 3층"
    assert marked(hit["snippet"]) == ["회의", "회의"]
    assert plain("![사진](x.png) 1. 첫째 ~~취소~~ __굵게__") == "사진 1. 첫째 취소 굵게"
