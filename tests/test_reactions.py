"""Reactions and view counts on posts, and scheduled required notices announced when they start."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Notice, Notification, PostReaction, PostReactionCount, PostView
from portal.models.reaction import REACTION_KINDS
from portal.models.types import utcnow
from portal.notices import service as notices


@pytest.fixture
def post(client, employee, login, board):
    created = client.post("/api/posts", json={"board_id": board.id, "title": "점심 메뉴", "body": "무엇을 먹을까요"},
                          headers=login(employee))
    assert created.status_code == 201, created.json
    return created.json


def counts(summary) -> dict:
    return {r["kind"]: (r["count"], r["mine"]) for r in summary["reactions"]}


def stored_counts(post_id) -> dict:
    return dict(db.session.execute(select(PostReactionCount.kind, PostReactionCount.count)
                                   .where(PostReactionCount.post_id == post_id)).all())


def test_reactions_toggle_on_and_off_with_counts_and_mine(client, post, employee, other_employee, login):
    me, other = login(employee), login(other_employee)
    on = client.put(f"/api/posts/{post['id']}/reactions/like", headers=me)
    assert on.status_code == 200, on.json
    assert [r["kind"] for r in on.json["reactions"]] == list(REACTION_KINDS)
    assert counts(on.json)["like"] == (1, True) and counts(on.json)["love"] == (0, False)
    theirs = client.put(f"/api/posts/{post['id']}/reactions/like", headers=other).json
    assert counts(theirs)["like"] == (2, True)
    client.put(f"/api/posts/{post['id']}/reactions/celebrate", headers=other)
    off = client.delete(f"/api/posts/{post['id']}/reactions/like", headers=me)
    assert off.status_code == 200
    assert counts(off.json)["like"] == (1, False) and counts(off.json)["celebrate"] == (1, False)
    assert stored_counts(post["id"]) == {"like": 1, "celebrate": 1}


def test_reacting_twice_or_taking_back_twice_changes_nothing(client, post, employee, login):
    me = login(employee)
    for _ in range(3):
        summary = client.put(f"/api/posts/{post['id']}/reactions/thanks", headers=me).json
    assert counts(summary)["thanks"] == (1, True)
    for _ in range(3):
        summary = client.delete(f"/api/posts/{post['id']}/reactions/thanks", headers=me).json
    assert counts(summary)["thanks"] == (0, False)
    assert stored_counts(post["id"]) == {"thanks": 0}
    assert db.session.scalar(select(func.count()).select_from(PostReaction)) == 0


@pytest.mark.parametrize("kind", ["heart", "LIKE", "👍", "like%20", "1"])
def test_an_unknown_reaction_is_refused(client, post, employee, login, kind):
    response = client.put(f"/api/posts/{post['id']}/reactions/{kind}", headers=login(employee))
    assert response.status_code == 422 and response.json["error"]["code"] == "validation_error"
    assert "kind" in response.json["error"]["fields"]


@pytest.mark.parametrize("method, path", [("PUT", "/api/posts/999999/reactions/like"),
                                          ("DELETE", "/api/posts/999999/reactions/like"),
                                          ("POST", "/api/posts/999999/view")])
def test_a_missing_post_is_404(client, employee, login, method, path):
    response = client.open(path, method=method, headers=login(employee))
    assert response.status_code == 404 and response.json["error"]["code"]


def test_only_signed_in_employees_react_or_count_as_viewers(client, post):
    assert client.put(f"/api/posts/{post['id']}/reactions/like").status_code == 401
    assert client.post(f"/api/posts/{post['id']}/view").status_code == 401


def test_concurrent_toggles_keep_the_counters_true(app, post, make_user, login):
    """Many employees toggling at once, each twice on, then some off, race on real PostgreSQL."""
    people = [login(make_user(f"직원{i}")) for i in range(8)]
    barrier = threading.Barrier(len(people) * 2)
    failures = []

    def toggle(headers, turns):
        client = app.test_client()
        barrier.wait()
        for method, kind in turns:
            response = client.open(f"/api/posts/{post['id']}/reactions/{kind}", method=method, headers=headers)
            if response.status_code != 200:
                failures.append(response.get_data(as_text=True))

    threads = []
    for i, headers in enumerate(people):
        turns = [("PUT", "like"), ("PUT", "love"), ("PUT", "like")] + ([("DELETE", "love")] if i % 2 else [])
        # the same employee in two threads at once: their two PUTs must count once
        threads += [threading.Thread(target=toggle, args=(headers, turns)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    db.session.expire_all()
    assert stored_counts(post["id"]) == {"like": 8, "love": 4}
    rows = dict(db.session.execute(select(PostReaction.kind, func.count()).where(PostReaction.post_id == post["id"])
                                   .group_by(PostReaction.kind)).all())
    assert rows == {"like": 8, "love": 4}


def test_a_view_counts_once_per_employee(client, post, employee, other_employee, login):
    me, other = login(employee), login(other_employee)
    assert client.post(f"/api/posts/{post['id']}/view", headers=me).json["view_count"] == 1
    assert client.post(f"/api/posts/{post['id']}/view", headers=me).json["view_count"] == 1
    assert client.post(f"/api/posts/{post['id']}/view", headers=other).json["view_count"] == 2
    listed = client.get("/api/posts", headers=me).json["items"]
    assert [p["view_count"] for p in listed if p["id"] == post["id"]] == [2]
    assert db.session.scalar(select(func.count()).select_from(PostView)) == 2


def test_reading_a_post_does_not_count_a_view(client, post, other_employee, login):
    other = login(other_employee)
    for _ in range(2):
        assert client.get(f"/api/posts/{post['id']}", headers=other).status_code == 200
    assert client.get("/api/posts", headers=other).json["items"][0]["view_count"] == 0


def test_concurrent_first_views_count_once(app, post, other_employee, login):
    headers = login(other_employee)
    barrier = threading.Barrier(6)
    statuses = []

    def view():
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post(f"/api/posts/{post['id']}/view", headers=headers).status_code)

    threads = [threading.Thread(target=view) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert client_view_count(app, post["id"]) == 1


def client_view_count(app, post_id):
    from portal.models import Post

    db.session.expire_all()
    return db.session.scalar(select(Post.view_count).where(Post.id == post_id))


# -- a scheduled required notice is announced when its window opens -------------------------------
def schedule(client, admin_headers, board, starts_in: timedelta, requires_ack=True):
    starts_at = (utcnow() + starts_in).isoformat()
    created = client.post("/api/admin/notices", headers=admin_headers,
                          json={"board_id": board.id, "title": "보안 교육", "body": "필수", "scope": "site",
                                "requires_ack": requires_ack, "starts_at": starts_at})
    assert created.status_code == 201, created.json
    return created.json


def notice_notifications(post_id) -> list[int]:
    return sorted(db.session.scalars(select(Notification.recipient_id).where(
        Notification.kind == "notice", Notification.post_id == post_id)))


def test_a_scheduled_required_notice_is_announced_once_when_it_starts(client, admin, employee, other_employee,
                                                                      login, notice_board):
    notice = schedule(client, login(admin), notice_board, timedelta(hours=1))
    assert notice_notifications(notice["post_id"]) == []
    assert notices.announce_due() == 0  # not yet
    later = utcnow() + timedelta(hours=1, seconds=1)
    assert notices.announce_due(later) == 1
    assert notice_notifications(notice["post_id"]) == sorted([employee.id, other_employee.id])
    assert notices.announce_due(later + timedelta(minutes=1)) == 0
    assert notice_notifications(notice["post_id"]) == sorted([employee.id, other_employee.id])


def test_notices_live_when_written_or_not_required_are_not_announced_again(client, admin, employee, login,
                                                                           notice_board):
    live = schedule(client, login(admin), notice_board, timedelta(seconds=-5))
    assert notice_notifications(live["post_id"]) == [employee.id]
    optional = schedule(client, login(admin), notice_board, timedelta(seconds=1), requires_ack=False)
    assert notices.announce_due(utcnow() + timedelta(minutes=1)) == 0
    assert notice_notifications(live["post_id"]) == [employee.id]
    assert notice_notifications(optional["post_id"]) == []


def test_a_notice_retired_before_it_starts_is_never_announced(client, admin, employee, login, notice_board):
    headers = login(admin)
    notice = schedule(client, headers, notice_board, timedelta(hours=1))
    assert client.post(f"/api/notices/{notice['id']}/retire", headers=headers).status_code == 200
    assert notices.announce_due(utcnow() + timedelta(hours=2)) == 0
    assert notice_notifications(notice["post_id"]) == []


def test_two_hosts_announcing_at_once_announce_each_notice_once(app, client, admin, employee, other_employee,
                                                                login, notice_board):
    headers = login(admin)
    scheduled = [schedule(client, headers, notice_board, timedelta(minutes=m)) for m in (1, 2, 3)]
    later = utcnow() + timedelta(minutes=5)
    barrier = threading.Barrier(4)
    announced = []

    def announcer():
        with app.app_context():
            barrier.wait()
            announced.append(notices.announce_due(later))
            db.session.remove()

    threads = [threading.Thread(target=announcer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(announced) == 3
    for notice in scheduled:
        assert notice_notifications(notice["post_id"]) == sorted([employee.id, other_employee.id])
    assert db.session.scalar(select(func.count()).select_from(Notice).where(Notice.announced_at.is_(None))) == 0


def test_the_announce_due_command(client, runner, admin, employee, login, notice_board):
    notice = schedule(client, login(admin), notice_board, timedelta(seconds=-1))
    db.session.execute(Notice.__table__.update().values(announced_at=None))
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["notices", "announce-due"])
    assert result.exit_code == 0, result.output
    assert "announced 1" in result.output
    assert notice_notifications(notice["post_id"]) == [employee.id]
    assert "announced 0" in runner.invoke(args=["notices", "announce-due"]).output
