"""People: the directory, departments, profiles and their photos, as employees and admins use them."""
import pytest
import requests
import sqlalchemy.exc

from portal.extensions import db
from portal.models import Upload
from tests.test_uploads import PDF, PNG, http_login, presign, put


@pytest.fixture
def company(make_user):
    """A small company: three departments, one person without one, one who has left."""
    people = {
        "minji": make_user("김민지", email="minji.kim@portal.test", department="개발팀", title="선임 연구원",
                           phone="02-1234-5611"),
        "junho": make_user("이준호", email="junho.lee@portal.test", department="인사팀", title="대리"),
        "seoyeon": make_user("박서연", email="seoyeon.park@portal.test", department="개발팀", title="팀장"),
        "hana": make_user("최하나", email="hana.choi@portal.test", department="영업팀"),
        "newbie": make_user("강신입", email="newbie@portal.test"),
        "gone": make_user("정퇴사", email="gone@portal.test", department="개발팀"),
        "admin": make_user("관리자", role="admin", email="admin@portal.test", department="경영지원팀"),
    }
    people["gone"].is_active = False
    db.session.commit()
    return people


def names(response):
    assert response.status_code == 200, response.json
    return [person["name"] for person in response.json["items"]]


# -- the directory ------------------------------------------------------------------------------
def test_the_directory_lists_active_employees_by_name(client, company, login):
    response = client.get("/api/people", headers=login(company["minji"]))
    assert names(response) == ["강신입", "관리자", "김민지", "박서연", "이준호", "최하나"]
    minji = next(p for p in response.json["items"] if p["name"] == "김민지")
    assert minji == {"id": company["minji"].id, "name": "김민지", "email": "minji.kim@portal.test",
                     "department": "개발팀", "title": "선임 연구원", "phone": "02-1234-5611", "photo_url": None,
                     "online": False}


@pytest.mark.parametrize("query, expected", [
    ({"department": "개발팀"}, ["김민지", "박서연"]),  # the one who left is not listed
    ({"department": "개발"}, []),  # a department by its exact name
    ({"q": "개발"}, ["김민지", "박서연"]),  # q: part of a department …
    ({"q": "준호"}, ["이준호"]),  # … of a name …
    ({"q": "HANA.CHOI"}, ["최하나"]),  # … or of an email, in any case
    ({"q": "팀", "department": "영업팀"}, ["최하나"]),
    ({"q": "%"}, []),  # wildcards are literal
])
def test_the_directory_filters_by_department_and_finds_by_part_of_a_name_email_or_department(
        client, company, login, query, expected):
    assert names(client.get("/api/people", query_string=query, headers=login(company["junho"]))) == expected


def test_the_directory_pages_by_name_with_cursors(client, company, login):
    headers, seen, cursor = login(company["minji"]), [], None
    while True:
        page = client.get("/api/people", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})},
                          headers=headers)
        seen += names(page)
        assert len(page.json["items"]) <= 2
        cursor = page.json["next_cursor"]
        if cursor is None:
            break
    assert seen == ["강신입", "관리자", "김민지", "박서연", "이준호", "최하나"]


def test_a_page_continues_after_its_last_person_even_with_namesakes(client, make_user, login):
    same = [make_user("김민지", department="개발팀") for _ in range(3)]
    headers = login(same[0])
    first = client.get("/api/people", query_string={"limit": 2}, headers=headers).json
    second = client.get("/api/people", query_string={"limit": 2, "cursor": first["next_cursor"]},
                        headers=headers).json
    assert [p["id"] for p in first["items"] + second["items"]] == [u.id for u in same]
    assert second["next_cursor"] is None


def test_departments_with_their_counts(client, company, login):
    response = client.get("/api/people/departments", headers=login(company["newbie"]))
    assert response.status_code == 200
    assert response.json == {"items": [{"name": "개발팀", "count": 2}, {"name": "경영지원팀", "count": 1},
                                       {"name": "영업팀", "count": 1}, {"name": "인사팀", "count": 1}],
                             "total": 6}


def test_the_chat_picker_finds_colleagues_by_the_same_rule(client, company, login):
    """/api/chat/people is the directory's search (one home), without the one searching."""
    found = client.get("/api/chat/people", query_string={"q": "개발"}, headers=login(company["minji"])).json
    assert [p["name"] for p in found["items"]] == ["박서연"]
    assert set(found["items"][0]) == {"id", "name"}  # the chat API's shape, unchanged


# -- profiles -----------------------------------------------------------------------------------
def test_a_profile(client, company, login):
    response = client.get(f"/api/people/{company['minji'].id}", headers=login(company["junho"]))
    assert response.status_code == 200
    assert response.json == {"id": company["minji"].id, "name": "김민지", "email": "minji.kim@portal.test",
                             "department": "개발팀", "title": "선임 연구원", "phone": "02-1234-5611",
                             "photo_url": None, "online": False, "can_edit": False}


def test_the_directory_and_profiles_say_who_has_the_portal_open(app, client, company, login):
    """Presence is the chat tier's (a socket open on any screen of the portal), shown beside people."""
    presence = app.extensions["chat_presence"]
    presence.add(company["junho"].id, "a-socket-of-junho")
    try:
        listed = client.get("/api/people", headers=login(company["minji"])).json["items"]
        assert {p["name"] for p in listed if p["online"]} == {"이준호"}
        assert client.get(f"/api/people/{company['junho'].id}", headers=login(company["minji"])).json["online"]
        presence.remove(company["junho"].id, "a-socket-of-junho")
        assert not client.get(f"/api/people/{company['junho'].id}", headers=login(company["minji"])).json["online"]
    finally:
        presence.remove(company["junho"].id, "a-socket-of-junho")


@pytest.mark.parametrize("viewer, can_edit", [("minji", True), ("junho", False), ("admin", True)])
def test_who_may_edit_a_profile(client, company, login, viewer, can_edit):
    url = f"/api/people/{company['minji'].id}"
    assert client.get(url, headers=login(company[viewer])).json["can_edit"] is can_edit
    changed = client.patch(url, json={"phone": "010-9876-5432"}, headers=login(company[viewer]))
    assert changed.status_code == (200 if can_edit else 403)


def test_people_who_left_and_unknown_ids_are_not_found(client, company, login):
    for user_id in (company["gone"].id, 999_999):
        for headers in (login(company["minji"]), login(company["admin"])):
            assert client.get(f"/api/people/{user_id}", headers=headers).status_code == 404
            assert client.patch(f"/api/people/{user_id}", json={"phone": "1234"}, headers=headers).status_code == 404


@pytest.mark.parametrize("phone, stored", [
    ("010-1234-5678", "010-1234-5678"), ("  +82 10 1234 5678 ", "+82 10 1234 5678"), ("(02) 123.4567", "(02) 123.4567"),
    ("1234", "1234"), ("", None), (None, None),
])
def test_employees_set_their_own_phone(client, company, login, phone, stored):
    response = client.patch(f"/api/people/{company['minji'].id}", json={"phone": phone},
                            headers=login(company["minji"]))
    assert response.status_code == 200 and response.json["phone"] == stored


@pytest.mark.parametrize("body, field, code", [
    ({"phone": "공일공-1234"}, "phone", "phone_pattern"),
    ({"phone": "010-1234-5678 내선 3"}, "phone", "phone_pattern"),
    ({"phone": "-"}, "phone", "phone_pattern"),
    ({"phone": "1" * 31}, "phone", "too_long"),
    ({"department": "개발팀"}, "department", "unknown_field"),  # the company sets it, in the admin area
    ({"title": "사장"}, "title", "unknown_field"),
    ({"photo_key": ""}, "photo_key", "length_between"),
])
def test_bad_profile_changes_are_422_naming_the_field(client, company, login, body, field, code):
    response = client.patch(f"/api/people/{company['minji'].id}", json=body, headers=login(company["minji"]))
    assert response.status_code == 422, response.json
    assert [p["code"] for p in response.json["error"]["field_codes"][field]] == [code]
    assert client.get(f"/api/people/{company['minji'].id}", headers=login(company["minji"])).json["phone"] == \
        "02-1234-5611"


def test_admins_set_department_and_title_in_the_admin_area(client, company, login):
    headers = login(company["admin"])
    created = client.post("/api/admin/users", headers=headers, json={
        "email": "jiwoo.han@portal.test", "name": "한지우", "password": "지우의-초기-비밀번호-1",
        "department": " 디자인팀 ", "title": "디자이너"})
    assert created.status_code == 201, created.json
    assert (created.json["department"], created.json["title"]) == ("디자인팀", "디자이너")
    url = f"/api/admin/users/{created.json['id']}"
    moved = client.patch(url, json={"department": "개발팀"}, headers=headers)
    assert (moved.json["department"], moved.json["title"]) == ("개발팀", "디자이너")  # left out: unchanged
    cleared = client.patch(url, json={"title": None}, headers=headers)
    assert (cleared.json["department"], cleared.json["title"]) == ("개발팀", None)
    assert client.patch(url, json={"title": "   "}, headers=headers).json["title"] is None
    too_long = client.patch(url, json={"department": "가" * 101}, headers=headers)
    assert too_long.status_code == 422 and list(too_long.json["error"]["fields"]) == ["department"]
    assert names(client.get("/api/people", query_string={"department": "개발팀"}, headers=headers)) == \
        ["김민지", "박서연", "한지우"]
    audit = client.get("/api/admin/audit", query_string={"action": "user.update"}, headers=headers).json["items"]
    assert audit[-1]["detail"]["department"] == "개발팀"


# -- photos (over real HTTP: the local backend and s3rver, which checks signatures) ----------------
def upload(session, base, data=PNG, filename="사진.png", content_type="image/png"):
    ticket = presign(session, base, filename, content_type, len(data)).json()
    assert put(ticket, data).status_code == 200
    return ticket["key"]


def test_a_photo_is_an_uploaded_image_every_employee_sees(live_server, company, board):
    base = live_server
    minji, junho = http_login(base, company["minji"]), http_login(base, company["junho"])
    key = upload(minji, base)
    changed = minji.patch(f"{base}/api/people/{company['minji'].id}", json={"photo_key": key})
    assert changed.status_code == 200, changed.text

    # Any colleague sees it: in the directory, on the profile, and by the key.
    listed = junho.get(f"{base}/api/people", params={"q": "김민지"}).json()["items"][0]
    image = requests.get(listed["photo_url"], timeout=10)
    assert image.status_code == 200 and image.content == PNG and image.headers["Content-Type"] == "image/png"
    assert image.headers["Content-Disposition"].startswith("inline")
    assert junho.get(f"{base}/api/people/{company['minji'].id}").json()["photo_url"]
    assert junho.get(f"{base}/api/uploads/presign-get", params={"key": key}).status_code == 200

    # The photo has one owner: it cannot also be attached to a post, even by its uploader.
    post = minji.post(f"{base}/api/posts", json={"board_id": board.id, "title": "t", "body": "",
                                                 "attachment_keys": [key]})
    assert post.status_code == 400 and post.json()["error"]["code"] == "bad_attachment"
    assert post.json()["error"]["field_codes"]["attachment_keys"][0]["code"] == "attachment_in_use"


def test_replacing_a_photo_frees_the_old_one_and_null_removes_it(live_server, company, board):
    base, url = live_server, f"{live_server}/api/people/{company['minji'].id}"
    minji = http_login(base, company["minji"])
    first, second = upload(minji, base), upload(minji, base, filename="새 사진.png")
    assert minji.patch(url, json={"photo_key": first}).status_code == 200
    assert minji.patch(url, json={"photo_key": first}).status_code == 200  # the same photo again: kept
    assert minji.patch(url, json={"photo_key": second}).status_code == 200
    db.session.expire_all()
    owners = {u.key: u.profile_user_id for u in Upload.query.filter(Upload.key.in_([first, second]))}
    assert owners == {first: None, second: company["minji"].id}
    # The old one is the uploader's again, free for a post.
    reused = minji.post(f"{base}/api/posts", json={"board_id": board.id, "title": "옛 사진", "body": "",
                                                   "attachment_keys": [first]})
    assert reused.status_code == 201, reused.text

    removed = minji.patch(url, json={"photo_key": None})
    assert removed.status_code == 200 and removed.json()["photo_url"] is None
    db.session.expire_all()
    assert Upload.query.filter_by(key=second).one().profile_user_id is None


def test_only_an_image_can_be_a_photo(live_server, company):
    base = live_server
    minji = http_login(base, company["minji"])
    key = upload(minji, base, PDF, "이력서.pdf", "application/pdf")
    response = minji.patch(f"{base}/api/people/{company['minji'].id}", json={"photo_key": key})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "not_an_image" and error["field_codes"] == {
        "photo_key": [{"code": "not_an_image", "params": {}}]}
    db.session.expire_all()
    assert Upload.query.filter_by(key=key).one().profile_user_id is None


@pytest.mark.parametrize("problem", ["someone_elses", "never_uploaded", "not_an_image_inside", "unknown"])
def test_a_photo_must_be_ones_own_uploaded_image(live_server, company, problem):
    base = live_server
    minji, junho = http_login(base, company["minji"]), http_login(base, company["junho"])
    if problem == "someone_elses":
        key = upload(junho, base)
    elif problem == "never_uploaded":
        key = presign(minji, base, "사진.png", "image/png", len(PNG)).json()["key"]
    elif problem == "not_an_image_inside":  # declared a PNG, bytes of a PDF
        key = upload(minji, base, PDF, "사진.png", "image/png")
    else:
        key = "uploads/00000000-0000-0000-0000-000000000000.png"
    response = minji.patch(f"{base}/api/people/{company['minji'].id}", json={"photo_key": key})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_attachment"
    assert list(response.json()["error"]["fields"]) == ["photo_key"]


def test_an_admin_sets_someones_photo_and_it_is_audited(live_server, company):
    base = live_server
    admin = http_login(base, company["admin"])
    key = upload(admin, base)
    response = admin.patch(f"{base}/api/people/{company['junho'].id}", json={"photo_key": key, "phone": "02-555-0100"})
    assert response.status_code == 200 and response.json()["photo_url"] and response.json()["phone"] == "02-555-0100"
    event = admin.get(f"{base}/api/admin/audit", params={"action": "user.update"}).json()["items"][0]
    assert event["target_id"] == str(company["junho"].id) and event["detail"]["photo"] == key


def test_the_database_keeps_one_owner_per_upload(app, company, board):
    from portal.models import Post

    post = Post(board_id=board.id, author_id=company["minji"].id, title="t", body="b", excerpt="b", body_html="b",
                search_grams=[])
    photo = Upload(key="uploads/photo.png", owner_id=company["minji"].id, filename="p.png", content_type="image/png",
                   size=1, profile_user_id=company["minji"].id)
    db.session.add_all([post, photo])
    db.session.flush()
    photo.post_id = post.id
    with pytest.raises(sqlalchemy.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
