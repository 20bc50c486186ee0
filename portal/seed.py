"""Sample content for development, in Korean as the portal's users write it."""
from __future__ import annotations

from sqlalchemy import select

from portal.auth import accounts
from portal.extensions import db
from portal.models import Board, Post, User
from portal.posts import content

BOARDS = [
    ("공지사항", "notice", "회사 공지 (관리자만 작성)", True),
    ("자유게시판", "free", "자유롭게 이야기해요", False),
    ("업무 공유", "work", "회의록, 자료, 업무 공유", False),
]
EMPLOYEES = [("minji.kim@portal.local", "김민지"), ("junho.lee@portal.local", "이준호")]
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
    admin = accounts.create_user(admin_email, "관리자", admin_password, role="admin")
    people = [admin] + [accounts.create_user(email, name, admin_password) for email, name in EMPLOYEES]
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
