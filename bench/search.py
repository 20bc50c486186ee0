"""Post search on PostgreSQL: the bigram GIN index against a sequential ILIKE scan, same data,
same run. Also the post list page at two sizes (the query count does not grow with the page).

    .venv/bin/python bench/search.py [--posts 30000] [--repeat 21]

Needs a PostgreSQL server (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres);
creates and drops its own database. Prints a Markdown table of medians and ratios.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Board, Post, User  # noqa: E402
from portal.posts import content, search, service  # noqa: E402
from portal.posts.markdown import render  # noqa: E402

SYLLABLES = (
    "가 나 다 라 마 바 사 아 자 차 카 타 파 하 고 노 도 로 모 보 소 오 조 초 "
    "코 토 포 호 구 누 두 루 무 부 수 우 주 추 쿠 투 푸 후 기 니 디 리 미 비 "
    "시 지 치 키 티 피 히 강 남 당 랑 망 방 상 앙 장 창 경 녕 명 병 성 영 정 "
    "청 한 만 산 안 잔 찬 간 단 란 반 일 이 삼 사 육 칠 팔 구 십 백 천 만 금 "
    "은 동 서 북 중 상 하 좌 우 "
).split()
# (term, share of posts that contain it): selective terms as people search them, and one common term.
PLANTED = [("주간회의록", 0.002), ("incident report", 0.01), ("장애 점검", 0.0005), ("공지", 0.30)]
QUERIES = ["회의", "회의록", "장애 점검", "report", "공지", "없는단어"]


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(size)]


def make_text(rng: random.Random, words: list[str], count: int) -> str:
    text = [rng.choice(words) for _ in range(count)]
    for term, share in PLANTED:
        if rng.random() < share:
            text.insert(rng.randrange(len(text)), term)
    return " ".join(text)


def median_ms(fn, repeat: int) -> float:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def seed(posts: int) -> None:
    rng = random.Random(42)
    words = vocabulary(rng)
    author = User(email="bench@portal.local", name="벤치", password_hash="x")
    board = Board(name="벤치", slug="bench")
    db.session.add_all([author, board])
    db.session.flush()
    batch = []
    for i in range(posts):
        title, body = make_text(rng, words, 4), make_text(rng, words, 60)
        batch.append({"board_id": board.id, "author_id": author.id, "title": f"{title} {i}", "body": body,
                      "search_grams": search.post_grams(title, body),
                      "excerpt": content.excerpt(body), "body_html": render(body)})
        if len(batch) == 2000:
            db.session.execute(insert(Post), batch)
            batch = []
    if batch:
        db.session.execute(insert(Post), batch)
    db.session.commit()
    db.session.execute(text("ANALYZE posts"))
    db.session.commit()


def run(posts: int, repeat: int) -> list[str]:
    rows = ["| measurement | index (median ms) | baseline (median ms) | speed-up |", "|---|---|---|---|"]

    def page(q, limit=20):
        return lambda: service.list_posts(None, q, None, limit)

    for q in QUERIES:
        indexed = median_ms(page(q), repeat)
        # Baseline: what PostgreSQL does without the bigram index: ILIKE on every post.
        real_matches = search.matches
        search.matches = lambda term, dialect, real=real_matches: real(term, "baseline")
        try:
            scanned = median_ms(page(q), repeat)
            baseline_found = len(service.list_posts(None, q, None, 100)[0])
        finally:
            search.matches = real_matches
        found = len(service.list_posts(None, q, None, 100)[0])
        assert found == baseline_found, (q, found, baseline_found)
        hits = f"{found}" if found < 100 else "100+"
        rows.append(f"| search `q={q}` ({hits} hits, page of 20) | {indexed:.2f} | {scanned:.2f} | "
                    f"{scanned / indexed:.1f}x |")
    small = median_ms(page(None, 20), repeat)
    large = median_ms(page(None, 100), repeat)
    rows.append(f"| post list without `q`: page of 100 (index column) vs page of 20 (baseline column), "
                f"2 SQL statements each | {large:.2f} | {small:.2f} | {small / large:.2f}x |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=30000)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    server = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    name = f"portal_bench_{uuid.uuid4().hex[:8]}"
    admin_url = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = server.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PORTAL_ENV": "testing"})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            started = time.perf_counter()
            seed(args.posts)
            print(f"seeded {args.posts} posts in {time.perf_counter() - started:.1f}s", file=sys.stderr)
            print("\n".join(run(args.posts, args.repeat)))
            db.session.remove()
            db.engine.dispose()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
