"""Notifications arrive live: an event caused through one server process reaches the recipient's
socket on another (through the real Redis), and nobody else's."""
import requests

from portal.extensions import db
from portal.models import Board
from tests.test_chat_realtime import connect, people, server_env, servers  # noqa: F401 (fixtures)


def test_a_comment_on_my_post_reaches_my_socket_on_another_process(connect, people):  # noqa: F811
    board = Board(name="자유게시판", slug="free-live", description="")
    db.session.add(board)
    db.session.commit()
    minji, junho, doyun = connect(people["김민지"], 1), connect(people["이준호"], 0), connect(people["최도윤"], 1)
    created = requests.post(f"{junho.server_url}/api/posts", headers=minji.headers, timeout=10,
                            json={"board_id": board.id, "title": "주간 회의록", "body": "본문"}).json()
    response = requests.post(f"{junho.server_url}/api/posts/{created['id']}/comments", headers=junho.headers,
                             json={"body": "@최도윤 확인 부탁해요"}, timeout=10)  # through process A
    assert response.status_code == 201, response.text
    got = minji.expect("notification:new", kind="comment")  # socket on process B
    assert got["post_id"] == created["id"] and got["actor"]["name"] == "이준호" and got["read_at"] is None
    assert doyun.expect("notification:new", kind="mention")["excerpt"] == "@최도윤 확인 부탁해요"
    assert junho.received("notification:new") == []


def test_a_dm_notifies_the_other_person_live(connect, people):  # noqa: F811
    minji, junho = connect(people["김민지"], 0), connect(people["이준호"], 1)
    dm = minji.api("POST", "/dm", json={"user_id": junho.user.id}).json()["id"]
    sent = minji.send(dm, "점심 같이 하실래요?")
    got = junho.expect("notification:new", kind="dm")
    assert got["conversation_id"] == dm and got["message_id"] == sent["id"]
    assert minji.received("notification:new") == []
