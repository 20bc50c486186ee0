"""A realistic portal database, built fast: users, boards, posts with Korean and English
Markdown bodies, and comments, written with COPY.

    .venv/bin/python bench/dataset.py --posts 1000000 --database portal_bench_1m [--keep]

The schema comes from the portal's own migrations (`flask db upgrade`), and every derived
column is computed by the portal's own code in `derived_columns` (one place: a column another
change adds, such as a stored excerpt, is added there). Other benchmarks import `build`.

Bodies are sentences of Korean office vocabulary and English work words (Zipf-distributed,
so a few words are common and most are rare), with Markdown headings, lists, bold text and
links. A few terms are planted at known shares so searches have a known answer:
`PLANTED` maps each term to the share of posts that contain it.
"""
from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from portal.posts import content  # noqa: E402

SERVER = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench-password-1"
USERS = 500
BOARDS = 20
COMMENTS_PER_POST = (0, 0, 0, 0, 1, 1, 2, 3)  # drawn per post: 0.875 on average
CHUNK = 5000

KOREAN = (
    "회의 회의록 보고서 결재 휴가 출장 예산 프로젝트 일정 공지 점검 장애 배포 인사 평가 교육 복지 "
    "구매 계약 고객 매출 분기 실적 검토 요청 승인 담당자 부서 팀장 본부장 주간 월간 연차 신청 안내 "
    "변경 시스템 서버 보안 점심 워크숍 채용 면접 사무실 이전 주차 법인카드 경비 정산 세금계산서 "
    "거래처 납품 견적 발주 재고 품질 개선 회고 목표 성과 상반기 하반기 연말 정산서 급여 명세서 "
    "건강검진 동호회 설문 결과 자료 공유 첨부 파일 확인 부탁 문의 답변 처리 완료 진행 예정 지연 "
    "긴급 협조 전사 임원 대표 이사회 감사 규정 개정 지침 매뉴얼 템플릿 양식 작성 제출 마감 "
    "신규 입사자 온보딩 퇴사 인수인계 조직 개편 발령 승진 교육과정 사내 강의 세미나 컨퍼런스 "
    "데이터 분석 대시보드 지표 리포트 고객사 미팅 제안서 계약서 검수 유지보수 백업 복구 "
    "네트워크 계정 비밀번호 권한 노트북 모니터 프린터 회의실 예약 화상회의 출근 재택근무 "
    "야근 식대 회식 송년회 시무식 창립기념일 워크플로 결재선 기안 품의 전결 협의 합의"
).split()
ENGLISH = (
    "meeting report deploy release server budget incident review sprint roadmap backlog "
    "customer sales quarter target hiring interview onboarding laptop VPN account password "
    "dashboard metrics pipeline database backup migration outage hotfix feature launch "
    "design spec draft feedback approval invoice contract vendor training workshop offsite "
    "agenda minutes action items deadline update status blocker owner priority QA staging "
    "production rollout rollback monitoring alert on-call postmortem KPI OKR Q1 Q2 Q3 Q4"
).split()
ENDINGS = ["합니다.", "했습니다.", "할 예정입니다.", "부탁드립니다.", "확인 바랍니다.", "진행 중입니다.",
           "공유드립니다.", "검토 부탁드립니다.", "완료되었습니다.", "참고하세요."]
PARTICLES = ["", "", "을", "를", "이", "가", "은", "는", "의", "에", "에서", "으로", "와", "및"]
NAMES_FAMILY = "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 홍".split()
NAMES_GIVEN = "민준 서연 도윤 지우 하준 서윤 시우 지민 예준 하은 주원 수아 지호 지유 준서 채원 현우 다은".split()

# Planted terms and the share of posts that contain them (the search benchmark's known answers).
PLANTED = {
    "주간회의록": 0.002,            # a longer Korean word, selective
    "분기 실적 보고": 0.001,        # a Korean phrase with spaces
    "postmortem": 0.003,           # an English word
    "감사합니다": 1 / 3,            # a closing line in a third of all posts
}
ABSENT = "양자컴퓨터도입"             # in no post (its syllables are not in the vocabulary)


def _zipf_weights(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) for rank in range(n)))


def derived_columns(title: str, body: str) -> dict:
    """Every column the portal derives from a post's text, computed by the portal's own code."""
    return {name: value for name, value in content.written(title, body).items() if name not in ("title", "body")}


DERIVED = list(derived_columns("", ""))


def _copy_text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, list):
        value = "{" + ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value) + "}"
    elif isinstance(value, bool):
        value = "t" if value else "f"
    elif isinstance(value, datetime):
        value = value.isoformat()
    else:
        value = str(value)
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_row(values) -> str:
    return "\t".join(_copy_text(v) for v in values) + "\n"


class Writer:
    """Sentences, titles and bodies from one seeded random generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.korean_weights = _zipf_weights(len(KOREAN))
        self.english_weights = _zipf_weights(len(ENGLISH))

    def words(self, k: int) -> list[str]:
        rng = self.rng
        korean = rng.choices(KOREAN, cum_weights=self.korean_weights, k=k)
        return [rng.choice(ENGLISH) if rng.random() < 0.12 else w + rng.choice(PARTICLES) for w in korean]

    def sentence(self) -> str:
        words = self.words(self.rng.randint(3, 9))
        return " ".join(words) + " " + self.rng.choice(ENDINGS)

    def title(self) -> str:
        words = self.words(self.rng.randint(2, 5))
        if self.rng.random() < 0.3:
            words.insert(0, f"[{self.rng.choice(KOREAN)}]")
        return " ".join(words)

    def body(self) -> str:
        rng = self.rng
        blocks = []
        for _ in range(rng.randint(1, 4)):
            kind = rng.random()
            if kind < 0.15:
                blocks.append("## " + " ".join(self.words(rng.randint(1, 3))))
            if kind < 0.35:
                blocks.append("\n".join("- " + self.sentence() for _ in range(rng.randint(2, 4))))
            else:
                sentences = [self.sentence() for _ in range(rng.randint(1, 4))]
                if rng.random() < 0.2:
                    sentences[0] = f"**{sentences[0]}**"
                if rng.random() < 0.1:
                    sentences.append(f"[{rng.choice(ENGLISH)}](https://wiki.example.local/{rng.randint(1, 9999)})")
                blocks.append(" ".join(sentences))
        return "\n\n".join(blocks)

    def plant(self, title: str, body: str) -> tuple[str, str]:
        for term, share in PLANTED.items():
            if self.rng.random() < share:
                if term == "감사합니다":
                    body += "\n\n감사합니다."
                elif self.rng.random() < 0.3:
                    title = f"{term} {title}"
                else:
                    body = f"{body}\n\n{self.sentence()} {term} {self.sentence()}"
        return title[:200], body


def _posts_chunk(args) -> tuple[bytes, bytes, dict]:
    """COPY text for posts [first, first + count) and their comments, and planted-term counts."""
    first, count, total, start, comment_first = args
    writer = Writer(first)
    rng = writer.rng
    counts = dict.fromkeys(PLANTED, 0)
    posts, comments = [], []
    comment_id = comment_first
    span = timedelta(days=3 * 365)
    for post_id in range(first, first + count):
        title, body = writer.plant(writer.title(), writer.body())
        for term in counts:
            if term in title or term in body:
                counts[term] += 1
        created = start + span * (post_id / total)
        derived = derived_columns(title, body)
        posts.append(_copy_row([post_id, rng.randint(1, BOARDS), rng.randint(1, USERS), title, body,
                                *derived.values(), created, created]))
        for _ in range(rng.choice(COMMENTS_PER_POST)):
            sentence = writer.sentence()
            comments.append(_copy_row([comment_id, post_id, rng.randint(1, USERS),
                                       *content.comment_written(sentence).values(),
                                       created + timedelta(minutes=rng.randint(1, 600))]))
            comment_id += 1
    return "".join(posts).encode(), "".join(comments).encode(), counts


def database_url(name: str) -> str:
    """The SQLAlchemy URL of database `name` on the benchmark's server."""
    from sqlalchemy.engine import make_url

    return make_url(SERVER).set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False)


def admin_url() -> str:
    """A libpq URL of the server's maintenance database."""
    from sqlalchemy.engine import make_url

    return make_url(SERVER).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(name: str) -> str:
    """Create the database `name` and run the portal's migrations; return its SQLAlchemy URL."""
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0 LOCALE 'C.UTF-8'")
    url = database_url(name)
    env = {**os.environ, "DATABASE_URL": url, "PORTAL_ENV": "testing", "REDIS_URL": ""}
    subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return url


def drop_database(name: str) -> None:
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _people_and_boards(conn, start: datetime) -> None:
    from argon2 import PasswordHasher

    password_hash = PasswordHasher().hash(PASSWORD)  # one hash, shared: users sign in with PASSWORD
    rng = random.Random(7)
    with conn.cursor().copy("COPY users (id, email, name, password_hash, role, is_active, created_at) "
                            "FROM STDIN") as copy:
        for uid in range(1, USERS + 1):
            name = rng.choice(NAMES_FAMILY) + rng.choice(NAMES_GIVEN)
            copy.write(_copy_row([uid, f"user{uid}@portal.local", name, password_hash,
                                  "admin" if uid == 1 else "employee", True, start]))
    with conn.cursor().copy("COPY boards (id, name, slug, description, admin_only, archived, position, "
                            "created_at) FROM STDIN") as copy:
        for bid in range(1, BOARDS + 1):
            copy.write(_copy_row([bid, f"{KOREAN[bid * 3]} 게시판", f"board-{bid}", "", False, False, bid, start]))


# Indexes dropped during the load and built once at the end (much faster than row by row).
_POST_INDEXES = ("ix_posts_search_grams", "ix_posts_board_id_id", "ix_posts_author_id")
_COMMENT_INDEXES = ("ix_comments_post_id", "ix_comments_author_id")


def build(name: str, posts: int, workers: int = 2, log=print) -> tuple[str, dict]:
    """Create database `name` with `posts` posts; return (SQLAlchemy URL, planted-term counts)."""
    started = time.perf_counter()
    url = create_database(name)
    log(f"schema (flask db upgrade): {time.perf_counter() - started:.1f}s")
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    counts = dict.fromkeys(PLANTED, 0)
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        _people_and_boards(conn, start)
        saved = {row[0]: row[1] for row in conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [list(_POST_INDEXES + _COMMENT_INDEXES)])}
        for index in saved:
            conn.execute(f'DROP INDEX "{index}"')
        chunks = [(first, min(CHUNK, posts - first + 1), posts, start, first * max(COMMENTS_PER_POST))
                  for first in range(1, posts + 1, CHUNK)]
        loaded = time.perf_counter()
        with multiprocessing.Pool(workers) as pool:
            for post_rows, comment_rows, chunk_counts in pool.imap(_posts_chunk, chunks):
                with conn.cursor().copy(f"COPY posts (id, board_id, author_id, title, body, {', '.join(DERIVED)}, "
                                        "created_at, updated_at) FROM STDIN") as copy:
                    copy.write(post_rows)
                with conn.cursor().copy("COPY comments (id, post_id, author_id, body, body_html, search_grams, "
                                        "created_at) FROM STDIN") as copy:
                    copy.write(comment_rows)
                for term, n in chunk_counts.items():
                    counts[term] += n
        log(f"rows (COPY, {workers} generator processes): {time.perf_counter() - loaded:.1f}s")
        indexed = time.perf_counter()
        for definition in saved.values():
            conn.execute(definition)
        for table in ("users", "boards", "posts", "comments"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT coalesce(max(id), 1) FROM {table}))")
        log(f"indexes: {time.perf_counter() - indexed:.1f}s")
        conn.execute("VACUUM (ANALYZE) posts")
        conn.execute("VACUUM (ANALYZE) comments")
        conn.execute("ANALYZE")
    log(f"built {posts} posts in {time.perf_counter() - started:.1f}s")
    return url, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--database", default="portal_bench_dataset")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    _, counts = build(args.database, args.posts, args.workers)
    for term, n in counts.items():
        print(f"{term!r}: {n} posts ({n / args.posts:.2%})")


if __name__ == "__main__":
    main()
