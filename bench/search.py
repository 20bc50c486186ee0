"""Post search at scale, through the portal's real path: `GET /api/posts?q=...` under gunicorn
(production layout: `--workers 2 --threads 4 --worker-class gthread`), signed in, one client,
a connection per request. The baseline, same data, same run: the plain `ILIKE` query PostgreSQL runs without
the portal's index (the same page of 20, newest first), straight through psycopg.

    .venv/bin/python bench/search.py --posts 1000000 --database portal_search_1m --keep
    .venv/bin/python bench/search.py --posts 2000 --repeat 5           # the CI smoke run

Builds the database with bench/dataset.py (or reuses it when it already holds --posts posts),
then for each query prints p50/p99 of the portal, p50/p99 of the baseline, their ratio, the
page it returned (must equal the baseline's) and the plan of each statement the portal's
search ran (EXPLAIN ANALYZE of the captured SQL). `--json FILE` also writes the figures.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dataset  # noqa: E402
import psycopg  # noqa: E402

from portal.substring import like_pattern as pattern  # noqa: E402
from tests.servers import stop_process, wait_until_healthy  # noqa: E402

# (label, term): what the issue asks for, plus a selective long word.
QUERIES = [
    ("two-syllable Korean, in most posts", "회의"),
    ("two-syllable Korean, less common", "야근"),
    ("longer Korean word", "주간회의록"),
    ("Korean phrase of common words", "분기 실적 보고"),
    ("English word", "postmortem"),
    ("in a third of all posts", "감사합니다"),
    ("in no post", dataset.ABSENT),
]
BASELINE_SQL = """
SELECT p.id, p.title FROM posts p JOIN boards b ON b.id = p.board_id
WHERE NOT b.archived AND (p.title ILIKE %(pattern)s OR p.body ILIKE %(pattern)s)
ORDER BY p.id DESC LIMIT 20
"""


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Portal:
    """The portal under gunicorn as production runs it, on a free loopback port."""

    def __init__(self, url: str):
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": url, "PORTAL_ENV": "production",
               "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
               "CHAT_CHANNEL": f"bench-search-{self.port}",
               "SECRET_KEY": secrets.token_urlsafe(48), "JWT_SECRET_KEY": secrets.token_urlsafe(48),
               "COOKIE_SECURE": "false", "ACCESS_TOKEN_MINUTES": "240", "RATELIMIT_ENABLED": "false",
               "STORAGE_BACKEND": "local",
               "PORTAL_INSTANCE_PATH": f"/tmp/portal-bench-search-{self.port}"}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--threads", "4",
             "--worker-class", "gthread", "--no-control-socket", "--bind", f"127.0.0.1:{self.port}",
             "wsgi:app"],
            # its log (a line per request) goes to a file: an unread pipe fills and stalls the workers
            cwd=dataset.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        try:
            wait_until_healthy(self.process, f"http://127.0.0.1:{self.port}", "its log below")
        except RuntimeError as error:
            self.process.kill()  # never leave a master respawning failing workers behind
            self.process.wait()
            self.log.seek(0)
            raise RuntimeError(f"{error}:\n{self.log.read().decode()[-2000:]}") from None
        status, body = self.request("POST", "/api/auth/login",
                                    {"email": "user2@portal.local", "password": dataset.PASSWORD})
        assert status == 200, body
        self.headers = {"Authorization": f"Bearer {body['access_token']}"}

    def request(self, method: str, path: str, payload=None, headers=None):
        # A connection per request: idle keep-alive connections (the baseline's slow queries sit
        # between requests) were dropped or left unanswered by gunicorn's gthread worker.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=json.dumps(payload) if payload is not None else None,
                               headers={"Content-Type": "application/json", "Connection": "close",
                                        **(headers or {})})
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def search(self, term: str) -> list[dict]:
        status, body = self.request("GET", "/api/posts?" + urllib.parse.urlencode({"q": term, "limit": 20}),
                                    headers=self.headers)
        assert status == 200, body
        return body["items"]

    def stop(self) -> None:
        stop_process(self.process)


def search_statements(url: str, term: str) -> list[tuple[str, dict]]:
    """The SQL statements (with parameters) the portal's search runs for `term`, first page of 20."""
    from sqlalchemy import event

    from portal import create_app
    from portal.extensions import db
    from portal.posts import service

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PORTAL_ENV": "testing"})
    statements = []
    with app.app_context():
        def capture(conn, cursor, statement, parameters, context, executemany):
            if "search_grams" in statement or "max(posts.id)" in statement:
                statements.append((statement, parameters))

        event.listen(db.engine, "before_cursor_execute", capture)
        service.list_posts(None, term, None, 20)
        event.remove(db.engine, "before_cursor_execute", capture)
        db.session.remove()
        db.engine.dispose()
    return statements


def summarise_plan(lines: list[str]) -> str:
    """`Limit (rows=21) > Index Scan Backward using pk_posts on posts (rows=21); 3.2 ms`."""
    nodes = []
    for line in lines:
        stripped = line.strip().removeprefix("->").strip()
        if " (actual" in stripped:
            name, _, stats = stripped.partition(" (actual")
            rows = stats.split("rows=")[1].split()[0]
            loops = stats.split("loops=")[1].rstrip(")")
            nodes.append(f"{name} (rows={rows}{'' if loops == '1' else ' x' + loops})")
    total = next((line.split(":")[1].strip() for line in lines if line.startswith("Execution Time")), "?")
    return " > ".join(nodes) + f"; {total}"


def measure(url: str, repeat: int, baseline_repeat: int) -> list[dict]:
    results = {term: {"label": label, "term": term, "portal": [], "sql": [], "baseline": []}
               for label, term in QUERIES}
    for result in results.values():
        result["statements"] = search_statements(url, result["term"])
    portal = Portal(url)
    try:
        with psycopg.connect(dataset.libpq_url(url), autocommit=True) as conn:
            for _, term in QUERIES:  # the page each returns, and a warm-up
                page = portal.search(term)
                expected = conn.execute(BASELINE_SQL, {"pattern": pattern(term)}).fetchall()
                assert [p["id"] for p in page] == [row[0] for row in expected], term
                results[term]["page"] = {"count": len(page), "ids": [p["id"] for p in page],
                                         "titles": [p["title"] for p in page[:3]]}
            for _ in range(repeat):  # queries interleaved: load spikes hit all of them
                for _, term in QUERIES:
                    result = results[term]
                    started = time.perf_counter()
                    portal.search(term)
                    result["portal"].append((time.perf_counter() - started) * 1000)
            portal.stop()  # the replay and the baseline after, so they do not slow the portal's requests
            for _ in range(repeat):
                for _, term in QUERIES:
                    result = results[term]
                    started = time.perf_counter()
                    for statement, parameters in result["statements"]:
                        conn.execute(statement, parameters).fetchall()
                    result["sql"].append((time.perf_counter() - started) * 1000)
            for _ in range(baseline_repeat):
                for _, term in QUERIES:
                    started = time.perf_counter()
                    conn.execute(BASELINE_SQL, {"pattern": pattern(term)}).fetchall()
                    results[term]["baseline"].append((time.perf_counter() - started) * 1000)
            for result in results.values():
                result["plans"] = [
                    summarise_plan([row[0] for row in conn.execute(
                        "EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)])
                    for statement, parameters in result.pop("statements") if "search_grams" in statement]
    finally:
        portal.stop()
    for result in results.values():
        for side in ("portal", "sql", "baseline"):
            samples = result.pop(side)
            result[side] = {"p50": statistics.median(samples), "p99": percentile(samples, 0.99),
                            "samples": len(samples)}
    return list(results.values())


def report(results: list[dict], posts: int, counts: dict | None) -> str:
    rows = [f"Search over {posts:,} posts: `GET /api/posts?q=` under gunicorn (2 gthread workers x 4 "
            "threads) vs the plain ILIKE query via psycopg (same page of 20), same run.", "",
            "| query | term | posts containing it | HTTP p50 / p99 (ms) | search SQL p50 / p99 (ms) "
            "| ILIKE p50 / p99 (ms) | ILIKE p50 / search SQL p50 | page |",
            "|---|---|---|---|---|---|---|---|"]
    for r in results:
        share = f"{counts[r['term']]:,}" if counts and r["term"] in counts else "—"
        portal, sql, baseline = r["portal"], r["sql"], r["baseline"]
        rows.append(f"| {r['label']} | `{r['term']}` | {share} | {portal['p50']:.1f} / {portal['p99']:.1f} | "
                    f"{sql['p50']:.1f} / {sql['p99']:.1f} | {baseline['p50']:.1f} / {baseline['p99']:.1f} | "
                    f"{baseline['p50'] / max(sql['p50'], 0.001):.0f}x | {r['page']['count']} posts |")
    rows += ["", "Plans of the portal's search statements (first page):", ""]
    rows += [f"- `{r['term']}`: " + " ‖ ".join(r["plans"]) for r in results]
    samples = results[0]
    rows += ["", f"Samples per query: HTTP and search SQL {samples['portal']['samples']}, ILIKE "
             f"{samples['baseline']['samples']}. HTTP is the whole request (auth, search, summaries, JSON); "
             "search SQL replays the statements the portal's search sent (captured), via psycopg."]
    return "\n".join(rows)


def planted_counts(url: str) -> dict:
    """How many posts hold each query term."""
    terms = [term for _, term in QUERIES]
    counts = ", ".join(f"count(*) FILTER (WHERE title ILIKE %(p{i})s OR body ILIKE %(p{i})s)"
                       for i in range(len(terms)))
    with psycopg.connect(dataset.libpq_url(url)) as conn:  # one pass over the posts for all terms
        row = conn.execute(f"SELECT {counts} FROM posts",
                           {f"p{i}": pattern(term) for i, term in enumerate(terms)}).fetchone()
    return dict(zip(terms, row, strict=True))


def existing(name: str, posts: int) -> str | None:
    """The URL of database `name` if it already holds `posts` posts."""
    url = dataset.database_url(name)
    try:
        with psycopg.connect(dataset.libpq_url(url)) as conn:
            found = conn.execute("SELECT count(*) FROM posts").fetchone()[0]
    except psycopg.Error:
        return None
    return url if found == posts else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--database", default=None, help="keep/reuse this database (default: a scratch one)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--repeat", type=int, default=200, help="requests per query through the portal")
    parser.add_argument("--baseline-repeat", type=int, default=10, help="runs per query of the ILIKE baseline")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    name = args.database or f"portal_bench_search_{secrets.token_hex(4)}"
    load = os.getloadavg()
    try:
        url = existing(name, args.posts)
        if url is None:
            url, _ = dataset.build(name, args.posts, log=lambda line: print(line, file=sys.stderr))
        counts = planted_counts(url)
        results = measure(url, args.repeat, args.baseline_repeat)
    finally:
        if not args.keep:
            dataset.drop_database(name)
    text = report(results, args.posts, counts)
    after = os.getloadavg()
    text += f"\nLoad average (1 min) before / after: {load[0]:.2f} / {after[0]:.2f}."
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"posts": args.posts, "load": [load[0], after[0]],
                                               "results": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
