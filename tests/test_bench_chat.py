"""bench/chat_fanout.py runs once at a tiny size and reports (a benchmark, never a speed assertion).

It starts the API and the chat tier as production lays them out, opens a ramp of sockets in
rooms, posts at a steady rate and then closed-loop, and prints the README's ramp table. At this
size every socket connects and every message is stored once and delivered once to each member.
"""
import pytest

from tests.benches import run_bench
from tests.conftest import REDIS_URL, SERVER_URL


@pytest.mark.bench
def test_the_chat_ramp_bench_runs_and_reports(tmp_path):
    result, report = run_bench(
        "bench/chat_fanout.py", "--layouts", "gevent", "--ramp", "10,20", "--room-size", "5", "--messages", "10",
        "--rate", "20", "--senders", "2", "--seconds", "1", "--redis-url", REDIS_URL, "--database-server", SERVER_URL,
        report=tmp_path / "chat.json", timeout=180)
    [gevent] = report["results"]
    assert [step["sockets"] for step in gevent["steps"]] == [10, 20]
    for step in gevent["steps"]:  # how many connect in time is a speed: on a busy machine, fewer
        assert 0 < step["connected"] <= step["sockets"], step
        assert step["messages"] + step["failed"] == 10 and step["lost"] == 0 and step["duplicates"] == 0, step
        assert step["chat_cpu"] >= 0 and step["chat_threads"] > 0, step
    closed = gevent["closed_loop"]
    assert closed["messages"] > 0, closed
    assert closed["stored_once"] == closed["messages"] and closed["stored_twice"] == 0, closed
    assert closed["lost"] == 0 and closed["duplicates"] == 0, closed
    assert "| gevent | 20 | 20 |" in result.stdout and "closed loop, 2 senders" in result.stdout
