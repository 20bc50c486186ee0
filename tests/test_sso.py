"""Single sign-on against a real OpenID Connect provider (oidc-provider on loopback).

The browser's part is played by two clients: Flask's test client for the portal (it keeps the
portal's cookies) and a `requests` session for the provider (its own cookies and sign-in form).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from portal.auth.sso import provider as oidc
from portal.auth.sso import sealed
from portal.extensions import db
from portal.models import AuditEvent, AuthSession, User
from tests.conftest import PASSWORD, SSO_CALLBACK, SSO_DOMAIN
from tests.test_auth import refresh

ALICE = {"email": f"alice@{SSO_DOMAIN}", "email_verified": True, "name": "Alice Kim", "groups": ["staff"]}


def at_provider(auth_url: str, login: str, browser: requests.Session | None = None) -> str:
    """Sign in at the provider's page as `login`; returns the URL it sends the browser back to."""
    browser = browser or requests.Session()
    url, response = auth_url, browser.get(auth_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(SSO_CALLBACK):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
        elif response.status_code == 200 and "<form" in response.text:
            assert "No such account" not in response.text, f"{login} is not an account at the provider"
            action = re.search(r'action="([^"]+)"', response.text).group(1)
            url = urljoin(url, action)
            response = browser.post(url, data={"login": login}, allow_redirects=False, timeout=10)
        else:
            raise AssertionError(f"the provider answered {response.status_code}: {response.text[:300]}")
    raise AssertionError("the provider never sent the browser back")


def start(client, next_path: str = "/boards/free"):
    response = client.get("/api/auth/sso/start", query_string={"next": next_path})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def callback(client, url: str):
    parts = urlparse(url)
    return client.get(parts.path, query_string=parts.query)


def sign_in(client, login: str, next_path: str = "/boards/free"):
    return callback(client, at_provider(start(client, next_path), login))


def refused_with(response) -> str | None:
    assert response.status_code == 302
    location = urlparse(response.headers["Location"])
    return parse_qs(location.query).get("sso_error", [None])[0] if location.path == "/login" else None


def session_cookie_set(response) -> bool:
    return any(h.startswith("refresh_token_cookie=") for h in response.headers.getlist("Set-Cookie"))


def forget_session(client) -> None:
    client.delete_cookie("refresh_token_cookie", path="/api/auth")
    client.delete_cookie("csrf_refresh_token", path="/")


@pytest.fixture
def alice(sso_app, oidc_provider, make_user):
    oidc_provider.set_accounts({"alice": ALICE})
    return make_user("김앨리스", email=ALICE["email"])


def test_an_employee_signs_in_through_the_provider_and_gets_the_portals_own_session(client, alice, oidc_provider):
    auth_url = start(client)
    query = parse_qs(urlparse(auth_url).query)
    assert auth_url.startswith(oidc_provider.url)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0] and query["redirect_uri"] == [SSO_CALLBACK]
    handoff = client.get_cookie("portal_sso", path="/api/auth/sso/callback")
    assert handoff.http_only and handoff.same_site == "Lax"

    response = callback(client, at_provider(auth_url, "alice"))
    assert response.status_code == 302 and response.headers["Location"] == "/boards/free"
    assert session_cookie_set(response)
    assert client.get_cookie("portal_sso", path="/api/auth/sso/callback") is None  # used once

    refreshed = refresh(client)
    assert refreshed.status_code == 200, refreshed.json
    assert refreshed.json["user"]["email"] == ALICE["email"]
    me = client.get("/api/auth/me", headers={"Authorization": f"Bearer {refreshed.json['access_token']}"})
    assert me.json["id"] == alice.id

    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event.actor_id == alice.id
    assert event.detail["method"] == "sso" and event.detail["subject"] == "alice"
    assert event.detail["provider"] == oidc_provider.url
    row = db.session.scalar(select(AuthSession).where(AuthSession.user_id == alice.id))
    assert row.provider_subject == "alice" and row.provider_refresh_token
    token = sealed.decrypt(row.provider_refresh_token)
    assert token and token not in row.provider_refresh_token  # kept encrypted


def test_the_password_keeps_working_and_the_account_is_the_same(client, alice):
    assert refused_with(sign_in(client, "alice")) is None
    response = client.post("/api/auth/login", json={"email": alice.email, "password": PASSWORD})
    assert response.status_code == 200 and response.json["user"]["id"] == alice.id
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 1


@pytest.mark.parametrize("account, code", [
    ({**ALICE, "email_verified": False}, "email_unverified"),
    ({**ALICE, "email_verified": None}, "email_unverified"),
    ({**ALICE, "email": None}, "email_unverified"),
    ({**ALICE, "email": "alice@elsewhere.example"}, "domain_not_allowed"),
    ({**ALICE, "email": f"alice@evil{SSO_DOMAIN}"}, "domain_not_allowed"),
    ({**ALICE, "email": f"alice@sub.{SSO_DOMAIN}"}, "domain_not_allowed"),
    ({**ALICE, "email": f"nobody@{SSO_DOMAIN}"}, "account_not_found"),
], ids=["unverified", "no-verified-claim", "no-email", "foreign-domain", "suffix-domain", "subdomain",
        "no-such-user"])
def test_refusals_send_the_browser_to_the_sign_in_page_with_a_reason(client, alice, oidc_provider, account, code):
    oidc_provider.set_accounts({"alice": {k: v for k, v in account.items() if v is not None}})
    response = sign_in(client, "alice")
    assert refused_with(response) == code
    assert not session_cookie_set(response)
    assert refresh(client).status_code == 401
    failed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))
    assert failed.detail["reason"] == code and failed.detail["subject"] == "alice"


def test_a_deactivated_user_stays_out_whatever_the_provider_says(client, alice, admin, login):
    client.patch(f"/api/admin/users/{alice.id}", json={"is_active": False}, headers=login(admin))
    forget_session(client)
    assert refused_with(sign_in(client, "alice")) == "account_inactive"
    assert refresh(client).status_code == 401


def test_just_in_time_creation_makes_the_account_on_first_sign_in(client, sso_app, oidc_provider):
    oidc_provider.set_accounts({"bora": {"email": f"Bora@{SSO_DOMAIN}", "email_verified": True, "name": "박보라"}})
    assert refused_with(sign_in(client, "bora")) == "account_not_found"
    sso_app.config["OIDC_JIT_CREATE"] = True
    assert refused_with(sign_in(client, "bora")) is None
    user = db.session.scalar(select(User).where(User.email == f"bora@{SSO_DOMAIN}"))
    assert user.name == "박보라" and user.role == "employee"
    # No password opens the account made by single sign-on.
    for password in ("", "!sso", PASSWORD):
        response = client.post("/api/auth/login", json={"email": user.email, "password": password or "x"})
        assert response.status_code == 401


def test_the_admin_group_claim_grants_and_takes_the_admin_role(client, sso_app, alice, oidc_provider):
    sso_app.config["OIDC_ADMIN_GROUP"] = "portal-admins"
    oidc_provider.set_accounts({"alice": {**ALICE, "groups": ["staff", "portal-admins"]}})
    sign_in(client, "alice")
    assert refresh(client).json["user"]["role"] == "admin"
    oidc_provider.set_accounts({"alice": ALICE})
    sign_in(client, "alice")
    assert refresh(client).json["user"]["role"] == "employee"


def test_a_tampered_state_is_refused(client, alice):
    back = at_provider(start(client), "alice")
    tampered = re.sub(r"state=[^&]+", "state=forged-state", back)
    assert refused_with(callback(client, tampered)) == "state_mismatch"
    assert refused_with(callback(client, back)) == "state_mismatch"  # the handoff was used up


def test_a_response_naming_another_issuer_is_refused(client, alice, oidc_provider):
    back = at_provider(start(client), "alice")
    assert f"iss={oidc_provider.url.replace(':', '%3A').replace('/', '%2F')}" in back  # RFC 9207
    mixed_up = re.sub(r"iss=[^&]+", "iss=https%3A%2F%2Fattacker.example", back)
    response = callback(client, mixed_up)
    assert refused_with(response) == "sso_failed" and not session_cookie_set(response)


def test_a_callback_without_the_handoff_cookie_is_refused(client, alice):
    back = at_provider(start(client), "alice")
    client.delete_cookie("portal_sso", path="/api/auth/sso/callback")
    assert refused_with(callback(client, back)) == "state_mismatch"


def test_a_handoff_cookie_not_signed_by_the_portal_is_refused(client, alice):
    back = at_provider(start(client), "alice")
    state = parse_qs(urlparse(back).query)["state"][0]
    forged = URLSafeTimedSerializer("another-key", salt="portal-sso-handoff").dumps(
        {"state": state, "nonce": "n", "verifier": "v" * 43, "next": "/"})
    client.set_cookie("portal_sso", forged, path="/api/auth/sso/callback")
    assert refused_with(callback(client, back)) == "state_mismatch"


def test_an_id_token_with_another_nonce_is_refused(client, sso_app, alice):
    auth_url = start(client)
    cookie = client.get_cookie("portal_sso", path="/api/auth/sso/callback").value
    serializer = URLSafeTimedSerializer(sso_app.config["SECRET_KEY"], salt="portal-sso-handoff")
    handoff = serializer.loads(cookie)
    client.set_cookie("portal_sso", serializer.dumps({**handoff, "nonce": "a-nonce-from-another-sign-in"}),
                      path="/api/auth/sso/callback")
    response = callback(client, at_provider(auth_url, "alice"))
    assert refused_with(response) == "sso_failed" and not session_cookie_set(response)


def test_a_wrong_pkce_verifier_is_refused_by_the_provider(client, sso_app, alice):
    auth_url = start(client)
    serializer = URLSafeTimedSerializer(sso_app.config["SECRET_KEY"], salt="portal-sso-handoff")
    handoff = serializer.loads(client.get_cookie("portal_sso", path="/api/auth/sso/callback").value)
    client.set_cookie("portal_sso", serializer.dumps({**handoff, "verifier": "x" * 64}),
                      path="/api/auth/sso/callback")
    assert refused_with(callback(client, at_provider(auth_url, "alice"))) == "sso_failed"


@pytest.mark.parametrize("misbehaviour", ["expired", "rogue"])
def test_expired_and_wrongly_signed_id_tokens_are_refused(client, alice, oidc_provider, misbehaviour):
    back = at_provider(start(client), "alice")
    oidc_provider.misbehave(id_token=misbehaviour)
    response = callback(client, back)
    assert refused_with(response) == "sso_failed" and not session_cookie_set(response)


def test_sign_in_survives_key_rotation_at_the_provider(client, alice, oidc_provider):
    assert refused_with(sign_in(client, "alice")) is None  # the portal now caches the old key
    old = oidc_provider.key_ids
    oidc_provider.rotate_keys()
    assert oidc_provider.key_ids != old
    forget_session(client)
    assert refused_with(sign_in(client, "alice")) is None
    assert refresh(client).status_code == 200


def test_a_provider_that_does_not_answer_is_explained(client, sso_app, alice, oidc_provider):
    oidc._cache.clear()
    oidc_provider.misbehave(down=True)
    assert refused_with(client.get("/api/auth/sso/start")) == "provider_unavailable"
    oidc_provider.misbehave()
    back = at_provider(start(client), "alice")
    oidc_provider.misbehave(down=True)
    assert refused_with(callback(client, back)) == "provider_unavailable"


def test_a_provider_nobody_listens_on_is_explained(client, sso_app, alice):
    from tests.servers import free_port

    sso_app.config["OIDC_ISSUER"] = f"http://127.0.0.1:{free_port()}"
    assert refused_with(client.get("/api/auth/sso/start")) == "provider_unavailable"


def test_the_user_cancelling_at_the_provider_is_explained(client, alice):
    start(client)
    state = parse_qs(urlparse(start(client)).query)["state"][0]
    response = client.get("/api/auth/sso/callback", query_string={"error": "access_denied", "state": state})
    assert refused_with(response) == "access_denied"


@pytest.mark.parametrize("next_path", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_the_return_path_stays_on_the_portal(client, alice, next_path):
    response = sign_in(client, "alice", next_path)
    assert response.headers["Location"] == "/"


def test_removing_the_employee_at_the_provider_ends_the_portal_session_at_the_next_refresh(client, alice,
                                                                                       oidc_provider):
    sign_in(client, "alice")
    assert refresh(client).status_code == 200  # the provider agreed (and rotated its token)
    oidc_provider.set_accounts({})
    ended = refresh(client)
    assert ended.status_code == 401 and ended.json["error"]["code"] == "session_revoked"
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.session_ended_by_provider"))
    assert refresh(client).status_code == 401


def test_signing_out_at_the_provider_ends_the_portal_session_at_the_next_refresh(client, alice, oidc_provider):
    browser = requests.Session()
    callback(client, at_provider(start(client), "alice", browser))
    assert refresh(client).status_code == 200
    page = browser.get(f"{oidc_provider.url}/session/end", timeout=10)
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', page.text).group(1)
    browser.post(f"{oidc_provider.url}/session/end/confirm", data={"xsrf": xsrf, "logout": "yes"}, timeout=10)
    assert refresh(client).json["error"]["code"] == "session_revoked"


def test_an_unreachable_provider_at_refresh_does_not_sign_everyone_out(client, alice, oidc_provider):
    sign_in(client, "alice")
    oidc_provider.misbehave(down=True)
    assert refresh(client).status_code == 200
    oidc_provider.misbehave()
    assert refresh(client).status_code == 200


def test_password_sessions_are_not_checked_at_the_provider(client, alice, oidc_provider):
    client.post("/api/auth/login", json={"email": alice.email, "password": PASSWORD})
    oidc_provider.set_accounts({})
    assert refresh(client).status_code == 200


# -- password sign-in off: single sign-on for everyone but break-glass admins ------------------
@pytest.fixture
def passwords_off(sso_app):
    sso_app.config["PASSWORD_LOGIN"] = False
    return sso_app


def test_the_sign_in_methods_tell_the_web_app_what_to_show(client, sso_app):
    assert client.get("/api/auth/methods").json == {"password": True, "sso": True}
    sso_app.config["PASSWORD_LOGIN"] = False
    assert client.get("/api/auth/methods").json == {"password": False, "sso": True}


def test_password_only_deployments_show_only_the_password_form(client):
    assert client.get("/api/auth/methods").json == {"password": True, "sso": False}
    assert refused_with(client.get("/api/auth/sso/start")) == "sso_disabled"


def test_with_password_sign_in_off_only_break_glass_admins_use_passwords(client, passwords_off, make_user, runner):
    employee = make_user()
    admin = make_user("관리자", role="admin")
    for user in (employee, admin):
        response = client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
        assert response.status_code == 403 and response.json["error"]["code"] == "password_login_disabled"
    # A wrong password still reads as a wrong password (it says nothing about the switch).
    wrong = client.post("/api/auth/login", json={"email": admin.email, "password": "wrong-password-1"})
    assert wrong.status_code == 401

    result = runner.invoke(args=["break-glass", admin.email])
    assert result.exit_code == 0, result.output
    assert client.post("/api/auth/login", json={"email": admin.email, "password": PASSWORD}).status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.update"))
    assert event.detail == {"break_glass": True, "target_label": "관리자"}

    assert runner.invoke(args=["break-glass", employee.email]).exit_code != 0  # admins only
    assert runner.invoke(args=["break-glass", admin.email, "--off"]).exit_code == 0
    assert client.post("/api/auth/login", json={"email": admin.email, "password": PASSWORD}).status_code == 403


def test_admins_mark_break_glass_in_the_admin_api(client, passwords_off, make_user, login):
    acting = make_user("관리자", role="admin")
    acting.break_glass = True
    db.session.commit()
    headers = login(acting)
    other = make_user("부관리자", role="admin")
    employee = make_user()
    response = client.patch(f"/api/admin/users/{other.id}", json={"break_glass": True}, headers=headers)
    assert response.status_code == 200 and response.json["break_glass"] is True
    refused = client.patch(f"/api/admin/users/{employee.id}", json={"break_glass": True}, headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["fields"] == {"break_glass": ["Only for admins."]}
    # Demoting a break-glass admin takes the password away with the role.
    demoted = client.patch(f"/api/admin/users/{other.id}", json={"role": "employee"}, headers=headers)
    assert demoted.json["break_glass"] is False


def test_admins_turn_password_sign_in_off_in_the_admin_area(client, sso_app, make_user, login):
    """At run time, no deployment change: off leaves passwords to break-glass admins only, and it
    is refused while nobody would keep one."""
    acting = make_user("관리자", role="admin")
    headers = login(acting)
    employee = make_user()
    policy = "/api/admin/sign-in-policy"
    assert client.get(policy, headers=headers).json == {
        "password_login": True, "sso": True, "deployment_allows_passwords": True, "break_glass_admins": 0}

    refused = client.put(policy, json={"password_login": False}, headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["code"] == "needs_break_glass_admin"
    assert refused.json["error"]["field_codes"]["password_login"][0]["code"] == "needs_break_glass_admin"
    client.patch(f"/api/admin/users/{acting.id}", json={"break_glass": True}, headers=headers)

    turned_off = client.put(policy, json={"password_login": False}, headers=headers)
    assert turned_off.status_code == 200 and turned_off.json["password_login"] is False
    assert client.get("/api/auth/methods").json == {"password": False, "sso": True}
    login_as_employee = client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD})
    assert login_as_employee.status_code == 403
    assert login_as_employee.json["error"]["code"] == "password_login_disabled"
    assert client.post("/api/auth/login", json={"email": acting.email, "password": PASSWORD}).status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.password_login"))
    assert event.actor_id == acting.id and event.detail == {"on": False}

    assert client.put(policy, json={"password_login": True}, headers=headers).json["password_login"] is True
    assert client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD}).status_code == 200
    # The deployment's PASSWORD_LOGIN=false wins: the admin cannot turn passwords back on.
    sso_app.config["PASSWORD_LOGIN"] = False
    forced = client.put(policy, json={"password_login": True}, headers=headers)
    assert forced.status_code == 422 and forced.json["error"]["code"] == "password_login_forced_off"


def test_password_sign_in_stays_on_without_single_sign_on(client, make_user, login):
    admin = make_user("관리자", role="admin")
    headers = login(admin)
    client.patch(f"/api/admin/users/{admin.id}", json={"break_glass": True}, headers=headers)
    refused = client.put("/api/admin/sign-in-policy", json={"password_login": False}, headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["code"] == "needs_sso"
    assert client.get("/api/auth/methods").json["password"] is True


def test_employees_still_sign_in_with_the_company_account_when_passwords_are_off(client, passwords_off, alice):
    assert refused_with(sign_in(client, "alice")) is None
    assert refresh(client).status_code == 200


def test_signing_out_of_the_portal_revokes_the_providers_refresh_token(client, alice, oidc_provider):
    sign_in(client, "alice")
    refreshed = refresh(client)  # the provider rotates its token at each portal refresh
    row = db.session.scalar(select(AuthSession).where(AuthSession.user_id == alice.id))
    token = sealed.decrypt(row.provider_refresh_token)
    csrf = client.get_cookie("csrf_refresh_token", path="/").value
    assert client.post("/api/auth/logout", headers={"X-CSRF-TOKEN": csrf}).status_code == 204, refreshed.json
    answer = requests.post(f"{oidc_provider.url}/token", data={"grant_type": "refresh_token", "refresh_token": token},
                           auth=(oidc_provider.client_id, oidc_provider.client_secret), timeout=10)
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_grant"


def test_signing_out_of_the_portal_works_with_the_provider_down(client, alice, oidc_provider):
    sign_in(client, "alice")
    oidc_provider.misbehave(down=True)
    csrf = client.get_cookie("csrf_refresh_token", path="/").value
    assert client.post("/api/auth/logout", headers={"X-CSRF-TOKEN": csrf}).status_code == 204
    assert refresh(client).status_code == 401


def test_single_sign_on_sessions_are_not_held_by_an_initial_password(client, sso_app, oidc_provider, make_user):
    """The account was made in the admin area with an initial password, but the employee signs in
    with the company account: nothing to change (a password session still must)."""
    oidc_provider.set_accounts({"alice": ALICE})
    make_user("김앨리스", email=ALICE["email"], initial=True)
    sign_in(client, "alice")
    refreshed = refresh(client)
    assert refreshed.status_code == 200 and refreshed.json["user"]["password_change_required"] is False
    headers = {"Authorization": f"Bearer {refreshed.json['access_token']}"}
    assert client.get("/api/posts", headers=headers).status_code == 200
    by_password = client.post("/api/auth/login", json={"email": ALICE["email"], "password": PASSWORD})
    assert by_password.json["user"]["password_change_required"] is True
    password_headers = {"Authorization": f"Bearer {by_password.json['access_token']}"}
    assert client.get("/api/posts", headers=password_headers).status_code == 403
