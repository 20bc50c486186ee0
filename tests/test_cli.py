"""flask create-user, set-password, deactivate-user and seed, as an admin runs them on the server."""
import pytest

from portal.auth import accounts
from tests.conftest import PASSWORD


def test_create_user_with_password_on_stdin(runner, client):
    result = runner.invoke(args=["create-user", "Boss@Portal.test", "--name", "대표", "--admin", "--password-stdin"],
                           input="대표님의-비밀번호-2026\n")
    assert result.exit_code == 0, result.output
    assert "created admin boss@portal.test" in result.output
    login = client.post("/api/auth/login", json={"email": "boss@portal.test", "password": "대표님의-비밀번호-2026"})
    assert login.status_code == 200 and login.json["user"]["role"] == "admin"


def test_create_user_prompts_twice(runner):
    result = runner.invoke(args=["create-user", "a@portal.test", "--name", "가"],
                           input="비밀번호-하나-둘셋\n비밀번호-하나-둘셋\n")
    assert result.exit_code == 0, result.output
    assert accounts.find_by_email("a@portal.test").role == "employee"


@pytest.mark.parametrize("args, stdin, reason", [
    (["create-user", "{existing}", "--name", "x", "--password-stdin"], "충분히-긴-비밀번호-1\n",
     "already exists"),
    (["create-user", "new@portal.test", "--name", "x", "--password-stdin"], "short\n", "at least 10"),
    (["create-user", "new@portal.test", "--name", "x", "--password-stdin"], "password123\n", "too common"),
    (["create-user", "not-an-email", "--name", "x", "--password-stdin"], "충분히-긴-비밀번호-1\n",
     "not an email"),
    (["set-password", "nobody@portal.test", "--password-stdin"], "충분히-긴-비밀번호-1\n", "no user"),
    (["set-password", "{existing}", "--password-stdin"], "short\n", "at least 10"),
    (["deactivate-user", "nobody@portal.test"], "", "no user"),
])
def test_errors_are_one_line_with_non_zero_exit(runner, employee, args, stdin, reason):
    args = [a.replace("{existing}", employee.email) for a in args]
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and reason in lines[0]


def test_set_password_and_deactivate(runner, client, employee):
    assert runner.invoke(args=["set-password", employee.email, "--password-stdin"],
                         input="새로운-비밀번호-99\n").exit_code == 0
    assert client.post("/api/auth/login", json={"email": employee.email, "password": PASSWORD}).status_code == 401
    assert client.post("/api/auth/login", json={"email": employee.email, "password": "새로운-비밀번호-99"}
                       ).status_code == 200
    assert runner.invoke(args=["deactivate-user", employee.email]).exit_code == 0
    assert client.post("/api/auth/login", json={"email": employee.email, "password": "새로운-비밀번호-99"}
                       ).status_code == 401


def _logins(box: str) -> dict[str, tuple[str, str]]:
    """{email: (role, password shown)} from the summary box `flask seed` prints."""
    rows = [line.strip("| ").split(None, 2) for line in box.splitlines() if "@portal.local" in line]
    return {email: (role, shown) for role, email, shown in rows}


def test_seed_prints_every_sample_login_on_every_run(runner, client):
    first = runner.invoke(args=["seed", "--url", "http://127.0.0.1:5123/"])
    assert first.exit_code == 0, first.output
    assert "http://127.0.0.1:5123/" in first.output and "make run PORT=" in first.output
    logins = _logins(first.output)
    assert [role for role, _ in logins.values()] == ["admin", "employee", "employee"]
    for email, (_role, password) in logins.items():
        assert client.post("/api/auth/login", json={"email": email, "password": password}).status_code == 200

    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0 and _logins(second.output) == logins  # nothing created twice, same logins

    admin_email = next(email for email, (role, _) in logins.items() if role == "admin")
    runner.invoke(args=["set-password", admin_email, "--password-stdin"], input="새로운-비밀번호-99\n")
    third = _logins(runner.invoke(args=["seed"]).output)
    assert third[admin_email][1].startswith("(changed since the first run")
