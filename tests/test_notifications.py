"""Who hears about what: comments, replies, @mentions, notices to confirm, DMs; and the bell's API."""
import uuid

import pytest

from portal.auth import accounts
from portal.extensions import db
from portal.models import Notification

API = "/api/notifications"


def kinds(client, headers) -> list[tuple[str, str]]:
    """(kind, excerpt) of my notifications, newest first."""
    response = client.get(API, headers=headers)
    assert response.status_code == 200, response.json
    return [(n["kind"], n["excerpt"]) for n in response.json["items"]]


def unread(client, headers) -> int:
    return client.get(f"{API}/unread-count", headers=headers).json["count"]


@pytest.fixture
def people(make_user, login):
    """name -> (user, headers) for four employees; their emails start with their romanized names."""
    names = {"김민지": "minji.kim", "이준호": "junho.lee", "박 서연": "seoyeon.park", "최도윤": "doyun.choi"}
    found = {}
    for name, local in names.items():
        user = make_user(name, email=f"{local}@portal.test")
        found[name] = (user, login(user))
    return found


def post(client, headers, board, title="주간 회의록", body="본문"):
    response = client.post("/api/posts", json={"board_id": board.id, "title": title, "body": body}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def comment(client, headers, post_id, body):
    response = client.post(f"/api/posts/{post_id}/comments", json={"body": body}, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def test_a_comment_notifies_the_author_and_earlier_commenters_but_not_the_commenter(client, people, board):
    (_, minji), (_, junho), (_, seoyeon), (_, doyun) = people.values()
    mine = post(client, minji, board)
    comment(client, minji, mine["id"], "제가 먼저 씁니다")  # my own comment on my own post: nothing
    assert kinds(client, minji) == []
    comment(client, junho, mine["id"], "좋아요")
    assert kinds(client, minji) == [("comment", "좋아요")]
    assert kinds(client, junho) == []
    comment(client, seoyeon, mine["id"], "저도요")
    assert kinds(client, minji) == [("comment", "저도요"), ("comment", "좋아요")]
    assert kinds(client, junho) == [("reply", "저도요")]  # a reply in a thread he commented on
    assert kinds(client, seoyeon) == [] and kinds(client, doyun) == []


def test_mentions_by_name_or_email_notify_once_and_never_oneself(client, people, board):
    (_, minji), (_, junho), (_, seoyeon), (_, doyun) = people.values()
    created = post(client, minji, board, title="회의 안내",
                   body="@이준호 님, @seoyeon.park 님 확인 부탁해요. @김민지 @없는사람")
    assert kinds(client, junho) == [("mention", "회의 안내")]
    assert kinds(client, seoyeon) == [("mention", "회의 안내")]
    post(client, minji, board, title="다시 안내", body="@박서연 님 (이름의 띄어쓰기는 빼고 씁니다)")
    assert kinds(client, seoyeon)[0] == ("mention", "다시 안내")
    assert kinds(client, minji) == [] and kinds(client, doyun) == []
    # Mentioned in a comment on her own post, the author hears of it once (as a mention).
    comment(client, doyun, created["id"], "@김민지 확인했습니다")
    assert kinds(client, minji) == [("mention", "@김민지 확인했습니다")]
    # An address in the text is not a mention.
    comment(client, doyun, created["id"], "메일은 minji.kim@portal.test 로 주세요")
    assert [k for k, _ in kinds(client, minji)] == ["comment", "mention"]


def test_a_deactivated_colleague_hears_nothing(client, people, board, admin):
    (minji_user, minji), (junho_user, junho), _, _ = people.values()
    created = post(client, minji, board)
    comment(client, junho, created["id"], "첫 댓글")
    accounts.deactivate(junho_user, actor=admin)
    comment(client, people["박 서연"][1], created["id"], "@이준호 보셨나요?")
    assert db.session.query(Notification).filter_by(recipient_id=junho_user.id).count() == 0


def test_a_notice_to_confirm_notifies_every_active_employee_but_the_admin(client, people, board, admin, login):
    (_, minji), (_, junho), (seoyeon_user, _), _ = people.values()
    accounts.deactivate(seoyeon_user, actor=admin)
    created = post(client, minji, board, title="보안 교육 안내")
    plain = post(client, minji, board, title="일반 공지")
    admin_headers = login(admin)
    assert client.post("/api/notices", json={"post_id": plain["id"]}, headers=admin_headers).status_code == 201
    assert kinds(client, junho) == []  # a notice that need not be confirmed is not pushed
    response = client.post("/api/notices", json={"post_id": created["id"], "requires_ack": True}, headers=admin_headers)
    assert response.status_code == 201, response.json
    assert kinds(client, junho) == [("notice", "보안 교육 안내")]
    assert kinds(client, minji) == [("notice", "보안 교육 안내")]
    assert kinds(client, admin_headers) == []
    assert db.session.query(Notification).filter_by(recipient_id=seoyeon_user.id).count() == 0
    # Turning "must confirm" on later tells those not yet told, and nobody twice.
    notice_id = client.get("/api/notices", headers=junho).json["items"][1]["id"]
    client.patch(f"/api/notices/{notice_id}", json={"requires_ack": True}, headers=admin_headers)
    client.patch(f"/api/notices/{notice_id}", json={"scope": "board"}, headers=admin_headers)
    assert [e for _, e in kinds(client, junho)] == ["일반 공지", "보안 교육 안내"]


def send(client, headers, conversation_id, body):
    response = client.post(f"/api/chat/conversations/{conversation_id}/messages", headers=headers,
                           json={"body": body, "client_id": uuid.uuid4().hex})
    assert response.status_code == 201, response.json


def test_a_dm_notifies_the_other_person_with_one_unread_notification_per_conversation(client, people):
    (_, minji), (junho_user, junho), _, _ = people.values()
    dm = client.post("/api/chat/dm", json={"user_id": junho_user.id}, headers=minji).json["id"]
    send(client, minji, dm, "안녕하세요")
    send(client, minji, dm, "회의 몇 시죠?")
    assert kinds(client, junho) == [("dm", "회의 몇 시죠?")]
    assert kinds(client, minji) == []
    item = client.get(API, headers=junho).json["items"][0]
    assert item["conversation_id"] == dm and item["message_id"] and item["actor"]["name"] == "김민지"


def test_a_room_mention_reaches_members_only(client, people):
    (_, minji), (junho_user, junho), (seoyeon_user, seoyeon), (_, doyun) = people.values()
    room = client.post("/api/chat/rooms", json={"name": "개발팀", "member_ids": [junho_user.id, seoyeon_user.id]},
                       headers=minji).json["id"]
    send(client, minji, room, "다들 안녕하세요")  # a room message without a mention: nobody
    assert kinds(client, junho) == []
    assert client.post(f"/api/chat/rooms/{room}/leave", headers=seoyeon).status_code in (200, 204)
    send(client, minji, room, "@이준호 @박서연 @최도윤 배포 확인 부탁")
    assert kinds(client, junho) == [("mention", "@이준호 @박서연 @최도윤 배포 확인 부탁")]
    assert kinds(client, seoyeon) == []  # left the room
    assert kinds(client, doyun) == []  # never in it


def test_the_bell_pages_counts_and_marks_read(client, people, board):
    (_, minji), (_, junho), _, _ = people.values()
    first = post(client, minji, board, title="첫 글")
    second = post(client, minji, board, title="둘째 글")
    for number in range(3):
        comment(client, junho, first["id"], f"댓글 {number}")
    comment(client, junho, second["id"], "다른 글 댓글")
    assert unread(client, minji) == 4
    page = client.get(API, query_string={"limit": 3}, headers=minji).json
    assert [n["excerpt"] for n in page["items"]] == ["다른 글 댓글", "댓글 2", "댓글 1"]
    rest = client.get(API, query_string={"limit": 3, "cursor": page["next_cursor"]}, headers=minji).json
    assert [n["excerpt"] for n in rest["items"]] == ["댓글 0"] and rest["next_cursor"] is None

    newest = page["items"][0]
    assert newest["post_id"] == second["id"] and newest["comment_id"] and newest["read_at"] is None
    assert client.post(f"{API}/{newest['id']}/read", headers=junho).status_code == 404  # not his
    assert client.post(f"{API}/{newest['id']}/read", headers=minji).status_code == 204
    assert client.post(f"{API}/{newest['id']}/read", headers=minji).status_code == 204  # twice is fine
    assert unread(client, minji) == 3
    assert len(client.get(API, query_string={"unread": "true"}, headers=minji).json["items"]) == 3
    # Opening the first post marks what is about it read.
    response = client.post(f"{API}/read-all", json={"post_id": first["id"]}, headers=minji)
    assert response.status_code == 200 and response.json == {"count": 0}
    comment(client, junho, second["id"], "하나 더")
    assert client.post(f"{API}/read-all", json={}, headers=minji).json == {"count": 0}
    assert all(n["read_at"] for n in client.get(API, headers=minji).json["items"])


def test_deleting_the_post_deletes_its_notifications(client, people, board):
    (_, minji), (_, junho), _, _ = people.values()
    created = post(client, minji, board)
    comment(client, junho, created["id"], "댓글")
    assert unread(client, minji) == 1
    assert client.delete(f"/api/posts/{created['id']}", headers=minji).status_code == 204
    assert unread(client, minji) == 0 and kinds(client, minji) == []
