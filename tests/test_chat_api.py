"""Chat over REST: DMs, rooms, history, idempotent sends, edits, reads, access and bad input."""
import threading
import uuid
from urllib.parse import urlsplit

import pytest

from portal.auth import accounts

API = "/api/chat"


def send(client, headers, conversation_id, body="안녕하세요", client_id=None, **extra):
    return client.post(f"{API}/conversations/{conversation_id}/messages", headers=headers,
                       json={"body": body, "client_id": client_id or uuid.uuid4().hex, **extra})


def history(client, headers, conversation_id, **args):
    return client.get(f"{API}/conversations/{conversation_id}/messages", headers=headers, query_string=args)


@pytest.fixture
def dm(client, login, employee, other_employee):
    """(conversation id, employee's headers, other employee's headers)."""
    mine, theirs = login(employee), login(other_employee)
    response = client.post(f"{API}/dm", headers=mine, json={"user_id": other_employee.id})
    assert response.status_code == 200, response.json
    return response.json["id"], mine, theirs


@pytest.fixture
def room(client, login, employee, other_employee, make_user):
    """A room owned by `employee` with `other_employee`; returns (id, owner headers, member headers)."""
    owner, member = login(employee), login(other_employee)
    response = client.post(f"{API}/rooms", headers=owner,
                           json={"name": "개발팀", "member_ids": [other_employee.id]})
    assert response.status_code == 201, response.json
    return response.json["id"], owner, member


# -- DMs ----------------------------------------------------------------------------------
def test_the_same_pair_always_gets_the_same_dm(client, dm, employee, other_employee):
    conversation_id, mine, theirs = dm
    again = client.post(f"{API}/dm", headers=theirs, json={"user_id": employee.id})
    assert again.json["id"] == conversation_id
    assert again.json["kind"] == "dm"
    assert again.json["title"] == "김민지"  # the other person's name
    assert {m["id"] for m in again.json["members"]} == {employee.id, other_employee.id}


@pytest.mark.parametrize("target", ["self", "unknown", "inactive"])
def test_a_dm_needs_another_active_person(client, login, employee, make_user, target):
    if target == "self":
        user_id = employee.id
    elif target == "unknown":
        user_id = 999_999
    else:
        gone = make_user("퇴사자")
        accounts.deactivate(gone)
        user_id = gone.id
    response = client.post(f"{API}/dm", headers=login(employee), json={"user_id": user_id})
    assert response.status_code == 422
    assert response.json["error"]["code"] in {"dm_self", "unknown_user"}


# -- sending and history ------------------------------------------------------------------
def test_send_and_read_history_both_ways(client, dm):
    conversation_id, mine, theirs = dm
    ids = [send(client, mine if i % 2 else theirs, conversation_id, f"메시지 {i}").json["id"] for i in range(7)]

    latest = history(client, theirs, conversation_id, limit=3).json
    assert [m["id"] for m in latest["items"]] == ids[-3:] and latest["has_more"] is True
    older = history(client, theirs, conversation_id, before=ids[-3], limit=3).json
    assert [m["id"] for m in older["items"]] == ids[1:4] and older["has_more"] is True
    oldest = history(client, theirs, conversation_id, before=ids[1], limit=3).json
    assert [m["id"] for m in oldest["items"]] == ids[:1] and oldest["has_more"] is False

    caught_up = history(client, mine, conversation_id, after=ids[2], limit=3).json
    assert [m["id"] for m in caught_up["items"]] == ids[3:6] and caught_up["has_more"] is True
    rest = history(client, mine, conversation_id, after=ids[5]).json
    assert [m["id"] for m in rest["items"]] == ids[6:] and rest["has_more"] is False
    assert rest["items"][0]["body"] == "메시지 6"


def test_a_retried_send_stores_one_message(client, dm):
    conversation_id, mine, _theirs = dm
    first = send(client, mine, conversation_id, "한 번만", client_id="retry-1")
    second = send(client, mine, conversation_id, "한 번만", client_id="retry-1")
    assert first.status_code == second.status_code == 201
    assert first.json["id"] == second.json["id"]
    assert len(history(client, mine, conversation_id).json["items"]) == 1


def test_a_client_id_cannot_be_reused_in_another_conversation(client, dm, room):
    send(client, dm[1], dm[0], client_id="once")
    response = send(client, room[1], room[0], client_id="once")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "client_id_reused"


@pytest.mark.parametrize("body, code", [
    ("", "empty_message"),
    ("   \n\t ", "empty_message"),
    ("가" * 4001, "message_too_long"),
])
def test_bad_bodies_are_refused(client, dm, body, code):
    response = send(client, dm[1], dm[0], body)
    assert response.status_code == 422
    assert response.json["error"]["code"] == code
    assert "body" in response.json["error"]["fields"]


def test_a_body_of_exactly_the_limit_is_accepted(client, dm):
    assert send(client, dm[1], dm[0], "가" * 4000).status_code == 201


@pytest.mark.parametrize("payload", [{"body": "hi"}, {"client_id": ""}, {"body": 5, "client_id": "x"}])
def test_malformed_sends_are_refused(client, dm, payload):
    response = client.post(f"{API}/conversations/{dm[0]}/messages", headers=dm[1], json=payload)
    assert response.status_code == 422


def test_history_refuses_before_and_after_together(client, dm):
    assert history(client, dm[1], dm[0], before=5, after=1).status_code == 422


# -- edits, deletes and reads -------------------------------------------------------------
def test_edit_and_delete_own_messages_show_to_others(client, dm):
    conversation_id, mine, theirs = dm
    message_id = send(client, mine, conversation_id, "오타").json["id"]
    edited = client.patch(f"{API}/messages/{message_id}", headers=mine, json={"body": "고침"})
    assert edited.status_code == 200 and edited.json["edited_at"]
    seen = history(client, theirs, conversation_id).json["items"][0]
    assert seen["body"] == "고침" and seen["edited_at"]

    assert client.delete(f"{API}/messages/{message_id}", headers=mine).status_code == 204
    seen = history(client, theirs, conversation_id).json["items"][0]
    assert seen["id"] == message_id and seen["body"] == "" and seen["deleted_at"]
    again = client.patch(f"{API}/messages/{message_id}", headers=mine, json={"body": "다시"})
    assert again.status_code == 409


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_only_the_author_changes_a_message(client, dm, method):
    conversation_id, mine, theirs = dm
    message_id = send(client, mine, conversation_id).json["id"]
    response = getattr(client, method)(f"{API}/messages/{message_id}", headers=theirs, json={"body": "x"})
    assert response.status_code == 403


def test_unread_counts_and_read_position(client, dm):
    conversation_id, mine, theirs = dm
    ids = [send(client, mine, conversation_id, f"{i}").json["id"] for i in range(3)]
    listed = client.get(f"{API}/conversations", headers=theirs).json["items"][0]
    assert listed["unread_count"] == 3 and listed["last_message"]["id"] == ids[-1]
    assert client.get(f"{API}/conversations", headers=mine).json["items"][0]["unread_count"] == 0

    assert client.post(f"{API}/conversations/{conversation_id}/read", headers=theirs,
                       json={"message_id": ids[1]}).status_code == 204
    assert client.get(f"{API}/conversations", headers=theirs).json["items"][0]["unread_count"] == 1
    # The read position never moves back.
    client.post(f"{API}/conversations/{conversation_id}/read", headers=theirs, json={"message_id": ids[0]})
    assert client.get(f"{API}/conversations", headers=theirs).json["items"][0]["unread_count"] == 1


def test_reading_a_message_of_another_conversation_is_refused(client, dm, room):
    other_message = send(client, room[1], room[0]).json["id"]
    response = client.post(f"{API}/conversations/{dm[0]}/read", headers=dm[1], json={"message_id": other_message})
    assert response.status_code == 422
    assert response.json["error"]["code"] == "unknown_message"


def test_conversations_are_listed_most_recent_first(client, dm, room):
    send(client, dm[1], dm[0])
    send(client, room[1], room[0])
    assert [c["id"] for c in client.get(f"{API}/conversations", headers=dm[1]).json["items"]] == [room[0], dm[0]]
    send(client, dm[1], dm[0])
    assert [c["id"] for c in client.get(f"{API}/conversations", headers=dm[1]).json["items"]] == [dm[0], room[0]]


# -- rooms --------------------------------------------------------------------------------
def test_room_members_rename_and_leave(client, room, make_user, login, employee):
    conversation_id, owner, member = room
    newcomer = make_user("박서연")
    added = client.post(f"{API}/rooms/{conversation_id}/members", headers=member, json={"user_ids": [newcomer.id]})
    assert added.status_code == 200 and len(added.json["members"]) == 3
    newcomer_headers = login(newcomer)
    assert history(client, newcomer_headers, conversation_id).status_code == 200

    renamed = client.patch(f"{API}/rooms/{conversation_id}", headers=owner, json={"name": "플랫폼팀"})
    assert renamed.status_code == 200 and renamed.json["title"] == "플랫폼팀"
    assert client.patch(f"{API}/rooms/{conversation_id}", headers=member, json={"name": "x"}).status_code == 403

    assert client.post(f"{API}/rooms/{conversation_id}/leave", headers=owner).status_code == 204
    left = send(client, owner, conversation_id)
    assert left.status_code == 403 and left.json["error"]["code"] == "left_conversation"
    assert history(client, owner, conversation_id).status_code == 403
    assert conversation_id not in [c["id"] for c in client.get(f"{API}/conversations", headers=owner).json["items"]]
    # Ownership passed on, so the room can still be renamed by someone in it.
    assert client.patch(f"{API}/rooms/{conversation_id}", headers=member, json={"name": "새 이름"}).status_code == 200


def test_an_admin_may_rename_any_room(client, room, admin, login):
    response = client.patch(f"{API}/rooms/{room[0]}", headers=login(admin), json={"name": "정리된 방"})
    assert response.status_code == 200 and response.json["title"] == "정리된 방"


def test_dms_are_not_rooms(client, dm, make_user):
    response = client.post(f"{API}/rooms/{dm[0]}/members", headers=dm[1], json={"user_ids": [make_user().id]})
    assert response.status_code == 422
    assert client.post(f"{API}/rooms/{dm[0]}/leave", headers=dm[1]).status_code == 422


@pytest.mark.parametrize("payload", [{"name": "   ", "member_ids": []}, {"name": "a" * 101},
                                     {"name": "방", "member_ids": [999_999]}])
def test_bad_rooms_are_refused(client, login, employee, payload):
    assert client.post(f"{API}/rooms", headers=login(employee), json=payload).status_code == 422


# -- who may see what ---------------------------------------------------------------------
@pytest.mark.parametrize("method, path, payload", [
    ("get", "/conversations/{id}", None),
    ("get", "/conversations/{id}/messages", None),
    ("post", "/conversations/{id}/messages", {"body": "엿보기", "client_id": "spy"}),
    ("post", "/conversations/{id}/read", {"message_id": 1}),
    ("post", "/rooms/{id}/members", {"user_ids": [1]}),
    ("post", "/rooms/{id}/leave", None),
    ("patch", "/rooms/{id}", {"name": "x"}),
])
def test_outsiders_get_404(client, room, make_user, login, method, path, payload):
    outsider = login(make_user("외부인"))
    for conversation_id in (room[0], 999_999):
        response = getattr(client, method)(API + path.format(id=conversation_id), headers=outsider, json=payload)
        assert response.status_code == 404, (path, response.json)


def test_outsiders_cannot_change_messages(client, dm, make_user, login):
    message_id = send(client, dm[1], dm[0]).json["id"]
    outsider = login(make_user("외부인"))
    assert client.patch(f"{API}/messages/{message_id}", headers=outsider, json={"body": "x"}).status_code == 404
    assert client.delete(f"{API}/messages/{message_id}", headers=outsider).status_code == 404


@pytest.mark.parametrize("method, path", [("get", "/conversations"), ("post", "/dm"), ("get", "/people")])
def test_chat_needs_a_token(client, method, path):
    assert getattr(client, method)(API + path, json={}).status_code == 401


def test_a_deactivated_user_loses_access_at_once(client, dm, employee, admin, login):
    conversation_id, mine, _theirs = dm
    client.patch(f"/api/admin/users/{employee.id}", headers=login(admin), json={"is_active": False})
    assert history(client, mine, conversation_id).status_code == 401


def test_people_search(client, login, employee, make_user):
    make_user("박서연")
    gone = make_user("박퇴사")
    accounts.deactivate(gone)
    found = client.get(f"{API}/people", headers=login(employee), query_string={"q": "박"}).json["items"]
    names = [p["name"] for p in found]
    assert names == ["박서연"]


# -- attachments --------------------------------------------------------------------------
def upload(client, headers, content=b"%PDF-1.4 chat", name="회의록.pdf"):
    presigned = client.post("/api/uploads/presign", headers=headers,
                            json={"filename": name, "content_type": "application/pdf", "size": len(content)}).json
    url = urlsplit(presigned["url"])
    assert client.put(f"{url.path}?{url.query}", data=content, headers=presigned["headers"]).status_code == 200
    return presigned["key"]


def test_attachments_are_readable_by_members_only(client, dm, make_user, login):
    conversation_id, mine, theirs = dm
    key = upload(client, mine)
    sent = send(client, mine, conversation_id, "", attachment_key=key)
    assert sent.status_code == 201 and sent.json["attachment"]["filename"] == "회의록.pdf"
    presign_get = "/api/uploads/presign-get"
    assert client.get(presign_get, headers=theirs, query_string={"key": key}).status_code == 200
    outsider = login(make_user("외부인"))
    assert client.get(presign_get, headers=outsider, query_string={"key": key}).status_code == 404
    # The same file cannot be attached twice.
    again = send(client, mine, conversation_id, "again", attachment_key=key)
    assert again.status_code == 400 and again.json["error"]["code"] == "bad_attachment"
    # Deleting the message takes the file back to its owner.
    client.delete(f"{API}/messages/{sent.json['id']}", headers=mine)
    assert client.get(presign_get, headers=theirs, query_string={"key": key}).status_code == 404
    assert client.get(presign_get, headers=mine, query_string={"key": key}).status_code == 200


def test_one_file_sent_at_once_on_several_messages_lands_on_one(app, client, dm):
    """Three sends race for one file (two are retries of one send): one message holds it, the
    retry gets that message back, the other send is refused; never two owners."""
    conversation_id, mine, _theirs = dm
    key = upload(client, mine)
    start, results = threading.Barrier(3), []

    def race(client_id):
        start.wait()
        results.append(send(app.test_client(), mine, conversation_id, "", client_id=client_id, attachment_key=key))

    threads = [threading.Thread(target=race, args=(cid,)) for cid in ("retry", "retry", "other")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = [r for r in results if r.status_code in (200, 201)]
    refused = [r for r in results if r.status_code == 400]
    assert len(sent) + len(refused) == 3 and len({r.json["id"] for r in sent}) == 1
    assert all(r.json["error"]["code"] == "bad_attachment" for r in refused)
    stored = history(client, mine, conversation_id).json["items"]
    assert [m["attachment"]["key"] for m in stored] == [key]


def test_someone_elses_upload_cannot_be_attached(client, dm):
    conversation_id, mine, theirs = dm
    key = upload(client, theirs)
    response = send(client, mine, conversation_id, "훔치기", attachment_key=key)
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_attachment"
    assert response.json["error"]["fields"]["attachment_key"] == [f"{key}: not issued to you."]
