"""Sample content for development, in Korean as the portal's users write it."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from portal.auth import accounts
from portal.auth.passwords import verify_password
from portal.extensions import db
from portal.models import Board, Post, User
from portal.posts import content

BOARDS = [
    ("공지사항", "notice", "회사 공지 (관리자만 작성)", True),
    ("자유게시판", "free", "자유롭게 이야기해요", False),
    ("업무 공유", "work", "회의록, 자료, 업무 공유", False),
]
EMPLOYEES = [("minji.kim@portal.local", "김민지"), ("junho.lee@portal.local", "이준호")]
# Department, title (직함) and phone of the admin and each sample employee, for the directory.
PROFILES = [("경영지원팀", "시스템 관리자", "02-1234-5600"), ("개발팀", "선임 연구원", "02-1234-5611"),
            ("인사팀", "대리", "02-1234-5622")]
# The first run's password, kept beside the SQLite database so every `make run` can print the
# sample logins again. Development only: `flask seed` refuses to run in production.
PASSWORD_FILE = "seed-password.dev"
POSTS = [
    ("notice", 0, "2026년 하반기 보안 교육 안내", "모든 임직원은 **11월 30일**까지 보안 교육을 이수해 주세요."),
    ("free", 1, "점심 맛집 추천 받습니다", "회사 근처 국밥집 추천해 주세요 🍚"),
    ("work", 2, "주간회의록 (11월 3주차)", "## 안건\n- 신규 포털 오픈 일정\n- 회의실 예약 규칙"),
    ("work", 1, "Q4 report draft", "Please review the *Q4 report* draft before Friday."),
]


def seed_development_data(admin_email: str, admin_password: str) -> bool:
    """Create the sample data once; returns False when it was already there."""
    if db.session.scalar(select(User).limit(1)) is not None:
        return False
    # The printed sample logins must work as printed: these are not initial passwords to replace.
    admin = accounts.create_user(admin_email, "관리자", admin_password, role="admin", must_change_password=False)
    people = [admin] + [accounts.create_user(email, name, admin_password, must_change_password=False)
                        for email, name in EMPLOYEES]
    for person, (department, title, phone) in zip(people, PROFILES, strict=True):
        person.department, person.title, person.phone = department, title, phone
    boards = {}
    for position, (name, slug, description, admin_only) in enumerate(BOARDS):
        boards[slug] = Board(name=name, slug=slug, description=description, admin_only=admin_only,
                             position=position)
        db.session.add(boards[slug])
    db.session.flush()
    for slug, author_index, title, body in POSTS:
        db.session.add(Post(board_id=boards[slug].id, author_id=people[author_index].id,
                            **content.written(title, body)))
    db.session.commit()
    return True


def remember_password(instance_path: str, password: str) -> None:
    path = Path(instance_path) / PASSWORD_FILE
    path.write_text(password)
    path.chmod(0o600)


def sample_logins(admin_email: str, instance_path: str) -> list[tuple[str, str, str | None]]:
    """(role, email, password) for the admin and the sample employees; the password is None
    when it was changed since the first run (the kept one no longer verifies)."""
    path = Path(instance_path) / PASSWORD_FILE
    password = path.read_text().strip() if path.exists() else ""
    logins = []
    for email in [admin_email] + [email for email, _name in EMPLOYEES]:
        user = accounts.find_by_email(email)
        if user is None:
            continue
        still_valid = bool(password) and verify_password(user.password_hash, password)
        logins.append((user.role, user.email, password if still_valid else None))
    return logins


def summary_box(url: str, logins: list[tuple[str, str, str | None]]) -> str:
    """The box `make run` ends with: where the portal is and who can sign in."""
    lines = [f"The portal:  {url}", f"API docs:    {url.rstrip('/')}/api/docs", ""]
    for role, email, password in logins:
        shown = password or "(changed since the first run: flask --app wsgi set-password EMAIL)"
        lines.append(f"{role:<9} {email:<26} {shown}")
    lines += ["", "Another port: make run PORT=5001     Stop: Ctrl+C"]
    width = max(len(line) for line in lines) + 2
    rule = "+" + "-" * (width + 2) + "+"
    return "\n".join([rule, *(f"| {line:<{width}} |" for line in lines), rule])
