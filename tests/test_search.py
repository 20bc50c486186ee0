"""`q` finds Korean and English substrings, and PostgreSQL serves it from an index."""
import pytest
from sqlalchemy import text

from portal import bigrams
from portal.extensions import db
from portal.posts import search

POSTS = [
    ("주간회의록", "11월 셋째 주 회의 내용"),
    ("점심 메뉴", "국밥 어때요?"),
    ("Quarterly REPORT", "numbers for Q4"),
    ("보안 교육", "100% 참석 필수_확인"),
]


@pytest.fixture
def searchable(client, employee, login, board):
    headers = login(employee)
    for title, body in POSTS:
        client.post("/api/posts", json={"board_id": board.id, "title": title, "body": body}, headers=headers)
    return headers


@pytest.mark.parametrize("q, titles", [
    ("회의", {"주간회의록"}),               # two syllables, inside a word
    ("회의록", {"주간회의록"}),
    ("국밥", {"점심 메뉴"}),                # found in the body
    ("report", {"Quarterly REPORT"}),      # case-insensitive
    ("q4", {"Quarterly REPORT"}),
    ("셋째 주", {"주간회의록"}),             # across a space
    ("100%", {"보안 교육"}),                # LIKE wildcards are literal
    ("_확인", {"보안 교육"}),
    ("%", {"보안 교육"}),
    ("없는말", set()),
    ("회", {"주간회의록"}),                 # one character: still found (no index for it)
])
def test_search_finds_substrings(client, searchable, q, titles):
    items = client.get("/api/posts", query_string={"q": q}, headers=searchable).json["items"]
    assert {p["title"] for p in items} == titles


def test_search_stays_correct_after_edit(client, searchable, board):
    post_id = client.get("/api/posts", query_string={"q": "국밥"}, headers=searchable).json["items"][0]["id"]
    client.put(f"/api/posts/{post_id}", json={"title": "점심 메뉴", "body": "냉면 어때요?"}, headers=searchable)
    assert client.get("/api/posts", query_string={"q": "국밥"}, headers=searchable).json["items"] == []
    assert len(client.get("/api/posts", query_string={"q": "냉면"}, headers=searchable).json["items"]) == 1


def test_bigrams():
    assert bigrams.bigrams("주간회의") == sorted(["주간", "간회", "회의"])
    assert bigrams.bigrams("A  b") == sorted(["a ", " b"])


def test_two_syllable_korean_search_uses_the_gin_index(app, searchable):
    """With sequential scans discouraged, the planner must be able to use the bigram index."""
    query = text("EXPLAIN SELECT id FROM posts WHERE search_grams @> CAST(:grams AS text[])")
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in db.session.execute(query, {"grams": bigrams.bigrams("회의")}))
    db.session.rollback()
    assert "ix_posts_search_grams" in plan


@pytest.mark.parametrize("probe", [1, 3, 100])
@pytest.mark.parametrize("span", [0, 1, 4, 100])
def test_search_pages_are_complete_whichever_way_older_posts_are_read(
        client, employee, login, board, monkeypatch, probe, span):
    """Pages are the same whether they come from the probe of the newest posts, from a span of
    older posts read in id order, from the rest read through the index, or from all three."""
    monkeypatch.setattr(search, "PROBE", probe)
    monkeypatch.setattr(search, "in_order_span", lambda *args: span)
    headers = login(employee)
    expected = []
    for i in range(12):
        title = f"회의 {i}" if i % 4 == 0 else f"잡담 {i}"
        post_id = client.post("/api/posts", json={"board_id": board.id, "title": title, "body": "."},
                              headers=headers).json["id"]
        if i % 4 == 0:
            expected.append(post_id)
    for limit in (1, 2, 5):
        seen, cursor = [], None
        while True:
            query = {"q": "회의", "limit": limit, **({"cursor": cursor} if cursor else {})}
            page = client.get("/api/posts", query_string=query, headers=headers).json
            assert len(page["items"]) <= limit
            seen += [p["id"] for p in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == expected[::-1], limit


@pytest.mark.parametrize("found, wanted, older, span", [
    (0, 21, 999_500, 0),          # nothing among the newest: the index has few matches to read
    (1, 20, 999_500, 30_000),     # ~0.2%: ~10,000 posts in order (x3 slack) vs ~2,000 matches x6 by index
    (10, 11, 999_500, 1_650),     # ~2%: ~550 posts in id order (x3 slack) vs ~20,000 by index
    (10, 11, 1_000, 0),           # a small portal: the index is cheap
    (250, 10, 30, 30),            # never more than the posts there are
])
def test_older_posts_are_read_the_cheaper_way(found, wanted, older, span):
    assert search.in_order_span(found, wanted, 500, older) == min(span, older)


def test_planner_settings_do_not_outlive_the_search(app, client, searchable):
    """The search steers the planner for its own statements only: the settings are back after it."""
    from portal.posts import service

    with app.test_request_context():
        service.list_posts(None, "회의", None, 20)
        settings = dict(db.session.execute(text(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('enable_indexscan', 'enable_bitmapscan', 'enable_seqscan', 'enable_sort')")).all())
        db.session.rollback()
    assert settings == dict.fromkeys(settings, "on") and len(settings) == 4
