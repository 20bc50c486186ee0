"""The upload flow over real HTTP, as a browser does it: presign, PUT to storage, attach, signed GET.

Runs against both backends: `local` (the portal signs and checks its own URLs) and `s3`
(s3rver, an S3-compatible server that verifies SigV4 signatures, signed Content-Type and expiry).
"""
import time
from datetime import datetime, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
import requests

from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n% portal test\n" + b"0" * 2048
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def http_login(base, user):
    session = requests.Session()
    response = session.post(f"{base}/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return session


def presign(session, base, filename="회의록 최종.pdf", content_type="application/pdf", size=len(PDF)):
    return session.post(f"{base}/api/uploads/presign",
                        json={"filename": filename, "content_type": content_type, "size": size})


def put(ticket, data, **header_overrides):
    headers = {**ticket["headers"], **header_overrides}
    return requests.request(ticket["method"], ticket["url"], data=data, headers=headers, timeout=10)


def expiry(url) -> float:
    """When a signed URL stops working: `expires` (local backend), X-Amz-Date + X-Amz-Expires (S3)."""
    query = dict(parse_qsl(urlsplit(url).query))
    if "expires" in query:
        return float(query["expires"])
    signed = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    return signed.timestamp() + int(query["X-Amz-Expires"])


def tamper(url, **params):
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def signature_param(url):
    query = dict(parse_qsl(urlsplit(url).query))
    return "X-Amz-Signature" if "X-Amz-Signature" in query else "signature"


def test_presign_put_attach_and_download_with_korean_filename(live_server, employee, other_employee, board):
    base = live_server
    me = http_login(base, employee)
    ticket = presign(me, base).json()
    assert ticket["method"] == "PUT" and ticket["key"].startswith("uploads/") and ticket["key"].endswith(".pdf")
    assert ticket["headers"] == {"Content-Type": "application/pdf", "If-None-Match": "*"} and ticket["expires_in"] > 0
    assert put(ticket, PDF).status_code == 200

    created = me.post(f"{base}/api/posts", json={"board_id": board.id, "title": "주간 회의록", "body": "첨부 참고",
                                                 "attachment_keys": [ticket["key"]]})
    assert created.status_code == 201, created.text
    attachment = created.json()["attachments"][0]
    assert attachment == {"key": ticket["key"], "filename": "회의록 최종.pdf", "content_type": "application/pdf",
                          "size": len(PDF), "is_image": False}

    # Another employee may read the post, so may download the file, under its Korean name.
    other = http_login(base, other_employee)
    link = other.get(f"{base}/api/uploads/presign-get", params={"key": ticket["key"]})
    assert link.status_code == 200
    download = requests.get(link.json()["url"], timeout=10)
    assert download.status_code == 200 and download.content == PDF
    assert "filename*=UTF-8''%ED%9A%8C%EC%9D%98%EB%A1%9D%20%EC%B5%9C%EC%A2%85.pdf" in \
        download.headers["Content-Disposition"]
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_images_are_served_inline(live_server, employee, board):
    me = http_login(live_server, employee)
    ticket = presign(me, live_server, "사진.png", "image/png", len(PNG)).json()
    assert put(ticket, PNG).status_code == 200
    created = me.post(f"{live_server}/api/posts", json={"board_id": board.id, "title": "사진", "body": "",
                                                        "attachment_keys": [ticket["key"]]})
    assert created.json()["attachments"][0]["is_image"] is True
    url = me.get(f"{live_server}/api/uploads/presign-get", params={"key": ticket["key"]}).json()["url"]
    image = requests.get(url, timeout=10)
    assert image.headers["Content-Type"] == "image/png" and image.content == PNG
    assert image.headers["Content-Disposition"].startswith("inline")


def test_a_forged_signature_is_refused(live_server, employee):
    me = http_login(live_server, employee)
    ticket = presign(me, live_server).json()
    forged = tamper(ticket["url"], **{signature_param(ticket["url"]): "0" * 64})
    assert put({**ticket, "url": forged}, PDF).status_code == 403


def test_a_different_content_type_is_refused(live_server, employee):
    me = http_login(live_server, employee)
    ticket = presign(me, live_server).json()
    assert put(ticket, b"<script>alert(1)</script>", **{"Content-Type": "text/html"}).status_code == 403


def test_an_expired_url_is_refused(live_server, storage_app, employee):
    me = http_login(live_server, employee)
    storage_app.config["UPLOAD_URL_EXPIRES"] = 1
    try:
        ticket = presign(me, live_server).json()
    finally:
        storage_app.config["UPLOAD_URL_EXPIRES"] = 300
    # Until the moment the URL itself names (a PUT cannot be repeated to poll: storage keeps the
    # first), plus storage's one-second resolution.
    time.sleep(max(0.0, expiry(ticket["url"]) + 1 - time.time()))
    assert put(ticket, PDF).status_code == 403


def test_a_tampered_download_link_is_refused(live_server, employee, board):
    me = http_login(live_server, employee)
    ticket = presign(me, live_server).json()
    put(ticket, PDF)
    me.post(f"{live_server}/api/posts", json={"board_id": board.id, "title": "t", "body": "",
                                              "attachment_keys": [ticket["key"]]})
    url = me.get(f"{live_server}/api/uploads/presign-get", params={"key": ticket["key"]}).json()["url"]
    assert requests.get(tamper(url, **{signature_param(url): "f" * 64}), timeout=10).status_code == 403


def count_posts(session, base):
    return len(session.get(f"{base}/api/posts").json()["items"])


@pytest.mark.parametrize("problem", ["never_uploaded", "other_users_key", "wrong_size", "unknown_key"])
def test_attaching_a_bad_key_is_refused_and_nothing_is_saved(live_server, employee, other_employee, board,
                                                             problem):
    base = live_server
    me, other = http_login(base, employee), http_login(base, other_employee)
    if problem == "never_uploaded":
        key = presign(me, base).json()["key"]
    elif problem == "other_users_key":
        ticket = presign(other, base).json()
        put(ticket, PDF)
        key = ticket["key"]
    elif problem == "wrong_size":
        ticket = presign(me, base, size=len(PDF) + 10).json()
        put(ticket, PDF)
        key = ticket["key"]
    else:
        key = "uploads/00000000-0000-0000-0000-000000000000.pdf"
    response = me.post(f"{base}/api/posts", json={"board_id": board.id, "title": "t", "body": "b",
                                                  "attachment_keys": [key]})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_attachment" and key in error["fields"]["attachment_keys"][0]
    assert count_posts(me, base) == 0


@pytest.mark.parametrize("declared, field", [
    ({"filename": "a.exe", "content_type": "application/x-msdownload", "size": 10}, "content_type"),
    ({"filename": "a.html", "content_type": "text/html", "size": 10}, "content_type"),
    ({"filename": "big.pdf", "content_type": "application/pdf", "size": 20 * 1024 * 1024 + 1}, "size"),
    ({"filename": "zero.pdf", "content_type": "application/pdf", "size": 0}, "size"),
    ({"filename": "", "content_type": "application/pdf", "size": 10}, "filename"),
    ({"filename": "x.pdf", "content_type": "application/pdf", "size": "10"}, "size"),
])
def test_presign_refuses_bad_declarations(client, employee, login, declared, field):
    response = client.post("/api/uploads/presign", json=declared, headers=login(employee))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_filenames_lose_path_parts_but_keep_korean(client, employee, login):
    response = client.post("/api/uploads/presign", json={"filename": "../../etc/보고서.txt",
                                                         "content_type": "text/plain", "size": 5},
                           headers=login(employee))
    assert response.status_code == 200
    from portal.models import Upload

    assert Upload.query.filter_by(key=response.json["key"]).one().filename == "보고서.txt"


def test_download_links_only_for_readers(client, employee, other_employee, login):
    key = client.post("/api/uploads/presign", json={"filename": "a.pdf", "content_type": "application/pdf",
                                                    "size": 5}, headers=login(employee)).json["key"]
    # Not attached yet: only its owner may fetch it.
    assert client.get("/api/uploads/presign-get", query_string={"key": key},
                      headers=login(other_employee)).status_code == 404
    assert client.get("/api/uploads/presign-get", query_string={"key": key},
                      headers=login(employee)).status_code == 200
    assert client.get("/api/uploads/presign-get", query_string={"key": "uploads/nope.pdf"},
                      headers=login(employee)).status_code == 404


def test_limits(client, employee, login):
    limits = client.get("/api/uploads/limits", headers=login(employee)).json
    assert limits["max_bytes"] == 20 * 1024 * 1024 and "application/pdf" in limits["content_types"]


# -- files that cannot be swapped or disguised ------------------------------------------------
def test_an_uploaded_file_cannot_be_replaced(live_server, employee, other_employee, board):
    """A second PUT to the same (still valid) URL is refused, before and after attach; the
    other employees keep downloading the original bytes."""
    me = http_login(live_server, employee)
    ticket = presign(me, live_server).json()
    assert put(ticket, PDF).status_code == 200
    swapped = b"%PDF-1.4\n% swapped " + b"1" * (len(PDF) - 19)
    assert put(ticket, swapped).status_code == 412
    created = me.post(f"{live_server}/api/posts", json={"board_id": board.id, "title": "계약서", "body": "",
                                                        "attachment_keys": [ticket["key"]]})
    assert created.status_code == 201, created.text
    assert put(ticket, swapped).status_code == 412
    # Leaving the conditional header out breaks the signature instead.
    assert put(ticket, swapped, **{"If-None-Match": ""}).status_code in (403, 412)
    other = http_login(live_server, other_employee)
    url = other.get(f"{live_server}/api/uploads/presign-get", params={"key": ticket["key"]}).json()["url"]
    assert requests.get(url, timeout=10).content == PDF


@pytest.mark.parametrize("filename, content_type", [
    ("invoice.exe", "application/pdf"), ("run.hta", "application/pdf"), ("start.bat", "text/plain"),
    ("page.html", "text/plain"), ("app.js", "text/plain"), ("logo.svg", "image/png"), ("report", "application/pdf"),
    ("invoice\u202efdp.exe", "application/pdf"),
])
def test_the_name_must_end_as_its_declared_type_does(client, employee, login, filename, content_type):
    response = client.post("/api/uploads/presign", json={"filename": filename, "content_type": content_type,
                                                         "size": 10}, headers=login(employee))
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "extension_mismatch"
    assert list(response.json["error"]["fields"]) == ["filename"]


def test_invisible_characters_leave_the_name(client, employee, login):
    response = client.post("/api/uploads/presign", json={"filename": "보고\u200b서\u202e.pdf",
                                                         "content_type": "application/pdf", "size": 10},
                           headers=login(employee))
    assert response.status_code == 200, response.json
    from portal.models import Upload

    assert Upload.query.filter_by(key=response.json["key"]).one().filename == "보고서.pdf"


def test_bytes_that_are_not_the_declared_type_are_refused_at_attach(live_server, employee, board):
    me = http_login(live_server, employee)
    executable = b"MZ\x90\x00" + b"\x00" * (len(PDF) - 4)
    ticket = presign(me, live_server).json()
    assert put(ticket, executable).status_code == 200
    response = me.post(f"{live_server}/api/posts", json={"board_id": board.id, "title": "t", "body": "",
                                                         "attachment_keys": [ticket["key"]]})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_attachment"
    assert count_posts(me, live_server) == 0


def test_unicode_text_from_excel_attaches(live_server, employee, board):
    """UTF-16 with its byte-order mark (Excel's and Notepad's "Unicode text") is text, zero bytes and all."""
    me = http_login(live_server, employee)
    text = "\ufeff이름\t부서\n김민지\t인사팀\n".encode("utf-16-le")
    ticket = presign(me, live_server, "명단.txt", "text/plain", len(text)).json()
    assert put(ticket, text).status_code == 200
    created = me.post(f"{live_server}/api/posts", json={"board_id": board.id, "title": "명단", "body": "",
                                                        "attachment_keys": [ticket["key"]]})
    assert created.status_code == 201, created.text
