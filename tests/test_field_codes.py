"""Field errors carry codes the web app translates, so no English sentence reaches the Korean UI."""
import pytest

from portal import field_problems
from tests.conftest import PASSWORD


def codes(response, field):
    return [(p["code"], p["params"]) for p in response.json["error"]["field_codes"][field]]


def test_service_refusals_have_codes(client, admin, employee, login):
    headers = login(admin)
    client.post("/api/admin/boards", json={"name": "개발팀", "slug": "dev"}, headers=headers)
    taken = client.post("/api/admin/boards", json={"name": "x", "slug": "dev"}, headers=headers)
    assert taken.json["error"]["fields"] == {"slug": ["Already in use."]}  # the sentences stay (compatible)
    assert codes(taken, "slug") == [("taken", {})]
    email = client.post("/api/admin/users", json={"email": employee.email, "name": "n", "password": PASSWORD},
                        headers=headers)
    assert codes(email, "email") == [("taken", {})]


@pytest.mark.parametrize("new, expected", [
    ("short", ("length_between", {"min": 10, "max": 128})),
    ("qwertyuiop", ("password_common", {})),
])
def test_password_refusals_have_codes(client, employee, login, new, expected):
    response = client.put("/api/auth/password", json={"current_password": PASSWORD, "new_password": new},
                          headers=login(employee))
    assert response.status_code == 422 and codes(response, "new_password") == [expected]


def test_wrong_current_password_has_a_code(client, employee, login):
    response = client.put("/api/auth/password", json={"current_password": "nope-nope-nope",
                                                      "new_password": "새로운-비밀번호-2026"}, headers=login(employee))
    assert codes(response, "current_password") == [("incorrect", {})]


@pytest.mark.parametrize("body, field, expected", [
    ({"name": "x", "slug": "개발"}, "slug", ("slug_pattern", {"max": 60})),
    ({"name": "x"}, "slug", ("required", {})),
    ({"name": "", "slug": "ok"}, "name", ("length_between", {"min": "1", "max": "100"})),
    ({"name": "x", "slug": "ok", "description": "가" * 501}, "description", ("too_long", {"max": "500"})),
    ({"name": "x", "slug": "ok", "admin_only": "maybe"}, "admin_only", ("invalid_boolean", {})),
])
def test_marshmallow_validators_have_codes(client, admin, login, body, field, expected):
    response = client.post("/api/admin/boards", json=body, headers=login(admin))
    assert response.status_code == 422 and codes(response, field) == [expected]


def test_one_of_and_unknown_fields_have_codes(client, admin, login):
    response = client.post("/api/admin/users", json={"email": "a@b.cd", "name": "n", "password": PASSWORD,
                                                     "role": "king", "shoe_size": 9}, headers=login(admin))
    assert codes(response, "role")[0][0] == "one_of"
    assert codes(response, "shoe_size") == [("unknown_field", {})]


def test_an_uncoded_sentence_becomes_invalid_not_english():
    assert field_problems.from_message("Something nobody coded.").code == "invalid"
    with pytest.raises(ValueError):
        field_problems.Problem("no_such_code", "x")
