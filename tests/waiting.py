"""Waiting in tests for something to happen: an event, or a poll with a deadline; never a bare sleep."""
from __future__ import annotations

import queue
import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], what: str, timeout: float = 20, interval: float = 0.1) -> None:
    """Poll `condition()` until it is true, for something with no event to wait on. Fails naming
    `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"not within {timeout}s: {what}"
        time.sleep(interval)


def next_event(events: queue.Queue, event: str, timeout: float, match: dict) -> dict | None:
    """The next `(event, payload)` from a socket client's queue whose payload has the `match`
    values, skipping other events; None if none comes within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            name, data = events.get(timeout=left)
        except queue.Empty:
            return None
        if name == event and all(data.get(k) == v for k, v in match.items()):
            return data
    return None
